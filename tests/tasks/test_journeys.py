"""Browser journeys: a 准入 request from the department's form to the community's work log, and
a negative-list request blocked with its reason shown."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tasks.models import AccessRequest, WorkLog


def _fill_request(page, live_server, world, *, title, list_class):
    page.goto(f"{live_server.url}/tasks/requests/new/")
    page.get_by_text("一、事项基本信息").wait_for()
    page.fill("input[name=title]", title)
    page.select_option("select[name=list_class]", list_class)
    page.select_option("select[name=nature]", "service")
    page.fill("textarea[name=legal_basis]", "《中华人民共和国老年人权益保障法》")
    page.check("input[name=target_mode][value=chosen]")
    page.check(f"input[name=target_communities][value='{world.community.pk}']")
    deadline = timezone.localdate() + datetime.timedelta(days=80)
    page.fill("input[name=deadline]", deadline.isoformat())
    page.fill("input[name=hours_per_community]", "4")
    page.fill("input[name=funds_transferred]", "3000")
    page.fill("textarea[name=authority_delegated]", "资格初审权")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_request_approved_then_community_logs_work(world, live_server, page, browser_login, screenshot):
    officer = world.users["department_officer"]
    browser_login(officer)
    _fill_request(page, live_server, world, title="高龄老人津贴资格认证", list_class="assisting")
    screenshot("tasks-request-form")
    page.get_by_role("button", name="提交审核").click()
    page.wait_for_url(re.compile(r"/tasks/requests/\d+/$"))
    page.get_by_text("申请已提交，等待审核。").wait_for()
    assert page.locator("[data-testid=status]").inner_text() == "待审核"
    req = AccessRequest.objects.get()
    screenshot("tasks-request-submitted")

    browser_login(world.users["district_admin"])
    page.goto(f"{live_server.url}/tasks/requests/{req.pk}/")
    page.select_option("select[name=action]", "approve")
    page.fill("textarea[name=reason]", "符合准入条件，经费已落实")
    page.get_by_role("button", name="确定").click()
    page.get_by_text("审核决定已记录，已通知申请部门。").wait_for()
    assert page.locator("[data-testid=status]").inner_text() == "准予准入"
    screenshot("tasks-request-approved")

    browser_login(world.users["community_staff"])
    page.goto(f"{live_server.url}/tasks/inbox/")
    card = page.locator("[data-testid=assignment]", has_text="高龄老人津贴资格认证")
    card.wait_for()
    assert "经过准入" in card.inner_text()
    screenshot("tasks-inbox")
    # the work log in three interactions: open the entry, type the hours, save
    card.get_by_role("link", name="记工时").click()  # 1
    hours = card.locator("input[name=hours]")
    hours.wait_for()
    hours.fill("2.5")  # 2
    card.get_by_role("button", name="保存").click()  # 3
    card.get_by_text("已记录 2.50 小时。").wait_for()
    screenshot("tasks-inbox-logged")
    entry = WorkLog.objects.get()
    assert entry.approved
    assert entry.hours == 2.5
    assert entry.date == timezone.localdate()
    assert entry.assignment.access_request_id == req.pk

    # the street supervisor's dashboard shows the hours, and its table exports to Excel
    browser_login(world.users["street_supervisor"])
    page.goto(f"{live_server.url}/burden/")
    page.get_by_text("共 2.5 小时").wait_for()
    screenshot("tasks-street-dashboard")
    with page.expect_download() as download:
        page.locator("a[href*='export=communities']").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert world.community.name in cells and 2.5 in cells


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_negative_list_request_is_blocked(world, live_server, page, browser_login, screenshot):
    browser_login(world.users["department_officer"])
    _fill_request(page, live_server, world, title="代收物业费", list_class="negative")
    page.get_by_role("button", name="提交审核").click()
    page.wait_for_url(re.compile(r"/tasks/requests/\d+/$"))
    assert page.locator("[data-testid=status]").inner_text() == "系统拦截"
    findings = page.locator("[data-testid=findings]")
    assert "属于负面清单" in findings.inner_text()
    assert "不得交由社区承担" in page.locator("[data-testid=decision]").inner_text()
    assert "申请已被系统拦截" in page.get_by_role("alert").first.inner_text()
    screenshot("tasks-request-blocked")
    assert AccessRequest.objects.get().status == AccessRequest.Status.BLOCKED
