"""民主评议 is the communities' say on the departments: a rated department reads only its
aggregate (average, number of rating communities), never which community gave what score or
comment. The rating community and its street and district supervisors keep the rows."""

from decimal import Decimal

import pytest
from django.utils import timezone

from inspections import selectors
from inspections.models import DepartmentRating

from .factories import DepartmentRatingFactory

pytestmark = pytest.mark.django_db
COMMENT = "材料要求过多，检查太频繁"


@pytest.fixture
def ratings(world):
    year = timezone.localdate().year
    return [
        DepartmentRatingFactory(
            community=world.community,
            department=world.department,
            year=year,
            score=Decimal(60),
            comment=COMMENT,
        ),
        DepartmentRatingFactory(
            community=world.sibling, department=world.department, year=year, score=Decimal(81), comment="尚可"
        ),
    ]


def third_rating(world):
    """A third community's rating: from now on the department may read its average."""
    return DepartmentRatingFactory(
        community=world.other_community, department=world.department, year=timezone.localdate().year, score=90
    )


def test_the_rated_department_reads_no_rows(world, ratings):
    officer = world.users["department_officer"]
    assert not selectors.department_rating_list(user=officer).exists()
    summary = selectors.department_rating_summary(user=officer, year=timezone.localdate().year)
    # two rating communities: the average would tell the department what each of them gave
    assert summary == {world.department.pk: {"average": None, "ratings": 2}}
    third_rating(world)
    summary = selectors.department_rating_summary(user=officer, year=timezone.localdate().year)
    assert summary == {world.department.pk: {"average": Decimal("77.0"), "ratings": 3}}


def test_supervisors_read_the_average_of_any_number_of_ratings(world, ratings):
    summary = selectors.department_rating_summary(
        user=world.users["street_supervisor"], year=timezone.localdate().year
    )
    assert summary == {world.department.pk: {"average": Decimal("70.5"), "ratings": 2}}


@pytest.mark.parametrize(
    ("role", "seen"), [("community_head", 1), ("street_supervisor", 2), ("district_admin", 2)]
)
def test_the_community_and_its_supervisors_keep_the_rows(world, ratings, role, seen):
    assert selectors.department_rating_list(user=world.users[role]).count() == seen


def test_department_pages_show_the_summary_only(world, ratings, client_for):
    client = client_for(world.users["department_officer"])
    response = client.get("/inspections/ratings/")
    assert response.status_code == 302 and response["Location"] == "/inspections/ratings/summary/"
    assert client.get("/inspections/ratings/", {"export": "xlsx"}).status_code == 302
    for rating in ratings:
        assert client.get(f"/inspections/ratings/{rating.pk}/").status_code == 404
    html = client.get("/inspections/ratings/summary/").content.decode()
    assert world.department.name in html and "70.5" not in html and "评议社区不足 3 个时不显示平均分" in html
    third_rating(world)
    html = client.get("/inspections/ratings/summary/").content.decode()
    assert "77.0" in html
    assert COMMENT not in html and world.community.name not in html and world.sibling.name not in html
    assert "看不到各社区的评分和意见" in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert (
        "a rated department sees only its own aggregate"
        in client.get("/inspections/ratings/summary/").content.decode()
    )
    # the menu offers the summary, not the list
    assert 'href="/inspections/ratings/summary/"' in html and 'href="/inspections/ratings/"' not in html


def test_department_api_refuses_rows_and_gives_the_summary(world, ratings, api_for):
    api = api_for(world.users["department_officer"])
    listed = api.get("/api/v1/department-ratings/")
    assert listed.status_code == 403 and "民主评议结果" in listed.json()["detail"]
    for rating in ratings:
        assert api.get(f"/api/v1/department-ratings/{rating.pk}/").status_code == 403
    english = api.get("/api/v1/department-ratings/", HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    assert english.startswith("Departments may read the democratic rating results")
    expected = {
        "department": world.department.pk,
        "department_code": world.department.code,
        "department_name": world.department.name,
        "average": None,
        "ratings": 2,
    }
    assert api.get("/api/v1/department-ratings/summary/").json() == [expected]
    third_rating(world)
    expected.update(average="77.0", ratings=3)
    assert api.get("/api/v1/department-ratings/summary/").json() == [expected]


def test_supervisors_api_keeps_the_rows(world, ratings, api_for):
    for role, seen in (("community_head", 1), ("street_supervisor", 2), ("district_admin", 2)):
        api = api_for(world.users[role])
        rows = api.get("/api/v1/department-ratings/").json()["results"]
        assert len(rows) == seen
        assert api.get(f"/api/v1/department-ratings/{rows[0]['id']}/").status_code == 200


def test_the_dashboard_of_the_department_still_shows_its_average(world, ratings, client_for):
    client = client_for(world.users["department_officer"])
    assert "70.5" not in client.get("/burden/").content.decode()
    third_rating(world)
    html = client.get("/burden/").content.decode()
    assert "民主评议平均分" in html and "77.0" in html
    assert DepartmentRating.objects.count() == 3


@pytest.mark.parametrize("role", ["street_supervisor", "district_admin"])
def test_supervisors_find_the_rows_in_their_menu(world, client_for, role):
    html = client_for(world.users[role]).get("/inspections/ratings/").content.decode()
    assert 'href="/inspections/ratings/"' in html and 'href="/inspections/ratings/summary/"' in html
