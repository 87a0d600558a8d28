"""`import_workbook` and `export_workbook`: exit codes and one line per error."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from .builders import EXPECTED_RECORDS, full_sheets, record_count

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_import_succeeds_with_exit_0(full_xlsx):
    out = StringIO()
    call_command("import_workbook", str(full_xlsx), stdout=out)
    assert "work_logs: 2 rows, 2 created" in out.getvalue()
    assert record_count() == EXPECTED_RECORDS


def test_import_with_errors_prints_lines_and_exits_1(make_xlsx):
    sheets = full_sheets()
    sheets["meetings"][1][3] = -1
    sheets["certificates"][2][3] = "maybe"
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_workbook", str(make_xlsx(sheets)), stdout=out)
    assert caught.value.returncode == 1
    lines = out.getvalue().splitlines()
    assert "meetings:2:hours: 不能为负数" in lines
    assert any(line.startswith("certificates:3:outcome: 不是允许的取值") for line in lines)
    assert set(record_count().values()) == {0}


def test_real_process_exit_code_for_a_file_that_is_not_a_workbook(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "communityops.settings.test"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "import_workbook", str(bad)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.strip() == ":0:: 不是 Excel 工作簿（.xlsx）文件。"


def test_export_command(full_xlsx, tmp_path):
    call_command("import_workbook", str(full_xlsx), stdout=StringIO())
    out = StringIO()
    target = tmp_path / "out.xlsx"
    call_command("export_workbook", str(target), "--scope", "street:S01", "--year", "2024", stdout=out)
    assert "meetings: 2 rows" in out.getvalue() and target.stat().st_size > 0
    with pytest.raises(CommandError):
        call_command("export_workbook", str(target), "--scope", "street:NOPE")
