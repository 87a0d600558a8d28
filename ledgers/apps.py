from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgersConfig(AppConfig):
    name = "ledgers"
    verbose_name = _("台账与报表")

    @property
    def nav_items(self):
        from organisation.navigation import SUPERVISORS, NavItem

        group = _("台账与报表")
        return (
            NavItem(_("台账目录"), "ledgers:ledger_type_list", group=group, order=40),
            NavItem(_("台账"), "ledgers:book_list", group=group, order=40),
            NavItem(_("电子台账记录"), "ledgers:entry_list", group=group, order=40),
            NavItem(_("报表目录"), "ledgers:report_form_list", group=group, order=40),
            NavItem(_("报表报送"), "ledgers:submission_list", group=group, order=40),
            NavItem(_("字段字典"), "ledgers:canonical_list", group=group, order=40),
            NavItem(_("字段对照"), "ledgers:mapping_list", SUPERVISORS, group=group, order=40),
            NavItem(_("重复字段分析"), "ledgers:analysis", group=group, order=40),
        )
