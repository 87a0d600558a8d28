"""Updates of real rows with values of every wrong shape: a 400 (or 200), never a 500."""

import pytest

from tests.inspections.test_api_update_robustness import probe_updates

from .factories import AccessRequestFactory, TaskItemFactory

pytestmark = pytest.mark.django_db


def test_task_item_updates_never_500(world, api_for):
    item = TaskItemFactory(department=world.department)
    probe_updates(api_for(world.users["district_admin"]), f"/api/v1/catalog/items/{item.pk}/")


def test_access_request_draft_updates_never_500(world, api_for):
    draft = AccessRequestFactory(department=world.department, communities=[world.community])
    probe_updates(api_for(world.users["department_officer"]), f"/api/v1/access-requests/{draft.pk}/")
