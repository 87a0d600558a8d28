from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BurdenConfig(AppConfig):
    name = "burden"
    verbose_name = _("负担统计")
    # Menu entries (organisation.navigation.NavItem), added as the app's pages land.
    nav_items = ()
