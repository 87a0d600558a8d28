"""Reads of the workbook app, always through `visible_to`."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from organisation.models import Community, District, Street

from .models import ImportJob


def import_job_list(*, user):
    """Import jobs the user may see (their district's or their street's)."""
    return ImportJob.objects.visible_to(user).select_related("created_by")


def import_job_get(*, user, pk: int) -> ImportJob:
    """One import job, or 404 when it lies outside the user's unit."""
    return get_object_or_404(import_job_list(user=user), pk=pk)


def export_units(*, user) -> dict:
    """The units a user may export (导出范围), by kind: what the user's OWN unit contains
    (community ⊂ street ⊂ district ⊂ all). Not visibility: a community member sees their street's
    name, but the street's records are not theirs to export. The one rule behind the export
    form's choices and the check every export (page and API) passes."""
    from organisation.scoping import scope_for

    scope = scope_for(user)
    units = {
        "all": False,
        "district": District.objects.none(),
        "street": Street.objects.none(),
        "community": Community.objects.none(),
    }
    if scope.everything:
        units.update(
            all=True,
            district=District.objects.all(),
            street=Street.objects.all(),
            community=Community.objects.all(),
        )
    elif scope.role == "district_admin" and scope.district_id:
        units.update(
            district=District.objects.filter(pk=scope.district_id),
            street=Street.objects.filter(district=scope.district_id),
            community=Community.objects.filter(street__district=scope.district_id),
        )
    elif scope.is_street and scope.street_id:
        units.update(
            street=Street.objects.filter(pk=scope.street_id),
            community=Community.objects.filter(street=scope.street_id),
        )
    elif scope.is_community and scope.community_id:
        units.update(community=Community.objects.filter(pk=scope.community_id))
    return units


def export_scope_allowed(*, user, scope_text: str) -> bool:
    """Whether `scope_text` (all | district:<区名> | street:<街道编码> | community:<社区编码>) is
    one of the user's export choices (`export_units`), checked with one query."""
    kind, _sep, value = (scope_text or "").partition(":")
    units = export_units(user=user)
    if kind == "all":
        return units["all"] and not value
    field = {"district": "name", "street": "code", "community": "code"}.get(kind)
    return field is not None and units[kind].filter(**{field: value}).exists()


def export_scope_choices(*, user) -> list[tuple[str, str]]:
    """The scopes a user may export: their own unit first, then the units inside it."""
    units = export_units(user=user)
    choices: list[tuple[str, str]] = []
    if units["all"]:
        choices.append(("all", _("全部")))
    choices += [
        (f"district:{d.name}", _("全区：%(name)s") % {"name": d.name})
        for d in units["district"].order_by("name")
    ]
    choices += [
        (f"street:{s.code}", _("街道：%(name)s") % {"name": s.name}) for s in units["street"].order_by("code")
    ]
    choices += [
        (f"community:{c.code}", _("社区：%(name)s") % {"name": c.name})
        for c in units["community"].order_by("code")
    ]
    return choices
