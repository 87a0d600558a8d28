"""Form and FilterSet bases: Bootstrap widgets everywhere, and choice lists scoped to the user."""

import functools

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from organisation.scoping import ScopedQuerySet


def bootstrap_widgets(fields) -> None:
    """Give every widget the Bootstrap class its type needs."""
    for field in fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput,)):
            css = "form-check-input"
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            css = "form-select"
            if _plain_options(widget):
                widget.template_name = "widgets/select.html"
        elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            continue
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        if isinstance(widget, forms.DateInput):
            widget.input_type = "date"
            widget.format = "%Y-%m-%d"


def _plain_options(widget) -> bool:
    """The widget's <option>s carry no attribute but ``selected`` (Django's own Select)."""
    return (
        widget.template_name in ("django/forms/widgets/select.html",)
        and widget.option_template_name == "django/forms/widgets/select_option.html"
        and not widget.option_inherits_attrs
        and type(widget).create_option is forms.Select.create_option
    )


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """Django's choice iterator, reading the rows in one query.

    Django's reads them with ``QuerySet.iterator()``, which on PostgreSQL is a server-side
    cursor: DECLARE, FETCH and CLOSE, three round trips for a list of a few dozen names.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():  # a fresh query each time the choices are read
            yield self.choice(obj)


@functools.cache
def _listed(iterator_class: type) -> type:
    """``iterator_class`` reading its rows as ListedChoiceIterator does (e.g. django-filter's,
    which adds its null choice around Django's)."""
    if iterator_class is forms.models.ModelChoiceIterator:
        return ListedChoiceIterator
    if issubclass(iterator_class, ListedChoiceIterator) or not issubclass(
        iterator_class, forms.models.ModelChoiceIterator
    ):
        return iterator_class
    return type(f"Listed{iterator_class.__name__}", (iterator_class, ListedChoiceIterator), {})


def scope_choices(fields, user) -> None:
    """Limit every model choice list to what the user may see (no names leak through filters)."""
    for field in fields.values():
        queryset = getattr(field, "queryset", None)
        if user is not None and isinstance(queryset, ScopedQuerySet):
            field.queryset = queryset.visible_to(user)
        if isinstance(field, forms.ModelChoiceField) and field.iterator is not _listed(field.iterator):
            field.iterator = _listed(field.iterator)
            field.widget.choices = field.choices  # the widget holds the iterator it was given


YES_NO_ANY = [("", _("全部")), ("true", _("是")), ("false", _("否"))]


class ScopedFilterSet(django_filters.FilterSet):
    """Base of every FilterSet: shared by the HTML list and the API endpoint."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        scope_choices(self.form.fields, user)
        for field in self.form.fields.values():
            if isinstance(field, forms.NullBooleanField):
                field.widget = forms.Select(choices=YES_NO_ANY)  # not Django's "未知/是/否"
        bootstrap_widgets(self.form.fields)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = (
                field.widget.attrs.get("class", "")
                .replace("form-control", "form-control form-control-sm")
                .replace("form-select", "form-select form-select-sm")
            )


class ScopedForm(forms.Form):
    """Base of plain forms: Bootstrap widgets, choices scoped to `user`."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        scope_choices(self.fields, user)
        bootstrap_widgets(self.fields)


class ScopedModelForm(forms.ModelForm):
    """Base of model forms: Bootstrap widgets, choices scoped to `user`. Saving goes through a service."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        scope_choices(self.fields, user)
        bootstrap_widgets(self.fields)
