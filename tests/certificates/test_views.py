"""Pages: catalog, counter, records, print/PDF, revoke, seal register, public verification."""

from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from certificates import services
from certificates.models import CertificateKind, CertificateRecord, SealUse

from .factories import CertificateKindFactory, CertificateRecordFactory, bad_id_number, id_number

pytestmark = pytest.mark.django_db


def issued(world, kind, user="community_staff"):
    return services.certificate_issue(
        by=world.users[user], kind_id=kind.pk, applicant_name="张三", applicant_id_number=id_number()
    )


# --- catalog -----------------------------------------------------------------------------------
def test_catalog_page_for_everyone_and_excel(world, client_for, catalog, django_assert_max_num_queries):
    client = client_for(world.users["department_officer"])
    with django_assert_max_num_queries(8):
        response = client.get("/certificates/catalog/?cert_class=C")
    page = response.content.decode()
    assert response.status_code == 200 and "唯一住房证明" in page and "社区居住证明" not in page
    assert "新增" not in page  # only the district edits
    export = client.get("/certificates/catalog/?export=xlsx")
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("编码", "名称", "要求出具单位", "类别")
    assert len(rows) == 1 + len(catalog)


def test_catalog_list_query_count_constant(world, client_for, django_assert_max_num_queries):
    CertificateKindFactory.create_batch(60)
    client = client_for(world.users["community_staff"])
    with django_assert_max_num_queries(8):
        response = client.get("/certificates/catalog/")
    assert response.status_code == 200


def test_district_edits_catalog(world, client_for, kind_a):
    client = client_for(world.users["district_admin"])
    response = client.post(
        "/certificates/catalog/new/",
        {
            "code": "C77",
            "name": "测试证明",
            "requested_by": "银行",
            "cert_class": "C",
            "frequency": "general",
        },
    )
    assert response.status_code == 200
    assert "必须写明应出具机关" in response.content.decode()
    assert not CertificateKind.objects.filter(code="C77").exists()
    data = {
        "code": "C77",
        "name": "测试证明",
        "requested_by": "银行",
        "cert_class": "C",
        "frequency": "general",
        "responsible_authority": "开户银行",
    }
    assert client.post("/certificates/catalog/new/", data).status_code == 302
    response = client.post(
        f"/certificates/catalog/{kind_a.pk}/edit/",
        {"name": "社区居住证明", "requested_by": "学校", "cert_class": "A", "frequency": "general"},
    )
    assert response.status_code == 302
    kind_a.refresh_from_db()
    assert kind_a.requested_by == "学校" and kind_a.code == "TA1"


@pytest.mark.parametrize("role", ["community_staff", "street_supervisor", "department_officer"])
def test_others_cannot_edit_catalog(world, client_for, kind_a, role):
    client = client_for(world.users[role])
    assert client.get("/certificates/catalog/new/").status_code == 403
    assert client.post(f"/certificates/catalog/{kind_a.pk}/edit/", {"name": "x"}).status_code == 403


# --- counter -----------------------------------------------------------------------------------
def test_counter_search_htmx(world, client_for, catalog):
    client = client_for(world.users["community_staff"])
    response = client.get("/certificates/counter/?q=唯一", headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "唯一住房证明" in page and "社区居住证明" not in page and "<html" not in page
    assert client.get("/certificates/counter/").status_code == 200
    assert client_for(world.users["street_supervisor"]).get("/certificates/counter/").status_code == 403


def test_counter_issues_class_a_and_prints(world, client_for, kind_a):
    client = client_for(world.users["community_staff"])
    response = client.post(
        f"/certificates/counter/{kind_a.pk}/",
        {"action": "issue", "applicant_name": "张三", "applicant_id_number": id_number().lower()},
    )
    record = CertificateRecord.objects.get()
    assert response.status_code == 302 and response.url == f"/certificates/records/{record.pk}/print/"
    page = client.get(response.url).content.decode()
    assert record.serial in page and "（盖章处）" in page and "<svg" in page
    assert id_number() not in page and record.applicant_id_masked in page
    pdf = client.get(f"/certificates/records/{record.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_counter_blocks_class_c_and_prints_redirect_notice(world, client_for, kind_c):
    client = client_for(world.users["community_staff"])
    page = client.get(f"/certificates/counter/{kind_c.pk}/").content.decode()
    assert "社区不出具此证明" in page and "不动产登记中心" in page and 'value="issue"' not in page
    response = client.post(
        f"/certificates/counter/{kind_c.pk}/",
        {"action": "issue", "applicant_name": "李四", "applicant_id_number": id_number()},
    )
    assert response.status_code == 400 and "不能出具" in response.content.decode()
    assert not CertificateRecord.objects.exists()
    response = client.post(
        f"/certificates/counter/{kind_c.pk}/", {"action": "redirect", "applicant_name": "李四"}
    )
    record = CertificateRecord.objects.get()
    assert record.outcome == "redirected"
    notice = client.get(response.url).content.decode()
    assert "告知书" in notice and "不动产登记中心" in notice


def test_counter_field_errors(world, client_for, kind_b):
    client = client_for(world.users["community_staff"])
    response = client.post(
        f"/certificates/counter/{kind_b.pk}/",
        {
            "action": "issue",
            "applicant_name": "",
            "applicant_id_number": bad_id_number(),
            "evidence_seen": ["户口簿"],
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'data-field="applicant_id_number"' in page and "校验位" in page
    assert 'data-field="evidence_seen"' in page and "结婚证" in page
    assert 'data-field="applicant_name"' in page
    assert not CertificateRecord.objects.exists() and not SealUse.objects.exists()


def test_counter_refusal_and_pledge(world, client_for, kind_a):
    client = client_for(world.users["community_head"])
    response = client.post(
        f"/certificates/counter/{kind_a.pk}/", {"action": "refuse", "applicant_name": "王五"}
    )
    assert response.status_code == 400 and 'data-field="reason"' in response.content.decode()
    client.post(
        f"/certificates/counter/{kind_a.pk}/",
        {"action": "refuse", "applicant_name": "王五", "reason": "非本社区居民"},
    )
    client.post(
        f"/certificates/counter/{kind_a.pk}/",
        {"action": "pledge", "applicant_name": "王五", "applicant_id_number": id_number()},
    )
    assert sorted(CertificateRecord.objects.values_list("outcome", flat=True)) == ["pledged", "refused"]


def test_id_check_htmx(world, client_for):
    client = client_for(world.users["community_staff"])
    ok = client.post("/certificates/counter/check-id/", {"applicant_id_number": id_number()}).content.decode()
    assert "1101**********" in ok and id_number() not in ok
    bad = client.post(
        "/certificates/counter/check-id/", {"applicant_id_number": bad_id_number()}
    ).content.decode()
    assert "校验位" in bad


# --- records, revoke, scoping ------------------------------------------------------------------
def test_records_list_scoped_and_query_count(world, client_for, kind_a, django_assert_max_num_queries):
    mine = issued(world, kind_a)
    theirs = issued(world, kind_a, user="other_community_staff")
    CertificateRecordFactory.create_batch(60, community=world.sibling, kind=kind_a)
    client = client_for(world.users["street_supervisor"])
    with django_assert_max_num_queries(10):
        response = client.get("/certificates/records/")
    assert response.status_code == 200 and "第 1 / 2 页" in response.content.decode()
    page = client.get("/certificates/records/?q=张三").content.decode()
    assert mine.serial in page and theirs.serial not in page
    assert id_number() not in page and mine.applicant_id_masked in page
    export = client.get("/certificates/records/?export=xlsx")
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 61 and all(id_number() not in map(str, row) for row in rows)


@pytest.mark.parametrize(
    "role,status",
    [
        ("community_staff", 200),
        ("community_head", 200),
        ("street_supervisor", 200),
        ("district_admin", 200),
        ("other_community_staff", 404),
        ("other_street_supervisor", 404),
        ("department_officer", 403),
    ],
)
def test_record_detail_scoping(world, client_for, kind_a, role, status):
    record = issued(world, kind_a)
    client = client_for(world.users[role])
    for suffix in ("", "print/"):
        assert client.get(f"/certificates/records/{record.pk}/{suffix}").status_code == status


def test_revoke_page(world, client_for, kind_a):
    record = issued(world, kind_a)
    client = client_for(world.users["community_head"])
    assert client.post(f"/certificates/records/{record.pk}/revoke/", {"reason": ""}).status_code == 400
    assert (
        client.post(f"/certificates/records/{record.pk}/revoke/", {"reason": "信息有误"}).status_code == 302
    )
    again = client.post(f"/certificates/records/{record.pk}/revoke/", {"reason": "再来"})
    assert again.status_code == 409 and "不能重复作废" in again.content.decode()
    assert (
        client_for(world.users["street_supervisor"])
        .get(f"/certificates/records/{record.pk}/revoke/")
        .status_code
        == 403
    )


# --- seal register -----------------------------------------------------------------------------
def test_seal_register_page_daily_export_and_manual_entry(
    world, client_for, kind_a, django_assert_max_num_queries
):
    for _ in range(3):
        issued(world, kind_a)
    client = client_for(world.users["community_staff"])
    response = client.post(
        "/certificates/seal/new/", {"title": "入户调查表", "requested_by": "区统计局", "copies": 2}
    )
    assert response.status_code == 302
    assert client.post("/certificates/seal/new/", {"title": "", "copies": 1}).status_code == 400
    for _ in range(3):
        issued(world, kind_a, user="community_head")
    with django_assert_max_num_queries(10):
        page = client.get("/certificates/seal/").content.decode()
    assert "入户调查表" in page and "导出当日用印登记簿" in page
    today = timezone.localdate().isoformat()
    export = client.get(f"/certificates/seal/daily/?date={today}")
    sheet = load_workbook(BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "用印时间" and len(rows) == 1 + 7
    assert client.get("/certificates/seal/daily/?date=yesterday").status_code == 400
    other = client_for(world.users["other_community_staff"]).get(f"/certificates/seal/daily/?date={today}")
    assert len(list(load_workbook(BytesIO(other.content)).active.iter_rows())) == 1


# --- public verification ---------------------------------------------------------------------
def test_public_verification_no_personal_data(world, client, kind_a):
    record = issued(world, kind_a)
    response = client.get(f"/certificates/verify/{record.verification_code}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "证明有效" in page and kind_a.name in page and world.community.name in page and record.serial in page
    )
    assert "张三" not in page and record.applicant_id_masked not in page
    services.certificate_revoke(by=world.users["community_staff"], record_id=record.pk, reason="信息有误")
    page = client.get(f"/certificates/verify/{record.verification_code.lower()}/").content.decode()
    assert "证明已作废" in page and "信息有误" not in page


def test_public_verification_unknown_code_and_form(world, client, kind_a):
    response = client.get("/certificates/verify/ABCDEFGHJKLMNPQR/")
    assert response.status_code == 404 and "未找到该核验码" in response.content.decode()
    record = issued(world, kind_a)
    redirect = client.get("/certificates/verify/", {"code": record.verification_code.lower()})
    assert redirect.status_code == 302 and redirect.url.endswith(f"/{record.verification_code}/")


def test_public_verification_rate_limited(world, client, settings):
    settings.CERTIFICATE_VERIFY_RATE = 3
    statuses = [client.get(f"/certificates/verify/CODE{n}/").status_code for n in range(5)]
    assert statuses == [404, 404, 404, 429, 429]
    other = client.get("/certificates/verify/CODE9/", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 404


# --- malformed input: a field message or a clear "not found", never a 500 ---------------------
@pytest.mark.parametrize("code", ["AB%00CD", "ABCD%00EFGHJKLMNP", "ABC0OI1D"])
def test_public_verification_code_outside_alphabet_is_not_found(world, client, kind_a, code):
    issued(world, kind_a)
    response = client.get(f"/certificates/verify/{code}/")
    assert response.status_code == 404 and "未找到该核验码" in response.content.decode()


def test_revoke_reason_with_nul_is_a_field_error(world, client_for, kind_a):
    record = issued(world, kind_a)
    client = client_for(world.users["community_head"])
    response = client.post(f"/certificates/records/{record.pk}/revoke/", {"reason": "a\x00b"})
    assert response.status_code == 400 and 'data-field="reason"' in response.content.decode()
    record.refresh_from_db()
    assert record.revoked_at is None


@pytest.mark.parametrize("title", ["印" * 201, "入户\x00调查表"])
def test_seal_entry_bad_title_is_a_field_error(world, client_for, title):
    client = client_for(world.users["community_staff"])
    response = client.post(
        "/certificates/seal/new/", {"title": title, "requested_by": "区统计局", "copies": 1}
    )
    assert response.status_code == 400 and 'data-field="title"' in response.content.decode()
    assert not SealUse.objects.exists()


def test_counter_outcomes_follow_the_class(world, client_for, kind_a, kind_c):
    client = client_for(world.users["community_staff"])
    refuse_c = client.post(
        f"/certificates/counter/{kind_c.pk}/",
        {"action": "refuse", "applicant_name": "王五", "reason": "不出"},
    )
    assert refuse_c.status_code == 400 and "不适用不予出具" in refuse_c.content.decode()
    redirect_a = client.post(
        f"/certificates/counter/{kind_a.pk}/", {"action": "redirect", "applicant_name": "王五"}
    )
    assert redirect_a.status_code == 400
    assert not CertificateRecord.objects.exists() and not SealUse.objects.exists()
    ok = client.post(f"/certificates/counter/{kind_c.pk}/", {"action": "redirect", "applicant_name": "王五"})
    assert ok.status_code == 302
    assert list(CertificateRecord.objects.values_list("outcome", flat=True)) == ["redirected"]
