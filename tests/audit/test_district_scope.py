"""所属区 of audit records: a district admin reads only their district's trail (review finding:
another district's sign-in failures, a superuser's reveals there and a department officer's
acts in its communities were shown to every district admin)."""

import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from accounts.services import lockout_record, login_failure_audit
from audit.models import AuditRecord
from audit.selectors import audit_record_list
from audit.services import audit_chain_verify, audit_district_id, audit_record
from inspections import services as inspections
from tests.factories import CommunityFactory, DistrictFactory, StreetFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere(world):
    """District B (外区) with one community, its staff and its admin."""
    district = DistrictFactory(name="外区")
    community = CommunityFactory(street=StreetFactory(district=district), name="外区秘密社区")
    return {
        "district": district,
        "community": community,
        "staff": member("community_staff", community),
        "admin": member("district_admin", district),
    }


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True, username="root")


def _inspection(world, community, topic):
    return inspections.inspection_create(
        user=world.users["department_officer"],
        data={
            "community": community,
            "department": world.department,
            "topic": topic,
            "kind": "inspection",
            "date": datetime.date(2025, 5, 5),
            "count": 1,
        },
    )


def _export_text(client) -> str:
    response = client.get("/audit/export.xlsx")
    assert response.status_code == 200
    rows = load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    return "\n".join(" | ".join(str(c) for c in row if c is not None) for row in rows)


def test_another_districts_activity_is_not_in_the_trail(world, elsewhere, superuser, client, client_for, rf):
    """The reviewer's reproduction, for the page, the export and the selector."""
    b_staff = elsewhere["staff"]
    _inspection(world, elsewhere["community"], "外区专项督查XYZ")
    client.post("/login/", {"username": b_staff.username, "password": "wrong-password"})
    lockout_record(username=b_staff.username, request=rf.get("/login/"))
    audit_record(
        actor=superuser, action="personal_data.reveal", target=elsewhere["community"], reason="外区查看理由"
    )
    audit_record(actor=superuser, action="personal_data.reveal", reason="无区查看理由")
    audit_record(actor=superuser, action="personal_data.export", reason="无区导出理由")
    login_failure_audit(username="nobody-knows-me", request=rf.get("/login/"))
    # and this district's own, for contrast
    _inspection(world, world.community, "本区专项督查")
    login_failure_audit(username=world.users["community_staff"].username, request=rf.get("/login/"))

    a_admin = world.users["district_admin"]
    export = _export_text(client_for(a_admin))
    assert "外区" not in export and b_staff.username not in export
    assert "无区查看理由" not in export and "无区导出理由" not in export and "nobody-knows-me" not in export
    assert "本区专项督查" in export and world.users["community_staff"].username in export
    page = client_for(a_admin).get("/audit/").content.decode()
    assert "外区" not in page and "本区专项督查" in page

    def actions(user):
        return sorted(
            (r.action, r.reason or (r.after or {}).get("topic") or (r.after or {}).get("username"))
            for r in audit_record_list(user=user)
            if r.action not in ("auth.login", "audit.export")  # the test's own sign-ins and exports
        )

    assert actions(a_admin) == [
        ("auth.login_failed", world.users["community_staff"].username),
        ("inspection.create", "本区专项督查"),
    ]
    assert actions(elsewhere["admin"]) == [
        ("auth.locked_out", b_staff.username),
        ("auth.login_failed", b_staff.username),
        ("inspection.create", "外区专项督查XYZ"),
        ("personal_data.reveal", "外区查看理由"),
    ]
    everything = actions(superuser)
    assert ("personal_data.reveal", "无区查看理由") in everything
    assert ("personal_data.export", "无区导出理由") in everything
    assert ("auth.login_failed", "nobody-knows-me") in everything
    assert len(everything) == 9
    assert audit_chain_verify() == []


def test_acts_of_no_district_stay_shared(world, elsewhere, superuser):
    """Department officers' acts without a district target, the system's jobs and a superuser's
    other acts are every district's trail; a sign-in event without a district is not."""
    officer = world.users["department_officer"]
    audit_record(actor=officer, action="access.submit")
    audit_record(actor=None, action="system.job")
    audit_record(actor=superuser, action="audit.export")
    audit_record(actor=superuser, action="auth.login", target=superuser)
    for admin in (world.users["district_admin"], elsewhere["admin"]):
        seen = {(r.actor_id, r.action) for r in audit_record_list(user=admin)}
        assert seen == {(officer.pk, "access.submit"), (None, "system.job"), (superuser.pk, "audit.export")}
    assert (superuser.pk, "auth.login") in {(r.actor_id, r.action) for r in audit_record_list(user=superuser)}


def test_the_district_comes_from_the_target_then_the_actor(world, elsewhere, superuser):
    b = elsewhere["district"].pk
    a = world.district.pk
    officer = world.users["department_officer"]
    assert audit_district_id(actor=officer, target=elsewhere["community"]) == b
    assert audit_district_id(actor=officer, target=elsewhere["community"].street) == b
    assert audit_district_id(actor=officer, target=elsewhere["district"]) == b
    assert audit_district_id(actor=officer, target=elsewhere["staff"]) == b  # a user: their membership
    assert audit_district_id(actor=officer, target=elsewhere["staff"].membership) == b
    assert audit_district_id(actor=officer, target=_inspection(world, elsewhere["community"], "x")) == b
    assert audit_district_id(actor=world.users["community_staff"], target=elsewhere["community"]) == b
    assert audit_district_id(actor=world.users["community_staff"]) == a  # no target: the actor's
    assert audit_district_id(actor=world.users["street_supervisor"], target=world.department) == a
    assert audit_district_id(actor=officer, target=world.department) is None
    assert audit_district_id(actor=superuser) is None
    assert audit_district_id(actor=None) is None
    assert audit_record(actor=None, action="x", district=elsewhere["district"]).district_id == b
    assert audit_record(actor=None, action="x", district=a).district_id == a


def test_deriving_the_district_costs_at_most_one_query(world, elsewhere):
    officer = world.users["department_officer"]
    inspection = _inspection(world, elsewhere["community"], "x")

    def count(**kwargs):
        with CaptureQueriesContext(connection) as queries:
            audit_record(actor=officer, action="x", **kwargs)
        return len(queries)

    given = count(target=inspection, district=elsewhere["district"])
    assert count(target=inspection) <= given + 1
    assert count(target=world.department) <= given + 1  # no unit: the actor's membership


def test_the_backfill_sets_the_district_and_the_chain_still_verifies(world, elsewhere, superuser, rf):
    b, a = elsewhere["district"].pk, world.district.pk
    officer = world.users["department_officer"]
    in_b = _inspection(world, elsewhere["community"], "外区")
    gone = StreetFactory(district=elsewhere["district"])
    records = {
        "target_in_b": audit_record(actor=officer, action="t.a", target=in_b),
        "community_b": audit_record(
            actor=superuser, action="personal_data.reveal", target=elsewhere["community"]
        ),
        "actor_in_a": audit_record(
            actor=world.users["community_staff"], action="t.b", target=world.department
        ),
        "gone_target": audit_record(
            actor=world.users["street_supervisor"], action="t.c", target=world.department
        ),
        "user_b": audit_record(actor=elsewhere["staff"], action="auth.login", target=elsewhere["staff"]),
        "failed_b": AuditRecord.objects.none(),
        "unknown": AuditRecord.objects.none(),
        "officer": audit_record(actor=officer, action="access.submit"),
        "system": audit_record(actor=None, action="system.job"),
    }
    login_failure_audit(username=elsewhere["staff"].username, request=rf.get("/"))
    records["failed_b"] = AuditRecord.objects.get(action="auth.login_failed")
    lockout_record(username="nobody", request=rf.get("/"))
    records["unknown"] = AuditRecord.objects.get(action="auth.locked_out")
    gone.delete()  # a target no longer there: the actor's district
    AuditRecord.objects.update(district=None)  # as before the field existed

    migration = importlib.import_module("audit.migrations.0003_backfill_district")
    assert migration._target_districts(apps, "nosuch.model", {"1"}) == {}
    assert migration._target_districts(apps, "organisation.community", {"x", "0"}) == {}
    migration.CHUNK = 3  # several chunks
    migration.backfill(apps, None)

    got = {name: AuditRecord.objects.get(pk=r.pk).district_id for name, r in records.items()}
    assert got == {
        "target_in_b": b,
        "community_b": b,
        "actor_in_a": a,
        "gone_target": a,
        "user_b": b,
        "failed_b": b,
        "unknown": None,
        "officer": None,
        "system": None,
    }
    assert audit_chain_verify() == []
    seen = {r.pk for r in audit_record_list(user=world.users["district_admin"])}
    assert records["actor_in_a"].pk in seen and records["system"].pk in seen
    assert not seen & {records[n].pk for n in ("target_in_b", "community_b", "user_b", "failed_b", "unknown")}


def test_the_migration_runs_forwards(world, elsewhere):
    """The real migration, with the historical models, on a record without its district."""
    from django.db.migrations.executor import MigrationExecutor

    record = audit_record(actor=world.users["department_officer"], action="t", target=elsewhere["community"])
    AuditRecord.objects.update(district=None)
    executor = MigrationExecutor(connection)
    executor.migrate([("audit", "0002_auditrecord_district")])
    executor.loader.build_graph()
    executor.migrate([("audit", "0003_backfill_district")])
    record.refresh_from_db()
    assert record.district_id == elsewhere["district"].pk
    assert audit_chain_verify() == []
