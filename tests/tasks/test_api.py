"""The tasks API: scoping, transitions as actions, field-level 400s, 409s, constant query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tasks import services
from tasks.models import AccessRequest, ListClass, TaskAssignment, WorkLog

from .factories import AccessRequestFactory, AssignmentFactory, TaskItemFactory, WorkLogFactory

pytestmark = pytest.mark.django_db
S = AccessRequest.Status


def submitted(world, **kwargs):
    kwargs.setdefault("communities", [world.community])
    req = AccessRequestFactory(department=world.department, **kwargs)
    return services.access_request_submit(request_id=req.pk, by=world.users["department_officer"])


def test_department_drafts_submits_and_district_approves(world, api_for):
    officer = api_for(world.users["department_officer"])
    deadline = timezone.localdate() + datetime.timedelta(days=80)
    response = officer.post(
        "/api/v1/access-requests/",
        {
            "title": "老年人高龄津贴资格认证",
            "list_class": "assisting",
            "nature": "service",
            "legal_basis": "《老年人权益保障法》",
            "target_mode": "chosen",
            "target_communities": [world.community.pk],
            "deadline": deadline.isoformat(),
            "funds_transferred": "3000",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["status"] == "draft"
    response = officer.post(f"/api/v1/access-requests/{pk}/submit/")
    assert response.status_code == 200
    assert response.json()["findings"] == []
    admin = api_for(world.users["district_admin"])
    response = admin.post(f"/api/v1/access-requests/{pk}/approve/", {"reason": "同意"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    response = admin.post(f"/api/v1/access-requests/{pk}/approve/", {"reason": "同意"}, format="json")
    assert response.status_code == 409
    response = admin.post(f"/api/v1/access-requests/{pk}/reject/", {"reason": ""}, format="json")
    assert response.status_code in (400, 409)
    staff = api_for(world.users["community_staff"])
    rows = staff.get("/api/v1/assignments/").json()["results"]
    assert [r["access_request"] for r in rows] == [pk]
    notes = officer.get("/api/v1/notifications/").json()["results"]
    assert any("准予准入" in n["title"] for n in notes)
    assert officer.post(f"/api/v1/notifications/{notes[0]['id']}/read/").json()["read_at"]


def test_negative_list_request_is_blocked_with_the_reason(world, api_for):
    req = AccessRequestFactory(
        department=world.department, list_class=ListClass.NEGATIVE, communities=[world.community]
    )
    response = api_for(world.users["department_officer"]).post(f"/api/v1/access-requests/{req.pk}/submit/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "blocked"
    assert body["findings"][0]["kind"] == "negative_list"
    assert "负面清单" in body["decision_reason"]


def test_return_and_revoke_actions(world, api_for):
    admin = api_for(world.users["district_admin"])
    req = submitted(world)
    assert (
        admin.post(f"/api/v1/access-requests/{req.pk}/return/", {"reason": "补依据"}).json()["status"]
        == "returned"
    )
    assert admin.post(f"/api/v1/access-requests/{req.pk}/revoke/", {"reason": "x"}).status_code == 409


def test_reviewer_roles_and_scope(world, api_for):
    req = submitted(world, communities=[world.community, world.other_community])
    street = api_for(world.users["street_supervisor"])
    response = street.post(f"/api/v1/access-requests/{req.pk}/approve/", {"reason": "同意"})
    assert response.status_code == 400
    assert "target_communities" in response.json()
    officer = api_for(world.users["department_officer"])
    assert officer.post(f"/api/v1/access-requests/{req.pk}/approve/", {"reason": "同意"}).status_code == 403
    assert AccessRequest.objects.get(pk=req.pk).status == S.SUBMITTED
    assert not TaskAssignment.objects.exists()


def test_double_submission_is_400(world, api_for):
    req = submitted(world)
    twin = AccessRequestFactory(department=world.department, title=req.title, communities=[world.community])
    response = api_for(world.users["department_officer"]).post(f"/api/v1/access-requests/{twin.pk}/submit/")
    assert response.status_code == 400
    assert "title" in response.json()


def test_draft_bad_input_is_field_level(world, api_for):
    response = api_for(world.users["department_officer"]).post(
        "/api/v1/access-requests/", {"title": "", "list_class": "nonsense"}, format="json"
    )
    assert response.status_code == 400
    assert "list_class" in response.json()
    assert not AccessRequest.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"hours": "0"}, "hours"),
        ({"hours": "30"}, "hours"),
        ({"date": (timezone.localdate() + datetime.timedelta(days=2)).isoformat()}, "date"),
        ({"department": None}, "department"),
    ],
)
def test_worklog_bad_input(world, api_for, payload, field):
    body = {
        "date": timezone.localdate().isoformat(),
        "hours": "2",
        "department": world.department.pk,
        **payload,
    }
    response = api_for(world.users["community_staff"]).post("/api/v1/work-logs/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not WorkLog.objects.exists()


def test_worklog_create_and_refuse(world, api_for):
    staff = api_for(world.users["community_staff"])
    body = {"date": timezone.localdate().isoformat(), "hours": "1.5", "department": world.other_department.pk}
    response = staff.post("/api/v1/work-logs/", body, format="json")
    assert response.status_code == 201
    assert response.json()["approved"] is False
    unapproved = AssignmentFactory(community=world.community, approved=False)
    assert staff.post(f"/api/v1/assignments/{unapproved.pk}/refuse/", {"reason": "x"}).status_code == 403
    head = api_for(world.users["community_head"])
    response = head.post(f"/api/v1/assignments/{unapproved.pk}/refuse/", {"reason": "未经准入"})
    assert response.status_code == 200
    assert response.json()["refused"] is True
    assert head.post(f"/api/v1/assignments/{unapproved.pk}/refuse/", {"reason": "再次"}).status_code == 409


def test_catalog_edit_is_for_the_district(world, api_for):
    body = {
        "code": "X01",
        "name": "居民最低生活保障初审",
        "department": world.department.pk,
        "list_class": "statutory",
        "nature": "service",
    }
    officer = api_for(world.users["department_officer"])
    assert officer.post("/api/v1/catalog/items/", body, format="json").status_code == 403
    response = api_for(world.users["district_admin"]).post("/api/v1/catalog/items/", body, format="json")
    assert response.status_code == 201
    response = api_for(world.users["district_admin"]).post(
        "/api/v1/catalog/versions/", {"name": "2026年版", "valid_from": timezone.localdate().isoformat()}
    )
    assert response.status_code == 201
    assert response.json()["items"] == 1
    rows = api_for(world.users["community_staff"]).get("/api/v1/catalog/items/?list_class=statutory").json()
    assert rows["count"] == 1


# --- scoping matrix ----------------------------------------------------------------------------
@pytest.fixture
def records(world):
    mine = AccessRequestFactory(
        department=world.department, status=S.SUBMITTED, communities=[world.community]
    )
    theirs = AccessRequestFactory(
        department=world.other_department, status=S.SUBMITTED, communities=[world.other_community]
    )
    draft = AccessRequestFactory(department=world.department, communities=[world.community])
    item = TaskItemFactory(department=world.department)
    other_item = TaskItemFactory(department=world.other_department)
    return {
        "mine": mine,
        "theirs": theirs,
        "draft": draft,
        "assignment": AssignmentFactory(community=world.community, task_item=item),
        "other_assignment": AssignmentFactory(community=world.other_community, task_item=other_item),
        "log": WorkLogFactory(community=world.community, department=world.department),
        "other_log": WorkLogFactory(community=world.other_community, department=world.other_department),
    }


REQUESTS = "/api/v1/access-requests/"
MATRIX = [
    # role, endpoint, visible record keys, hidden record keys
    ("department_officer", REQUESTS, {"mine", "draft"}, {"theirs"}),
    ("other_department_officer", REQUESTS, {"theirs"}, {"mine", "draft"}),
    ("street_supervisor", REQUESTS, {"mine"}, {"theirs", "draft"}),
    ("other_street_supervisor", REQUESTS, {"theirs"}, {"mine", "draft"}),
    ("district_admin", REQUESTS, {"mine", "theirs"}, {"draft"}),
    ("community_staff", "/api/v1/assignments/", {"assignment"}, {"other_assignment"}),
    ("other_community_staff", "/api/v1/assignments/", {"other_assignment"}, {"assignment"}),
    ("street_supervisor", "/api/v1/assignments/", {"assignment"}, {"other_assignment"}),
    ("department_officer", "/api/v1/assignments/", {"assignment"}, {"other_assignment"}),
    ("community_staff", "/api/v1/work-logs/", {"log"}, {"other_log"}),
    ("other_street_supervisor", "/api/v1/work-logs/", {"other_log"}, {"log"}),
    ("department_officer", "/api/v1/work-logs/", {"log"}, {"other_log"}),
    ("district_admin", "/api/v1/work-logs/", {"log", "other_log"}, set()),
]


@pytest.mark.parametrize(("role", "url", "visible", "hidden"), MATRIX)
def test_scoping_matrix(world, records, api_for, role, url, visible, hidden):
    api = api_for(world.users[role])
    response = api.get(url)
    if url == REQUESTS and role.startswith("community"):
        assert response.status_code == 403
        return
    ids = {row["id"] for row in response.json()["results"]}
    assert {records[k].pk for k in visible} <= ids
    assert not ({records[k].pk for k in hidden} & ids)
    for key in hidden:
        assert api.get(f"{url}{records[key].pk}/").status_code == 404


def test_communities_cannot_list_requests(world, api_for):
    assert api_for(world.users["community_staff"]).get(REQUESTS).status_code == 403


def test_notifications_are_private(world, api_for):
    req = submitted(world, list_class=ListClass.NEGATIVE)
    note = req.notifications.get()
    assert (
        api_for(world.users["other_department_officer"]).get(f"/api/v1/notifications/{note.pk}/").status_code
        == 404
    )
    assert api_for(world.users["district_admin"]).get("/api/v1/notifications/").json()["count"] == 0


# --- constant query counts ------------------------------------------------------------------
def _grow(world, n):
    item = TaskItemFactory(department=world.department)
    for _ in range(n):
        req = AccessRequestFactory(
            department=world.department, status=S.SUBMITTED, communities=[world.community]
        )
        req.findings.create(kind="one_vote_veto", message="一票否决")
        AssignmentFactory(community=world.community, task_item=item, access_request=req, period=f"p{req.pk}")
        WorkLogFactory(community=world.community, department=world.department, task_item=item)
        req.notifications.create(department=world.department, title="通知")
        TaskItemFactory(department=world.department)


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("department_officer", "/api/v1/access-requests/"),
        ("district_admin", "/api/v1/access-requests/?status=submitted"),
        ("community_staff", "/api/v1/assignments/"),
        ("street_supervisor", "/api/v1/work-logs/"),
        ("department_officer", "/api/v1/notifications/"),
        ("community_staff", "/api/v1/catalog/items/"),
        ("district_admin", "/api/v1/catalog/versions/"),
    ],
)
def test_list_endpoints_have_constant_query_counts(world, api_for, django_assert_max_num_queries, role, url):
    api = api_for(world.users[role])
    _grow(world, 2)
    services.catalog_version_publish(
        by=world.users["district_admin"], name="v1", valid_from=datetime.date(2025, 1, 1)
    )
    with CaptureQueriesContext(connection) as small:
        assert api.get(url).status_code == 200
    _grow(world, 8)
    services.catalog_version_publish(
        by=world.users["district_admin"], name="v2", valid_from=datetime.date(2026, 1, 1)
    )
    with django_assert_max_num_queries(len(small)):
        assert api.get(url).status_code == 200


# --- code review, session 3 ------------------------------------------------------------------
@pytest.mark.parametrize("people", [0, 1001, 3_000_000_000])
def test_worklog_people_out_of_range_is_a_field_400(world, api_for, people):
    body = {
        "date": timezone.localdate().isoformat(),
        "hours": "2",
        "people": people,
        "department": world.department.pk,
    }
    response = api_for(world.users["community_staff"]).post("/api/v1/work-logs/", body, format="json")
    assert response.status_code == 400
    assert response.json()["people"]
    assert not WorkLog.objects.exists()


def test_draft_with_an_inactive_task_item_is_a_field_400(world, api_for):
    item = TaskItemFactory(department=world.department, active=False)
    response = api_for(world.users["department_officer"]).post(
        "/api/v1/access-requests/",
        {"task_item": item.pk, "list_class": "assisting", "nature": "service"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["task_item"]
    assert not AccessRequest.objects.exists()


def test_revoke_action_closes_the_open_assignments(world, api_for):
    req = submitted(world)
    admin = api_for(world.users["district_admin"])
    assert admin.post(f"/api/v1/access-requests/{req.pk}/approve/", {"reason": "同意"}).status_code == 200
    assert (
        admin.post(f"/api/v1/access-requests/{req.pk}/revoke/", {"reason": "撤销"}).json()["status"]
        == "revoked"
    )
    rows = api_for(world.users["community_staff"]).get("/api/v1/assignments/").json()["results"]
    assert [(r["refused"], r["refused_reason"]) for r in rows] == [(True, "准入已撤销")]
