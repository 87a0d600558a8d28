"""The English UI: refusals and stored texts read in English; Chinese stays the default and the
stored rows stay Chinese."""

import datetime
import importlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from tasks import services, texts
from tasks.models import AccessRequest, Finding, Notification

from .factories import AccessRequestFactory
from .test_views import form_data

pytestmark = pytest.mark.django_db
backfill = importlib.import_module("tasks.migrations.0006_backfill_text_keys")


def stored_text(text: str) -> str:
    """How a row from before template keys shows `text` once the backfill migration gave it its key."""
    found = backfill.legacy_text_of(text, (*backfill.TITLES, *backfill.BODIES, "revoked_reason"))
    return texts.shown(text, *found) if found else texts.shown(text, "", {})


BLOCKED = {
    "en": ("The request was blocked: This item is on the negative list", "Access request {code} was blocked"),
    "zh-hans": ("申请已被系统拦截：该事项属于负面清单，不得交由社区承担", "准入申请 {code} 被系统拦截"),
}


@pytest.mark.parametrize("language", [None, "en"])
def test_negative_list_block_reads_in_the_ui_language_and_is_stored_in_chinese(world, client_for, language):
    client = client_for(world.users["department_officer"])
    if language:
        client.post("/i18n/setlang/", {"language": language, "next": "/"})
    response = client.post(
        reverse("tasks:request_create"),
        {**form_data(world, list_class="negative"), "intent": "submit"},
        follow=True,
    )
    message, notice = BLOCKED[language or "zh-hans"]
    html = response.content.decode()
    assert message in html
    assert ("不得交由社区承担" in html) is (language is None)
    req = AccessRequest.objects.get()
    assert req.status == AccessRequest.Status.BLOCKED
    assert "不得交由社区承担" in req.findings.get().message  # the record keeps its Chinese
    assert "不得交由社区承担" in req.decision_reason
    assert Notification.objects.get(department=world.department).title == f"准入申请 {req.code} 被系统拦截"
    assert notice.format(code=req.code) in client.get(reverse("tasks:notification_list")).content.decode()


def test_work_log_over_24_hours_in_english(world):
    line = services.LogLine(
        date=timezone.localdate(), hours="30", people=1, department_id=world.department.pk
    )
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.worklog_create(by=world.users["community_staff"], line=line)
    message = excinfo.value.message_dict["hours"][0]
    assert message == "A person cannot work more than 24 hours a day (30.00 hours ÷ 1 people)."
    with pytest.raises(ValidationError) as excinfo:
        services.worklog_create(by=world.users["community_staff"], line=line)
    assert excinfo.value.message_dict["hours"][0] == "每人每天工时不能超过 24 小时（30.00 小时 ÷ 1 人）。"


def test_api_400_and_409_follow_accept_language(world, api_for):
    staff = api_for(world.users["community_staff"])
    body = {"date": timezone.localdate().isoformat(), "hours": "30", "department": world.department.pk}
    response = staff.post("/api/v1/work-logs/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "more than 24 hours" in response.json()["hours"][0]
    response = staff.post("/api/v1/work-logs/", body, format="json")
    assert "24 小时" in response.json()["hours"][0]

    req = AccessRequestFactory(department=world.department, communities=[world.community])
    services.access_request_submit(request_id=req.pk, by=world.users["department_officer"])
    district = api_for(world.users["district_admin"])
    url = f"/api/v1/access-requests/{req.pk}/reject/"
    assert district.post(url, {"reason": "不符合"}, format="json").status_code == 200
    response = district.post(url, {"reason": "again"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert "does not allow" in response.json()["detail"]
    assert "不能执行" not in response.json()["detail"]


def test_service_refusals_in_english(world):
    officer = world.users["department_officer"]
    with translation.override("en"):
        with pytest.raises(ValidationError) as excinfo:
            services.catalog_version_publish(by=officer, name="x", valid_from=timezone.localdate())
        assert excinfo.value.message_dict["non_field_errors"] == [
            "Only the district burden-reduction office can publish the task catalog."
        ]
        req = AccessRequestFactory(
            department=world.department,
            communities=[world.community],
            deadline=timezone.localdate() - datetime.timedelta(days=1),
        )
        with pytest.raises(ValidationError) as excinfo:
            services.access_request_submit(request_id=req.pk, by=officer)
        assert excinfo.value.message_dict["deadline"] == ["The deadline cannot be before today."]


@pytest.mark.parametrize(
    ("stored", "english_text"),
    [
        (texts.NEGATIVE_LIST_IN % {"version": "2026年版"}, "negative list of “2026年版”"),
        (texts.SHORT_NOTICE % {"days": 3, "required": 30}, "Only 3 working days before the deadline"),
        (texts.NOTICE_DECIDED % {"code": "ZR-00001", "decision": "准予准入"}, "Access request ZR-00001: "),
        (
            texts.NOTICE_ASSIGNED_BODY % {"department": "民政局", "code": "ZR-00002", "due": "2026-12-01"},
            "Assigned by 民政局 after access review (ZR-00002), due 2026-12-01.",
        ),
        (
            texts.DUPLICATE_FIELDS
            % {
                "overlaps": texts.LIST_SEPARATOR.join(
                    texts.FIELD_COLLECTED % {"field": f, "canonical": f, "sources": "民政局、卫健委"}
                    for f in ("姓名", "住址")
                )
            },
            "“姓名” (姓名) is already collected by 民政局, 卫健委; “住址” (住址)",
        ),
    ],
)
def test_stored_texts_are_read_in_the_active_language(stored, english_text):
    with translation.override("zh-hans"):
        assert stored_text(stored) == stored  # Chinese in, Chinese out
    with translation.override("en"):
        assert english_text in stored_text(stored)
        assert not any(
            "\u4e00" <= ch <= "\u9fff"
            for ch in stored_text(stored)
            .replace("年版", "")
            .replace("民政局", "")
            .replace("卫健委", "")
            .replace("姓名", "")
            .replace("住址", "")
        )


def test_a_reviewers_own_words_are_shown_as_written():
    with translation.override("en"):
        assert stored_text("材料不全，请补充法定依据。") == "材料不全，请补充法定依据。"
        assert stored_text("") == ""


def test_finding_kinds_keep_their_stored_message(world):
    req = AccessRequestFactory(department=world.department, communities=[world.community], legal_basis="")
    with translation.override("en"):
        services.access_request_submit(request_id=req.pk, by=world.users["department_officer"])
    finding = Finding.objects.get(access_request=req)
    assert finding.message == "未填写法定依据。"
    with translation.override("en"):
        assert finding.display_message == "No legal basis given."
