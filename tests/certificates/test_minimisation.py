"""Minimisation: exports leave the applicant out unless asked by the community's own staff;
log lines of the counter flow never carry the ID number."""

import io
import json
import logging

import pytest
from openpyxl import load_workbook

from audit.models import AuditRecord
from certificates.models import CertificateRecord

from .factories import bad_id_number, id_number


def _sheet(response):
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    return rows[0], rows[1:]


@pytest.mark.parametrize("role", ["community_staff", "street_supervisor", "district_admin"])
def test_export_leaves_the_applicant_out_by_default(world, issued, client_for, role):
    header, rows = _sheet(client_for(world.users[role]).get("/certificates/records/?export=xlsx"))
    assert "申请人" not in header and "公民身份号码" not in header
    assert "张三" not in str(rows) and issued.applicant_id_masked not in str(rows)
    assert issued.serial in str(rows)


def test_staff_may_ask_for_the_applicant_and_it_is_audited(world, issued, client_for):
    client = client_for(world.users["community_staff"])
    header, rows = _sheet(client.get("/certificates/records/?export=xlsx&personal=1"))
    assert "申请人" in header and "张三" in str(rows)
    assert issued.applicant_id_masked in str(rows) and id_number() not in str(rows)  # still masked
    assert AuditRecord.objects.filter(
        action="personal_data.export", actor=world.users["community_staff"]
    ).exists()


def test_supervisors_asking_for_personal_fields_get_none(world, issued, client_for):
    header, rows = _sheet(
        client_for(world.users["street_supervisor"]).get("/certificates/records/?export=xlsx&personal=1")
    )
    assert "申请人" not in header and "张三" not in str(rows)
    assert not AuditRecord.objects.filter(action="personal_data.export").exists()


def test_the_page_itself_shows_only_the_masked_number(world, issued, client_for):
    page = client_for(world.users["community_staff"]).get("/certificates/records/").content.decode()
    assert issued.applicant_id_masked in page and id_number() not in page


def test_counter_flow_logs_no_id_number(world, kind_a, client_for, caplog):
    """Every log line of the counter flow, formatted as the JSON the portal writes, is free of the
    ID number (accepted, refused, checked and revealed)."""
    from pythonjsonlogger.json import JsonFormatter

    client = client_for(world.users["community_staff"])
    with caplog.at_level(logging.DEBUG):
        client.post("/certificates/counter/check-id/", {"applicant_id_number": bad_id_number()})
        client.post("/certificates/counter/check-id/", {"applicant_id_number": id_number()})
        client.post(
            f"/certificates/counter/{kind_a.pk}/",
            {"action": "issue", "applicant_name": "张三", "applicant_id_number": bad_id_number()},
        )
        client.post(
            f"/certificates/counter/{kind_a.pk}/",
            {"action": "issue", "applicant_name": "张三", "applicant_id_number": id_number()},
        )
        record = CertificateRecord.objects.get()
        client.post(f"/certificates/records/{record.pk}/reveal/", {"reason": "核对"})
        client.get(f"/certificates/records/?applicant={id_number()}")
    formatter = JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    lines = [formatter.format(r) for r in caplog.records]
    assert lines, "the flow logs something (requests at least)"
    for line in lines:
        json.loads(line)
        assert id_number() not in line and bad_id_number() not in line and id_number()[:14] not in line


def test_personal_export_button_only_for_community_staff(world, issued, client_for):
    staff_page = client_for(world.users["community_staff"]).get("/certificates/records/").content.decode()
    assert "personal=1" in staff_page and "包含个人信息" in staff_page
    street_page = client_for(world.users["street_supervisor"]).get("/certificates/records/").content.decode()
    assert "personal=1" not in street_page


def test_the_export_audit_keeps_no_number_typed_into_a_filter(world, issued, client_for):
    client_for(world.users["community_staff"]).get(
        f"/certificates/records/?export=xlsx&personal=1&q={id_number()}"
    )
    audit = AuditRecord.objects.get(action="personal_data.export")
    assert audit.after["register"] == "certificate_records"
    assert id_number() not in json.dumps(audit.after, ensure_ascii=False)
    assert audit.after["filters"]["q"] == "*" * len(id_number()[:17]) + id_number()[17:]
