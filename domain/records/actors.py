# Long because: one actor's whole standing is one chained stream — registration, roles and
# their four-eyes grants, certificates and legal qualifications, tokens, status and the sanctions
# on the certificate (R-SV-4) — whose rules read together.
"""Actors: the people and bodies who act in Jianzheng (DESIGN §5, R-AC-1).

Each actor is one chained stream: registered with a role, an agency and a
jurisdiction; enforcement certificates recorded (持证上岗, R-EN-3); bearer
tokens issued and revoked (only the token's SHA-256 is ever stored); suspended,
reinstated or revoked (R-SV-4, effective at once).

Roles are granted under these rules (R-AC-2, R-AC-3, R-CH-4):

* nobody grants, proposes or approves a role for itself (``self-grant-forbidden``): an
  admin giving itself a role would need no one else's consent;
* a jurisdiction is a division code of the level the role needs (:data:`ROLE_LEVELS`:
  ``invalid-jurisdiction``, ``jurisdiction-unfit-for-role``, naming the field), and only an
  admin's may be ``*`` (``unbounded-jurisdiction``): ``*`` covers every child and every case;
* a role of :data:`FOUR_EYES_ROLES` is *proposed* by one admin (``RoleGrantProposed``) and
  takes effect only when a *different* admin approves (``RoleGrantApproved``; or
  ``RoleGrantRejected``): it opens children's files — or, for ``admin``, approves such
  grants, and a second admin made by one admin alone would defeat the rule;
* an actor registered with such a role is the same grant: its token works, but the role is
  held back (``RoleGrantProposed`` with ``registration``) until a second admin approves;
* a proposal lapses for good when its proposer is suspended or revoked after making it
  (``proposal-lapsed``): the proposal records the proposer's stream position
  (``proposer_seq``), and any later ``Suspended`` or ``Revoked`` of the proposer ends it.

Actors stored by earlier versions may hold a role whose level their jurisdiction does not
fit (``"3"``, ``"*"`` for an officer, a county for a village committee): such a role is
*dormant* (:meth:`Actor.roles_in_force` leaves it out, ``dormant_roles`` lists it) — the
record stays as it was, but the role authorises nothing until an admin registers the person
again with a fitting code.

The console operator (actor ``system``) is the deployment's root — it holds the store and
its keys — and grants directly; ``RoleGranted`` (direct grants) stays valid for old stores.
"""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.proof.chain import SYSTEM_ACTOR
from domain.records.aggregate import ChainedAggregate
from domain.records.errors import (
    ActorNotActive,
    ApprovalRequired,
    CertificateNumberTaken,
    InvalidInput,
    JurisdictionUnfitForRole,
    NotFound,
    ProposalAlreadyDecided,
    ProposalLapsed,
    ProposalNotFound,
    RuleViolation,
    SecondApproverRequired,
    SelfGrantForbidden,
    UnboundedJurisdiction,
    UnknownRole,
)
from domain.records.jurisdiction import (
    COUNTY,
    EVERYWHERE,
    TOWN,
    VILLAGE,
    check_division_code,
    is_division_code,
)
from domain.records.oversight.sanctions import (
    PUBLIC_CRITICISM,
    WITHDRAWAL,
    Sanction,
    check_sanction,
)
from domain.records.qualification import (
    LegalQualification,
    PriorService,
    check_prior_service,
    check_qualification,
)


class Role(StrEnum):
    """Roles of DESIGN §5 / R-AC-1."""

    OFFICER = "officer"  # 执法人员, needs a valid enforcement certificate (R-EN-3)
    LEGAL_REVIEWER = "legal_reviewer"  # 法制审核人员 (R-LR-5)
    AGENCY_HEAD = "agency_head"  # makes decisions (R-EN-7)
    OVERSIGHT = "oversight"  # 监督机构 (R-SV-2)
    COURT = "court"
    CIVIL_AFFAIRS = "civil_affairs"  # 民政
    TOWN_OFFICE = "town_office"  # 镇/街道
    VILLAGE_COMMITTEE = "village_committee"  # 村/居委会
    POLICE = "police"
    REPORTER = "reporter"  # mandatory reporters (R-RP-1)
    ADMIN = "admin"


CHILD_ACCESS_ROLES = frozenset(
    {
        Role.CIVIL_AFFAIRS,
        Role.TOWN_OFFICE,
        Role.VILLAGE_COMMITTEE,
        Role.POLICE,
        Role.REPORTER,
        Role.COURT,
        Role.OVERSIGHT,
    }
)
"""Roles that open children's files, reports or petitions (child protection, R-AC-2; the
police, R-EM-1; mandatory reporters, R-RP-1; and courts and oversight, which read them)."""

FOUR_EYES_ROLES = CHILD_ACCESS_ROLES | {Role.ADMIN}
"""Roles granted only by two admins: the child-access roles, and admin itself."""


ANY_LEVEL = (COUNTY, TOWN, VILLAGE)
_WIDE = "wide"
"""A six-digit code of a county or a prefecture-level city (never a province)."""

ROLE_LEVELS: dict[Role, tuple[object, ...]] = {
    Role.ADMIN: (EVERYWHERE, *ANY_LEVEL),
    Role.OFFICER: ANY_LEVEL,
    Role.LEGAL_REVIEWER: ANY_LEVEL,
    Role.AGENCY_HEAD: ANY_LEVEL,
    Role.OVERSIGHT: (COUNTY,),
    Role.COURT: (COUNTY,),
    Role.CIVIL_AFFAIRS: (_WIDE,),
    Role.POLICE: (_WIDE,),
    Role.TOWN_OFFICE: (TOWN,),
    Role.VILLAGE_COMMITTEE: (VILLAGE,),
    Role.REPORTER: ANY_LEVEL,
}
"""Which jurisdictions each role may hold (R-AC-1…3, DESIGN §5: authority follows codes).

* ``admin``: ``*`` or any code — it manages actors and opens no file; ``*`` is the
  bootstrap admin's, and no other role may have it;
* ``officer``, ``legal_reviewer``, ``agency_head``: 6, 9 or 12 digits — agencies act at
  county level or below (a town's enforcement team);
* ``oversight``, ``court``: 6 digits (a province, a city such as ``370300``, a county) —
  they watch or judge a whole area;
* ``civil_affairs``, ``police``: 6 digits below a province — a county, or a city's bureau
  (also the cities without counties, e.g. ``441900``): "civil affairs and police their
  county";
* ``town_office``: 9 digits, its town; ``village_committee``: 12 digits, its village;
* ``reporter``: 6, 9 or 12 digits, where the school or hospital is (it reports children
  from anywhere).
"""

_LEVEL_WORDS = {
    EVERYWHERE: "'*'",
    COUNTY: "a six-digit code (province, city or county)",
    TOWN: "a nine-digit town code",
    VILLAGE: "a twelve-digit village code",
    _WIDE: "a six-digit county or city code (not a province)",
}


class Status(StrEnum):
    """An actor's standing: only ``active`` actors may act."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    REVOKED = "revoked"


def parse_role(text: str) -> Role:
    """The :class:`Role` named ``text``, or :class:`UnknownRole` listing the valid ones."""
    try:
        return Role(text)
    except ValueError:
        valid = ", ".join(r.value for r in Role)
        allowed = [r.value for r in Role]
        raise UnknownRole(
            f"role: no such role; the roles are {valid}", field="role", allowed=allowed
        ) from None


def parse_date(text: str, field: str) -> date:
    """A ``YYYY-MM-DD`` date, or :class:`InvalidInput` naming the field."""
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise InvalidInput(f"{field}: {text!r} is not a date (YYYY-MM-DD)") from None


@dataclass(frozen=True)
class Certificate:
    """An enforcement certificate (行政执法证, R-EN-3)."""

    number: str
    valid_from: date
    valid_until: date

    def is_valid_on(self, day: date) -> bool:
        """Whether the certificate covers ``day`` (both ends inclusive)."""
        return self.valid_from <= day <= self.valid_until


@dataclass(frozen=True)
class PendingGrant:
    """A role proposed by one admin, waiting for a different admin's approval."""

    proposal_id: str
    role: Role
    proposed_by: str
    registration: bool
    proposer_seq: int | None = None
    """The proposer's stream position when it proposed (None: stored by an earlier version)."""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "proposal_id": self.proposal_id,
            "role": self.role.value,
            "proposed_by": self.proposed_by,
            "registration": self.registration,
        }


@dataclass(frozen=True)
class TokenRecord:
    """A token issued to the actor, by its id; the token itself is never stored."""

    token_id: str
    token_sha256: str
    revoked: bool = False


class Actor(ChainedAggregate):
    """One actor's stream (DESIGN §5)."""

    STREAM_KIND = "actors"

    @event("Registered")
    def __init__(self, actor: str, name: str, role: str, agency: str, jurisdiction: str) -> None:
        self.name = name
        self.role = Role(role)
        self.roles: set[Role] = {self.role}
        self.agency = agency
        self.jurisdiction = jurisdiction
        self.status = Status.ACTIVE
        self.certificates: list[Certificate] = []
        self.legal_qualifications: list[LegalQualification] = []
        self.prior_review_service: list[PriorService] = []
        self.tokens: dict[str, TokenRecord] = {}
        self.pending_grants: dict[str, PendingGrant] = {}
        self.decided_grants: set[str] = set()
        self.standing_lost_at: list[int] = []
        """Seqs of this actor's ``Suspended`` and ``Revoked`` events (lapsing proposals)."""

    @classmethod
    def register(cls, *, actor: str, name: str, role: str, agency: str, jurisdiction: str) -> Actor:
        """Register a new actor after checking its fields.

        Registered with a role of :data:`FOUR_EYES_ROLES` by anyone but the console
        operator, the actor holds the role only once a second admin approves
        (:meth:`hold_for_approval`, called by the application in the same append).
        """
        granted = parse_role(role)
        for field, value in (("name", name), ("agency", agency)):
            if not value.strip():
                raise InvalidInput(f"{field} must not be empty")
        check_jurisdiction_fits(granted, jurisdiction, "jurisdiction")
        return cls(actor=actor, name=name, role=role, agency=agency, jurisdiction=jurisdiction)

    # -- invariants ---------------------------------------------------------------------

    def check_is_not_revoked(self) -> None:
        """A revoked actor's stream only records history; nothing new may be granted."""
        if self.status is Status.REVOKED:
            raise ActorNotActive(f"actor {self.id} is revoked")

    def check_is_active(self) -> None:
        """Suspended and revoked actors may not act (R-SV-4)."""
        if self.status is not Status.ACTIVE:
            raise ActorNotActive(f"actor {self.id} is {self.status.value}")

    def has_role(self, role: Role) -> bool:
        """Whether the actor holds ``role`` in force (registered with it or granted later, on
        a jurisdiction that fits it): a dormant role counts for nothing, also when someone
        else names this actor (an officer of a case, a reviewer)."""
        return role in self.roles and jurisdiction_fits(role, self.jurisdiction)

    def roles_in_force(self) -> frozenset[Role]:
        """The roles that authorise anything: those whose level the jurisdiction fits.

        A role stored by an earlier version on a jurisdiction that does not fit it (``"3"``,
        ``*`` for an officer) is dormant: kept in the record, authorising nothing.
        """
        return frozenset(r for r in self.roles if jurisdiction_fits(r, self.jurisdiction))

    def dormant_roles(self) -> list[Role]:
        """Roles held whose level the jurisdiction does not fit (stored by earlier versions)."""
        return sorted(self.roles - self.roles_in_force(), key=lambda r: list(Role).index(r))

    def check_not_self(self, actor: str, what: str) -> None:
        """Nobody grants, proposes or approves a role for itself."""
        if actor == str(self.id):
            raise SelfGrantForbidden(f"an actor may not {what} a role for itself")

    def check_may_be_given(self, role: Role) -> None:
        """The role is new to the actor, not awaiting approval, and fits its jurisdiction."""
        self.check_is_not_revoked()
        if role in self.roles:
            raise RuleViolation(f"actor {self.id} already holds the role {role.value}")
        if any(p.role is role for p in self.pending_grants.values()):
            raise RuleViolation(f"the role {role.value} is already proposed for actor {self.id}")
        check_jurisdiction_fits(role, self.jurisdiction, "role")

    def grant_role(self, *, actor: str, role: str) -> None:
        """Grant a further role at once (DESIGN §5: role granted).

        Roles of :data:`FOUR_EYES_ROLES` are granted at once only by the console operator;
        an admin proposes them (:meth:`propose_role`).
        """
        granted = parse_role(role)
        self.check_not_self(actor, "grant")
        self.check_may_be_given(granted)
        if granted in FOUR_EYES_ROLES and actor != SYSTEM_ACTOR:
            raise ApprovalRequired(
                f"the role {granted.value} is granted by two admins: propose it, and a "
                "different admin approves"
            )
        self._grant_role(actor=actor, role=granted.value)

    @event("RoleGranted")
    def _grant_role(self, actor: str, role: str) -> None:
        self.roles.add(Role(role))

    # -- four-eyes grants (R-AC-3, R-CH-4) ------------------------------------------------

    def propose_role(
        self, *, actor: str, proposal_id: str, role: str, proposer_seq: int | None = None
    ) -> None:
        """Propose a role of :data:`FOUR_EYES_ROLES`; it takes effect on a second approval.

        ``proposer_seq`` is the proposer's own stream position when it proposed: a later
        suspension or revocation of the proposer lapses the proposal (:meth:`approve_role`).
        """
        proposed = parse_role(role)
        if proposed not in FOUR_EYES_ROLES:
            raise RuleViolation(f"the role {proposed.value} needs no approval: grant it")
        self.check_not_self(actor, "propose")
        self.check_may_be_given(proposed)
        self._propose_role(
            actor=actor,
            proposal_id=proposal_id,
            role=proposed.value,
            registration=False,
            proposer_seq=proposer_seq,
        )

    def hold_for_approval(
        self, *, actor: str, proposal_id: str, proposer_seq: int | None = None
    ) -> None:
        """Hold back the role the actor was just registered with until a second admin
        approves (registration is the same class of grant as :meth:`propose_role`)."""
        if self.role not in FOUR_EYES_ROLES or self.roles != {self.role}:
            raise RuleViolation("only a new registration with a four-eyes role is held back")
        self._propose_role(
            actor=actor,
            proposal_id=proposal_id,
            role=self.role.value,
            registration=True,
            proposer_seq=proposer_seq,
        )

    @event("RoleGrantProposed")
    def _propose_role(
        self,
        actor: str,
        proposal_id: str,
        role: str,
        registration: bool,
        proposer_seq: int | None = None,
    ) -> None:
        granted = Role(role)
        self.pending_grants[proposal_id] = PendingGrant(
            proposal_id, granted, actor, registration, proposer_seq
        )
        if registration:
            self.roles.discard(granted)

    def pending_grant(self, proposal_id: str) -> PendingGrant:
        """The open proposal, or why there is none."""
        pending = self.pending_grants.get(proposal_id)
        if pending is not None:
            return pending
        if proposal_id in self.decided_grants:
            raise ProposalAlreadyDecided(f"proposal {proposal_id} was already decided")
        raise ProposalNotFound(f"actor {self.id} has no role proposal {proposal_id}")

    def approve_role(self, *, actor: str, proposal_id: str, proposer: Actor | None) -> None:
        """A second admin approves: the role takes effect now.

        ``proposer`` is the proposing admin's stream as it stands (``None`` for a proposal
        by the console operator, which never proposes today): a proposal whose proposer was
        suspended or revoked after proposing has lapsed for good.
        """
        pending = self.pending_grant(proposal_id)
        self.check_not_self(actor, "approve")
        if actor == pending.proposed_by:
            raise SecondApproverRequired(
                "the admin who proposed a grant may not approve it: a different admin must"
            )
        self.check_is_not_revoked()
        if proposer is not None and proposer.lost_standing_after(pending.proposer_seq):
            raise ProposalLapsed(
                f"proposal {proposal_id} lapsed: the admin who proposed it was suspended or "
                "revoked afterwards; reject it, and a standing admin may propose anew"
            )
        check_jurisdiction_fits(pending.role, self.jurisdiction, "role")
        self._approve_role(actor=actor, proposal_id=proposal_id, role=pending.role.value)

    def lost_standing_after(self, seq: int | None) -> bool:
        """Whether this actor was suspended or revoked after its stream position ``seq``
        (``None``, for a proposal stored before positions were recorded: ever)."""
        return any(lost > (seq or 0) for lost in self.standing_lost_at)

    @event("RoleGrantApproved")
    def _approve_role(self, actor: str, proposal_id: str, role: str) -> None:
        del self.pending_grants[proposal_id]
        self.decided_grants.add(proposal_id)
        self.roles.add(Role(role))

    def reject_role(self, *, actor: str, proposal_id: str, reason: str) -> None:
        """An admin (the proposer withdrawing, or another) rejects: the role never takes
        effect. The grantee may not decide on its own proposal."""
        pending = self.pending_grant(proposal_id)
        self.check_not_self(actor, "reject")
        if not reason.strip():
            raise InvalidInput("reason must not be empty")
        self._reject_role(
            actor=actor, proposal_id=proposal_id, role=pending.role.value, reason=reason
        )

    @event("RoleGrantRejected")
    def _reject_role(self, actor: str, proposal_id: str, role: str, reason: str) -> None:
        del self.pending_grants[proposal_id]
        self.decided_grants.add(proposal_id)

    # -- certificates (持证上岗, R-EN-3) ----------------------------------------------------

    def record_certificate(
        self, *, actor: str, number: str, valid_from: str, valid_until: str
    ) -> None:
        """Record an enforcement certificate with its validity period."""
        self.check_is_not_revoked()
        start = parse_date(valid_from, "valid_from")
        end = parse_date(valid_until, "valid_until")
        if end < start:
            raise InvalidInput(f"valid_until {valid_until} is before valid_from {valid_from}")
        if not number.strip():
            raise InvalidInput("certificate number must not be empty")
        self._record_certificate(
            actor=actor, number=number, valid_from=start.isoformat(), valid_until=end.isoformat()
        )

    @event("CertificateRecorded")
    def _record_certificate(
        self, actor: str, number: str, valid_from: str, valid_until: str
    ) -> None:
        self.certificates.append(
            Certificate(number, date.fromisoformat(valid_from), date.fromisoformat(valid_until))
        )

    def certificate_valid_on(self, day: date) -> Certificate | None:
        """A certificate valid on ``day``, if any — none while a sanction bars it (R-SV-4)."""
        if self.certificate_barred_on(day) is not None:
            return None
        return next((c for c in self.certificates if c.is_valid_on(day)), None)

    # -- legal reviewers' qualification (法律职业资格, R-LR-5; ``domain.records.qualification``)

    def record_legal_qualification(
        self, *, actor: str, number: str, obtained_on: str, today: date
    ) -> None:
        """Record a legal professional qualification (certificate number, date obtained, not
        after ``today``)."""
        self.check_is_not_revoked()
        obtained = parse_date(obtained_on, "obtained_on")
        check_qualification(number, obtained, today)
        self._record_legal_qualification(
            actor=actor, number=number.strip(), obtained_on=obtained.isoformat()
        )

    @event("LegalQualificationRecorded")
    def _record_legal_qualification(self, actor: str, number: str, obtained_on: str) -> None:
        qualification = LegalQualification(number, date.fromisoformat(obtained_on))
        self.legal_qualifications.append(qualification)

    def record_prior_review_service(self, *, actor: str, served_from: str, basis: str) -> None:
        """Record penalty-review service begun before 2021-07-15 (not 初次从事)."""
        self.check_is_not_revoked()
        began = parse_date(served_from, "served_from")
        check_prior_service(began, basis)
        self._record_prior_review_service(
            actor=actor, served_from=began.isoformat(), basis=basis.strip()
        )

    @event("PriorPenaltyReviewRecorded")
    def _record_prior_review_service(self, actor: str, served_from: str, basis: str) -> None:
        self.prior_review_service.append(PriorService(date.fromisoformat(served_from), basis))

    # -- tokens -------------------------------------------------------------------------

    def issue_token(self, *, actor: str, token_id: str, token_sha256: str) -> None:
        """Record that a token with this SHA-256 was issued (the token is shown once)."""
        self.check_is_not_revoked()
        self._issue_token(actor=actor, token_id=token_id, token_sha256=token_sha256)

    @event("TokenIssued")
    def _issue_token(self, actor: str, token_id: str, token_sha256: str) -> None:
        self.tokens[token_id] = TokenRecord(token_id, token_sha256)

    def revoke_token(self, *, actor: str, token_id: str, reason: str) -> None:
        """Revoke one token; the actor's other tokens keep working."""
        record = self.tokens.get(token_id)
        if record is None:
            raise NotFound(f"actor {self.id} has no token {token_id}")
        if record.revoked:
            raise RuleViolation(f"token {token_id} is already revoked")
        self._revoke_token(actor=actor, token_id=token_id, reason=reason)

    @event("TokenRevoked")
    def _revoke_token(self, actor: str, token_id: str, reason: str) -> None:
        old = self.tokens[token_id]
        self.tokens[token_id] = TokenRecord(old.token_id, old.token_sha256, revoked=True)

    # -- standing (R-SV-4) --------------------------------------------------------------

    def suspend(self, *, actor: str, reason: str) -> None:
        """Suspend at once (e.g. 暂扣执法证件)."""
        self.check_is_active()
        self._suspend(actor=actor, reason=reason)

    @event("Suspended")
    def _suspend(self, actor: str, reason: str) -> None:
        self.status = Status.SUSPENDED
        self.standing_lost_at.append(self.version + 1)  # this event's seq

    def reinstate(self, *, actor: str, reason: str) -> None:
        """Lift a suspension."""
        if self.status is not Status.SUSPENDED:
            raise RuleViolation(f"actor {self.id} is {self.status.value}, not suspended")
        self._reinstate(actor=actor, reason=reason)

    @event("Reinstated")
    def _reinstate(self, actor: str, reason: str) -> None:
        self.status = Status.ACTIVE

    def revoke(self, *, actor: str, reason: str) -> None:
        """Revoke for good (e.g. 没收执法证件); every token stops working."""
        self.check_is_not_revoked()
        self._revoke(actor=actor, reason=reason)

    @event("Revoked")
    def _revoke(self, actor: str, reason: str) -> None:
        self.status = Status.REVOKED
        self.standing_lost_at.append(self.version + 1)  # this event's seq

    def summary(self, on: date | None = None) -> dict[str, Any]:
        """Public description of the actor (no token material); sanctions in force ``on``."""
        return {
            "actor_id": str(self.id),
            "name": self.name,
            "role": self.role.value,
            "roles": sorted(r.value for r in self.roles),
            "agency": self.agency,
            "jurisdiction": self.jurisdiction,
            "status": self.status.value,
            "pending_roles": [p.as_dict() for p in self.pending_grants.values()],
            "dormant_roles": [r.value for r in self.dormant_roles()],
            "certificates": [
                {
                    "number": c.number,
                    "valid_from": c.valid_from.isoformat(),
                    "valid_until": c.valid_until.isoformat(),
                }
                for c in self.certificates
            ],
            "sanctions": self.sanctions_document(on),
            "legal_qualifications": [q.as_dict() for q in self.legal_qualifications],
            "prior_review_service": [p.as_dict() for p in self.prior_review_service],
            "seq": self.version,
            "event_hash": self.chain_head,
        }

    # -- sanctions (R-SV-4, S75 暂扣或者没收行政执法证件) ----------------------------------------

    @property
    def sanctions(self) -> list[Sanction]:
        """Sanctions recorded on this actor, oldest first (made on first use, so that this
        section is the class's only change: ``__init__`` stays as it was)."""
        found: list[Sanction] = vars(self).setdefault("_sanctions", [])
        return found

    def record_sanction(
        self,
        *,
        actor: str,
        sanction_id: str,
        kind: str,
        basis: dict[str, Any],
        reason: str,
        effective_from: str | None,
        effective_until: str | None,
        today: date,
    ) -> None:
        """Record a sanction that takes effect at once (R-SV-4); ``basis`` (the finding it
        cites) was checked against the record by the application. A withdrawn certificate
        is not sanctioned again."""
        self.check_is_not_revoked()
        start, end = check_sanction(
            kind=kind, basis=basis, reason=reason, effective_from=effective_from,
            effective_until=effective_until, today=today,
        )  # fmt: skip
        withdrawn = next((s for s in self.sanctions if s.kind == WITHDRAWAL), None)
        if withdrawn is not None and kind != PUBLIC_CRITICISM:
            raise RuleViolation(
                f"actor {self.id}'s certificate was withdrawn on {withdrawn.effective_from}; "
                "it is not suspended or withdrawn again"
            )
        self._record_sanction(
            actor=actor, sanction_id=sanction_id, kind=kind, basis=dict(basis), reason=reason,
            effective_from=start.isoformat(),
            effective_until=None if end is None else end.isoformat(),
            recorded_on=today.isoformat(),
        )  # fmt: skip

    @event("SanctionRecorded")
    def _record_sanction(
        self,
        actor: str,
        sanction_id: str,
        kind: str,
        basis: dict[str, Any],
        reason: str,
        effective_from: str,
        effective_until: str | None,
        recorded_on: str,
    ) -> None:
        self.sanctions.append(
            Sanction(
                sanction_id,
                kind,
                dict(basis),
                reason,
                date.fromisoformat(effective_from),
                None if effective_until is None else date.fromisoformat(effective_until),
                date.fromisoformat(recorded_on),
                actor,
                self.version + 1,
            )
        )

    def certificate_barred_on(self, day: date) -> Sanction | None:
        """The sanction that bars the enforcement certificate on ``day``, if any (R-EN-3)."""
        return next((s for s in self.sanctions if s.bars_on(day)), None)

    def sanctions_document(self, on: date | None = None) -> list[dict[str, Any]]:
        """Every sanction, JSON-ready, with whether it is in force ``on`` (the caller's
        today; ``None``: not said)."""
        return [s.as_dict(on) for s in self.sanctions]


def jurisdiction_fits(role: Role, jurisdiction: str) -> bool:
    """Whether ``jurisdiction`` is of a level :data:`ROLE_LEVELS` allows for ``role``."""
    for level in ROLE_LEVELS[role]:
        if level == EVERYWHERE and jurisdiction == EVERYWHERE:
            return True
        if level == _WIDE and is_division_code(jurisdiction, (COUNTY,)):
            if not jurisdiction.endswith("0000"):
                return True
        elif isinstance(level, int) and is_division_code(jurisdiction, (level,)):
            return True
    return False


def check_jurisdiction_fits(role: Role, jurisdiction: str, field: str) -> None:
    """Refuse a jurisdiction that ``role`` may not hold (:data:`ROLE_LEVELS`).

    ``*`` for any role but admin is ``unbounded-jurisdiction`` (it would cover every child
    and every case); a string that is no division code ``invalid-jurisdiction``; a code of
    the wrong level ``jurisdiction-unfit-for-role``. ``field`` names what the caller sent:
    ``jurisdiction`` at registration, ``role`` when a role is granted to a recorded actor.
    """
    if jurisdiction_fits(role, jurisdiction):
        return
    if jurisdiction == EVERYWHERE:
        raise UnboundedJurisdiction(
            f"the role {role.value} acts on areas; an actor whose jurisdiction is "
            f"{EVERYWHERE!r} (everywhere) may not hold it — only an admin's may be {EVERYWHERE!r}",
            field=field,
        )
    check_division_code(jurisdiction, "jurisdiction" if field == "role" else field)
    allowed = " or ".join(_LEVEL_WORDS[level] for level in ROLE_LEVELS[role])
    raise JurisdictionUnfitForRole(
        f"the role {role.value} needs a jurisdiction of {allowed}; "
        f"{'the actor has' if field == 'role' else 'got'} {jurisdiction!r}",
        field=field,
    )


TOKEN_INDEX_NAMESPACE = UUID("6b1c2a52-53f4-4c5e-9a8e-6a1f5d0c9e21")


CERTIFICATE_CLAIM_NAMESPACE = UUID("9e2d4c1a-7b3f-4f0e-8a65-2c1d7e9b4f30")


def certificate_key(number: str) -> str:
    """The form under which a certificate number is unique: full-width folded, trimmed."""
    return unicodedata.normalize("NFKC", number).strip().upper()


class CertificateClaim(ChainedAggregate):
    """The one actor an enforcement certificate number was issued to (R-EN-3, R-SV-4).

    The stream id is derived from the number (:meth:`create_id`), so two registrations of one
    number race on creating the same stream and only one wins. A claim is never released: a
    number withdrawn by a sanction stays its actor's, barred for good, and is not issued again.
    """

    STREAM_KIND = "certificate_claims"

    @event("Claimed")
    def __init__(self, actor: str, number: str, holder: str) -> None:
        self.number = number
        self.holder = holder

    @staticmethod
    def create_id(number: str) -> UUID:
        """Deterministic stream id for a certificate number."""
        return uuid.uuid5(CERTIFICATE_CLAIM_NAMESPACE, certificate_key(number))

    def check_free_for(self, actor_id: str, field: str) -> None:
        """Refuse the number to any actor but its holder (``field`` names it in the input)."""
        if self.holder != actor_id:
            raise CertificateNumberTaken(
                f"certificate number {self.number} was issued to actor {self.holder}; a number "
                "is issued to one person only, and a withdrawn (吊销) one never again (R-SV-4)",
                field=field,
            )


class TokenIndex(ChainedAggregate):
    """Maps a token's SHA-256 to its actor, so a bearer token resolves in one read.

    The stream id is derived from the token's hash (:meth:`stream_id`), so looking
    a token up needs no table besides the event store.
    """

    STREAM_KIND = "tokens"

    @event("TokenBound")
    def __init__(self, actor: str, token_sha256: str, actor_id: str, token_id: str) -> None:
        self.actor_id = UUID(actor_id)
        self.token_id = token_id

    @staticmethod
    def create_id(token_sha256: str) -> UUID:
        """Deterministic stream id for a token hash."""
        return uuid.uuid5(TOKEN_INDEX_NAMESPACE, token_sha256)
