"""Factories for ledgers, report forms and the field dictionary."""

import datetime

import factory

from ledgers.models import LedgerBook, LedgerType, ReportForm, ReportSubmission
from tests.factories import CommunityFactory, DepartmentFactory


class LedgerTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LedgerType

    code = factory.Sequence(lambda n: f"L{n:03d}")
    name = factory.Sequence(lambda n: f"测试台账{n}")
    department = factory.SubFactory(DepartmentFactory)
    retention = "long"
    fields = factory.LazyFunction(lambda: ["姓名", "身份证号"])


class LedgerBookFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LedgerBook

    community = factory.SubFactory(CommunityFactory)
    ledger_type = factory.SubFactory(LedgerTypeFactory)
    year = 2025
    books = 1


class ReportFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportForm

    code = factory.Sequence(lambda n: f"R{n:03d}")
    name = factory.Sequence(lambda n: f"测试报表{n}")
    department = factory.SubFactory(DepartmentFactory)
    frequency = "monthly"
    fields = factory.LazyFunction(lambda: ["户数", "人口"])


class ReportSubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportSubmission

    community = factory.SubFactory(CommunityFactory)
    report_form = factory.SubFactory(ReportFormFactory)
    date = datetime.date(2025, 3, 5)
