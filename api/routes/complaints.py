"""Complaints about enforcement (投诉举报, R-SV-3) and the oversight queue of complaints with
their reply deadlines; the case-file review checklist (R-SV-1). Each complaint is its own
sealed stream; its complainant is shown only to who received and who handles it (R-RP-3).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from api.deps import App, Caller, current_principal
from api.routes.common import events_answer
from api.schemas.oversight import AssignmentIn, ComplaintIn, FindingsIn, OutcomeIn, ReplyIn
from api.schemas.terms import labelled, sent
from domain.records.file_review import checklist_document

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


@router.get("/oversight/complaints")
def queue(
    jz: App,
    by: Caller,
    status: Annotated[
        Literal["open", "due_soon", "overdue", "replied"] | None,
        Query(json_schema_extra=labelled("complaint_queue_status")),
    ] = None,
    officer: Annotated[
        UUID | None, Query(description="only complaints naming this officer")
    ] = None,
) -> dict[str, Any]:
    """Complaints of the caller's area with their reply deadlines, most urgent first:
    `open`, `due_soon`, `overdue` or `replied` (R-SV-3), or those naming one `officer`. No
    complainant is listed."""
    return jz.complaints.queue(by, status, None if officer is None else str(officer))


@router.get("/oversight/file-review-checklist", dependencies=[Depends(current_principal)])
def file_review_checklist() -> dict[str, Any]:
    """The checklist a case file is scored against (案卷评查, R-SV-1): items, points, and the
    score thresholds of each rating."""
    return checklist_document()
