"""个人信息最小化 in exports: personal fields stay out of an Excel export unless the user asks
for them (`personal=1`, the "导出 Excel（包含个人信息）" button) and may have them (the staff of a
community, whose rows they are); asking is written to the audit trail. Even then ID and phone
numbers stay masked: a full number is only ever revealed one at a time, with a reason.

Used by the ledger and certificate registers; general enough to live beside RegisterListView.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from django.utils.functional import cached_property

from audit.services import audit_record
from organisation.scoping import scope_for

PERSONAL_PARAM = "personal"
_LONG_NUMBER = re.compile(r"\d{6,}")
_NOT_FILTERS = {"export", PERSONAL_PARAM, "page"}


def personal_export_allowed(user) -> bool:
    """Who may take personal fields out of the portal: a community's own staff and head."""
    return scope_for(user).is_community


def _filters_for_audit(params: Mapping[str, str]) -> dict[str, str]:
    """The export's filters, with any long number masked (a search may hold an ID number)."""
    return {
        key: _LONG_NUMBER.sub(lambda m: "*" * len(m.group()), str(value))[:200]
        for key, value in params.items()
        if key not in _NOT_FILTERS and value not in (None, "")
    }


def personal_export_requested(*, user, params: Mapping[str, str], register: str) -> bool:
    """True when this export may include personal fields: asked for and allowed; audited then.

    Asked but not allowed → False (the minimised export), nothing recorded."""
    if params.get(PERSONAL_PARAM) != "1" or not personal_export_allowed(user):
        return False
    audit_record(
        actor=user,
        action="personal_data.export",
        after={"register": register, "filters": _filters_for_audit(params)},
    )
    return True


class PersonalExportMixin:
    """For a RegisterListView: `personal_columns` (a subset of `all_columns`) are on the page,
    but in the Excel export only on request by someone allowed (see the module docstring)."""

    all_columns: Iterable = ()
    personal_columns: Iterable = ()

    @property
    def columns(self):
        if self.request.GET.get("export") != "xlsx" or self.personal_export:
            return tuple(self.all_columns)
        return tuple(self.minimised_columns())

    def minimised_columns(self):
        """The export's columns without personal data (override when a cell mixes both)."""
        return [c for c in self.all_columns if all(c is not p for p in self.personal_columns)]

    @cached_property
    def personal_export(self) -> bool:
        if self.request.GET.get("export") != "xlsx":
            return False
        return personal_export_requested(
            user=self.request.user, params=self.request.GET, register=self.export_name
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["personal_export_allowed"] = personal_export_allowed(self.request.user)
        return context
