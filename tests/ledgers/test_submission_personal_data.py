"""ID-number and phone fields of report submissions (填报内容): sealed at rest like ledger
entries, masked on every page, API and export, revealed one at a time with a reason (audited),
by the submission's own community only."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection

from audit import personal_data
from audit.models import AuditRecord
from ledgers import selectors, services
from ledgers.models import ReportSubmission

from .conftest import VALID_ID

PHONE = "13800138000"
NEW_KEY = "Y29tbXVuaXR5b3BzLXRlc3Qtb3RoZXIta2V5LTAwMSE="


@pytest.fixture
def person_form(world):
    """困难群众走访月报: a report form asking for a resident's ID and phone number."""
    form = services.report_form_save(
        by=world.users["district_admin"],
        code="R09",
        name="困难群众走访月报",
        department=world.department,
        frequency="monthly",
        definitions=[
            {"name": "走访户数", "field_type": "integer", "required": True},
            {"name": "户主姓名", "field_type": "text"},
            {"name": "公民身份号码", "field_type": "id_number", "required": True},
            {"name": "联系电话", "field_type": "phone"},
        ],
    )
    services.report_form_register(by=world.users["district_admin"], report_form_id=form.pk, year=2025)
    return form


def _due(world, form, community=None):
    return services.report_form_send(
        by=world.users["district_admin"],
        report_form_id=form.pk,
        communities=[community or world.community],
        period="2025-03",
        due_date=datetime.date(2099, 4, 5),
    )[0]


FILLED = {"走访户数": "3", "户主姓名": "李四", "公民身份号码": VALID_ID.lower(), "联系电话": PHONE}


@pytest.fixture
def submission(world, person_form):
    due = _due(world, person_form)
    return services.report_submission_fill(
        by=world.users["community_staff"], submission_id=due.pk, values=FILLED, submit=True
    )


def raw_row(pk) -> str:
    """The row as the database holds it, read past the ORM."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT t::text FROM ledgers_reportsubmission t WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_database_holds_no_plaintext_numbers(submission):
    row = raw_row(submission.pk)
    assert VALID_ID not in row and VALID_ID.lower() not in row and PHONE not in row
    assert VALID_ID[6:14] not in row  # not even the birth date
    assert submission.values["公民身份号码"] == "1101**********002X"
    assert submission.values["联系电话"] == "138****8000"
    assert submission.values["户主姓名"] == "李四" and submission.values["走访户数"] == 3
    assert personal_data.unseal(submission.sealed_values["公民身份号码"]) == VALID_ID
    assert submission.value_hashes["联系电话"] == personal_data.blind_index(PHONE, kind="phone")
    assert VALID_ID not in str(AuditRecord.objects.values_list("after", flat=True))


def test_draft_then_submit_keeps_the_number_behind_its_mask(world, person_form):
    staff = world.users["community_staff"]
    due = _due(world, person_form)
    draft = services.report_submission_fill(
        by=staff, submission_id=due.pk, values={"公民身份号码": VALID_ID, "联系电话": ""}
    )
    assert draft.values["公民身份号码"] == "1101**********002X" and draft.values["联系电话"] is None
    # the form sends back the masked number it showed: unchanged
    done = services.report_submission_fill(
        by=staff, submission_id=due.pk, values={**draft.values, "走访户数": "2"}, submit=True
    )
    assert personal_data.unseal(done.sealed_values["公民身份号码"]) == VALID_ID
    assert VALID_ID not in raw_row(due.pk)


def test_a_masked_value_that_is_not_the_stored_one_is_a_field_error(world, person_form):
    due = _due(world, person_form)
    with pytest.raises(ValidationError) as exc:
        services.report_submission_fill(
            by=world.users["community_staff"],
            submission_id=due.pk,
            values={"走访户数": "1", "公民身份号码": "1101**********1234"},
            submit=True,
        )
    assert set(exc.value.message_dict) == {"公民身份号码"}
    assert ReportSubmission.objects.get(pk=due.pk).values == {}


@pytest.mark.parametrize(
    "role", ["community_staff", "street_supervisor", "district_admin", "department_officer"]
)
def test_pages_and_api_show_only_masked(world, submission, client_for, api_for, role):
    user = world.users[role]
    texts = [
        client_for(user).get(f"/ledgers/submissions/{submission.pk}/").content.decode(),
        client_for(user).get("/ledgers/submissions/").content.decode(),
        api_for(user).get("/api/v1/report-submissions/").content.decode(),
        api_for(user).get(f"/api/v1/report-submissions/{submission.pk}/").content.decode(),
    ]
    for text in texts:
        assert VALID_ID not in text and PHONE not in text
    assert "138****8000" in texts[0] and "138****8000" in texts[2]


def test_submission_export_carries_no_personal_values(world, submission, client_for):
    response = client_for(world.users["community_staff"]).get("/ledgers/submissions/?export=xlsx&personal=1")
    assert response.status_code == 200
    from tests.ledgers.test_minimisation import sheet_text

    text = sheet_text(response)
    assert "困难群众走访月报" in text
    assert VALID_ID not in text and "1101**********002X" not in text and PHONE not in text


def test_prefill_never_carries_personal_numbers(world, book, person_form):
    """The 一表通 pre-fill copies profile figures and ledger totals, never a resident's number."""
    services.ledger_entry_create(
        by=world.users["community_staff"],
        book_id=book.pk,
        values={"户主姓名": "张三", "公民身份号码": VALID_ID, "联系电话": PHONE},
        entry_date="2025-03-02",
    )
    services.field_mappings_suggest()
    prefill = selectors.submission_prefill(submission=_due(world, person_form))
    assert "公民身份号码" not in prefill and "联系电话" not in prefill


# --- reveal ---------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["community_staff", "community_head"])
def test_reveal_by_own_community_is_audited(world, submission, role):
    user = world.users[role]
    number = services.report_submission_value_reveal(
        by=user, submission_id=submission.pk, field="公民身份号码", reason="核对走访对象"
    )
    assert number == VALID_ID
    audit = AuditRecord.objects.get(action="personal_data.reveal")
    assert audit.actor == user and audit.reason == "核对走访对象" and audit.created_at
    assert audit.target_type == "ledgers.reportsubmission" and audit.target_id == str(submission.pk)
    assert audit.after == {"field": "公民身份号码", "subject": "1101**********002X"}


@pytest.mark.parametrize(
    "role",
    [
        "street_supervisor",
        "district_admin",
        "department_officer",
        "other_community_staff",
        "other_street_supervisor",
    ],
)
def test_other_roles_cannot_reveal(world, submission, role):
    with pytest.raises(PermissionDenied):
        services.report_submission_value_reveal(
            by=world.users[role], submission_id=submission.pk, field="公民身份号码", reason="看看"
        )
    assert not AuditRecord.objects.filter(action="personal_data.reveal").exists()


@pytest.mark.parametrize(
    ("field", "reason", "errors"),
    [
        ("公民身份号码", " ", {"reason"}),
        ("户主姓名", "核对", {"field"}),
        ("不存在", "", {"field", "reason"}),
    ],
)
def test_reveal_field_errors_write_nothing(world, submission, field, reason, errors):
    with pytest.raises(ValidationError) as exc:
        services.report_submission_value_reveal(
            by=world.users["community_staff"], submission_id=submission.pk, field=field, reason=reason
        )
    assert set(exc.value.message_dict) == errors
    assert not AuditRecord.objects.filter(action="personal_data.reveal").exists()


def test_an_empty_field_has_nothing_to_reveal(world, person_form):
    due = _due(world, person_form)
    services.report_submission_fill(
        by=world.users["community_staff"], submission_id=due.pk, values={"公民身份号码": VALID_ID}
    )
    with pytest.raises(ValidationError) as exc:
        services.report_submission_value_reveal(
            by=world.users["community_staff"], submission_id=due.pk, field="联系电话", reason="回访"
        )
    assert set(exc.value.message_dict) == {"field"}


def test_reveal_page(world, submission, client_for):
    client = client_for(world.users["community_head"])
    url = f"/ledgers/submissions/{submission.pk}/reveal/"
    detail = client.get(f"/ledgers/submissions/{submission.pk}/").content.decode()
    assert url in detail
    form = client.get(url)
    assert form.status_code == 200 and VALID_ID not in form.content.decode()
    assert "1101**********002X" in form.content.decode()
    missing = client.post(url, {"field": "公民身份号码", "reason": ""})
    assert missing.status_code == 400 and "请填写查看完整信息的理由" in missing.content.decode()
    assert VALID_ID not in missing.content.decode()
    shown = client.post(url, {"field": "联系电话", "reason": "电话回访"})
    assert shown.status_code == 200 and PHONE in shown.content.decode()
    assert VALID_ID not in shown.content.decode()  # one value at a time
    assert shown["Cache-Control"] == "no-store"
    assert AuditRecord.objects.filter(action="personal_data.reveal", reason="电话回访").count() == 1


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("street_supervisor", 403),
        ("district_admin", 403),
        ("department_officer", 403),
        ("other_community_staff", 404),
        ("other_department_officer", 403),  # the role never reaches community pages
    ],
)
def test_reveal_page_refused_to_others(world, submission, client_for, role, status):
    client = client_for(world.users[role])
    detail = client.get(f"/ledgers/submissions/{submission.pk}/")
    assert "/reveal/" not in detail.content.decode()
    for response in (
        client.get(f"/ledgers/submissions/{submission.pk}/reveal/"),
        client.post(
            f"/ledgers/submissions/{submission.pk}/reveal/", {"field": "公民身份号码", "reason": "查"}
        ),
    ):
        assert response.status_code == status and VALID_ID not in response.content.decode()
    assert not AuditRecord.objects.filter(action="personal_data.reveal").exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("community_staff", 200),
        ("community_head", 200),
        ("street_supervisor", 403),
        ("district_admin", 403),
        ("department_officer", 403),
        ("other_community_staff", 404),
        ("other_street_supervisor", 404),
        ("other_department_officer", 404),
    ],
)
def test_reveal_api_role_and_scope_matrix(world, submission, api_for, role, status):
    response = api_for(world.users[role]).post(
        f"/api/v1/report-submissions/{submission.pk}/reveal/",
        {"field": "公民身份号码", "reason": "核对"},
        format="json",
    )
    assert response.status_code == status
    if status == 200:
        assert response.json() == {"field": "公民身份号码", "value": VALID_ID}
        assert response["Cache-Control"] == "no-store"
    else:
        assert VALID_ID not in response.content.decode()
    assert AuditRecord.objects.filter(action="personal_data.reveal").count() == (status == 200)


def test_reveal_api_bad_input_is_a_field_400(world, submission, api_for):
    api = api_for(world.users["community_staff"])
    url = f"/api/v1/report-submissions/{submission.pk}/reveal/"
    missing = api.post(url, {"field": "公民身份号码", "reason": ""}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()
    wrong = api.post(url, {"field": "户主姓名", "reason": "核对"}, format="json")
    assert wrong.status_code == 400 and "field" in wrong.json()
    absent = api.post(url, {"reason": "核对"}, format="json")
    assert absent.status_code == 400 and "field" in absent.json()
    assert not AuditRecord.objects.filter(action="personal_data.reveal").exists()


# --- at rest: the data migration and key rotation --------------------------------------------
def test_data_migration_seals_existing_plaintext(submission):
    ReportSubmission.objects.filter(pk=submission.pk).update(
        values={**FILLED, "公民身份号码": VALID_ID}, sealed_values={}, value_hashes={}
    )
    assert VALID_ID in raw_row(submission.pk)
    migration = importlib.import_module("ledgers.migrations.0005_seal_submission_values")
    migration.seal_plaintext(apps, None)
    submission.refresh_from_db()
    assert VALID_ID not in raw_row(submission.pk) and PHONE not in raw_row(submission.pk)
    assert submission.values["公民身份号码"] == "1101**********002X"
    assert personal_data.unseal(submission.sealed_values["公民身份号码"]) == VALID_ID
    assert submission.value_hashes["联系电话"] == personal_data.blind_index(PHONE, kind="phone")
    migration.seal_plaintext(apps, None)  # again: nothing left to convert
    submission.refresh_from_db()
    assert personal_data.unseal(submission.sealed_values["联系电话"]) == PHONE


def test_rotate_field_keys_covers_report_submissions(submission, settings):
    old = submission.sealed_values["公民身份号码"]
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, *settings.FIELD_ENCRYPTION_KEYS]
    call_command("rotate_field_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]  # the old key retired
    submission.refresh_from_db()
    assert submission.sealed_values["公民身份号码"] != old
    assert personal_data.unseal(submission.sealed_values["公民身份号码"]) == VALID_ID
    assert personal_data.unseal(submission.sealed_values["联系电话"]) == PHONE
    assert services.ledger_personal_data_rotate() == 0  # all on the newest key now
