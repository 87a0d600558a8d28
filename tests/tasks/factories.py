"""Factories for the tasks app's tests."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from tasks.models import AccessRequest, ListClass, Nature, TaskAssignment, TaskItem, WorkLog
from tests.factories import CommunityFactory, DepartmentFactory


class TaskItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskItem

    code = factory.Sequence(lambda n: f"T{n:04d}")
    name = factory.Sequence(lambda n: f"测试事项{n}")
    department = factory.SubFactory(DepartmentFactory)
    list_class = ListClass.ASSISTING
    nature = Nature.SERVICE
    legal_basis = "《城市居民委员会组织法》第三条"
    funds_per_year = Decimal(1000)


class AccessRequestFactory(factory.django.DjangoModelFactory):
    """A complete draft that passes every automatic check."""

    class Meta:
        model = AccessRequest
        skip_postgeneration_save = True

    department = factory.SubFactory(DepartmentFactory)
    title = factory.Sequence(lambda n: f"准入事项{n}")
    legal_basis = "《社区服务条例》第五条"
    list_class = ListClass.ASSISTING
    nature = Nature.SERVICE
    target_mode = "chosen"
    frequency = "once"
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=70))
    hours_per_community = Decimal(4)
    funds_transferred = Decimal(5000)

    @factory.post_generation
    def communities(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.target_communities.set(extracted)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskAssignment

    community = factory.SubFactory(CommunityFactory)
    task_item = factory.SubFactory(TaskItemFactory)
    assigned_on = factory.LazyFunction(timezone.localdate)
    approved = True


class WorkLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkLog

    community = factory.SubFactory(CommunityFactory)
    date = factory.LazyFunction(timezone.localdate)
    department = factory.SubFactory(DepartmentFactory)
    category = "task"
    hours = Decimal(2)
