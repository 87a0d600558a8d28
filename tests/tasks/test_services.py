"""The tasks services: the 准入 state machine, each automatic finding, assignments, the work log."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditRecord
from communityops.errors import TransitionError
from tasks import services
from tasks.models import AccessRequest, Finding, ListClass, Nature, Notification, TaskAssignment, WorkLog
from tasks.workdays import add_working_days, working_days_between

from .factories import AccessRequestFactory, AssignmentFactory, TaskItemFactory

pytestmark = pytest.mark.django_db
S = AccessRequest.Status
TODAY = timezone.localdate


def draft(world, **kwargs):
    kwargs.setdefault("communities", [world.community])
    return AccessRequestFactory(department=world.department, **kwargs)


def submit(world, req):
    return services.access_request_submit(request_id=req.pk, by=world.users["department_officer"])


def kinds(req):
    return {f.kind for f in req.findings.all()}


# --- working days -------------------------------------------------------------------------
def test_working_days():
    friday = datetime.date(2026, 11, 20)
    assert add_working_days(friday, 1) == datetime.date(2026, 11, 23)
    assert working_days_between(friday, datetime.date(2026, 11, 27)) == 5
    assert working_days_between(friday, friday) == 0
    assert working_days_between(friday, add_working_days(friday, 30)) == 30


def test_working_days_follow_the_holiday_arrangement():
    """2025: 春节 1月28日–2月4日 off, Sunday 1月26日 and Saturday 2月8日 worked; 国庆 10月1–8日 off."""
    assert add_working_days(datetime.date(2025, 9, 30), 1) == datetime.date(2025, 10, 9)
    assert add_working_days(datetime.date(2025, 1, 24), 1) == datetime.date(2025, 1, 26)  # a Sunday worked
    # after 1月24日: 26, 27, 2月5, 6, 7, 8 (a Saturday worked), 10
    assert working_days_between(datetime.date(2025, 1, 24), datetime.date(2025, 2, 10)) == 7


def test_a_year_not_yet_published_counts_monday_to_friday():
    monday = datetime.date(2099, 1, 5)
    assert add_working_days(monday, 5) == datetime.date(2099, 1, 12)


# --- the state machine -----------------------------------------------------------------------
def test_submit_then_approve_creates_assignments_and_notifies(world):
    req = submit(world, draft(world, communities=[world.community, world.sibling]))
    assert req.status == S.SUBMITTED
    assert req.review_street == world.street
    assert req.review_due == add_working_days(TODAY(), 15)
    assert kinds(req) == set()
    req = services.access_request_decide(
        request_id=req.pk, by=world.users["street_supervisor"], action="approve", reason="符合准入条件"
    )
    assert req.status == S.APPROVED
    rows = TaskAssignment.objects.filter(access_request=req)
    assert {a.community_id for a in rows} == {world.community.pk, world.sibling.pk}
    assert all(a.approved and a.due_on == req.deadline for a in rows)
    assert req.task_item is not None  # a new item enters the catalog on approval
    assert Notification.objects.filter(department=world.department, access_request=req).exists()
    assert Notification.objects.filter(community=world.community).exists()
    assert AuditRecord.objects.filter(action="access_request.approve", reason="符合准入条件").exists()


@pytest.mark.parametrize(
    ("start", "action", "end"),
    [
        (S.SUBMITTED, "reject", S.REJECTED),
        (S.SUBMITTED, "return", S.RETURNED),
        (S.APPROVED, "revoke", S.REVOKED),
    ],
)
def test_decisions(world, start, action, end):
    req = draft(world)
    req.status = start
    req.review_street = world.street
    req.save()
    req = services.access_request_decide(
        request_id=req.pk, by=world.users["district_admin"], action=action, reason="理由"
    )
    assert req.status == end
    assert req.events.get().reason == "理由"
    assert AuditRecord.objects.filter(action=f"access_request.{action}").exists()


@pytest.mark.parametrize(
    ("start", "action"),
    [
        (S.REJECTED, "approve"),
        (S.APPROVED, "reject"),
        (S.RETURNED, "return"),
        (S.SUBMITTED, "revoke"),
        (S.BLOCKED, "approve"),
    ],
)
def test_invalid_transitions_raise_409(world, start, action):
    req = draft(world, status=start)
    with pytest.raises(TransitionError) as caught:
        services.access_request_decide(
            request_id=req.pk, by=world.users["district_admin"], action=action, reason="x"
        )
    assert caught.value.status_code == 409
    assert AccessRequest.objects.get(pk=req.pk).status == start


def test_returned_request_can_be_edited_and_resubmitted(world):
    req = submit(world, draft(world))
    services.access_request_decide(
        request_id=req.pk, by=world.users["district_admin"], action="return", reason="补充依据"
    )
    services.access_request_save(
        by=world.users["department_officer"], fields={"note": "已补充"}, request_id=req.pk
    )
    assert submit(world, req).status == S.SUBMITTED


def test_decision_needs_a_reason(world):
    req = submit(world, draft(world))
    with pytest.raises(ValidationError) as caught:
        services.access_request_decide(
            request_id=req.pk, by=world.users["district_admin"], action="approve", reason=" "
        )
    assert "reason" in caught.value.message_dict
    assert AccessRequest.objects.get(pk=req.pk).status == S.SUBMITTED


def test_street_cannot_decide_requests_beyond_its_street(world):
    req = submit(world, draft(world, communities=[world.community, world.other_community]))
    assert req.review_street is None
    with pytest.raises(ValidationError) as caught:
        services.access_request_decide(
            request_id=req.pk, by=world.users["street_supervisor"], action="approve", reason="x"
        )
    assert "target_communities" in caught.value.message_dict
    assert not TaskAssignment.objects.exists()


def test_double_submission_is_a_field_error_and_writes_nothing(world):
    req = submit(world, draft(world))
    with pytest.raises(ValidationError) as caught:
        submit(world, req)
    assert "non_field_errors" in caught.value.message_dict
    twin = draft(world, title=req.title)
    with pytest.raises(ValidationError) as caught:
        submit(world, twin)
    assert "title" in caught.value.message_dict
    assert AccessRequest.objects.get(pk=twin.pk).status == S.DRAFT
    assert not twin.findings.exists()


def test_submit_validates_targets_and_deadline(world):
    req = draft(world, communities=[], deadline=TODAY() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        submit(world, req)
    assert set(caught.value.message_dict) == {"target_communities", "deadline"}
    assert AccessRequest.objects.get(pk=req.pk).status == S.DRAFT


def test_targets_all_and_by_street(world):
    req = draft(world, target_mode="street", communities=[])
    req.target_streets.set([world.street])
    req = submit(world, req)
    assert set(req.target_communities.all()) == {world.community, world.sibling}
    other = submit(world, draft(world, target_mode="all", communities=[]))
    assert other.target_communities.count() == 3
    assert other.review_street is None


# --- automatic findings ----------------------------------------------------------------------
def test_negative_list_blocks(world):
    req = submit(world, draft(world, list_class=ListClass.NEGATIVE))
    assert req.status == S.BLOCKED
    finding = req.findings.get(kind=Finding.Kind.NEGATIVE_LIST)
    assert finding.severity == Finding.Severity.BLOCK
    assert "负面清单" in req.decision_reason
    assert Notification.objects.filter(department=world.department, title__contains="拦截").exists()


def test_negative_list_from_the_catalog_version_in_force(world):
    item = TaskItemFactory(list_class=ListClass.NEGATIVE, department=world.department)
    services.catalog_version_publish(by=world.users["district_admin"], name="2026年版", valid_from=TODAY())
    item.list_class = ListClass.ASSISTING  # edited since, not yet published
    item.save()
    req = submit(world, draft(world, task_item=item, list_class=ListClass.ASSISTING))
    assert req.status == S.BLOCKED
    assert "2026年版" in req.findings.get().message


def test_unfunded_administrative(world):
    req = submit(world, draft(world, nature=Nature.ADMINISTRATIVE, funds_transferred=Decimal(0)))
    assert kinds(req) == {Finding.Kind.UNFUNDED}
    assert req.status == S.SUBMITTED


def test_one_vote_veto(world):
    assert kinds(submit(world, draft(world, one_vote_veto=True))) == {Finding.Kind.ONE_VOTE_VETO}


def test_missing_legal_basis(world):
    assert kinds(submit(world, draft(world, legal_basis=""))) == {Finding.Kind.NO_LEGAL_BASIS}


def test_duplicate_of_an_approved_request(world):
    item = TaskItemFactory(department=world.other_department)
    approved = AccessRequestFactory(
        department=world.other_department, task_item=item, status=S.APPROVED, communities=[world.community]
    )
    req = submit(world, draft(world, task_item=item, communities=[world.community, world.sibling]))
    finding = req.findings.get()
    assert finding.kind == Finding.Kind.DUPLICATE
    assert finding.detail == {"requests": [approved.pk]}
    unrelated = submit(world, draft(world, task_item=item, communities=[world.other_community]))
    assert kinds(unrelated) == set()


def test_short_notice(world):
    req = submit(world, draft(world, deadline=add_working_days(TODAY(), 10)))
    finding = req.findings.get()
    assert finding.kind == Finding.Kind.SHORT_NOTICE
    assert finding.detail == {"working_days": 10}
    assert kinds(submit(world, draft(world, deadline=add_working_days(TODAY(), 30)))) == set()


def test_fields_duplicating_existing_ledgers(world):
    from ledgers.models import LedgerType

    LedgerType.objects.create(
        code="LX1", name="低保台账", department=world.other_department, fields=["姓名", "身份证号"]
    )
    req = submit(world, draft(world, demanded_fields="身份证号、宠物名字"))
    finding = req.findings.get()
    assert finding.kind == Finding.Kind.DUPLICATE_FIELDS
    [overlap] = finding.detail["overlaps"]
    assert overlap["field"] == "身份证号"
    assert any("低保台账" in label for label in overlap["demanded_by"])
    assert "身份证号" in finding.message
    assert kinds(submit(world, draft(world, demanded_fields="宠物名字"))) == set()


def test_a_finding_is_stored_in_chinese_whatever_the_submitters_language(world):
    from django.utils import translation

    from ledgers.models import LedgerType

    LedgerType.objects.create(
        code="LX1", name="低保台账", department=world.other_department, fields=["身份证号"]
    )
    with translation.override("en"):
        req = submit(world, draft(world, demanded_fields="身份证号"))
    finding = req.findings.get()
    assert finding.message.startswith("台账、报表要求的字段")
    assert all(label.startswith("台账") for label in finding.detail["overlaps"][0]["demanded_by"])


# --- assignments -----------------------------------------------------------------------------
def approved(world, **kwargs):
    req = submit(world, draft(world, **kwargs))
    return services.access_request_decide(
        request_id=req.pk, by=world.users["district_admin"], action="approve", reason="同意"
    )


def test_recurring_generation_is_idempotent(world):
    req = approved(world, frequency="monthly")
    assert TaskAssignment.objects.filter(access_request=req).count() == 1
    next_month = (TODAY().replace(day=1) + datetime.timedelta(days=40)).replace(day=10)
    assert services.assignment_generate_recurring(today=next_month) == 1
    assert services.assignment_generate_recurring(today=next_month) == 0
    assert services.assignment_generate_recurring(today=TODAY()) == 0
    latest = TaskAssignment.objects.get(access_request=req, period=f"{next_month:%Y-%m}")
    assert latest.due_on.month == next_month.month
    once = approved(world, frequency="once")
    services.assignment_generate_recurring(today=next_month)
    assert TaskAssignment.objects.filter(access_request=once).count() == 1


def test_revoked_requests_stop_recurring(world):
    req = approved(world, frequency="yearly")
    services.access_request_decide(
        request_id=req.pk, by=world.users["district_admin"], action="revoke", reason="撤销"
    )
    assert services.assignment_generate_recurring(today=TODAY().replace(year=TODAY().year + 1)) == 0


def test_head_refuses_unapproved_work(world):
    item = TaskItemFactory(department=world.other_department)
    head = world.users["community_head"]
    assignment = services.assignment_register_unapproved(
        by=world.users["community_staff"], task_item=item, assigned_on=TODAY()
    )
    assert not assignment.approved
    with pytest.raises(ValidationError):
        services.assignment_refuse(assignment_id=assignment.pk, by=world.users["community_staff"], reason="x")
    with pytest.raises(ValidationError) as caught:
        services.assignment_refuse(assignment_id=assignment.pk, by=head, reason="")
    assert "reason" in caught.value.message_dict
    refused = services.assignment_refuse(assignment_id=assignment.pk, by=head, reason="未经准入")
    assert refused.refused and refused.refused_by == head
    assert AuditRecord.objects.filter(action="task_assignment.refuse", reason="未经准入").exists()
    with pytest.raises(TransitionError):
        services.assignment_refuse(assignment_id=assignment.pk, by=head, reason="again")


def test_approved_work_cannot_be_refused(world):
    assignment = AssignmentFactory(community=world.community, approved=True)
    with pytest.raises(ValidationError):
        services.assignment_refuse(assignment_id=assignment.pk, by=world.users["community_head"], reason="x")


def test_complete_once(world):
    assignment = AssignmentFactory(community=world.community)
    services.assignment_complete(assignment_id=assignment.pk, by=world.users["community_staff"])
    with pytest.raises(TransitionError):
        services.assignment_complete(assignment_id=assignment.pk, by=world.users["community_staff"])


# --- the work log ----------------------------------------------------------------------------
def line(**kwargs):
    kwargs.setdefault("date", TODAY())
    kwargs.setdefault("hours", "2")
    return services.LogLine(**kwargs)


def test_worklog_for_an_assignment_and_unapproved(world):
    staff = world.users["community_staff"]
    assignment = AssignmentFactory(community=world.community, approved=True)
    entry = services.worklog_create(by=staff, line=line(assignment_id=assignment.pk, people=2))
    assert entry.approved and entry.department == assignment.task_item.department
    assert entry.task_item == assignment.task_item and entry.people == 2
    other = services.worklog_create(
        by=staff, line=line(department_id=world.other_department.pk, category="temporary")
    )
    assert not other.approved and other.department == world.other_department and other.category == "temporary"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"hours": "0"}, "hours"),
        ({"hours": "-1"}, "hours"),
        ({"hours": "25"}, "hours"),
        ({"hours": "49", "people": 2}, "hours"),
        ({"date": timezone.localdate() + datetime.timedelta(days=1)}, "date"),
        ({"department_id": None}, "department"),
    ],
)
def test_worklog_bad_input(world, kwargs, field):
    kwargs.setdefault("department_id", world.department.pk)
    with pytest.raises(ValidationError) as caught:
        services.worklog_create(by=world.users["community_staff"], line=line(**kwargs))
    assert field in caught.value.message_dict
    assert not WorkLog.objects.exists()


def test_a_persons_day_has_24_hours(world):
    staff = world.users["community_staff"]
    services.worklog_create(by=staff, line=line(hours="20", department_id=world.department.pk))
    with pytest.raises(ValidationError) as caught:
        services.worklog_create(by=staff, line=line(hours="5", department_id=world.department.pk))
    assert "hours" in caught.value.message_dict
    assert WorkLog.objects.count() == 1


def test_bulk_is_all_or_nothing(world):
    staff = world.users["community_staff"]
    good = line(department_id=world.department.pk)
    bad = line(department_id=world.department.pk, hours="0")
    with pytest.raises(ValidationError) as caught:
        services.worklog_create_many(by=staff, lines=[good, bad], keys=["a", "b"])
    assert set(caught.value.message_dict) == {"b.hours"}
    assert not WorkLog.objects.exists()


def test_other_communitys_assignment_is_refused(world):
    foreign = AssignmentFactory(community=world.other_community)
    with pytest.raises(ValidationError) as caught:
        services.worklog_create(by=world.users["community_staff"], line=line(assignment_id=foreign.pk))
    assert "assignment" in caught.value.message_dict


# --- catalog ---------------------------------------------------------------------------------
def test_publish_versions_and_keep_the_approved_one(world):
    admin = world.users["district_admin"]
    TaskItemFactory(department=world.department)
    first = services.catalog_version_publish(
        by=admin, name="2025年版", valid_from=TODAY() - datetime.timedelta(days=30)
    )
    req = approved(world)
    assert req.catalog_version == first
    second = services.catalog_version_publish(by=admin, name="2026年版", valid_from=TODAY())
    first.refresh_from_db()
    assert first.valid_until == TODAY() - datetime.timedelta(days=1)
    assert services.catalog_version_in_force(on=TODAY()) == second
    req.refresh_from_db()
    assert req.catalog_version == first
    assert second.entries.count() == 2  # the approved new item joined the catalog
    with pytest.raises(ValidationError) as caught:
        services.catalog_version_publish(by=admin, name="重复", valid_from=TODAY())
    assert "valid_from" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.catalog_version_publish(by=world.users["department_officer"], name="x", valid_from=TODAY())


def test_webhook_is_posted_on_commit(world, settings, django_capture_on_commit_callbacks):
    import http.server
    import threading

    received = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            received.append(self.rfile.read(int(self.headers["Content-Length"])).decode())
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    settings.TASKS_WEBHOOK_URL = f"http://127.0.0.1:{server.server_port}/hook"
    req = submit(world, draft(world))
    with django_capture_on_commit_callbacks(execute=True):
        services.access_request_decide(
            request_id=req.pk, by=world.users["district_admin"], action="reject", reason="不符合"
        )
    thread.join(timeout=10)
    server.server_close()
    assert len(received) == 1
    assert "不予准入" in received[0]


@pytest.mark.django_db(transaction=True)
def test_beat_task_runs_on_a_real_worker(world, celery_worker):
    from tasks.tasks import generate_recurring_assignments_task

    req = AccessRequestFactory(
        department=world.department, frequency="monthly", communities=[world.community]
    )
    req = services.access_request_submit(request_id=req.pk, by=world.users["department_officer"])
    services.access_request_decide(
        request_id=req.pk, by=world.users["district_admin"], action="approve", reason="同意"
    )
    assert generate_recurring_assignments_task.delay().get(timeout=60) == 0  # this month exists already
    assert TaskAssignment.objects.filter(access_request=req).count() == 1


# --- code review, session 3 ------------------------------------------------------------------
def test_approving_for_many_communities_takes_a_constant_number_of_queries(
    world, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import CommunityFactory

    def queries_to_approve(communities):
        req = submit(world, draft(world, communities=communities))
        with CaptureQueriesContext(connection) as ctx:
            services.access_request_decide(
                request_id=req.pk, by=world.users["district_admin"], action="approve", reason="同意"
            )
        assert TaskAssignment.objects.filter(access_request=req).count() == len(communities)
        assert Notification.objects.filter(access_request=req, community__isnull=False).count() == len(
            communities
        )
        return len(ctx.captured_queries)

    few = queries_to_approve([world.community])
    many = queries_to_approve([CommunityFactory(street=world.street) for _ in range(12)])
    assert many == few


def test_only_inserted_assignments_are_notified(world):
    req = approved(world, communities=[world.community, world.sibling], frequency="monthly")
    assert Notification.objects.filter(access_request=req, community__isnull=False).count() == 2
    # A second run for the same period inserts nothing and notifies no one.
    assert services._assignments_create(req=req, today=TODAY(), first=False) == 0
    TaskAssignment.objects.filter(access_request=req, community=world.sibling).delete()
    assert services._assignments_create(req=req, today=TODAY(), first=False) == 1
    notified = Notification.objects.filter(access_request=req, community__isnull=False)
    assert sorted(notified.values_list("community_id", flat=True)) == sorted(
        [world.community.pk, world.sibling.pk, world.sibling.pk]
    )


def test_recurring_generation_skips_a_request_revoked_meanwhile(world):
    req = approved(world, frequency="monthly")
    other = approved(world, frequency="monthly", communities=[world.sibling])
    AccessRequest.objects.filter(pk=req.pk).update(status=S.REVOKED)
    next_month = (TODAY().replace(day=1) + datetime.timedelta(days=40)).replace(day=10)
    assert services.assignment_generate_recurring(today=next_month) == 1
    assert TaskAssignment.objects.filter(access_request=other, period=f"{next_month:%Y-%m}").exists()


def test_revoking_closes_open_assignments_and_keeps_done_work_and_hours(world):
    req = approved(world, communities=[world.community, world.sibling, world.other_community])
    rows = {a.community_id: a for a in TaskAssignment.objects.filter(access_request=req)}
    staff = world.users["community_staff"]
    logged = services.worklog_create(
        by=staff, line=services.LogLine(date=TODAY(), hours="2", assignment_id=rows[world.community.pk].pk)
    )
    assert logged.approved
    done = TaskAssignment.objects.get(pk=rows[world.sibling.pk].pk)
    done.done_at = timezone.now()
    done.save()
    revoked = services.access_request_decide(
        request_id=req.pk, by=world.users["district_admin"], action="revoke", reason="上级文件已废止"
    )
    assert revoked.status == S.REVOKED
    open_one = TaskAssignment.objects.get(pk=rows[world.community.pk].pk)
    assert open_one.refused and open_one.refused_reason == "准入已撤销" and open_one.closed_by_revocation
    assert open_one.refused_by == world.users["district_admin"] and open_one.refused_at
    assert TaskAssignment.objects.get(pk=rows[world.other_community.pk].pk).closed_by_revocation
    kept = TaskAssignment.objects.get(pk=done.pk)
    assert kept.done_at and not kept.refused
    # Logged hours stay as they were: 经过准入 at the time.
    assert WorkLog.objects.get(pk=logged.pk).approved
    assert WorkLog.objects.get(pk=logged.pk).hours == Decimal(2)
    # The communities whose open work was closed are told; the one that had finished is not.
    notified = Notification.objects.filter(access_request=req, title__startswith="准入已撤销")
    assert set(notified.values_list("community_id", flat=True)) == {
        world.community.pk,
        world.other_community.pk,
    }
    assert "上级文件已废止" in notified.first().body
    assert AuditRecord.objects.get(action="access_request.revoke").after["closed"] == 2
    # The inbox no longer offers it; no more hours can be logged against it.
    assert open_one not in services_open(world)
    with pytest.raises(ValidationError) as caught:
        services.worklog_create(
            by=staff, line=services.LogLine(date=TODAY(), hours="1", assignment_id=open_one.pk)
        )
    assert "assignment" in caught.value.message_dict


def services_open(world):
    from tasks import selectors

    return list(selectors.open_assignments(user=world.users["community_staff"]))


def test_revoking_notifies_in_bulk(world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import CommunityFactory

    def queries_to_revoke(communities):
        req = approved(world, communities=communities)
        with CaptureQueriesContext(connection) as ctx:
            services.access_request_decide(
                request_id=req.pk, by=world.users["district_admin"], action="revoke", reason="撤销"
            )
        assert TaskAssignment.objects.filter(access_request=req, refused=True).count() == len(communities)
        return len(ctx.captured_queries)

    assert queries_to_revoke([CommunityFactory(street=world.street) for _ in range(10)]) == queries_to_revoke(
        [world.community]
    )


def test_an_inactive_task_item_is_a_field_error(world):
    item = TaskItemFactory(department=world.department, active=False)
    with pytest.raises(ValidationError) as caught:
        services.access_request_save(by=world.users["department_officer"], fields={"task_item": item})
    assert "task_item" in caught.value.message_dict
    assert not AccessRequest.objects.exists()


@pytest.mark.parametrize("people", [-1, 1001, 3_000_000_000])
def test_worklog_people_is_bounded(world, people):
    with pytest.raises(ValidationError) as caught:
        services.worklog_create(
            by=world.users["community_staff"],
            line=services.LogLine(date=TODAY(), hours="2", people=people, department_id=world.department.pk),
        )
    assert "people" in caught.value.message_dict
    assert not WorkLog.objects.exists()


def test_catalog_version_and_new_request_code_are_translated(world):
    from django.utils import translation

    version = services.catalog_version_publish(
        by=world.users["district_admin"], name="2026年版", valid_from=datetime.date(2026, 1, 1)
    )
    assert str(version) == "2026年版（2026-01-01起）"
    with translation.override("en"):
        assert "2026-01-01" in str(version) and "起" not in str(version)
        assert AccessRequest().code != "ZR-新"
    assert AccessRequest().code == "ZR-新"


def test_approval_finds_a_free_code_when_an_imported_item_holds_zr_id(world):
    req = submit(world, draft(world))
    TaskItemFactory(code=f"ZR-{req.pk:05d}")  # e.g. from a catalog workbook
    TaskItemFactory(code=f"ZR-{req.pk:05d}-2")
    req = services.access_request_decide(
        request_id=req.pk, by=world.users["street_supervisor"], action="approve", reason="符合准入条件"
    )
    assert req.status == S.APPROVED and req.task_item.code == f"ZR-{req.pk:05d}-3"
