"""Enforcement cases: whole-process records and the legal-review gate (R-EN, R-AV, R-LR, R-PB)."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response
from pydantic import Field

from api.deps import App, Caller
from api.routes.case_lifecycle import router as lifecycle_router
from api.routes.common import (
    ActorId,
    IsoDate,
    LongText,
    Reason,
    Rfc3339,
    Sha256,
    Strict,
    Text,
    Words,
    events_answer,
)
from api.schemas.oversight import ScoredFileReviewIn
from api.schemas.terms import labelled, listed, sent, term
from infra.bundle import export_case_as_read

router = APIRouter(prefix="/v1/cases", tags=["cases"])


class PartyIn(Strict):
    """The party (当事人); never published (R-PB-4)."""

    kind: Annotated[
        Literal["person", "organisation"], Field(json_schema_extra=labelled("party_kind"))
    ]
    name: Words = Field(description="as written; holds a letter or digit, no control character")


class CaseIn(Strict):
    """Open a case: one of the six action types, at least two certified officers (R-EN-3)."""

    action_type: Annotated[
        Literal["penalty", "licensing", "coercion", "levy", "fee", "inspection"],
        Field(json_schema_extra=labelled("action_type")),
    ]
    title: Words
    agency: Text
    jurisdiction: Text
    officers: Annotated[list[ActorId], Field(max_length=50)]
    party: PartyIn
    simplified: bool = Field(default=False, description="简易程序 (summary procedure)")
    filed_on: IsoDate | None = Field(default=None, description="立案日期 (default: today)")


class OfficersIn(Strict):
    """Officers to add to the case."""

    officers: Annotated[list[ActorId], Field(min_length=1, max_length=50)]


class StepIn(Strict):
    """One recorded step; contested kinds reference audio-video (R-AV-2, R-AV-3)."""

    kind: Annotated[
        Literal[
            "credentials_shown",
            "on_site_inspection",
            "random_check",
            "investigation",
            "evidence_preservation",
            "hearing",
            "coercive_measure",
            "service",
            "other",
        ],
        Field(json_schema_extra=labelled("step_kind")),
    ]
    summary: LongText
    evidence: Annotated[list[Sha256], Field(max_length=200)] = Field(default_factory=list)
    touches: Annotated[
        list[Literal["personal_freedom", "life_health", "major_property"]],
        Field(max_length=3, json_schema_extra=labelled("touches")),
    ] = Field(default_factory=list)
    full_process_recording: Sha256 | None = None
    present: Annotated[list[ActorId], Field(max_length=50)] = Field(
        default_factory=list,
        description="officers taking part (default: all officers of the case)",
    )
    occurred_at: Rfc3339 | None = Field(
        default=None, description="when the step happened, if earlier than now (R-EN-2)"
    )


Measure = listed("catalogue_measure", max_length=64)
Flag = listed("catalogue_flag", max_length=64)


class DraftIn(Strict):
    """A draft decision; money in fen (integers)."""

    measures: Annotated[list[Measure], Field(min_length=1, max_length=20)]  # type: ignore[valid-type]
    fine_fen: Annotated[int, Field(ge=0)] = 0
    confiscation_fen: Annotated[int, Field(ge=0)] = 0
    facts: LongText
    legal_basis: LongText
    discretion: Annotated[str, Field(max_length=20_000)] = ""
    flags: Annotated[list[Flag], Field(max_length=20)] = Field(default_factory=list)  # type: ignore[valid-type]


class ReviewIn(Strict):
    """Request a legal review of a draft; it is due the agency's time limit in working days
    later (R-LR-7), shown as ``review_due_on`` on the case's reviews."""

    draft_hash: Sha256
    requested_on: IsoDate | None = Field(
        default=None, description="date on the request (default: today)"
    )


class ItemIn(Strict):
    """One review content's finding."""

    ok: bool
    note: Annotated[str, Field(max_length=5000)] = ""


class CrimeItemIn(ItemIn):
    """The finding on 违法行为是否涉嫌犯罪需要移送司法机关 (R-LR-4): ``crime_suspected`` true
    means the case goes to the judicial organs, and no decision is made on the draft."""

    crime_suspected: bool


class ItemsIn(Strict):
    """The review contents (R-LR-4): T74's six and the four of 国办发〔2018〕118号."""

    subject: ItemIn = Field(description="执法主体")
    jurisdiction: ItemIn = Field(description="管辖权限")
    procedure: ItemIn = Field(description="执法程序")
    facts: ItemIn = Field(description="事实认定")
    discretion: ItemIn = Field(description="行政裁量权运用")
    law_application: ItemIn = Field(description="法律适用")
    qualification: ItemIn = Field(description="执法人员是否具备执法资格")
    evidence: ItemIn = Field(description="证据是否合法充分")
    documents: ItemIn = Field(description="文书是否完备规范")
    crime_transfer: CrimeItemIn = Field(description="违法行为是否涉嫌犯罪需要移送司法机关")


class OpinionIn(Strict):
    """A legal reviewer's written opinion (R-LR-6)."""

    result: Annotated[
        Literal["passed", "rejected"], Field(json_schema_extra=labelled("review_result"))
    ]
    items: ItemsIn
    signature: Words
    reviewed_on: IsoDate | None = Field(
        default=None, description="date on the written opinion (default: today)"
    )


class CollectiveIn(Strict):
    """The heads' collective discussion of one draft (集体讨论, R-EN-7, 行政处罚法 第57条第2款)."""

    draft_hash: Sha256 = Field(description="the draft discussed: the case's current draft")
    participants: Annotated[list[ActorId], Field(min_length=1, max_length=50)] = Field(
        description="actor ids of the heads who took part: each an active agency_head of the "
        "case's agency; at least the catalogue's quorum (default 2)"
    )
    held_on: IsoDate = Field(description="date held: not in the future, not before the draft")
    conclusion: term("collective_conclusion")  # type: ignore[valid-type]
    minutes_sha256: Sha256 = Field(
        description="SHA-256 of the minutes (会议纪要), uploaded as evidence for this case"
    )


class DecisionIn(Strict):
    """Decide on exactly this draft; a draft the heads decide collectively rests on their
    recorded discussion of it (R-EN-7)."""

    draft_hash: Sha256
    decided_on: IsoDate | None = Field(
        default=None, description="date on the decision document (default: today)"
    )


class PublicationIn(Strict):
    """Publication of the decision (事后公开), with a redacted summary (R-PB-4)."""

    channel: Text = "行政执法公示平台"
    summary: LongText
    published_on: IsoDate | None = Field(
        default=None,
        description="date it was published (default: today; not in the future, not before "
        "the decision — a late entry keeps its recording time beside it, R-EN-2)",
    )


class ClosureIn(Strict):
    """Close and seal the case."""

    reason: Reason


class FileReviewIn(Strict):
    """案卷评查 result (R-SV-1)."""

    rating: Annotated[
        Literal["excellent", "qualified", "unqualified"],
        Field(json_schema_extra=labelled("file_review_rating")),
    ]
    findings: LongText


class ComplaintIn(Strict):
    """A complaint about the enforcement (R-SV-3)."""

    channel: Text
    summary: LongText


ReadReason = Annotated[
    str | None,
    Query(
        max_length=2000,
        description="why: required of court and oversight for every read, and of everyone "
        "for a bundle export; recorded",
    ),
]


@router.post("", status_code=201)
def open_case(body: CaseIn, jz: App, by: Caller) -> dict[str, Any]:
    """Open a case."""
    case, events = jz.cases.open_case(
        by,
        action_type=body.action_type,
        title=body.title,
        agency=body.agency,
        jurisdiction=body.jurisdiction,
        officers=body.officers,
        party=body.party.model_dump(),
        simplified=body.simplified,
        filed_on=body.filed_on,
    )
    return events_answer(events, case_id=str(case.id))


@router.post("/{case_id}/officers", status_code=201)
def assign_officers(case_id: UUID, body: OfficersIn, jz: App, by: Caller) -> dict[str, Any]:
    """Add certified officers to the case."""
    return events_answer(jz.cases.assign_officers(by, case_id, body.officers))


@router.post("/{case_id}/steps", status_code=201)
def record_step(case_id: UUID, body: StepIn, jz: App, by: Caller) -> dict[str, Any]:
    """Record a step of the case."""
    events = jz.cases.record_step(
        by,
        case_id,
        kind=body.kind,
        summary=body.summary,
        evidence=body.evidence,
        touches=list(body.touches),
        full_process_recording=body.full_process_recording,
        present=body.present,
        occurred_at=body.occurred_at,
    )
    return events_answer(events)


@router.post("/{case_id}/drafts", status_code=201)
def submit_draft(case_id: UUID, body: DraftIn, jz: App, by: Caller) -> dict[str, Any]:
    """Submit a draft: answers its `draft_hash`, whether it is major, and the rules matched."""
    _, judged, events = jz.cases.submit_draft(by, case_id, body.model_dump())
    return events_answer(events, **judged)


@router.post("/{case_id}/reviews", status_code=201)
def request_review(case_id: UUID, body: ReviewIn, jz: App, by: Caller) -> dict[str, Any]:
    """Send the current draft to legal review."""
    review_id, events = jz.cases.request_review(
        by, case_id, body.draft_hash, requested_on=body.requested_on
    )
    return events_answer(events, review_id=review_id)


@router.post("/{case_id}/reviews/{review_id}/opinion", status_code=201)
def record_opinion(
    case_id: UUID, review_id: UUID, body: OpinionIn, jz: App, by: Caller
) -> dict[str, Any]:
    """A legal reviewer's opinion on the ten review contents (R-LR-4)."""
    events = jz.cases.record_opinion(
        by,
        case_id,
        str(review_id),
        result=body.result,
        items=body.items.model_dump(),
        signature=body.signature,
        reviewed_on=body.reviewed_on,
    )
    return events_answer(events)


@router.post("/{case_id}/collective-discussions", status_code=201)
def record_collective_discussion(
    case_id: UUID, body: CollectiveIn, jz: App, by: Caller
) -> dict[str, Any]:
    """Record the heads' collective discussion of the current draft (R-EN-7)."""
    events = jz.cases.record_collective_discussion(
        by,
        case_id,
        draft_hash=body.draft_hash,
        participants=body.participants,
        held_on=body.held_on,
        conclusion=body.conclusion,
        minutes_sha256=body.minutes_sha256,
    )
    return events_answer(events)


@router.post(
    "/{case_id}/decision",
    status_code=201,
    responses={409: {"description": "refused; on a major draft the attempt is recorded"}},
)
def decide(case_id: UUID, body: DecisionIn, jz: App, by: Caller) -> dict[str, Any]:
    """Decide on a draft. A major draft needs a passed review of exactly that draft (R-LR-1)."""
    return events_answer(jz.cases.decide(by, case_id, body.draft_hash, decided_on=body.decided_on))


@router.post("/{case_id}/publication", status_code=201)
def publish(case_id: UUID, body: PublicationIn, jz: App, by: Caller) -> dict[str, Any]:
    """Record the decision's publication; answers its deadline and whether it was met."""
    answer, events = jz.cases.publish(
        by, case_id, channel=body.channel, summary=body.summary, published_on=body.published_on
    )
    return events_answer(events, **answer)


@router.post("/{case_id}/closure", status_code=201)
def close(case_id: UUID, body: ClosureIn, jz: App, by: Caller) -> dict[str, Any]:
    """Close and seal the case: afterwards only oversight may append."""
    return events_answer(jz.cases.close(by, case_id, body.reason))


@router.post("/{case_id}/file-reviews", status_code=201)
def file_review(case_id: UUID, body: FileReviewIn, jz: App, by: Caller) -> dict[str, Any]:
    """Oversight: a case-file review result (案卷评查)."""
    events = jz.cases.record_file_review(by, case_id, rating=body.rating, findings=body.findings)
    return events_answer(events)


@router.post("/{case_id}/scored-file-reviews", status_code=201)
def scored_file_review(
    case_id: UUID, body: ScoredFileReviewIn, jz: App, by: Caller
) -> dict[str, Any]:
    """Oversight: a case file scored against the checklist (案卷评查, R-SV-1), at any stage;
    answers the score and the rating computed from it."""
    review_id, scored, events = jz.case_oversight.score_file(
        by, case_id, items=sent(body.items), reviewed_on=body.reviewed_on
    )
    return events_answer(
        events, review_id=review_id, score=scored["score"], max_score=scored["max_score"],
        rating=scored["rating"],
    )  # fmt: skip


@router.post("/{case_id}/complaints", status_code=201)
def complaint(case_id: UUID, body: ComplaintIn, jz: App, by: Caller) -> dict[str, Any]:
    """Oversight: a complaint or report about the enforcement."""
    events = jz.cases.record_complaint(by, case_id, channel=body.channel, summary=body.summary)
    return events_answer(events)


@router.get("/{case_id}")
def get_case(case_id: UUID, jz: App, by: Caller, reason: ReadReason = None) -> dict[str, Any]:
    """The case's current state (court and oversight reads are recorded, with the reason)."""
    return jz.case_oversight.answer(jz.cases.readable(by, case_id, "case", reason))


@router.get("/{case_id}/bundle", response_class=Response)
def bundle(case_id: UUID, jz: App, by: Caller, reason: ReadReason = None) -> Response:
    """The court bundle: events, linked streams, inclusion proofs, a signed checkpoint.

    Verify it offline with `jianzheng verify-bundle`. The export is recorded in the case's
    access stream with who asked, why, and the SHA-256 of exactly these bytes.
    """
    return Response(export_case_as_read(jz, by, case_id, reason), media_type="application/json")


@router.get("/{case_id}/events")
def case_events(case_id: UUID, jz: App, by: Caller, reason: ReadReason = None) -> dict[str, Any]:
    """The case's events: envelopes with their `event_hash`."""
    jz.cases.readable(by, case_id, "events", reason)
    return {"case_id": str(case_id), "events": jz.cases.case_events(case_id)}


# How a case ends and the facts its closure needs (R-EN-5/6, R-PB-2): their own module.
router.include_router(lifecycle_router)
