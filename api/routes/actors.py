"""Actors and their tokens (DESIGN §5). Admin only, except reading oneself.

Roles that open children's files, and ``admin``, are granted by two admins: one proposes
(``POST /v1/actors/{id}/roles``, or registering an actor with such a role), a different one
approves (``…/role-proposals/{proposal_id}/approval``); nobody grants itself a role.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter
from pydantic import Field

from api.deps import App, Caller, CallerEvenSuspended, requires
from api.routes.common import IsoDate, Reason, Strict, Text
from api.schemas.oversight import SanctionIn
from api.schemas.terms import listed, sent
from domain.records.actors import Role
from infra.application import Principal
from infra.clock import today

router = APIRouter(prefix="/v1", tags=["actors"])

AdminOnly = Annotated[Principal, requires(Role.ADMIN)]


class CertificateIn(Strict):
    """An enforcement certificate (持证上岗, R-EN-3)."""

    number: Text
    valid_from: IsoDate | None = None
    valid_until: IsoDate


class ActorIn(Strict):
    """Register an actor. ``role`` is one of the roles of DESIGN §5."""

    name: Text
    role: listed("role", max_length=40)  # type: ignore[valid-type]
    agency: Text
    jurisdiction: Text
    certificate: CertificateIn | None = None


class ReasonIn(Strict):
    """Why a standing changes (recorded in the event)."""

    reason: Reason


class CertificateRecordIn(Strict):
    """A certificate with its whole validity period."""

    number: Text
    valid_from: IsoDate
    valid_until: IsoDate


def _events(events: list[Any]) -> list[dict[str, Any]]:
    return [e.as_dict() for e in events]


@router.post("/actors", status_code=201)
def register_actor(body: ActorIn, jz: App, by: AdminOnly) -> dict[str, Any]:
    """Register an actor and issue its first token; the token is shown only in this answer."""
    cert = body.certificate
    registered = jz.register_actor(
        by,
        name=body.name,
        role=body.role,
        agency=body.agency,
        jurisdiction=body.jurisdiction,
        certificate=cert.number if cert else None,
        valid_from=cert.valid_from if cert else None,
        valid_until=cert.valid_until if cert else None,
    )
    pending = registered.pending_approval
    return {
        "actor_id": str(registered.actor.id),
        "token": registered.token,
        "token_id": registered.token_id,
        "pending_approval": pending.as_dict() if pending else None,
        "events": _events(registered.events),
    }


@router.get("/me")
def me(jz: App, by: Caller) -> dict[str, Any]:
    """The caller's own actor record."""
    return jz.get_actor(UUID(by.actor_id)).summary(today())


@router.get("/actors/{actor_id}", dependencies=[requires(Role.ADMIN)])
def get_actor(actor_id: UUID, jz: App) -> dict[str, Any]:
    """An actor's record (no token material), with its sanctions and whether each is in
    force today (R-SV-4)."""
    return jz.get_actor(actor_id).summary(today())


@router.post("/actors/{actor_id}/certificates", status_code=201)
def record_certificate(
    actor_id: UUID, body: CertificateRecordIn, jz: App, by: AdminOnly
) -> dict[str, Any]:
    """Record an enforcement certificate."""
    events = jz.record_certificate(
        by, actor_id, number=body.number, valid_from=body.valid_from, valid_until=body.valid_until
    )
    return {"events": _events(events)}


class RoleIn(Strict):
    """A further role for the actor."""

    role: listed("role", max_length=40)  # type: ignore[valid-type]


@router.post("/actors/{actor_id}/roles", status_code=201)
def grant_role(actor_id: UUID, body: RoleIn, jz: App, by: AdminOnly) -> dict[str, Any]:
    """Grant a further role (DESIGN §5): ``status`` is ``granted``, or ``proposed`` for a
    role that opens children's files (or ``admin``), which a different admin approves."""
    grant = jz.grant_role(by, actor_id, body.role)
    return {"status": grant.status, "proposal_id": grant.proposal_id,
            "events": _events(grant.events)}  # fmt: skip


@router.post("/actors/{actor_id}/role-proposals/{proposal_id}/approval", status_code=201)
def approve_role(actor_id: UUID, proposal_id: UUID, jz: App, by: AdminOnly) -> dict[str, Any]:
    """Approve a proposed grant: an admin other than the proposer and the grantee."""
    return {"events": _events(jz.approve_role_grant(by, actor_id, str(proposal_id)))}


@router.post("/actors/{actor_id}/role-proposals/{proposal_id}/rejection", status_code=201)
def reject_role(
    actor_id: UUID, proposal_id: UUID, body: ReasonIn, jz: App, by: AdminOnly
) -> dict[str, Any]:
    """Reject a proposed grant (any admin but the grantee); the role never takes effect."""
    return {"events": _events(jz.reject_role_grant(by, actor_id, str(proposal_id), body.reason))}


@router.post("/actors/{actor_id}/suspension", status_code=201)
def suspend(actor_id: UUID, body: ReasonIn, jz: App, by: AdminOnly) -> dict[str, Any]:
    """Suspend the actor at once (R-SV-4)."""
    return {"events": _events(jz.suspend_actor(by, actor_id, body.reason))}


@router.post("/actors/{actor_id}/reinstatement", status_code=201)
def reinstate(actor_id: UUID, body: ReasonIn, jz: App, by: AdminOnly) -> dict[str, Any]:
    """Lift a suspension."""
    return {"events": _events(jz.reinstate_actor(by, actor_id, body.reason))}


@router.post("/actors/{actor_id}/revocation", status_code=201)
def revoke(actor_id: UUID, body: ReasonIn, jz: App, by: AdminOnly) -> dict[str, Any]:
    """Revoke the actor for good; every token stops working (R-SV-4)."""
    return {"events": _events(jz.revoke_actor(by, actor_id, body.reason))}


@router.post("/actors/{actor_id}/tokens", status_code=201)
def issue_token(actor_id: UUID, jz: App, by: AdminOnly) -> dict[str, Any]:
    """Issue another token; shown only in this answer."""
    token, token_id, events = jz.issue_token(by, actor_id)
    return {"token": token, "token_id": token_id, "events": _events(events)}


@router.post("/actors/{actor_id}/tokens/{token_id}/revocation", status_code=201)
def revoke_token(
    actor_id: UUID,
    token_id: Annotated[str, Field(max_length=64)],
    body: ReasonIn,
    jz: App,
    by: CallerEvenSuspended,
) -> dict[str, Any]:
    """Revoke one token (admin, or the token's own actor — also while suspended, so that a
    leaked token can be stopped; a suspended actor may do nothing else)."""
    return {"events": _events(jz.revoke_token(by, actor_id, token_id, body.reason))}


@router.post("/actors/{actor_id}/sanctions", status_code=201)
def sanction(actor_id: UUID, body: SanctionIn, jz: App, by: Caller) -> dict[str, Any]:
    """Sanction an officer (oversight of the officer's area, or admin; R-SV-4): 通报批评,
    暂扣 (a period) or 吊销/收回 of the enforcement certificate, citing the finding it rests
    on. A suspension or withdrawal bars the officer from every case at once."""
    sanction_id, events = jz.sanctions.record(
        by, actor_id, kind=body.kind, basis=sent(body.basis), reason=body.reason,
        effective_from=body.effective_from, effective_until=body.effective_until,
    )  # fmt: skip
    return {"sanction_id": sanction_id, "events": _events(events)}
