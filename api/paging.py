"""Paging of list routes: the query parameters every list takes and the answer's ``next``.

Every list route takes ``sort`` (its own sort keys), ``order`` (``asc``/``desc``; default:
the sort key's), ``cursor`` (the ``next`` of the previous page) and ``limit`` (1–200, default
50), and answers ``next`` — the cursor of the following page, or null on the last — beside
its rows, with the same URL for the next page in a ``Link: <…>; rel="next"`` header
(RFC 8288; relative to the server, so it is right behind a proxy too). A bad cursor is 422
``invalid-cursor``; a limit out of range or an unknown sort key 422 ``invalid-request`` with
``field`` (and ``allowed``). ``infra/listing.py`` does the paging itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from fastapi import Query, Request, Response

from infra.listing import DEFAULT_LIMIT, MAX_LIMIT, ORDER_LABELS, Order, Page, PageRequest


def labelled_choices(labels: Mapping[str, str], about: str) -> dict[str, Any]:
    """The OpenAPI members that show a closed list of codes with their Chinese labels."""
    lines = "\n".join(f"- `{code}` — {label}" for code, label in labels.items())
    return {"x-enum-labels": dict(labels), "description": f"{about}:\n{lines}"}


OrderParam = Annotated[
    Literal["asc", "desc"] | None,
    Query(json_schema_extra=labelled_choices(ORDER_LABELS, "order (default: the sort key's)")),
]
CursorParam = Annotated[
    str | None,
    Query(max_length=2048, description="the `next` of the previous page (opaque)"),
]
LimitParam = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"rows per page, 1–{MAX_LIMIT}")]


def page_request(
    sort: str | None, order: Order | None, cursor: str | None, limit: int
) -> PageRequest:
    """The page a list route was asked for."""
    return PageRequest(sort=sort, order=order, cursor=cursor, limit=limit)


def next_link(request: Request, response: Response, page: Page[Any]) -> str | None:
    """Set ``Link: <…>; rel="next"`` when there is a next page; returns ``page.next``."""
    if page.next is not None:
        query = request.url.include_query_params(cursor=page.next).query
        response.headers["Link"] = f'<{request.url.path}?{query}>; rel="next"'
    return page.next


__all__ = [
    "DEFAULT_LIMIT",
    "CursorParam",
    "LimitParam",
    "OrderParam",
    "labelled_choices",
    "next_link",
    "page_request",
]
