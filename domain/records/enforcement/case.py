# Long because: one aggregate whose commands follow a case in the law's order — opening, steps,
# drafts, legal review, collective discussion, the gate, publicity, closure, oversight (complaints,
# scored file reviews).
"""One enforcement case's whole-process record: the :class:`EnforcementCase` aggregate
(rules in ``domain.records.enforcement``)."""

# Long because: eventsourcing makes an event class only from an @event method of the aggregate
# class itself, so every event of a case is declared here; the commands that end a case are in
# closing.py, the rules in checks.py, gate.py, lifecycle.py and deadlines.py.

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from eventsourcing.domain import event

import domain.records.enforcement.checks as checks
import domain.records.enforcement.deadlines as deadlines
import domain.records.enforcement.lifecycle as lifecycle
from domain.records import errors
from domain.records.aggregate import ChainedAggregate
from domain.records.enforcement.closing import ClosingCommands
from domain.records.enforcement.collective import (
    CollectiveDiscussion,
    check_held_on,
    check_independent,
    check_participants,
    latest_held,
    parse_conclusion,
)
from domain.records.enforcement.gate import (
    check_after_decision,
    check_decision_date,
    decision_refusal,
    review_status,
)
from domain.records.enforcement.review import check_opinion_date
from domain.records.enforcement.vocabulary import (
    CHINA_STANDARD_TIME,
    REVIEW_ITEMS,
    REVIEW_ITEMS_VERSION,
    ActionType,
    Draft,
    Review,
    Stage,
    StepKind,
    draft_hash,
)
from domain.records.file_review import score_file
from domain.records.workdays import Deadline


class EnforcementCase(ClosingCommands, ChainedAggregate):
    """One enforcement case's whole-process record."""

    STREAM_KIND = "enforcement"

    class Event(ChainedAggregate.Event):
        """A case event: the case remembers when each of its events was recorded."""

        def mutate(self, aggregate: Any) -> Any:
            """Apply, then keep this event's recording time by its seq."""
            result = super().mutate(aggregate)
            result.recorded_at[self.originator_version] = self.timestamp
            return result

    @event("CaseOpened")
    def __init__(
        self,
        actor: str,
        action_type: str,
        title: str,
        agency: str,
        jurisdiction: str,
        party: dict[str, Any],
        officers: list[dict[str, Any]],
        filed_on: str,
        simplified: bool,
        decision_due_on: str | None = None,
        decision_due_provisional: bool = False,
    ) -> None:
        self.action_type = ActionType(action_type)
        self.title = title
        self.agency = agency
        self.jurisdiction = jurisdiction
        self.party = party
        self.officers: dict[str, dict[str, Any]] = {o["actor_id"]: o for o in officers}
        self.filed_on = date.fromisoformat(filed_on)
        self.simplified = simplified
        self.stage = Stage.OPEN
        self.steps: list[dict[str, Any]] = []
        self.acted_as_officer: set[str] = {actor}
        self.reviewed_by: set[str] = set()
        """Who recorded a review opinion on this case: never its officer or decider."""
        self.recorded_at: dict[int, datetime] = {}
        """Seq → when the event was recorded (the server's clock; the envelope's ``at``)."""
        self.drafts: dict[str, Draft] = {}
        self.current_draft: str | None = None
        self.reviews: dict[str, Review] = {}
        self.discussions: list[CollectiveDiscussion] = []
        """Recorded collective discussions by the heads (R-EN-7), in order."""
        self.blocked: list[dict[str, Any]] = []
        self.decision: dict[str, Any] | None = None
        self.decision_seq: int | None = None
        """The seq of ``DecisionMade``: steps after it do not make its review stale."""
        self.publication: dict[str, Any] | None = None
        self.closure: dict[str, Any] | None = None
        self.oversight: list[dict[str, Any]] = []
        # The end of the case (lifecycle.py, deadlines.py): R-EN-5/6, R-PB-2.
        self.ending: dict[str, Any] | None = None
        self.service: dict[str, Any] | None = None
        self.publication_exemption: dict[str, Any] | None = None
        self.executions: list[dict[str, Any]] = []
        self.set_asides: list[dict[str, Any]] = []
        self.deadlines: dict[str, dict[str, Any] | None] = {
            "decision": self._decision_deadline(decision_due_on, decision_due_provisional),
            "service": None,
            "withdrawal": None,
        }

    @classmethod
    def open(
        cls,
        *,
        actor: str,
        action_type: str,
        title: str,
        agency: str,
        jurisdiction: str,
        party: dict[str, Any],
        officers: list[dict[str, Any]],
        filed_on: str,
        simplified: bool = False,
    ) -> EnforcementCase:
        """Open a case with at least two certified officers (R-EN-3); the time limit for the
        decision is computed from ``filed_on`` and stored in the opening event (R-EN-5)."""
        checks.check_opening(actor, action_type, party, [o["actor_id"] for o in officers])
        due = deadlines.decision_deadline(action_type, date.fromisoformat(filed_on))
        return cls(
            actor=actor,
            action_type=action_type,
            title=title,
            agency=agency,
            jurisdiction=jurisdiction,
            party=party,
            officers=officers,
            filed_on=filed_on,
            simplified=simplified,
            decision_due_on=None if due is None else due.due.isoformat(),
            decision_due_provisional=False if due is None else due.provisional,
        )

    def _decision_deadline(self, due_on: str | None, provisional: bool) -> dict[str, Any] | None:
        """The decision's time limit as recorded at opening, or — for a case opened before it
        was recorded — computed from the filing date on load, and said so (R-EN-5)."""
        limit = deadlines.DECISION_TIME_LIMITS.get(self.action_type.value)
        if limit is None:
            return None
        if due_on is None:
            computed = limit.due_after(self.filed_on)
            return {**deadlines.recorded_deadline(limit, computed, source="computed_on_load"),
                    "met_on": None, "extensions": []}  # fmt: skip
        recorded = Deadline(date.fromisoformat(due_on), provisional)
        return {**deadlines.recorded_deadline(limit, recorded, source="recorded"),
                "met_on": None, "extensions": []}  # fmt: skip

    def state(self) -> dict[str, Any]:
        """The case as a JSON-ready document (what ``GET /v1/cases/{id}`` answers)."""
        return {
            "case_id": str(self.id),
            "action_type": self.action_type.value,
            "title": self.title,
            "agency": self.agency,
            "jurisdiction": self.jurisdiction,
            "party": self.party,
            "officers": list(self.officers.values()),
            "filed_on": self.filed_on.isoformat(),
            "simplified": self.simplified,
            "stage": self.stage.value,
            "steps": self.steps,
            "drafts": [
                {
                    "number": d.number,
                    "draft_hash": d.draft_hash,
                    "major": d.major,
                    "matched_rules": d.matched_rules,
                    "catalogue_version": d.catalogue_version,
                    "review_status": review_status(self, d.draft_hash).value,
                    "current": d.draft_hash == self.current_draft,
                    **d.content,
                }
                for d in self.drafts.values()
            ],
            "reviews": [
                {
                    "review_id": r.review_id,
                    "draft_hash": r.draft_hash,
                    "result": r.result or "pending",
                    "reviewer": r.reviewer,
                    "items": r.items,
                    "items_version": r.items_version,
                    "requested_by": r.requested_by,
                    "requested_on": r.requested_at or self._iso_civil_date(r.requested_seq),
                    "review_due_on": r.due_on,
                    "time_limit_workdays": r.time_limit_workdays,
                    "reviewed_on": r.reviewed_on,
                }
                for r in self.reviews.values()
            ],
            "collective_discussions": [d.as_dict() for d in self.discussions],
            "blocked_decisions": self.blocked,
            "decision": self.decision,
            "publication": self.publication,
            "closure": self.closure,
            "oversight": self.oversight,
            "ending": lifecycle.ending_of(self),
            "service": self.service,
            "publication_exemption": self.publication_exemption,
            "executions": self.executions,
            "set_asides": self.set_asides,
            "deadlines": self.deadlines,
            **lifecycle.closable(self),
            "seq": self.version,
            "event_hash": self.chain_head,
        }

    # -- invariants ---------------------------------------------------------------------

    def check_not_closed(self) -> None:
        """A closed case is sealed (R-SV-2)."""
        if self.stage is Stage.CLOSED:
            raise errors.CaseClosed(f"case {self.id} is closed; only oversight may append")

    def check_is_officer(self, actor_id: str) -> None:
        """Only officers assigned to the case act on it."""
        if actor_id not in self.officers:
            raise errors.NotAssignedOfficer(f"actor {actor_id} is not an officer of this case")

    # Separation of duties is a property of the case's history (R-LR-5, DESIGN §9): each
    # person is at most one of officer, legal reviewer and decider of a case, judged by what
    # they did on it, whatever roles they hold.

    def acted_as_officer_on(self, actor_id: str) -> bool:
        """Assigned as an officer, or took part in a step, of this case."""
        return actor_id in self.officers or actor_id in self.acted_as_officer

    def decided_by(self) -> str | None:
        """Who made the decision, if it was made."""
        return None if self.decision is None else str(self.decision["decided_by"])

    def check_may_act_as_officer(self, actor_id: str) -> None:
        """A reviewer, the decider or a head who sat in its collective discussion never becomes
        one of this case's officers (R-LR-5, R-EN-7)."""
        if actor_id in self.reviewed_by:
            raise errors.SeparationOfDuties(
                f"actor {actor_id} reviewed a draft of this case and may not act as its "
                "officer (R-LR-5)"
            )
        if actor_id == self.decided_by():
            raise errors.SeparationOfDuties(
                f"actor {actor_id} decided this case and may not act as its officer"
            )
        if any(actor_id in d.participants for d in self.discussions):
            raise errors.SeparationOfDuties(
                f"actor {actor_id} sat in the heads' collective discussion that decides this "
                "case and may not act as its officer (R-EN-7, R-LR-5)"
            )

    # -- officers -----------------------------------------------------------------------

    def assign_officers(self, *, actor: str, officers: list[dict[str, Any]]) -> None:
        """Add officers to the case (执法人员变更); their certificates are recorded. After a
        decision, officers who serve or execute it; after another ending, none."""
        self.check_not_closed()
        self.check_is_officer(actor)
        lifecycle.check_allowed_after_ending(self, "officers")
        new = [o for o in officers if o["actor_id"] not in self.officers]
        if not new:
            raise errors.RuleViolation(
                "officers: every officer listed is already on the case", field="officers"
            )
        for officer in new:
            self.check_may_act_as_officer(officer["actor_id"])
        self._assign_officers(actor=actor, officers=new)

    @event("OfficersAssigned")
    def _assign_officers(self, actor: str, officers: list[dict[str, Any]]) -> None:
        for o in officers:
            self.officers[o["actor_id"]] = o

    # -- steps (R-AV-1..3) --------------------------------------------------------------

    def record_step(
        self,
        *,
        actor: str,
        kind: str,
        summary: str,
        evidence: list[dict[str, Any]],
        touches: list[str],
        full_process_recording: str | None,
        present: list[str],
        occurred_at: str | None,
    ) -> None:
        """Record one step; contested steps need AV, some need full-process AV. After a
        decision only the steps that serve and execute it; after another ending, none."""
        self.check_not_closed()
        self.check_is_officer(actor)
        lifecycle.check_allowed_after_ending(self, "step")
        step_kind = checks.parse_step_kind(kind)
        touched = checks.parse_touches(touches)
        checks.check_summary(summary)
        if self.decision is not None:
            check_after_decision(self, step_kind, occurred_at)
        present = present or sorted(self.officers)
        for officer in present:
            self.check_is_officer(officer)
        checks.check_step(
            actor=actor,
            kind=step_kind,
            evidence=evidence,
            touches=touched,
            full_process_recording=full_process_recording,
            present=present,
        )
        self._record_step(
            actor=actor,
            step_no=len(self.steps) + 1,
            kind=step_kind.value,
            summary=summary,
            evidence=evidence,
            touches=touched,
            full_process_recording=full_process_recording if touched else None,
            present=sorted(set(present)),
            occurred_at=occurred_at,
        )

    @event("StepRecorded")
    def _record_step(
        self,
        actor: str,
        step_no: int,
        kind: str,
        summary: str,
        evidence: list[dict[str, Any]],
        touches: list[str],
        full_process_recording: str | None,
        present: list[str],
        occurred_at: str | None,
    ) -> None:
        self.steps.append(
            {
                "seq": self.version + 1,  # this event's seq: the body runs before it moves
                "step_no": step_no,
                "kind": kind,
                "summary": summary,
                "evidence": evidence,
                "touches": touches,
                "full_process_recording": full_process_recording,
                "present": present,
                "occurred_at": occurred_at,
                "recorded_by": actor,
            }
        )
        self.acted_as_officer.update(present)

    # -- drafts (R-LR-2) ----------------------------------------------------------------

    def recorded_flags(self) -> list[str]:
        """Facts about the case that its record establishes, whatever a draft says: a
        recorded hearing step makes every draft hearing-bound (R-LR-2, 第58条(二))."""
        return ["hearing_held"] if any(s["kind"] == StepKind.HEARING for s in self.steps) else []

    def submit_draft(
        self,
        *,
        actor: str,
        content: dict[str, Any],
        major: bool,
        matched_rules: list[str],
        catalogue_version: int,
        catalogue_event_hash: str,
        catalogue_stream: str | None = None,
    ) -> str:
        """Submit a draft decision; earlier drafts and their reviews become stale."""
        self.check_not_closed()
        self.check_is_officer(actor)
        lifecycle.check_allowed_after_ending(self, "draft")
        if self.decision is not None:
            raise errors.DecisionAlreadyMade("the case is decided; no further drafts")
        number = len(self.drafts) + 1
        hashed = draft_hash({"case": str(self.id), "number": number, **content})
        self._submit_draft(
            actor=actor,
            number=number,
            draft_hash=hashed,
            content=content,
            major=major,
            matched_rules=matched_rules,
            catalogue_version=catalogue_version,
            catalogue_event_hash=catalogue_event_hash,
            catalogue_stream=catalogue_stream,
        )
        return hashed

    @event("DraftSubmitted")
    def _submit_draft(
        self,
        actor: str,
        number: int,
        draft_hash: str,
        content: dict[str, Any],
        major: bool,
        matched_rules: list[str],
        catalogue_version: int,
        catalogue_event_hash: str,
        catalogue_stream: str | None = None,
    ) -> None:
        self.drafts[draft_hash] = Draft(
            number,
            draft_hash,
            content,
            major,
            matched_rules,
            catalogue_version,
            seq=self.version + 1,  # this event's seq: the body runs before the version moves
            catalogue_stream=catalogue_stream,
        )
        self.current_draft = draft_hash

    def draft(self, hashed: str) -> Draft:
        """A draft by its hash."""
        try:
            return self.drafts[hashed]
        except KeyError:
            raise errors.DraftNotFound(f"no draft {hashed} in case {self.id}") from None

    # -- legal review (R-LR-4..7) -------------------------------------------------------

    def request_review(
        self,
        *,
        actor: str,
        review_id: str,
        draft_hash: str,
        requested_on: str | None = None,
        review_due_on: str | None = None,
        time_limit_workdays: int | None = None,
    ) -> None:
        """Ask the legal office to review the current draft, by ``review_due_on`` (the
        agency's time limit in working days after ``requested_on``, the date on the
        request, computed by the service: R-LR-7)."""
        self.check_not_closed()
        self.check_is_officer(actor)
        lifecycle.check_allowed_after_ending(self, "review")
        self.draft(draft_hash)
        if draft_hash != self.current_draft:
            raise errors.DraftSuperseded("only the current draft can be sent for review")
        if self.decision is not None:
            raise errors.DecisionAlreadyMade("the case is decided")
        earlier = [r for r in self.reviews.values() if r.draft_hash == draft_hash]
        if any(r.result == "rejected" for r in earlier):
            raise errors.DraftRejected(
                "the legal review rejected this draft: it goes back for revision; submit a "
                "revised draft and send that for review (R-LR-6)"
            )
        if any(r.result is None for r in earlier):
            raise errors.ReviewAlreadyPending(
                "this draft is already with the legal office; wait for its opinion"
            )
        if any(r.result == "passed" for r in earlier):
            raise errors.RuleViolation("the legal review already passed this draft")
        self._request_review(
            actor=actor,
            review_id=review_id,
            draft_hash=draft_hash,
            requested_on=requested_on,
            review_due_on=review_due_on,
            time_limit_workdays=time_limit_workdays,
        )

    @event("ReviewRequested")
    def _request_review(
        self,
        actor: str,
        review_id: str,
        draft_hash: str,
        requested_on: str | None = None,
        review_due_on: str | None = None,
        time_limit_workdays: int | None = None,
    ) -> None:
        self.reviews[review_id] = Review(
            review_id,
            draft_hash,
            actor,
            requested_on or "",
            requested_seq=self.version + 1,  # this event's seq
            due_on=review_due_on,
            time_limit_workdays=time_limit_workdays,
        )

    def _iso_civil_date(self, seq: int) -> str | None:
        day = self.civil_date_of(seq)
        return None if day is None else day.isoformat()

    def record_opinion(
        self,
        *,
        actor: str,
        review_id: str,
        result: str,
        items: dict[str, Any],
        signature: str,
        reviewed_on: str | None = None,
    ) -> None:
        """A legal reviewer's written opinion on the review contents (R-LR-4, R-LR-6).

        ``reviewed_on`` is the date on the opinion (default: the day it is recorded).
        """
        self.check_not_closed()
        lifecycle.check_allowed_after_ending(self, "opinion")
        review = self.reviews.get(review_id)
        if review is None:
            raise errors.ReviewNotFound(f"no review {review_id} in case {self.id}")
        if review.result is not None:
            raise errors.RuleViolation(f"review {review_id} already has an opinion")
        if self.acted_as_officer_on(actor):
            raise errors.SeparationOfDuties(
                "a reviewer may not be an officer of the case under review (R-LR-5)"
            )
        checks.check_opinion(result, items, signature)
        check_opinion_date(review.requested_at, reviewed_on)
        self._record_opinion(
            actor=actor,
            review_id=review_id,
            draft_hash=review.draft_hash,
            result=result,
            items={name: items[name] for name in REVIEW_ITEMS},
            signature=signature,
            reviewed_on=reviewed_on,
            items_version=REVIEW_ITEMS_VERSION,
        )

    @event("OpinionRecorded")
    def _record_opinion(
        self,
        actor: str,
        review_id: str,
        draft_hash: str,
        result: str,
        items: dict[str, Any],
        signature: str,
        reviewed_on: str | None = None,
        items_version: int = 1,
    ) -> None:
        review = self.reviews[review_id]
        review.items_version = items_version
        review.reviewed_on = reviewed_on
        review.result = result
        review.reviewer = actor
        review.items = items
        review.opinion_seq = self.version + 1
        self.reviewed_by.add(actor)

    # -- collective discussion (R-EN-7) ---------------------------------------------------

    def record_collective_discussion(
        self,
        *,
        actor: str,
        draft_hash: str,
        participants: list[str],
        heads: frozenset[str],
        quorum: int,
        held_on: str,
        conclusion: str,
        minutes_sha256: str,
    ) -> None:
        """Record the heads' collective discussion of the current draft (集体讨论, R-EN-7).

        ``heads`` are the participants who are, by the actor records, active heads of the
        case's agency; ``quorum`` is the catalogue's; the minutes are an uploaded blob.
        """
        self.check_not_closed()
        if self.decision is not None:
            raise errors.DecisionAlreadyMade("the case is decided; the heads discuss before")
        lifecycle.check_allowed_after_ending(self, "collective_discussion")
        draft = self.draft(draft_hash)
        if draft_hash != self.current_draft:
            raise errors.DraftSuperseded(
                f"draft {draft.number} was superseded by a later draft; discuss the current one"
            )
        said = parse_conclusion(conclusion)
        people = check_participants(participants, heads, quorum)
        check_independent(actor, people, self.acted_as_officer_on, self.reviewed_by)
        check_held_on(
            date.fromisoformat(held_on), drafted_on=self.drafted_on(draft), filed_on=self.filed_on
        )
        self._record_collective_discussion(
            actor=actor,
            draft_hash=draft_hash,
            participants=people,
            quorum=quorum,
            held_on=held_on,
            conclusion=said.value,
            minutes_sha256=minutes_sha256,
        )

    @event("CollectiveDiscussionRecorded")
    def _record_collective_discussion(
        self,
        actor: str,
        draft_hash: str,
        participants: list[str],
        quorum: int,
        held_on: str,
        conclusion: str,
        minutes_sha256: str,
    ) -> None:
        self.discussions.append(
            CollectiveDiscussion(
                seq=self.version + 1,  # this event's seq
                draft_hash=draft_hash,
                participants=tuple(participants),
                held_on=held_on,
                conclusion=conclusion,
                minutes_sha256=minutes_sha256,
                recorded_by=actor,
                quorum=quorum,
            )
        )

    def drafted_on(self, draft: Draft) -> date | None:
        """The earliest day the record shows the draft existed: the day it was recorded, or
        the date on an opinion about it if earlier (a late entry, R-EN-2)."""
        days = [self.civil_date_of(draft.seq)] + [
            date.fromisoformat(r.reviewed_on)
            for r in self.reviews.values()
            if r.draft_hash == draft.draft_hash and r.reviewed_on
        ]
        known = [d for d in days if d is not None]
        return min(known) if known else None

    def discussion_of(self, draft_hash: str) -> CollectiveDiscussion | None:
        """The collective discussion of a draft held last (ties: recorded last), if any."""
        mine = [d for d in self.discussions if d.draft_hash == draft_hash]
        return latest_held(mine) if mine else None

    # -- the gate (R-LR-1, R-LR-8) ------------------------------------------------------

    def decide(
        self,
        *,
        actor: str,
        is_agency_head: bool,
        draft_hash: str,
        decided_on: str,
        publication_due_on: str,
        publication_due_provisional: bool,
        gate: dict[str, Any] | None = None,
        legal_office: frozenset[str] | None = None,
    ) -> errors.JianzhengError | None:
        """Make the decision, or refuse it.

        ``gate`` is the service's judgement of the draft at decision time (``major``, the
        catalogue stream and version in force when the draft was submitted, the rules it
        matched, and ``collective_rules``: those that need the heads' collective discussion,
        R-EN-7); it is recorded in the decision, with the recorded discussion of the draft it
        rests on. A refusal on a major draft is itself
        recorded as ``DecisionBlocked`` (R-LR-8) and returned, so the caller saves it and
        then reports the refusal; any other refusal is raised and records nothing.
        """  # fmt: skip
        self.check_not_closed()
        if self.decision is not None:
            raise errors.DecisionAlreadyMade(f"case {self.id} was decided already")
        # 不予处罚, 撤销立案 or 移送 ended it: nothing but its closure (lifecycle.py)
        lifecycle.check_allowed_after_ending(self, "decision")
        major = None if gate is None else bool(gate.get("major"))
        collective = None if gate is None else list(gate.get("collective_rules") or [])
        refusal = decision_refusal(
            self, actor, is_agency_head, draft_hash, major=major, legal_office=legal_office,
            collective=collective,
        )  # fmt: skip
        if refusal is None:
            discussion = self.discussion_of(draft_hash)
            check_decision_date(
                self, draft_hash, decided_on, major=bool(major),
                held_on=None if discussion is None else discussion.held_on,
            )  # fmt: skip
            self._decide(
                actor=actor,
                draft_hash=draft_hash,
                decided_on=decided_on,
                collective_discussion=None if discussion is None else discussion.as_dict(),
                publication_due_on=publication_due_on,
                publication_due_provisional=publication_due_provisional,
                gate=gate,
                **self._service_deadline_of(decided_on),
            )
            return None
        if not (self.draft(draft_hash).major or major):
            raise refusal
        self._block_decision(
            actor=actor, draft_hash=draft_hash, code=refusal.code, reason=refusal.detail
        )
        return refusal

    def civil_date_of(self, seq: int) -> date | None:
        """The date (China Standard Time) on which event ``seq`` was recorded."""
        moment = self.recorded_at.get(seq)
        return None if moment is None else moment.astimezone(CHINA_STANDARD_TIME).date()

    @event("DecisionBlocked")
    def _block_decision(self, actor: str, draft_hash: str, code: str, reason: str) -> None:
        self.blocked.append(
            {"actor": actor, "draft_hash": draft_hash, "code": code, "reason": reason}
        )

    @event("DecisionMade")
    def _decide(
        self,
        actor: str,
        draft_hash: str,
        decided_on: str,
        collective_discussion: dict[str, Any] | None,
        publication_due_on: str,
        publication_due_provisional: bool,
        gate: dict[str, Any] | None = None,
        service_due_on: str | None = None,
        service_due_provisional: bool = False,
    ) -> None:
        self.decision = {
            "draft_hash": draft_hash,
            "decided_by": actor,
            "decided_on": decided_on,
            "collective_discussion": collective_discussion,
            "publication_due_on": publication_due_on,
            "publication_due_provisional": publication_due_provisional,
            "gate": gate,
        }
        self.decision_seq = self.version + 1  # this event's seq: the body runs before it moves
        self.stage = Stage.DECIDED
        self._decision_deadline_met(decided_on)
        self._start_service_deadline(decided_on, service_due_on, service_due_provisional)

    # -- publicity (R-PB-2) and closure -------------------------------------------------

    def publish(
        self,
        *,
        actor: str,
        channel: str,
        summary: str,
        published_on: str,
    ) -> None:
        """Record the publication of the decision (事后公开) against its deadline (R-PB-2),
        dated ``published_on``: not before the decision, and never once it was set aside."""
        self.check_not_closed()
        lifecycle.check_allowed_after_ending(self, "publication")
        if self.decision is None:
            raise errors.RuleViolation("only a decision can be published")
        lifecycle.check_publishable(self, date.fromisoformat(published_on))
        if self.publication is not None:
            raise errors.RuleViolation("the decision was published already")
        if self.publication_exemption is not None:
            raise errors.AlreadyRecorded(
                "the decision is exempt from publication on a recorded ground "
                f"({self.publication_exemption['ground']})"
            )
        due_on = self.decision["publication_due_on"]
        self._publish(
            actor=actor,
            channel=channel,
            summary=summary,
            published_on=published_on,
            due_on=due_on,
            on_time=published_on <= due_on,
        )

    @event("DecisionPublished")
    def _publish(
        self,
        actor: str,
        channel: str,
        summary: str,
        published_on: str,
        due_on: str,
        on_time: bool,
    ) -> None:
        self.publication = {
            "channel": channel,
            "summary": summary,
            "published_on": published_on,
            "due_on": due_on,
            "on_time": on_time,
        }

    # -- the end of a case: the commands are in closing.py, the rules in lifecycle.py -----

    def _service_deadline_of(self, decided_on: str) -> dict[str, Any]:
        """The service deadline of a decision dated ``decided_on`` (R-EN-6), as stored; none
        for an action type without a time limit here."""
        due = deadlines.service_deadline(self.action_type.value, date.fromisoformat(decided_on))
        if due is None:
            return {}
        return {"service_due_on": due.due.isoformat(), "service_due_provisional": due.provisional}

    def _decision_deadline_met(self, on: str) -> None:
        """The case ended on ``on``: its decision time limit is met, in time or late."""
        found = self.deadlines["decision"]
        if found is not None and found["met_on"] is None:
            self.deadlines["decision"] = {**found, "met_on": on, "on_time": on <= found["due_on"]}

    def _start_service_deadline(
        self, decided_on: str, due_on: str | None, provisional: bool
    ) -> None:
        """The decision starts the service period: stored in the decision event, or computed
        on load for a decision recorded before it was stored (R-EN-6). An action type
        without a service time limit here has none, then and now."""
        limit = deadlines.SERVICE_TIME_LIMITS.get(self.action_type.value)
        if limit is None:
            return
        if due_on is None:
            due = limit.due_after(date.fromisoformat(decided_on))
            source = "computed_on_load"
        else:
            due, source = Deadline(date.fromisoformat(due_on), provisional), "recorded"
        self.deadlines["service"] = {
            **deadlines.recorded_deadline(limit, due, source=source), "met_on": None,
        }  # fmt: skip

    # endings other than the decision: each approved by the agency head (lifecycle.py)

    @event("NoPenaltyDecided")
    def _decide_no_penalty(
        self, actor: str, ground: str, reason: str, decided_on: str, documents: list[dict[str, Any]]
    ) -> None:
        self.ending = {"kind": lifecycle.Ending.NO_PENALTY.value, "on": decided_on, "by": actor,
                       "ground": ground, "reason": reason, "documents": documents}  # fmt: skip
        self._decision_deadline_met(decided_on)

    @event("CaseWithdrawn")
    def _withdraw(self, actor: str, reason: str, withdrawn_on: str) -> None:
        self.ending = {"kind": lifecycle.Ending.WITHDRAWN.value, "on": withdrawn_on, "by": actor,
                       "reason": reason}  # fmt: skip
        self._decision_deadline_met(withdrawn_on)

    @event("CaseTransferred")
    def _transfer(
        self,
        actor: str,
        kind: str,
        receiving_body: str,
        reason: str,
        documents: list[dict[str, Any]],
        transferred_on: str,
    ) -> None:
        self.ending = {"kind": lifecycle.Ending.TRANSFERRED.value, "on": transferred_on,
                       "by": actor, "transfer_kind": kind, "receiving_body": receiving_body,
                       "reason": reason, "documents": documents}  # fmt: skip
        self._decision_deadline_met(transferred_on)

    @event("DecisionDeadlineExtended")
    def _extend_decision_deadline(
        self, actor: str, reason: str, previous_due_on: str, due_on: str
    ) -> None:
        found = self.deadlines["decision"] or {}
        extension = {"by": actor, "reason": reason, "previous_due_on": previous_due_on,
                     "due_on": due_on}  # fmt: skip
        self.deadlines["decision"] = {
            **found, "due_on": due_on, "extensions": [*found.get("extensions", []), extension]
        }  # fmt: skip

    # closing facts of a decision: service, publication or exemption, execution

    @event("DecisionServed")
    def _record_service(
        self,
        actor: str,
        method: str,
        served_on: str,
        documents: list[dict[str, Any]],
        due_on: str | None,
        on_time: bool | None,
    ) -> None:
        self.service = {"method": method, "served_on": served_on, "documents": documents,
                        "due_on": due_on, "on_time": on_time, "recorded_by": actor}  # fmt: skip
        found = self.deadlines["service"]
        if found is not None:
            self.deadlines["service"] = {**found, "met_on": served_on, "on_time": on_time}

    @event("PublicationExempted")
    def _exempt_publication(self, actor: str, ground: str, reason: str) -> None:
        self.publication_exemption = {"ground": ground, "reason": reason, "approved_by": actor}

    @event("ExecutionRecorded")
    def _record_execution(
        self, actor: str, status: str, executed_on: str, note: str, documents: list[dict[str, Any]]
    ) -> None:
        self.executions.append({"status": status, "executed_on": executed_on, "note": note,
                                "documents": documents, "recorded_by": actor})  # fmt: skip

    # after closure too: a decision set aside, and its publication withdrawn (R-PB-2)

    @event("DecisionSetAside")
    def _set_aside(
        self,
        actor: str,
        how: str,
        authority: str,
        reference: str | None,
        set_aside_on: str,
        withdrawal_due_on: str | None,
        withdrawal_due_provisional: bool,
    ) -> None:
        self.set_asides.append({"how": how, "authority": authority, "reference": reference,
                                "set_aside_on": set_aside_on, "recorded_by": actor})  # fmt: skip
        if withdrawal_due_on is not None:
            limit = deadlines.WITHDRAWAL_TIME_LIMIT
            due = Deadline(date.fromisoformat(withdrawal_due_on), withdrawal_due_provisional)
            self.deadlines["withdrawal"] = {
                **deadlines.recorded_deadline(limit, due, source="recorded"), "met_on": None,
            }  # fmt: skip

    @event("PublicationWithdrawn")
    def _withdraw_publication(
        self, actor: str, reason: str, withdrawn_on: str, due_on: str, on_time: bool
    ) -> None:
        found = self.deadlines["withdrawal"] or {}
        self.deadlines["withdrawal"] = {**found, "met_on": withdrawn_on, "on_time": on_time}
        if self.publication is not None:
            withdrawn = {"reason": reason, "withdrawn_on": withdrawn_on, "by": actor,
                         "on_time": on_time}  # fmt: skip
            self.publication = {**self.publication, "withdrawn": withdrawn}

    @event("CaseClosed")
    def _close(self, actor: str, reason: str) -> None:
        self.closure = {"closed_by": actor, "reason": reason}
        self.stage = Stage.CLOSED

    # -- oversight (R-SV-1..3): allowed at any stage, including after closure -------------

    @event("CaseFileReviewed")
    def record_file_review(self, actor: str, rating: str, findings: str) -> None:
        """案卷评查 result by an oversight body."""
        self.oversight.append({"kind": "file_review", "rating": rating, "findings": findings})

    @event("ComplaintRecorded")
    def record_complaint(self, actor: str, channel: str, summary: str) -> None:
        """A complaint or report about the enforcement (投诉举报, R-SV-3)."""
        self.oversight.append({"kind": "complaint", "channel": channel, "summary": summary})

    @event("ComplaintLinked")
    def link_complaint(self, actor: str, complaint_id: str, received_on: str) -> None:
        """A complaint about this case was received (R-SV-3): its own stream holds it, the
        case names it (never the complainant, R-RP-3)."""
        self.oversight.append(
            {"kind": "complaint_linked", "complaint_id": complaint_id, "received_on": received_on}
        )

    def complaint_ids(self) -> list[str]:
        """The complaints linked to this case, oldest first."""
        return [o["complaint_id"] for o in self.oversight if o["kind"] == "complaint_linked"]

    def score_file(
        self, *, actor: str, review_id: str, items: dict[str, Any], reviewed_on: str
    ) -> None:
        """A scored case-file review (案卷评查, R-SV-1) against the checklist in force; the
        score and rating are computed from the items, never given (``file_review``)."""
        scored = score_file(items)
        self._score_file(
            actor=actor, review_id=review_id, reviewed_on=reviewed_on, **scored.as_data()
        )

    @event("CaseFileScored")
    def _score_file(
        self,
        actor: str,
        review_id: str,
        reviewed_on: str,
        checklist_version: int,
        items: dict[str, Any],
        score: int,
        max_score: int,
        rating: str,
    ) -> None:
        self.oversight.append(
            {"kind": "file_review_scored", "review_id": review_id, "reviewed_on": reviewed_on,
             "reviewed_by": actor, "checklist_version": checklist_version, "items": items,
             "score": score, "max_score": max_score, "rating": rating}
        )  # fmt: skip

    def scored_review(self, review_id: str) -> dict[str, Any] | None:
        """A scored file review of this case by its id, if any."""
        return next(
            (o for o in self.oversight
             if o["kind"] == "file_review_scored" and o["review_id"] == review_id),
            None,
        )  # fmt: skip
