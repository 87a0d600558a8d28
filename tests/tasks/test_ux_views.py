"""Pages after the UX review: same-named assignments told apart, the inbox order, the week grid's
phone day, the review form's explicit decision, findings and history shown per field and role."""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.tasks.factories import AssignmentFactory, TaskItemFactory


def test_same_item_assignments_are_told_apart(world, client_for):
    item = TaskItemFactory(name="政法委·文明城市创建", department=world.department)
    today = timezone.localdate()
    AssignmentFactory(
        community=world.community, task_item=item, assigned_on=today - datetime.timedelta(days=40)
    )
    AssignmentFactory(
        community=world.community, task_item=item, assigned_on=today - datetime.timedelta(days=9)
    )
    AssignmentFactory(community=world.community, task_item=item, period="2026-Q3", approved=False)
    client = client_for(world.users["community_staff"])
    week = client.get(reverse("tasks:worklog_week")).content.decode()
    quick = client.get(reverse("tasks:worklog_quick")).content.decode()
    for page in (week, quick):
        assert f"{(today - datetime.timedelta(days=40)).isoformat()} 下达" in page
        assert f"{(today - datetime.timedelta(days=9)).isoformat()} 下达" in page
        assert "2026-Q3" in page
    assert "2026-Q3" in client.get(reverse("tasks:inbox")).content.decode()


def test_inbox_by_deadline_then_newest_issue_date(world, client_for):
    today = timezone.localdate()
    due = today + datetime.timedelta(days=3)
    older = AssignmentFactory(
        community=world.community, due_on=due, assigned_on=today - datetime.timedelta(days=20)
    )
    newer = AssignmentFactory(
        community=world.community, due_on=due, assigned_on=today - datetime.timedelta(days=2)
    )
    sooner = AssignmentFactory(community=world.community, due_on=today + datetime.timedelta(days=1))
    response = client_for(world.users["community_staff"]).get(reverse("tasks:inbox"))
    assert [a.pk for a in response.context["assignments"]] == [sooner.pk, newer.pk, older.pk]


def test_quick_entry_starts_with_no_item_and_hides_department(world, client_for):
    AssignmentFactory(community=world.community, approved=False)
    page = client_for(world.users["community_staff"]).get(reverse("tasks:worklog_quick")).content.decode()
    assert '<option value="" selected>请选择事项</option>' in page
    assert "col-6 unapproved-only d-none" in page
    assert "<script" not in page.split("<main", 1)[-1].split("</main>", 1)[0]


def test_week_view_phone_day(world, client_for):
    AssignmentFactory(community=world.community)
    client = client_for(world.users["community_staff"])
    today = timezone.localdate()
    page = client.get(reverse("tasks:worklog_week")).content.decode()
    assert f"show-day-{today.weekday()}" in page
    past = today - datetime.timedelta(days=14)
    assert (
        "show-day-0" in client.get(reverse("tasks:worklog_week"), {"week": past.isoformat()}).content.decode()
    )
    assert (
        "show-day-4"
        in client.get(reverse("tasks:worklog_week"), {"week": past.isoformat(), "day": "4"}).content.decode()
    )


def _submitted(world):
    from tasks import services

    from .factories import AccessRequestFactory

    req = AccessRequestFactory(department=world.department, communities=[world.community])
    services.access_request_submit(request_id=req.pk, by=world.users["department_officer"])
    return req


def test_review_decision_is_never_preselected(world, client_for):
    from tasks.models import AccessRequest

    req = _submitted(world)
    client = client_for(world.users["district_admin"])
    url = reverse("tasks:request_detail", args=[req.pk])
    page = client.get(url).content.decode()
    assert '<option value="" selected>请选择</option>' in page
    assert f"由{world.street.name}审核" in page  # all target communities in one street: the street acts
    response = client.post(url, {"action": "", "reason": "同意"})
    assert response.status_code == 400
    assert 'data-field="action"' in response.content.decode()
    req.refresh_from_db()
    assert req.status == AccessRequest.Status.SUBMITTED


def test_approved_request_offers_a_separate_revoke_button(world, client_for):
    from tasks import services
    from tasks.models import AccessRequest

    req = _submitted(world)
    services.access_request_decide(
        request_id=req.pk, by=world.users["district_admin"], action="approve", reason="同意"
    )
    client = client_for(world.users["district_admin"])
    url = reverse("tasks:request_detail", args=[req.pk])
    page = client.get(url).content.decode()
    assert 'name="action"' in page and 'type="hidden" name="action" value="revoke"' in page
    assert "<select" not in page.split('data-testid="revoke"', 1)[1].split("</form>", 1)[0]
    assert "data-confirm=" in page
    response = client.post(url, {"action": "revoke", "reason": ""})
    assert response.status_code == 400 and 'data-field="reason"' in response.content.decode()
    assert client.post(url, {"action": "revoke", "reason": "经费未落实"}).status_code == 302
    req.refresh_from_db()
    assert req.status == AccessRequest.Status.REVOKED


def test_duplicate_fields_finding_one_line_per_field(world, client_for):
    from tasks.models import Finding

    req = _submitted(world)
    long_message = "台账、报表要求的字段与现有台账、报表、平台重复：" + "很长的文字" * 200
    Finding.objects.create(
        access_request=req,
        kind=Finding.Kind.DUPLICATE_FIELDS,
        message=long_message,
        detail={
            "overlaps": [
                {
                    "field": "姓名",
                    "canonical": "姓名",
                    "demanded_by": ["台账 L01 低保台账", "报表 R01 月报", "报表 R02 季报", "平台 P01 系统1"],
                },
                {"field": "公民身份号码", "canonical": "身份证号", "demanded_by": ["平台 P03 服务系统3"]},
            ]
        },
    )
    page = client_for(world.users["district_admin"]).get(reverse("tasks:request_detail", args=[req.pk]))
    html = page.content.decode()
    assert "姓名：4 处重复（台账 1 · 报表 2 · 平台 1）" in html
    assert "公民身份号码（身份证号）：1 处重复（平台 1）" in html
    assert "<details" in html and "报表 R02 季报" in html
    assert "很长的文字很长的文字" not in html
    assert Finding.objects.get(kind=Finding.Kind.DUPLICATE_FIELDS).message == long_message  # stored as is
    client = client_for(world.users["district_admin"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(reverse("tasks:request_detail", args=[req.pk])).content.decode()
    assert "姓名: collected in 4 places already (Ledgers 1 · Report forms 2 · Platforms 1)" in english


def test_history_shows_role_and_unit_in_the_reader_language(world, client_for):
    officer = world.users["department_officer"]
    officer.first_name = "职能部门 · 区民政局"
    officer.save()
    req = _submitted(world)
    client = client_for(world.users["district_admin"])
    url = reverse("tasks:request_detail", args=[req.pk])
    assert f"职能部门经办人 · {world.department.name}" in client.get(url).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(url).content.decode()
    assert f"Department officer · {world.department.name}" in html
    assert "职能部门 · 区民政局" not in html


def test_two_streets_request_waits_for_the_district(world, client_for):
    from tasks import services

    from .factories import AccessRequestFactory

    req = AccessRequestFactory(
        department=world.department, communities=[world.community, world.other_community]
    )
    services.access_request_submit(request_id=req.pk, by=world.users["department_officer"])
    page = client_for(world.users["department_officer"]).get(reverse("tasks:request_detail", args=[req.pk]))
    assert "由区减负办审核" in page.content.decode()


def test_work_log_is_a_top_level_menu_entry_for_communities(world, client_for):
    response = client_for(world.users["community_staff"]).get(reverse("tasks:inbox"))
    top = [entry for entry in response.context["nav"] if "url" in entry]
    assert {"label": "记工时", "url": reverse("tasks:worklog_quick"), "active": False} in top
    department = client_for(world.users["department_officer"]).get(reverse("tasks:request_list"))
    assert "记工时" not in department.content.decode()


def test_empty_request_submit_lists_every_problem_at_the_top(world, client_for):
    from tasks.models import AccessRequest

    client = client_for(world.users["department_officer"])
    response = client.post(reverse("tasks:request_create"), {"target_mode": "chosen", "intent": "submit"})
    assert response.status_code == 400
    html = response.content.decode()
    summary = html.split('data-testid="error-summary"', 1)[1].split("</ul>", 1)[0]
    for name in ("title", "target_communities", "list_class", "nature", "frequency"):
        assert f'href="#wrap-{name}"' in summary, name
        assert f'id="wrap-{name}"' in html
    assert not AccessRequest.objects.exists()
    # a draft may leave the communities for later, not the item's name
    draft = client.post(reverse("tasks:request_create"), {"target_mode": "chosen", "intent": "draft"})
    assert 'href="#wrap-title"' in draft.content.decode()
    assert 'href="#wrap-target_communities"' not in draft.content.decode()


def test_request_list_for_a_department_officer(world, client_for):
    from tasks import services
    from tasks.models import AccessRequest

    from .factories import AccessRequestFactory

    waiting = _submitted(world)
    decided = AccessRequestFactory(department=world.department, communities=[world.community])
    services.access_request_submit(request_id=decided.pk, by=world.users["department_officer"])
    services.access_request_decide(
        request_id=decided.pk, by=world.users["district_admin"], action="reject", reason="不符合"
    )
    response = client_for(world.users["department_officer"]).get(reverse("tasks:request_list"))
    assert "department" not in [f.name for f in response.context["filter_fields"]]
    assert response.context["headers"][:2] == ["编号", "状态"]
    rows = {obj.pk: cells for obj, cells in response.context["rows"]}
    waiting = AccessRequest.objects.get(pk=waiting.pk)
    assert rows[waiting.pk][-1] == waiting.review_due.isoformat()
    assert rows[decided.pk][-1] == ""
    assert rows[waiting.pk][-2] == timezone.localdate().isoformat()
    district = client_for(world.users["district_admin"]).get(reverse("tasks:request_list"))
    assert "department" in [f.name for f in district.context["filter_fields"]]
