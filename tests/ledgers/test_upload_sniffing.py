"""Ledger imports sniff the workbook by its bytes: other files named .xlsx are refused."""

import io
import zipfile

import pytest

from ledgers import services
from ledgers.models import LedgerEntry


def _renamed_docx() -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize(
    "upload",
    [_renamed_docx(), io.BytesIO(b"MZ\x90\x00program"), io.BytesIO(b"%PDF-1.4")],
    ids=["docx", "exe", "pdf"],
)
def test_forged_xlsx_is_refused(world, book, upload):
    result = services.ledger_entries_import(
        by=world.users["community_staff"], book_id=book.pk, upload=upload, filename="台账.xlsx"
    )
    assert not result.ok and "不是有效的 xlsx" in result.errors[0]["reason"]
    assert not LedgerEntry.objects.exists()
