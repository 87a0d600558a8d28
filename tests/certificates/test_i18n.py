"""The English UI: the counter's refusals, the reveal and the public verification read in English;
Chinese stays the default; the printed certificate or notice is a Chinese document in any UI."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from openpyxl import load_workbook

from audit.models import AuditRecord
from certificates import services
from certificates.models import CertificateRecord
from communityops.errors import TransitionError

from .factories import id_number

pytestmark = pytest.mark.django_db

RECORDS = "/api/v1/certificate-records/"
CLASS_C_EN = "“唯一住房证明” must not be issued by a community (negative list)."
CLASS_C_ZH = "“唯一住房证明”属于不应由社区出具的证明（负面清单），不能出具。"


def _english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


@pytest.fixture
def record(world, kind_a):
    return services.certificate_issue(
        by=world.users["community_staff"],
        kind_id=kind_a.pk,
        applicant_name="张三",
        applicant_id_number=id_number(),
    )


@pytest.mark.parametrize("language", [None, "en"])
def test_counter_refuses_class_c_in_the_ui_language(world, client_for, kind_c, language):
    client = client_for(world.users["community_staff"])
    if language:
        _english(client)
    response = client.post(
        f"/certificates/counter/{kind_c.pk}/",
        {"action": "issue", "applicant_name": "李四", "applicant_id_number": id_number()},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert (CLASS_C_EN in html) is bool(language)
    assert (CLASS_C_ZH in html) is not bool(language)
    assert "不动产登记中心" in html  # the authority's name is data
    assert not CertificateRecord.objects.exists()


def test_counter_refusal_through_the_api_follows_accept_language(world, api_for, kind_c):
    api = api_for(world.users["community_staff"])
    body = {"kind": kind_c.pk, "applicant_name": "李四", "applicant_id_number": id_number()}
    english = api.post(f"{RECORDS}issue/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400 and english.json()["kind"][0].startswith(CLASS_C_EN)
    chinese = api.post(f"{RECORDS}issue/", body, format="json")
    assert chinese.status_code == 400 and chinese.json()["kind"][0].startswith(CLASS_C_ZH)
    assert not CertificateRecord.objects.exists()


def test_redirect_notice_stays_chinese_in_the_english_ui(world, client_for, kind_c):
    client = client_for(world.users["community_staff"])
    _english(client)
    response = client.post(
        f"/certificates/counter/{kind_c.pk}/", {"action": "redirect", "applicant_name": "李四"}
    )
    notice = client.get(response.url).content.decode()
    assert "社区无法核实相关情况，不予出具" in notice and "特此告知。" in notice


def test_reveal_without_a_reason_in_english(world, client_for, api_for, record):
    client = client_for(world.users["community_staff"])
    _english(client)
    missing = client.post(f"/certificates/records/{record.pk}/reveal/", {"reason": ""})
    html = missing.content.decode()
    assert missing.status_code == 400
    assert "Enter the reason for viewing the full data." in html and "请填写查看完整信息的理由" not in html
    assert id_number() not in html

    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.certificate_applicant_id_reveal(
            by=world.users["community_staff"], record_id=record.pk, reason=" "
        )
    assert excinfo.value.message_dict["reason"] == ["Enter the reason for viewing the full data."]
    with translation.override("zh-hans"), pytest.raises(ValidationError) as excinfo:
        services.certificate_applicant_id_reveal(
            by=world.users["community_staff"], record_id=record.pk, reason=" "
        )
    assert excinfo.value.message_dict["reason"] == ["请填写查看完整信息的理由。"]

    refused = api_for(world.users["street_supervisor"]).post(
        f"{RECORDS}{record.pk}/reveal/", {"reason": "核对"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.status_code in (403, 404)
    assert not AuditRecord.objects.filter(action="personal_data.reveal").exists()


def test_revoke_twice_is_a_409_in_english(world, api_for, record):
    api = api_for(world.users["community_staff"])
    url = f"{RECORDS}{record.pk}/revoke/"
    assert api.post(url, {"reason": "填错"}, format="json").status_code == 200
    again = api.post(url, {"reason": "again"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 409 and "作废" not in again.json()["detail"]
    with translation.override("en"), pytest.raises(TransitionError) as conflict:
        services.certificate_revoke(by=world.users["community_staff"], record_id=record.pk, reason="x")
    assert "不能重复作废" not in str(conflict.value.detail)


def test_public_verification_404_and_429_follow_accept_language(client, settings):
    english = client.get("/api/v1/certificate-verifications/NOSUCHCODE123456/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 404
    assert english.json()["detail"] == "No certificate was found for this verification code."
    chinese = client.get("/api/v1/certificate-verifications/NOSUCHCODE123456/")
    assert chinese.json()["detail"] == "未找到该核验码对应的证明。"
    settings.CERTIFICATE_VERIFY_RATE = 0
    throttled = client.get("/api/v1/certificate-verifications/X/", HTTP_ACCEPT_LANGUAGE="en")
    assert throttled.status_code == 429
    assert throttled.json()["detail"].startswith("Too many lookups; please try again in a minute.")


def test_seal_register_daily_export_title_in_english(world, client_for, record):
    client = client_for(world.users["community_staff"])
    _english(client)
    day = record.date.isoformat()
    response = client.get(f"/certificates/seal/daily/?date={day}")
    assert response.status_code == 200
    assert load_workbook(BytesIO(response.content)).worksheets[0].title == f"Seal register {day}"
