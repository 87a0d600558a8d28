"""Rules the services enforce themselves (not only their callers): report forms go only to
communities the sender oversees; a reviewer acts only on submissions in their own scope; a
community opens one book of a ledger type per year, even when two requests race."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction

from ledgers import services
from ledgers.models import LedgerBook, ReportSubmission
from tests.factories import CommunityFactory, DistrictFactory, StreetFactory
from tests.ledgers.factories import LedgerTypeFactory

DUE = datetime.date(2099, 4, 5)


@pytest.fixture
def registered_form(world, monthly_form):
    services.report_form_register(by=world.users["district_admin"], report_form_id=monthly_form.pk, year=2025)
    return monthly_form


@pytest.fixture
def foreign_community(world):
    """A community of another district."""
    return CommunityFactory(name="外区社区", street=StreetFactory(district=DistrictFactory(name="邻区")))


def _send(by, form, communities):
    return services.report_form_send(
        by=by, report_form_id=form.pk, communities=communities, period="2025-03", due_date=DUE
    )


@pytest.mark.django_db
def test_district_admin_cannot_send_to_another_district(world, registered_form, foreign_community):
    with pytest.raises(ValidationError) as exc:
        _send(world.users["district_admin"], registered_form, [world.community, foreign_community])
    assert list(exc.value.message_dict) == ["communities"]
    message = exc.value.message_dict["communities"][0]
    # named by the id the sender gave: another district's community names are not theirs to read
    assert str(foreign_community.pk) in message and "外区社区" not in message
    assert world.community.name not in message
    assert not ReportSubmission.objects.exists()  # nothing half-written


@pytest.mark.django_db
def test_street_supervisor_cannot_send_to_another_street(world, registered_form):
    with pytest.raises(ValidationError) as exc:
        _send(world.users["street_supervisor"], registered_form, [world.sibling, world.other_community])
    message = exc.value.message_dict["communities"][0]
    assert message.endswith(f"：{world.other_community.pk}") and world.other_community.name not in message
    assert not ReportSubmission.objects.exists()
    assert (
        len(_send(world.users["street_supervisor"], registered_form, [world.community, world.sibling])) == 2
    )


@pytest.mark.django_db
def test_send_api_refuses_another_district_on_the_field(api_for, world, registered_form, foreign_community):
    response = api_for(world.users["district_admin"]).post(
        f"/api/v1/report-forms/{registered_form.pk}/send/",
        {"communities": [foreign_community.pk], "period": "2025-03", "due_date": "2099-04-05"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["communities"][0].endswith(f"：{foreign_community.pk}")
    assert not ReportSubmission.objects.exists()


def _submitted(world, form, community):
    submission = _send(world.users["district_admin"], form, [community])[0]
    staff = world.users["community_staff" if community == world.community else "other_community_staff"]
    return services.report_submission_fill(
        by=staff, submission_id=submission.pk, values={"总户数": "1", "新增户数": "0"}, submit=True
    )


@pytest.mark.django_db
def test_street_supervisor_cannot_review_another_streets_submission(world, registered_form):
    foreign = _submitted(world, registered_form, world.other_community)
    supervisor = world.users["street_supervisor"]
    with pytest.raises(PermissionDenied):
        services.report_submission_approve(by=supervisor, submission_id=foreign.pk)
    with pytest.raises(PermissionDenied):
        services.report_submission_return(by=supervisor, submission_id=foreign.pk, reason="数字有误")
    foreign.refresh_from_db()
    assert (foreign.status, foreign.level) == ("submitted", "street")
    own = services.report_submission_approve(
        by=world.users["other_street_supervisor"], submission_id=foreign.pk
    )
    assert own.level == "district"


@pytest.mark.django_db
def test_community_staff_cannot_review_at_all(world, registered_form):
    submission = _submitted(world, registered_form, world.community)
    with pytest.raises(PermissionDenied):
        services.report_submission_approve(by=world.users["community_staff"], submission_id=submission.pk)


@pytest.mark.django_db
def test_second_open_of_the_same_year_is_a_field_error(world):
    ledger_type = LedgerTypeFactory()
    head = world.users["community_head"]
    services.ledger_book_open(by=head, community=world.community, ledger_type=ledger_type, year=2025)
    with pytest.raises(ValidationError) as exc:
        services.ledger_book_open(by=head, community=world.community, ledger_type=ledger_type, year=2025)
    assert list(exc.value.message_dict) == ["ledger_type"]
    assert LedgerBook.objects.filter(ledger_type=ledger_type).count() == 1


def _waiting_on_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return bool(row) and row[0] == "Lock"


@pytest.mark.django_db(transaction=True)
def test_two_racing_opens_make_one_book(world):
    """The first opener holds its transaction open; the second must wait for it and then be
    refused (before the fix it saw no book yet and created a second one)."""
    ledger_type = LedgerTypeFactory()
    head = world.users["community_head"]
    first_done, release = threading.Event(), threading.Event()
    second_pid: list[int] = []
    outcome: dict[str, object] = {}

    def first():
        try:
            with transaction.atomic():
                services.ledger_book_open(
                    by=head, community=world.community, ledger_type=ledger_type, year=2025
                )
                first_done.set()
                release.wait()
        finally:
            first_done.set()
            connections.close_all()

    def second():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                second_pid.append(cursor.fetchone()[0])
            services.ledger_book_open(by=head, community=world.community, ledger_type=ledger_type, year=2025)
            outcome["second"] = "opened"
        except ValidationError as exc:
            outcome["second"] = exc.message_dict
        finally:
            connections.close_all()

    one = threading.Thread(target=first)
    one.start()
    first_done.wait()
    two = threading.Thread(target=second)
    two.start()
    # Let the first commit once the second is blocked on its lock (or has already finished).
    while two.is_alive() and not (second_pid and _waiting_on_a_lock(second_pid[0])):
        two.join(0.01)
    release.set()
    one.join()
    two.join()
    assert LedgerBook.objects.filter(ledger_type=ledger_type).count() == 1
    assert list(outcome["second"]) == ["ledger_type"]
