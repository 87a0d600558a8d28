from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("下沉事项与准入")
    # Menu entries (organisation.navigation.NavItem), added as the app's pages land.
    nav_items = ()
