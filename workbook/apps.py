from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbookConfig(AppConfig):
    name = "workbook"
    verbose_name = _("批量导入导出")
    # Menu entries (organisation.navigation.NavItem), added as the app's pages land.
    nav_items = ()
