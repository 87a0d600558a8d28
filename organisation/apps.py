from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = _("组织机构")

    @property
    def nav_items(self):
        from .navigation import SUPERVISORS, NavItem

        return (
            NavItem(_("社区"), "organisation:community_list", SUPERVISORS, group=_("组织机构"), order=90),
            NavItem(_("部门"), "organisation:department_list", group=_("组织机构"), order=90),
        )
