"""communityops.api.CompiledRepresentation gives exactly DRF's output, for every serializer that
uses it, on the demo's rows (nulls, decimals, dates, choices, relations and method fields)."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import get_resolver
from rest_framework import serializers

from communityops.api import CompiledRepresentation
from organisation.api.serializers import CommunitySerializer
from tasks.api.serializers import TaskItemSerializer, WorkLogSerializer
from tasks.models import WorkLog

pytestmark = pytest.mark.django_db


def compiled_serializers():
    get_resolver().url_patterns  # import every app's API modules  # noqa: B018
    found, todo = [], list(CompiledRepresentation.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if (
            getattr(getattr(cls, "Meta", None), "model", None) is not None  # not an abstract base
            and cls.to_representation is CompiledRepresentation.to_representation  # not drf_output's
        ):
            found.append(cls)
    return sorted(found, key=lambda cls: cls.__qualname__)


def drf_output(cls, rows, **kwargs):
    """What DRF itself gives: the same serializer with Serializer.to_representation."""
    plain = type(
        f"Plain{cls.__name__}", (cls,), {"to_representation": serializers.Serializer.to_representation}
    )
    return plain(rows, many=True, **kwargs).data


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def test_every_list_serializer_of_the_api_uses_it():
    names = {cls.__name__ for cls in compiled_serializers()}
    assert {
        "WorkLogSerializer",
        "TaskItemSerializer",
        "CommunitySerializer",
        "CertificateRecordSerializer",
    } <= names


def test_same_output_as_drf_for_every_serializer(demo, rf):
    request = rf.get("/api/v1/", HTTP_HOST="portal.example")
    compared = {}
    for cls in compiled_serializers():
        model = cls.Meta.model
        rows = list(model._default_manager.order_by("pk")[:300])
        ours = cls(rows, many=True, context={"request": request}).data
        assert ours == drf_output(cls, rows, context={"request": request}), cls.__name__
        compared[cls.__name__] = len(rows)
    empty = sorted(name for name, n in compared.items() if not n)
    assert compared["WorkLogSerializer"] >= 300
    # Every register's serializer met real rows; only a few catalogs are empty in the demo.
    assert len(empty) <= len(compared) // 3, empty


def test_hot_lists_read_every_field_from_its_column():
    for cls in (WorkLogSerializer, TaskItemSerializer, CommunitySerializer):
        model, steps, lookups = cls()._plan_representation()
        assert [name for name, read, _ in steps if read is None] == [], cls.__name__
        assert lookups is not None and len(lookups) == len(steps), cls.__name__


def test_named_rows_give_the_same_output_as_models(demo, rf):
    """Every serializer that can read named rows gives, from them, DRF's output of the models."""
    request = rf.get("/api/v1/", HTTP_HOST="portal.example")
    compared = []
    for cls in compiled_serializers():
        lookups = cls.row_lookups()
        if lookups is None:
            continue
        queryset = cls.Meta.model._default_manager.order_by("pk")
        models = list(queryset[:300])
        rows = list(queryset.values_list(*lookups, named=True)[:300])
        ours = cls(rows, many=True, context={"request": request}).data
        assert ours == drf_output(cls, models, context={"request": request}), cls.__name__
        compared.append(cls.__name__)
    assert {"WorkLogSerializer", "AssignmentSerializer", "TaskItemSerializer", "CommunitySerializer"} <= set(
        compared
    )


def test_rows_only_when_every_field_is_a_column_and_the_key_is_read(world):
    from tasks.models import TaskItem

    class WithMethod(CompiledRepresentation, serializers.ModelSerializer):
        label = serializers.SerializerMethodField()

        class Meta:
            model = TaskItem
            fields = ["id", "code", "label"]

        def get_label(self, item):
            return item.code

    class WithoutKey(CompiledRepresentation, serializers.ModelSerializer):
        class Meta:
            model = TaskItem
            fields = ["code", "name"]

    assert WithMethod.row_lookups() is None
    assert WithoutKey.row_lookups() is None
    assert WorkLogSerializer.row_lookups()[:3] == ("id", "community_id", "community__code")


def test_a_row_of_other_columns_is_not_taken_for_one_of_ours(world):
    entry = WorkLog.objects.create(community=world.community, date="2025-03-04", category="task", hours=1)
    other = WorkLog.objects.filter(pk=entry.pk).values_list("id", "hours", named=True).get()
    ours = WorkLogSerializer(other).data  # DRF's own steps, which look the fields up by name
    assert ours == drf_output(WorkLogSerializer, [other])[0]
    assert (ours["id"], ours["hours"]) == (entry.pk, "1.00") and "community" not in ours


def test_nulls_decimals_and_dates_match_drf(world):
    entry = WorkLog.objects.create(
        community=world.community, date="2025-03-04", category="other", hours=Decimal("1.50"), note=""
    )
    entry.refresh_from_db()
    ours = WorkLogSerializer(entry).data
    assert ours == drf_output(WorkLogSerializer, [entry])[0]
    assert (ours["department"], ours["task_item"], ours["hours"], ours["date"]) == (
        None,
        None,
        "1.50",
        "2025-03-04",
    )
    assert ours["community_code"] == world.community.code


def test_validated_data_is_represented_as_drf_does(world):
    serializer = CommunitySerializer(data={"code": "X1", "name": "新社区", "street": world.street.pk})
    assert serializer.is_valid(), serializer.errors
    assert serializer.data["name"] == "新社区" and serializer.data["street"] == world.street.pk


def test_the_plan_keeps_no_serializer_or_request_alive(world, rf):
    import gc
    import weakref

    if "_representation_plan" in vars(WorkLogSerializer):  # planned by an earlier test: plan again
        del WorkLogSerializer._representation_plan
    request = rf.get("/api/v1/work-logs/")
    rows = [WorkLog.objects.create(community=world.community, date="2025-03-04", category="task", hours=1)]
    serializer = WorkLogSerializer(rows, many=True, context={"request": request})
    assert serializer.data[0]["hours"] == "1.00"
    gone = weakref.ref(serializer), weakref.ref(request)
    del serializer, request
    gc.collect()
    assert [ref() for ref in gone] == [None, None]
