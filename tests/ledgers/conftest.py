import io

import pytest
from openpyxl import Workbook

from ledgers import services
from tests.ledgers.factories import LedgerBookFactory, LedgerTypeFactory

VALID_ID = "11010519491231002X"


@pytest.fixture
def low_income_type(world):
    """低保台账 with typed fields."""
    ledger_type = LedgerTypeFactory(code="L01", name="低保台账", department=world.department, fields=[])
    return services.ledger_type_save(
        by=world.users["district_admin"],
        ledger_type_id=ledger_type.pk,
        code="L01",
        name="低保台账",
        department=world.department,
        retention="long",
        archive_class="YW",
        definitions=[
            {"name": "户主姓名", "field_type": "text", "required": True},
            {"name": "公民身份号码", "field_type": "id_number", "required": True},
            {"name": "家庭人口", "field_type": "integer"},
            {"name": "低保金额", "field_type": "decimal"},
            {"name": "保障类别", "field_type": "choice", "choices": ["A类", "B类"]},
            {"name": "联系电话", "field_type": "phone"},
            {"name": "认定日期", "field_type": "date"},
        ],
    )


@pytest.fixture
def monthly_form(world):
    """低保情况月报: a monthly report form with typed fields (not yet registered)."""
    form = services.report_form_save(
        by=world.users["district_admin"],
        code="R01",
        name="低保情况月报",
        department=world.department,
        frequency="monthly",
        definitions=[
            {"name": "总户数", "field_type": "integer", "required": True},
            {"name": "常住人口", "field_type": "integer"},
            {"name": "低保金", "field_type": "decimal"},
            {"name": "户主姓名", "field_type": "text"},
            {"name": "新增户数", "field_type": "integer", "required": True},
        ],
    )
    return form


@pytest.fixture
def book(world, low_income_type):
    return LedgerBookFactory(community=world.community, ledger_type=low_income_type, year=2025)


def xlsx(rows, *, merge=None, formula=None) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    if formula:
        sheet[formula] = "=1+1"
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


HEADER = ["登记日期", "户主姓名", "公民身份号码", "家庭人口", "低保金额", "保障类别", "联系电话", "认定日期"]
GOOD_ROW = ["2025-03-02", "张三", VALID_ID, 3, 620.5, "A类", "13800138000", "2025-01-05"]
