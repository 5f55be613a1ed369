"""Major-decision catalogues (重大执法决定目录清单, R-LR-2, R-LR-3, R-LR-10): versioned data.

The deployment's baseline is the national default; each agency's legal office sets its own
catalogue for a jurisdiction, a revision taking effect only when a second reviewer of the
office approves it. The statutory floor applies whatever a catalogue says.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Query
from pydantic import Field

from api.deps import App, Caller, requires
from api.routes.common import Reason, Strict, events_answer
from api.schemas.catalogue import CatalogueData
from api.schemas.terms import sent
from domain.records.actors import Role
from domain.records.catalogue import SIMPLIFIED_PROCEDURE, STATUTORY_FLOOR

router = APIRouter(prefix="/v1/catalogue", tags=["catalogue"])

Jurisdiction = Annotated[
    str, Field(pattern=r"^\d{6}(\d{3}){0,2}$", description="division code: 6, 9 or 12 digits")
]
Agency = Annotated[str, Field(min_length=1, max_length=200)]


class ProposalIn(Strict):
    """A whole new version for the caller's agency in ``jurisdiction``, and why."""

    jurisdiction: Jurisdiction
    data: CatalogueData = Field(description="{review_all_non_simplified, rules: [...]}")
    note: Reason


class RejectionIn(Strict):
    """Why the proposal is refused."""

    reason: Reason


@router.get("", dependencies=[requires(*Role)])
def current(
    jz: App,
    agency: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
    jurisdiction: Annotated[str | None, Query(pattern=r"^\d{6}(\d{3}){0,2}$")] = None,
) -> dict[str, Any]:
    """The baseline catalogue; with ``agency`` and ``jurisdiction``, the one in force for
    that agency's drafts there (its own, else the baseline), with the statutory floor."""
    if agency is not None and jurisdiction is not None:
        return jz.catalogues.in_force(agency, jurisdiction)
    catalogue = jz.catalogue()
    return {
        "catalogue_id": str(catalogue.id),
        "scope": {"jurisdiction": "*", "agency": None},
        "version": catalogue.version,
        "event_hash": catalogue.version_hash,
        "data": catalogue.data,
        "statutory_floor": STATUTORY_FLOOR,
        "simplified_procedure": SIMPLIFIED_PROCEDURE,
    }


@router.post("/proposals", status_code=201)
def propose(body: ProposalIn, jz: App, by: Caller) -> dict[str, Any]:
    """Propose a new version of the caller's agency's catalogue (its legal office only);
    it takes effect when another reviewer of the office approves it."""
    catalogue, proposal_id, events = jz.catalogues.propose(
        by, jurisdiction=body.jurisdiction, data=sent(body.data), note=body.note
    )
    return events_answer(
        events, catalogue_id=str(catalogue.id), proposal_id=proposal_id, status="pending"
    )


@router.get("/agencies/{catalogue_id}", dependencies=[requires(*Role)])
def agency_catalogue(catalogue_id: UUID, jz: App) -> dict[str, Any]:
    """An agency's catalogue: scope, version in force, and every proposal with its status."""
    return jz.catalogues.describe(jz.catalogues.load(catalogue_id))


@router.post("/agencies/{catalogue_id}/proposals/{proposal_id}/approval")
def approve(
    catalogue_id: UUID, proposal_id: Annotated[str, Path(max_length=64)], jz: App, by: Caller
) -> dict[str, Any]:
    """Approve a proposal: a second legal reviewer of the office, never the proposer."""
    version, events = jz.catalogues.approve(by, catalogue_id, proposal_id)
    return events_answer(events, version=version)


@router.post("/agencies/{catalogue_id}/proposals/{proposal_id}/rejection")
def reject(
    catalogue_id: UUID,
    proposal_id: Annotated[str, Path(max_length=64)],
    body: RejectionIn,
    jz: App,
    by: Caller,
) -> dict[str, Any]:
    """Refuse a proposal with a reason (a legal reviewer of the office)."""
    return events_answer(jz.catalogues.reject(by, catalogue_id, proposal_id, body.reason))
