"""Demo records past their retention period (on top of `seed_demo`): old ledger books with
electronic entries and old certificate stubs in C001 and C002, and one 销毁清册 proposed by
demo_head for demo_street to approve. Old years only: the demo year's burden report is untouched."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from audit import personal_data
from certificates.models import CertificateKind, CertificateRecord
from ledgers.models import LedgerBook, LedgerEntry, LedgerType
from ledgers.services import ledger_book_assign_archive_number
from organisation.models import Community

from .models import DisposalBatch
from .retention import retention_years
from .services import disposal_batch_propose

APPLICANTS = [
    ("赵桂兰", "11010519491231002X"),
    ("钱国庆", "440524188001010014"),
    ("孙丽华", "11010519491231002X"),
]


def _sealed_id(number: str) -> tuple[str, str, str]:
    """(masked, ciphertext, keyed hash) of an ID number, as the registers store it."""
    return (
        personal_data.mask_id_number(number),
        personal_data.seal(number),
        personal_data.blind_index(number, kind=personal_data.ID_NUMBER),
    )


def _book(community: Community, ledger_type: LedgerType, year: int, entries: int) -> LedgerBook:
    book, _ = LedgerBook.objects.update_or_create(
        row_id=f"demo-archives-{community.code}-{ledger_type.code}-{year}",
        defaults={"community": community, "ledger_type": ledger_type, "year": year, "books": 1},
    )
    if not book.archive_number:  # 档号 as the ledgers service gives every book
        book = ledger_book_assign_archive_number(book_id=book.pk)
    if not book.entries.exists():
        for i in range(entries):
            name, number = APPLICANTS[i % len(APPLICANTS)]
            masked, sealed, hashed = _sealed_id(number)
            LedgerEntry.objects.create(
                community=community,
                book=book,
                entry_date=date(year, 3, 1 + i),
                values={"姓名": name, "公民身份号码": masked},
                sealed_values={"公民身份号码": sealed},
                value_hashes={"公民身份号码": hashed},
            )
    return book


def _stub(community: Community, kind: CertificateKind, day: date, n: int) -> CertificateRecord:
    name, number = APPLICANTS[n % len(APPLICANTS)]
    masked, sealed, hashed = _sealed_id(number)
    record, _ = CertificateRecord.objects.update_or_create(
        row_id=f"demo-archives-{community.code}-{day:%Y%m%d}-{n}",
        defaults={
            "community": community,
            "kind": kind,
            "date": day,
            "outcome": "issued",
            "count": 1,
            "serial": f"{community.code}-{day.year}-D{n:04d}",
            "applicant_name": name,
            "applicant_id_number": sealed,
            "applicant_id_hash": hashed,
            "applicant_id_masked": masked,
            "content": f"兹证明{name}居住在本社区。",
        },
    )
    return record


@transaction.atomic
def demo_disposal_records_create(*, today: date | None = None) -> dict[str, int]:
    """Create (idempotently) the demo's due records and one proposed batch."""
    today = today or timezone.localdate()
    years = retention_years()
    counts = {"ledger_books": 0, "certificate_records": 0, "batches": 0}
    kind = CertificateKind.objects.filter(cert_class="A").order_by("code").first()
    by_retention = {
        r: LedgerType.objects.filter(retention=r).order_by("code").first() for r in ("long", "short")
    }
    for community in Community.objects.filter(code__in=["C001", "C002"]):
        for retention, ledger_type in by_retention.items():
            if ledger_type is None or years[retention] is None:
                continue
            for back in (1, 2):
                _book(community, ledger_type, today.year - years[retention] - back, entries=3)
                counts["ledger_books"] += 1
        if kind is not None and years["certificate"] is not None:
            for n in range(4):
                day = date(today.year - years["certificate"] - 1, 3 + n, 10)
                _stub(community, kind, day, n)
                counts["certificate_records"] += 1
    head = get_user_model().objects.filter(username="demo_head").first()
    community = Community.objects.filter(code="C001").first()
    if head and community and not DisposalBatch.objects.filter(community=community).exists():
        books = LedgerBook.objects.filter(community=community, row_id__startswith="demo-archives-")
        oldest = books.order_by("year").first()
        if oldest is not None:
            disposal_batch_propose(
                by=head,
                community_id=community.pk,
                ledger_book_ids=[oldest.pk],
                method="shred",
                reason="保管期满，经鉴定小组鉴定无继续保存价值",
                today=today,
            )
            counts["batches"] = 1
    return counts
