from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("证明盖章")
    # Menu entries (organisation.navigation.NavItem), added as the app's pages land.
    nav_items = ()
