"""Reads of the organisation, always through `visible_to`."""

from django.db.models import QuerySet

from .models import Community, Department, Membership, Street


def community_list(*, user, related: tuple[str, ...] = ("street", "street__district")) -> QuerySet[Community]:
    return Community.objects.visible_to(user).select_related(*related)


def street_list(*, user) -> QuerySet[Street]:
    return Street.objects.visible_to(user).select_related("district")


def department_list() -> QuerySet[Department]:
    """Departments are public names: anyone may see who pushes work down."""
    return Department.objects.all()


def membership_for(*, user) -> Membership | None:
    return (
        Membership.objects.select_related("district", "street", "community", "department")
        .filter(user=user)
        .first()
    )
