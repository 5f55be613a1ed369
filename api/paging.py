"""Paging of list routes: the query parameters every list takes and the answer's ``next``.

Every list route takes ``sort`` (its own sort keys), ``order`` (``asc``/``desc``; default:
the sort key's), ``cursor`` (the ``next`` of the previous page) and ``limit`` (1–200, default
50), and answers ``next`` — the cursor of the following page, or null on the last — beside
its rows, with the same URL for the next page in a ``Link: <…>; rel="next"`` header
(RFC 8288; relative to the server, so it is right behind a proxy too). A bad cursor is 422
``invalid-cursor``; a limit out of range or an unknown sort key 422 ``invalid-request`` with
``field`` (and ``allowed``). ``infra/listing.py`` does the paging itself.

**A list reads its query strictly** (:data:`STRICT_QUERY`, attack round 1 #5): a parameter
the route does not take (``?stauts=closed``) is 422 ``invalid-request`` naming it in
``field`` with the names it takes in ``allowed``, and a parameter given with an empty value
(``?agency=``, ``?overdue=``) is 422 ``invalid-request`` naming it — a misspelt or empty
filter is never read as no filter, so the answer is never an unfiltered list by accident.
Leave a filter out to not filter.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Literal
from urllib.parse import parse_qsl

from fastapi import Depends, Query, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError

from api.problems import UNKNOWN_PARAMETER
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


EMPTY_PARAMETER = "query_parameter_empty"

_DECLARED: dict[int, tuple[str, ...]] = {}


def _query_params(dependant: Dependant) -> Iterator[str]:
    """The names of the query parameters a route's dependant and its dependencies take."""
    for param in dependant.query_params:
        yield param.alias
    for sub in dependant.dependencies:
        yield from _query_params(sub)


def declared_query(request: Request) -> tuple[str, ...]:
    """The query parameters the route that matched ``request`` takes, sorted."""
    route = request.scope["route"]
    found = _DECLARED.get(id(route))
    if found is None:
        found = tuple(sorted(set(_query_params(route.dependant))))
        _DECLARED[id(route)] = found
    return found


def strict_query(request: Request) -> None:
    """Refuse a query parameter the route does not take, or one with an empty value (module
    docstring), before any other parameter is read."""
    declared = declared_query(request)
    for name, value in parse_qsl(request.url.query, keep_blank_values=True):
        if name not in declared:
            takes = ", ".join(declared) or "none"
            raise RequestValidationError(
                [{"type": UNKNOWN_PARAMETER, "loc": ("query", name),
                  "msg": f"this list takes no such parameter; it takes {takes}",
                  "ctx": {"allowed": list(declared)}}]
            )  # fmt: skip
        if not value.strip():
            raise RequestValidationError(
                [{"type": EMPTY_PARAMETER, "loc": ("query", name),
                  "msg": "an empty value filters nothing: leave the parameter out"}]
            )  # fmt: skip


STRICT_QUERY = Depends(strict_query)
"""Put in a list route's ``dependencies``: its query is read strictly (module docstring)."""


__all__ = [
    "DEFAULT_LIMIT",
    "STRICT_QUERY",
    "CursorParam",
    "LimitParam",
    "OrderParam",
    "labelled_choices",
    "next_link",
    "page_request",
    "strict_query",
]
