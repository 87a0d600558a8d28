"""Browser checks of the htmx work-log forms: field errors swapped into the page (htmx answers
400 with the form), a valid save after an error, and the 派出部门/类别 toggle that lives in
static/js/app.js (no inline script: the Content Security Policy forbids it)."""

import datetime

import pytest
from django.utils import timezone

from tasks.models import WorkLog
from tests.tasks.factories import AssignmentFactory


def _open_quick(page, live_server, width=390):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/tasks/log/")
    page.locator("form.worklog-form").wait_for()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_quick_entry_shows_field_error_then_saves(world, live_server, page, browser_login):
    assignment = AssignmentFactory(community=world.community, task_item__name="入户走访")
    browser_login(world.users["community_staff"])
    _open_quick(page, live_server)
    page.select_option("select[name=line]", str(assignment.pk))
    page.fill("input[name=hours]", "0")
    page.get_by_role("button", name="保存").click()
    error = page.locator("[data-field=hours]")
    error.wait_for()
    assert "工时必须大于 0" in error.inner_text()
    assert page.locator("nav.navbar").count() == 1  # the partial went into the page, not over it
    assert page.locator("form.worklog-form").count() == 1
    assert not WorkLog.objects.exists()

    page.fill("input[name=hours]", "1.5")
    page.get_by_role("button", name="保存").click()
    page.locator("[data-testid=saved]").wait_for()
    assert WorkLog.objects.get().hours == 1.5


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_unapproved_fields_toggle_still_works_after_a_save(world, live_server, page, browser_login):
    assignment = AssignmentFactory(community=world.community, task_item__name="入户走访")
    browser_login(world.users["community_staff"])
    _open_quick(page, live_server)
    department = page.locator("select[name=department]")
    assert not department.is_visible()  # nothing chosen yet: no 派出部门
    page.select_option("select[name=line]", "u")
    assert department.is_visible()
    page.select_option("select[name=line]", str(assignment.pk))
    assert not department.is_visible()

    page.fill("input[name=hours]", "2")
    page.get_by_role("button", name="保存").click()
    page.locator("[data-testid=saved]").wait_for()
    # the form came back through htmx: the delegated handler still drives it
    page.select_option("select[name=line]", "u")
    assert page.locator("select[name=department]").is_visible()
    page.select_option("select[name=line]", str(assignment.pk))
    assert not page.locator("select[name=department]").is_visible()
    assert not page.locator("select[name=category]").is_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_inbox_entry_shows_error_in_its_card(world, live_server, page, browser_login):
    AssignmentFactory(
        community=world.community,
        task_item__name="文明城市创建",
        due_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    browser_login(world.users["community_staff"])
    page.goto(f"{live_server.url}/tasks/inbox/")
    card = page.locator("[data-testid=assignment]", has_text="文明城市创建")
    card.get_by_role("link", name="记工时").click()
    card.locator("input[name=hours]").wait_for()
    card.locator("input[name=hours]").fill("0")
    card.get_by_role("button", name="保存").click()
    card.locator("[data-field=hours]").wait_for()
    assert page.locator("nav.navbar").count() == 1
    card.locator("input[name=hours]").fill("3")
    card.get_by_role("button", name="保存").click()
    card.get_by_text("已记录 3.00 小时。").wait_for()
    assert WorkLog.objects.get().hours == 3


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_week_grid_on_a_phone_one_day_at_a_time(world, live_server, page, browser_login):
    AssignmentFactory(community=world.community, task_item__name="政法委·文明城市创建", approved=False)
    browser_login(world.users["community_staff"])
    page.set_viewport_size({"width": 390, "height": 900})
    last_monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday() + 7)
    page.goto(f"{live_server.url}/tasks/log/week/?week={last_monday}")
    row = page.locator("[data-testid=week-row]").first
    task_cell = row.locator("td.task-col")
    assert task_cell.bounding_box()["width"] > 200  # readable, not one character per line
    visible = [box for box in row.locator("input").all() if box.is_visible()]
    assert len(visible) == 1  # a past week opens on its Monday
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    wednesday = last_monday + datetime.timedelta(days=2)
    page.locator("[data-week-day='2']").click()
    cell = row.locator(f"input[name$='-{wednesday.isoformat()}']")
    assert cell.is_visible()
    cell.fill("1.5")
    page.get_by_role("button", name="保存本周工时").click()
    page.get_by_text("已录入 1 条工时。").wait_for()
    entry = WorkLog.objects.get()
    assert entry.date == wednesday and entry.hours == 1.5


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_revoke_asks_for_confirmation(world, live_server, page, browser_login):
    from tasks import services
    from tasks.models import AccessRequest
    from tests.tasks.factories import AccessRequestFactory

    req = AccessRequestFactory(department=world.department, communities=[world.community])
    services.access_request_submit(request_id=req.pk, by=world.users["department_officer"])
    services.access_request_decide(
        request_id=req.pk, by=world.users["district_admin"], action="approve", reason="同意"
    )
    browser_login(world.users["district_admin"])
    page.goto(f"{live_server.url}/tasks/requests/{req.pk}/")
    revoke = page.locator("[data-testid=revoke]")
    revoke.locator("textarea[name=reason]").fill("经费未落实")
    posts = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)
    page.once("dialog", lambda dialog: dialog.dismiss())
    revoke.get_by_role("button", name="撤销准入").click()
    assert posts == []  # cancelled in the dialog: the form was never sent
    req.refresh_from_db()
    assert req.status == AccessRequest.Status.APPROVED
    page.once("dialog", lambda dialog: dialog.accept())
    revoke.get_by_role("button", name="撤销准入").click()
    page.get_by_text("审核决定已记录").wait_for()
    req.refresh_from_db()
    assert req.status == AccessRequest.Status.REVOKED
