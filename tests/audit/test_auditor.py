"""The auditor's page and export (district admins only), and the retention rule."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from audit.checks import audit_retention_check
from audit.models import AuditRecord
from audit.services import audit_record

pytestmark = pytest.mark.django_db


def _records(user, n=3):
    for i in range(n):
        audit_record(actor=user, action="personal_data.reveal", after={"field": "x"}, reason=f"理由{i}")


def test_district_admin_exports_the_trail_to_excel(world, client_for):
    admin = world.users["district_admin"]
    _records(world.users["community_staff"])
    audit_record(actor=admin, action="auth.login")
    client = client_for(admin)
    page = client.get("/audit/")
    assert page.status_code == 200 and "180" in page.content.decode()
    response = client.get("/audit/export.xlsx?action=personal_data.")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("编号", "时间", "操作人", "动作")
    assert [r[3] for r in rows[1:]] == ["personal_data.reveal"] * 3
    assert [r[9] for r in rows[1:]] == ["理由0", "理由1", "理由2"]
    assert AuditRecord.objects.filter(action="audit.export", actor=admin).exists()


@pytest.mark.parametrize(
    "role", ["community_staff", "community_head", "street_supervisor", "department_officer"]
)
def test_only_district_admins_see_the_trail(world, client_for, role):
    client = client_for(world.users[role])
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/export.xlsx").status_code == 403


def test_page_query_count_is_constant(world, client_for, django_assert_max_num_queries):
    _records(world.users["community_staff"], n=80)
    client = client_for(world.users["district_admin"])
    with django_assert_max_num_queries(10):
        assert client.get("/audit/").status_code == 200


def test_retention_at_least_180_days(settings, capsys):
    assert settings.AUDIT_RETENTION_DAYS >= 180 and audit_retention_check(None) == []
    settings.AUDIT_RETENTION_DAYS = 90
    assert [e.id for e in audit_retention_check(None)] == ["audit.E001"]
    settings.AUDIT_RETENTION_DAYS = 180
    call_command("verify_audit")
    assert "at least 180 days" in capsys.readouterr().out


def test_a_district_admin_sees_only_the_acts_of_their_district_and_of_no_district(world, client_for):
    from tests.factories import CommunityFactory, DistrictFactory, StreetFactory, member

    elsewhere = member("community_staff", CommunityFactory(street=StreetFactory(district=DistrictFactory())))
    other_admin = member("district_admin", elsewhere.membership.community.street.district)
    audit_record(actor=elsewhere, action="personal_data.reveal", reason="别区查看")
    audit_record(actor=other_admin, action="auth.login")
    audit_record(actor=world.users["community_staff"], action="personal_data.reveal", reason="本区查看")
    audit_record(actor=world.users["street_supervisor"], action="auth.login")
    audit_record(actor=world.users["department_officer"], action="access.submit")
    audit_record(actor=None, action="system.job")

    from audit.selectors import audit_record_list

    seen = {(r.actor_id, r.action) for r in audit_record_list(user=world.users["district_admin"])}
    assert seen == {
        (world.users["community_staff"].pk, "personal_data.reveal"),
        (world.users["street_supervisor"].pk, "auth.login"),
        (world.users["department_officer"].pk, "access.submit"),
        (None, "system.job"),
    }
    theirs = {(r.actor_id, r.action) for r in audit_record_list(user=other_admin)}
    assert (elsewhere.pk, "personal_data.reveal") in theirs
    assert (world.users["community_staff"].pk, "personal_data.reveal") not in theirs
    export = client_for(world.users["district_admin"]).get("/audit/export.xlsx").content
    reasons = [row[9] for row in load_workbook(io.BytesIO(export)).active.iter_rows(values_only=True)]
    assert "本区查看" in reasons and "别区查看" not in reasons


@pytest.mark.parametrize("bad", ["9999-12-31", "1999-12-31", "0001-01-01"])
def test_dates_outside_2000_to_2100_are_field_errors_not_500s(world, client_for, bad):
    client = client_for(world.users["district_admin"])
    page = client.get("/audit/", {"date_to": bad, "date_from": bad})
    assert page.status_code == 200 and "invalid-feedback" in page.content.decode()
    assert client.get("/audit/export.xlsx", {"date_to": bad}).status_code == 200
