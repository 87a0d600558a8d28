"""Texts the system writes (tasks/texts.py): the row keeps its Chinese byte for byte, and beside it
the template's key and parameters, from which pages render it in the reader's language; the
backfill migration gives rows from before their keys; a person's own words are shown as written."""

import importlib
from io import BytesIO

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tasks import services, texts
from tasks.models import AccessRequest, Finding, Notification, RequestEvent, TaskAssignment
from tasks.workdays import add_working_days

from .factories import AccessRequestFactory, AssignmentFactory, TaskItemFactory
from .test_services import TODAY, approved, draft, submit

pytestmark = pytest.mark.django_db
backfill = importlib.import_module("tasks.migrations.0006_backfill_text_keys")


def in_english(obj, attribute: str) -> str:
    with translation.override("en"):
        return getattr(obj, attribute)


def in_chinese(obj, attribute: str) -> str:
    with translation.override("zh-hans"):
        return getattr(obj, attribute)


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# --- new rows: written with key + params, the Chinese as before ------------------------------
def test_a_new_finding_renders_from_its_key_in_both_languages(world):
    req = submit(world, draft(world, legal_basis="", deadline=add_working_days(TODAY(), 10)))
    found = {f.kind: f for f in req.findings.all()}
    short = found[Finding.Kind.SHORT_NOTICE]
    assert (short.message_key, short.message_params) == ("short_notice", {"days": 10, "required": 30})
    assert short.message == texts.SHORT_NOTICE % {"days": 10, "required": 30}
    assert in_chinese(short, "display_message") == short.message
    assert in_english(short, "display_message") == (
        "Only 10 working days before the deadline, less than the required 30 working days' notice."
    )
    basis = found[Finding.Kind.NO_LEGAL_BASIS]
    assert (basis.message, basis.message_key, basis.message_params) == (
        "未填写法定依据。",
        "no_legal_basis",
        {},
    )
    assert in_english(basis, "display_message") == "No legal basis given."


def test_duplicate_codes_are_data_and_their_punctuation_translates(world):
    item = TaskItemFactory(department=world.other_department)
    first, second = (
        AccessRequestFactory(
            department=world.other_department,
            task_item=item,
            status="approved",
            communities=[world.community],
        )
        for _ in range(2)
    )
    finding = submit(world, draft(world, task_item=item)).findings.get()
    dept = world.other_department.name
    codes = f"{first.code}（{dept}）、{second.code}（{dept}）"
    assert finding.message == texts.DUPLICATE % {"codes": codes}  # the Chinese as it always was
    assert in_chinese(finding, "display_message") == finding.message
    assert in_english(finding, "display_message") == (
        f"Duplicates the approved request(s) {first.code} ({dept}), {second.code} ({dept}); "
        "the target communities overlap."
    )


def test_duplicate_fields_nest_their_parts_and_separators(world):
    from ledgers.models import LedgerType

    LedgerType.objects.create(
        code="LX1", name="低保台账", department=world.other_department, fields=["姓名", "住址"]
    )
    LedgerType.objects.create(code="LX2", name="救助台账", department=world.department, fields=["姓名"])
    with translation.override("en"):  # the submitter's language changes nothing stored
        finding = submit(world, draft(world, demanded_fields="姓名、住址")).findings.get()
    assert finding.message_key == "duplicate_fields"
    parts = [
        texts.FIELD_COLLECTED
        % {"field": o["field"], "canonical": o["canonical"], "sources": "、".join(o["demanded_by"])}
        for o in finding.detail["overlaps"]
    ]
    assert finding.message == texts.DUPLICATE_FIELDS % {"overlaps": "；".join(parts)}
    assert in_chinese(finding, "display_message") == finding.message
    english = in_english(finding, "display_message")
    assert english.startswith("Fields demanded by the ledgers and report forms duplicate existing")
    assert "“姓名” (姓名) is already collected by 台账 " in english and ", 台账 " in english
    assert "; “住址” (住址)" in english
    data = [o["field"] for o in finding.detail["overlaps"]] + [
        s for o in finding.detail["overlaps"] for s in o["demanded_by"]
    ]
    for piece in sorted(data, key=len, reverse=True):
        english = english.replace(piece, "")
    assert not has_cjk(english)


def test_a_blocked_request_its_event_and_notice_render_from_keys(world):
    req = submit(world, draft(world, list_class="negative"))
    assert req.status == AccessRequest.Status.BLOCKED
    assert req.decision_reason == texts.NEGATIVE_LIST and req.decision_reason_key == "negative_list"
    expected = "This item is on the negative list and may not be handed to communities; the system blocked the request."
    assert in_english(req, "display_decision_reason") == expected
    event = RequestEvent.objects.get(access_request=req)
    assert event.reason == texts.NEGATIVE_LIST and in_english(event, "display_reason") == expected
    notice = Notification.objects.get(department=world.department)
    assert notice.title == f"准入申请 {req.code} 被系统拦截"
    assert (notice.title_key, notice.title_params) == ("notice_blocked", {"code": req.code})
    assert notice.body == texts.NEGATIVE_LIST and notice.body_key == "negative_list"
    assert in_english(notice, "display_title") == f"Access request {req.code} was blocked by the system"
    assert in_english(notice, "display_body") == expected
    assert in_chinese(notice, "display_title") == notice.title


def test_decision_assignment_and_revocation_notices_render_from_keys(world):
    req = approved(world)
    decided = Notification.objects.get(department=world.department, access_request=req)
    assert decided.title == f"准入申请 {req.code}：准予准入"
    assert decided.title_params == {"code": req.code, "decision": {"word": "准予准入"}}
    assert in_english(decided, "display_title") == f"Access request {req.code}: Approved"
    assert (decided.body, decided.body_key) == ("同意", "")
    assert in_english(decided, "display_body") == "同意"  # the reviewer's words

    assigned = Notification.objects.get(community=world.community, access_request=req)
    dept = world.department.name
    params = {"department": dept, "code": req.code, "due": req.deadline.isoformat()}
    assert assigned.body == texts.NOTICE_ASSIGNED_BODY % params
    assert assigned.body_params == params
    assert in_english(assigned, "display_title") == f"New assigned task: {req.title}"
    assert in_english(assigned, "display_body") == (
        f"Assigned by {dept} after access review ({req.code}), due {req.deadline.isoformat()}."
    )

    services.access_request_decide(
        request_id=req.pk, by=world.users["district_admin"], action="revoke", reason="上级文件已废止"
    )
    closed = TaskAssignment.objects.get(access_request=req, community=world.community)
    assert (closed.refused_reason, closed.refused_reason_key) == ("准入已撤销", "revoked_reason")
    assert closed.closed_by_revocation
    assert in_english(closed, "display_refused_reason") == "Approval revoked"
    notice = Notification.objects.get(community=world.community, title_key="notice_revoked")
    assert notice.title == f"准入已撤销：{req.title}"
    assert notice.body == texts.NOTICE_REVOKED_BODY % {
        "department": dept,
        "code": req.code,
        "reason": "上级文件已废止",
    }
    assert in_english(notice, "display_body") == (
        f"The access request {req.code} of {dept} was revoked; this community's unfinished tasks "
        "under it are closed: 上级文件已废止"
    )


# --- a person's own words: no key, shown as written ----------------------------------------
def test_a_reviewers_words_that_read_like_a_template_are_shown_as_written(world):
    req = submit(world, draft(world))
    req = services.access_request_decide(
        request_id=req.pk, by=world.users["district_admin"], action="return", reason="未填写法定依据。"
    )
    assert (req.decision_reason, req.decision_reason_key) == ("未填写法定依据。", "")
    assert in_english(req, "display_decision_reason") == "未填写法定依据。"
    notice = Notification.objects.get(department=world.department, title_key="notice_decided")
    assert in_english(notice, "display_body") == "未填写法定依据。"
    assert in_english(notice, "display_title") == f"Access request {req.code}: Returned for revision"


def test_a_community_refusal_reading_like_a_revocation_is_its_own_words(world):
    work = AssignmentFactory(community=world.community, approved=False)
    work = services.assignment_refuse(
        assignment_id=work.pk, by=world.users["community_head"], reason="准入已撤销"
    )
    assert work.refused and not work.closed_by_revocation
    assert in_english(work, "display_refused_reason") == "准入已撤销"


def test_pages_show_the_rendered_text_in_english(world, client_for):
    req = submit(world, draft(world, list_class="negative"))
    client = client_for(world.users["department_officer"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    detail = client.get(reverse("tasks:request_detail", args=[req.pk])).content.decode()
    assert "the system blocked the request." in detail
    assert "不得交由社区承担" not in detail
    notices = client.get(reverse("tasks:notification_list")).content.decode()
    assert f"Access request {req.code} was blocked by the system" in notices
    export = client.get(reverse("tasks:notification_list"), {"export": "xlsx"})
    sheet = load_workbook(BytesIO(export.content)).active
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row]
    assert f"Access request {req.code} was blocked by the system" in cells


# --- rows from before keys: the backfill migration --------------------------------------------
def _text_fields(row) -> list[str]:
    """The fields of `row` that hold a stored text (those with a `_key` beside them)."""
    return [f.name for f in row._meta.fields if hasattr(row, f"{f.name}_key")]


def test_the_backfill_gives_old_rows_their_keys_and_leaves_own_words_alone(world):
    dept = world.department.name
    overlaps = "；".join(
        texts.FIELD_COLLECTED % {"field": f, "canonical": f, "sources": "台账 L01 低保台账、报表 R01 月报"}
        for f in ("姓名", "住址")
    )
    old_fields = texts.DUPLICATE_FIELDS % {"overlaps": overlaps}
    blocked = AccessRequestFactory(
        department=world.department,
        status="blocked",
        decision_reason=texts.NEGATIVE_LIST_IN % {"version": "2026年版"},
        communities=[world.community],
    )
    returned = AccessRequestFactory(
        department=world.department, status="returned", decision_reason="未填写法定依据。"
    )
    fields = Finding.objects.create(access_request=blocked, kind="duplicate_fields", message=old_fields)
    codes = Finding.objects.create(
        access_request=blocked,
        kind="duplicate",
        message=texts.DUPLICATE % {"codes": f"ZR2026-00001（{dept}）"},
    )
    odd = Finding.objects.create(access_request=blocked, kind="unfunded", message="手写的说明")
    submit_event = RequestEvent.objects.create(
        access_request=blocked, action="submit", status="blocked", reason=blocked.decision_reason
    )
    return_event = RequestEvent.objects.create(
        access_request=returned, action="return", status="returned", reason="未填写法定依据。"
    )
    decided = Notification.objects.create(
        department=world.department, title="准入申请 ZR2026-00009：退回修改", body="未填写法定依据。"
    )
    assigned = Notification.objects.create(
        community=world.community,
        title="新的下沉任务：入户走访",
        body=texts.NOTICE_ASSIGNED_BODY % {"department": dept, "code": "ZR2026-00002", "due": "2026-12-01"},
    )
    revoked = AssignmentFactory(community=world.community, refused=True, refused_reason="准入已撤销")
    refused = AssignmentFactory(
        community=world.community, approved=False, refused=True, refused_reason="准入已撤销"
    )
    rows = (
        fields,
        codes,
        odd,
        blocked,
        returned,
        submit_event,
        return_event,
        decided,
        assigned,
        revoked,
        refused,
    )
    stored = [(row.pk, getattr(row, name)) for row in rows for name in _text_fields(row)]

    counts = backfill.backfill_text_keys(apps)

    assert counts == {
        "finding": 2,
        "request": 1,
        "event": 1,
        "assignment": 1,
        "notification_title": 2,
        "notification_body": 1,
    }
    for row in rows:
        row.refresh_from_db()
    assert [(row.pk, getattr(row, name)) for row in rows for name in _text_fields(row)] == stored  # untouched

    assert fields.message_key == "duplicate_fields"
    assert fields.message_params["overlaps"]["join"] == "；"
    assert fields.message_params["overlaps"]["items"][0] == {
        "text": "field_collected",
        "params": {
            "field": "姓名",
            "canonical": "姓名",
            "sources": {"join": "、", "items": ["台账 L01 低保台账", "报表 R01 月报"]},
        },
    }
    assert texts.Text(fields.message_key, fields.message_params).chinese == old_fields
    assert "“住址” (住址) is already collected by 台账 L01 低保台账, 报表 R01 月报" in in_english(
        fields, "display_message"
    )
    assert in_english(codes, "display_message").startswith(
        f"Duplicates the approved request(s) ZR2026-00001 ({dept});"
    )
    assert (odd.message_key, in_english(odd, "display_message")) == ("", "手写的说明")

    assert blocked.decision_reason_key == "negative_list_in"
    assert blocked.decision_reason_params == {"version": "2026年版"}
    assert "negative list of “2026年版”" in in_english(blocked, "display_decision_reason")
    assert submit_event.reason_key == "negative_list_in"
    assert (returned.decision_reason_key, return_event.reason_key) == ("", "")
    assert in_english(returned, "display_decision_reason") == "未填写法定依据。"

    assert decided.title_params == {"code": "ZR2026-00009", "decision": {"word": "退回修改"}}
    assert in_english(decided, "display_title") == "Access request ZR2026-00009: Returned for revision"
    assert (decided.body_key, in_english(decided, "display_body")) == ("", "未填写法定依据。")
    assert in_english(assigned, "display_body") == (
        f"Assigned by {dept} after access review (ZR2026-00002), due 2026-12-01."
    )
    assert (
        revoked.closed_by_revocation and in_english(revoked, "display_refused_reason") == "Approval revoked"
    )
    assert not refused.closed_by_revocation and refused.refused_reason_key == ""

    assert set(backfill.backfill_text_keys(apps).values()) == {0}  # run twice: nothing more to fill


def test_a_legacy_match_is_kept_only_when_it_writes_the_text_again():
    assert backfill.legacy_text_of("未填写法定依据。", backfill.FINDINGS) == ("no_legal_basis", {})
    assert backfill.legacy_text_of("未填写法定依据。补充", backfill.FINDINGS) is None
    # Codes whose department's name holds a separator stay one piece of data.
    key, params = backfill.legacy_text_of(
        texts.DUPLICATE % {"codes": "ZR2026-00001（民政、卫健）"}, backfill.FINDINGS
    )
    assert key == "duplicate"
    assert texts.Text(key, params).chinese == texts.DUPLICATE % {"codes": "ZR2026-00001（民政、卫健）"}
