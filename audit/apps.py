from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("审计")

    def ready(self):
        from . import checks  # noqa: F401  (AUDIT_RETENTION_DAYS ≥ 180)

    @property
    def nav_items(self):
        from organisation.navigation import DISTRICT, NavItem

        return (NavItem(_("审计日志"), "audit:index", DISTRICT, group=_("组织机构"), order=95),)
