"""The printed papers: PDF via weasyprint (Noto Sans CJK), QR code with the public URL."""

import re
import zlib

import pytest

from certificates import services
from certificates.documents import document_context, document_html, document_pdf

from .factories import id_number

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (object streams hold the metadata) inflated."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_certificate_pdf_renders_with_serial(world, kind_a, settings):
    settings.PUBLIC_BASE_URL = "https://portal.example.gov.cn/"
    record = services.certificate_issue(
        by=world.users["community_staff"],
        kind_id=kind_a.pk,
        applicant_name="张三",
        applicant_id_number=id_number(),
    )
    context = document_context(record)
    assert (
        context["verify_url"]
        == f"https://portal.example.gov.cn/certificates/verify/{record.verification_code}/"
    )
    assert "<svg" in context["qr"] and "<path" in context["qr"]
    html = document_html(record)
    assert record.serial in html and "（盖章处）" in html and world.community.name in html
    assert id_number() not in html and record.applicant_id_masked in html
    pdf = document_pdf(record)
    assert pdf.startswith(b"%PDF")
    assert record.serial.encode() in pdf_text(pdf)  # the document title (PDF metadata) is the serial


@pytest.mark.parametrize("outcome", ["redirected", "refused", "pledged"])
def test_notices_render(world, kind_a, kind_c, outcome):
    staff = world.users["community_staff"]
    if outcome == "redirected":
        record = services.certificate_redirect(by=staff, kind_id=kind_c.pk, applicant_name="李四")
        expected = ["告知书", "不动产登记中心"]
    elif outcome == "refused":
        record = services.certificate_refuse(
            by=staff, kind_id=kind_a.pk, applicant_name="李四", reason="非本社区居民"
        )
        expected = ["不予出具告知书", "非本社区居民"]
    else:
        record = services.certificate_pledge(
            by=staff, kind_id=kind_a.pk, applicant_name="李四", applicant_id_number=id_number()
        )
        expected = ["告知承诺书", "承诺人（签字）"]
    html = document_html(record)
    for text in expected:
        assert text in html
    assert "<svg" not in html  # only certificates carry a verification QR code
    assert document_pdf(record).startswith(b"%PDF")
