from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from organisation.models import Membership

from .models import User


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False
    autocomplete_fields = ["street", "community", "department"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """An account created here starts with an initial password its owner must change."""

    inlines = [MembershipInline]
    fieldsets = (*BaseUserAdmin.fieldsets, (_("密码策略"), {"fields": ("password_change_required",)}))
    list_display = (*BaseUserAdmin.list_display, "password_change_required")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.password_change_required = True
        super().save_model(request, obj, form, change)
