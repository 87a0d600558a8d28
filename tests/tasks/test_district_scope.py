"""准入 requests of another district: a district admin neither sees nor decides them
(list, detail, API, every decision service)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tasks import services
from tasks.models import AccessRequest, TaskAssignment
from tests.factories import CommunityFactory, DistrictFactory, StreetFactory

from .factories import AccessRequestFactory

pytestmark = pytest.mark.django_db
S = AccessRequest.Status


@pytest.fixture
def elsewhere(world):
    """A community of a second district."""
    return CommunityFactory(street=StreetFactory(district=DistrictFactory(name="另一区")))


def submitted(world, communities, **kwargs):
    req = AccessRequestFactory(department=world.department, communities=communities, **kwargs)
    return services.access_request_submit(request_id=req.pk, by=world.users["department_officer"])


def test_list_and_detail_hide_another_districts_request(world, elsewhere, client_for):
    own = submitted(world, [world.community])
    foreign = submitted(world, [elsewhere])
    client = client_for(world.users["district_admin"])
    page = client.get(reverse("tasks:request_list")).content.decode()
    assert own.title in page and foreign.title not in page
    assert client.get(reverse("tasks:request_detail", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("tasks:request_detail", args=[own.pk])).status_code == 200
    post = client.post(
        reverse("tasks:request_detail", args=[foreign.pk]), {"action": "approve", "reason": "同意"}
    )
    assert post.status_code == 404
    assert AccessRequest.objects.get(pk=foreign.pk).status == S.SUBMITTED


def test_api_hides_another_districts_request(world, elsewhere, api_for):
    own = submitted(world, [world.community])
    foreign = submitted(world, [elsewhere])
    admin = api_for(world.users["district_admin"])
    ids = {row["id"] for row in admin.get("/api/v1/access-requests/").json()["results"]}
    assert ids == {own.pk}
    assert admin.get(f"/api/v1/access-requests/{foreign.pk}/").status_code == 404
    for action in ("approve", "reject", "return"):
        response = admin.post(f"/api/v1/access-requests/{foreign.pk}/{action}/", {"reason": "x"})
        assert response.status_code == 404
    assert AccessRequest.objects.get(pk=foreign.pk).status == S.SUBMITTED
    assert not TaskAssignment.objects.filter(access_request=foreign).exists()


@pytest.mark.parametrize(
    ("start", "action"),
    [(S.SUBMITTED, "approve"), (S.SUBMITTED, "reject"), (S.SUBMITTED, "return"), (S.APPROVED, "revoke")],
)
def test_each_decision_on_another_districts_request_is_refused(world, elsewhere, start, action):
    foreign = AccessRequestFactory(department=world.department, communities=[elsewhere], status=start)
    with pytest.raises(AccessRequest.DoesNotExist):
        services.access_request_decide(
            request_id=foreign.pk, by=world.users["district_admin"], action=action, reason="x"
        )
    assert AccessRequest.objects.get(pk=foreign.pk).status == start


@pytest.mark.parametrize(
    ("start", "action"),
    [(S.SUBMITTED, "approve"), (S.SUBMITTED, "reject"), (S.SUBMITTED, "return"), (S.APPROVED, "revoke")],
)
def test_a_request_reaching_beyond_the_district_is_not_decided_by_it(world, elsewhere, start, action):
    """Seen (part of it is ours) but not decided: one target lies in another district."""
    mixed = AccessRequestFactory(
        department=world.department, communities=[world.community, elsewhere], status=start
    )
    assert AccessRequest.objects.visible_to(world.users["district_admin"]).filter(pk=mixed.pk).exists()
    with pytest.raises(ValidationError) as caught:
        services.access_request_decide(
            request_id=mixed.pk, by=world.users["district_admin"], action=action, reason="x"
        )
    assert "target_communities" in caught.value.message_dict
    assert AccessRequest.objects.get(pk=mixed.pk).status == start
    assert not TaskAssignment.objects.exists()


def test_superuser_still_decides_everything(world, elsewhere, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    foreign = submitted(world, [elsewhere])
    services.access_request_decide(request_id=foreign.pk, by=root, action="approve", reason="同意")
    assert TaskAssignment.objects.filter(access_request=foreign).count() == 1
