"""Records past (and just short of) their retention period in the `world` communities."""

import datetime

import pytest

from audit import personal_data
from ledgers.models import LedgerEntry
from tests.certificates.factories import CertificateKindFactory, CertificateRecordFactory, id_number
from tests.ledgers.factories import LedgerBookFactory, LedgerTypeFactory

TODAY = datetime.date(2026, 6, 15)


def stub(community, kind, day, name="张三", number=None):
    """A counter stub (证明存根) with the applicant's personal data, issued on `day`."""
    number = number or id_number()
    return CertificateRecordFactory(
        community=community,
        kind=kind,
        date=day,
        serial=f"{community.code}-{day:%Y%m%d}-{CertificateRecordFactory._meta.model.objects.count() + 1}",
        applicant_name=name,
        applicant_id_number=personal_data.seal(number),
        applicant_id_hash=personal_data.blind_index(number, kind=personal_data.ID_NUMBER),
        applicant_id_masked=personal_data.mask_id_number(number),
        content=f"兹证明{name}居住在本社区。",
    )


def book_with_entries(community, ledger_type, year, n=2, archive_number=None):
    book = LedgerBookFactory(
        community=community, ledger_type=ledger_type, year=year, archive_number=archive_number
    )
    for i in range(n):
        LedgerEntry.objects.create(
            community=community,
            book=book,
            values={"姓名": f"居民{i}", "身份证号": "1101**********0021"},
            sealed_values={"身份证号": personal_data.seal(id_number())},
            value_hashes={"身份证号": "x"},
        )
    return book


@pytest.fixture
def archive(world):
    """In `world.community`: a short (10-year) book of 2015 (due 2026-01-01) and of 2016 (not
    due), a long (30-year) book of 1995 (due) and of 1996 (not), a permanent one of 1950;
    certificate stubs issued 2016-06-14 (due), 2016-06-15 (not yet) and a count-only row of
    2010 (nothing to destroy); in the sibling and the other street's community, one due book each."""
    short = LedgerTypeFactory(retention="short", name="低保台账", department=world.department)
    long_ = LedgerTypeFactory(retention="long", name="计生台账", department=world.department)
    permanent = LedgerTypeFactory(retention="permanent", name="党员名册", department=world.department)
    kind = CertificateKindFactory(name="社区居住证明")
    c = world.community
    return {
        "short_due": book_with_entries(c, short, 2015, archive_number="WS-2015-D10-001"),
        "short_kept": book_with_entries(c, short, 2016),
        "long_due": book_with_entries(c, long_, 1995, n=1),
        "long_kept": book_with_entries(c, long_, 1996, n=1),
        "permanent": book_with_entries(c, permanent, 1950, n=1),
        "cert_due": stub(c, kind, datetime.date(2016, 6, 14)),
        "cert_kept": stub(c, kind, datetime.date(2016, 6, 15), name="李四"),
        "count_only": CertificateRecordFactory(
            community=c, kind=kind, date=datetime.date(2010, 3, 1), count=40
        ),
        "sibling_due": book_with_entries(world.sibling, short, 2010, n=1),
        "other_due": book_with_entries(world.other_community, short, 2010, n=1),
        "kind": kind,
        "types": (short, long_, permanent),
    }
