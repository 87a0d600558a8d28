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
