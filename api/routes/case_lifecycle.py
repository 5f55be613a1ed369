"""How an enforcement case ends and is closed (R-EN-5, R-EN-6, R-PB-2, R-LR-4): included
into the cases router (``/v1/cases``); the closure itself is ``POST /v1/cases/{id}/closure``."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter

from api.deps import App, Caller
from api.routes.common import events_answer
from api.schemas.cases_lifecycle import (
    CaseWithdrawalIn,
    DeadlineExtensionIn,
    ExecutionIn,
    NoPenaltyIn,
    PublicationExemptionIn,
    PublicationWithdrawalIn,
    ServiceIn,
    SetAsideIn,
    TransferIn,
)
from api.schemas.terms import sent

router = APIRouter()


def _documents(body: Any) -> list[dict[str, Any]]:
    return [sent(d) for d in body.documents]


@router.post("/{case_id}/no-penalty", status_code=201)
def no_penalty(case_id: UUID, body: NoPenaltyIn, jz: App, by: Caller) -> dict[str, Any]:
    """不予行政处罚 on a legal ground, by the agency head (not an officer of the case)."""
    events = jz.cases.lifecycle.decide_no_penalty(
        by, case_id, ground=body.ground, reason=body.reason, documents=_documents(body),
        decided_on=body.decided_on,
    )  # fmt: skip
    return events_answer(events)


@router.post("/{case_id}/withdrawal", status_code=201)
def withdraw(case_id: UUID, body: CaseWithdrawalIn, jz: App, by: Caller) -> dict[str, Any]:
    """撤销立案, with its reason, by the agency head."""
    events = jz.cases.lifecycle.withdraw(
        by, case_id, reason=body.reason, withdrawn_on=body.withdrawn_on
    )
    return events_answer(events)


@router.post("/{case_id}/transfer", status_code=201)
def transfer(case_id: UUID, body: TransferIn, jz: App, by: Caller) -> dict[str, Any]:
    """移送 to the agency with jurisdiction or to the judicial organs, by the agency head."""
    events = jz.cases.lifecycle.transfer(
        by, case_id, kind=body.kind, receiving_body=body.receiving_body, reason=body.reason,
        documents=_documents(body), transferred_on=body.transferred_on,
    )  # fmt: skip
    return events_answer(events)


@router.post("/{case_id}/decision-deadline/extensions", status_code=201)
def extend_deadline(
    case_id: UUID, body: DeadlineExtensionIn, jz: App, by: Caller
) -> dict[str, Any]:
    """Extend the time limit for the decision, by the agency head (R-EN-5)."""
    events = jz.cases.lifecycle.extend_decision_deadline(
        by, case_id, reason=body.reason, due_on=body.due_on
    )
    return events_answer(events)


@router.post("/{case_id}/service", status_code=201)
def service(case_id: UUID, body: ServiceIn, jz: App, by: Caller) -> dict[str, Any]:
    """The decision's service (R-EN-6), against the deadline stored in the decision."""
    events = jz.cases.lifecycle.record_service(
        by, case_id, method=body.method, documents=_documents(body), served_on=body.served_on
    )
    return events_answer(events)


@router.post("/{case_id}/publication-exemption", status_code=201)
def publication_exemption(
    case_id: UUID, body: PublicationExemptionIn, jz: App, by: Caller
) -> dict[str, Any]:
    """Why the decision is not published (R-PB-2), by the agency head."""
    events = jz.cases.lifecycle.exempt_publication(
        by, case_id, ground=body.ground, reason=body.reason
    )
    return events_answer(events)


@router.post("/{case_id}/execution", status_code=201)
def execution(case_id: UUID, body: ExecutionIn, jz: App, by: Caller) -> dict[str, Any]:
    """The decision's execution status (paid, performed, enforced, court enforcement applied
    for, or nothing to execute for a decision that imposes no obligation)."""
    events = jz.cases.lifecycle.record_execution(
        by, case_id, status=body.status, note=body.note, documents=_documents(body),
        executed_on=body.executed_on,
    )  # fmt: skip
    return events_answer(events)


@router.post("/{case_id}/set-aside", status_code=201)
def set_aside(case_id: UUID, body: SetAsideIn, jz: App, by: Caller) -> dict[str, Any]:
    """The decision was changed, revoked or found unlawful or void; if published, its
    withdrawal is due within 3 working days (R-PB-2). Allowed after closure."""
    events = jz.cases.lifecycle.set_aside(
        by, case_id, how=body.how, authority=body.authority, reference=body.reference,
        set_aside_on=body.set_aside_on,
    )  # fmt: skip
    return events_answer(events)


@router.post("/{case_id}/publication/withdrawal", status_code=201)
def withdraw_publication(
    case_id: UUID, body: PublicationWithdrawalIn, jz: App, by: Caller
) -> dict[str, Any]:
    """Withdraw the published decision with the reasons (R-PB-2). Allowed after closure."""
    events = jz.cases.lifecycle.withdraw_publication(
        by, case_id, reason=body.reason, withdrawn_on=body.withdrawn_on
    )
    return events_answer(events)
