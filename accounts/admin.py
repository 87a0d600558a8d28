from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from organisation.models import Membership

from .models import User


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False
    autocomplete_fields = ["street", "community", "department"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
