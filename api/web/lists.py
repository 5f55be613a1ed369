"""Lists on the screens: filters from a plain GET form, cursor paging, refusals on the page.

Every list a screen shows is cut by ``infra/listing.py`` — the API's lists call
``jz.lists`` (``infra/lists``), and the queues that the API answers whole (blocked decisions,
deadlines, publications) are paged here with a :class:`~infra.listing.Listing` of their own —
so the screens page as the API does: a ``cursor`` naming the last row shown, stable when rows
are added meanwhile, 50 rows a page.

A filter form sends every field, an unchosen one empty (``status=``): empty means "not
filtered" here, where the API would refuse it. A value outside a filter's list, a search that
holds no letter or digit, or a cursor this list did not hand out is refused as the API refuses
it (``invalid-input``, ``invalid-cursor``), shown above the list (200, ``Jianzheng-Refusal``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from fastapi import Query, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import URL

from api.web.render import REFUSAL_HEADER
from domain.records.errors import InvalidInput, JianzhengError
from infra.listing import ORDER_LABELS, Order, Page, PageRequest, check_choice

Row = TypeVar("Row")

SCREEN_ROWS = 50
"""Rows on one page of a screen's list."""

Text = Annotated[str | None, Query(max_length=200)]
"""A filter or search field of a GET form (empty: not filtered)."""
Cursor = Annotated[str | None, Query(max_length=2048)]


def blank(value: str | None) -> str | None:
    """A form's field, ``None`` when left empty."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def choice(value: str | None, allowed: Iterable[str], field: str) -> str | None:
    """A filter chosen from a list (empty: none), refused as the API refuses one outside it."""
    return check_choice(blank(value), allowed, field)


def page_request(sort: str | None, order: str | None, cursor: str | None) -> PageRequest:
    """The page asked for by a screen's query."""
    chosen: Order | None = None
    if choice(order, ORDER_LABELS, "order") == "desc":
        chosen = "desc"
    elif blank(order) == "asc":
        chosen = "asc"
    return PageRequest(sort=blank(sort), order=chosen, cursor=blank(cursor), limit=SCREEN_ROWS)


@dataclass(frozen=True)
class Listed(Generic[Row]):
    """A page of a list for a template, or the refusal of its filters."""

    page: Page[Row] | None
    refusal: JianzhengError | None
    next_url: str | None
    first_url: str | None

    @property
    def items(self) -> list[Row]:
        """The rows shown (none when the filters were refused)."""
        return [] if self.page is None else self.page.items


def listed(request: Request, make: Callable[[], Page[Row]]) -> Listed[Row]:
    """The page ``make`` cuts, with the links to the next and the first page; a refused filter
    or cursor is kept to be shown on the page."""
    try:
        page = make()
    except InvalidInput as exc:
        return Listed(None, exc, None, None)
    next_url = None
    if page.next is not None:
        next_url = local_url(request.url.include_query_params(cursor=page.next))
    first_url = None
    if request.query_params.get("cursor"):
        first_url = local_url(request.url.remove_query_params("cursor"))
    return Listed(page, None, next_url, first_url)


def with_refusal(answer: HTMLResponse, refusal: JianzhengError | None) -> HTMLResponse:
    """The page, marked with the refusal's code when its filters were refused."""
    if refusal is not None:
        answer.headers[REFUSAL_HEADER] = refusal.code
    return answer


def local_url(url: URL) -> str:
    """A URL of this site as a path and query (links stay on whatever host served them)."""
    query = url.query
    return url.path + (f"?{query}" if query else "")
