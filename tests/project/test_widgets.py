"""templates/widgets/select.html (its options written by communityops.widget_tags) writes the same
HTML as Django's select + select_option templates, for every select
communityops.forms.bootstrap_widgets gives it to."""

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from communityops.forms import bootstrap_widgets
from organisation.models import Department
from tasks.filtersets import WorkLogFilterSet

CHOICES = [
    ("", "全部"),
    ("a&b", '<"引号">'),
    (3, gettext_lazy("会议")),
    (2025, 12345),  # a number as label: localised as the template engine does
    ("safe", mark_safe("<b>粗</b>")),  # safe HTML stays as it is
    ("组", [("x", "甲"), ("y", "乙")]),
]


def both(widget, name, value):
    """(ours, Django's) HTML of the widget."""
    ours = widget.render(name, value, attrs={"id": f"id_{name}"})
    assert widget.template_name == "widgets/select.html"
    widget.template_name = "django/forms/widgets/select.html"
    django = widget.render(name, value, attrs={"id": f"id_{name}"})
    return ours, django


@pytest.mark.parametrize("value", [None, "", "a&b", 3, "y"])
def test_select(value):
    fields = {"f": forms.ChoiceField(choices=CHOICES, required=False)}
    bootstrap_widgets(fields)
    ours, django = both(fields["f"].widget, "f", value)
    assert ours == django and 'class="form-select"' in ours


def test_select_multiple():
    fields = {"f": forms.MultipleChoiceField(choices=CHOICES, required=False)}
    bootstrap_widgets(fields)
    ours, django = both(fields["f"].widget, "f", ["a&b", "x"])
    assert ours == django and ours.count(" selected") == 2


@pytest.mark.django_db
def test_a_filter_form_renders_as_with_django_templates(world, rf):
    request = rf.get("/", {"department": world.department.pk, "category": "meeting"})
    request.user = world.users["district_admin"]
    form = WorkLogFilterSet(request.GET, queryset=None, request=request).form
    selects = [f for f in form if isinstance(f.field.widget, forms.Select)]
    assert len(selects) >= 4 and Department.objects.exists()
    for bound in selects:
        ours = str(bound)
        bound.field.widget.template_name = "django/forms/widgets/select.html"
        assert ours == str(bound), bound.name


def test_selects_with_attributes_on_their_options_keep_djangos_templates():
    class Marked(forms.Select):
        def create_option(self, *args, **kwargs):
            option = super().create_option(*args, **kwargs)
            option["attrs"]["data-x"] = "1"
            return option

    fields = {"a": forms.ChoiceField(choices=CHOICES, widget=Marked)}
    bootstrap_widgets(fields)
    assert fields["a"].widget.template_name == "django/forms/widgets/select.html"
    assert 'data-x="1"' in fields["a"].widget.render("a", "x")


@pytest.mark.parametrize("value", [None, True, False])
def test_null_boolean_select(value):
    fields = {"f": forms.NullBooleanField()}
    bootstrap_widgets(fields)
    ours, django = both(fields["f"].widget, "f", value)
    assert ours == django
