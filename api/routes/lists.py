"""Finding things (issue 14): the list of cases, a legal office's review queue and admins' list
of actors, each filtered, sorted and cursor-paged (``api/paging.py``) by the same
``infra/lists`` methods the screens call. The children's ledger, the report pipeline and
oversight's queues take the same paging where they always were (``children.py``,
``reports.py``, ``oversight.py``, ``complaints.py``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from api.deps import App, Caller
from api.paging import (
    DEFAULT_LIMIT,
    CursorParam,
    LimitParam,
    OrderParam,
    labelled_choices,
    next_link,
    page_request,
)
from api.schemas.terms import term
from domain.records.enforcement.progress import OVERDUE_LABELS
from infra.lists import ActorFilters, CaseFilters, ReviewFilters
from infra.lists.actors import ACTOR_LIST
from infra.lists.cases import CASE_LIST
from infra.lists.reviews import REVIEW_QUEUE

router = APIRouter(prefix="/v1", tags=["lists"])

Text = Annotated[str | None, Query(max_length=200)]
Area = Annotated[
    str | None,
    Query(max_length=12, description="a division code (6, 9 or 12 digits) covering the row's"),
]
Search = Annotated[
    str | None, Query(max_length=100, description="part of the text searched (see the route)")
]
Day = Annotated[date | None, Query(description="an ISO date (YYYY-MM-DD), inclusive")]


CaseSort = Annotated[
    Literal["opened", "updated", "title"] | None,
    Query(json_schema_extra=labelled_choices(CASE_LIST.labels(), "sort key (default: opened)")),
]


@router.get("/cases")
def list_cases(
    request: Request,
    response: Response,
    jz: App,
    by: Caller,
    agency: Text = None,
    area: Area = None,
    status: Annotated[term("case_status") | None, Query()] = None,  # type: ignore[valid-type]
    action_type: Annotated[term("action_type") | None, Query()] = None,  # type: ignore[valid-type]
    officer: Annotated[UUID | None, Query(description="an officer of the case")] = None,
    party: Annotated[
        str | None,
        Query(max_length=200, description="part of the name of a party that is an organisation"),
    ] = None,
    major: bool | None = None,
    gate: Annotated[term("gate_state") | None, Query()] = None,  # type: ignore[valid-type]
    overdue: Annotated[
        str | None,
        Query(
            max_length=100,
            json_schema_extra=labelled_choices(
                OVERDUE_LABELS,
                "any of these time limits has run out unmet (several: comma-separated, "
                "`review,decision`; a query parameter is never repeated)",
            ),
        ),
    ] = None,
    opened_from: Day = None,
    opened_to: Day = None,
    decided_from: Day = None,
    decided_to: Day = None,
    closed_from: Day = None,
    closed_to: Day = None,
    q: Search = None,
    sort: CaseSort = None,
    order: OrderParam = None,
    cursor: CursorParam = None,
    limit: LimitParam = DEFAULT_LIMIT,
) -> dict[str, Any]:
    """Cases the caller may open (as `GET /v1/cases/{id}` decides: its agency's in its area,
    every case for an admin, its area's for courts and oversight — listed without a reason
    and not recorded: a row shows no person and no step), filtered; `q` searches the title.
    Each row: status, the legal-review gate of the current draft, the next step and who takes
    it, officers, deadlines with `overdue` flags, times. Sorted by `opened` (filing date,
    newest first), `updated` or `title`; paged by `cursor` (`next`, also in `Link`)."""
    filters = CaseFilters(
        agency=agency, area=area, status=status, action_type=action_type,
        officer=None if officer is None else str(officer), party=party, major=major, gate=gate,
        overdue=tuple(k.strip() for k in (overdue or "").split(",") if k.strip()),
        opened_from=opened_from, opened_to=opened_to,
        decided_from=decided_from, decided_to=decided_to, closed_from=closed_from,
        closed_to=closed_to, q=q,
    )  # fmt: skip
    page = jz.lists.cases(by, filters, page_request(sort, order, cursor, limit))
    return {"items": page.items, "next": next_link(request, response, page)}


ReviewSort = Annotated[
    Literal["requested", "due"] | None,
    Query(
        json_schema_extra=labelled_choices(REVIEW_QUEUE.labels(), "sort key (default: requested)")
    ),
]


@router.get("/reviews")
def review_queue(
    request: Request,
    response: Response,
    jz: App,
    by: Caller,
    status: Annotated[term("review_state") | None, Query()] = None,  # type: ignore[valid-type]
    mine: Annotated[bool | None, Query(description="reviews the caller answered")] = None,
    overdue: bool | None = None,
    case_id: UUID | None = None,
    q: Search = None,
    sort: ReviewSort = None,
    order: OrderParam = None,
    cursor: CursorParam = None,
    limit: LimitParam = DEFAULT_LIMIT,
) -> dict[str, Any]:
    """A legal reviewer's queue: the reviews of its own agency's cases in its area (R-LR-5) —
    by default `status=pending`, oldest first, each with its due date, where it stands and
    `overdue` (R-LR-7); a pending review of a case the caller acted on as officer is left
    out (separation of duties). `q` searches the case title."""
    filters = ReviewFilters(
        status=status, mine=mine, overdue=overdue,
        case_id=None if case_id is None else str(case_id), q=q,
    )  # fmt: skip
    page = jz.lists.review_queue(by, filters, page_request(sort, order, cursor, limit))
    return {"items": page.items, "next": next_link(request, response, page)}


ActorSort = Annotated[
    Literal["name", "registered", "agency"] | None,
    Query(json_schema_extra=labelled_choices(ACTOR_LIST.labels(), "sort key (default: name)")),
]


@router.get("/actors")
def list_actors(
    request: Request,
    response: Response,
    jz: App,
    by: Caller,
    role: Annotated[term("role") | None, Query()] = None,  # type: ignore[valid-type]
    agency: Text = None,
    status: Annotated[term("actor_status") | None, Query()] = None,  # type: ignore[valid-type]
    area: Area = None,
    q: Search = None,
    sort: ActorSort = None,
    order: OrderParam = None,
    cursor: CursorParam = None,
    limit: LimitParam = DEFAULT_LIMIT,
) -> dict[str, Any]:
    """Admins: actors by role held in force, agency, standing or area; `q` searches the name.
    Roles, dormant and pending roles, certificates and whether one is valid today; never a
    token."""
    filters = ActorFilters(role=role, agency=agency, status=status, area=area, q=q)
    page = jz.lists.actors(by, filters, page_request(sort, order, cursor, limit))
    return {"items": page.items, "next": next_link(request, response, page)}
