from django.contrib import admin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("original_name", "status", "created_by", "created_at", "error_total")
    list_filter = ("status",)
    readonly_fields = ("counts", "warnings", "errors")
