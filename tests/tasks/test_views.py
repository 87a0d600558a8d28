"""The tasks pages: the request form (draft, submit, attachments), review, inbox, work log, lists."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tasks import services
from tasks.models import AccessRequest, Attachment, TaskAssignment, WorkLog

from .factories import AccessRequestFactory, AssignmentFactory, TaskItemFactory, WorkLogFactory

pytestmark = pytest.mark.django_db
S = AccessRequest.Status


def form_data(world, **overrides):
    data = {
        "title": "居家养老服务补贴申报",
        "list_class": "assisting",
        "nature": "service",
        "legal_basis": "《老年人权益保障法》",
        "target_mode": "chosen",
        "target_communities": [world.community.pk],
        "frequency": "once",
        "deadline": (timezone.localdate() + datetime.timedelta(days=80)).isoformat(),
        "hours_per_community": "6",
        "funds_transferred": "2000",
        "demanded_fields": "",
    }
    data.update(overrides)
    return data


def test_request_form_saves_a_draft_then_submits(world, client_for):
    client = client_for(world.users["department_officer"])
    page = client.get(reverse("tasks:request_create"))
    assert page.status_code == 200
    assert "三、费随事转、权随责走" in page.content.decode()
    response = client.post(reverse("tasks:request_create"), {**form_data(world), "intent": "draft"})
    req = AccessRequest.objects.get()
    assert response.status_code == 302
    assert req.status == S.DRAFT
    response = client.post(
        reverse("tasks:request_edit", args=[req.pk]), {**form_data(world), "intent": "submit"}
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == S.SUBMITTED
    page = client.get(reverse("tasks:request_detail", args=[req.pk]))
    assert "待审核" in page.content.decode()
    # submitted requests are no longer editable
    assert client.get(reverse("tasks:request_edit", args=[req.pk])).status_code == 403


def test_request_form_field_errors(world, client_for):
    client = client_for(world.users["department_officer"])
    past = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    data = form_data(world, target_communities=[], deadline=past)
    response = client.post(reverse("tasks:request_create"), {**data, "intent": "submit"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-field="target_communities"' in html
    assert 'data-field="deadline"' in html
    assert AccessRequest.objects.get().status == S.DRAFT  # the draft is kept, nothing submitted


def test_negative_list_is_blocked_with_the_reason_shown(world, client_for):
    client = client_for(world.users["department_officer"])
    response = client.post(
        reverse("tasks:request_create"),
        {**form_data(world, list_class="negative"), "intent": "submit"},
        follow=True,
    )
    html = response.content.decode()
    assert "系统拦截" in html
    assert "负面清单" in html


def test_attachments_type_size_and_permission(world, client_for, settings):
    client = client_for(world.users["department_officer"])
    url = reverse("tasks:request_create")
    bad = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(url, {**form_data(world), "intent": "draft", "attachments": [bad]})
    assert response.status_code == 400
    assert 'data-field="attachments"' in response.content.decode()
    assert not AccessRequest.objects.exists()
    big = SimpleUploadedFile("big.pdf", b"0" * (10 * 1024 * 1024 + 1), content_type="application/pdf")
    response = client.post(url, {**form_data(world), "intent": "draft", "attachments": [big]})
    assert response.status_code == 400
    assert not AccessRequest.objects.exists()
    good = SimpleUploadedFile("依据.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client.post(url, {**form_data(world), "intent": "submit", "attachments": [good]})
    attachment = Attachment.objects.get()
    assert str(settings.MEDIA_ROOT) in attachment.file.path
    download = reverse("tasks:attachment_download", args=[attachment.access_request_id, attachment.pk])
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert client_for(world.users["district_admin"]).get(download).status_code == 200
    assert client_for(world.users["other_department_officer"]).get(download).status_code == 404
    assert client_for(world.users["other_street_supervisor"]).get(download).status_code == 404
    assert client_for(world.users["community_staff"]).get(download).status_code == 403


def test_district_reviews_in_the_browser(world, client_for):
    req = AccessRequestFactory(department=world.department, communities=[world.community])
    services.access_request_submit(request_id=req.pk, by=world.users["department_officer"])
    client = client_for(world.users["district_admin"])
    url = reverse("tasks:request_detail", args=[req.pk])
    page = client.get(url).content.decode()
    assert "准予准入" in page
    assert "撤销准入" not in page
    assert client.post(url, {"action": "approve", "reason": ""}).status_code == 400
    assert client.post(url, {"action": "approve", "reason": "同意"}).status_code == 302
    assert TaskAssignment.objects.filter(access_request=req).count() == 1
    again = client.post(url, {"action": "approve", "reason": "同意"}, follow=True).content.decode()
    assert "不能执行" in again  # the 409 of the state machine, shown as a message
    assert TaskAssignment.objects.filter(access_request=req).count() == 1
    assert client_for(world.users["other_street_supervisor"]).get(url).status_code == 404


def test_inbox_quick_entry_in_three_steps(world, client_for):
    assignment = AssignmentFactory(community=world.community)
    client = client_for(world.users["community_staff"])
    page = client.get(reverse("tasks:inbox")).content.decode()
    assert assignment.task_item.name in page
    partial = client.get(f"{reverse('tasks:worklog_quick')}?line={assignment.pk}", HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert "<html" not in partial.content.decode()
    data = {"date": timezone.localdate().isoformat(), "line": assignment.pk, "hours": "1.5", "people": "1"}
    response = client.post(reverse("tasks:worklog_quick"), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "已记录 1.50 小时" in response.content.decode()
    entry = WorkLog.objects.get()
    assert entry.approved
    assert entry.assignment == assignment
    # remembered: the next form starts with the same hours
    assert 'value="1.5"' in client.get(reverse("tasks:worklog_quick")).content.decode()


def test_quick_entry_errors_and_unapproved(world, client_for):
    client = client_for(world.users["community_staff"])
    url = reverse("tasks:worklog_quick")
    data = {"date": timezone.localdate().isoformat(), "line": "u", "hours": "0", "people": "1"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert 'data-field="department"' in response.content.decode()
    response = client.post(url, {**data, "department": world.department.pk})
    assert response.status_code == 400
    assert 'data-field="hours"' in response.content.decode()
    assert client.post(url, {**data, "department": world.department.pk, "hours": "2"}).status_code == 302
    assert WorkLog.objects.get().approved is False


def test_week_view_bulk_entry_all_or_nothing(world, client_for):
    assignment = AssignmentFactory(community=world.community)
    client = client_for(world.users["community_staff"])
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    assert assignment.task_item.name in client.get(reverse("tasks:worklog_week")).content.decode()
    good = f"h-a{assignment.pk}-{monday.isoformat()}"
    future = f"h-a{assignment.pk}-{(today + datetime.timedelta(days=1)).isoformat()}"
    url = reverse("tasks:worklog_week")
    response = client.post(url, {"week": monday.isoformat(), good: "2", future: "3"})
    assert response.status_code == 400
    assert not WorkLog.objects.exists()
    assert client.post(url, {"week": monday.isoformat(), good: "2"}).status_code == 302
    assert WorkLog.objects.get().hours == 2


def test_head_refuses_in_the_browser(world, client_for):
    item = TaskItemFactory(department=world.other_department)
    staff = client_for(world.users["community_staff"])
    response = staff.post(
        reverse("tasks:assignment_unapproved"),
        {"task_item": item.pk, "assigned_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    assignment = TaskAssignment.objects.get(approved=False)
    url = reverse("tasks:assignment_refuse", args=[assignment.pk])
    assert staff.get(url).status_code == 403
    head = client_for(world.users["community_head"])
    assert "拒绝" in head.get(reverse("tasks:inbox")).content.decode()
    assert head.post(url, {"reason": ""}).status_code == 400
    assert head.post(url, {"reason": "未经准入，拒绝承接"}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.refused
    assert assignment.refused_reason == "未经准入，拒绝承接"


def test_catalog_pages(world, client_for):
    TaskItemFactory(name="高龄津贴发放", department=world.department)
    staff = client_for(world.users["community_staff"])
    page = staff.get(reverse("tasks:catalog_list") + "?q=高龄").content.decode()
    assert "高龄津贴发放" in page
    assert staff.get(reverse("tasks:catalog_create")).status_code == 403
    export = staff.get(reverse("tasks:catalog_list") + "?export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    admin = client_for(world.users["district_admin"])
    item = {
        "code": "N1",
        "name": "新事项",
        "department": world.department.pk,
        "list_class": "statutory",
        "nature": "service",
        "funds_per_year": "0",
        "hours_per_occurrence": "1",
        "active": "on",
    }
    assert admin.post(reverse("tasks:catalog_create"), item).status_code == 302
    version = {"name": "2026年版", "valid_from": timezone.localdate().isoformat()}
    assert admin.post(reverse("tasks:version_publish"), version).status_code == 302
    assert "2026年版" in admin.get(reverse("tasks:version_list")).content.decode()


def _grow(world, n):
    item = TaskItemFactory(department=world.department)
    for _ in range(n):
        req = AccessRequestFactory(
            department=world.department, status=S.SUBMITTED, communities=[world.community]
        )
        req.findings.create(kind="one_vote_veto", message="一票否决")
        AssignmentFactory(
            community=world.community,
            task_item=item,
            access_request=req,
            period=f"p{req.pk}",
            due_on=timezone.localdate(),
        )
        WorkLogFactory(
            community=world.community,
            department=world.department,
            task_item=item,
            created_by=world.users["community_staff"],
        )
        req.notifications.create(community=world.community, title="通知")
        TaskItemFactory(department=world.department)


PAGES = [
    ("department_officer", "tasks:request_list"),
    ("district_admin", "tasks:request_list"),
    ("street_supervisor", "tasks:request_list"),
    ("community_staff", "tasks:inbox"),
    ("community_staff", "tasks:catalog_list"),
    ("district_admin", "tasks:catalog_list"),
    ("district_admin", "tasks:version_list"),
    ("street_supervisor", "tasks:assignment_list"),
    ("district_admin", "tasks:worklog_list"),
    ("community_staff", "tasks:notification_list"),
    ("community_staff", "tasks:worklog_quick"),
    ("community_staff", "tasks:worklog_week"),
]


@pytest.mark.parametrize(("role", "name"), PAGES)
def test_list_pages_have_constant_query_counts(world, client_for, django_assert_max_num_queries, role, name):
    client = client_for(world.users[role])
    _grow(world, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(name)).status_code == 200
    _grow(world, 8)
    with django_assert_max_num_queries(len(small)):
        assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize(
    ("role", "name"),
    [
        ("community_staff", "tasks:request_list"),
        ("department_officer", "tasks:inbox"),
        ("street_supervisor", "tasks:worklog_quick"),
        ("community_staff", "tasks:request_create"),
        ("district_admin", "tasks:request_create"),
    ],
)
def test_pages_are_for_their_roles(world, client_for, role, name):
    assert client_for(world.users[role]).get(reverse(name)).status_code == 403


# --- code review, session 3 ------------------------------------------------------------------
def test_request_form_preselects_only_a_visible_active_item(world, client_for):
    client = client_for(world.users["department_officer"])
    url = reverse("tasks:request_create")
    for bad in ("abc", "１２", "²", "-1", "99999999999999999999"):
        assert client.get(url, {"task_item": bad}).status_code == 200
    inactive = TaskItemFactory(department=world.department, active=False, name="已停用的事项")
    page = client.get(url, {"task_item": inactive.pk}).content.decode()
    assert 'value="已停用的事项"' not in page
    active = TaskItemFactory(department=world.department, name="在清单中的事项")
    page = client.get(url, {"task_item": active.pk}).content.decode()
    assert 'value="在清单中的事项"' in page


def test_request_form_offers_the_choices_the_api_accepts(world, client_for):
    from organisation.models import Community, Street

    form_class = __import__("tasks.forms", fromlist=["AccessRequestForm"]).AccessRequestForm
    form = form_class(user=world.users["department_officer"])
    assert set(form.fields["target_communities"].queryset) == set(
        Community.objects.visible_to(world.users["department_officer"])
    )
    assert set(form.fields["target_streets"].queryset) == set(
        Street.objects.visible_to(world.users["department_officer"])
    )
    inactive = TaskItemFactory(department=world.department, active=False)
    assert inactive not in form.fields["task_item"].queryset
    # A user without a unit is offered nothing (the scoped querysets are kept, not replaced).
    from django.contrib.auth import get_user_model

    nobody = get_user_model().objects.create_user("nobody", password="x")
    empty = form_class(user=nobody)
    assert not empty.fields["target_communities"].queryset.exists()
    assert not empty.fields["task_item"].queryset.exists()


def test_posting_an_inactive_item_is_a_field_error(world, client_for):
    inactive = TaskItemFactory(department=world.department, active=False)
    response = client_for(world.users["department_officer"]).post(
        reverse("tasks:request_create"), form_data(world, task_item=inactive.pk)
    )
    assert response.status_code == 400
    assert not AccessRequest.objects.exists()


def test_quick_entry_people_is_bounded(world, client_for):
    response = client_for(world.users["community_staff"]).post(
        reverse("tasks:worklog_quick"),
        {
            "date": timezone.localdate().isoformat(),
            "line": "u",
            "department": world.department.pk,
            "category": "task",
            "hours": "2",
            "people": "3000000000",
        },
    )
    assert response.status_code == 400
    assert not WorkLog.objects.exists()


def test_inbox_shows_a_revoked_assignment_as_closed(world, client_for):
    req = AccessRequestFactory(department=world.department, communities=[world.community])
    services.access_request_submit(request_id=req.pk, by=world.users["department_officer"])
    admin = world.users["district_admin"]
    services.access_request_decide(request_id=req.pk, by=admin, action="approve", reason="同意")
    services.access_request_decide(request_id=req.pk, by=admin, action="revoke", reason="撤销")
    client = client_for(world.users["community_staff"])
    assert "准入已撤销" not in client.get(reverse("tasks:inbox")).content.decode()
    done = client.get(reverse("tasks:inbox"), {"state": "done"}).content.decode()
    assert "已关闭：准入已撤销" in done
