from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchivesConfig(AppConfig):
    """档案管理: records past their retention period and the 档案销毁 register."""

    name = "archives"
    verbose_name = _("档案管理")
