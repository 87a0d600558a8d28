from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BurdenConfig(AppConfig):
    name = "burden"
    verbose_name = _("负担统计")

    @property
    def nav_items(self):
        from organisation.navigation import COMMUNITY, DEPARTMENT, SUPERVISORS, NavItem

        return (
            NavItem(_("负担看板"), "burden:dashboard", SUPERVISORS + COMMUNITY + DEPARTMENT, order=10),
            NavItem(_("负担统计报告"), "burden:report", SUPERVISORS + COMMUNITY, order=11),
        )
