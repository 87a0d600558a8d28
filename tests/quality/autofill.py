"""Build one valid row of any model with nothing but its field definitions, so the permission
matrix covers every register the apps define, including ones added later."""

import itertools
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from organisation.models import Community, Department

_serial = itertools.count(1)


def autofill(
    model, *, community: Community, department: Department, user, cache: dict | None = None, **overrides
):
    """Create one row of `model` in `community`, caused by `department`; catalogs it needs are
    created the same way (and reused through `cache`)."""
    cache = {} if cache is None else cache
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in overrides:
            continue
        if (
            field.has_default()
            or field.null
            or getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
        ):
            continue
        values[field.name] = _value(field, community=community, department=department, user=user, cache=cache)
    values.update(overrides)
    return model.objects.create(**values)


def _value(field, *, community, department, user, cache):
    n = next(_serial)
    if isinstance(field, models.ForeignKey):
        target = field.related_model
        if target is Community:
            return community
        if target is Department:
            return department
        if target is get_user_model():
            return user
        if target not in cache:
            cache[target] = autofill(
                target, community=community, department=department, user=user, cache=cache
            )
        return cache[target]
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, (models.IntegerField, models.PositiveIntegerField, models.SmallIntegerField)):
        return 2026 if "year" in field.name else 1
    if isinstance(field, models.DecimalField):
        return Decimal(1)
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return date.today()  # noqa: DTZ011
    if isinstance(field, models.JSONField):
        return []
    if isinstance(field, models.CharField):
        return f"Z{n}"[: field.max_length]
    if isinstance(field, models.TextField):
        return f"autofill {n}"
    raise NotImplementedError(
        f"autofill does not know {field.__class__.__name__} ({field.model.__name__}.{field.name})"
    )
