from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchivesConfig(AppConfig):
    """档案管理: records past their retention period and the 档案销毁 register."""

    name = "archives"
    verbose_name = _("档案管理")

    def ready(self):
        from . import checks  # noqa: F401 - registers the settings check

    @property
    def nav_items(self):
        from organisation.navigation import COMMUNITY, SUPERVISORS, NavItem

        group = _("档案管理")
        roles = COMMUNITY + SUPERVISORS
        return (
            NavItem(_("到期待销毁"), "archives:due_list", roles, group=group, order=75),
            NavItem(_("销毁清册"), "archives:batch_list", roles, group=group, order=75),
            NavItem(_("档案销毁登记"), "archives:register", roles, group=group, order=75),
        )
