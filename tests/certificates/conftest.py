import pytest

from certificates import services
from certificates.services import certificate_catalog_load

from .factories import CertificateKindFactory, id_number


@pytest.fixture
def catalog(db):
    """The default catalog (seeds 000 and 001)."""
    certificate_catalog_load()
    from certificates.models import CertificateKind

    return {k.code: k for k in CertificateKind.objects.all()}


@pytest.fixture
def kind_a(db):
    return CertificateKindFactory(code="TA1", name="社区居住证明", cert_class="A", pledge_allowed=True)


@pytest.fixture
def kind_b(db):
    return CertificateKindFactory(
        code="TB1",
        name="亲属关系证明",
        cert_class="B",
        required_evidence="户口簿\n结婚证",
        pledge_allowed=True,
    )


@pytest.fixture
def kind_c(db):
    return CertificateKindFactory(
        code="TC1", name="唯一住房证明", cert_class="C", responsible_authority="不动产登记中心"
    )


@pytest.fixture
def issued(world, kind_a):
    return services.certificate_issue(
        by=world.users["community_staff"],
        kind_id=kind_a.pk,
        applicant_name="张三",
        applicant_id_number=id_number(),
    )
