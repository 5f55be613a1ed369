"""The gate (R-LR-1, R-LR-8): where a draft's review stands, whether a decision may be made
on it, and what dates a decision and the steps after it may carry (R-LR-1, R-EN-2, R-EN-7).
A decision also rests on the recorded collective discussion of that exact draft where the
catalogue requires one (R-EN-7), and never on an opinion that found a crime suspected
(R-LR-4: the case is transferred instead). A penalty decision also needs, before it, a
recorded step in which the officers showed their credentials and informed the party
(:data:`STEPS_BEFORE_DECISION`, R-EN-4).

Read from the case's record through :class:`CaseRecord`, which
:class:`~domain.records.enforcement.case.EnforcementCase` satisfies; the case calls these
before it records ``DecisionMade``, ``DecisionBlocked`` or ``StepRecorded``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, Final, Protocol
from uuid import UUID

from domain.records import errors
from domain.records.enforcement.collective import CollectiveDiscussion, collective_refusal
from domain.records.enforcement.vocabulary import (
    CHINA_STANDARD_TIME,
    CRIME_TRANSFER_ITEM,
    INQUIRY_STEPS,
    ActionType,
    Draft,
    Review,
    ReviewStatus,
    StepKind,
)


@dataclass(frozen=True)
class StepBeforeDecision:
    """A step the record must hold before a decision of some action type, and why."""

    kind: StepKind
    rule: str
    law: str


STEPS_BEFORE_DECISION: Final[Mapping[ActionType, tuple[StepBeforeDecision, ...]]] = (
    MappingProxyType(
        {
            # 事中公示 (R-EN-4): 第55条 — 执法人员在调查或者进行检查时, 应当主动向当事人或者有关人员
            # 出示执法证件; 第44条 — 作出处罚决定之前, 告知拟作出的处罚内容及事实、理由、依据和
            # 当事人的陈述、申辩、听证等权利; 第52条 — 当场处罚也出示执法证件. The record holds
            # both in one step, ``credentials_shown`` (出示证件、告知).
            ActionType.PENALTY: (
                StepBeforeDecision(
                    StepKind.CREDENTIALS_SHOWN, "R-EN-4", "行政处罚法 第44条、第52条、第55条"
                ),
            ),
        }
    )
)
"""Steps a decision of each action type needs on record before it. The other action types'
laws (行政许可法, 行政强制法 第18条 …) are not yet tables here: a row each when they are."""


def missing_steps(case: CaseRecord) -> list[StepBeforeDecision]:
    """The steps the case's action type needs before its decision that the record lacks."""
    recorded = {str(s["kind"]) for s in case.steps}
    return [
        need
        for need in STEPS_BEFORE_DECISION.get(case.action_type, ())
        if need.kind.value not in recorded
    ]


class CaseRecord(Protocol):
    """What the gate reads of a case."""

    action_type: ActionType
    current_draft: str | None
    reviews: dict[str, Review]
    reviewed_by: set[str]
    steps: list[dict[str, Any]]
    decision: dict[str, Any] | None
    decision_seq: int | None
    discussions: list[CollectiveDiscussion]

    @property
    def id(self) -> UUID:
        """The case's stream id."""
        ...

    def draft(self, hashed: str) -> Draft:
        """A draft by its hash (refused if the case has none)."""
        ...

    def acted_as_officer_on(self, actor_id: str) -> bool:
        """Assigned as an officer, or took part in a step, of this case."""
        ...

    def civil_date_of(self, seq: int) -> date | None:
        """The date (China Standard Time) on which event ``seq`` was recorded."""
        ...


def review_status(case: CaseRecord, hashed: str) -> ReviewStatus:
    """Status of a draft's review: the latest review requested for it decides, as
    :func:`review_verdict` reads it (stale once a later draft or a later step changed what it
    reviewed)."""
    reviews = [r for r in case.reviews.values() if r.draft_hash == hashed]
    if not reviews:
        return ReviewStatus.NONE
    draft = case.draft(hashed)
    return review_verdict(
        reviews[-1].result,
        current=hashed == case.current_draft,
        file_changed=bool(steps_after_draft(case, draft)),
    )


def review_verdict(result: str | None, *, current: bool, file_changed: bool) -> ReviewStatus:
    """Where a draft's latest requested review stands — the gate's one reading, for the
    decision itself (:func:`decision_refusal`), the case's record, its lists, the review
    queues and the dossier alike (R-LR-1, R-LR-6).

    ``result`` is the review's opinion (None: none yet); ``current``: the draft is the case's
    current one; ``file_changed``: a step was recorded after the draft was submitted and
    before a decision (:func:`file_changed_since`). A later draft makes the review stale; so
    does a later step once the review has passed it: the file it was drafted and reviewed on
    has changed, and a decision on it is refused ``legal-review-stale`` — the officers submit
    a new draft on the whole file and have it reviewed. A rejection stays a rejection and an
    open review stays open (its opinion, when it passes, will be stale at once)."""
    if not current:
        return ReviewStatus.STALE  # a new draft makes earlier opinions stale
    if result is None:
        return ReviewStatus.PENDING
    if result == ReviewStatus.PASSED.value and file_changed:
        return ReviewStatus.STALE
    return ReviewStatus(result)


def file_changed_since(draft_seq: int, last_step_seq: int | None) -> bool:
    """Whether a step was recorded after the draft submitted at ``draft_seq`` (a seq of the
    case's stream), given the seq of the last step recorded before any decision."""
    return last_step_seq is not None and last_step_seq > draft_seq


class StepsSinceRecord(Protocol):
    """What :func:`steps_after_draft` reads: the steps and the decision's place."""

    steps: list[dict[str, Any]]
    decision_seq: int | None


def steps_after_draft(case: StepsSinceRecord, draft: Draft) -> list[dict[str, Any]]:
    """The steps recorded after ``draft`` was submitted and before the case's decision (a
    step after the decision — its service, its execution — does not change the file the
    decision rested on)."""
    before = case.decision_seq
    return [
        s
        for s in case.steps
        if file_changed_since(draft.seq, int(s.get("seq") or 0))
        and (before is None or int(s.get("seq") or 0) < before)
    ]


def decision_refusal(
    case: CaseRecord,
    actor: str,
    is_agency_head: bool,
    hashed: str,
    *,
    major: bool | None = None,
    legal_office: frozenset[str] | None = None,
    collective: list[str] | None = None,
) -> errors.JianzhengError | None:
    """Why ``actor`` may not decide on draft ``hashed`` now, or None if they may.

    ``major`` is the gate's judgement at decision time (the service re-judges the
    draft from the record: R-LR-9, R-LR-10); the draft is major if it or the draft's
    own judgement says so. ``legal_office`` holds the reviewers of this case who belong
    to the legal office of the case's agency (R-LR-5); None skips that check.
    ``collective`` names the catalogue rules that make the draft one the heads decide
    collectively (R-EN-7); None or empty: no discussion is required.
    """
    draft = case.draft(hashed)
    if not is_agency_head:
        return errors.DecisionAuthorityRequired("only an agency head decides (R-EN-7)")
    if case.acted_as_officer_on(actor):
        return errors.SeparationOfDuties("the decider acted as an officer on this case")
    if actor in case.reviewed_by:
        return errors.SeparationOfDuties(
            "the decider reviewed a draft of this case; a reviewer never decides (R-LR-5)"
        )
    if hashed != case.current_draft:
        return errors.DraftSuperseded(
            f"draft {draft.number} was superseded by a later draft; decide on the current one"
        )
    crime = standing_crime_finding(case)
    if crime is not None:
        # Whether or not the draft is major, and whichever draft it reviewed: an opinion
        # found a crime suspected and no later opinion cleared it (R-LR-4).
        return errors.CrimeTransferRequired(
            f"the legal review of draft {case.draft(crime.draft_hash).number} found the "
            "conduct suspected of a crime "
            "(违法行为涉嫌犯罪): the case is transferred to the judicial organs, not decided "
            "here (R-LR-4; 行政处罚法 第27条, 第57条第1款第(四)项)"
        )
    missing = missing_steps(case)
    if missing:
        need = missing[0]
        return errors.CredentialsShownRequired(
            f"no step of {need.kind.label} is recorded on this case: before a decision of "
            f"{case.action_type.label} the officers show their credentials and inform the "
            "party of the intended decision, its facts, reasons and basis and of the party's "
            f"rights ({need.rule}; {need.law}); record that step first"
        )
    if not (draft.major or major):
        return None
    reviews = [r for r in case.reviews.values() if r.draft_hash == hashed]
    if not reviews:
        older_passed = any(r.result == "passed" for r in case.reviews.values())
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
    later_steps = steps_after_draft(case, draft)
    if review_verdict(latest.result, current=True, file_changed=bool(later_steps)) is (
        ReviewStatus.STALE
    ):
        kinds = ", ".join(sorted({str(s["kind"]) for s in later_steps}))
        return errors.LegalReviewStale(
            f"steps were recorded after this draft was submitted ({kinds}): the file it "
            "was drafted and reviewed on has changed; submit a new draft on the whole "
            "file and have it reviewed (R-LR-1, R-LR-4)"
        )
    if latest.reviewer is not None and case.acted_as_officer_on(latest.reviewer):
        return errors.ReviewerConflict(
            "the reviewer who passed this draft acted as an officer on the case"
        )
    if legal_office is not None and latest.reviewer not in legal_office:
        return errors.ReviewerOutsideLegalOffice(
            "the review that passed this draft is not by the legal office of the case's "
            "agency (R-LR-5)"
        )
    return collective_refusal(case.discussions, hashed, collective or [], draft.number)


class ReviewsRecord(Protocol):
    """What a standing crime finding is read from: the reviews and the drafts."""

    reviews: dict[str, Review]

    def draft(self, hashed: str) -> Draft:
        """A draft by its hash (refused if the case has none)."""
        ...


def standing_crime_finding(case: ReviewsRecord) -> Review | None:
    """The opinion whose finding that the conduct is suspected of a crime (涉嫌犯罪) still
    stands on the case, if any (R-LR-4; 行政处罚法 第27条, 第57条第1款第(四)项).

    A crime finding on *any* opinion of the case stands — a new draft alone does not drop
    it: only a later opinion that passes a later draft and explicitly finds no crime
    suspected (``crime_suspected: false``) clears it. Opinions are taken in recorded order."""
    opinions = sorted(
        (r for r in case.reviews.values() if r.result is not None),
        key=lambda r: r.opinion_seq or r.requested_seq,
    )
    standing: Review | None = None
    for review in opinions:
        if review.crime_suspected():
            standing = review
        elif standing is not None and _clears(case, review, standing):
            standing = None
    return standing


def _clears(case: ReviewsRecord, review: Review, finding: Review) -> bool:
    """Whether ``review`` passes a later draft than ``finding``'s and says, in so many
    words, that no crime is suspected."""
    said = review.items.get(CRIME_TRANSFER_ITEM)
    return (
        review.result == ReviewStatus.PASSED.value
        and isinstance(said, dict)
        and said.get("crime_suspected") is False
        and case.draft(review.draft_hash).number > case.draft(finding.draft_hash).number
    )


class StepsRecord(Protocol):
    """What the step dates are read from: the steps and the days events were recorded."""

    steps: list[dict[str, Any]]

    def civil_date_of(self, seq: int) -> date | None:
        """The date (China Standard Time) on which event ``seq`` was recorded."""
        ...


def step_day(case: StepsRecord, step: Mapping[str, Any]) -> date | None:
    """The day a recorded step took place: its ``occurred_at`` (China Standard Time), or else
    the day it was recorded (R-EN-2)."""
    occurred = step.get("occurred_at")
    if occurred:
        moment = datetime.fromisoformat(str(occurred).replace("Z", "+00:00"))
        return moment.astimezone(CHINA_STANDARD_TIME).date()
    return case.civil_date_of(int(step["seq"]))


def last_step_day(case: StepsRecord) -> date | None:
    """The latest day any recorded step of the case took place (:func:`step_day`)."""
    days = [d for d in (step_day(case, s) for s in case.steps) if d is not None]
    return max(days, default=None)


def check_steps_precede(case: CaseRecord, on: date) -> None:
    """A decision is not dated before the step it needs on record before it
    (:data:`STEPS_BEFORE_DECISION`, R-EN-4): the party is informed, then the decision made."""
    for need in STEPS_BEFORE_DECISION.get(case.action_type, ()):
        days = [step_day(case, s) for s in case.steps if s["kind"] == need.kind.value]
        first = min((d for d in days if d is not None), default=None)
        if first is not None and on < first:
            raise errors.DecisionDatedTooEarly(
                f"decided_on {on} is before the step of {need.kind.label} ({first}): the "
                "officers show their credentials and inform the party before the decision "
                f"({need.rule}; {need.law})",
                field="decided_on",
            )


def check_decision_date(
    case: CaseRecord, draft_hash: str, decided_on: str, *, major: bool, held_on: str | None = None
) -> None:
    """A major decision is not dated before the legal review that passed its draft: the
    review comes first (R-LR-1); no decision is dated before the step it needs on record
    (R-EN-4, :func:`check_steps_precede`); and no decision is dated before the heads' recorded
    collective discussion it rests on (``held_on``), which itself follows the review
    (R-EN-7). The dates are the ones on the documents (a late entry keeps its recording
    time beside them, R-EN-2)."""
    draft = case.draft(draft_hash)
    on = date.fromisoformat(decided_on)
    check_steps_precede(case, on)
    passed = [r for r in case.reviews.values()
              if r.draft_hash == draft_hash and r.result == "passed"]  # fmt: skip
    reviewed = None
    if passed and (major or draft.major):
        review = passed[-1]
        recorded = case.civil_date_of(review.opinion_seq or 0)
        reviewed = date.fromisoformat(review.reviewed_on) if review.reviewed_on else recorded
    asked = passed[-1].requested_at if passed and (major or draft.major) else ""
    if asked and on < date.fromisoformat(asked):
        raise errors.DecisionDatedTooEarly(
            f"decided_on {on} is before the legal review was requested ({asked}); a major "
            "decision is made after its review (R-LR-1)",
            field="decided_on",
        )
    if reviewed is not None and on < reviewed:
        raise errors.DecisionDatedTooEarly(
            f"decided_on {on} is before the legal review passed the draft ({reviewed}); "
            "a major decision is made after its review (R-LR-1)",
            field="decided_on",
        )
    if held_on is None:
        return
    if on < date.fromisoformat(held_on):
        raise errors.DecisionDatedTooEarly(
            f"decided_on {on} is before the heads' collective discussion of the draft "
            f"({held_on}): the heads discuss, then decide (R-EN-7)",
            field="decided_on",
        )
    if reviewed is not None and date.fromisoformat(held_on) < reviewed:
        raise errors.DecisionDatedTooEarly(
            f"the collective discussion ({held_on}) is before the legal review passed the "
            f"draft ({reviewed}): the heads discuss the reviewed draft (R-EN-7, R-LR-1); "
            "record a discussion held after the review",
            field="decided_on",
        )


def check_after_decision(case: CaseRecord, kind: StepKind, occurred_at: str | None) -> None:
    """After the decision, no inquiry step, and no step dated before the decision."""
    assert case.decision is not None
    decided_on = date.fromisoformat(str(case.decision["decided_on"]))
    if kind in INQUIRY_STEPS:
        raise errors.StepAfterDecision(
            f"kind: a step of {kind.label} cannot follow the decision of {decided_on}: the "
            "facts a decision rests on are established before it (a new inquiry needs a new "
            "case)",
            field="kind",
        )
    if occurred_at is not None:
        moment = datetime.fromisoformat(occurred_at.replace("Z", "+00:00"))
        if moment.astimezone(CHINA_STANDARD_TIME).date() < decided_on:
            raise errors.StepAfterDecision(
                f"occurred_at {occurred_at} is before the decision of {decided_on}, "
                "recorded after it: a step of that day belongs before the decision",
                field="occurred_at",
            )
