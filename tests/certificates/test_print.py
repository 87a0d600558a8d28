"""The printed certificate on screen: the verification address (QR code and printed link) follows
the host the site was reached at unless PUBLIC_BASE_URL is configured; on a phone the sheet
fits the screen while print keeps A4."""

import re

import pytest

from certificates import services
from certificates.models import CertificateKind

from .factories import id_number

pytestmark = pytest.mark.django_db


def _print_page(client, record, host):
    response = client.get(f"/certificates/records/{record.pk}/print/", HTTP_HOST=host)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("base", ["", "http://127.0.0.1:8000", "http://localhost:8000/"])
def test_print_verify_url_follows_the_request_host(world, issued, client_for, settings, base):
    settings.PUBLIC_BASE_URL = base
    html = _print_page(client_for(world.users["community_staff"]), issued, "portal.test:8717")
    expected = f"http://portal.test:8717/certificates/verify/{issued.verification_code}/"
    assert expected in html and "127.0.0.1:8000" not in html


def test_configured_public_address_wins(world, issued, client_for, settings):
    settings.PUBLIC_BASE_URL = "https://portal.example.gov.cn/"
    html = _print_page(client_for(world.users["community_staff"]), issued, "internal.test:8717")
    assert f"https://portal.example.gov.cn/certificates/verify/{issued.verification_code}/" in html
    assert "internal.test" not in html


def test_record_detail_and_api_follow_the_request_host(world, issued, client_for, api_for, settings):
    settings.PUBLIC_BASE_URL = ""
    html = client_for(world.users["community_staff"]).get(issued.get_absolute_url(), HTTP_HOST="portal.test")
    assert f"http://portal.test/certificates/verify/{issued.verification_code}/" in html.content.decode()
    data = api_for(world.users["community_staff"]).get(
        f"/api/v1/certificate-records/{issued.pk}/", HTTP_HOST="api.test:9000"
    )
    assert data.json()["verification_url"] == (
        f"http://api.test:9000/certificates/verify/{issued.verification_code}/"
    )


def test_print_sheet_fits_a_phone_screen_and_keeps_a4_for_print(world, issued, client_for):
    html = _print_page(client_for(world.users["community_staff"]), issued, "testserver")
    phone = re.search(r"@media screen and \(max-width: 575\.98px\) \{(.*?)\n  \}", html, re.S)
    assert phone, "the phone layout is a screen-only media query"
    assert ".doc-sign { min-width: 0;" in phone.group(1)
    assert "@page { size: A4;" in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_printed_certificate_fits_390px(world, live_server, page, browser_login, settings):
    settings.PUBLIC_BASE_URL = ""
    record = services.certificate_issue(
        by=world.users["community_staff"],
        kind_id=CertificateKind.objects.create(code="TA9", name="社区居住证明", cert_class="A").pk,
        applicant_name="张三",
        applicant_id_number=id_number(),
    )
    browser_login(world.users["community_staff"])
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{live_server.url}/certificates/records/{record.pk}/print/")
    sheet = page.locator("[data-testid=document]").bounding_box()
    seal = page.locator(".doc-seal").bounding_box()
    assert seal["x"] + seal["width"] <= sheet["x"] + sheet["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert f"{live_server.url}/certificates/verify/{record.verification_code}/" in page.content()
