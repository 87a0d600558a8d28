"""Fixtures shared by the whole suite: a small organisation, one user per role, a real
Celery worker, and Playwright on Debian's Chromium."""

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.factories import (
    DEMO_PASSWORD,
    CommunityFactory,
    DepartmentFactory,
    DistrictFactory,
    StreetFactory,
    member,
)

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class World:
    """Two streets, three communities, two departments and a user per role in each unit."""

    district: object
    street: object
    other_street: object
    community: object
    sibling: object
    other_community: object
    department: object
    other_department: object
    users: dict


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttling counters and other cached values never leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def world(db):
    district = DistrictFactory(name="示范区")
    street, other_street = StreetFactory(district=district), StreetFactory(district=district)
    community = CommunityFactory(street=street)
    sibling = CommunityFactory(street=street)
    other_community = CommunityFactory(street=other_street)
    department, other_department = DepartmentFactory(), DepartmentFactory()
    users = {
        "community_staff": member("community_staff", community),
        "community_head": member("community_head", community),
        "street_supervisor": member("street_supervisor", street),
        "district_admin": member("district_admin", district),
        "department_officer": member("department_officer", department),
        "other_community_staff": member("community_staff", other_community),
        "other_street_supervisor": member("street_supervisor", other_street),
        "other_department_officer": member("department_officer", other_department),
    }
    return World(
        district,
        street,
        other_street,
        community,
        sibling,
        other_community,
        department,
        other_department,
        users,
    )


@pytest.fixture(autouse=True)
def _language_reset():
    """A request in English leaves English active in this thread; every test starts in Chinese."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def client_for(client):
    """`client_for(user)` → a test client signed in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def api_for():
    from rest_framework.test import APIClient

    def login(user):
        api = APIClient()
        api.force_authenticate(user)
        return api

    return login


@pytest.fixture
def worker_factory(transactional_db, settings):
    """Starts real Celery worker processes on the Redis broker, against the test database:
    `start(**env)` → the process (already answering pings). All are stopped at the end.

    Tests using it must commit their data (`transactional_db`) so the workers see it.
    """
    from django.db import connection

    from communityops.celery import app

    broker = os.environ.get("REDIS_URL")
    assert broker, "the Celery tests need REDIS_URL (make test provisions Redis)"
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "communityops.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_BROKER_URL": broker,
        "DATABASE_URL": _database_url(connection.settings_dict),
    }
    previous = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = broker
    settings.CELERY_TASK_ALWAYS_EAGER = False
    procs: list[subprocess.Popen] = []

    def start(**extra_env: str) -> subprocess.Popen:
        name = f"test-{os.getpid()}-{len(procs)}@localhost"
        proc = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "celery", "-A", "communityops", "worker", "--pool", "solo",
             "--loglevel", "WARNING", "--without-heartbeat", "--without-gossip", "--without-mingle", "-n", name],
            cwd=ROOT, env={**base_env, **extra_env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        procs.append(proc)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(proc.stdout.read().decode())
            if app.control.ping(destination=[name], timeout=0.5):
                return proc
        raise RuntimeError("Celery worker did not answer within 60 s")

    try:
        yield start
    finally:
        app.conf.task_always_eager, app.conf.broker_url = previous
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()


@pytest.fixture
def celery_worker(worker_factory):
    """One real Celery worker process (see `worker_factory`)."""
    return worker_factory()


def _database_url(settings_dict) -> str:
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user = settings_dict.get("USER") or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    return (
        f"postgres://{user}{password}@{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"
    )


# --- browser journeys: Playwright driving Debian's Chromium ---------------------------------
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1366, "height": 900}}


SCREENSHOTS = ROOT / "screenshots"


@pytest.fixture
def browser_login(page, live_server):
    """`browser_login(user)` signs `user` in through the login page (factories' password),
    after signing out whoever was signed in."""

    def login(user):
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit].w-100")
        page.wait_for_load_state()

    return login


@pytest.fixture
def screenshot(page):
    """`screenshot("name")` saves a PNG of the current page under screenshots/."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(name: str):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests on a real transaction (`transactional_db`: live server, Celery workers) run last,
    as Django's own runner orders TransactionTestCase after TestCase: they end by emptying the
    database, rows the migrations put there included, which later tests may rely on.
    pytest-django orders by the `django_db` marker only, so a test reaching the database through a
    fixture alone would otherwise run after them."""

    def transactional(item) -> bool:
        marker = item.get_closest_marker("django_db")
        fixtures = set(getattr(item, "fixturenames", ()))
        return bool(marker and marker.kwargs.get("transaction")) or bool(
            fixtures & {"transactional_db", "live_server"}
        )

    items.sort(key=transactional)


def pytest_sessionfinish(session, exitstatus):
    """Under CI a skipped test is a failure: nothing may silently not run."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if os.environ.get("CI") == "true" and reporter and reporter.stats.get("skipped"):
        reporter.write_line(
            f"CI: {len(reporter.stats['skipped'])} skipped test(s) count as failures", red=True
        )
        session.exitstatus = 1
