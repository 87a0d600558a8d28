"""Browser journey: a district admin uploads a workbook with a bad row, sees the row-level
error, and nothing changed."""

import pytest

from inspections.models import Meeting
from workbook.models import ImportJob

from .builders import write_xlsx


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_district_admin_sees_the_bad_row_and_nothing_changes(world, live_server, page, screenshot, tmp_path):
    admin = world.users["district_admin"]
    path = write_xlsx(
        tmp_path / "会议.xlsx",
        {
            "会议": [
                ["社区编码", "部门编码", "日期", "工时", "目的", "次数"],
                [world.community.code, world.department.code, "2024-03-01", 2, "培训", 1],
                [world.sibling.code, world.department.code, "2024-03-02", -3, "凑人数", 1],
            ]
        },
    )
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", admin.username)
    page.fill("input[name=password]", "demo12345")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/workbook/")
    page.set_input_files("input[name=file]", str(path))
    page.click("[data-testid=import-form] button[type=submit]")
    page.wait_for_selector("[data-testid=job-result]")
    errors = page.locator("[data-testid=errors] tbody tr")
    assert errors.count() == 1
    assert errors.first.inner_text().split("\t")[:4] == [
        "会议",
        "3",
        "工时",
        "-3",
    ]  # as in the Chinese workbook
    assert "不能为负数" in errors.first.inner_text()
    assert "未写入任何数据" in page.inner_text("[data-testid=job-result]")
    screenshot("workbook-import-error")
    assert not Meeting.objects.exists()
    assert ImportJob.objects.get().status == "failed"
