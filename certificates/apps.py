from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("证明盖章")

    @property
    def nav_items(self):
        from organisation.navigation import COMMUNITY, EVERYONE, SUPERVISORS, NavItem

        group = _("证明盖章")
        return (
            NavItem(_("窗口办理"), "certificates:counter", COMMUNITY, group=group, order=40),
            NavItem(
                _("证明出具记录"), "certificates:record_list", COMMUNITY + SUPERVISORS, group=group, order=40
            ),
            NavItem(_("用印登记"), "certificates:seal_list", COMMUNITY + SUPERVISORS, group=group, order=40),
            NavItem(_("证明事项清单"), "certificates:kind_list", EVERYONE, group=group, order=40),
        )
