import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from burden.calculations import burden_report
from tasks.models import AccessRequest

pytestmark = pytest.mark.django_db


def test_seed_demo_brings_requests_in_every_state_and_keeps_the_survey():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent
    statuses = sorted(AccessRequest.objects.values_list("status", flat=True))
    assert statuses == ["approved", "blocked", "submitted"]
    blocked = AccessRequest.objects.get(status="blocked")
    assert blocked.findings.filter(kind="negative_list").exists()
    tasks = burden_report(scope="all", year=timezone.localdate().year)["tasks"]
    assert (tasks["departments"], tasks["items"], tasks["administrative_items"]) == (26, 215, 170)
