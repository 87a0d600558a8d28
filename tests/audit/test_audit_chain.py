import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditRecord
from audit.services import audit_record
from audit.tasks import audit_chain_verify_task

pytestmark = pytest.mark.django_db


def _three_records(user):
    for n in range(3):
        audit_record(actor=user, action="test.act", before={"n": n}, after={"n": n + 1}, reason=f"第{n}次")


def test_intact_chain_verifies(world, capsys):
    _three_records(world.users["district_admin"])
    call_command("verify_audit")
    assert "intact: 3 records" in capsys.readouterr().out


def test_changed_record_is_detected(world):
    _three_records(world.users["district_admin"])
    AuditRecord.objects.filter(pk=AuditRecord.objects.order_by("id")[1].pk).update(reason="篡改")
    with pytest.raises(CommandError):
        call_command("verify_audit")


def test_deleted_record_is_detected(world):
    _three_records(world.users["district_admin"])
    AuditRecord.objects.filter(pk=AuditRecord.objects.order_by("id")[1].pk).delete()
    with pytest.raises(CommandError):
        call_command("verify_audit")


def test_verification_runs_on_a_real_celery_worker(world, celery_worker):
    _three_records(world.users["district_admin"])
    assert audit_chain_verify_task.delay().get(timeout=30) == 0
    AuditRecord.objects.filter(pk=AuditRecord.objects.order_by("id")[0].pk).update(action="changed")
    assert audit_chain_verify_task.delay().get(timeout=30) == 1
