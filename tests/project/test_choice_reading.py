"""Reading choices on register pages: a column's choice label (communityops.views._part_reader)
and a filter's model choice list (communityops.forms.ListedChoiceIterator) give what Django
gives, with fewer translations and round trips."""

import django_filters
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from communityops.forms import ScopedFilterSet
from communityops.views import Column, _part_reader
from organisation.models import Department
from tasks.filtersets import WorkLogFilterSet
from tasks.models import WorkLog

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_choice_column_reads_the_label_django_gives(world, language):
    entry = WorkLog(community=world.community, date="2025-03-04", category="meeting", hours=1)
    with translation.override(language):
        assert Column("类别", "category").read(entry) == entry.get_category_display()
        assert Column("类别", "category").read(entry) == ("会议" if language == "zh-hans" else "Meetings")


def test_a_value_outside_the_choices_reads_as_itself(world):
    entry = WorkLog(community=world.community, date="2025-03-04", category="no-such", hours=1)
    assert Column("类别", "category").read(entry) == "no-such" == entry.get_category_display()


def test_a_display_method_of_its_own_is_called():
    class Row:
        status = "x"

        def get_status_display(self):
            return "自定义"

    assert Column("状态", "status").read(Row()) == "自定义"
    assert _part_reader(Row, "missing")(Row()) is None


def test_related_names_and_booleans_still_read(world):
    entry = WorkLog(community=world.community, date="2025-03-04", category="task", hours=1, approved=True)
    assert Column("社区", "community.name").read(entry) == world.community.name
    assert Column("经过准入", "approved").read(entry) == "是"
    assert Column("派出部门", "department.name").read(entry) == ""


def test_filter_choices_are_read_in_one_plain_query(world, rf):
    request = rf.get("/tasks/log/all/")
    request.user = world.users["district_admin"]
    form = WorkLogFilterSet(request.GET, queryset=WorkLog.objects.none(), request=request).form
    with CaptureQueriesContext(connection) as queries:
        html = str(form["department"])
    sql = [query["sql"] for query in queries.captured_queries]
    assert len(sql) == 1 and not any("DECLARE" in text or "CURSOR" in text for text in sql)
    for department in Department.objects.all():
        assert f'value="{department.pk}"' in html
    # the choices are still the scoped ones, read by django-filter's own iterator around ours
    field = form.fields["community"]
    offered = {int(str(value)) for value, _label in field.choices if value}
    assert offered == {world.community.pk, world.sibling.pk, world.other_community.pk}
    assert issubclass(field.iterator, django_filters.fields.ModelChoiceIterator)


def test_django_filters_null_choice_is_kept(world, rf):
    class WithNull(ScopedFilterSet):
        department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), null_label="无部门")

        class Meta:
            model = WorkLog
            fields = ["department"]

    request = rf.get("/")
    request.user = world.users["district_admin"]
    choices = list(
        WithNull(request.GET, queryset=WorkLog.objects.none(), request=request)
        .form.fields["department"]
        .choices
    )
    assert choices[:2] == [("", "---------"), ("null", "无部门")]
    assert len(choices) == 2 + Department.objects.count()


def test_a_forms_model_choices_are_read_in_one_plain_query(world):
    from django import forms

    from communityops.forms import ScopedForm

    class Pick(ScopedForm):
        department = forms.ModelChoiceField(queryset=Department.objects.all())

    form = Pick(user=world.users["community_staff"])
    with CaptureQueriesContext(connection) as queries:
        html = str(form["department"])
    assert len(queries.captured_queries) == 1 and "CURSOR" not in queries.captured_queries[0]["sql"]
    assert html.count("<option") == 1 + Department.objects.count()
