"""Factories for the inspection registers."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from inspections.models import (
    DepartmentRating,
    EmergencyReport,
    Inspection,
    InspectionTopic,
    Meeting,
    Platform,
    PlatformUsage,
    ResponsibilityPledge,
    Signboard,
    TemporaryTask,
)
from tests.factories import CommunityFactory, DepartmentFactory


def today():
    return timezone.localdate()


class RecordFactory(factory.django.DjangoModelFactory):
    community = factory.SubFactory(CommunityFactory)
    department = factory.SubFactory(DepartmentFactory)


class InspectionFactory(RecordFactory):
    class Meta:
        model = Inspection

    topic = "消防安全检查"
    kind = Inspection.Kind.INSPECTION
    date = factory.LazyFunction(today)
    prep_hours = Decimal(4)


class PlannedInspectionFactory(InspectionFactory):
    status = Inspection.Status.PLANNED
    date = factory.LazyFunction(lambda: today() + datetime.timedelta(days=7))


class InspectionTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionTopic

    code = factory.Sequence(lambda n: f"T{n:03d}")
    name = factory.Sequence(lambda n: f"检查事项{n}")
    family = "safety"


class MeetingFactory(RecordFactory):
    class Meta:
        model = Meeting

    date = factory.LazyFunction(today)
    hours = Decimal(2)


class TemporaryTaskFactory(RecordFactory):
    class Meta:
        model = TemporaryTask

    date = factory.LazyFunction(today)
    kind = TemporaryTask.Kind.BLOOD
    hours = Decimal(3)


class SignboardFactory(RecordFactory):
    class Meta:
        model = Signboard

    name = factory.Sequence(lambda n: f"牌子{n}")


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Platform

    code = factory.Sequence(lambda n: f"P{n:03d}")
    name = factory.Sequence(lambda n: f"平台{n}")
    department = factory.SubFactory(DepartmentFactory)
    fields = ["姓名", "身份证号"]


class PlatformUsageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlatformUsage

    community = factory.SubFactory(CommunityFactory)
    platform = factory.SubFactory(PlatformFactory)
    year = factory.LazyFunction(lambda: today().year)
    hours = Decimal(24)


class PledgeFactory(RecordFactory):
    class Meta:
        model = ResponsibilityPledge

    matter = "消防安全目标责任书"
    year = factory.LazyFunction(lambda: today().year)
    signed_on = factory.LazyFunction(today)


class EmergencyReportFactory(RecordFactory):
    class Meta:
        model = EmergencyReport

    title = "居民楼火情"
    incident_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=3))
    reported_at = factory.LazyAttribute(lambda o: o.incident_at + datetime.timedelta(minutes=30))


class DepartmentRatingFactory(RecordFactory):
    class Meta:
        model = DepartmentRating

    year = factory.LazyFunction(lambda: today().year)
    score = Decimal(80)
    score_100 = factory.LazyAttribute(lambda o: o.score)
