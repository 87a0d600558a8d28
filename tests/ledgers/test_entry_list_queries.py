"""/ledgers/entries/ runs the same number of queries at 10 rows as at hundreds (no N+1)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ledgers import services
from ledgers.models import LedgerBook
from tests.ledgers.conftest import VALID_ID
from tests.ledgers.factories import LedgerTypeFactory

pytestmark = pytest.mark.django_db


def _grow(world, ledger_type, *, books: int, entries: int, first_year: int) -> None:
    """`books` books of a typed ledger (ID and phone fields, stored encrypted) in the staff's
    community and `entries` entries over them, written through the service."""
    made = [
        LedgerBook.objects.create(community=world.community, ledger_type=ledger_type, year=first_year + i)
        for i in range(books)
    ]
    made += [
        LedgerBook.objects.create(
            community=world.community, ledger_type=LedgerTypeFactory(department=world.department), year=2025
        )
        for _ in range(books)
    ]
    staff = world.users["community_staff"]
    for i in range(entries):
        book = made[i % books]
        services.ledger_entry_create(
            by=staff,
            book_id=book.pk,
            values={"户主姓名": f"住户{i}", "公民身份号码": VALID_ID, "联系电话": "13800138000"},
            entry_date=datetime.date(book.year, 1, 1),
        )


@pytest.mark.parametrize("role", ["community_staff", "district_admin"])
def test_entry_list_queries_do_not_grow(
    client_for, world, low_income_type, role, django_assert_max_num_queries
):
    client = client_for(world.users[role])
    url = reverse("ledgers:entry_list")
    _grow(world, low_income_type, books=2, entries=10, first_year=2000)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(world, low_income_type, books=20, entries=120, first_year=2002)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) <= len(small)
    with django_assert_max_num_queries(len(small)):
        response = client.get(url)
    assert response.status_code == 200
    book = LedgerBook.objects.filter(community=world.community).first()
    with django_assert_max_num_queries(len(small) + 1):  # + the book named in ?book=
        assert client.get(url, {"book": book.pk}).status_code == 200
