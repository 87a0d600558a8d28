"""Pagination of the work logs (工作日志): millions of rows in a district, so nothing counts them.

- ``WorkLogCursorPagination`` (API): keyset pagination on (date, id), newest first. A page is
  ``WHERE (date, id) < (last date, last id) ORDER BY date DESC, id DESC LIMIT n+1``: the same
  cost on page 1 and page 10,000, no COUNT(*) and no OFFSET. The answer is
  ``{"next": url|null, "previous": url|null, "results": [...]}``; the cursors are opaque.
- ``BoundedCountPaginator`` (HTML list): page numbers as before, but the total is counted up to
  ``LIMIT`` rows only and shown as "10000+" beyond it.
"""

from __future__ import annotations

import base64
import binascii
import datetime
from collections import OrderedDict
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import remove_query_param, replace_query_param


class WorkLogCursorPagination(BasePagination):
    """Keyset (cursor) pagination on (date, id) descending; ``?cursor=`` moves between pages."""

    cursor_query_param = "cursor"
    page_size = api_settings.PAGE_SIZE or 50
    invalid_cursor_message = gettext_lazy("游标无效。")

    def paginate_queryset(self, queryset: QuerySet, request, view=None) -> list:
        self.request = request
        self.base_url = request.build_absolute_uri()
        direction, position = self._decode(request.query_params.get(self.cursor_query_param))
        size = self.page_size
        if direction == "p":  # the page before ``position``: walk up, then flip
            d, pk = position
            rows = list(
                queryset.filter(Q(date__gt=d) | Q(date=d, pk__gt=pk)).order_by("date", "id")[: size + 1]
            )
            self.has_previous = len(rows) > size
            rows = rows[:size][::-1]
            self.has_next = True
        else:
            if position is not None:
                d, pk = position
                queryset = queryset.filter(Q(date__lt=d) | Q(date=d, pk__lt=pk))
            rows = list(queryset.order_by("-date", "-id")[: size + 1])
            self.has_next = len(rows) > size
            rows = rows[:size]
            self.has_previous = position is not None
        self.page = rows
        return rows

    # --- cursors ---------------------------------------------------------------------------
    def _encode(self, direction: str, row) -> str:
        raw = f"{direction}|{row.date.isoformat()}|{row.id}"  # a model or a named row
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    def _decode(self, text: str | None) -> tuple[str, tuple[datetime.date, int] | None]:
        if not text:
            return "n", None
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
            direction, day, pk = raw.split("|")
            if direction not in ("n", "p"):
                raise ValueError(direction)
            return direction, (datetime.date.fromisoformat(day), int(pk))
        except (ValueError, UnicodeDecodeError, binascii.Error) as exc:
            raise NotFound(self.invalid_cursor_message) from exc

    def _link(self, cursor: str) -> str:
        return replace_query_param(self.base_url, self.cursor_query_param, cursor)

    def get_next_link(self) -> str | None:
        if not self.has_next or not self.page:
            return None
        return self._link(self._encode("n", self.page[-1]))

    def get_previous_link(self) -> str | None:
        if not self.has_previous:
            return None
        if not self.page:  # past the end: back to the first page
            return remove_query_param(self.base_url, self.cursor_query_param)
        return self._link(self._encode("p", self.page[0]))

    def get_paginated_response(self, data) -> Response:
        return Response(
            OrderedDict(
                [("next", self.get_next_link()), ("previous", self.get_previous_link()), ("results", data)]
            )
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict[str, Any]]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "分页游标（取自上一次应答的 next / previous）",
                "schema": {"type": "string"},
            }
        ]


class BoundedCount(int):
    """A row count that stopped at the limit: prints as "10000+"."""

    def __str__(self) -> str:
        return f"{int(self)}+"

    __repr__ = __str__


class BoundedCountPaginator(Paginator):
    """Page numbers without counting millions of rows: the count stops at ``LIMIT``."""

    LIMIT = 10_000

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if isinstance(rows, QuerySet):  # any LIMIT rows will do: counting them needs no order
            rows = rows.order_by()
        head = rows[: self.LIMIT + 1]
        counted = head.count() if isinstance(head, QuerySet) else len(head)
        return BoundedCount(self.LIMIT) if counted > self.LIMIT else counted
