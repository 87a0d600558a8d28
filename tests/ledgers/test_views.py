import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ledgers import services
from ledgers.models import LedgerBook, LedgerEntry, ReportSubmission
from tests.ledgers.conftest import GOOD_ROW, HEADER, VALID_ID, xlsx
from tests.ledgers.factories import LedgerBookFactory, ReportFormFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "ledgers:ledger_type_list",
    "ledgers:book_list",
    "ledgers:entry_list",
    "ledgers:report_form_list",
    "ledgers:submission_list",
    "ledgers:canonical_list",
    "ledgers:mapping_list",
]


@pytest.fixture
def many(world, low_income_type):
    """More rows than a page (50) in every register, spread over the three communities."""
    form = ReportFormFactory(
        code="R01", name="月报", department=world.department, fields=["户数", "新增户数"]
    )
    books, submissions = [], []
    for community in (world.community, world.sibling, world.other_community):
        books += [
            LedgerBook(community=community, ledger_type=low_income_type, year=2000 + i) for i in range(20)
        ]
        submissions += [
            ReportSubmission(
                community=community, report_form=form, date=datetime.date(2025, 1, 1), period=f"P{i}"
            )
            for i in range(20)
        ]
    LedgerBook.objects.bulk_create(books)
    ReportSubmission.objects.bulk_create(submissions)
    entries = [
        LedgerEntry(community=b.community, book=b, values={"户主姓名": "张三", "公民身份号码": VALID_ID})
        for b in books
    ]
    LedgerEntry.objects.bulk_create(entries)
    services.field_mappings_suggest()
    return form


@pytest.mark.parametrize("url_name", LISTS)
def test_list_pages_constant_queries_and_export(
    client_for, world, many, url_name, django_assert_max_num_queries
):
    client = client_for(world.users["district_admin"])
    with django_assert_max_num_queries(14):
        response = client.get(reverse(url_name))
    assert response.status_code == 200
    with django_assert_max_num_queries(14):
        response = client.get(reverse(url_name), {"export": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


def test_analysis_page(client_for, world, many, django_assert_max_num_queries):
    client = client_for(world.users["street_supervisor"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("ledgers:analysis"))
    assert response.status_code == 200
    assert "可精简报表" in response.content.decode()
    assert client.get(reverse("ledgers:analysis"), {"export": "xlsx"}).status_code == 200


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("community_staff", {"community"}),
        ("community_head", {"community"}),
        ("street_supervisor", {"community", "sibling"}),
        ("district_admin", {"community", "sibling", "other_community"}),
        ("department_officer", {"community", "sibling", "other_community"}),  # its own department's ledgers
        ("other_department_officer", set()),
        ("other_community_staff", {"other_community"}),
    ],
)
def test_scoping_matrix_books_entries_submissions(client_for, world, many, role, sees):
    """The page shows as many rows as the reader's communities hold (20 each, 50 a page); the
    export, which always names the community, names exactly the reader's communities."""
    client = client_for(world.users[role])
    expected = {getattr(world, name).name for name in sees}
    for url_name in ("ledgers:book_list", "ledgers:entry_list", "ledgers:submission_list"):
        content = client.get(reverse(url_name)).content.decode()
        body = content.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        assert body.count("<tr><td>") == min(50, 20 * len(sees)), url_name  # "暂无记录" spans columns
        export = load_workbook(io.BytesIO(client.get(reverse(url_name), {"export": "xlsx"}).content))
        rows = list(export.worksheets[0].iter_rows(values_only=True))
        column = rows[0].index("社区")
        assert {row[column] for row in rows[1:]} == expected, url_name


def test_out_of_scope_detail_pages_404(client_for, world, low_income_type):
    other_book = LedgerBookFactory(community=world.other_community, ledger_type=low_income_type)
    submission = ReportSubmission.objects.create(
        community=world.other_community, report_form=ReportFormFactory(), date=datetime.date(2025, 1, 1)
    )
    client = client_for(world.users["community_staff"])
    for url in (
        reverse("ledgers:entry_create", args=[other_book.pk]),
        reverse("ledgers:entry_import", args=[other_book.pk]),
        reverse("ledgers:entry_export", args=[other_book.pk]),
        reverse("ledgers:submission_fill", args=[submission.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("ledgers:ledger_type_create")).status_code == 403


def test_entry_form_field_level_messages(client_for, world, book):
    client = client_for(world.users["community_staff"])
    url = reverse("ledgers:entry_create", args=[book.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"f0": "", "f1": "110105194912310021", "f2": "abc"})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-field="f1"' in content and "GB 11643" in content
    assert 'data-field="f2"' in content and "应为整数" in content
    assert not LedgerEntry.objects.exists()
    response = client.post(url, {"entry_date": "2025-02-01", "f0": "张三", "f1": VALID_ID})
    assert response.status_code == 302 and LedgerEntry.objects.count() == 1


def test_import_page_shows_errors_and_template_download(client_for, world, book):
    client = client_for(world.users["community_staff"])
    bad = ["2025-03-02", "", "110105194912310021", "", "", "", "", ""]
    upload = xlsx([HEADER, GOOD_ROW, bad])
    upload.name = "台账.xlsx"
    response = client.post(reverse("ledgers:entry_import", args=[book.pk]), {"file": upload})
    content = response.content.decode()
    assert 'data-testid="import-errors"' in content and "<td>3</td><td>公民身份号码</td>" in content
    assert not LedgerEntry.objects.exists()
    template = client.get(reverse("ledgers:ledger_type_template", args=[book.ledger_type_id]))
    assert template.status_code == 200
    good = xlsx([HEADER, GOOD_ROW])
    good.name = "台账.xlsx"
    assert client.post(reverse("ledgers:entry_import", args=[book.pk]), {"file": good}).status_code == 302
    export = client.get(reverse("ledgers:entry_export", args=[book.pk]))
    assert export.status_code == 200 and b"".join(export.streaming_content)[:2] == b"PK"


def test_catalog_form_and_submission_fill_prefilled(client_for, world, book):
    admin = client_for(world.users["district_admin"])
    response = admin.post(
        reverse("ledgers:report_form_create"),
        {
            "code": "R09",
            "name": "人口月报",
            "department": world.department.pk,
            "frequency": "monthly",
            "fields_text": "总户数｜整数｜必填\n类别｜选项",
        },
    )
    assert response.status_code == 200 and "选项类型必须列出选项" in response.content.decode()
    response = admin.post(
        reverse("ledgers:report_form_create"),
        {
            "code": "R09",
            "name": "人口月报",
            "department": world.department.pk,
            "frequency": "monthly",
            "fields_text": "总户数｜整数｜必填\n新增户数｜整数｜必填",
        },
    )
    assert response.status_code == 302
    from ledgers.models import ReportForm

    form = ReportForm.objects.get(code="R09")
    response = admin.post(
        reverse("ledgers:report_form_send", args=[form.pk]),
        {"communities": [world.community.pk], "period": "2025-03", "due_date": "2099-04-05"},
    )
    assert "未列入 2025 年报表目录" in response.content.decode()
    admin.post(reverse("ledgers:report_form_register", args=[form.pk]), {"year": 2025})
    admin.post(
        reverse("ledgers:report_form_send", args=[form.pk]),
        {"communities": [world.community.pk], "period": "2025-03", "due_date": "2099-04-05"},
    )
    submission = ReportSubmission.objects.get(report_form=form)
    staff = client_for(world.users["community_staff"])
    page = staff.get(reverse("ledgers:submission_fill", args=[submission.pk])).content.decode()
    assert 'data-testid="prefilled"' in page and f'value="{world.community.households}"' in page
    response = staff.post(
        reverse("ledgers:submission_fill", args=[submission.pk]), {"action": "submit", "f0": "1685", "f1": ""}
    )
    assert 'data-field="f1"' in response.content.decode()
    staff.post(
        reverse("ledgers:submission_fill", args=[submission.pk]),
        {"action": "submit", "f0": "1685", "f1": "3"},
    )
    submission.refresh_from_db()
    assert submission.status == "submitted" and submission.values == {"总户数": 1685, "新增户数": 3}


def _row_cells(html: str, marker: str) -> dict[str, str]:
    """The list row holding `marker`, as {header: cell text}."""
    import re

    def text(cells):
        return [re.sub(r"<[^>]+>", "", c).strip() for c in cells]

    headers = text(re.findall(r"<th[^>]*>(.*?)</th>", html, re.S))
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", html, re.S) if marker in r)
    return dict(zip(headers, text(re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)), strict=False))


def test_submission_list_shows_the_due_date_and_a_sending_date_only_once_sent(client_for, world):
    """A 待报送 row carries its 截止日期, and 报送日期 stays empty (—) until it is sent; a workbook row
    (sent, no 截止日期 or 报告期) shows — in those columns."""
    from tests.ledgers.factories import ReportSubmissionFactory

    due = ReportSubmissionFactory(
        community=world.community,
        report_form=ReportFormFactory(code="R71", name="待报报表", department=world.department),
        date=datetime.date(2099, 12, 31),
        due_date=datetime.date(2099, 12, 31),
        period="2099-03",
        status="due",
        level="community",
    )
    ReportSubmissionFactory(
        community=world.community,
        report_form=ReportFormFactory(code="R72", name="已报报表", department=world.department),
        date=datetime.date(2025, 3, 5),
    )
    html = client_for(world.users["community_staff"]).get("/ledgers/submissions/").content.decode()
    assert due.status == "due"
    dates = ("报告期", "截止日期", "报送日期")
    assert [_row_cells(html, "待报报表")[h] for h in dates] == ["2099-03", "2099年12月31日", "—"]
    assert [_row_cells(html, "已报报表")[h] for h in dates] == ["—", "—", "2025年3月5日"]


def test_analysis_shows_three_sources_and_folds_the_rest(client_for, world):
    """重复字段分析: numeric headers stay on one line; a field demanded by many sources lists three
    and keeps the others in <details>."""
    for n in range(5):
        ReportFormFactory(code=f"R8{n}", name=f"人口报表{n}", fields=["身份证号"])
    html = client_for(world.users["district_admin"]).get("/ledgers/analysis/").content.decode()
    assert '<tr class="text-nowrap"><th>标准字段</th>' in html
    cell = html[html.index('data-testid="sources"') :]
    cell = cell[: cell.index("</td>")]
    shown, folded = cell.split("<details>")
    assert [f"R8{n}" in shown for n in range(5)] == [True, True, True, False, False]
    assert "另 2 个来源" in folded and "R83" in folded and "R84" in folded


# --- review findings (session 3): each a form error, never a 500, and nothing written ------------
@pytest.mark.parametrize("url_name", ["ledgers:ledger_type_edit", "ledgers:report_form_edit"])
def test_catalog_page_field_name_over_100_characters_is_a_form_error(
    client_for, world, low_income_type, monthly_form, url_name
):
    obj = low_income_type if url_name == "ledgers:ledger_type_edit" else monthly_form
    before = list(obj.fields)
    data = {
        "code": obj.code,
        "name": obj.name,
        "department": world.department.pk,
        "retention": "long",
        "archive_class": "YW",
        "frequency": "monthly",
        "fields_text": "总户数｜整数\n" + "字" * 150,
    }
    response = client_for(world.users["district_admin"]).post(reverse(url_name, args=[obj.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors.get("fields_text"), response.context["form"].errors
    obj.refresh_from_db()
    assert obj.fields == before


def test_cancelling_twice_is_a_form_error_409(client_for, world, low_income_type):
    client = client_for(world.users["district_admin"])
    url = reverse("ledgers:ledger_type_cancel", args=[low_income_type.pk])
    assert client.post(url, {"reason": "重复"}).status_code == 302
    response = client.post(url, {"reason": "再次"})
    assert response.status_code == 409
    assert response.context["form"].non_field_errors()
    low_income_type.refresh_from_db()
    assert low_income_type.cancel_reason == "重复"


def test_cancel_reason_over_500_characters_is_a_form_error(client_for, world, low_income_type):
    client = client_for(world.users["district_admin"])
    response = client.post(
        reverse("ledgers:ledger_type_cancel", args=[low_income_type.pk]), {"reason": "理" * 600}
    )
    assert response.status_code == 200 and response.context["form"].errors.get("reason")
    low_income_type.refresh_from_db()
    assert low_income_type.status == "active"


@pytest.mark.parametrize("minutes", ["123456789", "1.234", "10000"])
def test_dictionary_minutes_out_of_range_is_a_form_error(client_for, world, minutes):
    from ledgers.models import CanonicalField

    response = client_for(world.users["district_admin"]).post(
        reverse("ledgers:canonical_create"),
        {"name": "门牌号", "field_type": "text", "minutes_per_entry": minutes},
    )
    assert response.status_code == 200
    assert response.context["form"].errors.get("minutes_per_entry")
    assert not CanonicalField.objects.filter(name="门牌号").exists()
