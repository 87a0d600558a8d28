"""The 准入申请's 实施范围 toggle driven by static/js/app.js (data-show-if, no inline script: the
Content Security Policy forbids them), and the week grid returning to the day being edited."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tasks.models import WorkLog
from tests.tasks.factories import AssignmentFactory

# --- 准入申请: 按街道 / 指定社区 show their lists only for that choice ------------------------


def test_request_form_declares_the_scope_toggle(world, client_for):
    page = client_for(world.users["department_officer"]).get(reverse("tasks:request_create"))
    html = page.content.decode()
    assert 'id="wrap-target_streets" data-show-if="target_mode=street"' in html
    assert 'id="wrap-target_communities" data-show-if="target_mode=chosen"' in html
    assert "<script" not in html.split("<main", 1)[-1].split("</main>", 1)[0]
    assert "<script nonce" not in html  # nothing inline left on the page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_request_scope_toggle_works_under_the_policy(world, live_server, page, browser_login):
    violations = []
    page.on(
        "console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None
    )
    page.on("pageerror", lambda error: violations.append(str(error)))  # app.js runs without errors
    browser_login(world.users["department_officer"])
    page.goto(f"{live_server.url}/tasks/requests/new/")
    page.get_by_text("二、实施范围与频次").wait_for()
    streets, communities = page.locator("#wrap-target_streets"), page.locator("#wrap-target_communities")
    assert communities.is_visible() and not streets.is_visible()  # the default: 指定社区

    page.check("input[name=target_mode][value=street]")
    assert streets.is_visible() and not communities.is_visible()
    page.check("input[name=target_mode][value=chosen]")
    assert communities.is_visible() and not streets.is_visible()
    page.check("input[name=target_mode][value=all]")
    assert not streets.is_visible() and not communities.is_visible()

    unnonced = page.evaluate("[...document.scripts].filter(s => !s.src && !s.nonce).length")
    assert unnonced == 0
    assert violations == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_request_scope_shown_for_the_saved_choice(world, live_server, page, browser_login):
    """A draft reopened (or a form answered with errors) shows the list of its chosen scope."""
    browser_login(world.users["department_officer"])
    page.goto(f"{live_server.url}/tasks/requests/new/")
    page.check("input[name=target_mode][value=chosen]")
    page.get_by_role("button", name="提交审核").click()  # errors: no name, no community, ...
    page.locator("[data-error-summary]").wait_for()
    assert page.locator("#wrap-target_communities").is_visible()
    assert not page.locator("#wrap-target_streets").is_visible()


# --- 周工时录入: saving returns to the day the phone showed --------------------------------------


def _past_week(world):
    AssignmentFactory(community=world.community, task_item__name="入户走访")
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday() + 7)


def test_week_save_returns_to_the_posted_day(world, client_for):
    monday = _past_week(world)
    assignment = AssignmentFactory(community=world.community)
    client = client_for(world.users["community_staff"])
    url = reverse("tasks:worklog_week")
    page = client.get(url, {"week": monday.isoformat(), "day": "3"}).content.decode()
    assert '<input type="hidden" name="day" value="3">' in page

    thursday = monday + datetime.timedelta(days=3)
    cell = f"h-a{assignment.pk}-{thursday.isoformat()}"
    response = client.post(url, {"week": monday.isoformat(), "day": "3", cell: "2"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?week={monday}&day=3"
    assert "show-day-3" in client.get(response["Location"]).content.decode()
    # nothing typed: back to the same day as well
    assert (
        client.post(url, {"week": monday.isoformat(), "day": "5"})["Location"] == f"{url}?week={monday}&day=5"
    )


@pytest.mark.parametrize("day", ["", "7", "-1", "x", "３"])
def test_week_save_ignores_a_bad_day(world, client_for, day):
    monday = _past_week(world)
    url = reverse("tasks:worklog_week")
    response = client_for(world.users["community_staff"]).post(url, {"week": monday.isoformat(), "day": day})
    assert response["Location"] == f"{url}?week={monday}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_week_grid_on_a_phone_saves_back_to_the_same_day(world, live_server, page, browser_login):
    monday = _past_week(world)
    browser_login(world.users["community_staff"])
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{live_server.url}/tasks/log/week/?week={monday}")
    friday = monday + datetime.timedelta(days=4)
    page.locator("[data-week-day='4']").click()
    row = page.locator("[data-testid=week-row]").first
    row.locator(f"input[name$='-{friday.isoformat()}']").fill("2")
    page.get_by_role("button", name="保存本周工时").click()
    page.get_by_text("已录入 1 条工时。").wait_for()
    assert WorkLog.objects.get().date == friday
    visible = [box for box in row.locator("input").all() if box.is_visible()]
    assert [box.get_attribute("name") for box in visible] == [
        f"h-a{WorkLog.objects.get().assignment_id}-{friday}"
    ]
    assert page.locator("[data-week-day='4']").get_attribute("aria-pressed") == "true"


@pytest.mark.parametrize("hours", ["NaN", "nan", "sNaN", "Infinity", "-inf"])
def test_week_hours_that_are_not_numbers_are_field_errors(world, client_for, hours):
    monday = _past_week(world)
    assignment = AssignmentFactory(community=world.community)
    cell = f"h-a{assignment.pk}-{monday.isoformat()}"
    response = client_for(world.users["community_staff"]).post(
        reverse("tasks:worklog_week"), {"week": monday.isoformat(), cell: hours}
    )
    assert response.status_code == 400 and "invalid-feedback" in response.content.decode()
    assert not WorkLog.objects.exists()


@pytest.mark.parametrize(
    "name", ["h-a12", "h-ax-2025-01-06", "h-a1-2025-13-45", "h-z1-2025-01-06", "h-a1-2025-01-06-x"]
)
def test_week_cells_with_names_the_grid_never_writes_are_ignored(world, client_for, name):
    monday = _past_week(world)
    url = reverse("tasks:worklog_week")
    response = client_for(world.users["community_staff"]).post(url, {"week": monday.isoformat(), name: "2"})
    assert response.status_code == 302 and not WorkLog.objects.exists()


@pytest.mark.parametrize("week", ["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-03"])
def test_a_week_out_of_2000_to_2100_shows_this_week(world, client_for, week):
    client = client_for(world.users["community_head"])
    url = reverse("tasks:worklog_week")
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    assert client.get(url, {"week": week}).status_code == 200
    response = client.post(url, {"week": week})  # saving nothing: back to the week shown
    assert response.status_code == 302 and response["Location"] == f"{url}?week={monday}"
