"""Records of each register in the `world`: one in the community, one in the sibling, one in
the other street; all caused by `world.department` except the other street's."""

import pytest

from .factories import (
    DepartmentRatingFactory,
    EmergencyReportFactory,
    InspectionFactory,
    MeetingFactory,
    PlatformFactory,
    PlatformUsageFactory,
    PledgeFactory,
    SignboardFactory,
    TemporaryTaskFactory,
)

RECORD_FACTORIES = {
    "inspections": InspectionFactory,
    "meetings": MeetingFactory,
    "temporary-tasks": TemporaryTaskFactory,
    "signboards": SignboardFactory,
    "pledges": PledgeFactory,
    "emergency-reports": EmergencyReportFactory,
    "department-ratings": DepartmentRatingFactory,
}


@pytest.fixture
def records(world):
    """endpoint → {"own", "sibling", "other"}: rows in the community, its sibling, the other street."""
    made = {}
    for endpoint, factory in RECORD_FACTORIES.items():
        made[endpoint] = {
            "own": factory(community=world.community, department=world.department),
            "sibling": factory(community=world.sibling, department=world.department),
            "other": factory(community=world.other_community, department=world.other_department),
        }
    platform, other_platform = (
        PlatformFactory(department=world.department),
        PlatformFactory(department=world.other_department),
    )
    made["platform-usages"] = {
        "own": PlatformUsageFactory(community=world.community, platform=platform),
        "sibling": PlatformUsageFactory(community=world.sibling, platform=platform),
        "other": PlatformUsageFactory(community=world.other_community, platform=other_platform),
    }
    return made
