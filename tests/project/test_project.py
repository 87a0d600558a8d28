"""Project-level promises: deploy checks, health, the compose file, the API schema."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_check_deploy():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "communityops.settings.production",
        "SECRET_KEY": "x" * 60 + "-production-like-secret-key-with-entropy-9f8e7d6c",
        "ALLOWED_HOSTS": "portal.example.gov.cn",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "FIELD_ENCRYPTION_KEY": "Y29tbXVuaXR5b3BzLXByb2QtbGlrZS1rZXktMDAwMSE=",
        "FIELD_HASH_KEY": "production-like-field-hash-key",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_broker():
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CELERY_BROKER_URL")}
    env.update(DJANGO_SETTINGS_MODULE="communityops.settings.production", SECRET_KEY="x" * 64)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "CELERY_BROKER_URL" in result.stderr


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client, settings):
    from communityops.celery import app

    assert os.environ.get("REDIS_URL"), "make test provisions Redis"
    app.conf.task_always_eager = False
    try:
        response = client.get("/healthz")
    finally:
        app.conf.task_always_eager = True
    assert response.status_code == 200, response.json()
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_can_check_a_worker_round_trip(client, celery_worker):
    response = client.get("/healthz?worker=1")
    assert response.status_code == 200, response.json()
    assert response.json()["worker"] == "ok"


@pytest.mark.django_db
def test_healthz_reports_a_broker_that_is_down(client):
    from communityops.celery import app

    previous = app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        app.conf.task_always_eager = True
        app.conf.broker_url = previous
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")


def test_compose_file_names_the_services():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert {"web", "worker", "beat", "db", "redis"} <= set(compose["services"])
    for name in ("web", "db", "redis", "worker"):
        assert "healthcheck" in compose["services"][name], name
    assert "gunicorn" in compose["services"]["web"]["command"]
    assert "beat" in compose["services"]["beat"]["command"]
    assert {"pgdata", "redisdata"} <= set(compose["volumes"])


@pytest.mark.django_db
def test_openapi_schema_is_served(world, client_for):
    response = client_for(world.users["district_admin"]).get("/api/schema/?format=json")
    assert response.status_code == 200
    assert "/api/v1/communities/" in response.json()["paths"]


def test_committed_schema_is_current():
    """The committed OpenAPI schema (schema.yml) matches the code: API changes are reviewed."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "spectacular", "--format", "openapi"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        # Integer bounds in the schema follow the database; the committed file is SQLite's.
        env={
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "DJANGO_SETTINGS_MODULE": "communityops.settings.test",
        },
    )
    committed = (ROOT / "schema.yml").read_text()
    assert result.stdout == committed, "run `make schema` and commit schema.yml"


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    """JIT compiled a street's one-statement burden report for as long as the report ran
    (benchmarks/README.md); the portal's connections turn it off (settings POSTGRES_JIT)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
