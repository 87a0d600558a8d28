"""Who may write the inspection registers: one definition for the pages and the API."""

from organisation.navigation import COMMUNITY, DISTRICT, SUPERVISORS

# 登记记录: the community itself, and the street and district that oversee it.
RECORD_WRITERS = COMMUNITY + SUPERVISORS
# 目录 (检查事项、平台): kept by the district.
CATALOG_WRITERS = DISTRICT
