from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("检查考核与登记")
    # Menu entries (organisation.navigation.NavItem), added as the app's pages land.
    nav_items = ()
