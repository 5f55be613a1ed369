"""Oversight commands and queries: complaints (R-SV-3), sanctions on officers (R-SV-4) and
scored case-file reviews (R-SV-1).

Facts that live in other streams are resolved here from the record and handed to the
aggregates: the case and the officers a complaint names (they must exist), the oversight
actor a complaint is assigned to, and the finding a sanction cites (a scored case-file
review, a founded complaint, a blocked decision — each must be on record and about this
officer). Authority: oversight of an area covering the complaint's or the officer's;
sanctions also the admin.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any
from uuid import UUID

from domain.records import errors
from domain.records.actors import Actor, Role
from domain.records.enforcement import EnforcementCase
from domain.records.jurisdiction import check_division_code, covers
from domain.records.oversight import BASIS_KINDS, Complaint
from infra.clock import check_not_future_day, today
from infra.context import Context
from infra.principal import Principal, require_role
from infra.store import Appended


def _uuid(value: str, field: str, error: type[errors.InvalidInput]) -> UUID:
    try:
        return UUID(value)
    except (ValueError, TypeError, AttributeError):
        raise error(f"{field}: not a UUID", field=field) from None


class ComplaintService:
    """Complaints about enforcement: intake, assignment, findings, outcome, reply, queues."""

    def __init__(self, app: Context) -> None:
        self.app = app
        self.store = app.store

    # -- authority ----------------------------------------------------------------------------

    @staticmethod
    def _require_oversight(by: Principal, area: str) -> None:
        require_role(by, Role.OVERSIGHT)
        if not covers(by.jurisdiction, area):
            raise errors.PermissionDenied("only an oversight body whose area covers it")

    def _complaint(self, complaint_id: UUID) -> Complaint:
        return self.store.load(Complaint, complaint_id)

    def _command(self, by: Principal, complaint_id: UUID, act: Any) -> list[Appended]:
        def run(complaint: Complaint) -> None:
            self._require_oversight(by, complaint.jurisdiction)
            act(complaint)

        return self.store.command(Complaint, complaint_id, run)

    # -- intake ------------------------------------------------------------------------------

    def receive(
        self,
        by: Principal,
        *,
        channel: str,
        complainant: dict[str, Any],
        summary: str,
        case_id: str | None = None,
        officers: list[str] | None = None,
        jurisdiction: str | None = None,
        received_on: str | None = None,
    ) -> tuple[Complaint, list[Appended]]:
        """Receive a complaint (oversight of the area, R-SV-3). The case and officers it
        names must be on record; a complaint about a case takes the case's area and is
        linked in the case's own stream, in the same transaction."""
        require_role(by, Role.OVERSIGHT)
        named = list(officers or [])
        day = today() if received_on is None else date.fromisoformat(received_on)
        check_not_future_day(day, "received_on")
        for index, officer in enumerate(named):
            field = f"officers[{index}]"
            try:
                actor = self.store.load(
                    Actor, _uuid(officer, field, errors.ComplaintSubjectNotFound)
                )
            except errors.NotFound:
                actor = None
            if actor is None or not actor.has_role(Role.OFFICER):
                raise errors.ComplaintSubjectNotFound(
                    f"{field}: no enforcement officer with this id is on record", field=field
                )
        if case_id is None:
            if jurisdiction is None:
                raise errors.InvalidInput(
                    "jurisdiction: a complaint about no case names the area it concerns",
                    field="jurisdiction",
                )
            area = check_division_code(jurisdiction, "jurisdiction")
            self._require_oversight(by, area)
            complaint = self._new(by, channel, day, complainant, summary, None, named, area)
            return complaint, self.store.append(complaint)
        case_uuid = _uuid(case_id, "case_id", errors.ComplaintSubjectNotFound)
        made: list[Complaint] = []

        def link(case: EnforcementCase) -> list[Complaint]:
            if jurisdiction is not None and jurisdiction != case.jurisdiction:
                raise errors.InvalidInput(
                    "jurisdiction: a complaint about a case is of the case's area; leave it out",
                    field="jurisdiction",
                )
            self._require_oversight(by, case.jurisdiction)
            complaint = self._new(
                by, channel, day, complainant, summary, str(case.id), named, case.jurisdiction
            )
            case.link_complaint(
                actor=by.actor_id, complaint_id=str(complaint.id), received_on=day.isoformat()
            )
            made[:] = [complaint]
            return [complaint]

        try:
            events = self.store.command(EnforcementCase, case_uuid, link)
        except errors.NotFound:
            raise errors.ComplaintSubjectNotFound(
                "case_id: no enforcement case with this id is on record", field="case_id"
            ) from None
        return made[0], events

    @staticmethod
    def _new(
        by: Principal,
        channel: str,
        day: date,
        complainant: dict[str, Any],
        summary: str,
        case_id: str | None,
        officers: list[str],
        area: str,
    ) -> Complaint:
        return Complaint.receive(
            actor=by.actor_id, channel=channel, received_on=day, complainant=complainant,
            summary=summary, case_id=case_id, officers=officers, jurisdiction=area,
        )  # fmt: skip

    # -- handling ----------------------------------------------------------------------------

    def assign(self, by: Principal, complaint_id: UUID, assignee: str) -> list[Appended]:
        """Assign to an oversight actor whose area covers the complaint's."""
        try:
            handler = self.store.load(Actor, _uuid(assignee, "assignee", errors.InvalidInput))
        except errors.NotFound:
            handler = None

        def act(complaint: Complaint) -> None:
            if handler is None or not (
                handler.has_role(Role.OVERSIGHT)
                and covers(handler.jurisdiction, complaint.jurisdiction)
            ):
                raise errors.InvalidInput(
                    "assignee: not an oversight actor whose area covers the complaint",
                    field="assignee",
                )
            complaint.assign(actor=by.actor_id, assignee=assignee)

        return self._command(by, complaint_id, act)

    def record_findings(self, by: Principal, complaint_id: UUID, findings: str) -> list[Appended]:
        """The handler's findings."""
        return self._command(
            by, complaint_id, lambda c: c.record_findings(actor=by.actor_id, findings=findings)
        )

    def conclude(
        self,
        by: Principal,
        complaint_id: UUID,
        *,
        outcome: str,
        reason: str,
        referred_to: str | None = None,
    ) -> list[Appended]:
        """The handler's one outcome, after findings."""
        return self._command(
            by,
            complaint_id,
            lambda c: c.conclude(
                actor=by.actor_id, outcome=outcome, reason=reason, referred_to=referred_to
            ),
        )

    def answer(
        self,
        by: Principal,
        complaint_id: UUID,
        *,
        channel: str,
        summary: str,
        replied_on: str | None = None,
    ) -> list[Appended]:
        """The handler's reply to the complainant, after the outcome (on time or late)."""
        day = today() if replied_on is None else date.fromisoformat(replied_on)
        check_not_future_day(day, "replied_on")
        return self._command(
            by,
            complaint_id,
            lambda c: c.answer(actor=by.actor_id, replied_on=day, channel=channel, summary=summary),
        )

    # -- reading -----------------------------------------------------------------------------

    def read(self, by: Principal, complaint_id: UUID) -> dict[str, Any]:
        """The complaint as the caller may see it (oversight of its area, or admin); the
        complainant only for who received or handles it (R-RP-3)."""
        complaint = self._complaint(complaint_id)
        if not by.has(Role.ADMIN):
            self._require_oversight(by, complaint.jurisdiction)
        return complaint.view(by.actor_id, today())

    def statuses(self, ids: list[str]) -> list[dict[str, Any]]:
        """The status of each complaint (no complainant, no summary), for a case's answer."""
        on = today()
        return [self._complaint(UUID(i)).status(on) for i in ids]


class SanctionService:
    """Sanctions on officers (R-SV-4): recorded by oversight or an admin, each citing a
    finding on record about this officer; in force at once."""

    def __init__(self, app: Context) -> None:
        self.app = app
        self.store = app.store

    def record(
        self,
        by: Principal,
        actor_id: UUID,
        *,
        kind: str,
        basis: dict[str, Any],
        reason: str,
        effective_from: str | None = None,
        effective_until: str | None = None,
    ) -> tuple[str, list[Appended]]:
        """Record a sanction on an officer; returns its id."""
        require_role(by, Role.OVERSIGHT, Role.ADMIN)
        sanction_id = str(uuid.uuid4())
        on = today()

        def act(officer: Actor) -> None:
            if not by.has(Role.ADMIN) and not covers(by.jurisdiction, officer.jurisdiction):
                raise errors.PermissionDenied(
                    "only an oversight body whose area covers the officer, or an admin"
                )
            if not officer.has_role(Role.OFFICER):
                raise errors.InvalidInput(f"actor {actor_id} is not an enforcement officer")
            self.check_basis(str(actor_id), basis)
            officer.record_sanction(
                actor=by.actor_id, sanction_id=sanction_id, kind=kind, basis=basis,
                reason=reason, effective_from=effective_from, effective_until=effective_until,
                today=on,
            )  # fmt: skip

        return sanction_id, self.store.command(Actor, actor_id, act)

    def check_basis(self, officer: str, basis: dict[str, Any]) -> None:
        """The cited finding is on record and about ``officer`` (R-SV-4), or
        :class:`SanctionBasisInvalid` naming the member of ``basis`` that fails."""
        kind = basis.get("kind")
        invalid = errors.SanctionBasisInvalid
        if kind not in BASIS_KINDS:
            raise invalid("basis.kind: a sanction cites a finding", field="basis.kind",
                          allowed=BASIS_KINDS)  # fmt: skip
        if kind == "complaint":
            complaint_id = _uuid(str(basis.get("complaint_id")), "basis.complaint_id", invalid)
            try:
                complaint = self.store.load(Complaint, complaint_id)
            except errors.NotFound:
                raise invalid(
                    "basis.complaint_id: no complaint with this id is on record",
                    field="basis.complaint_id",
                ) from None
            if officer not in complaint.officers and not self._on_case(complaint.case_id, officer):
                raise invalid(
                    "basis.complaint_id: the complaint neither names this officer nor concerns "
                    "a case of theirs",
                    field="basis.complaint_id",
                )
            if not complaint.founded:
                raise invalid(
                    "basis.complaint_id: the complaint has no substantiated outcome (属实 or "
                    "部分属实)",
                    field="basis.complaint_id",
                )
            return
        case = self._basis_case(basis)
        if kind == "file_review":
            review = case.scored_review(str(basis.get("review_id")))
            if review is None:
                raise invalid(
                    "basis.review_id: no scored file review with this id on the case",
                    field="basis.review_id",
                )
            if not case.acted_as_officer_on(officer):
                raise invalid(
                    "basis.case_id: the officer is not an officer of the reviewed case",
                    field="basis.case_id",
                )
            if review["score"] >= review["max_score"]:
                raise invalid(
                    "basis.review_id: the review deducted no points: it found no fault",
                    field="basis.review_id",
                )
            return
        seq = basis.get("seq")
        blocked = None
        if isinstance(seq, int) and not isinstance(seq, bool):
            blocked = next(
                (e for e in self.store.history(case.id)
                 if e.originator_version == seq
                 and e.envelope.type == "enforcement.DecisionBlocked"),
                None,
            )  # fmt: skip
        if blocked is None:
            raise invalid(
                "basis.seq: no blocked decision (DecisionBlocked) at this seq of the case",
                field="basis.seq",
            )
        if blocked.envelope.actor != officer and not case.acted_as_officer_on(officer):
            raise invalid(
                "basis.seq: the blocked decision was neither attempted by this officer nor on a "
                "case of theirs",
                field="basis.seq",
            )

    def _basis_case(self, basis: dict[str, Any]) -> EnforcementCase:
        case_id = _uuid(str(basis.get("case_id")), "basis.case_id", errors.SanctionBasisInvalid)
        try:
            return self.store.load(EnforcementCase, case_id)
        except errors.NotFound:
            raise errors.SanctionBasisInvalid(
                "basis.case_id: no enforcement case with this id is on record",
                field="basis.case_id",
            ) from None

    def _on_case(self, case_id: str | None, officer: str) -> bool:
        if case_id is None:
            return False
        try:
            case = self.store.load(EnforcementCase, UUID(case_id))
        except errors.NotFound:
            return False
        return case.acted_as_officer_on(officer)


def _require_case_oversight(by: Principal, case: EnforcementCase) -> None:
    """Oversight whose area covers the case (the rule of ``CaseService._require_oversight``)."""
    if not by.has(Role.OVERSIGHT) or not covers(by.jurisdiction, case.jurisdiction):
        raise errors.PermissionDenied("only an oversight body of the case's area")


class CaseOversight:
    """Oversight on a case's own stream: the scored case-file review (R-SV-1), and what the
    case answer shows of the complaints about it (R-SV-3) and of its officers' sanctions
    (R-SV-4)."""

    def __init__(self, app: Context) -> None:
        self.app = app
        self.store = app.store

    def score_file(
        self,
        by: Principal,
        case_id: UUID,
        *,
        items: dict[str, Any],
        reviewed_on: str | None = None,
    ) -> tuple[str, dict[str, Any], list[Appended]]:
        """A scored case-file review (案卷评查, R-SV-1) by oversight of the case's area, at
        any stage (R-SV-2); returns its id and the score and rating computed."""
        on = today() if reviewed_on is None else date.fromisoformat(reviewed_on)
        check_not_future_day(on, "reviewed_on")
        review_id = str(uuid.uuid4())
        scored: dict[str, Any] = {}

        def action(case: EnforcementCase) -> None:
            _require_case_oversight(by, case)
            if on < case.filed_on:
                raise errors.DateBeforeFiling(
                    f"reviewed_on {on} is before the case was filed ({case.filed_on})",
                    field="reviewed_on",
                )
            case.score_file(
                actor=by.actor_id, review_id=review_id, items=items, reviewed_on=on.isoformat()
            )
            scored.update(case.scored_review(review_id) or {})

        events = self.store.command(EnforcementCase, case_id, action)
        return review_id, scored, events

    def answer(self, case: EnforcementCase) -> dict[str, Any]:
        """The case's answer: its state, the status of its complaints (never the
        complainant, R-SV-3) and, for each officer, the sanctions in force today or recorded
        since the officer joined the case (R-SV-4)."""
        document = case.state()
        on = today()
        document["complaints"] = [
            self.store.load(Complaint, UUID(i)).status(on) for i in case.complaint_ids()
        ]
        joined = self._officers_joined(case)
        sanctions = []
        for officer in case.officers:
            try:
                actor = self.store.load(Actor, UUID(officer))
            except (ValueError, errors.NotFound):
                continue
            since = joined.get(officer, case.filed_on)
            shown = [
                s.as_dict(on) for s in actor.sanctions
                if s.in_force_on(on) or s.recorded_on >= since
            ]  # fmt: skip
            if shown:
                sanctions.append({"actor_id": officer, "name": actor.name, "sanctions": shown})
        document["officer_sanctions"] = sanctions
        return document

    def _officers_joined(self, case: EnforcementCase) -> dict[str, date]:
        """The day (China Standard Time) each officer joined the case, from its history."""
        joined: dict[str, date] = {}
        for e in self.store.history(case.id):
            if e.TYPE not in ("enforcement.CaseOpened", "enforcement.OfficersAssigned"):
                continue  # read the type first: decoding each envelope again costs
            day = case.civil_date_of(e.originator_version) or case.filed_on
            for officer in e.envelope.data.get("officers", []):
                joined.setdefault(str(officer["actor_id"]), day)
        return joined
