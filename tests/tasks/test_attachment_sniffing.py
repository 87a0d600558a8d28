"""准入 attachments are sniffed by their bytes: a forged extension is refused, nothing is stored."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from tasks.models import AccessRequest, Attachment
from tasks.services import _validate_attachment

pytestmark = pytest.mark.django_db


def _zip(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "<x/>")
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


GENUINE = {
    "依据.pdf": b"%PDF-1.7\n...",
    "照片.png": b"\x89PNG\r\n\x1a\n....",
    "照片.JPG": b"\xff\xd8\xff\xe0....",
    "台账.xlsx": _xlsx(),
    "通知.docx": _zip("word/document.xml"),
    "公文.ofd": _zip("OFD.xml"),
    "旧表.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....",
    "说明.txt": "关于开展居家养老服务补贴申报的说明\n".encode("gb18030"),
}

FORGED = {
    "依据.pdf": b"MZ\x90\x00 this is a Windows program",
    "照片.png": b"<svg onload=alert(1)>",
    "照片.jpg": b"%PDF-1.4 a pdf pretending",
    "台账.xlsx": _zip("word/document.xml"),  # a Word file renamed
    "通知.docx": b"PK\x03\x04 not really a zip",
    "公文.ofd": _xlsx(),
    "旧表.xls": b"id,name\n1,2\n",
    "说明.txt": b"MZ\x90\x00\x03\x00\x00\x00",
    "脚本.txt": b"#!/bin/sh\nrm -rf /\n",
}


@pytest.mark.parametrize("name", GENUINE)
def test_genuine_files_pass(name):
    _validate_attachment(SimpleUploadedFile(name, GENUINE[name]))


@pytest.mark.parametrize("name", FORGED)
def test_forged_extension_is_refused(name):
    with pytest.raises(ValidationError) as exc:
        _validate_attachment(SimpleUploadedFile(name, FORGED[name]))
    assert "内容与扩展名" in exc.value.message_dict["attachments"][0]


def test_forged_upload_refused_by_the_form_and_nothing_stored(world, client_for):
    client = client_for(world.users["department_officer"])
    data = {
        "title": "居家养老服务补贴申报",
        "list_class": "assisting",
        "nature": "service",
        "legal_basis": "《老年人权益保障法》",
        "target_mode": "chosen",
        "target_communities": [world.community.pk],
        "frequency": "once",
        "deadline": (timezone.localdate() + datetime.timedelta(days=80)).isoformat(),
        "hours_per_community": "6",
        "funds_transferred": "2000",
        "demanded_fields": "",
        "intent": "draft",
        "attachments": [SimpleUploadedFile("依据.pdf", b"MZ\x90\x00program", content_type="application/pdf")],
    }
    response = client.post(reverse("tasks:request_create"), data)
    assert response.status_code == 400
    assert "内容与扩展名" in response.content.decode()
    assert not AccessRequest.objects.exists() and not Attachment.objects.exists()
