"""Enforcement cases (行政执法): whole-process records and the legal-review gate (三项制度).

One chained stream per case. The aggregate decides every invariant it can from its
own events; facts about other streams (an officer's certificate, an uploaded blob's
media type, the catalogue's judgement) are resolved by the application service and
passed in, and are recorded in the events so the record shows what was relied on.

Rules enforced here: R-EN-1 (six action types), R-EN-2 (recorded time vs claimed
occurrence time), R-EN-3 (two certified officers), R-AV-2/3 (audio-video records),
R-LR-1 (no major decision without a passed review of that exact draft), R-LR-5
(separation of duties), R-LR-6 (written opinion on the six review contents), R-LR-8
(every blocked attempt recorded), R-PB-2 (publication deadline), R-SV-2 (after
closure only oversight events).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any

from eventsourcing.domain import event

from domain.proof.jcs import canonical_json
from domain.records import errors
from domain.records.aggregate import ChainedAggregate


class ActionType(StrEnum):
    """The six kinds of enforcement action (R-EN-1)."""

    PENALTY = "penalty"  # 行政处罚
    LICENSING = "licensing"  # 行政许可
    COERCION = "coercion"  # 行政强制
    LEVY = "levy"  # 行政征收
    FEE = "fee"  # 行政收费
    INSPECTION = "inspection"  # 行政检查


class StepKind(StrEnum):
    """Recorded steps of a case (R-AV-1, 行政处罚法 第47条)."""

    CREDENTIALS_SHOWN = "credentials_shown"  # 出示证件、告知 (事中公示, R-EN-4)
    ON_SITE_INSPECTION = "on_site_inspection"  # 现场检查
    RANDOM_CHECK = "random_check"  # 随机抽查
    INVESTIGATION = "investigation"  # 调查取证
    EVIDENCE_PRESERVATION = "evidence_preservation"  # 证据保全
    HEARING = "hearing"  # 听证
    COERCIVE_MEASURE = "coercive_measure"  # 行政强制
    SERVICE = "service"  # 送达
    OTHER = "other"


INQUIRY_STEPS = frozenset(
    {
        StepKind.ON_SITE_INSPECTION,
        StepKind.RANDOM_CHECK,
        StepKind.INVESTIGATION,
        StepKind.EVIDENCE_PRESERVATION,
        StepKind.HEARING,
    }
)
"""Steps that establish the facts a decision rests on: none after the decision."""

CONTESTED_STEPS = INQUIRY_STEPS | {StepKind.COERCIVE_MEASURE, StepKind.SERVICE}
"""Steps that "容易引发争议" and must reference an audio-video record (R-AV-2)."""


class Touches(StrEnum):
    """What a step directly touches; any of these needs full-process AV (R-AV-3)."""

    PERSONAL_FREEDOM = "personal_freedom"  # 人身自由
    LIFE_HEALTH = "life_health"  # 生命健康
    MAJOR_PROPERTY = "major_property"  # 重大财产权益


class PartyKind(StrEnum):
    """The party (当事人) of a case."""

    PERSON = "person"
    ORGANISATION = "organisation"


class Stage(StrEnum):
    """Where a case stands."""

    OPEN = "open"
    DECIDED = "decided"
    CLOSED = "closed"


class ReviewStatus(StrEnum):
    """Legal-review status of a draft (R-LR-6)."""

    NONE = "none"
    PENDING = "pending"
    PASSED = "passed"
    REJECTED = "rejected"
    STALE = "stale"


REVIEW_ITEMS = ("subject", "jurisdiction", "procedure", "facts", "discretion", "law_application")
"""The six review contents (R-LR-4).

执法主体, 管辖权限, 执法程序, 事实认定, 行政裁量权运用, 法律适用.
"""

DRAFT_HASH_PREFIX = b"jianzheng:draft:v1\n"

CHINA_STANDARD_TIME = timezone(timedelta(hours=8))
"""The authorities' civil time (UTC+8): a recorded moment's date is its date there."""


def is_audio_video(media_type: str) -> bool:
    """Whether a media type is an audio or video recording (音像记录)."""
    return media_type.split("/", 1)[0] in {"audio", "video"}


def draft_hash(content: dict[str, Any]) -> str:
    """SHA-256 naming one exact draft: the prefix and the JCS of its content."""
    return hashlib.sha256(DRAFT_HASH_PREFIX + canonical_json(content)).hexdigest()


@dataclass
class Draft:
    """A decision draft (决定书草案) and what the catalogue judged of it."""

    number: int
    draft_hash: str
    content: dict[str, Any]
    major: bool
    matched_rules: list[str]
    catalogue_version: int
    seq: int = 0
    """The seq of the event that submitted it: its place in the log decides which
    catalogue version was in force (R-LR-10)."""
    catalogue_stream: str | None = None
    """The catalogue stream it was judged by (None: the deployment's baseline)."""


@dataclass
class Review:
    """A legal review (法制审核) of one draft."""

    review_id: str
    draft_hash: str
    requested_by: str
    requested_at: str
    result: str | None = None
    reviewer: str | None = None
    items: dict[str, Any] = field(default_factory=dict)
    opinion_seq: int | None = None
    """The seq of the opinion's event."""
    reviewed_on: str | None = None
    """The date on the written opinion (R-EN-2: may be earlier than its recording)."""


class EnforcementCase(ChainedAggregate):
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
        self.blocked: list[dict[str, Any]] = []
        self.decision: dict[str, Any] | None = None
        self.publication: dict[str, Any] | None = None
        self.closure: dict[str, Any] | None = None
        self.oversight: list[dict[str, Any]] = []

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
        """Open a case with at least two certified officers (R-EN-3)."""
        try:
            ActionType(action_type)
        except ValueError:
            valid = ", ".join(a.value for a in ActionType)
            raise errors.InvalidInput(f"action_type {action_type!r}: one of {valid}") from None
        if party.get("kind") not in {k.value for k in PartyKind}:
            raise errors.InvalidInput("party.kind must be 'person' or 'organisation'")
        if not str(party.get("name", "")).strip():
            raise errors.InvalidInput("party.name must not be empty")
        ids = [o["actor_id"] for o in officers]
        if len(set(ids)) != len(ids):
            raise errors.InvalidInput("an officer is listed twice")
        if len(ids) < 2:
            raise errors.TwoOfficersRequired(
                f"{len(ids)} officer(s) listed; enforcement needs at least two (R-EN-3)"
            )
        if actor not in ids:
            raise errors.NotAssignedOfficer(
                "the officer opening a case must be one of its officers"
            )
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
        )

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
                    "review_status": self.review_status(d.draft_hash).value,
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
                }
                for r in self.reviews.values()
            ],
            "blocked_decisions": self.blocked,
            "decision": self.decision,
            "publication": self.publication,
            "closure": self.closure,
            "oversight": self.oversight,
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
        """A reviewer or the decider of this case never becomes one of its officers."""
        if actor_id in self.reviewed_by:
            raise errors.SeparationOfDuties(
                f"actor {actor_id} reviewed a draft of this case and may not act as its "
                "officer (R-LR-5)"
            )
        if actor_id == self.decided_by():
            raise errors.SeparationOfDuties(
                f"actor {actor_id} decided this case and may not act as its officer"
            )

    # -- officers -----------------------------------------------------------------------

    def assign_officers(self, *, actor: str, officers: list[dict[str, Any]]) -> None:
        """Add officers to the case (执法人员变更); their certificates are recorded."""
        self.check_not_closed()
        self.check_is_officer(actor)
        new = [o for o in officers if o["actor_id"] not in self.officers]
        if not new:
            raise errors.RuleViolation("every officer listed is already on the case")
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
        """Record one step; contested steps need AV, some need full-process AV."""
        self.check_not_closed()
        self.check_is_officer(actor)
        try:
            step_kind = StepKind(kind)
            touched = sorted({Touches(t).value for t in touches})
        except ValueError as exc:
            raise errors.InvalidInput(str(exc)) from None
        if not summary.strip():
            raise errors.InvalidInput("summary must not be empty")
        if self.decision is not None:
            self.check_after_decision(step_kind, occurred_at)
        present = present or sorted(self.officers)
        for officer in present:
            self.check_is_officer(officer)
        if actor not in present:
            raise errors.InvalidInput("the recording officer must be among those present")
        if len(set(present)) < 2:
            raise errors.TwoOfficersRequired(
                "at least two officers take part in each step (R-EN-3)"
            )
        av = [e for e in evidence if is_audio_video(e["media_type"])]
        if step_kind in CONTESTED_STEPS and not av:
            raise errors.AvRecordRequired(
                f"a {step_kind.value} step must reference an audio or video record (R-AV-2)"
            )
        if touched:
            recording = next((e for e in evidence if e["sha256"] == full_process_recording), None)
            if recording is None or not is_audio_video(recording["media_type"]):
                raise errors.AvRecordRequired(
                    f"a step touching {', '.join(touched)} needs full_process_recording: the "
                    "hash of an audio or video record of the whole step, listed in evidence "
                    "(R-AV-3)"
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

    def request_review(self, *, actor: str, review_id: str, draft_hash: str) -> None:
        """Ask the legal office to review the current draft."""
        self.check_not_closed()
        self.check_is_officer(actor)
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
        self._request_review(actor=actor, review_id=review_id, draft_hash=draft_hash)

    @event("ReviewRequested")
    def _request_review(self, actor: str, review_id: str, draft_hash: str) -> None:
        self.reviews[review_id] = Review(review_id, draft_hash, actor, "")

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
        """A legal reviewer's written opinion on the six review contents (R-LR-6).

        ``reviewed_on`` is the date on the opinion (default: the day it is recorded).
        """
        self.check_not_closed()
        review = self.reviews.get(review_id)
        if review is None:
            raise errors.ReviewNotFound(f"no review {review_id} in case {self.id}")
        if review.result is not None:
            raise errors.RuleViolation(f"review {review_id} already has an opinion")
        if self.acted_as_officer_on(actor):
            raise errors.SeparationOfDuties(
                "a reviewer may not be an officer of the case under review (R-LR-5)"
            )
        if result not in {"passed", "rejected"}:
            raise errors.InvalidInput("result must be 'passed' or 'rejected'")
        if set(items) != set(REVIEW_ITEMS):
            raise errors.InvalidInput(f"items must cover exactly {', '.join(REVIEW_ITEMS)}")
        problems = [name for name in REVIEW_ITEMS if not items[name]["ok"]]
        if result == "passed" and problems:
            raise errors.InvalidInput(f"a passed opinion cannot find problems in {problems}")
        if result == "rejected" and not problems:
            raise errors.InvalidInput("a rejected opinion must name at least one problem item")
        if not signature.strip():
            raise errors.InvalidInput("the opinion must be signed")
        self._record_opinion(
            actor=actor,
            review_id=review_id,
            draft_hash=review.draft_hash,
            result=result,
            items={name: items[name] for name in REVIEW_ITEMS},
            signature=signature,
            reviewed_on=reviewed_on,
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
    ) -> None:
        review = self.reviews[review_id]
        review.reviewed_on = reviewed_on
        review.result = result
        review.reviewer = actor
        review.items = items
        review.opinion_seq = self.version + 1
        self.reviewed_by.add(actor)

    def review_status(self, hashed: str) -> ReviewStatus:
        """Status of a draft's review: the latest review requested for it decides."""
        reviews = [r for r in self.reviews.values() if r.draft_hash == hashed]
        if not reviews:
            return ReviewStatus.NONE
        if hashed != self.current_draft:
            return ReviewStatus.STALE  # a new draft makes earlier opinions stale
        latest = reviews[-1]
        return ReviewStatus.PENDING if latest.result is None else ReviewStatus(latest.result)

    # -- the gate (R-LR-1, R-LR-8) ------------------------------------------------------

    def decision_refusal(
        self,
        actor: str,
        is_agency_head: bool,
        hashed: str,
        *,
        major: bool | None = None,
        legal_office: frozenset[str] | None = None,
    ) -> errors.JianzhengError | None:
        """Why ``actor`` may not decide on draft ``hashed`` now, or None if they may.

        ``major`` is the gate's judgement at decision time (the service re-judges the
        draft from the record: R-LR-9, R-LR-10); the draft is major if it or the draft's
        own judgement says so. ``legal_office`` holds the reviewers of this case who belong
        to the legal office of the case's agency (R-LR-5); None skips that check.
        """
        draft = self.draft(hashed)
        if not is_agency_head:
            return errors.DecisionAuthorityRequired("only an agency head decides (R-EN-7)")
        if self.acted_as_officer_on(actor):
            return errors.SeparationOfDuties("the decider acted as an officer on this case")
        if actor in self.reviewed_by:
            return errors.SeparationOfDuties(
                "the decider reviewed a draft of this case; a reviewer never decides (R-LR-5)"
            )
        if hashed != self.current_draft:
            return errors.DraftSuperseded(
                f"draft {draft.number} was superseded by a later draft; decide on the current one"
            )
        if not (draft.major or major):
            return None
        reviews = [r for r in self.reviews.values() if r.draft_hash == hashed]
        if not reviews:
            older_passed = any(r.result == "passed" for r in self.reviews.values())
            if older_passed:
                return errors.LegalReviewStale(
                    "a review passed an earlier draft; this draft has not been reviewed (R-LR-1)"
                )
            return errors.LegalReviewRequired(
                "this draft is a major decision and has no legal review (R-LR-1)"
            )
        latest = reviews[-1]
        if any(r.result == "rejected" for r in reviews):
            return errors.LegalReviewRejected("the legal review of this draft found problems")
        if latest.result is None:
            return errors.LegalReviewPending("the legal review of this draft has no opinion yet")
        later_steps = [s for s in self.steps if int(s.get("seq") or 0) > draft.seq]
        if later_steps:
            kinds = ", ".join(sorted({str(s["kind"]) for s in later_steps}))
            return errors.LegalReviewStale(
                f"steps were recorded after this draft was submitted ({kinds}): the file it "
                "was drafted and reviewed on has changed; submit a new draft on the whole "
                "file and have it reviewed (R-LR-1, R-LR-4)"
            )
        if latest.reviewer is not None and self.acted_as_officer_on(latest.reviewer):
            return errors.ReviewerConflict(
                "the reviewer who passed this draft acted as an officer on the case"
            )
        if legal_office is not None and latest.reviewer not in legal_office:
            return errors.ReviewerOutsideLegalOffice(
                "the review that passed this draft is not by the legal office of the case's "
                "agency (R-LR-5)"
            )
        return None

    def decide(
        self,
        *,
        actor: str,
        is_agency_head: bool,
        draft_hash: str,
        decided_on: str,
        collective_discussion: dict[str, Any] | None,
        publication_due_on: str,
        publication_due_provisional: bool,
        gate: dict[str, Any] | None = None,
        legal_office: frozenset[str] | None = None,
    ) -> errors.JianzhengError | None:
        """Make the decision, or refuse it.

        ``gate`` is the service's judgement of the draft at decision time (``major``, the
        catalogue stream and version in force when the draft was submitted, the rules it
        matched); it is recorded in the decision. A refusal on a major draft is itself
        recorded as ``DecisionBlocked`` (R-LR-8) and returned, so the caller saves it and
        then reports the refusal; any other refusal is raised and records nothing.
        """  # fmt: skip
        self.check_not_closed()
        if self.decision is not None:
            raise errors.DecisionAlreadyMade(f"case {self.id} was decided already")
        major = None if gate is None else bool(gate.get("major"))
        refusal = self.decision_refusal(
            actor, is_agency_head, draft_hash, major=major, legal_office=legal_office
        )
        if refusal is None:
            held_on = (collective_discussion or {}).get("held_on")
            self.check_decision_date(
                draft_hash, decided_on, major=bool(major),
                held_on=None if held_on is None else str(held_on),
            )  # fmt: skip
            self._decide(
                actor=actor,
                draft_hash=draft_hash,
                decided_on=decided_on,
                collective_discussion=collective_discussion,
                publication_due_on=publication_due_on,
                publication_due_provisional=publication_due_provisional,
                gate=gate,
            )
            return None
        if not (self.draft(draft_hash).major or major):
            raise refusal
        self._block_decision(
            actor=actor, draft_hash=draft_hash, code=refusal.code, reason=refusal.detail
        )
        return refusal

    def check_after_decision(self, kind: StepKind, occurred_at: str | None) -> None:
        """After the decision, no inquiry step, and no step dated before the decision."""
        assert self.decision is not None
        decided_on = date.fromisoformat(str(self.decision["decided_on"]))
        if kind in INQUIRY_STEPS:
            raise errors.StepAfterDecision(
                f"a {kind.value} step cannot follow the decision of {decided_on}: the facts a "
                "decision rests on are established before it (a new inquiry needs a new case)"
            )
        if occurred_at is not None:
            moment = datetime.fromisoformat(occurred_at.replace("Z", "+00:00"))
            if moment.astimezone(CHINA_STANDARD_TIME).date() < decided_on:
                raise errors.StepAfterDecision(
                    f"occurred_at {occurred_at} is before the decision of {decided_on}, "
                    "recorded after it: a step of that day belongs before the decision"
                )

    def civil_date_of(self, seq: int) -> date | None:
        """The date (China Standard Time) on which event ``seq`` was recorded."""
        moment = self.recorded_at.get(seq)
        return None if moment is None else moment.astimezone(CHINA_STANDARD_TIME).date()

    def check_decision_date(
        self, draft_hash: str, decided_on: str, *, major: bool, held_on: str | None = None
    ) -> None:
        """A major decision is not dated before the legal review that passed its draft:
        the review comes first (R-LR-1). Both dates are the ones on the documents (a late
        entry keeps its recording time beside them, R-EN-2)."""
        draft = self.draft(draft_hash)
        if not (major or draft.major):
            return
        passed = [r for r in self.reviews.values()
                  if r.draft_hash == draft_hash and r.result == "passed"]  # fmt: skip
        if not passed:
            return
        review = passed[-1]
        recorded = self.civil_date_of(review.opinion_seq or 0)
        reviewed = date.fromisoformat(review.reviewed_on) if review.reviewed_on else recorded
        on = date.fromisoformat(decided_on)
        if reviewed is not None and on < reviewed:
            raise errors.DecisionDatedTooEarly(
                f"decided_on {on} is before the legal review passed the draft ({reviewed}); "
                "a major decision is made after its review (R-LR-1)",
                field="decided_on",
            )
        if held_on is not None and reviewed is not None and date.fromisoformat(held_on) < reviewed:
            raise errors.DecisionDatedTooEarly(
                f"the collective discussion ({held_on}) is before the legal review passed the "
                f"draft ({reviewed}): the heads discuss the reviewed draft (R-EN-7, R-LR-1)",
                field="collective_discussion.held_on",
            )

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
        self.stage = Stage.DECIDED

    # -- publicity (R-PB-2) and closure -------------------------------------------------

    def publish(
        self,
        *,
        actor: str,
        channel: str,
        summary: str,
        published_on: str,
    ) -> None:
        """Record the publication of the decision (事后公开) against its deadline (R-PB-2)."""
        self.check_not_closed()
        if self.decision is None:
            raise errors.RuleViolation("only a decision can be published")
        if self.publication is not None:
            raise errors.RuleViolation("the decision was published already")
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

    def close(self, *, actor: str, reason: str) -> None:
        """Close and seal the case."""
        self.check_not_closed()
        if not reason.strip():
            raise errors.InvalidInput("a closure needs a reason")
        self._close(actor=actor, reason=reason)

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
