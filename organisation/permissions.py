"""Permissions built on the scoping mechanism: DRF permission classes, and the role check
services make before they write."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from .scoping import scope_for


class HasMembership(BasePermission):
    """Authenticated and tied to an organisation unit (or a superuser)."""

    message = _("账号未关联任何组织机构，请联系区减负办。")

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and not scope_for(request.user).nothing)


class RolePermission(HasMembership):
    """Restricts an endpoint (or, with `action_roles`, one action) to some roles."""

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        scope = scope_for(request.user)
        roles = getattr(view, "action_roles", {}).get(getattr(view, "action", None))
        if roles is None:
            roles = getattr(view, "allowed_roles", None)
        if roles is None or scope.everything or scope.role in roles:
            return True
        # The account has its unit; this role may not do this (DRF answers with this message).
        self.message = _("“%(role)s”角色不能进行此操作。") % {"role": scope.role_label}
        return False


def require_role(user, roles: tuple[str, ...], message: str) -> None:
    """Refuse a service call unless `user` holds one of `roles` (or sees everything): a
    ValidationError on non_field_errors carrying `message`, so pages and the API show it as is."""
    scope = scope_for(user)
    if not (scope.everything or scope.role in roles):
        raise ValidationError({"non_field_errors": [message]})
