import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditRecord
from communityops.errors import TransitionError
from ledgers import services
from ledgers.models import FieldDefinition, FieldMapping, LedgerEntry, ReportSubmission
from ledgers.selectors import submission_prefill
from tests.ledgers.conftest import GOOD_ROW, HEADER, VALID_ID, xlsx
from tests.ledgers.factories import LedgerBookFactory, ReportFormFactory

pytestmark = pytest.mark.django_db


def test_ledger_type_fields_stay_consistent_with_definitions(low_income_type):
    assert low_income_type.fields == [
        "户主姓名",
        "公民身份号码",
        "家庭人口",
        "低保金额",
        "保障类别",
        "联系电话",
        "认定日期",
    ]
    # plain optional text needs no definition row: the name list alone says it
    assert set(
        FieldDefinition.objects.filter(ledger_type=low_income_type).values_list("name", flat=True)
    ) == {"户主姓名", "公民身份号码", "家庭人口", "低保金额", "保障类别", "联系电话", "认定日期"}
    specs = services.ledger_type_specs(low_income_type)
    assert specs[1].field_type == "id_number" and specs[1].required
    # mappings were suggested automatically: 公民身份号码 → 身份证号 (synonym)
    mapping = FieldMapping.objects.get(
        source_kind="ledger", source_id=low_income_type.pk, field_name="公民身份号码"
    )
    assert mapping.canonical.name == "身份证号" and mapping.status == "suggested"


def test_ledger_type_save_rejects_bad_definitions(world, low_income_type):
    with pytest.raises(ValidationError) as exc:
        services.ledger_type_save(
            by=world.users["district_admin"],
            ledger_type_id=low_income_type.pk,
            code="L01",
            name="低保台账",
            department=world.department,
            definitions=[{"name": "类别", "field_type": "choice"}, {"name": "类别"}],
        )
    assert "fields" in exc.value.message_dict
    low_income_type.refresh_from_db()
    assert len(low_income_type.fields) == 7  # unchanged


def test_only_district_edits_catalog(world):
    with pytest.raises(PermissionDenied):
        services.ledger_type_save(
            by=world.users["community_head"], code="X", name="x", department=world.department, definitions=[]
        )


def test_name_without_definition_is_optional_text(world, book):
    book.ledger_type.fields = [*book.ledger_type.fields, "备注"]  # e.g. added by the workbook import
    book.ledger_type.save()
    entry = services.ledger_entry_create(
        by=world.users["community_staff"],
        book_id=book.pk,
        values={"户主姓名": "张三", "公民身份号码": VALID_ID, "备注": 12},
    )
    assert entry.values["备注"] == "12"


def test_entry_validation_field_level_and_nothing_written(world, book):
    with pytest.raises(ValidationError) as exc:
        services.ledger_entry_create(
            by=world.users["community_staff"],
            book_id=book.pk,
            values={"公民身份号码": "110105194912310021", "家庭人口": "三", "保障类别": "C类"},
            entry_date="2024-01-01",
        )
    errors = exc.value.message_dict
    assert set(errors) == {"户主姓名", "公民身份号码", "家庭人口", "保障类别", "entry_date"}
    assert "GB 11643" in errors["公民身份号码"][0]
    assert not LedgerEntry.objects.exists()


def test_entry_ok_and_archive_number_per_community_year_class(world, book, low_income_type):
    entry = services.ledger_entry_create(
        by=world.users["community_staff"],
        book_id=book.pk,
        values={"户主姓名": "张三", "公民身份号码": VALID_ID, "家庭人口": "3", "低保金额": "620.50"},
        entry_date="2025-03-01",
    )
    assert entry.values["家庭人口"] == 3 and entry.values["低保金额"] == "620.5"
    book.refresh_from_db()
    assert book.archive_number == f"{world.community.code}-2025-YW-0001"
    from tests.ledgers.factories import LedgerTypeFactory

    second = services.ledger_book_open(
        by=world.users["community_head"],
        community=world.community,
        ledger_type=LedgerTypeFactory(archive_class="YW"),
        year=2025,
    )
    assert second.archive_number == f"{world.community.code}-2025-YW-0002"
    other_class = services.ledger_book_open(
        by=world.users["community_head"],
        community=world.community,
        ledger_type=LedgerTypeFactory(archive_class="WS"),
        year=2025,
    )
    assert other_class.archive_number.endswith("-2025-WS-0001")
    with pytest.raises(ValidationError):
        services.ledger_book_open(
            by=world.users["community_head"],
            community=world.community,
            ledger_type=low_income_type,
            year=2025,
        )
    with pytest.raises(PermissionDenied):
        services.ledger_book_open(
            by=world.users["other_community_staff"],
            community=world.community,
            ledger_type=low_income_type,
            year=2026,
        )


def test_cancel_keeps_history_and_blocks_new_books(world, book):
    services.ledger_entry_create(
        by=world.users["community_staff"],
        book_id=book.pk,
        values={"户主姓名": "张三", "公民身份号码": VALID_ID},
    )
    with pytest.raises(ValidationError):
        services.ledger_type_cancel(
            ledger_type_id=book.ledger_type_id, by=world.users["district_admin"], reason=" "
        )
    services.ledger_type_cancel(
        ledger_type_id=book.ledger_type_id, by=world.users["district_admin"], reason="重复台账"
    )
    assert LedgerEntry.objects.filter(book=book).count() == 1
    assert AuditRecord.objects.filter(action="ledger_type.cancel").exists()
    with pytest.raises(TransitionError):
        services.ledger_type_cancel(
            ledger_type_id=book.ledger_type_id, by=world.users["district_admin"], reason="再次"
        )
    with pytest.raises(ValidationError):
        services.ledger_book_open(
            by=world.users["community_head"],
            community=world.community,
            ledger_type=book.ledger_type,
            year=2026,
        )
    with pytest.raises(ValidationError):
        services.ledger_entry_create(by=world.users["community_staff"], book_id=book.pk, values={})


# --- import --------------------------------------------------------------------------------
def _import(world, book, upload, filename="台账.xlsx"):
    return services.ledger_entries_import(
        by=world.users["community_staff"], book_id=book.pk, upload=upload, filename=filename
    )


def test_import_good_file(world, book):
    result = _import(world, book, xlsx([HEADER, GOOD_ROW, [], ["", "李四", VALID_ID, "", "", "", "", ""]]))
    assert result.ok and result.created == 2
    assert LedgerEntry.objects.filter(book=book).count() == 2
    book.refresh_from_db()
    assert book.archive_number


def test_import_bad_rows_errors_by_row_and_column_nothing_written(world, book):
    bad = ["2025-03-02", "", "110105194912310021", "三口", 620, "C类", "123", "2025-13-01"]
    result = _import(world, book, xlsx([HEADER, GOOD_ROW, bad, GOOD_ROW]))
    assert not result.ok and result.created == 0
    cells = {(e["row"], e["column"]) for e in result.errors}
    assert cells == {
        (3, "户主姓名"),
        (3, "公民身份号码"),
        (3, "家庭人口"),
        (3, "保障类别"),
        (3, "联系电话"),
        (3, "认定日期"),
    }
    assert not LedgerEntry.objects.exists()


def test_import_bad_rows_after_a_full_batch_rolls_back(world, book):
    rows = [HEADER] + [GOOD_ROW] * 1001 + [["2025-03-02", "", VALID_ID, "", "", "", "", ""]]
    result = _import(world, book, xlsx(rows))
    assert result.total_errors == 1 and result.errors[0]["row"] == 1003
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize(
    ("upload", "filename", "reason"),
    [
        (None, "台账.xls", ".xlsx"),
        ("csv", "台账.xlsx", "不是有效的 xlsx"),
        ("merged", "台账.xlsx", "合并单元格"),
        ("formula", "台账.xlsx", "公式"),
        ("columns", "台账.xlsx", "缺少该列"),
    ],
)
def test_import_refuses_files(world, book, upload, filename, reason):
    import io

    files = {
        None: xlsx([HEADER, GOOD_ROW]),
        "csv": io.BytesIO("户主姓名,公民身份号码\n张三,1\n".encode()),
        "merged": xlsx([HEADER, GOOD_ROW, GOOD_ROW], merge="B2:B3"),
        "formula": xlsx([HEADER, GOOD_ROW], formula="D2"),
        "columns": xlsx([["户主姓名", "宠物"], ["张三", "猫"]]),
    }
    result = _import(world, book, files[upload], filename)
    assert not result.ok
    assert any(reason in e["reason"] for e in result.errors)
    assert not LedgerEntry.objects.exists()


def test_export_reimport_updates_by_row_key(world, book):
    from python_calamine import CalamineWorkbook

    from ledgers.spreadsheets import entries_bytes

    _import(world, book, xlsx([HEADER, GOOD_ROW]))
    entry = LedgerEntry.objects.get()
    content = entries_bytes("x", book.ledger_type.fields, [(entry.row_id, entry.entry_date, entry.values)])
    rows = CalamineWorkbook.from_filelike(__import__("io").BytesIO(content)).get_sheet_by_index(0).to_python()
    assert rows[0][:3] == ["行键", "登记日期", "户主姓名"] and rows[1][0] == entry.row_id
    rows[1][2] = "张三丰"
    result = _import(world, book, xlsx(rows))
    assert result.ok and result.updated == 1 and result.created == 0
    entry.refresh_from_db()
    assert entry.values["户主姓名"] == "张三丰"


# --- report forms ---------------------------------------------------------------------------
def test_unregistered_form_cannot_be_sent(world, monthly_form):
    with pytest.raises(ValidationError) as exc:
        services.report_form_send(
            by=world.users["district_admin"],
            report_form_id=monthly_form.pk,
            communities=[world.community],
            period="2025-03",
            due_date=datetime.date(2025, 4, 5),
        )
    assert "未列入 2025 年报表目录" in exc.value.message_dict["report_form"][0]
    services.report_form_register(by=world.users["district_admin"], report_form_id=monthly_form.pk, year=2025)
    with pytest.raises(ValidationError) as exc:
        services.report_form_send(
            by=world.users["district_admin"],
            report_form_id=monthly_form.pk,
            communities=[world.community],
            period="2025-Q1",
            due_date=datetime.date(2025, 4, 5),
        )
    assert "period" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.report_form_send(
            by=world.users["street_supervisor"],
            report_form_id=monthly_form.pk,
            communities=[world.other_community],
            period="2025-03",
            due_date=datetime.date(2025, 4, 5),
        )
    created = services.report_form_send(
        by=world.users["street_supervisor"],
        report_form_id=monthly_form.pk,
        communities=[world.community, world.sibling],
        period="2025-03",
        due_date=datetime.date(2025, 4, 5),
    )
    assert {s.status for s in created} == {"due"}
    assert ReportSubmission.objects.filter(period="2025-03").count() == 2


def test_workbook_style_submission_gets_defaults(world):
    row = ReportSubmission.objects.create(
        community=world.community, report_form=ReportFormFactory(), date=datetime.date(2025, 1, 3)
    )
    row.refresh_from_db()
    assert (row.status, row.level, row.values, row.count) == ("submitted", "street", {}, 1)


def _due(world, form, community=None):
    services.report_form_register(by=world.users["district_admin"], report_form_id=form.pk, year=2025)
    return services.report_form_send(
        by=world.users["district_admin"],
        report_form_id=form.pk,
        communities=[community or world.community],
        period="2025-03",
        due_date=datetime.date(2099, 4, 5),
    )[0]


def test_prefill_from_profile_and_period_ledger_entries(world, book, monthly_form):
    staff = world.users["community_staff"]
    for date, amount in (("2025-03-02", "600"), ("2025-03-20", "620.5"), ("2025-04-01", "999")):
        services.ledger_entry_create(
            by=staff,
            book_id=book.pk,
            values={"户主姓名": f"户{amount}", "公民身份号码": VALID_ID, "低保金额": amount},
            entry_date=date,
        )
    submission = _due(world, monthly_form)
    prefill = submission_prefill(submission=ReportSubmission.objects.get(pk=submission.pk))
    assert prefill["总户数"] == world.community.households  # synonym of 户数 → profile
    assert prefill["常住人口"] == world.community.residents
    assert prefill["低保金"] == "1220.5"  # 低保金 ≡ 低保金额, March entries only
    assert prefill["户主姓名"] == "户620.5"  # latest in the period
    assert "新增户数" not in prefill  # new data: the person types it


def test_fill_submit_approve_up_the_levels(world, monthly_form):
    submission = _due(world, monthly_form)
    staff = world.users["community_staff"]
    with pytest.raises(ValidationError) as exc:
        services.report_submission_fill(
            by=staff, submission_id=submission.pk, values={"总户数": "x"}, submit=True
        )
    assert set(exc.value.message_dict) == {"总户数", "新增户数"}
    services.report_submission_fill(by=staff, submission_id=submission.pk, values={"新增户数": "2"})  # draft
    with pytest.raises(PermissionDenied):
        services.report_submission_fill(
            by=world.users["other_community_staff"], submission_id=submission.pk, values={}, submit=True
        )
    done = services.report_submission_fill(
        by=staff, submission_id=submission.pk, values={"总户数": "1685", "新增户数": "2"}, submit=True
    )
    assert (done.status, done.level) == ("submitted", "street")
    with pytest.raises(PermissionDenied):
        services.report_submission_approve(by=world.users["district_admin"], submission_id=submission.pk)
    services.report_submission_approve(by=world.users["street_supervisor"], submission_id=submission.pk)
    with pytest.raises(ValidationError):
        services.report_submission_return(
            by=world.users["district_admin"], submission_id=submission.pk, reason=""
        )
    with pytest.raises(ValidationError) as exc:  # longer than the column: a field error, not a 500
        services.report_submission_return(
            by=world.users["district_admin"], submission_id=submission.pk, reason="理" * 600
        )
    assert set(exc.value.message_dict) == {"reason"}
    returned = services.report_submission_return(
        by=world.users["district_admin"], submission_id=submission.pk, reason="数字有误"
    )
    assert (returned.status, returned.level) == ("returned", "community")
    services.report_submission_fill(
        by=staff, submission_id=submission.pk, values={"总户数": "1686", "新增户数": "2"}, submit=True
    )
    services.report_submission_approve(by=world.users["street_supervisor"], submission_id=submission.pk)
    final = services.report_submission_approve(by=world.users["district_admin"], submission_id=submission.pk)
    assert final.status == "approved"
    with pytest.raises(TransitionError):
        services.report_submission_approve(by=world.users["district_admin"], submission_id=submission.pk)


def test_late_submission(world, monthly_form):
    services.report_form_register(by=world.users["district_admin"], report_form_id=monthly_form.pk, year=2025)
    submission = services.report_form_send(
        by=world.users["district_admin"],
        report_form_id=monthly_form.pk,
        communities=[world.community],
        period="2025-03",
        due_date=datetime.date(2025, 4, 5),
    )[0]
    done = services.report_submission_fill(
        by=world.users["community_head"],
        submission_id=submission.pk,
        values={"总户数": "1", "新增户数": "0"},
        submit=True,
    )
    assert done.status == "late"


# --- dictionary -----------------------------------------------------------------------------
def test_canonical_field_synonym_clash(world):
    with pytest.raises(ValidationError) as exc:
        services.canonical_field_save(
            by=world.users["district_admin"], name="证件号", field_type="text", synonyms="公民身份号码、证件"
        )
    assert "synonyms" in exc.value.message_dict
    field = services.canonical_field_save(
        by=world.users["district_admin"], name="宠物名称", field_type="text", synonyms="宠物名、 犬名"
    )
    assert field.synonyms == ["宠物名", "犬名"]


def test_confirmed_mapping_survives_suggestions(world, low_income_type):
    from ledgers.models import CanonicalField

    mapping = FieldMapping.objects.get(source_id=low_income_type.pk, field_name="户主姓名")
    contact = CanonicalField.objects.get(name="联系电话")
    services.field_mapping_confirm(by=world.users["district_admin"], mapping_id=mapping.pk, canonical=contact)
    services.field_mappings_suggest()
    mapping.refresh_from_db()
    assert mapping.canonical == contact and mapping.status == "confirmed"
    with pytest.raises(PermissionDenied):
        services.field_mapping_confirm(
            by=world.users["street_supervisor"], mapping_id=mapping.pk, canonical=None
        )


def test_books_created_without_number_get_one(world, low_income_type):
    book = LedgerBookFactory(community=world.community, ledger_type=low_income_type, year=2024)
    assert book.archive_number is None
    assert services.ledger_book_assign_archive_number(book_id=book.pk).archive_number.endswith(
        "-2024-YW-0001"
    )
