"""Content Security Policy: the header is strict, and the pages still work under it in Chromium."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_csp_header_forbids_inline_scripts(client):
    policy = client.get("/login/")["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'self'" in script_src
    assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    assert "frame-ancestors 'none'" in policy


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_work_under_the_policy(live_server, page, screenshot, settings):
    settings.PASSWORD_CHANGE_REQUIRED_ENFORCED = False  # the demo's logins, as in `make run`
    call_command("seed_demo", verbosity=0)
    violations = []
    page.on(
        "console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None
    )
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "demo_district")
    page.fill("input[name=password]", "demo12345")
    page.click("button[type=submit].w-100")
    page.wait_for_url(f"{live_server.url}/burden/")
    page.wait_for_selector("canvas")  # ECharts drew: dashboard.js ran
    screenshot("csp-district-dashboard")
    page.goto(f"{live_server.url}/ledgers/analysis/")
    page.wait_for_selector("#dup-chart canvas")  # the nonce'd inline script ran
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .info")  # Swagger UI, its init script served as a file
    screenshot("csp-api-docs")
    assert violations == []
