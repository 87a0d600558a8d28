"""Reads for certificates, always starting from `visible_to(user)`; the one public read is the
verification by code, which returns no personal data."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse

from .models import CertificateKind, CertificateRecord, Outcome, SealUse
from .services import VERIFICATION_ALPHABET, VERIFICATION_LENGTH, id_number_hash, id_number_normalize


def certificate_kind_list(*, user) -> QuerySet[CertificateKind]:
    """证明事项清单: a published catalog, readable by every member."""
    return CertificateKind.objects.visible_to(user)


def certificate_kind_search(*, user, query: str, limit: int = 12) -> tuple[list[CertificateKind], int]:
    """The counter's kind search: by code, name or requesting unit. The first `limit` kinds and
    how many match in all (the page says when it shows only the first ones)."""
    query = (query or "").replace("\x00", "").strip()  # PostgreSQL text holds no NUL
    kinds = certificate_kind_list(user=user)
    if query:
        kinds = kinds.filter(
            Q(code__icontains=query) | Q(name__icontains=query) | Q(requested_by__icontains=query)
        )
    found = list(kinds[: limit + 1])
    total = len(found) if len(found) <= limit else kinds.count()
    return found[:limit], total


def certificate_record_list(*, user) -> QuerySet[CertificateRecord]:
    """证明出具记录 visible to the user (department officers: none)."""
    return CertificateRecord.objects.visible_to(user).select_related(
        "community", "community__street", "kind", "issued_by"
    )


def certificate_record_get(*, user, pk) -> CertificateRecord:
    """One record the user may see; CertificateRecord.DoesNotExist otherwise (→ 404)."""
    return certificate_record_list(user=user).get(pk=pk)


def certificate_records_for_applicant(*, user, id_number: str) -> QuerySet[CertificateRecord]:
    """What this applicant asked for before, matched on the keyed hash of the ID number (the
    stored number is encrypted and never compared)."""
    normalized = id_number_normalize(id_number)
    return certificate_record_list(user=user).filter(applicant_id_hash=id_number_hash(normalized))


def seal_use_list(*, user) -> QuerySet[SealUse]:
    """用印登记 visible to the user."""
    return SealUse.objects.visible_to(user).select_related("community", "used_by", "record")


_LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}  # noqa: S104 - compared, never bound


def verification_url(code: str, *, request=None) -> str:
    """The public address printed as the QR code: settings.PUBLIC_BASE_URL when it is configured
    (a real public address), else the address the page was reached at (the request's scheme and
    host), so the QR code and the printed link point to the site that printed them. A loopback
    PUBLIC_BASE_URL (the development default) counts as unset: no resident's phone reaches it."""
    path = reverse("certificates:verify", args=[code])
    base = (getattr(settings, "PUBLIC_BASE_URL", "") or "").strip().rstrip("/")
    configured = bool(base) and (urlsplit(base).hostname or "") not in _LOOPBACK_HOSTS
    if request is not None and not configured:
        return request.build_absolute_uri(path)
    return base + path


@dataclass(frozen=True)
class Verification:
    """What a resident learns from a code: no applicant, no ID number."""

    code: str
    kind: str
    community: str
    date: date
    serial: str
    valid: bool
    revoked_on: date | None


_DUMMY_CODE = VERIFICATION_ALPHABET[0] * VERIFICATION_LENGTH
_ALPHABET = frozenset(VERIFICATION_ALPHABET)


def certificate_verify(*, code: str) -> Verification | None:
    """证明核验 by code; None when unknown. The same query and comparison run either way, so a
    miss takes as long as a hit."""
    code = (code or "").strip().upper().replace("-", "").replace(" ", "")[:64]
    if not code or not set(code) <= _ALPHABET:
        return None  # never issued (and a NUL would not even reach the database)
    row = (
        CertificateRecord.objects.filter(verification_code=code, outcome=Outcome.ISSUED)
        .select_related("kind", "community")
        .only("verification_code", "date", "serial", "revoked_at", "kind__name", "community__name")
        .first()
    )
    stored = row.verification_code if row is not None else _DUMMY_CODE
    matches = hmac.compare_digest(stored.encode(), code.encode())
    if row is None or not matches:
        return None
    from django.utils import timezone

    return Verification(
        code=row.verification_code,
        kind=row.kind.name,
        community=row.community.name,
        date=row.date,
        serial=row.serial or "",
        valid=row.revoked_at is None,
        revoked_on=timezone.localdate(row.revoked_at) if row.revoked_at else None,
    )


def seal_register_rows(*, user, day: date) -> QuerySet[SealUse]:
    """One day's seal register (用印登记簿) for the export."""
    return seal_use_list(user=user).filter(date=day).order_by("community__code", "used_at", "id")
