"""Retention, the four-eyes rule and execution: content destroyed, burden figures unchanged."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from archives import services
from archives.models import BatchStatus, DisposalRecord
from archives.selectors import records_due_for_disposal
from audit.models import AuditRecord
from burden.calculations import burden_report
from certificates.models import CertificateRecord
from communityops.errors import TransitionError
from ledgers.models import LedgerBook, LedgerEntry

from .conftest import TODAY


def due_ids(user, today=TODAY):
    due = records_due_for_disposal(user, today=today)
    return {kind: set(qs.values_list("pk", flat=True)) for kind, qs in due.by_kind.items()}


def test_due_at_the_boundaries(world, archive):
    due = due_ids(world.users["community_head"])
    assert due["ledger_book"] == {archive["short_due"].pk, archive["long_due"].pk}
    assert due["certificate"] == {archive["cert_due"].pk}


def test_short_book_falls_due_on_the_first_day_after_its_tenth_year(world, archive):
    head = world.users["community_head"]
    assert archive["short_due"].pk not in due_ids(head, datetime.date(2025, 12, 31))["ledger_book"]
    assert archive["short_due"].pk in due_ids(head, datetime.date(2026, 1, 1))["ledger_book"]


def test_certificate_falls_due_the_day_after_its_tenth_anniversary(world, archive):
    head = world.users["community_head"]
    assert archive["cert_due"].pk not in due_ids(head, datetime.date(2026, 6, 14))["certificate"]
    assert archive["cert_due"].pk in due_ids(head, datetime.date(2026, 6, 15))["certificate"]


def test_retention_years_come_from_settings(world, archive, settings):
    settings.ARCHIVES_RETENTION_YEARS = {"short": 5, "certificate": None}
    due = due_ids(world.users["community_head"])
    assert archive["short_kept"].pk in due["ledger_book"]
    assert due["certificate"] == set()


def test_counts_one_query_per_kind(world, archive, django_assert_num_queries):
    due = records_due_for_disposal(world.users["district_admin"], today=TODAY)
    world.users["district_admin"]._communityops_scope = None
    with django_assert_num_queries(2):
        counts = due.counts()
    assert counts == {"ledger_book": 4, "certificate": 1}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("community_head", {"short_due", "long_due"}),
        ("street_supervisor", {"short_due", "long_due", "sibling_due"}),
        ("district_admin", {"short_due", "long_due", "sibling_due", "other_due"}),
        ("other_street_supervisor", {"other_due"}),
        ("department_officer", set()),
    ],
)
def test_due_list_scoping(world, archive, role, expected):
    got = due_ids(world.users[role])["ledger_book"]
    assert got == {archive[name].pk for name in expected}


def propose(world, archive, by="community_head", **kwargs):
    data = {
        "community_id": world.community.pk,
        "ledger_book_ids": [archive["short_due"].pk, archive["long_due"].pk],
        "certificate_record_ids": [archive["cert_due"].pk],
        "method": "shred",
        "reason": "保管期满，经鉴定无继续保存价值",
        "today": TODAY,
    }
    data.update(kwargs)
    return services.disposal_batch_propose(by=world.users[by], **data)


def test_propose_registers_the_records_and_takes_them_off_the_due_list(world, archive):
    batch = propose(world, archive)
    assert batch.status == BatchStatus.PROPOSED
    assert batch.number == f"XH-{world.community.code}-2026-001"
    items = {i.object_id: i for i in batch.items.all()}
    book = items[archive["short_due"].pk]
    assert book.reference == "WS-2015-D10-001"
    assert book.retention == "短期（10年）"
    assert book.due_from == datetime.date(2026, 1, 1)
    assert items[archive["cert_due"].pk].due_from == datetime.date(2026, 6, 15)
    assert due_ids(world.users["community_head"]) == {"ledger_book": set(), "certificate": set()}
    assert AuditRecord.objects.filter(action="archives.disposal_propose", target_id=str(batch.pk)).exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"ledger_book_ids": ["short_kept"]}, "ledger_book_ids"),
        ({"ledger_book_ids": ["permanent"]}, "ledger_book_ids"),
        ({"ledger_book_ids": ["sibling_due"]}, "ledger_book_ids"),
        ({"ledger_book_ids": ["other_due"]}, "ledger_book_ids"),
        ({"certificate_record_ids": ["cert_kept"]}, "certificate_record_ids"),
        ({"certificate_record_ids": ["count_only"]}, "certificate_record_ids"),
        ({"ledger_book_ids": ["x"]}, "ledger_book_ids"),
        ({"method": "burn-it"}, "method"),
        ({"reason": "  "}, "reason"),
        ({"ledger_book_ids": [], "certificate_record_ids": []}, "non_field_errors"),
    ],
)
def test_propose_refuses_bad_input_with_field_errors_and_writes_nothing(world, archive, kwargs, field):
    resolved = {
        key: [archive[v].pk if v in archive else v for v in value] if isinstance(value, list) else value
        for key, value in kwargs.items()
    }
    with pytest.raises(ValidationError) as exc:
        propose(world, archive, **resolved)
    assert field in exc.value.message_dict
    assert not DisposalRecord.objects.exists()


def test_propose_out_of_scope_community(world, archive):
    with pytest.raises(ValidationError) as exc:
        propose(
            world, archive, community_id=world.other_community.pk, ledger_book_ids=[archive["other_due"].pk]
        )
    assert "community_id" in exc.value.message_dict


@pytest.mark.parametrize("role", ["community_staff", "district_admin", "department_officer"])
def test_only_heads_and_street_supervisors_propose(world, archive, role):
    with pytest.raises(ValidationError):
        propose(world, archive, by=role)


def test_a_record_is_proposed_once(world, archive):
    propose(world, archive)
    with pytest.raises(ValidationError) as exc:
        propose(world, archive, certificate_record_ids=[])
    assert "ledger_book_ids" in exc.value.message_dict


def test_four_eyes(world, archive):
    batch = propose(world, archive, by="street_supervisor")
    with pytest.raises(ValidationError):
        services.disposal_batch_approve(by=world.users["street_supervisor"], batch_id=batch.pk)
    with pytest.raises(ValidationError):  # a community head never approves
        services.disposal_batch_approve(by=world.users["community_head"], batch_id=batch.pk)
    with pytest.raises(ValidationError) as exc:  # another street's supervisor cannot see it
        services.disposal_batch_approve(by=world.users["other_street_supervisor"], batch_id=batch.pk)
    assert "batch" in exc.value.message_dict
    batch = services.disposal_batch_approve(by=world.users["district_admin"], batch_id=batch.pk, note="同意")
    assert batch.status == BatchStatus.APPROVED
    assert batch.approved_by == world.users["district_admin"]
    with pytest.raises(TransitionError):
        services.disposal_batch_approve(by=world.users["district_admin"], batch_id=batch.pk)


def test_reject_returns_the_records_to_the_due_list(world, archive):
    batch = propose(world, archive)
    with pytest.raises(ValidationError) as exc:
        services.disposal_batch_reject(by=world.users["street_supervisor"], batch_id=batch.pk, note="")
    assert "note" in exc.value.message_dict
    services.disposal_batch_reject(by=world.users["street_supervisor"], batch_id=batch.pk, note="需重新鉴定")
    assert archive["short_due"].pk in due_ids(world.users["community_head"])["ledger_book"]
    assert propose(world, archive).items.count() == 3  # may be proposed again


def test_execute_needs_approval(world, archive):
    batch = propose(world, archive)
    with pytest.raises(TransitionError):
        services.disposal_batch_execute(by=world.users["community_head"], batch_id=batch.pk, today=TODAY)


def test_execute_destroys_content_and_keeps_the_burden_figures(world, archive):
    scope = f"street:{world.street.code}"
    before = {year: burden_report(scope=scope, year=year) for year in (1995, 2015, 2016)}
    batch = propose(world, archive)
    services.disposal_batch_approve(by=world.users["street_supervisor"], batch_id=batch.pk)
    audits_before = AuditRecord.objects.count()
    batch = services.disposal_batch_execute(by=world.users["community_head"], batch_id=batch.pk, today=TODAY)

    assert batch.status == BatchStatus.EXECUTED
    assert batch.executed_on == TODAY
    assert not LedgerEntry.objects.filter(book__in=[archive["short_due"], archive["long_due"]]).exists()
    assert LedgerEntry.objects.filter(book=archive["short_kept"]).count() == 2
    assert LedgerBook.objects.filter(pk=archive["short_due"].pk, books=1).exists()
    cert = CertificateRecord.objects.get(pk=archive["cert_due"].pk)
    assert (
        cert.applicant_name,
        cert.applicant_id_number,
        cert.applicant_id_hash,
        cert.applicant_id_masked,
    ) == (
        "",
        "",
        "",
        "",
    )
    assert cert.content == ""
    assert (cert.kind_id, cert.date, cert.outcome, cert.count, cert.serial) == (
        archive["cert_due"].kind_id,
        archive["cert_due"].date,
        "issued",
        1,
        archive["cert_due"].serial,
    )
    assert CertificateRecord.objects.get(pk=archive["cert_kept"].pk).applicant_name == "李四"
    after = {year: burden_report(scope=scope, year=year) for year in (1995, 2015, 2016)}
    assert after == before

    items = {i.object_id: i for i in batch.items.all()}
    assert items[archive["short_due"].pk].destroyed_on == TODAY
    assert items[archive["short_due"].pk].entries_destroyed == 2
    assert items[archive["long_due"].pk].entries_destroyed == 1
    assert AuditRecord.objects.count() == audits_before + 4  # three records and the batch
    assert AuditRecord.objects.filter(action="archives.record_destroy").count() == 3
    assert due_ids(world.users["community_head"]) == {"ledger_book": set(), "certificate": set()}
    with pytest.raises(TransitionError):
        services.disposal_batch_execute(by=world.users["community_head"], batch_id=batch.pk, today=TODAY)


def test_execute_is_all_or_nothing_when_a_period_was_lengthened(world, archive, settings):
    batch = propose(world, archive)
    services.disposal_batch_approve(by=world.users["street_supervisor"], batch_id=batch.pk)
    settings.ARCHIVES_RETENTION_YEARS = {"long": 50}
    with pytest.raises(ValidationError) as exc:
        services.disposal_batch_execute(by=world.users["community_head"], batch_id=batch.pk, today=TODAY)
    assert "batch" in exc.value.message_dict
    assert LedgerEntry.objects.filter(book=archive["short_due"]).count() == 2
    assert CertificateRecord.objects.get(pk=archive["cert_due"].pk).applicant_name == "张三"
    batch.refresh_from_db()
    assert batch.status == BatchStatus.APPROVED
    assert not batch.items.filter(destroyed_on__isnull=False).exists()


def test_staff_cannot_execute(world, archive):
    batch = propose(world, archive)
    services.disposal_batch_approve(by=world.users["street_supervisor"], batch_id=batch.pk)
    with pytest.raises(ValidationError):
        services.disposal_batch_execute(by=world.users["community_staff"], batch_id=batch.pk, today=TODAY)


@pytest.mark.parametrize(
    ("value", "ids"),
    [
        ({"long": 30, "certificate": None}, []),
        ({"medium": 20}, ["archives.E002"]),
        ({"short": 0}, ["archives.E003"]),
        ({"short": "10"}, ["archives.E003"]),
        ([("short", 10)], ["archives.E001"]),
    ],
)
def test_retention_settings_check(settings, value, ids):
    from archives.checks import archives_retention_check

    settings.ARCHIVES_RETENTION_YEARS = value
    assert [e.id for e in archives_retention_check(None)] == ids


def test_execute_counts_the_entries_in_one_grouped_query(world, archive):
    """A book's entries are counted by the database (one GROUP BY), not by reading every entry."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .conftest import book_with_entries

    extra = book_with_entries(
        world.community, archive["short_due"].ledger_type, archive["short_due"].year, n=40
    )
    LedgerEntry.objects.filter(book=extra).update(book=archive["short_due"])
    extra.delete()
    batch = propose(world, archive)
    services.disposal_batch_approve(by=world.users["street_supervisor"], batch_id=batch.pk)
    with CaptureQueriesContext(connection) as queries:
        batch = services.disposal_batch_execute(
            by=world.users["community_head"], batch_id=batch.pk, today=TODAY
        )
    items = {i.object_id: i for i in batch.items.all()}
    assert items[archive["short_due"].pk].entries_destroyed == 42
    assert items[archive["long_due"].pk].entries_destroyed == 1
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and 'FROM "ledgers_ledgerentry"' in q["sql"]
    ]
    assert len(reads) == 1 and "COUNT(" in reads[0] and "GROUP BY" in reads[0], reads
