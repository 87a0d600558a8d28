"""Reads of the workbook app, always through `visible_to`."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from organisation.models import Community, Street

from .models import ImportJob


def import_job_list(*, user):
    """Import jobs the user may see (their district's or their street's)."""
    return ImportJob.objects.visible_to(user).select_related("created_by")


def import_job_get(*, user, pk: int) -> ImportJob:
    """One import job, or 404 when it lies outside the user's unit."""
    return get_object_or_404(import_job_list(user=user), pk=pk)


def export_scope_choices(*, user) -> list[tuple[str, str]]:
    """The scopes a user may export: their own unit first, then the units inside it."""
    from organisation.scoping import scope_for

    scope = scope_for(user)
    choices: list[tuple[str, str]] = []
    if scope.everything:
        choices.append(("all", _("全部")))
    if scope.role == "district_admin" and scope.district_id:
        from organisation.models import District

        district = District.objects.filter(pk=scope.district_id).first()
        if district:
            choices.append((f"district:{district.name}", _("全区：%(name)s") % {"name": district.name}))
    if scope.is_community:
        choices += [
            (f"community:{c.code}", _("社区：%(name)s") % {"name": c.name})
            for c in Community.objects.visible_to(user)
        ]
        return choices
    choices += [
        (f"street:{s.code}", _("街道：%(name)s") % {"name": s.name}) for s in Street.objects.visible_to(user)
    ]
    choices += [
        (f"community:{c.code}", _("社区：%(name)s") % {"name": c.name})
        for c in Community.objects.visible_to(user).select_related("street")
    ]
    return choices
