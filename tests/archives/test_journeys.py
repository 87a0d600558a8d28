"""Browser journey: the head proposes a 销毁清册, the street supervisor approves it, the head
executes it; the pages work under the Content Security Policy in Chromium."""

import re

import pytest
from django.utils import timezone

from archives.models import DisposalBatch
from archives.selectors import due_ledger_books
from ledgers.models import LedgerEntry


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_propose_approve_execute(world, archive, live_server, page, browser_login, screenshot):
    csp_errors = []
    page.on(
        "console", lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None
    )
    browser_login(world.users["community_head"])
    page.goto(f"{live_server.url}/archives/due/")
    assert "WS-2015-D10-001" in page.locator("table").inner_text()
    page.get_by_role("button", name="拟定销毁清册").click()  # the listed rows, all ticked
    page.wait_for_url(re.compile(r"/archives/batches/new/"))
    due_books = due_ledger_books(world.users["community_head"], today=timezone.localdate()).count()
    assert page.locator("input[name=ledger_books]:checked").count() == due_books >= 2
    page.get_by_role("button", name="提交审批").click()
    page.wait_for_url(re.compile(r"/archives/batches/\d+/$"))
    assert "双人原则" in page.content()

    browser_login(world.users["street_supervisor"])
    batch = DisposalBatch.objects.get()
    page.goto(f"{live_server.url}{batch.get_absolute_url()}")
    page.fill("textarea[name=note]", "同意销毁")
    page.get_by_role("button", name="批准销毁").click()
    page.get_by_text("已批准销毁。").wait_for()

    browser_login(world.users["community_head"])
    page.goto(f"{live_server.url}{batch.get_absolute_url()}")
    page.get_by_role("button", name="执行销毁").click()
    page.get_by_text("已执行销毁，销毁登记已生成。").wait_for()
    screenshot("archives-batch-executed")
    assert not LedgerEntry.objects.filter(book=archive["short_due"]).exists()
    page.goto(f"{live_server.url}/archives/register/")
    assert "WS-2015-D10-001" in page.locator("table").inner_text()
    assert csp_errors == []
