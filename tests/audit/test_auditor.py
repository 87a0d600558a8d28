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
