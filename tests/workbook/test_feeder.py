"""The feeder thread (写入线程) that COPYs record chunks while the importer reads on: an error
raised on the database side stops both threads and rolls everything back; a foreign key that
breaks mid-import (a catalog row deleted by someone else) is caught at that chunk's COPY, not
at COMMIT; no feeder thread outlives an import."""

import datetime as dt
import threading
from contextlib import contextmanager

import pytest
from django.db import IntegrityError, OperationalError, connection, connections

from organisation.models import Community, Department
from tasks.models import WorkLog
from workbook import importer, reader
from workbook.services import workbook_import

from .builders import full_sheets, record_count, write_xlsx
from .conftest import EVERYTHING

ROWS = 3000


@pytest.fixture(autouse=True)
def _small_chunks(monkeypatch):
    monkeypatch.setattr(reader, "READ_SIZE", 8192)
    monkeypatch.setattr(reader, "HEAD_SIZE", 4096)


def feeders() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "workbook-feeder"]


@contextmanager
def other_connection():
    """A second database connection (another session, as another user's request would be)."""
    other = connections.create_connection("default")
    try:
        other.ensure_connection()
        yield other
    finally:
        other.close()


def logs_workbook(path, *, department=lambda i: "D01"):
    header = ["community_code", "date", "department_code", "category", "hours"]
    rows = [
        [
            "001" if i % 2 else "002",
            dt.date(2024, 1, 1) + dt.timedelta(days=i % 300),
            department(i),
            "task",
            1,
        ]
        for i in range(ROWS)
    ]
    write_xlsx(path, {"work_logs": [header, *rows]})
    with reader.XlsxReader(path) as xlsx:
        assert len(list(xlsx.chunks("work_logs"))) > 10
    return path


@pytest.mark.django_db(transaction=True)
def test_an_error_in_the_feeder_rolls_everything_back_and_the_thread_is_gone(tmp_path):
    """Another session holds a lock on the work-log table: the feeder's first COPY fails (lock
    timeout) in the feeder thread; the importer raises it and nothing is written, not even the
    organisation and catalog rows written before the records."""
    path = write_xlsx(tmp_path / "full.xlsx", full_sheets())
    with other_connection() as other:
        other.set_autocommit(False)
        with other.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {WorkLog._meta.db_table} IN SHARE MODE")
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '300ms'")
        try:
            with pytest.raises(OperationalError):
                workbook_import(path=path, scope=EVERYTHING)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")
            other.rollback()
    assert not feeders()
    assert set(record_count().values()) == {0}
    assert not Community.objects.exists() and not Department.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_catalog_row_deleted_mid_import_fails_at_its_chunk_and_nothing_is_written(
    tmp_path, monkeypatch, settings
):
    """Foreign keys checked per row (a role that may not check them in bulk)."""
    settings.WORKBOOK_IMPORT_BULK_KEY_CHECK = False
    sheets = full_sheets()
    sheets["departments"].append(["DX", "临时指挥部", "district", "government"])
    first = workbook_import(path=write_xlsx(tmp_path / "full.xlsx", sheets), scope=EVERYTHING)
    assert first.imported, [e.line() for e in first.errors]
    before = WorkLog.objects.count()
    # rows 0..999 name D01, the later ones DX; DX is deleted by another session at the first
    # progress report (after about 300 rows, long before any DX row reaches the database)
    path = logs_workbook(tmp_path / "logs.xlsx", department=lambda i: "D01" if i < 1000 else "DX")
    monkeypatch.setattr(importer, "PROGRESS_EVERY", 300)
    reports = []

    def progress(phase, done, total):
        if not reports:
            with other_connection() as other, other.cursor() as cursor:
                cursor.execute(f"DELETE FROM {Department._meta.db_table} WHERE code = 'DX'")  # noqa: S608
        reports.append(done)

    with pytest.raises(IntegrityError):
        workbook_import(path=path, scope=EVERYTHING, progress=progress)
    # caught while reading on (the queue holds two chunks), not at COMMIT after the last row
    assert reports and reports[-1] < ROWS - 600
    assert not feeders()
    assert WorkLog.objects.count() == before
    assert not Department.objects.filter(code="DX").exists()


@pytest.mark.django_db(transaction=True)
def test_with_bulk_key_checks_a_referenced_row_cannot_be_deleted_mid_import(tmp_path, monkeypatch):
    """Foreign keys checked in bulk: every referenced row is locked FOR KEY SHARE before the
    first COPY, so another session's DELETE of one waits for the import (here: times out), and
    the import writes every row, each referencing a row that exists."""
    sheets = full_sheets()
    sheets["departments"].append(["DX", "临时指挥部", "district", "government"])
    assert workbook_import(path=write_xlsx(tmp_path / "full.xlsx", sheets), scope=EVERYTHING).imported
    before = WorkLog.objects.count()
    path = logs_workbook(tmp_path / "logs.xlsx", department=lambda i: "D01" if i < 1000 else "DX")
    monkeypatch.setattr(importer, "PROGRESS_EVERY", 300)
    refused = []

    def progress(phase, done, total):
        if phase == "reading" and not refused:
            with other_connection() as other, other.cursor() as cursor:
                cursor.execute("SET lock_timeout = '200ms'")
                with pytest.raises(OperationalError, match="lock timeout"):
                    cursor.execute(f"DELETE FROM {Department._meta.db_table} WHERE code = 'DX'")  # noqa: S608
            refused.append(done)

    result = workbook_import(path=path, scope=EVERYTHING, progress=progress)
    assert result.imported, [e.line() for e in result.errors]
    assert refused
    assert WorkLog.objects.count() == before + ROWS
    assert WorkLog.objects.filter(department__code="DX").count() == ROWS - 1000
    assert not feeders()


@pytest.mark.django_db
def test_bulk_key_checks_need_the_setting_and_the_privilege(settings):
    with connection.cursor() as cursor:
        assert importer.bulk_key_check_allowed(cursor)  # the test database's role is a superuser
        settings.WORKBOOK_IMPORT_BULK_KEY_CHECK = False
        assert not importer.bulk_key_check_allowed(cursor)
        settings.WORKBOOK_IMPORT_BULK_KEY_CHECK = True
        cursor.execute("CREATE ROLE wb_plain NOLOGIN")
        cursor.execute("SET ROLE wb_plain")
        try:
            assert not importer.bulk_key_check_allowed(cursor)
        finally:
            cursor.execute("RESET ROLE")
        cursor.execute("GRANT SET ON PARAMETER session_replication_role TO wb_plain")
        cursor.execute("SET ROLE wb_plain")
        try:
            assert importer.bulk_key_check_allowed(cursor)
        finally:
            cursor.execute("RESET ROLE")
            cursor.execute("REVOKE SET ON PARAMETER session_replication_role FROM wb_plain")
            cursor.execute("DROP ROLE wb_plain")


@pytest.mark.django_db
def test_per_row_key_checks_are_back_on_after_each_sheet(tmp_path):
    """The switch is local to the import's sheets: later writes in the same transaction are
    checked per row again."""
    assert workbook_import(path=write_xlsx(tmp_path / "full.xlsx", full_sheets()), scope=EVERYTHING).imported
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone()[0] == "origin"
        with pytest.raises(IntegrityError):
            cursor.execute(
                f"INSERT INTO {WorkLog._meta.db_table} (row_id, created_at, date, category, hours, people, approved, note, community_id) "  # noqa: S608
                "VALUES ('dangling', now(), '2024-01-01', 'task', 1, 1, true, '', -1)"
            )
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
