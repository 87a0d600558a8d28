"""The English UI: ledger refusals, field messages and the Excel import's row/column errors read
in English; Chinese stays the default; what is stored (the entries, the file's headers) keeps its
Chinese."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from communityops.errors import TransitionError
from ledgers import services
from ledgers.models import LedgerEntry

from .conftest import GOOD_ROW, HEADER, VALID_ID, xlsx

pytestmark = pytest.mark.django_db

BAD_ID = "110105194912310021"  # the check digit is wrong


def _english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


@pytest.mark.parametrize("language", [None, "en"])
def test_entry_page_field_messages_follow_the_ui_language(client_for, world, book, language):
    client = client_for(world.users["community_staff"])
    if language:
        _english(client)
    response = client.post(
        reverse("ledgers:entry_create", args=[book.pk]),
        {"entry_date": "2024-12-31", "f0": "", "f1": BAD_ID, "f2": "abc"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    english = (
        "Required",
        "The ID number fails the GB 11643 check",
        "Must be a whole number",
        "Must be within 2025",
    )
    chinese = ("必填", "身份证号不符合 GB 11643 校验", "应为整数", "应在 2025 年内")
    shown, hidden = (english, chinese) if language else (chinese, english)
    assert all(text in html for text in shown), shown
    assert not any(text in html for text in hidden[1:])
    assert not LedgerEntry.objects.exists()


def test_entry_api_400_follows_accept_language(api_for, world, book):
    api = api_for(world.users["community_staff"])
    body = {"book": book.pk, "values": {"户主姓名": "张三", "公民身份号码": BAD_ID, "保障类别": "C类"}}
    english = api.post("/api/v1/ledger-entries/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400
    assert english.json()["公民身份号码"] == ["The ID number fails the GB 11643 check"]
    assert english.json()["保障类别"] == ["Not one of the choices (A类, B类)"]
    chinese = api.post("/api/v1/ledger-entries/", body, format="json")
    assert chinese.json()["公民身份号码"] == ["身份证号不符合 GB 11643 校验"]
    assert chinese.json()["保障类别"] == ["不在选项中（A类、B类）"]
    assert not LedgerEntry.objects.exists()


def test_import_page_errors_in_english(client_for, world, book):
    client = client_for(world.users["community_staff"])
    _english(client)
    upload = xlsx([HEADER, GOOD_ROW, ["2025-03-02", "李四", BAD_ID, "三口"]])
    upload.name = "ledger.xlsx"
    html = client.post(reverse("ledgers:entry_import", args=[book.pk]), {"file": upload}).content.decode()
    assert "Found 2 errors; nothing was written." in html
    assert "<td>3</td><td>公民身份号码</td>" in html  # the column is named as in the file
    assert "The ID number fails the GB 11643 check" in html and "Must be a whole number" in html
    assert "发现" not in html and "应为整数" not in html
    assert not LedgerEntry.objects.exists()


def test_import_api_errors_follow_accept_language(api_for, world, book):
    api = api_for(world.users["community_staff"])
    url = f"/api/v1/ledger-books/{book.pk}/import/"

    def post(**headers):
        upload = xlsx([[*HEADER, "备注"], GOOD_ROW], merge="A3:B3")
        upload.name = "ledger.xlsx"
        return api.post(url, {"file": upload}, format="multipart", **headers)

    english = post(HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400
    assert english.json()["errors"][0]["reason"] == (
        "The sheet has merged cells (1 in all); unmerge them and import again"
    )
    assert post().json()["errors"][0]["reason"] == "表格含合并单元格（共 1 处），请取消合并后再导入"

    upload = xlsx([[*HEADER, "备注"], GOOD_ROW])
    upload.name = "ledger.xlsx"
    unknown = api.post(url, {"file": upload}, format="multipart", HTTP_ACCEPT_LANGUAGE="en").json()
    assert unknown["errors"] == [
        {"row": 1, "column": "备注", "value": "备注", "reason": "Not a field of this ledger"}
    ]
    assert not LedgerEntry.objects.exists()


def test_template_instructions_in_english_keep_the_chinese_headers(client_for, world, book):
    client = client_for(world.users["community_staff"])
    _english(client)
    response = client.get(reverse("ledgers:ledger_type_template", args=[book.ledger_type_id]))
    assert "import_template.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    data, notes = workbook.worksheets
    assert [c.value for c in next(data.iter_rows(max_row=1))][:2] == ["登记日期", "户主姓名"]
    assert notes.title == "Instructions"
    rows = list(notes.iter_rows(values_only=True))
    assert rows[0] == ("Field", "Type", "Required", "Choices")
    assert rows[1] == ("登记日期", "Date", "No", "YYYY-MM-DD, optional")
    assert ("保障类别", "Choice", "No", "A类, B类") in rows
    assert rows[-1][0].endswith(
        ": the first row is the header; do not merge cells or use formulas; one record per row."
    )


def test_service_refusals_in_english(world, book, low_income_type):
    district, staff = world.users["district_admin"], world.users["community_staff"]
    with translation.override("en"):
        with pytest.raises(ValidationError) as excinfo:
            services.ledger_book_open(
                by=staff, community=world.community, ledger_type=low_income_type, year=2025
            )
        assert excinfo.value.message_dict["ledger_type"] == ["This ledger has already been opened for 2025"]
        with pytest.raises(ValidationError) as excinfo:
            services.ledger_type_save(
                by=district,
                code="L09",
                name="测试台账",
                department=world.department,
                definitions=[{"name": "类别", "field_type": "choice"}, {"name": ""}],
            )
        assert excinfo.value.message_dict["fields"] == [
            "Field “类别”: a choice field must list its choices",
            "Field 2: the name cannot be empty",
        ]
        services.ledger_type_cancel(ledger_type_id=low_income_type.pk, by=district, reason="重复")
        with pytest.raises(TransitionError) as conflict:
            services.ledger_type_cancel(ledger_type_id=low_income_type.pk, by=district, reason="again")
        assert "Cancel" in str(conflict.value.detail) and "不能执行" not in str(conflict.value.detail)
        with pytest.raises(PermissionDenied) as denied:
            services.ledger_type_cancel(ledger_type_id=low_income_type.pk, by=staff, reason="x")
        assert str(denied.value) == (
            "Only the district burden-reduction office can maintain the catalogs and the field dictionary."
        )
    with pytest.raises(PermissionDenied) as denied:
        services.ledger_type_cancel(ledger_type_id=low_income_type.pk, by=staff, reason="x")
    assert str(denied.value) == "只有区减负办可以维护目录和字段字典。"


def test_reveal_refusals_in_english(world, book, api_for):
    entry = services.ledger_entry_create(
        by=world.users["community_staff"],
        book_id=book.pk,
        values={"户主姓名": "张三", "公民身份号码": VALID_ID},
    )
    url = f"/api/v1/ledger-entries/{entry.pk}/reveal/"
    staff = api_for(world.users["community_staff"])
    missing = staff.post(
        url, {"field": "公民身份号码", "reason": " "}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert missing.status_code == 400
    assert missing.json()["reason"] == ["Enter the reason for viewing the full data."]
    assert staff.post(url, {"field": "公民身份号码", "reason": ""}, format="json").json()["reason"] == [
        "请填写查看完整信息的理由。"
    ]
    # the module-level refusal is read in the language of the moment, not of the import
    with translation.override("en"), pytest.raises(PermissionDenied) as denied:
        services.ledger_entry_value_reveal(
            by=world.users["street_supervisor"], entry_id=entry.pk, field="公民身份号码", reason="核对"
        )
    assert str(denied.value) == "Only staff of this community can see the full personal data."
    assert entry.values["公民身份号码"] != VALID_ID  # stored masked, in any language


def _overlapping_sources():
    from tests.ledgers.factories import LedgerTypeFactory, ReportFormFactory

    ReportFormFactory(
        code="R01", name="困难家庭月报", frequency="monthly", fields=["户主姓名", "联系电话", "户数"]
    )
    ReportFormFactory(code="R02", name="低保对象季报", frequency="quarterly", fields=["姓名", "手机号码"])
    LedgerTypeFactory(code="L01", name="低保台账", fields=["户主姓名", "低保金额"])


def test_analysis_names_sources_in_the_reader_language_and_prefills_alike():
    from ledgers.selectors import duplicate_analysis

    _overlapping_sources()
    chinese = duplicate_analysis()
    with translation.override("en"):
        english = duplicate_analysis()
    rows = {r["canonical"]: r for r in english["fields"]}
    assert rows["姓名"]["demanded_by"] == [
        "Ledger L01 低保台账",
        "Report form R01 困难家庭月报",
        "Report form R02 低保对象季报",
    ]
    assert {r["canonical"]: r for r in chinese["fields"]}["姓名"]["demanded_by"][0] == "台账 L01 低保台账"
    prefill = {f["canonical"]: f["prefill"] for f in chinese["merge_proposal"]["fields"]}
    assert prefill == {f["canonical"]: f["prefill"] for f in english["merge_proposal"]["fields"]}
    assert prefill["姓名"] is True  # the ledger collects it: filled in for the community
    assert prefill["联系电话"] is False  # only report forms ask for it
    assert english["headline"]["cuttable_forms"][0].startswith("Report form ")


def test_overlap_in_english_and_stored_mapping_labels_stay_chinese():
    from ledgers import services
    from ledgers.models import FieldMapping
    from ledgers.selectors import fields_overlap

    _overlapping_sources()
    with translation.override("en"):
        overlap = fields_overlap(field_names=["低保金额"])
        services.field_mappings_suggest()
    assert overlap[0]["demanded_by"] == ["Ledger L01 低保台账"]
    assert set(FieldMapping.objects.values_list("source_label", flat=True)) == {
        "台账 L01 低保台账",
        "报表 R01 困难家庭月报",
        "报表 R02 低保对象季报",
    }
