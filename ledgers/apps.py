from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgersConfig(AppConfig):
    name = "ledgers"
    verbose_name = _("台账与报表")
    # Menu entries (organisation.navigation.NavItem), added as the app's pages land.
    nav_items = ()
