"""Oversight queues (R-SV-1, R-LR-7, R-LR-8, R-PB-2) and the role-grant feed (R-AC-3,
R-CH-4), read from the projections: the paged queues through ``infra/lists``, those answered
whole through ``infra/oversight_queues.py`` (shared with the screens)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from api.deps import App, Caller, requires
from api.paging import (
    DEFAULT_LIMIT,
    STRICT_QUERY,
    CursorParam,
    LimitParam,
    OrderParam,
    labelled_choices,
    next_link,
    page_request,
)
from api.schemas.terms import labelled
from domain.records.actors import Role
from domain.records.errors import PermissionDenied
from domain.records.jurisdiction import covers
from infra.application import Principal
from infra.cases import today
from infra.lists import ReviewFilters
from infra.lists.reviews import PENDING_REVIEW_LIST
from projections.role_grants import GRANTS

router = APIRouter(prefix="/v1/oversight", tags=["oversight"])


def _fresh(jz: App) -> Any:
    views = jz.views
    views.catch_up()
    return views


ReviewSort = Annotated[
    Literal["requested", "due"] | None,
    Query(
        json_schema_extra=labelled_choices(
            PENDING_REVIEW_LIST.labels(), "sort key (default: requested, oldest first)"
        )
    ),
]


@router.get("/reviews", dependencies=[STRICT_QUERY])
def pending_reviews(
    request: Request,
    response: Response,
    jz: App,
    by: Caller,
    status: Annotated[
        Literal["on_time", "due_soon", "overdue"] | None,
        Query(json_schema_extra=labelled("deadline_status")),
    ] = None,
    overdue: bool | None = None,
    agency: Annotated[str | None, Query(max_length=200)] = None,
    area: Annotated[
        str | None, Query(max_length=12, description="a division code covering the case's")
    ] = None,
    sort: ReviewSort = None,
    order: OrderParam = None,
    cursor: CursorParam = None,
    limit: LimitParam = DEFAULT_LIMIT,
) -> dict[str, Any]:
    """Legal reviews awaiting an opinion, oldest first, with their age, due date and where
    they stand today: on time, due soon (within 2 working days) or overdue (R-LR-7);
    filtered, sorted and paged.

    A review's due date was computed and stored when it was requested, from its agency's
    limit in working days; a review requested before due dates were stored is overdue
    after ``JIANZHENG_REVIEW_TIME_LIMIT_DAYS`` calendar days, as before.
    """
    filters = ReviewFilters(status=status, overdue=overdue, agency=agency, area=area)
    page = jz.lists.pending_reviews(by, filters, page_request(sort, order, cursor, limit))
    return {"today": today().isoformat(), "time_limit_days": jz.settings.review_time_limit_days,
            "reviews": page.items, "next": next_link(request, response, page)}  # fmt: skip


@router.get("/blocked-decisions", dependencies=[STRICT_QUERY])
def blocked_decisions(jz: App, by: Caller) -> dict[str, Any]:
    """Every refused attempt at a major decision (R-LR-8), newest first."""
    return {"blocked": jz.oversight_queues.blocked(by)}


@router.get("/publications", dependencies=[STRICT_QUERY])
def publications(
    jz: App,
    by: Caller,
    status: Annotated[
        Literal["published", "due", "overdue"] | None,
        Query(json_schema_extra=labelled("publication_status")),
    ] = None,
) -> dict[str, Any]:
    """Decisions with their publication deadline: published, due, or overdue (R-PB-2)."""
    on, items = jz.oversight_queues.publications(by, status)
    return {"today": on, "publications": items}


@router.get("/deadlines", dependencies=[STRICT_QUERY])
def deadlines(
    jz: App,
    by: Caller,
    kind: Annotated[
        Literal["decision", "service", "withdrawal"] | None,
        Query(json_schema_extra=labelled("deadline_kind")),
    ] = None,
    status: Annotated[
        Literal["overdue", "due_soon", "on_time"] | None,
        Query(json_schema_extra=labelled("deadline_status")),
    ] = None,
    within_days: Annotated[
        int | None,
        Query(
            ge=0,
            le=366,
            description="look-ahead of due_soon (default: the setting deadline_due_soon_days)",
        ),
    ] = None,
) -> dict[str, Any]:
    """Open deadlines of the caller's area — decisions within 90 days of filing (R-EN-5),
    services within 7 working days (R-EN-6), withdrawals of published decisions set aside
    within 3 working days (R-PB-2) — as stored in the events that started them, against
    today: ``overdue``, ``due_soon`` (within ``within_days``) or ``on_time``. Without
    ``status``, the overdue and the due soon, earliest first."""
    on, window, items = jz.oversight_queues.deadlines(by, kind, status, within_days)
    return {"today": on, "due_soon_days": window, "deadlines": items}


@router.get(
    "/catalogue-revisions", dependencies=[requires(Role.OVERSIGHT, Role.ADMIN), STRICT_QUERY]
)
def catalogue_revisions(jz: App, by: Caller) -> dict[str, Any]:
    """Every proposal, approval and rejection of agencies' catalogues in the caller's area,
    oldest first (R-LR-10): who changed what the gate calls major, and who approved it."""
    return {"revisions": jz.catalogues.revisions(by)}


def _grant_visible(by: Principal, doc: dict[str, Any]) -> bool:
    """A grant to an actor of the caller's area, or to a deployment-wide one (``*``)."""
    area = str(doc.get("jurisdiction") or "")
    return area == "*" or covers(by.jurisdiction, area)


@router.get("/role-grants", dependencies=[STRICT_QUERY])
def role_grants(
    jz: App,
    by: Caller,
    status: Annotated[
        Literal["granted", "pending", "rejected"] | None,
        Query(json_schema_extra=labelled("grant_status")),
    ] = None,
) -> dict[str, Any]:
    """Every role granted, proposed, approved or rejected, oldest first (R-AC-3, R-CH-4).

    Oversight sees the actors of its area and the deployment-wide ones (jurisdiction ``*``:
    the admins, who grant the others); admin sees all. ``decided_by`` ``system`` is the
    console operator.
    """
    docs = _fresh(jz).documents("role_grants", GRANTS)
    if not by.has(Role.ADMIN):
        if not by.has(Role.OVERSIGHT):
            raise PermissionDenied("this needs the role oversight or admin")
        docs = [d for d in docs if _grant_visible(by, d)]
    if status is not None:
        docs = [d for d in docs if d["status"] == status]
    return {"grants": sorted(docs, key=lambda d: d["position"])}
