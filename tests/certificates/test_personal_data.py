"""The applicant's ID number at rest: encrypted, searched by keyed hash, shown masked, revealed
only by the record's own community with a reason, and every reveal audited."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import call_command
from django.db import connection

from audit import personal_data
from audit.models import AuditRecord
from certificates import selectors, services
from certificates.models import CertificateRecord

from .factories import id_number

OTHER_KEY = "Y29tbXVuaXR5b3BzLXRlc3Qtb3RoZXIta2V5LTAwMSE="  # base64 of 32 bytes


@pytest.fixture
def record(world, kind_a):
    return services.certificate_issue(
        by=world.users["community_staff"],
        kind_id=kind_a.pk,
        applicant_name="张三",
        applicant_id_number=id_number(),
    )


def _row_text(pk) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT t::text FROM certificates_certificaterecord t WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_database_row_holds_no_plaintext_id_number(record):
    row = _row_text(record.pk)
    assert id_number() not in row
    assert id_number()[6:14] not in row  # not even the birth date
    assert record.applicant_id_masked in row
    assert personal_data.unseal(record.applicant_id_number) == id_number()
    # the audit trail of the issuance keeps the masked form only
    assert id_number() not in str(AuditRecord.objects.values_list("after", flat=True))


def test_ciphertext_is_unreadable_without_the_key(record, settings):
    settings.FIELD_ENCRYPTION_KEYS = [OTHER_KEY]
    with pytest.raises(ImproperlyConfigured):
        personal_data.unseal(record.applicant_id_number)


def test_applicant_matched_by_keyed_hash(world, record):
    staff = world.users["community_staff"]
    assert list(selectors.certificate_records_for_applicant(user=staff, id_number=id_number().lower())) == [
        record
    ]
    assert record.applicant_id_hash == personal_data.blind_index(id_number(), kind="id_number")
    assert id_number() not in record.applicant_id_hash
    other = world.users["other_community_staff"]
    assert not selectors.certificate_records_for_applicant(user=other, id_number=id_number()).exists()


@pytest.mark.parametrize("role", ["community_staff", "community_head"])
def test_reveal_by_own_community_is_audited(world, record, role):
    user = world.users[role]
    number = services.certificate_applicant_id_reveal(by=user, record_id=record.pk, reason="核对户籍信息")
    assert number == id_number()
    audit = AuditRecord.objects.filter(action="personal_data.reveal").get()
    assert audit.actor == user and audit.reason == "核对户籍信息"
    assert audit.target_type == "certificates.certificaterecord" and audit.target_id == str(record.pk)
    assert audit.after["field"] == "applicant_id_number" and "张三" in audit.after["subject"]
    assert id_number() not in str(audit.after)


def test_reveal_needs_a_reason_and_writes_nothing_without_one(world, record):
    with pytest.raises(ValidationError) as exc:
        services.certificate_applicant_id_reveal(
            by=world.users["community_staff"], record_id=record.pk, reason=" "
        )
    assert set(exc.value.message_dict) == {"reason"}
    assert not AuditRecord.objects.filter(action="personal_data.reveal").exists()


@pytest.mark.parametrize(
    "role", ["street_supervisor", "district_admin", "department_officer", "other_community_staff"]
)
def test_other_roles_cannot_reveal(world, record, role):
    with pytest.raises(ValidationError) as exc:
        services.certificate_applicant_id_reveal(by=world.users[role], record_id=record.pk, reason="想看看")
    assert "non_field_errors" in exc.value.message_dict
    assert not AuditRecord.objects.filter(action="personal_data.reveal").exists()


def test_reveal_page_for_staff(world, record, client_for):
    client = client_for(world.users["community_head"])
    detail = client.get(record.get_absolute_url()).content.decode()
    assert f"/certificates/records/{record.pk}/reveal/" in detail and id_number() not in detail
    form = client.get(f"/certificates/records/{record.pk}/reveal/")
    assert form.status_code == 200 and id_number() not in form.content.decode()
    missing = client.post(f"/certificates/records/{record.pk}/reveal/", {"reason": ""})
    assert missing.status_code == 400 and id_number() not in missing.content.decode()
    shown = client.post(f"/certificates/records/{record.pk}/reveal/", {"reason": "申请人要求核对"})
    assert shown.status_code == 200 and id_number() in shown.content.decode()
    assert shown["Cache-Control"] == "no-store"
    assert AuditRecord.objects.filter(action="personal_data.reveal", reason="申请人要求核对").count() == 1


@pytest.mark.parametrize(("role", "status"), [("street_supervisor", 403), ("other_community_staff", 404)])
def test_reveal_page_refused_to_others(world, record, client_for, role, status):
    client = client_for(world.users[role])
    if status == 403:
        assert "/reveal/" not in client.get(record.get_absolute_url()).content.decode()
    response = client.post(f"/certificates/records/{record.pk}/reveal/", {"reason": "查"})
    assert response.status_code == status and id_number() not in response.content.decode()
    assert not AuditRecord.objects.filter(action="personal_data.reveal").exists()


def test_reveal_api(world, record, api_for):
    url = f"/api/v1/certificate-records/{record.pk}/reveal/"
    listing = api_for(world.users["community_staff"]).get("/api/v1/certificate-records/").content.decode()
    assert id_number() not in listing
    assert api_for(world.users["community_staff"]).post(url, {"reason": ""}, format="json").status_code == 400
    ok = api_for(world.users["community_staff"]).post(url, {"reason": "核对"}, format="json")
    assert ok.status_code == 200 and ok.json() == {"applicant_id_number": id_number()}
    assert (
        api_for(world.users["district_admin"]).post(url, {"reason": "核对"}, format="json").status_code == 403
    )
    assert (
        api_for(world.users["other_community_staff"]).post(url, {"reason": "x"}, format="json").status_code
        == 404
    )
    assert AuditRecord.objects.filter(action="personal_data.reveal").count() == 1


def test_data_migration_encrypts_existing_plaintext(record):
    CertificateRecord.objects.filter(pk=record.pk).update(
        applicant_id_number=id_number(), applicant_id_hash=""
    )
    migration = importlib.import_module("certificates.migrations.0003_encrypt_applicant_id")
    migration.encrypt_plaintext(apps, None)
    record.refresh_from_db()
    assert id_number() not in _row_text(record.pk)
    assert personal_data.unseal(record.applicant_id_number) == id_number()
    assert record.applicant_id_hash == services.id_number_hash(id_number())
    migration.encrypt_plaintext(apps, None)  # again: nothing left to convert
    record.refresh_from_db()
    assert personal_data.unseal(record.applicant_id_number) == id_number()


def test_rotate_field_keys_reencrypts_with_the_newest_key(record, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    settings.FIELD_ENCRYPTION_KEYS = [OTHER_KEY, old_key]
    assert not personal_data.is_sealed_with_newest(record.applicant_id_number)
    call_command("rotate_field_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    record.refresh_from_db()
    settings.FIELD_ENCRYPTION_KEYS = [OTHER_KEY]  # the old key retired
    assert personal_data.unseal(record.applicant_id_number) == id_number()
    assert AuditRecord.objects.filter(action="personal_data.rotate_keys").exists()
