"""communityops.api.FilterBackend: a list without filter parameters skips the filter form; any
filter parameter still goes through the FilterSet, with its validation."""

import pytest

from tasks.models import WorkLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def logs(world):
    rows = [
        WorkLog.objects.create(community=world.community, date=f"2025-03-0{day}", category=category, hours=1)
        for day, category in ((1, "task"), (2, "meeting"), (3, "task"))
    ]
    WorkLog.objects.create(community=world.sibling, date="2025-03-04", category="task", hours=1)
    return rows


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_no_filter_parameter_lists_everything_in_scope(world, logs, api_for):
    staff = api_for(world.users["community_staff"])
    assert ids(staff.get("/api/v1/work-logs/")) == {row.pk for row in logs}
    # a parameter no filter reads (the cursor of a page, a format) does not filter either
    assert ids(staff.get("/api/v1/work-logs/?format=json")) == {row.pk for row in logs}


def test_filter_parameters_still_filter_and_validate(world, logs, api_for):
    staff = api_for(world.users["community_staff"])
    assert ids(staff.get("/api/v1/work-logs/?category=meeting")) == {logs[1].pk}
    assert ids(staff.get("/api/v1/work-logs/?date_after=2025-03-02&date_before=2025-03-02")) == {logs[1].pk}
    bad = staff.get("/api/v1/work-logs/?date_after=yesterday")
    assert bad.status_code == 400 and "date_after" in bad.json()
    # a community outside the caller's scope is not a valid choice (not an empty list)
    other = staff.get(f"/api/v1/work-logs/?community={world.other_community.pk}")
    assert other.status_code == 400 and "community" in other.json()


def test_skipping_the_form_gives_what_the_form_gives_with_empty_values(world, logs, api_for):
    admin = api_for(world.users["district_admin"])
    through_the_form = admin.get("/api/v1/work-logs/?category=&community=&date_after=")
    assert (
        ids(admin.get("/api/v1/work-logs/"))
        == ids(through_the_form)
        == {row.pk for row in WorkLog.objects.all()}
    )
