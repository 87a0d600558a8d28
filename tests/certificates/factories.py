"""Factories and helpers for the certificate tests."""

import factory
from django.utils import timezone

from certificates.models import CertificateKind, CertificateRecord
from certificates.services import id_number_check_char
from tests.factories import CommunityFactory


def id_number(body17: str = "11010519491231002") -> str:
    """A valid 18-character 公民身份号码 for the 17 leading digits."""
    return body17 + id_number_check_char(body17)


def bad_id_number(body17: str = "11010519491231002") -> str:
    """Same digits, wrong check character."""
    good = id_number_check_char(body17)
    return body17 + ("1" if good != "1" else "2")


class CertificateKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateKind

    code = factory.Sequence(lambda n: f"T{n:03d}")
    name = factory.Sequence(lambda n: f"测试证明{n}")
    requested_by = "测试单位"
    cert_class = "A"
    frequency = "frequent"
    responsible_authority = ""
    required_evidence = ""
    policy_basis = ""
    pledge_allowed = False


class CertificateRecordFactory(factory.django.DjangoModelFactory):
    """A counter row as the workbook import makes it (contract columns only)."""

    class Meta:
        model = CertificateRecord

    community = factory.SubFactory(CommunityFactory)
    kind = factory.SubFactory(CertificateKindFactory)
    date = factory.LazyFunction(timezone.localdate)
    outcome = "issued"
    count = 1
