"""The burden report on hand-made data: every contract key, every scope form, rounding."""

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from burden.calculations import burden_report, fold_field_name, ratio, share
from inspections.models import Inspection
from organisation.models import Street
from tests.factories import StreetFactory

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def test_every_contract_key_for_all(burden_data):
    w = burden_data
    r = burden_report(scope="all", year=YEAR)
    assert (r["scope"], r["year"], r["communities"]) == ("all", YEAR, 3)
    a, b = w.department, w.other_department
    assert r["tasks"] == {
        "departments": 2,
        "items": 3,  # I1, I2, I3 (I4 only last year)
        "administrative_items": 2,
        "service_items": 1,
        "administrative_share": 66.67,
        "service_share": 33.33,
        "assignments": 9,  # 2+1+1+3+1+1: counts are summed
        "unapproved_assignments": 4,
        "unapproved_share": 44.44,
        "negative_list_items": 1,
        "unfunded_administrative_items": 1,  # I1 (I3 has funds)
        "by_department": [
            {"department_code": a.code, "department": a.name, "items": 2},
            {"department_code": b.code, "department": b.name, "items": 1},
        ],
    }
    assert r["inspections"] == {
        "departments": 2,
        "kinds": 2,
        "total": 4,
        "per_community": 1.3,  # 4 / 3
        "veto": 2,  # the vetoed row counts 2
        "prep_hours": 5.3,  # 2 × 1.5 + 2.25 = 5.25, half-up
    }
    assert r["ledgers"] == {
        "types": 2,  # L1, L3 (L2 has 0 books)
        "books": 6,
        "books_per_community": 2.0,
        "most": {"community_code": w.community.code, "types": 1, "books": 3},  # tie 3 = 3 → smaller code
        "fewest": {"community_code": w.other_community.code, "types": 0, "books": 0},  # none this year
    }
    assert r["reports"] == {"kinds": 2, "copies": 4, "copies_per_community": 1.3}
    assert r["certificates"] == {
        "kinds": 3,
        "requesting_units": 2,
        "frequent_kinds": 1,
        "general_kinds": 1,
        "occasional_kinds": 1,
        "class_c_kinds": 2,
        "class_c_share": 66.67,
        "issued": 17,
        "issued_per_community": 5.7,
        "issued_class_c": 2,
        "refused": 1,
        "redirected": 3,
        "pledged": 4,
    }
    assert r["platforms"] == {
        "count": 3,  # P1, P2, P4 (P3 only last year)
        "departments": 2,
        "hours": 16.3,  # 16.25 half-up
        "repeated_fields": 3,  # 姓名, 身份证号, QQ号 (full-width folded, trimmed)
        "repeated_field_names": ["QQ号", "姓名", "身份证号"],
    }
    assert r["meetings"] == {"total": 4, "per_community": 1.3, "hours": 5.8, "seat_filling": 2}
    assert r["temporary"] == {"total": 4, "per_community": 1.3, "by_kind": {"blood": 3, "donation": 1}}
    assert r["signboards"] == {
        "boards": 7,  # 2 + 1 (removed after the year) + 4
        "boards_max_per_community": 4,
        "bodies": 4,
        "bodies_max_per_community": 3,
    }
    assert r["staff"] == {
        "workers": 12,
        "social_workers": 5,
        "households": 3186,
        "households_per_social_worker": 637.2,
        "social_worker_shortfall": 4,  # (4−2) + max(0, 2−3) + (2−0)
    }
    assert r["hours"] == {
        "total": 6.8,  # 6.75 half-up
        "per_worker": 0.6,  # 6.75 / 12 = 0.5625
        "unapproved_share": 18.52,  # 1.25 / 6.75
        "by_category": {"inspection": 3.0, "task": 3.8},
    }
    assert r["funding"] == {"annual_funds": 28000.5, "task_funds": 250.25}  # 0 + 100 + 50.25 + 0 + 100
    assert r["narrative"] and all(isinstance(s, str) and s.endswith("。") for s in r["narrative"])
    assert "有2个部门的3项工作下沉到社区" in r["narrative"][0]


def test_json_types(burden_data):
    r = json.loads(json.dumps(burden_report(scope="all", year=YEAR)))
    assert isinstance(r["tasks"]["items"], int) and not isinstance(r["tasks"]["items"], bool)
    assert isinstance(r["tasks"]["administrative_share"], float)
    assert isinstance(r["inspections"]["per_community"], float)
    assert isinstance(r["ledgers"]["most"]["books"], int)
    assert isinstance(r["funding"]["task_funds"], float)


def test_street_scope(burden_data):
    r = burden_report(scope=f"street:{burden_data.street.code}", year=YEAR)
    assert r["communities"] == 2
    assert r["tasks"]["items"] == 3
    assert r["tasks"]["assignments"] == 8
    assert r["tasks"]["unapproved_share"] == 50.0
    assert r["funding"]["task_funds"] == 150.25
    assert r["platforms"]["count"] == 2 and r["platforms"]["repeated_fields"] == 3
    assert r["ledgers"]["fewest"] == {"community_code": burden_data.community.code, "types": 1, "books": 3}
    assert r["staff"]["social_worker_shortfall"] == 2


def test_community_scope(burden_data):
    r = burden_report(scope=f"community:{burden_data.community.code}", year=YEAR)
    assert r["communities"] == 1
    assert (r["tasks"]["items"], r["tasks"]["departments"], r["tasks"]["assignments"]) == (2, 1, 4)
    assert r["tasks"]["unapproved_share"] == 25.0
    assert r["inspections"]["per_community"] == 3.0
    assert (
        r["ledgers"]["most"]
        == r["ledgers"]["fewest"]
        == {"community_code": burden_data.community.code, "types": 1, "books": 3}
    )
    assert r["signboards"]["boards"] == 3
    assert r["platforms"]["repeated_fields"] == 0


def test_district_scope(burden_data):
    r = burden_report(scope=f"district:{burden_data.district.name}", year=YEAR)
    assert r["scope"] == f"district:{burden_data.district.name}"
    assert r["communities"] == 3
    assert r["tasks"]["assignments"] == 9


def test_by_department_ties_sorted_by_code(burden_data):
    r = burden_report(scope=f"community:{burden_data.sibling.code}", year=YEAR)
    codes = [row["department_code"] for row in r["tasks"]["by_department"]]
    assert codes == sorted(codes) and len(codes) == 2  # I1 (a) and I3 (b): one item each


def test_empty_scope_gives_zeros(world):
    street = StreetFactory(district=world.district)
    r = burden_report(scope=f"street:{street.code}", year=YEAR)
    assert r["communities"] == 0
    assert r["tasks"]["administrative_share"] == 0 and r["tasks"]["by_department"] == []
    assert r["inspections"]["per_community"] == 0
    assert r["ledgers"]["most"] == {"community_code": None, "types": 0, "books": 0}
    assert r["staff"]["households_per_social_worker"] == 0
    assert r["hours"]["per_worker"] == 0 and r["hours"]["unapproved_share"] == 0
    assert r["narrative"]


def test_year_without_records(burden_data):
    r = burden_report(scope="all", year=YEAR + 5)
    assert r["tasks"]["items"] == 0 and r["certificates"]["issued"] == 0
    assert r["signboards"]["boards"] == 7  # boards still hang
    assert r["ledgers"]["most"]["books"] == 0


@pytest.mark.parametrize(
    "scope", ["", "street", "street:", "town:1", "street:NOPE", "community:NOPE", "district:无此区"]
)
def test_bad_scope(world, scope):
    with pytest.raises(ValidationError) as exc:
        burden_report(scope=scope, year=YEAR)
    assert "scope" in exc.value.message_dict


def test_rounding_half_up():
    assert ratio(5, 4) == 1.3  # 1.25: half-up, not banker's 1.2
    assert ratio(1, 8) == 0.1  # 0.125
    assert ratio(7, 0) == 0
    assert share(1, 800) == 0.13  # 0.125 %
    assert share(1, 3) == 33.33
    assert share(2, 3) == 66.67
    assert share(5, 0) == 0
    assert share(170, 215) == 79.07 and share(45, 215) == 20.93


def test_field_names_fold_full_width():
    assert fold_field_name(" ＱＱ号 ") == "QQ号"
    assert fold_field_name("身份证号\u3000") == "身份证号"


def test_constant_query_count(burden_data, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        burden_report(scope="all", year=YEAR)
    from tests.burden.test_dashboards import grow

    grow(burden_data, 5)
    with django_assert_max_num_queries(len(small)):
        burden_report(scope="all", year=YEAR)
    assert Street.objects.exists()


def test_planned_and_cancelled_inspections_do_not_count(burden_data):
    before = burden_report(scope="all", year=YEAR)["inspections"]
    w = burden_data
    for status in (Inspection.Status.PLANNED, Inspection.Status.CANCELLED):
        Inspection.objects.create(
            community=w.community, department=w.department, topic=f"未举行的{status}", kind="inspection",
            date=date(YEAR, 11, 11), prep_hours=3, veto=True, count=4, status=status,
        )  # fmt: skip
    assert burden_report(scope="all", year=YEAR)["inspections"] == before


@pytest.mark.parametrize(
    ("scope", "statements"),
    [("all", 1), ("district", 2), ("street", 2), ("community", 2)],
)
def test_every_register_in_one_statement(burden_data, django_assert_num_queries, scope, statements):
    """The scope's unit is looked up, then every register's figures come in one statement."""
    w = burden_data
    text = {
        "all": "all",
        "district": f"district:{w.district.name}",
        "street": f"street:{w.street.code}",
        "community": f"community:{w.community.code}",
    }[scope]
    with django_assert_num_queries(statements):
        burden_report(scope=text, year=YEAR)


def test_sqlite_style_fetch_gives_the_same_figures(burden_data, monkeypatch):
    """Off PostgreSQL each part runs on its own; the figures are the same either way."""
    from burden import calculations

    batched = {s: burden_report(scope=s, year=YEAR) for s in ("all", f"street:{burden_data.street.code}")}
    monkeypatch.setattr(calculations, "_fetch", lambda parts: {name: list(qs) for name, qs in parts.items()})
    for scope, report in batched.items():
        assert burden_report(scope=scope, year=YEAR) == report
