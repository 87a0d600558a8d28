"""The restore drill: back up, restore into an empty database, and the audit chain and the
figures read from the restored database are identical."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from audit.services import audit_record

ROOT = Path(__file__).resolve().parents[2]


def _url(name: str) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER'] or 'postgres'}@{s['HOST']}:{s['PORT']}/{name}"


def _manage(database_url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "communityops.settings.test"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_give_identical_figures(world, tmp_path):
    assert connection.vendor == "postgresql", "the drill runs against PostgreSQL"
    for n in range(5):
        audit_record(
            actor=world.users["district_admin"], action="drill.act", target=world.community, after={"n": n}
        )
    source_url = _url(connection.settings_dict["NAME"])
    dump = (
        subprocess.run(  # noqa: S603
            ["scripts/backup.sh", "backup", str(tmp_path)],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": source_url},
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )

    restored = f"restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{restored}"')
    try:
        subprocess.run(  # noqa: S603
            ["scripts/backup.sh", "restore", dump],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": _url(restored)},
            capture_output=True,
            text=True,
            check=True,
        )
        assert "intact: 5 records" in _manage(_url(restored), "verify_audit")
        call_command("verify_audit")
        with psycopg.connect(source_url) as a, psycopg.connect(_url(restored)) as b:
            for table in ("audit_auditrecord", "organisation_community", "accounts_user"):
                query = f"SELECT md5(string_agg(t::text, ',' ORDER BY t.id)) FROM {table} t"  # noqa: S608
                assert a.execute(query).fetchone() == b.execute(query).fetchone(), table
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
