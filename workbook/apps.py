from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbookConfig(AppConfig):
    name = "workbook"
    verbose_name = _("批量导入导出")

    @property
    def nav_items(self):
        from organisation.navigation import COMMUNITY, SUPERVISORS, NavItem

        return (
            NavItem(_("批量导入"), "workbook:import", SUPERVISORS, group=_("工作簿"), order=95),
            NavItem(_("导出工作簿"), "workbook:export", SUPERVISORS + COMMUNITY, group=_("工作簿"), order=95),
        )
