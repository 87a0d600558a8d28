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
