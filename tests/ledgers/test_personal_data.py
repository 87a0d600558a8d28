"""ID-number and phone fields of ledger entries: encrypted at rest, masked in `values` (so every
page, export and API shows the masked form), searched by keyed hash, revealed with an audit."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection

from audit import personal_data
from audit.models import AuditRecord
from ledgers import selectors, services
from ledgers.models import LedgerEntry

from .conftest import GOOD_ROW, HEADER, VALID_ID, xlsx

PHONE = "13800138000"


@pytest.fixture
def entry(world, book):
    return services.ledger_entry_create(
        by=world.users["community_staff"],
        book_id=book.pk,
        values={"户主姓名": "张三", "公民身份号码": VALID_ID.lower(), "联系电话": PHONE},
        entry_date="2025-03-02",
    )


def _row_text(pk) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT t::text FROM ledgers_ledgerentry t WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_numbers_are_encrypted_and_shown_masked(entry):
    row = _row_text(entry.pk)
    assert VALID_ID not in row and PHONE not in row and VALID_ID[6:14] not in row
    assert entry.values["公民身份号码"] == "1101**********002X"
    assert entry.values["联系电话"] == "138****8000"
    assert entry.values["户主姓名"] == "张三"
    assert personal_data.unseal(entry.sealed_values["公民身份号码"]) == VALID_ID
    assert personal_data.unseal(entry.sealed_values["联系电话"]) == PHONE


def test_entry_pages_and_api_show_only_masked(world, entry, client_for, api_for):
    page = client_for(world.users["community_staff"]).get("/ledgers/entries/").content.decode()
    api = api_for(world.users["community_staff"]).get("/api/v1/ledger-entries/").content.decode()
    for text in (page, api):
        assert VALID_ID not in text and PHONE not in text
    assert "138****8000" in page


def test_edit_that_keeps_the_masked_value_keeps_the_number(world, entry):
    staff = world.users["community_staff"]
    values = {**entry.values, "户主姓名": "张三丰"}
    entry = services.ledger_entry_update(by=staff, entry_id=entry.pk, values=values, entry_date="2025-03-02")
    assert personal_data.unseal(entry.sealed_values["公民身份号码"]) == VALID_ID
    assert entry.values["户主姓名"] == "张三丰"
    values = {**entry.values, "联系电话": "13900139000"}
    entry = services.ledger_entry_update(by=staff, entry_id=entry.pk, values=values, entry_date="2025-03-02")
    assert personal_data.unseal(entry.sealed_values["联系电话"]) == "13900139000"
    with pytest.raises(ValidationError) as exc:  # a masked value that is not the stored one
        services.ledger_entry_update(
            by=staff, entry_id=entry.pk, values={**entry.values, "公民身份号码": "1101**********1234"}
        )
    assert "公民身份号码" in exc.value.message_dict


def test_export_reimport_keeps_the_numbers(world, book):
    from python_calamine import CalamineWorkbook

    from ledgers.spreadsheets import entries_bytes

    services.ledger_entries_import(
        by=world.users["community_staff"], book_id=book.pk, upload=xlsx([HEADER, GOOD_ROW]), filename="a.xlsx"
    )
    entry = LedgerEntry.objects.get()
    content = entries_bytes("x", book.ledger_type.fields, [(entry.row_id, entry.entry_date, entry.values)])
    assert VALID_ID.encode() not in content
    rows = CalamineWorkbook.from_filelike(__import__("io").BytesIO(content)).get_sheet_by_index(0).to_python()
    result = services.ledger_entries_import(
        by=world.users["community_staff"], book_id=book.pk, upload=xlsx(rows), filename="a.xlsx"
    )
    assert result.ok and result.updated == 1
    entry.refresh_from_db()
    assert personal_data.unseal(entry.sealed_values["公民身份号码"]) == VALID_ID
    assert VALID_ID not in _row_text(entry.pk)


def test_search_by_keyed_hash_is_scoped(world, entry):
    found = selectors.ledger_entries_with_personal_value(
        user=world.users["community_staff"], kind="id_number", value=VALID_ID.lower()
    )
    assert list(found) == [entry]
    by_phone = selectors.ledger_entries_with_personal_value(
        user=world.users["community_staff"], kind="phone", value=PHONE
    )
    assert list(by_phone) == [entry]
    assert not selectors.ledger_entries_with_personal_value(
        user=world.users["other_community_staff"], kind="id_number", value=VALID_ID
    ).exists()


def test_reveal_is_audited_and_limited(world, entry):
    number = services.ledger_entry_value_reveal(
        by=world.users["community_head"], entry_id=entry.pk, field="联系电话", reason="回访低保户"
    )
    assert number == PHONE
    audit = AuditRecord.objects.get(action="personal_data.reveal")
    assert audit.actor == world.users["community_head"] and audit.reason == "回访低保户"
    assert audit.after == {"field": "联系电话", "subject": "138****8000"}
    for role in ("street_supervisor", "district_admin", "department_officer", "other_community_staff"):
        with pytest.raises(PermissionDenied):
            services.ledger_entry_value_reveal(
                by=world.users[role], entry_id=entry.pk, field="联系电话", reason="看看"
            )
    with pytest.raises(ValidationError) as exc:
        services.ledger_entry_value_reveal(
            by=world.users["community_staff"], entry_id=entry.pk, field="户主姓名", reason="看看"
        )
    assert "field" in exc.value.message_dict
    assert AuditRecord.objects.filter(action="personal_data.reveal").count() == 1


def test_data_migration_seals_existing_plaintext(entry):
    LedgerEntry.objects.filter(pk=entry.pk).update(
        values={"户主姓名": "张三", "公民身份号码": VALID_ID, "联系电话": PHONE},
        sealed_values={},
        value_hashes={},
    )
    migration = importlib.import_module("ledgers.migrations.0004_seal_personal_values")
    migration.seal_plaintext(apps, None)
    entry.refresh_from_db()
    assert VALID_ID not in _row_text(entry.pk) and PHONE not in _row_text(entry.pk)
    assert personal_data.unseal(entry.sealed_values["公民身份号码"]) == VALID_ID
    assert entry.value_hashes["联系电话"] == personal_data.blind_index(PHONE, kind="phone")


def test_rotate_field_keys_covers_ledger_entries(entry, settings):
    new_key = "Y29tbXVuaXR5b3BzLXRlc3Qtb3RoZXIta2V5LTAwMSE="
    settings.FIELD_ENCRYPTION_KEYS = [new_key, *settings.FIELD_ENCRYPTION_KEYS]
    call_command("rotate_field_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    entry.refresh_from_db()
    assert personal_data.unseal(entry.sealed_values["公民身份号码"]) == VALID_ID
