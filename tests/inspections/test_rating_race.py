"""Two saves of the same 民主评议 at once: the second is refused with the field message, not a 500."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models.signals import pre_save

from inspections import services
from inspections.models import DepartmentRating


def _data(world, score):
    return {
        "community": world.community,
        "department": world.department,
        "year": 2025,
        "scale": "hundred",
        "score": Decimal(score),
        "comment": "材料要求过多",
    }


def _insert_twin_elsewhere(world):
    """The twin rating, saved and committed by another connection (as a second request would)."""

    def run():
        try:
            DepartmentRating.objects.bulk_create(
                [
                    DepartmentRating(
                        community=world.community,
                        department=world.department,
                        year=2025,
                        score=Decimal(60),
                        score_100=Decimal(60),
                    )
                ]
            )
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


@pytest.mark.django_db(transaction=True)
def test_a_twin_saved_between_the_check_and_the_save_is_a_field_error(world):
    """The service checked (no rating yet); before it saves, another request's rating is committed:
    the unique constraint refuses this one, and the service says so as it says for a plain duplicate."""

    def twin_first(sender, instance, **kwargs):
        pre_save.disconnect(twin_first, sender=DepartmentRating)
        _insert_twin_elsewhere(world)

    pre_save.connect(twin_first, sender=DepartmentRating)
    try:
        with pytest.raises(ValidationError) as excinfo:
            services.department_rating_create(user=world.users["community_head"], data=_data(world, 90))
    finally:
        pre_save.disconnect(twin_first, sender=DepartmentRating)
    assert "每年只能评议一次" in excinfo.value.message_dict["department"][0]
    assert DepartmentRating.objects.count() == 1
    assert DepartmentRating.objects.get().score == Decimal(60)  # the first one stands


@pytest.mark.django_db(transaction=True)
def test_the_page_answers_with_the_field_message(world, client_for):
    """On the quick-entry page the race gives the form back with the message (no server error)."""

    def twin_first(sender, instance, **kwargs):
        pre_save.disconnect(twin_first, sender=DepartmentRating)
        _insert_twin_elsewhere(world)

    pre_save.connect(twin_first, sender=DepartmentRating)
    try:
        response = client_for(world.users["community_head"]).post(
            "/inspections/ratings/new/",
            {
                "community": world.community.pk,
                "department": world.department.pk,
                "year": 2025,
                "scale": "hundred",
                "score": "90",
                "comment": "材料要求过多",
            },
        )
    finally:
        pre_save.disconnect(twin_first, sender=DepartmentRating)
    assert response.status_code in (200, 400)
    assert "每年只能评议一次" in response.content.decode()
    assert DepartmentRating.objects.count() == 1
