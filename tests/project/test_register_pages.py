"""The generic register page (communityops.views.RegisterListView) as its readers see it."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from organisation.navigation import nav_for
from organisation.scoping import scope_for
from tasks.models import WorkLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def logs(world):
    for community in (world.community, world.sibling):
        WorkLog.objects.create(
            community=community, date=dt.date(2026, 3, 2), category="meeting", hours=Decimal("2")
        )


def test_a_one_community_reader_gets_no_community_column_or_filter(world, logs, client_for):
    html = client_for(world.users["community_staff"]).get(reverse("tasks:worklog_list")).content.decode()
    assert '<th scope="col">社区</th>' not in html
    assert 'name="community"' not in html
    assert '<th scope="col">日期</th>' in html


def test_a_street_reader_keeps_the_community_column_and_filter(world, logs, client_for):
    html = client_for(world.users["street_supervisor"]).get(reverse("tasks:worklog_list")).content.decode()
    assert '<th scope="col">社区</th>' in html
    assert 'name="community"' in html
    assert world.community.name in html and world.sibling.name in html


def test_the_one_community_export_keeps_the_community(world, logs, client_for):
    response = client_for(world.users["community_staff"]).get(
        reverse("tasks:worklog_list"), {"export": "xlsx"}
    )
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(body)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if r and "社区" in r)
    assert rows[-1][header.index("社区")] == world.community.name


def test_a_record_without_a_number_is_opened_by_a_view_link(world, client_for):
    from ledgers.models import LedgerBook, LedgerType

    kind = LedgerType.objects.create(name="低保台账", department=world.department)
    book = LedgerBook.objects.create(community=world.community, ledger_type=kind, year=2026)
    assert not book.archive_number
    html = client_for(world.users["community_staff"]).get(reverse("ledgers:book_list")).content.decode()
    assert f'<a href="{book.get_absolute_url()}">查看</a>' in html


def test_menus_keep_their_order_in_every_language(world):
    scope = scope_for(world.users["community_staff"])

    def urls():
        return [c["url"] for e in nav_for(scope, "/") for c in e.get("children", [e])]

    with translation.override("zh-hans"):
        chinese = urls()
    with translation.override("en"):
        english = urls()
    assert chinese == english


def test_the_language_switch_names_each_language_in_itself(world, client_for):
    html = client_for(world.users["community_staff"]).get(reverse("tasks:worklog_list")).content.decode()
    assert ">English</option>" in html and ">简体中文</option>" in html


# What the page template wrote for each cell before communityops.views.table_cells took over.
CELL_TEMPLATE = (
    '{% load i18n %}{% for cell, wrap in cells %}<td{% if wrap %} class="text-wrap"{% endif %}>'
    '{% if forloop.first and obj.get_absolute_url %}<a href="{{ obj.get_absolute_url }}">'
    '{% if cell and cell != "—" %}{{ cell }}{% else %}{% translate "查看" %}{% endif %}</a>'
    "{% else %}{{ cell }}{% endif %}</td>{% endfor %}"
)


class Linked:
    def get_absolute_url(self):
        return "/records/1/?a=1&b=<2>"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("obj", [Linked(), object()], ids=["linked", "plain"])
@pytest.mark.parametrize(
    "first",
    ["C001", "", "—", 0, None],
)
def test_table_cells_write_what_the_template_wrote(obj, first, language, settings):
    from django.template import engines
    from django.utils.html import format_html
    from django.utils.translation import gettext_lazy

    from communityops.views import table_cells

    cells = [
        first,
        dt.date(2026, 3, 2),
        dt.datetime(2026, 3, 2, 23, 30, tzinfo=dt.UTC),
        Decimal("1234.50"),
        12345,
        "<b>\"x\" & 'y'</b>",
        format_html("<span class='badge'>{}</span>", "<safe>"),
        gettext_lazy("经过准入"),
        True,
        2.5,
    ]
    wraps = [False, False, False, False, False, True, False, False, False, True]
    with translation.override(language):
        expected = (
            engines["django"]
            .from_string(CELL_TEMPLATE)
            .render({"obj": obj, "cells": zip(cells, wraps, strict=True)})
        )
        assert table_cells(obj, cells, wraps) == expected
