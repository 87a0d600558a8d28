"""API conventions shared by every app."""

import copy
from operator import attrgetter

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's handler, plus Django's ValidationError (raised by services) as a 400 with fields."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    return drf_exception_handler(exc, context)


class CompiledRepresentation:
    """Serializer mixin: DRF's ``to_representation``, planned once per class instead of per row.

    DRF resolves every field of every row generically: it walks ``_readable_fields``, calls
    ``get_attribute`` (with its checks for callables and mappings) and then the field's
    ``to_representation``. For a page of 50 rows that is half of a list request's time. A
    field whose source is a column of the model (or of a model reached through non-null
    foreign keys) is read here with ``operator.attrgetter`` and converted with the field's own
    ``to_representation`` (or ``str``/``int``/``bool`` where that is all the field does); a
    ``PrimaryKeyRelatedField`` reads the foreign key's column. Any other field (methods,
    annotations, properties, nested serializers) goes through DRF's own steps, so the output
    is the same as DRF's, which ``tests/quality/test_compiled_representation.py`` checks for
    every serializer that uses this.

    The plan is made from the first instance's fields, so the set of fields must not depend on
    the context (no ``get_fields`` override or ``__init__`` that adds or drops fields); the
    conversions it keeps read nothing but the value.

    When every field is read from a column, the serializer also represents the named rows of
    ``queryset.values_list(*Serializer.row_lookups(), named=True)`` (see ``RowListMixin``):
    the same output, without building model instances.
    """

    @classmethod
    def row_lookups(cls) -> tuple[str, ...] | None:
        """The ORM lookups whose named rows this serializer can represent, or None."""
        return cls._plan()[2]

    @classmethod
    def _plan(cls, serializer=None) -> tuple:
        plan = cls.__dict__.get("_representation_plan")
        if plan is None:
            plan = (cls() if serializer is None else serializer)._plan_representation()
            cls._representation_plan = plan
        return plan

    def to_representation(self, instance):
        model, steps, lookups = self._plan(self)
        if lookups is not None and isinstance(instance, tuple) and instance._fields == lookups:
            return {
                name: None if value is None else convert(value)
                for (name, _, convert), value in zip(steps, instance, strict=True)
            }
        if model is None or not isinstance(instance, model):  # e.g. validated data, a dict
            return super().to_representation(instance)
        ret = {}
        for name, read, convert in steps:
            if read is None:  # DRF's own steps, with this serializer's field (and its context)
                field = self.fields[name]
                try:
                    attribute = field.get_attribute(instance)
                except SkipField:
                    continue
                check = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
                ret[name] = None if check is None else field.to_representation(attribute)
            else:
                value = read(instance)
                ret[name] = None if value is None else convert(value)
        return ret

    def _plan_representation(self) -> tuple:
        model = getattr(getattr(self, "Meta", None), "model", None)
        if model is None:
            return None, (), None
        steps, lookups = [], []
        for field in self._readable_fields:
            read, convert, lookup = _column_reader(model, field) or (None, None, None)
            steps.append((field.field_name, read, convert))
            lookups.append(lookup)
        # Every field from a column, each once, the primary key among them (so that a DISTINCT
        # query gives as many rows as it would give models).
        complete = (
            None not in lookups and len(set(lookups)) == len(lookups) and model._meta.pk.attname in lookups
        )
        return model, tuple(steps), tuple(lookups) if complete else None


def _identity(value):
    return value


# Field classes whose to_representation is a plain builtin conversion of a column's value.
_BUILTIN_CONVERSIONS = {
    serializers.CharField: str,
    serializers.IntegerField: int,
    serializers.BooleanField: bool,
    serializers.ReadOnlyField: _identity,
}
# Field classes whose to_representation reads nothing but the value (not the context).
_PURE_CONVERSIONS = (
    serializers.BigIntegerField,
    serializers.ChoiceField,
    serializers.DateField,
    serializers.DateTimeField,
    serializers.DecimalField,
    serializers.FloatField,
    serializers.EmailField,
    serializers.URLField,
)


def _column_reader(model, field):
    """(read, convert, ORM lookup) for a field backed by a column, else None (DRF's steps)."""
    if field.source == "*" or not field.source_attrs:
        return None
    *hops, last = field.source_attrs
    for attr in hops:  # non-null foreign keys only: DRF would skip the field on a null one
        try:
            relation = model._meta.get_field(attr)
        except FieldDoesNotExist:
            return None
        if not (relation.many_to_one or relation.one_to_one) or not relation.concrete or relation.null:
            return None
        model = relation.related_model
    try:
        column = model._meta.get_field(last)
    except FieldDoesNotExist:
        return None
    if not column.concrete:
        return None
    kind = type(field)
    if column.is_relation and last != column.attname:  # the related object, not its id
        if (
            kind is serializers.PrimaryKeyRelatedField
            and field.pk_field is None
            and column.target_field.primary_key
        ):
            path = [*hops, column.attname]
            return attrgetter(".".join(path)), _identity, "__".join(path)
        return None
    lookup = "__".join(field.source_attrs)
    if kind in _BUILTIN_CONVERSIONS:
        return attrgetter(field.source), _BUILTIN_CONVERSIONS[kind], lookup
    if kind in _PURE_CONVERSIONS:  # an unbound copy: the plan must not hold this request's serializer
        return attrgetter(field.source), copy.deepcopy(field).to_representation, lookup
    return None


class RowListMixin:
    """ViewSet mixin: a list page is read as named rows, not model instances.

    Building a model instance per row (and one per joined row) is most of what a page of 50
    rows costs once the query is sent. When the list serializer (a ``CompiledRepresentation``)
    reads every field from a column, the page is read with ``values_list(..., named=True)``
    over exactly those columns and represented from the rows; otherwise nothing changes. The
    pagination class must read rows by field name (e.g. ``row.id``, not ``row.pk``).
    """

    def paginate_queryset(self, queryset):
        serializer_class = self.get_serializer_class()
        lookups = getattr(serializer_class, "row_lookups", lambda: None)()
        if lookups is not None:
            queryset = queryset.values_list(*lookups, named=True)
        return super().paginate_queryset(queryset)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, minus the filter form when the request names no filter.

    Building a FilterSet means copying its filters, making a form class and a bound form, and
    scoping and styling its fields: about a fifth of a plain list request. Without any filter
    parameter every filter would leave the queryset as it is (django-filter skips empty
    values), so the queryset is returned unfiltered. Any parameter that a filter could read
    (its name, or its name with a widget suffix such as ``_after``) goes through the FilterSet
    as before, with its validation and field errors.
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not any(
            key == name or key.startswith(f"{name}_")
            for key in request.query_params
            for name in filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


def lib_doc_excludes() -> list:
    """drf-spectacular's classes whose docstrings never describe an API component, plus ours."""
    from drf_spectacular.plumbing import get_lib_doc_excludes

    return [*get_lib_doc_excludes(), CompiledRepresentation, RowListMixin]
