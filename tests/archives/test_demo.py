"""The demo hook: due records and one proposed batch, idempotent, old years only."""

import datetime

from django.core.management import call_command

from archives.demo import demo_disposal_records_create
from archives.models import DisposalBatch
from archives.selectors import records_due_for_disposal
from tests.certificates.factories import CertificateKindFactory
from tests.factories import CommunityFactory, member
from tests.ledgers.factories import LedgerTypeFactory


def test_demo_records_are_due_and_idempotent(db):
    community = CommunityFactory(code="C001")
    head = member("community_head", community, username="demo_head")
    LedgerTypeFactory(retention="long")
    LedgerTypeFactory(retention="short")
    CertificateKindFactory(cert_class="A")
    today = datetime.date(2026, 6, 15)
    counts = demo_disposal_records_create(today=today)
    assert counts == {"ledger_books": 4, "certificate_records": 4, "batches": 1}
    assert demo_disposal_records_create(today=today)["batches"] == 0
    assert DisposalBatch.objects.get().proposed_by == head
    assert records_due_for_disposal(head, today=today).counts() == {"ledger_book": 3, "certificate": 4}


def test_demo_command_runs_on_an_empty_database(db):
    call_command("seed_archives_demo", verbosity=0)


def test_demo_books_take_the_services_archive_number(db):
    """The demo's old books are numbered like every other book (community-year-class-sequence),
    and a second run keeps the numbers."""
    import re

    from ledgers.models import LedgerBook

    CommunityFactory(code="C001")
    LedgerTypeFactory(retention="long")
    LedgerTypeFactory(retention="short")
    demo_disposal_records_create(today=datetime.date(2026, 6, 15))
    numbers = sorted(LedgerBook.objects.values_list("archive_number", flat=True))
    assert len(numbers) == 4
    assert all(re.fullmatch(r"C001-\d{4}-[A-Z]+-\d{4}", n) for n in numbers), numbers
    demo_disposal_records_create(today=datetime.date(2026, 6, 15))
    assert sorted(LedgerBook.objects.values_list("archive_number", flat=True)) == numbers
