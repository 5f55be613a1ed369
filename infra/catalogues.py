"""Catalogue governance (R-LR-10): each agency's legal office revises its own catalogue,
four-eyes, over the statutory floor.

Who may do what, checked here from the actors' recorded roles, agencies and jurisdictions:

* **propose** a whole new version of the catalogue of (jurisdiction, agency): a legal
  reviewer (法制审核人员) of that agency whose jurisdiction covers the scope's;
* **approve** it: another legal reviewer of the same office — never the proposer — after
  which it is the version in force; **reject** it: any reviewer of the office, with a reason;
* **read**: any actor (the catalogue is published ex ante, R-PB-1); oversight bodies list every
  proposal, approval and rejection in their area (``revisions``).

Admins have no part in it. The deployment's baseline catalogue
(``domain.records.catalogue.Catalogue``) is the national default shipped with the service; it
is no longer revised through the service.
"""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from domain.records import errors
from domain.records.actors import Actor, Role, Status
from domain.records.catalogue import (
    SIMPLIFIED_PROCEDURE,
    STATUTORY_FLOOR,
    AgencyCatalogue,
    Catalogue,
    check_scope_jurisdiction,
    jurisdictions_covering,
)
from domain.records.jurisdiction import covers
from infra.context import Context
from infra.principal import Principal
from infra.store import Appended


class CatalogueService:
    """Commands and queries on agencies' catalogues."""

    def __init__(self, app: Context) -> None:
        self.app = app
        self.store = app.store

    @staticmethod
    def _require_office(by: Principal, catalogue_agency: str, jurisdiction: str) -> None:
        """The scope's legal office: a legal reviewer of the agency covering the scope."""
        if not (
            by.has(Role.LEGAL_REVIEWER)
            and by.agency == catalogue_agency
            and covers(by.jurisdiction, jurisdiction)
        ):
            raise errors.LegalOfficeRequired(
                f"only a legal reviewer of {catalogue_agency} whose jurisdiction covers "
                f"{jurisdiction} may change this catalogue (R-LR-10)"
            )

    def load(self, catalogue_id: UUID) -> AgencyCatalogue:
        """An agency catalogue by its stream id."""
        return self.store.load(AgencyCatalogue, catalogue_id)

    def propose(
        self, by: Principal, *, jurisdiction: str, data: dict[str, Any], note: str
    ) -> tuple[AgencyCatalogue, str, list[Appended]]:
        """Propose a new version of the caller's agency's catalogue for ``jurisdiction``."""
        check_scope_jurisdiction(jurisdiction)
        self._require_office(by, by.agency, jurisdiction)
        proposal_id = str(uuid.uuid4())
        stream = AgencyCatalogue.create_id(jurisdiction, by.agency)
        seq = self.store.load(Actor, UUID(by.actor_id)).version
        try:
            catalogue = self.store.load(AgencyCatalogue, stream)
        except errors.NotFound:
            catalogue = AgencyCatalogue.open(
                actor=by.actor_id, jurisdiction=jurisdiction, agency=by.agency
            )
            catalogue.propose(
                actor=by.actor_id, proposal_id=proposal_id, data=data, note=note,
                proposer_seq=seq,
            )  # fmt: skip
            return catalogue, proposal_id, self.store.append(catalogue)

        def action(found: AgencyCatalogue) -> None:
            found.propose(
                actor=by.actor_id, proposal_id=proposal_id, data=data, note=note,
                proposer_seq=seq,
            )  # fmt: skip

        events = self.store.command(AgencyCatalogue, stream, action)
        return self.load(stream), proposal_id, events

    def approve(
        self, by: Principal, catalogue_id: UUID, proposal_id: str
    ) -> tuple[int, list[Appended]]:
        """Put a proposal in force (a second reviewer of the office: four-eyes)."""
        version: list[int] = []

        def action(catalogue: AgencyCatalogue) -> None:
            self._require_office(by, catalogue.agency, catalogue.jurisdiction)
            self._check_proposer_still_in_office(catalogue, proposal_id)
            version.append(catalogue.approve(actor=by.actor_id, proposal_id=proposal_id))

        events = self.store.command(AgencyCatalogue, catalogue_id, action)
        return version[-1], events

    def _check_proposer_still_in_office(self, catalogue: AgencyCatalogue, proposal_id: str) -> None:
        """Four-eyes needs two people of the office: a proposal whose proposer has since
        been suspended or revoked (for good, also after a reinstatement: the suspension may
        be about that very proposal) or left the office (role or agency) has lapsed; it can
        still be rejected, and proposed again by someone in office."""
        proposal = catalogue.proposal(proposal_id)
        try:
            proposer = self.store.load(Actor, UUID(proposal.proposed_by))
        except (ValueError, errors.NotFound):
            proposer = None
        if proposer is None or not (
            proposer.status is Status.ACTIVE
            and not proposer.lost_standing_after(proposal.proposer_seq)
            and proposer.has_role(Role.LEGAL_REVIEWER)
            and proposer.agency == catalogue.agency
            and covers(proposer.jurisdiction, catalogue.jurisdiction)
        ):
            raise errors.ProposalLapsed(
                f"proposal {proposal_id} lapsed: its proposer is no longer an active legal "
                f"reviewer of {catalogue.agency} for {catalogue.jurisdiction}; reject it and "
                "propose again (R-LR-10)"
            )

    def reject(
        self, by: Principal, catalogue_id: UUID, proposal_id: str, reason: str
    ) -> list[Appended]:
        """Refuse a proposal, with the reason."""

        def action(catalogue: AgencyCatalogue) -> None:
            self._require_office(by, catalogue.agency, catalogue.jurisdiction)
            catalogue.reject(actor=by.actor_id, proposal_id=proposal_id, reason=reason)

        return self.store.command(AgencyCatalogue, catalogue_id, action)

    def catalogue_in_force(
        self, agency: str, jurisdiction: str, before_leaf: int | None = None
    ) -> tuple[Catalogue | AgencyCatalogue, int]:
        """The catalogue that judges the drafts of ``agency`` in ``jurisdiction``, and its
        version: the agency's own catalogue for the narrowest jurisdiction covering the
        case that has a version in force, else the deployment's baseline (R-LR-10).

        With ``before_leaf``, the version in force when the log had that many leaves:
        versions whose event is a later leaf are ignored (what a draft submitted at that
        leaf was judged by, whatever raced with it).
        """
        candidates: list[Catalogue | AgencyCatalogue] = []
        for code in jurisdictions_covering(jurisdiction):
            try:
                candidates.append(
                    self.store.load(AgencyCatalogue, AgencyCatalogue.create_id(code, agency))
                )
            except errors.NotFound:
                continue
        candidates.append(self.app.catalogue())
        for catalogue in candidates:
            seqs = catalogue.version_seqs()
            if before_leaf is not None:
                leaves = self.app.log.leaf_indexes_of(catalogue.id, list(seqs.values()))
                seqs = {v: q for v, q in seqs.items() if leaves.get(q, before_leaf) < before_leaf}
            if seqs:
                return catalogue, max(seqs)
        raise errors.NotFound("no catalogue version was in force then")

    def in_force(self, agency: str, jurisdiction: str) -> dict[str, Any]:
        """The catalogue that judges new drafts of ``agency`` in ``jurisdiction``."""
        catalogue, version = self.catalogue_in_force(agency, jurisdiction)
        scope = (
            {"jurisdiction": catalogue.jurisdiction, "agency": catalogue.agency}
            if isinstance(catalogue, AgencyCatalogue)
            else {"jurisdiction": "*", "agency": None}
        )
        return {
            "catalogue_id": str(catalogue.id),
            "scope": scope,
            "version": version,
            "event_hash": catalogue.version_hashes[version],
            "data": catalogue.data_of(version),
            "statutory_floor": STATUTORY_FLOOR,
            "simplified_procedure": SIMPLIFIED_PROCEDURE,
        }

    def describe(self, catalogue: AgencyCatalogue) -> dict[str, Any]:
        """An agency catalogue: its scope, the version in force, every proposal."""
        return {
            "catalogue_id": str(catalogue.id),
            "scope": {"jurisdiction": catalogue.jurisdiction, "agency": catalogue.agency},
            "version": catalogue.current_version,
            "event_hash": catalogue.version_hashes.get(catalogue.current_version),
            "data": catalogue.data if catalogue.current_version else None,
            "proposals": catalogue.proposals_state(),
        }

    def revisions(self, by: Principal) -> list[dict[str, Any]]:
        """Every proposal, approval and rejection of agencies' catalogues in the caller's
        area, oldest first (oversight and admin; R-LR-10, R-SV-2)."""
        out: list[dict[str, Any]] = []
        topics = [
            f"{AgencyCatalogue.STREAM_KIND}.{name}"
            for name in ("RevisionProposed", "RevisionApproved", "RevisionRejected")
        ]
        scopes: dict[str, AgencyCatalogue] = {}
        for row in self.store.rows(topics=topics):
            if row.stream not in scopes:
                scopes[row.stream] = self.load(UUID(row.stream))
            catalogue = scopes[row.stream]
            if not covers(by.jurisdiction, catalogue.jurisdiction):
                continue
            envelope = self.store.envelope(row)
            out.append(
                {
                    "catalogue_id": row.stream,
                    "scope": {"jurisdiction": catalogue.jurisdiction, "agency": catalogue.agency},
                    "seq": envelope.seq,
                    "type": envelope.type,
                    "at": envelope.at,
                    "actor": envelope.actor,
                    "proposal_id": envelope.data["proposal_id"],
                    "version": envelope.data.get("version"),
                    "note": envelope.data.get("note") or envelope.data.get("reason"),
                }
            )
        return out
