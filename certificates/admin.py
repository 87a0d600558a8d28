from django.contrib import admin

from .models import CertificateKind, CertificateRecord, SealUse


@admin.register(CertificateKind)
class CertificateKindAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "cert_class", "frequency", "requested_by", "responsible_authority"]
    list_filter = ["cert_class", "frequency", "pledge_allowed"]
    search_fields = ["code", "name", "requested_by"]


@admin.register(CertificateRecord)
class CertificateRecordAdmin(admin.ModelAdmin):
    """Read-only: counter decisions go through the services (audit, serials, seal register)."""

    list_display = ["serial", "date", "community", "kind", "outcome", "count", "applicant_id_masked"]
    list_filter = ["outcome", "kind__cert_class"]
    exclude = ["applicant_id_number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SealUse)
class SealUseAdmin(admin.ModelAdmin):
    list_display = ["used_at", "community", "document", "title", "serial", "used_by"]
    list_filter = ["document"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
