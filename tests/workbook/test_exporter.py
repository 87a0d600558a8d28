"""Export, and export → import into an empty database → export again gives the same workbook."""

import pytest
from python_calamine import CalamineWorkbook

from certificates.models import CertificateKind
from inspections.models import Platform
from ledgers.models import LedgerType, ReportForm
from organisation.models import Community, Department, District, Street
from organisation.scoping import Scope
from tasks.models import TaskItem
from workbook import spec
from workbook.exporter import parse_scope
from workbook.services import workbook_export, workbook_import

from .builders import EXPECTED_RECORDS, full_sheets, record_count
from .conftest import EVERYTHING

pytestmark = pytest.mark.django_db


def cells(path):
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def empty_database():
    for sheet in reversed(spec.SHEETS):
        if sheet.group == spec.RECORD:
            sheet.model.objects.all().delete()
    for model in (
        TaskItem,
        LedgerType,
        ReportForm,
        CertificateKind,
        Platform,
        Community,
        Street,
        Department,
        District,
    ):
        model.objects.all().delete()


@pytest.mark.parametrize("chinese", [False, True], ids=["english", "chinese"])
def test_round_trip_gives_the_same_workbook(make_xlsx, tmp_path, chinese):
    assert workbook_import(path=make_xlsx(full_sheets(chinese=chinese)), scope=EVERYTHING).imported
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    workbook_export(scope=EVERYTHING, target=str(first), chinese=chinese)
    empty_database()
    assert record_count() == dict.fromkeys(EXPECTED_RECORDS, 0)
    result = workbook_import(path=first, scope=EVERYTHING)
    assert result.imported, [e.line() for e in result.errors]
    assert record_count() == EXPECTED_RECORDS
    workbook_export(scope=EVERYTHING, target=str(second), chinese=chinese)
    a, b = cells(first), cells(second)
    assert list(a) == [s.zh if chinese else s.key for s in spec.SHEETS]
    assert a == b
    assert a["communities" if not chinese else "社区"][1][0] == "001"


def test_reimporting_an_export_changes_nothing(full_xlsx, tmp_path):
    workbook_import(path=full_xlsx, scope=EVERYTHING)
    exported = tmp_path / "export.xlsx"
    workbook_export(scope=EVERYTHING, target=str(exported))
    result = workbook_import(path=exported, scope=EVERYTHING)
    assert result.imported
    assert all(c["created"] == 0 and c["updated"] == 0 for c in result.counts.values()), result.counts
    assert record_count() == EXPECTED_RECORDS


def test_export_scope_and_year(full_xlsx, tmp_path):
    workbook_import(path=full_xlsx, scope=EVERYTHING)
    path = tmp_path / "c.xlsx"
    counts = workbook_export(scope=parse_scope("community:002"), target=str(path), year=2024)
    assert counts["communities"] == 1 and counts["meetings"] == 1 and counts["work_logs"] == 1
    counts = workbook_export(scope=parse_scope("district:示范区"), target=str(path), year=2023)
    assert counts["communities"] == 2 and counts["meetings"] == 0 and counts["signboards"] == 2
    assert workbook_export(scope=parse_scope("street:S01"), target=str(path))["meetings"] == 2


def test_parse_scope_refuses_unknown_units():
    from django.core.exceptions import ValidationError

    for text in ("street:NOPE", "planet:x", ""):
        with pytest.raises(ValidationError):
            parse_scope(text)
    assert parse_scope("all") == Scope(role="district_admin", everything=True)


def test_planned_inspections_are_not_exported(full_xlsx, tmp_path):
    from inspections.models import Inspection

    workbook_import(path=full_xlsx, scope=EVERYTHING)
    path = tmp_path / "all.xlsx"
    held = workbook_export(scope=EVERYTHING, target=str(path))["inspections"]
    Inspection.objects.update(status=Inspection.Status.PLANNED)
    assert held > 0
    assert workbook_export(scope=EVERYTHING, target=str(path))["inspections"] == 0


def test_only_standing_signboards_are_exported(full_xlsx, tmp_path):
    import datetime

    from inspections.models import Signboard

    workbook_import(path=full_xlsx, scope=EVERYTHING)
    path = tmp_path / "all.xlsx"
    standing = workbook_export(scope=EVERYTHING, target=str(path), year=2024)["signboards"]
    removed = Signboard.objects.order_by("pk").first()
    removed.removed_on = datetime.date(2024, 6, 30)
    removed.save()
    assert workbook_export(scope=EVERYTHING, target=str(path), year=2024)["signboards"] == standing - 1
    assert workbook_export(scope=EVERYTHING, target=str(path), year=2023)["signboards"] == standing
