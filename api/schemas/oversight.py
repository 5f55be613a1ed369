"""Request bodies of the oversight routes (R-SV-1, R-SV-3, R-SV-4): complaints and their
handling, sanctions on officers, scored case-file reviews. The domain checks them again in
``domain/records/oversight/`` and ``domain/records/file_review.py``.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, create_model

from api.schemas.base import ActorId, IsoDate, LongText, Reason, StreamId, Strict, Text, Words
from api.schemas.terms import coded, term
from domain.records.file_review import checklist

Officers = Annotated[list[ActorId], Field(max_length=20)]


class Complainant(Strict):
    """Who complains; seen only by the oversight actors who receive and handle the complaint
    (R-RP-3)."""

    name: Words
    contact: Text | None = Field(default=None, description="telephone, address or e-mail")


class ComplaintIn(Strict):
    """A complaint or report about enforcement (投诉举报, R-SV-3). ``case_id`` and
    ``officers`` are optional, and checked to be on record when given; a complaint about no
    case names its ``jurisdiction`` (a division code)."""

    channel: term("complaint_channel")  # type: ignore[valid-type]
    complainant: Complainant
    summary: LongText
    case_id: StreamId | None = None
    officers: Officers = Field(default_factory=list)
    jurisdiction: Text | None = None
    received_on: IsoDate | None = Field(default=None, description="default: today")


class AssignmentIn(Strict):
    """Assign a complaint to an oversight actor whose area covers it."""

    assignee: ActorId


class FindingsIn(Strict):
    """What the investigation found."""

    findings: LongText


class OutcomeIn(Strict):
    """The one outcome of a complaint; a referred one names where it went."""

    outcome: term("complaint_outcome")  # type: ignore[valid-type]
    reason: LongText
    referred_to: Words | None = None


class ReplyIn(Strict):
    """The reply to the complainant: how, when, and what it said."""

    channel: term("reply_channel")  # type: ignore[valid-type]
    summary: LongText
    replied_on: IsoDate | None = Field(default=None, description="default: today")


class SanctionBasis(Strict):
    """The finding a sanction cites (R-SV-4): ``file_review`` (``case_id``, ``review_id``),
    ``complaint`` (``complaint_id``) or ``blocked_decision`` (``case_id``, ``seq``)."""

    kind: term("sanction_basis")  # type: ignore[valid-type]
    case_id: StreamId | None = None
    review_id: StreamId | None = None
    complaint_id: StreamId | None = None
    seq: Annotated[int, Field(ge=1, le=2**53 - 1)] | None = None


coded("basis.kind", "unknown-term", vocabulary_name="sanction_basis")


class SanctionIn(Strict):
    """A sanction on an officer (R-SV-4): 通报批评, 暂扣 (from–until) or 吊销/收回."""

    kind: term("sanction_kind")  # type: ignore[valid-type]
    basis: SanctionBasis
    reason: Reason
    effective_from: IsoDate | None = Field(default=None, description="default: today")
    effective_until: IsoDate | None = Field(default=None, description="a suspension's last day")


class ItemScore(Strict):
    """Points given to one checklist item, and what the review found there."""

    points: Annotated[
        int,
        Field(
            description="0 to the item's maximum (GET /v1/oversight/file-review-checklist); "
            "outside it, below 0 as above the maximum: 422 invalid-file-review naming the item "
            "(R-SV-1, checked against the checklist version in force)"
        ),
    ]
    finding: LongText


def _items_model() -> Any:
    fields: dict[str, Any] = {
        item.code: (ItemScore, Field(description=f"{item.label}, 0–{item.max_points} points"))
        for item in checklist()
    }
    return create_model("FileReviewItems", __base__=Strict, **fields)


FileReviewItems = _items_model()


class ScoredFileReviewIn(Strict):
    """A case file scored against the checklist in force (案卷评查, R-SV-1,
    ``GET /v1/oversight/file-review-checklist``): every item with its points and finding;
    the score and rating are computed."""

    items: FileReviewItems  # type: ignore[valid-type]
    reviewed_on: IsoDate | None = Field(default=None, description="default: today")
