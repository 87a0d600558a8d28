"""The one visibility mechanism. Every selector starts from `Model.objects.visible_to(user)`.

A model's queryset says how its rows relate to the organisation, in one of two ways:
- the model names the path to its community (`scope_community = "community"`) and, where a
  department caused the record, the path to that department (`scope_department = ...`);
- or the queryset overrides `visibility_q(scope)` for a rule of its own.
A model that names neither is a published catalog: every member may read it.

Rules: a community sees only itself; a street its communities; the district everything in the
district; a department officer only what its department caused. A user without a membership
sees nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


@dataclass(frozen=True)
class Scope:
    """What one user may see, resolved once per request from the membership."""

    role: str = ""
    district_id: int | None = None
    street_id: int | None = None
    community_id: int | None = None
    department_id: int | None = None
    everything: bool = False
    unit_name: str = field(default="", compare=False)  # for the page header: 所属单位

    @property
    def role_label(self) -> str:
        from .models import Membership

        return Membership.Role(self.role).label if self.role else ""

    @property
    def nothing(self) -> bool:
        return not (self.everything or self.role)

    @property
    def is_community(self) -> bool:
        return self.role in ("community_staff", "community_head")

    @property
    def is_community_head(self) -> bool:
        return self.role == "community_head"

    @property
    def is_street(self) -> bool:
        return self.role == "street_supervisor"

    @property
    def is_district(self) -> bool:
        return self.role == "district_admin" or self.everything

    @property
    def is_department(self) -> bool:
        return self.role == "department_officer"


def scope_for(user: AbstractBaseUser | AnonymousUser | None) -> Scope:
    """The user's scope, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated:
        return Scope()
    cached = getattr(user, "_communityops_scope", None)
    if cached is not None:
        return cached
    from .models import Membership

    if user._meta.model.membership.is_cached(user):
        # Loaded with the session's user by accounts.backends.MembershipModelBackend.
        membership = getattr(user, "membership", None)
    else:
        membership = (
            Membership.objects.select_related("district", "street", "community", "department")
            .filter(user=user)
            .first()
        )
    if membership is not None:
        scope = Scope(
            role=membership.role,
            district_id=membership.district_id,
            street_id=membership.street_id,
            community_id=membership.community_id,
            department_id=membership.department_id,
            unit_name=str(membership.unit or ""),
        )
    elif user.is_superuser:
        scope = Scope(role="district_admin", everything=True)
    else:
        scope = Scope()
    user._communityops_scope = scope  # type: ignore[union-attr]
    return scope


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to restrict itself to what a user may see."""

    def visible_to(self, user: Any) -> ScopedQuerySet:
        scope = user if isinstance(user, Scope) else scope_for(user)
        if scope.nothing:
            return self.none()
        if scope.everything:
            return self.all()
        return self.filter(self.visibility_q(scope))

    def visibility_q(self, scope: Scope) -> Q:
        community_path = getattr(self.model, "scope_community", None)
        department_path = getattr(self.model, "scope_department", None)
        if community_path is None and department_path is None:
            return Q()  # a published catalog
        if scope.is_department:
            if department_path is None:
                return Q(pk__in=[])
            return Q(**{department_path: scope.department_id})
        if community_path is None:
            # Department-owned catalog rows (e.g. a department's own forms) are public to members.
            return Q()
        if scope.community_id:
            return Q(**{community_path: scope.community_id})
        if scope.street_id:
            return Q(**{f"{community_path}__street": scope.street_id})
        if scope.district_id:
            return Q(**{f"{community_path}__street__district": scope.district_id})
        return Q(pk__in=[])
