"""Browser journey at the counter: a class A certificate issued and printed, a class C request
blocked with the redirect notice, and a resident verifying the QR code without signing in."""

import re

import pytest

from certificates.models import CertificateRecord
from certificates.services import certificate_catalog_load

from .factories import id_number


def _open_kind(page, live_server, query, name):
    page.goto(f"{live_server.url}/certificates/counter/")
    page.fill("input[name=q]", query)
    results = page.locator("[data-testid=kind-results]")
    results.get_by_text(name, exact=True).wait_for()
    assert results.locator("a").count() >= 1
    results.get_by_text(name, exact=True).click()
    page.wait_for_url(re.compile(r"/certificates/counter/\d+/$"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_counter_issue_print_block_and_verify(world, live_server, page, browser_login, screenshot, settings):
    settings.PUBLIC_BASE_URL = live_server.url
    certificate_catalog_load()
    browser_login(world.users["community_staff"])

    # class A: issue and print
    _open_kind(page, live_server, "居住", "社区居住证明")
    page.fill("input[name=applicant_name]", "张三")
    page.fill("input[name=applicant_id_number]", id_number())
    page.locator("[data-testid=id-check]").wait_for()
    assert "1101**********" in page.locator("[data-testid=id-check]").inner_text()
    screenshot("certificates-counter-class-a")
    page.click("button[name=action][value=issue]")
    page.wait_for_url(re.compile(r"/print/$"))
    record = CertificateRecord.objects.get(outcome="issued")
    document = page.locator("[data-testid=document]")
    assert page.locator("[data-testid=serial]").inner_text() == record.serial
    text = document.inner_text()
    assert "证明" in text and "张三" in text and "（盖章处）" in text and "扫码核验" in text
    assert id_number() not in page.content()
    assert document.locator("svg").count() == 1
    qr_url = re.search(r"http://\S+/certificates/verify/[A-Z0-9]+/", text).group(0)
    assert qr_url == f"{live_server.url}/certificates/verify/{record.verification_code}/"
    screenshot("certificates-print-screen")
    page.emulate_media(media="print")
    assert page.locator("nav.navbar").is_hidden()
    screenshot("certificates-print-media")
    page.emulate_media(media="screen")

    # class C: blocked, redirect notice printed
    _open_kind(page, live_server, "唯一住房", "唯一住房证明")
    blocked = page.locator("[data-testid=class-c-blocked]")
    assert "社区不出具此证明" in blocked.inner_text() and "不动产登记中心" in blocked.inner_text()
    assert page.locator("button[value=issue]").count() == 0
    screenshot("certificates-counter-class-c-blocked")
    page.fill("input[name=applicant_name]", "李四")
    page.click("button[name=action][value=redirect]")
    page.wait_for_url(re.compile(r"/print/$"))
    notice = page.locator("[data-testid=document]").inner_text()
    assert "告知书" in notice and "不应由社区居民委员会出具" in notice
    assert "不动产登记中心" in page.locator("[data-testid=authority]").inner_text()
    screenshot("certificates-redirect-notice")
    assert CertificateRecord.objects.filter(outcome="redirected").count() == 1

    # a resident scans the QR code: no login, no personal data
    page.context.clear_cookies()
    page.goto(qr_url)
    status = page.locator("[data-testid=verify-status]")
    assert "证明有效" in status.inner_text()
    body = page.locator("main").inner_text()
    assert "社区居住证明" in body and world.community.name in body and record.serial in body
    assert "张三" not in body
    screenshot("certificates-verify-valid")
