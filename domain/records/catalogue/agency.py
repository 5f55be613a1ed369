"""Agencies' own catalogues (R-LR-10): each agency's legal office revises its catalogue
four-eyes, never below the statutory floor; a draft is judged by the catalogue of the
narrowest jurisdiction covering its case that has a version in force."""

from __future__ import annotations

import copy
import hashlib
import uuid
from dataclasses import dataclass
from typing import Any, Final
from uuid import UUID

from eventsourcing.domain import event

from domain.proof.jcs import canonical_json
from domain.records.aggregate import ChainedAggregate
from domain.records.catalogue.baseline import CatalogueJudgement, _check_note
from domain.records.catalogue.data import STATUTORY_FLOOR
from domain.records.catalogue.rules import InvalidCatalogue, data_field, judge, validate_catalogue
from domain.records.errors import ChainBroken, InvalidInput, NotFound, RuleViolation
from domain.records.jurisdiction import check_division_code

# -- agencies' own catalogues (R-LR-10) ---------------------------------------------------

AGENCY_CATALOGUE_NAMESPACE = UUID("5c0b8e52-6a43-4c1f-9d0e-3b7f2a8d1e64")

PROPOSAL_STATUSES: Final = ("pending", "approved", "rejected")


class FourEyesRequired(RuleViolation):
    """A catalogue revision takes effect only when a second person approves it (R-LR-10)."""

    code = "four-eyes-required"
    title = "A second person must approve"


class ProposalStale(RuleViolation):
    """The catalogue moved on since the proposal was made: it would silently undo the
    version approved meanwhile. Propose again on the version in force."""

    code = "proposal-stale"
    title = "Proposal made on an earlier version"


class ProposalNotPending(RuleViolation):
    """The catalogue proposal was approved or rejected already."""

    code = "proposal-not-pending"
    title = "Proposal already decided"


def check_scope_jurisdiction(code: str) -> str:
    """A division code a catalogue may be scoped to: 6, 9 or 12 ASCII digits of a real area
    (行政区划代码, ``domain.records.jurisdiction``), or ``invalid-jurisdiction``."""
    return check_division_code(code, "jurisdiction")


def jurisdictions_covering(area: str) -> list[str]:
    """The division codes that cover ``area``, narrowest first (``370303`` → ``370303``,
    ``370300``, ``370000``): where an agency's catalogue for ``area`` may be set."""
    codes: list[str] = []
    if area.isdigit() and len(area) >= 6:
        for width in (12, 9):
            if len(area) >= width:
                codes.append(area[:width])
        for width in (6, 4, 2):
            codes.append(area[:width].ljust(6, "0"))
    return list(dict.fromkeys(codes))


@dataclass
class Proposal:
    """A proposed whole new version of an agency's catalogue (four-eyes, R-LR-10)."""

    proposal_id: str
    data: dict[str, Any]
    data_hash: str
    note: str
    proposed_by: str
    base_version: int = 0
    proposer_seq: int | None = None
    """The proposer's own actor-stream position when it proposed: a later suspension or
    revocation of the proposer lapses the proposal for good."""
    status: str = "pending"
    decided_by: str | None = None
    reason: str | None = None
    version: int | None = None


def check_not_above_floor(data: dict[str, Any]) -> None:
    """A catalogue may set 较大数额 lower than the statutory floor, never higher (R-LR-10):
    a higher figure would read as if it applied, while the floor decides."""
    floor = {
        condition: rule["when"][condition]
        for rule in STATUTORY_FLOOR["rules"]
        for condition in ("fine_at_least_fen", "confiscation_at_least_fen")
        if condition in rule["when"]
    }
    for index, rule in enumerate(data["rules"]):
        for condition, ceiling in floor.items():
            for kind, amount in rule["when"].get(condition, {}).items():
                if amount > ceiling[kind]:
                    path = f"$.rules[{index}].when.{condition}.{kind}"
                    raise InvalidCatalogue(
                        f"{path}: {amount} fen is above the statutory floor's {ceiling[kind]} "
                        "fen; a catalogue may set lower amounts, never higher (R-LR-10)",
                        field=data_field(path),
                    )


def catalogue_data_hash(data: dict[str, Any]) -> str:
    """SHA-256 of a catalogue's JCS: what an approval names, so it approves exact data."""
    return hashlib.sha256(b"jianzheng:catalogue:v1\n" + canonical_json(data)).hexdigest()


class AgencyCatalogue(ChainedAggregate):
    """One agency's major-decision catalogue for one jurisdiction (R-LR-10).

    The agency's legal office (法制机构: its legal reviewers) proposes a whole new
    version; it takes effect only when a *different* reviewer of that office approves
    it (four-eyes). Every proposal, approval and rejection is an event of this stream, so
    oversight sees each revision. A draft is judged by the version in force when it was
    submitted, and the statutory floor applies whatever a version says.
    """

    STREAM_KIND = "agency_catalogue"

    class Event(ChainedAggregate.Event):
        """An agency catalogue event: an approval records its hash as its version's hash."""

        def mutate(self, aggregate: Any) -> Any:
            """Apply; an approval's hash becomes the hash of the version it put in force."""
            result = super().mutate(aggregate)
            version = getattr(self, "version", None)
            if self.TYPE.endswith(".RevisionApproved") and isinstance(version, int):
                result.version_hashes[version] = self.hash
            return result

    @event("Opened")
    def __init__(self, actor: str, jurisdiction: str, agency: str) -> None:
        self.jurisdiction = jurisdiction
        self.agency = agency
        self.proposals: dict[str, Proposal] = {}
        self.current_version = 0
        self.version_hashes: dict[int, str] = {}
        self._history: dict[int, dict[str, Any]] = {}
        self._seqs: dict[int, int] = {}

    @staticmethod
    def create_id(jurisdiction: str, agency: str) -> UUID:
        """Deterministic: one stream per (jurisdiction, agency)."""
        return uuid.uuid5(AGENCY_CATALOGUE_NAMESPACE, f"{jurisdiction}\n{agency}")

    @classmethod
    def open(cls, *, actor: str, jurisdiction: str, agency: str) -> AgencyCatalogue:
        """Open the stream of an agency's catalogue for a jurisdiction."""
        check_scope_jurisdiction(jurisdiction)
        if not isinstance(agency, str) or not agency.strip():
            raise InvalidInput("agency: the catalogue needs its agency", field="agency")
        return cls(actor=actor, jurisdiction=jurisdiction, agency=agency)

    def propose(
        self,
        *,
        actor: str,
        proposal_id: str,
        data: dict[str, Any],
        note: str,
        proposer_seq: int | None = None,
    ) -> None:
        """Propose a whole new version; nothing changes until another reviewer approves."""
        _check_note(note)
        validate_catalogue(data)
        check_not_above_floor(data)
        if proposal_id in self.proposals:
            raise InvalidInput(f"proposal {proposal_id} exists already")
        self._propose(
            actor=actor,
            proposal_id=proposal_id,
            data=copy.deepcopy(data),
            data_hash=catalogue_data_hash(data),
            note=note,
            base_version=self.current_version,
            proposer_seq=proposer_seq,
        )

    @event("RevisionProposed")
    def _propose(
        self,
        actor: str,
        proposal_id: str,
        data: dict[str, Any],
        data_hash: str,
        note: str,
        base_version: int = 0,
        proposer_seq: int | None = None,
    ) -> None:
        self.proposals[proposal_id] = Proposal(
            proposal_id, data, data_hash, note, actor, base_version, proposer_seq
        )

    def proposal(self, proposal_id: str) -> Proposal:
        """A proposal by id."""
        try:
            return self.proposals[proposal_id]
        except KeyError:
            raise NotFound(f"no catalogue proposal {proposal_id} in this catalogue") from None

    def _pending(self, proposal_id: str) -> Proposal:
        proposal = self.proposal(proposal_id)
        if proposal.status != "pending":
            raise ProposalNotPending(f"proposal {proposal_id} was {proposal.status} already")
        return proposal

    def approve(self, *, actor: str, proposal_id: str) -> int:
        """Put a proposal in force as the next version; never by its own proposer."""
        proposal = self._pending(proposal_id)
        if proposal.base_version != self.current_version:
            raise ProposalStale(
                f"proposal {proposal_id} was made on version {proposal.base_version}; version "
                f"{self.current_version} is in force now and approving would undo it: reject "
                "this proposal and propose again on the version in force"
            )
        if actor == proposal.proposed_by:
            raise FourEyesRequired(
                "the proposer may not approve their own catalogue revision; "
                "another legal reviewer of the office must approve it (R-LR-10)"
            )
        version = self.current_version + 1
        self._approve(
            actor=actor, proposal_id=proposal_id, version=version, data_hash=proposal.data_hash
        )
        return version

    @event("RevisionApproved")
    def _approve(self, actor: str, proposal_id: str, version: int, data_hash: str) -> None:
        proposal = self.proposals[proposal_id]
        if data_hash != proposal.data_hash or version != self.current_version + 1:
            raise ChainBroken(
                f"stream {self.id}: approval of {proposal_id} names data {data_hash} "
                f"version {version}, expected {proposal.data_hash} {self.current_version + 1}"
            )
        proposal.status, proposal.decided_by, proposal.version = "approved", actor, version
        self.current_version = version
        self._history[version] = proposal.data
        self._seqs[version] = self.version + 1

    def reject(self, *, actor: str, proposal_id: str, reason: str) -> None:
        """Refuse a proposal, with the reason (by anyone of the office, the proposer too)."""
        self._pending(proposal_id)
        _check_note(reason)
        self._reject(actor=actor, proposal_id=proposal_id, reason=reason)

    @event("RevisionRejected")
    def _reject(self, actor: str, proposal_id: str, reason: str) -> None:
        proposal = self.proposals[proposal_id]
        proposal.status, proposal.decided_by, proposal.reason = "rejected", actor, reason

    @property
    def data(self) -> dict[str, Any]:
        """The version in force (a copy); NotFound before the first approval."""
        return self.data_of(self.current_version)

    def data_of(self, version: int) -> dict[str, Any]:
        """A version's data (a copy)."""
        try:
            return copy.deepcopy(self._history[version])
        except KeyError:
            raise NotFound(f"this catalogue has no version {version}") from None

    def version_seqs(self) -> dict[int, int]:
        """Catalogue version → the seq of the approval that put it in force."""
        return dict(self._seqs)

    def proposals_state(self) -> list[dict[str, Any]]:
        """Every proposal with its status, for the legal office and oversight."""
        return [
            {
                "proposal_id": p.proposal_id,
                "status": p.status,
                "proposed_by": p.proposed_by,
                "decided_by": p.decided_by,
                "note": p.note,
                "reason": p.reason,
                "version": p.version,
                "base_version": p.base_version,
                "data_hash": p.data_hash,
                "data": copy.deepcopy(p.data),
            }
            for p in self.proposals.values()
        ]


def judge_by(
    data: dict[str, Any],
    *,
    stream: UUID,
    version: int,
    event_hash: str,
    action_type: str,
    measures: list[str],
    fine_fen: int,
    confiscation_fen: int,
    party_kind: str,
    flags: list[str],
    simplified: bool,
) -> CatalogueJudgement:
    """Judge a draft by one catalogue version (data, stream, version, hash), citing it."""
    judgement = judge(
        data,
        action_type=action_type,
        measures=measures,
        fine_fen=fine_fen,
        confiscation_fen=confiscation_fen,
        party_kind=party_kind,
        flags=flags,
        simplified=simplified,
    )
    return CatalogueJudgement(
        major=judgement.major,
        matched_rules=judgement.matched_rules,
        catalogue_version=version,
        catalogue_event_hash=event_hash,
        catalogue_stream=str(stream),
        collective_rules=judgement.collective_rules,
    )
