"""Updates of real rows with values of every wrong shape: a 400 (or 200), never a 500."""

import pytest

from tests.inspections.test_api_update_robustness import probe_updates

from .factories import CertificateKindFactory

pytestmark = pytest.mark.django_db


def test_certificate_kind_updates_never_500(world, api_for):
    kind = CertificateKindFactory()
    probe_updates(api_for(world.users["district_admin"]), f"/api/v1/certificate-kinds/{kind.pk}/")
