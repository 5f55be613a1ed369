"""Complaints about enforcement (投诉举报, R-SV-3) and the oversight queue of complaints with
their reply deadlines; the case-file review checklist (R-SV-1). Each complaint is its own
sealed stream; its complainant is shown only to who received and who handles it (R-RP-3).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response

from api.deps import App, Caller, current_principal
from api.paging import (
    DEFAULT_LIMIT,
    CursorParam,
    LimitParam,
    OrderParam,
    labelled_choices,
    next_link,
    page_request,
)
from api.routes.common import events_answer
from api.schemas.oversight import AssignmentIn, ComplaintIn, FindingsIn, OutcomeIn, ReplyIn
from api.schemas.terms import labelled, sent, term
from domain.records.file_review import checklist_document
from domain.records.oversight import DUE_SOON_DAYS
from infra.clock import today
from infra.lists import ComplaintFilters
from infra.lists.complaints import COMPLAINT_LIST

router = APIRouter(prefix="/v1", tags=["oversight"])


@router.post("/complaints", status_code=201)
def receive(body: ComplaintIn, jz: App, by: Caller) -> dict[str, Any]:
    """Receive a complaint (oversight of the area): its reply falls due at once by the time
    limit (`due_on`); a complaint about a case is linked in the case's own stream."""
    complaint, events = jz.complaints.receive(
        by,
        channel=body.channel,
        complainant=sent(body.complainant),
        summary=body.summary,
        case_id=body.case_id,
        officers=list(body.officers),
        jurisdiction=body.jurisdiction,
        received_on=body.received_on,
    )
    return events_answer(
        events,
        complaint_id=str(complaint.id),
        due_on=complaint.due_on.isoformat(),
        time_limit=complaint.time_limit,
    )


@router.get("/complaints/{complaint_id}")
def read(complaint_id: UUID, jz: App, by: Caller) -> dict[str, Any]:
    """The complaint (oversight of its area, admin); the complainant only for who received
    or handles it."""
    return jz.complaints.read(by, complaint_id)


@router.post("/complaints/{complaint_id}/assignment", status_code=201)
def assign(complaint_id: UUID, body: AssignmentIn, jz: App, by: Caller) -> dict[str, Any]:
    """Assign (or reassign, until the outcome) to an oversight actor covering the complaint."""
    return events_answer(jz.complaints.assign(by, complaint_id, body.assignee))


@router.post("/complaints/{complaint_id}/findings", status_code=201)
def findings(complaint_id: UUID, body: FindingsIn, jz: App, by: Caller) -> dict[str, Any]:
    """The handler's findings (before the outcome)."""
    return events_answer(jz.complaints.record_findings(by, complaint_id, body.findings))


@router.post("/complaints/{complaint_id}/outcome", status_code=201)
def outcome(complaint_id: UUID, body: OutcomeIn, jz: App, by: Caller) -> dict[str, Any]:
    """The handler's one outcome, after findings."""
    return events_answer(
        jz.complaints.conclude(
            by,
            complaint_id,
            outcome=body.outcome,
            reason=body.reason,
            referred_to=body.referred_to,
        )
    )


@router.post("/complaints/{complaint_id}/reply", status_code=201)
def reply(complaint_id: UUID, body: ReplyIn, jz: App, by: Caller) -> dict[str, Any]:
    """The handler's reply to the complainant, after the outcome; `on_time` against `due_on`."""
    return events_answer(
        jz.complaints.answer(
            by,
            complaint_id,
            channel=body.channel,
            summary=body.summary,
            replied_on=body.replied_on,
        )
    )


ComplaintSort = Annotated[
    Literal["urgency", "received", "due"] | None,
    Query(
        json_schema_extra=labelled_choices(
            COMPLAINT_LIST.labels(), "sort key (default: urgency, most urgent first)"
        )
    ),
]


@router.get("/oversight/complaints")
def queue(
    request: Request,
    response: Response,
    jz: App,
    by: Caller,
    status: Annotated[
        Literal["open", "due_soon", "overdue", "replied"] | None,
        Query(json_schema_extra=labelled("complaint_queue_status")),
    ] = None,
    officer: Annotated[
        UUID | None, Query(description="only complaints naming this officer")
    ] = None,
    stage: Annotated[term("complaint_stage") | None, Query()] = None,  # type: ignore[valid-type]
    case_id: UUID | None = None,
    area: Annotated[
        str | None, Query(max_length=12, description="a division code covering the complaint's")
    ] = None,
    q: Annotated[
        str | None, Query(max_length=100, description="part of the complaint's number (its id)")
    ] = None,
    sort: ComplaintSort = None,
    order: OrderParam = None,
    cursor: CursorParam = None,
    limit: LimitParam = DEFAULT_LIMIT,
) -> dict[str, Any]:
    """Complaints of the caller's area with their reply deadlines, most urgent first:
    `open`, `due_soon`, `overdue` or `replied` (R-SV-3), or those naming one `officer`;
    filtered, sorted and paged. No complainant is listed."""
    filters = ComplaintFilters(
        status=status, officer=None if officer is None else str(officer), stage=stage,
        case_id=None if case_id is None else str(case_id), area=area, q=q,
    )  # fmt: skip
    page = jz.lists.complaints(by, filters, page_request(sort, order, cursor, limit))
    return {"today": today().isoformat(), "due_soon_days": DUE_SOON_DAYS,
            "complaints": page.items, "next": next_link(request, response, page)}  # fmt: skip


@router.get("/oversight/file-review-checklist", dependencies=[Depends(current_principal)])
def file_review_checklist() -> dict[str, Any]:
    """The checklist a case file is scored against (案卷评查, R-SV-1): items, points, and the
    score thresholds of each rating."""
    return checklist_document()
