"""Browser journeys on a phone-sized screen: a street supervisor merges two inspections from the
calendar (htmx), and a community worker's bad entry shows field messages."""

import datetime

import pytest
from django.utils import timezone

from inspections.models import InspectionMerge, Signboard

from .factories import PlannedInspectionFactory

PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_street_merges_a_proposal_on_a_phone(world, live_server, page, browser_login, screenshot):
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday()) + datetime.timedelta(weeks=1)
    PlannedInspectionFactory(community=world.community, date=monday)
    PlannedInspectionFactory(community=world.sibling, date=monday + datetime.timedelta(days=2))
    page.set_viewport_size(PHONE)
    browser_login(world.users["street_supervisor"])
    page.goto(f"{live_server.url}/inspections/calendar/")
    proposal = page.locator("[data-testid=proposal]")
    assert proposal.count() == 1
    proposal.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=proposal] .alert-success")
    assert "联合检查" in proposal.inner_text()
    screenshot("inspections-calendar-merged-phone")
    merge = InspectionMerge.objects.get()
    assert merge.inspections.count() == 2
    assert merge.date == monday + datetime.timedelta(days=2)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_bad_signboard_entry_shows_the_field_message(world, live_server, page, browser_login):
    page.set_viewport_size(PHONE)
    browser_login(world.users["community_staff"])
    page.goto(f"{live_server.url}/inspections/signboards/new/")
    page.fill("input[name=name]", "综治中心")
    page.fill("input[name=hung_on]", "2024-05-01")
    page.fill("input[name=removed_on]", "2024-04-01")
    page.click("main form button[type=submit]:not([name])")
    message = page.locator("[data-field=removed_on]")
    assert "不能早于挂牌" in message.inner_text()
    assert not Signboard.objects.exists()
