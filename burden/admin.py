from django.contrib import admin

from .models import BurdenSnapshot, SnapshotJob


@admin.register(BurdenSnapshot)
class BurdenSnapshotAdmin(admin.ModelAdmin):
    list_display = ("scope", "year", "computed_at")
    list_filter = ("year",)
    search_fields = ("scope",)


@admin.register(SnapshotJob)
class SnapshotJobAdmin(admin.ModelAdmin):
    list_display = ("id", "year", "status", "processed", "total", "created_at", "finished_at")
    list_filter = ("status", "year")
