"""The dashboard's tables give the report's numbers (the contract: rounded half-up, 0 for an
empty denominator), not Python's round-half-even on floats."""

import datetime
from decimal import Decimal

import pytest

from burden import selectors
from burden.calculations import burden_report
from organisation.models import Community
from tests.tasks.factories import WorkLogFactory

pytestmark = pytest.mark.django_db


def staffed(community, households, social_workers):
    community.households, community.social_workers = households, social_workers
    community.save()
    return community


def test_community_rows_round_half_up_as_the_report(world):
    community = staffed(world.community, 2005, 4)  # 501.25 households per social worker
    WorkLogFactory(community=community, date=datetime.date(2025, 3, 3), hours=Decimal(31), approved=True)
    WorkLogFactory(community=community, date=datetime.date(2025, 3, 4), hours=Decimal(1), approved=False)
    report = burden_report(scope=f"community:{community.code}", year=2025)
    (row,) = selectors.community_breakdown(communities=Community.objects.filter(pk=community.pk), year=2025)
    assert row["households_per_social_worker"] == report["staff"]["households_per_social_worker"] == 501.3
    assert row["unapproved_share"] == report["hours"]["unapproved_share"] == 3.13  # 1/32 = 3.125 %
    assert row["above_standard"] == 5  # 2005 households, 4 × 500 covered


def test_a_community_without_social_workers(world):
    community = staffed(world.sibling, 800, 0)
    report = burden_report(scope=f"community:{community.code}", year=2025)
    (row,) = selectors.community_breakdown(communities=Community.objects.filter(pk=community.pk), year=2025)
    assert row["households_per_social_worker"] == report["staff"]["households_per_social_worker"] == 0
    assert row["above_standard"] == 800  # none of its households is covered
    assert row["unapproved_share"] == 0  # no hours at all
