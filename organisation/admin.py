from django.contrib import admin

from .models import Community, Department, District, Grid, Membership, Street


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Street)
class StreetAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "district"]
    search_fields = ["code", "name"]
    list_select_related = ["district"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "street", "households", "staff", "social_workers", "annual_funds"]
    list_filter = ["street"]
    search_fields = ["code", "name"]
    list_select_related = ["street"]


@admin.register(Grid)
class GridAdmin(admin.ModelAdmin):
    list_display = ["name", "community", "buildings"]
    list_select_related = ["community"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "kind"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "district", "street", "community", "department"]
    list_filter = ["role"]
    list_select_related = ["user", "district", "street", "community", "department"]
    autocomplete_fields = ["street", "community", "department"]
