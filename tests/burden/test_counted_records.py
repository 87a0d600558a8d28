"""What the burden counts, on every face alike: report forms sent out and not yet filed (待报送)
are no copies submitted; inspections count only once held (已检查)."""

from datetime import date

import pytest

from burden import selectors
from burden.calculations import burden_report
from inspections.models import Inspection
from ledgers.models import ReportForm, ReportSubmission, SubmissionStatus
from organisation.models import Community, Street

from .conftest import YEAR

pytestmark = pytest.mark.django_db

# burden_data's reports in YEAR: the community files F1 (2 + 1 copies) and F2 (1), department b's.
BASE = {"kinds": 2, "copies": 4}
COUNTED = [s for s in SubmissionStatus if s != SubmissionStatus.DUE]


def add_submission(w, status, count=3) -> ReportSubmission:
    """One more row of a new form (F9) in the sibling community, with the given status."""
    form = ReportForm.objects.create(code="F9", name="F9", department=w.other_department)
    return ReportSubmission.objects.create(
        community=w.sibling, report_form=form, date=date(YEAR, 5, 1), count=count, status=status
    )


def dashboard_copies(w) -> dict[str, int]:
    """The report copies as the dashboards' selectors show them."""
    communities = Community.objects.all()
    b = w.other_department.pk
    return {
        "community": sum(
            r["report_copies"] for r in selectors.community_breakdown(communities=communities, year=YEAR)
        ),
        "department": next(
            r["report_copies"]
            for r in selectors.department_breakdown(communities=communities, year=YEAR)
            if r["pk"] == b
        ),
        "own_department": sum(
            r["report_copies"]
            for r in selectors.community_breakdown(communities=communities, year=YEAR, department_id=b)
        ),
        "street": sum(
            r["report_copies"] for r in selectors.street_breakdown(streets=Street.objects.all(), year=YEAR)
        ),
        "month": sum(selectors.monthly_trend(communities=communities, year=YEAR)["report_copies"]),
    }


def drill_down_rows(client, kind: str) -> int:
    html = client.get(f"/burden/records/{kind}/?year={YEAR}").content.decode()
    return html.split("<table", 1)[1].count("<tr>") - 1  # less the header


def test_a_due_row_is_not_counted(burden_data, api_for, client_for):
    w = burden_data
    add_submission(w, SubmissionStatus.DUE)
    r = burden_report(scope="all", year=YEAR)
    assert {k: r["reports"][k] for k in BASE} == BASE
    body = api_for(w.users["district_admin"]).get(
        "/api/v1/burden/report/", {"scope": f"district:{w.district.name}", "year": YEAR}
    )
    assert {k: body.json()["reports"][k] for k in BASE} == BASE
    assert set(dashboard_copies(w).values()) == {4}
    assert drill_down_rows(client_for(w.users["district_admin"]), "reports") == 3


@pytest.mark.parametrize("status", COUNTED)
def test_a_filed_row_is_counted(burden_data, api_for, client_for, status):
    w = burden_data
    add_submission(w, status)
    r = burden_report(scope="all", year=YEAR)
    assert {k: r["reports"][k] for k in BASE} == {"kinds": 3, "copies": 7}
    body = api_for(w.users["district_admin"]).get(
        "/api/v1/burden/report/", {"scope": f"district:{w.district.name}", "year": YEAR}
    )
    assert {k: body.json()["reports"][k] for k in BASE} == {"kinds": 3, "copies": 7}
    assert set(dashboard_copies(w).values()) == {7}
    assert drill_down_rows(client_for(w.users["district_admin"]), "reports") == 4


def test_imported_rows_count_as_filed(burden_data):
    """Rows made with the contract's columns only (as the workbook import makes them) are filed."""
    row = ReportSubmission.objects.filter(community=burden_data.community).first()
    assert row.status == SubmissionStatus.SUBMITTED


@pytest.mark.parametrize("status", [Inspection.Status.PLANNED, Inspection.Status.CANCELLED])
def test_inspections_drill_down_lists_only_held_ones(burden_data, client_for, status):
    """The drill-down behind the inspections chart lists what the chart counts: held inspections."""
    w = burden_data
    client = client_for(w.users["district_admin"])
    before = drill_down_rows(client, "inspections")
    assert before == 3  # burden_data's three held inspections in YEAR
    Inspection.objects.create(
        community=w.community, department=w.department, topic="计划", kind="inspection", date=date(YEAR, 9, 1),
        status=status,
    )  # fmt: skip
    assert drill_down_rows(client, "inspections") == before
    assert burden_report(scope="all", year=YEAR)["inspections"]["total"] == 4
