"""/api/v1/: certificate-kinds, certificate-records (+ actions), certificate-verifications,
seal-uses; errors, scoping and query counts."""

import pytest

from certificates import services
from certificates.models import CertificateRecord, SealUse

from .factories import CertificateKindFactory, CertificateRecordFactory, bad_id_number, id_number

pytestmark = pytest.mark.django_db
RECORDS = "/api/v1/certificate-records/"


def issue_payload(kind, **overrides):
    return {"kind": kind.pk, "applicant_name": "张三", "applicant_id_number": id_number(), **overrides}


# --- catalog -----------------------------------------------------------------------------------
def test_catalog_read_by_all_edited_by_district(world, api_for, catalog, django_assert_max_num_queries):
    api = api_for(world.users["department_officer"])
    with django_assert_max_num_queries(3):
        response = api.get("/api/v1/certificate-kinds/", {"cert_class": "B"})
    assert response.status_code == 200 and response.data["count"] == 6
    assert api.post("/api/v1/certificate-kinds/", {}).status_code == 403
    admin = api_for(world.users["district_admin"])
    bad = admin.post(
        "/api/v1/certificate-kinds/",
        {"code": "C90", "name": "测试", "requested_by": "银行", "cert_class": "C", "frequency": "general"},
    )
    assert bad.status_code == 400 and "responsible_authority" in bad.data
    taken = admin.post(
        "/api/v1/certificate-kinds/",
        {"code": "A01", "name": "测试", "requested_by": "银行", "cert_class": "A", "frequency": "general"},
    )
    assert taken.status_code == 400 and "code" in taken.data
    created = admin.post(
        "/api/v1/certificate-kinds/",
        {
            "code": "C90",
            "name": "测试",
            "requested_by": "银行",
            "cert_class": "C",
            "frequency": "general",
            "responsible_authority": "开户银行",
        },
    )
    assert created.status_code == 201, created.data
    patched = admin.patch(f"/api/v1/certificate-kinds/{created.data['id']}/", {"frequency": "occasional"})
    assert patched.status_code == 200 and patched.data["frequency"] == "occasional"


def test_catalog_list_query_count(world, api_for, django_assert_max_num_queries):
    CertificateKindFactory.create_batch(60)
    api = api_for(world.users["community_staff"])
    with django_assert_max_num_queries(3):
        assert api.get("/api/v1/certificate-kinds/").status_code == 200


# --- counter actions ---------------------------------------------------------------------------
def test_issue_and_revoke_through_api(world, api_for, kind_a):
    api = api_for(world.users["community_staff"])
    response = api.post(f"{RECORDS}issue/", issue_payload(kind_a), format="json")
    assert response.status_code == 201, response.data
    data = response.data
    assert data["serial"].endswith("-000001") and data["outcome"] == "issued" and data["status"] == "有效"
    assert data["applicant_id_masked"].startswith("1101****") and "applicant_id_number" not in data
    assert data["verification_url"].endswith(f"/certificates/verify/{data['verification_code']}/")
    revoke = api.post(f"{RECORDS}{data['id']}/revoke/", {"reason": "信息有误"})
    assert revoke.status_code == 200 and revoke.data["status"] == "已作废"
    again = api.post(f"{RECORDS}{data['id']}/revoke/", {"reason": "再来"})
    assert again.status_code == 409 and "不能重复作废" in str(again.data["detail"])


@pytest.mark.parametrize(
    "case,field",
    [
        ("bad_checksum", "applicant_id_number"),
        ("class_b_without_evidence", "evidence_seen"),
        ("class_c", "kind"),
        ("unknown_kind", "kind"),
    ],
)
def test_issue_bad_input_writes_nothing(world, api_for, kind_a, kind_b, kind_c, case, field):
    payload = {
        "bad_checksum": issue_payload(kind_a, applicant_id_number=bad_id_number()),
        "class_b_without_evidence": issue_payload(kind_b),
        "class_c": issue_payload(kind_c),
        "unknown_kind": {**issue_payload(kind_a), "kind": 999999},
    }[case]
    response = api_for(world.users["community_staff"]).post(f"{RECORDS}issue/", payload, format="json")
    assert response.status_code == 400 and field in response.data, response.data
    assert not CertificateRecord.objects.exists() and not SealUse.objects.exists()


def test_redirect_refuse_pledge_actions(world, api_for, kind_a, kind_c):
    api = api_for(world.users["community_head"])
    redirect = api.post(f"{RECORDS}redirect/", {"kind": kind_c.pk, "applicant_name": "李四"})
    assert redirect.status_code == 201 and redirect.data["outcome"] == "redirected"
    assert redirect.data["responsible_authority"] == "不动产登记中心" and redirect.data["serial"] is None
    refuse = api.post(f"{RECORDS}refuse/", {"kind": kind_a.pk, "applicant_name": "李四", "reason": ""})
    assert refuse.status_code == 400 and "reason" in refuse.data
    refuse = api.post(
        f"{RECORDS}refuse/", {"kind": kind_a.pk, "applicant_name": "李四", "reason": "非本社区居民"}
    )
    assert refuse.status_code == 201
    pledge = api.post(f"{RECORDS}pledge/", issue_payload(kind_a))
    assert pledge.status_code == 201 and pledge.data["outcome"] == "pledged"
    pledge_c = api.post(f"{RECORDS}pledge/", issue_payload(kind_c))
    assert pledge_c.status_code == 400
    revoke_notice = api.post(f"{RECORDS}{redirect.data['id']}/revoke/", {"reason": "x"})
    assert revoke_notice.status_code == 409
    assert SealUse.objects.count() == 3


@pytest.mark.parametrize("role", ["street_supervisor", "district_admin", "department_officer"])
def test_only_community_roles_act(world, api_for, kind_a, role):
    api = api_for(world.users[role])
    assert api.post(f"{RECORDS}issue/", issue_payload(kind_a)).status_code == 403
    assert not CertificateRecord.objects.exists()


# --- scoping -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "role,visible",
    [
        ("community_staff", {"mine"}),
        ("community_head", {"mine"}),
        ("street_supervisor", {"mine", "sibling"}),
        ("district_admin", {"mine", "sibling", "other"}),
        ("department_officer", set()),
        ("other_street_supervisor", {"other"}),
    ],
)
def test_records_scoping_matrix(world, api_for, kind_a, role, visible):
    rows = {
        "mine": CertificateRecordFactory(community=world.community, kind=kind_a),
        "sibling": CertificateRecordFactory(community=world.sibling, kind=kind_a),
        "other": CertificateRecordFactory(community=world.other_community, kind=kind_a),
    }
    api = api_for(world.users[role])
    listed = {r["id"] for r in api.get(RECORDS).data["results"]}
    assert listed == {rows[name].pk for name in visible}
    for name, row in rows.items():
        status = api.get(f"{RECORDS}{row.pk}/").status_code
        assert status == (200 if name in visible else 404), (name, status)


def test_revoke_out_of_scope_is_404(world, api_for, kind_a):
    record = services.certificate_issue(
        by=world.users["other_community_staff"],
        kind_id=kind_a.pk,
        applicant_name="张三",
        applicant_id_number=id_number(),
    )
    response = api_for(world.users["community_staff"]).post(f"{RECORDS}{record.pk}/revoke/", {"reason": "x"})
    assert response.status_code == 404
    record.refresh_from_db()
    assert record.revoked_at is None


def test_records_filters_and_query_count(world, api_for, kind_a, kind_c, django_assert_max_num_queries):
    CertificateRecordFactory.create_batch(60, community=world.community, kind=kind_a)
    CertificateRecordFactory.create_batch(3, community=world.community, kind=kind_c, outcome="redirected")
    api = api_for(world.users["district_admin"])
    with django_assert_max_num_queries(4):
        response = api.get(RECORDS)
    assert response.data["count"] == 63 and len(response.data["results"]) == 50
    assert api.get(RECORDS, {"outcome": "redirected"}).data["count"] == 3
    assert api.get(RECORDS, {"cert_class": "C"}).data["count"] == 3
    assert api.get(RECORDS, {"community": world.sibling.pk}).data["count"] == 0


# --- verification ------------------------------------------------------------------------------
def test_verification_endpoint_public(world, client, kind_a, settings):
    record = services.certificate_issue(
        by=world.users["community_staff"],
        kind_id=kind_a.pk,
        applicant_name="张三",
        applicant_id_number=id_number(),
    )
    response = client.get(f"/api/v1/certificate-verifications/{record.verification_code}/")
    assert response.status_code == 200
    assert response.json() == {
        "code": record.verification_code,
        "kind": kind_a.name,
        "community": world.community.name,
        "date": record.date.isoformat(),
        "serial": record.serial,
        "valid": True,
        "revoked_on": None,
    }
    missing = client.get("/api/v1/certificate-verifications/NOSUCHCODE123456/")
    assert missing.status_code == 404 and "未找到" in missing.json()["detail"]
    settings.CERTIFICATE_VERIFY_RATE = 2
    assert client.get("/api/v1/certificate-verifications/X/").status_code == 429


# --- seal register -----------------------------------------------------------------------------
def test_seal_uses_list_and_create(world, api_for, kind_a, django_assert_max_num_queries):
    for _ in range(55):
        services.certificate_issue(
            by=world.users["community_staff"],
            kind_id=kind_a.pk,
            applicant_name="张三",
            applicant_id_number=id_number(),
        )
    api = api_for(world.users["community_staff"])
    created = api.post("/api/v1/seal-uses/", {"title": "低保调查表", "requested_by": "区民政局", "copies": 2})
    assert created.status_code == 201 and created.data["document"] == "other"
    assert api.post("/api/v1/seal-uses/", {"title": ""}).status_code == 400
    with django_assert_max_num_queries(4):
        response = api.get("/api/v1/seal-uses/", {"document": "certificate"})
    assert response.data["count"] == 55
    assert api_for(world.users["other_community_staff"]).get("/api/v1/seal-uses/").data["count"] == 0
    assert api_for(world.users["department_officer"]).get("/api/v1/seal-uses/").data["count"] == 0
    assert (
        api_for(world.users["street_supervisor"]).post("/api/v1/seal-uses/", {"title": "x"}).status_code
        == 403
    )
    use_id = created.data["id"]
    assert api.delete(f"/api/v1/seal-uses/{use_id}/").status_code == 405
    assert api.patch(f"/api/v1/seal-uses/{use_id}/", {"copies": 9}).status_code == 405


@pytest.mark.parametrize("code", ["AB%00CD", "ABC0OI1D"])
def test_verification_code_outside_alphabet_is_not_found(client, issued, code):
    response = client.get(f"/api/v1/certificate-verifications/{code}/")
    assert response.status_code == 404


def test_outcomes_must_match_the_class(world, api_for, kind_a, kind_b, kind_c):
    api = api_for(world.users["community_staff"])
    refuse_c = api.post(f"{RECORDS}refuse/", {"kind": kind_c.pk, "applicant_name": "李四", "reason": "不出"})
    assert refuse_c.status_code == 400 and "kind" in refuse_c.data, refuse_c.data
    assert "告知" in str(refuse_c.data["kind"])
    for kind in (kind_a, kind_b):
        redirect = api.post(f"{RECORDS}redirect/", {"kind": kind.pk, "applicant_name": "李四"})
        assert redirect.status_code == 400 and "kind" in redirect.data, redirect.data
    assert not CertificateRecord.objects.exists() and not SealUse.objects.exists()
