"""Reads of ledgers, report forms and the field dictionary, always through `visible_to`."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from organisation.models import Community

from .dictionary import active_sources, build_index, normalise
from .models import (
    CanonicalField,
    FieldMapping,
    FieldType,
    LedgerBook,
    LedgerEntry,
    LedgerType,
    ReportForm,
    ReportFrequency,
    ReportSubmission,
    SourceKind,
)
from .periods import period_range


def fields_overlap(*, field_names: Iterable[str]) -> list[dict]:
    """The given field names that an active ledger type, report form or platform already demands.

    Used by the 准入 findings: a request bringing a form or ledger whose fields duplicate
    existing ones is flagged with this overlap. Names resolve through the same normalisation,
    synonyms and confirmed mappings as the duplicate analysis; a name that maps onto no
    canonical field still overlaps an identical (normalised) field name elsewhere. Pure read,
    five queries whatever the input.
    """
    names = [n for n in field_names if str(n or "").strip()]
    if not names:
        return []
    index = build_index()
    demanded: dict[str, list[str]] = {}
    for source in active_sources():
        label = source.label
        for name in source.fields:
            labels = demanded.setdefault(index.key(source.kind, source.id, name), [])
            if label not in labels:
                labels.append(label)
    result = []
    for name in names:
        canonical = index.canonical_for_name(name)
        key = canonical.name if canonical else normalise(name)
        if demanded.get(key):
            result.append({"field": name, "canonical": key, "demanded_by": list(demanded[key])})
    return result


# --- lists -----------------------------------------------------------------------------------
def ledger_type_list(*, user) -> QuerySet[LedgerType]:
    return (
        LedgerType.objects.visible_to(user)
        .select_related("department")
        .prefetch_related("definitions")
        .annotate(book_total=Count("books"))
        .order_by("code")
    )


def ledger_book_list(*, user) -> QuerySet[LedgerBook]:
    return (
        LedgerBook.objects.visible_to(user)
        .select_related("community", "ledger_type", "ledger_type__department")
        .annotate(entry_total=Count("entries"))
        .order_by("-year", "ledger_type__code", "community__code", "id")
    )


def ledger_entry_list(*, user) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.visible_to(user).select_related(
        "community", "book", "book__ledger_type", "book__ledger_type__department"
    )


def report_form_list(*, user) -> QuerySet[ReportForm]:
    return (
        ReportForm.objects.visible_to(user)
        .select_related("department")
        .prefetch_related("definitions", "registrations")
    )


def report_submission_list(*, user) -> QuerySet[ReportSubmission]:
    return ReportSubmission.objects.visible_to(user).select_related(
        "community", "community__street", "report_form", "report_form__department"
    )


def canonical_field_list(*, user) -> QuerySet[CanonicalField]:
    return CanonicalField.objects.visible_to(user).annotate(mapping_total=Count("mappings")).order_by("name")


def field_mapping_list(*, user) -> QuerySet[FieldMapping]:
    return FieldMapping.objects.visible_to(user).select_related("canonical")


def form_registered(*, report_form: ReportForm, year: int) -> bool:
    return any(r.year == year for r in report_form.registrations.all())


# --- pre-fill (一表通: the person only types what is new) ---------------------------------------
_NUMERIC = (FieldType.INTEGER, FieldType.DECIMAL)


def submission_prefill(*, submission: ReportSubmission) -> dict[str, Any]:
    """Values for a submission's fields known from the community profile or from the
    community's ledger entries in the period (numbers summed, other values the latest).

    A fixed number of queries: the dictionary, the mappings, the form's definitions and the
    period's entries.
    """
    form = submission.report_form
    index = build_index()
    community = submission.community
    try:
        start, end = period_range(submission.period)
    except ValueError:
        start = end = None
    wanted: dict[str, CanonicalField] = {}
    result: dict[str, Any] = {}
    for name in form.fields or []:
        canonical = index.resolve(SourceKind.REPORT, form.pk, name)
        if canonical is None:
            continue
        if canonical.field_type in (FieldType.ID_NUMBER, FieldType.PHONE):
            continue  # personal numbers are never carried from one record into another
        if canonical.profile_source:
            value = getattr(community, canonical.profile_source, None)
            if value is not None:
                result[name] = str(value) if isinstance(value, Decimal) else value
        else:
            wanted[name] = canonical
    if not wanted or start is None:
        return result
    entries = (
        LedgerEntry.objects.filter(community=community, book__year__gte=start.year, book__year__lte=end.year)
        .filter(Q(entry_date__range=(start, end)) | Q(entry_date__isnull=True))
        .select_related("book")
        .order_by("entry_date", "id")
    )
    sums: dict[str, Decimal] = {}
    latest: dict[str, Any] = {}
    for entry in entries:
        for field_name, value in (entry.values or {}).items():
            if value in (None, ""):
                continue
            canonical = index.resolve(SourceKind.LEDGER, entry.book.ledger_type_id, field_name)
            if canonical is None:
                continue
            for name, target in wanted.items():
                if target.pk != canonical.pk:
                    continue
                if target.field_type in _NUMERIC:
                    try:
                        sums[name] = sums.get(name, Decimal(0)) + Decimal(str(value))
                    except ArithmeticError:
                        continue
                else:
                    latest[name] = value
    for name, total in sums.items():
        result[name] = int(total) if wanted[name].field_type == FieldType.INTEGER else str(total)
    result.update(latest)
    return result


# --- the duplicate analysis ------------------------------------------------------------------
# How often a community fills one demand in a year (ledgers are kept up monthly; platforms are
# updated as residents change, counted quarterly; ad-hoc forms twice).
TIMES_PER_YEAR = {
    SourceKind.LEDGER: 12,
    SourceKind.PLATFORM: 4,
    ReportFrequency.MONTHLY: 12,
    ReportFrequency.QUARTERLY: 4,
    ReportFrequency.YEARLY: 1,
    ReportFrequency.ADHOC: 2,
    "": 1,
}


def _times(source) -> int:
    if source.kind == SourceKind.REPORT:
        return TIMES_PER_YEAR.get(source.frequency, 1)
    return TIMES_PER_YEAR[source.kind]


def duplicate_analysis(*, kinds: Iterable[str] = tuple(SourceKind.values), min_demands: int = 1) -> dict:
    """一表通 duplicate analysis: which fields are demanded by how many ledgers, forms and
    platforms; the hours spent typing them again; one consolidated form; the headline
    measures "forms that could be cut" and "indicators that could be cut".

    Re-entry hours per community per year = Σ over every demand of a field after its first
    (times a year that demand is filled × minutes per entry of the field) / 60.
    """
    index = build_index()
    sources = active_sources(kinds=kinds)
    communities = Community.objects.count()
    rows: dict[str, dict] = {}
    kinds_by_key: dict[str, set[str]] = {}  # which kinds of source demand each field
    for source in sources:
        label = source.label
        for name in source.fields:
            canonical = index.resolve(source.kind, source.id, name)
            key = canonical.name if canonical else normalise(name)
            row = rows.setdefault(
                key,
                {
                    "canonical": key,
                    "mapped": canonical is not None,
                    "field_type": canonical.field_type if canonical else FieldType.TEXT,
                    "profile_source": canonical.profile_source if canonical else "",
                    "minutes": Decimal(canonical.minutes_per_entry) if canonical else Decimal(1),
                    "names": [],
                    "demanded_by": [],
                    "ledgers": 0,
                    "reports": 0,
                    "platforms": 0,
                    "_times": [],
                },
            )
            if label in row["demanded_by"]:
                continue
            if name not in row["names"]:
                row["names"].append(name)
            row["demanded_by"].append(label)
            kinds_by_key.setdefault(key, set()).add(source.kind)
            row[{"ledger": "ledgers", "report": "reports", "platform": "platforms"}[source.kind]] += 1
            row["_times"].append(_times(source))
    fields = []
    for row in rows.values():
        times = sorted(row.pop("_times"), reverse=True)
        row["demands"] = len(row["demanded_by"])
        row["reentry_hours"] = round(float(sum(times[1:]) * row["minutes"] / 60), 2)
        row["minutes"] = float(row["minutes"])
        if row["demands"] >= min_demands:
            fields.append(row)
    fields.sort(key=lambda r: (-r["demands"], -r["reentry_hours"], r["canonical"]))

    reports = [s for s in sources if s.kind == SourceKind.REPORT]
    consolidated: dict[str, dict] = {}
    report_keys: dict[str, list[str]] = {}
    for source in reports:
        keys = [index.key(source.kind, source.id, n) for n in source.fields]
        report_keys[source.label] = keys
        for key, name in zip(keys, source.fields, strict=True):
            item = consolidated.setdefault(
                key,
                {"canonical": key, "from": [], "names": set(), "prefill": bool(rows[key]["profile_source"])},
            )
            if source.label not in item["from"]:
                item["from"].append(source.label)
            item["names"].add(name)
    # A form can go when every one of its fields is still collected by another remaining
    # form, ledger or platform, or is in the community profile. Greedy, smallest forms first,
    # so two identical forms never both count as cut.
    remaining = {key: row["demands"] for key, row in rows.items()}
    cuttable = []
    for source in sorted(reports, key=lambda s: (len(s.fields), s.code)):
        keys = set(report_keys[source.label])
        if keys and all(remaining[k] > 1 or rows[k]["profile_source"] for k in keys):
            cuttable.append(source.label)
            for k in keys:
                remaining[k] -= 1
    for item in consolidated.values():
        item["names"] = sorted(item["names"])
        # Filled in for the community when a ledger or platform already collects it.
        item["prefill"] = item["prefill"] or any(
            kind != SourceKind.REPORT for kind in kinds_by_key[item["canonical"]]
        )
    indicators_before = sum(len(s.fields) for s in reports)
    indicators_after = len(consolidated)
    reentry = round(sum(r["reentry_hours"] for r in fields), 2)
    return {
        "fields": fields,
        "sources": {
            "ledgers": sum(s.kind == SourceKind.LEDGER for s in sources),
            "reports": len(reports),
            "platforms": sum(s.kind == SourceKind.PLATFORM for s in sources),
        },
        "duplicated_fields": sum(1 for r in fields if r["demands"] > 1),
        "reentry_hours_per_community": reentry,
        "communities": communities,
        "reentry_hours_total": round(reentry * communities, 2),
        "merge_proposal": {
            "name": _("社区基础数据一表通（合并报表）"),
            "fields": sorted(consolidated.values(), key=lambda i: (-len(i["from"]), i["canonical"])),
        },
        "headline": {
            "forms_before": len(reports),
            "forms_could_cut": len(cuttable),
            "forms_after": len(reports) - len(cuttable),
            "cuttable_forms": cuttable,
            "indicators_before": indicators_before,
            "indicators_after": indicators_after,
            "indicators_could_cut": indicators_before - indicators_after,
        },
    }


def ledger_entries_with_personal_value(*, user, kind: str, value: str) -> QuerySet[LedgerEntry]:
    """Ledger entries holding this ID number / phone number in any field of that type, matched
    on the keyed hash (the stored numbers are encrypted; `kind` is "id_number" or "phone")."""
    from django.db.models.fields.json import KeyTextTransform
    from django.db.models.lookups import Exact

    from audit import personal_data

    from .models import FieldDefinition

    value = (value or "").strip().upper()
    digest = personal_data.blind_index(value, kind=kind)
    names = set(
        FieldDefinition.objects.filter(ledger_type__isnull=False, field_type=kind).values_list(
            "name", flat=True
        )
    )
    if not digest or not names:
        return LedgerEntry.objects.none()
    match = Q()
    for name in sorted(names):
        match |= Q(Exact(KeyTextTransform(name, "value_hashes"), digest))
    return LedgerEntry.objects.visible_to(user).filter(match)
