"""Reads: what is past its retention period, the 销毁清册 and the 档案销毁 register.

Every read starts from `visible_to(user)`; department officers see none of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from certificates.models import CertificateRecord
from ledgers.models import LedgerBook
from organisation.scoping import Scope, scope_for

from .models import DisposalBatch, DisposalRecord, RecordKind
from .retention import retention_years, years_before

#: Fields of a certificate record that hold the applicant's personal data (cleared on disposal):
#: every `applicant_*` field, plus the certificate's text, which names the applicant.
CERTIFICATE_CONTENT_FIELDS = ("content",)


def certificate_personal_fields() -> list[str]:
    """The concrete fields of CertificateRecord a disposal erases (name, ID, phone, address…)."""
    return [
        f.name
        for f in CertificateRecord._meta.concrete_fields
        if f.name.startswith("applicant_") or f.name in CERTIFICATE_CONTENT_FIELDS
    ]


def _has_personal_content() -> Q:
    q = Q()
    for name in certificate_personal_fields():
        field = CertificateRecord._meta.get_field(name)
        if field.get_internal_type() in ("CharField", "TextField"):
            q |= ~Q(**{name: ""})
    return q


def _not_in_open_batch(model) -> Exists:
    return ~Exists(
        DisposalRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk"), open=True
        )
    )


def _ledger_periods() -> dict[str, int]:
    years = retention_years()
    return {r: n for r, n in years.items() if r in ("permanent", "long", "short") and n is not None}


def ledger_past_retention(*, today: date) -> Q:
    """Books whose period (counted from the end of their year) ended before `today`."""
    periods = _ledger_periods()
    if not periods:
        return Q(pk__in=[])
    past = Q(pk__in=[])
    for retention, n in periods.items():
        past |= Q(ledger_type__retention=retention, year__lt=today.year - n)
    return past


def certificate_past_retention(*, today: date) -> Q:
    """Stubs kept their period from the day of issue and still holding personal data."""
    n = retention_years()["certificate"]
    if n is None:
        return Q(pk__in=[])
    return _has_personal_content() & Q(date__lt=years_before(today, n))


def due_ledger_books(user, *, today: date) -> QuerySet[LedgerBook]:
    """台账 past their retention period (counted from the end of the book's year), not in a batch."""
    periods = _ledger_periods()
    return (
        LedgerBook.objects.visible_to(_community_scope(user))
        .filter(ledger_past_retention(today=today))
        .filter(_not_in_open_batch(LedgerBook))
        .select_related("community", "ledger_type")
        .annotate(
            retention_years=Case(
                *[When(ledger_type__retention=r, then=Value(n)) for r, n in periods.items()],
                default=None,
                output_field=IntegerField(),
            )
        )
        .order_by("community__code", "year", "ledger_type__code", "id")
    )


def due_certificate_records(user, *, today: date) -> QuerySet[CertificateRecord]:
    """证明存根 kept past their period from the day of issue, still holding personal data.

    Workbook rows that only count certificates hold no applicant data: nothing to destroy.
    """
    n = retention_years()["certificate"]
    return (
        CertificateRecord.objects.visible_to(_community_scope(user))
        .filter(certificate_past_retention(today=today))
        .filter(_not_in_open_batch(CertificateRecord))
        .select_related("community", "kind")
        .annotate(retention_years=Value(n, output_field=IntegerField()))
        .order_by("community__code", "date", "id")
    )


def _community_scope(user):
    """Department officers see no archives (ledger books are otherwise theirs to read)."""
    scope = user if isinstance(user, Scope) else scope_for(user)
    return Scope() if scope.is_department else scope


DUE_SELECTORS = {RecordKind.LEDGER_BOOK: due_ledger_books, RecordKind.CERTIFICATE: due_certificate_records}


@dataclass(frozen=True)
class DueRecords:
    """到期待销毁: per kind, the records past retention and not yet disposed."""

    by_kind: dict[str, QuerySet]

    def counts(self) -> dict[str, int]:
        """One COUNT query per kind."""
        return {kind: qs.count() for kind, qs in self.by_kind.items()}


def records_due_for_disposal(user, *, today: date) -> DueRecords:
    """What `user` may see that is past its retention period and not yet in a disposal batch."""
    return DueRecords({str(kind): selector(user, today=today) for kind, selector in DUE_SELECTORS.items()})


def due_list(*, user, kind: str, today: date) -> QuerySet:
    """One kind's due records (the list page and the API pick the kind from the query)."""
    return DUE_SELECTORS[RecordKind(kind)](user, today=today)


def disposal_batch_list(*, user) -> QuerySet[DisposalBatch]:
    return DisposalBatch.objects.visible_to(user).select_related(
        "community", "proposed_by", "approved_by", "executed_by"
    )


def disposal_record_list(*, user) -> QuerySet[DisposalRecord]:
    """档案销毁登记."""
    return DisposalRecord.objects.visible_to(user).select_related(
        "community", "batch", "batch__proposed_by", "batch__approved_by"
    )


@dataclass(frozen=True)
class DueItem:
    """One due record described the same way whatever its kind (pages, API, the register)."""

    kind: str
    pk: int
    row_id: str
    community_id: int
    community: str
    reference: str
    title: str
    year: int
    retention: str
    retention_years: int | None
    due_from: date | None


def due_item(obj) -> DueItem:
    """Describe a LedgerBook or CertificateRecord (read from rows the due selectors fetched)."""
    from .retention import certificate_due_from, ledger_due_from

    years = getattr(obj, "retention_years", None)
    if isinstance(obj, LedgerBook):
        label = obj.ledger_type.get_retention_display()
        return DueItem(
            kind=RecordKind.LEDGER_BOOK,
            pk=obj.pk,
            row_id=obj.row_id,
            community_id=obj.community_id,
            community=obj.community.name,
            reference=obj.archive_number or "",
            title=f"{obj.community.name} {obj.ledger_type.name}（{obj.year}年，{obj.books}本）",
            year=obj.year,
            retention=f"{label}（{years}年）" if years is not None else str(label),
            retention_years=years,
            due_from=ledger_due_from(obj.year, years),
        )
    return DueItem(
        kind=RecordKind.CERTIFICATE,
        pk=obj.pk,
        row_id=obj.row_id,
        community_id=obj.community_id,
        community=obj.community.name,
        reference=obj.serial or "",
        title=f"{obj.kind.name}存根（{obj.date:%Y-%m-%d}，{obj.get_outcome_display()}）",
        year=obj.date.year,
        retention=f"定期（{years}年）" if years is not None else "永久",
        retention_years=years,
        due_from=certificate_due_from(obj.date, years),
    )
