"""Case-file review (案卷评查, R-SV-1): the checklist a case file is scored against, and the
rating its score earns.

The checklist is data, versioned: an item code, its Chinese label, the points it is worth.
Version 1 follows the seven headings that provincial 行政执法案卷评查标准 commonly use
(主体合法、事实清楚、证据确凿、程序合法、适用法律正确、文书规范、归档完整) on a 100-point
scale; the weights are this deployment's choice, written here and nowhere else. A revision
adds a version: a review records the version it was scored against, so an old review keeps
its meaning.

The rating (优秀/合格/不合格) is computed from the score by :data:`RATING_THRESHOLDS`, never
taken from the reviewer: ``excellent`` from 90 of 100 points, ``qualified`` from 60, as the
评查 standards commonly grade. Thresholds are shares of the checklist's maximum, so a version
with another total keeps them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final

from domain.records.errors import InvalidFileReview
from domain.records.text import visible


@dataclass(frozen=True)
class ChecklistItem:
    """One heading of the checklist: its code, Chinese label and the points it is worth."""

    code: str
    label: str
    max_points: int


CHECKLISTS: Final[Mapping[int, tuple[ChecklistItem, ...]]] = MappingProxyType(
    {
        1: (
            ChecklistItem("subject_lawful", "主体合法", 10),
            ChecklistItem("facts_clear", "事实清楚", 15),
            ChecklistItem("evidence_conclusive", "证据确凿", 20),
            ChecklistItem("procedure_lawful", "程序合法", 20),
            ChecklistItem("law_applied_correctly", "适用法律正确", 15),
            ChecklistItem("documents_standard", "文书规范", 10),
            ChecklistItem("archive_complete", "归档完整", 10),
        ),
    }
)
"""Checklist versions: each a tuple of items (a version is never changed once released)."""

CURRENT_CHECKLIST: Final = max(CHECKLISTS)

RATING_THRESHOLDS: Final[tuple[tuple[int, str], ...]] = (
    (90, "excellent"),  # 优秀
    (60, "qualified"),  # 合格
    (0, "unqualified"),  # 不合格
)
"""(least percentage of the checklist's maximum, rating), from the best rating down."""

RATINGS: Final = tuple(rating for _, rating in RATING_THRESHOLDS)


def checklist(version: int = CURRENT_CHECKLIST) -> tuple[ChecklistItem, ...]:
    """The items of checklist ``version``."""
    return CHECKLISTS[version]


def max_score(version: int = CURRENT_CHECKLIST) -> int:
    """The points a perfect file earns under checklist ``version``."""
    return sum(item.max_points for item in CHECKLISTS[version])


def rating_for(score: int, version: int = CURRENT_CHECKLIST) -> str:
    """The rating ``score`` earns under checklist ``version`` (:data:`RATING_THRESHOLDS`)."""
    top = max_score(version)
    for least, rating in RATING_THRESHOLDS:
        if score * 100 >= least * top:
            return rating
    return RATING_THRESHOLDS[-1][1]


@dataclass(frozen=True)
class ScoredReview:
    """A case file scored item by item: points and the finding of each, the total, the rating."""

    checklist_version: int
    items: dict[str, dict[str, Any]]
    score: int
    max_score: int
    rating: str

    def as_data(self) -> dict[str, Any]:
        """The event's fields."""
        return {
            "checklist_version": self.checklist_version,
            "items": self.items,
            "score": self.score,
            "max_score": self.max_score,
            "rating": self.rating,
        }


def score_file(
    items: Mapping[str, Mapping[str, Any]], version: int = CURRENT_CHECKLIST
) -> ScoredReview:
    """Score a case file: every item of the checklist given once, with its points (``0…max``)
    and a finding in words; the total and the rating are computed (R-SV-1)."""
    heads = CHECKLISTS[version]
    codes = [item.code for item in heads]
    unknown = sorted(set(items) - set(codes))
    if unknown:
        raise InvalidFileReview(
            f"items.{unknown[0]}: not an item of checklist version {version}",
            field=f"items.{unknown[0]}",
            allowed=codes,
        )
    scored: dict[str, dict[str, Any]] = {}
    for head in heads:
        given = items.get(head.code)
        field = f"items.{head.code}"
        if given is None:
            raise InvalidFileReview(
                f"{field}: every item of the checklist is scored ({head.label})",
                field=field,
                allowed=codes,
            )
        points = given.get("points")
        if isinstance(points, bool) or not isinstance(points, int):
            raise InvalidFileReview(f"{field}.points: a whole number", field=f"{field}.points")
        if not 0 <= points <= head.max_points:
            raise InvalidFileReview(
                f"{field}.points: {head.label} is worth 0 to {head.max_points} points",
                field=f"{field}.points",
            )
        finding = given.get("finding")
        if not isinstance(finding, str) or visible(finding) is None:
            raise InvalidFileReview(
                f"{field}.finding: say what the review found ({head.label})",
                field=f"{field}.finding",
            )
        scored[head.code] = {"points": points, "max_points": head.max_points, "finding": finding}
    score = sum(i["points"] for i in scored.values())
    return ScoredReview(version, scored, score, max_score(version), rating_for(score, version))


def checklist_document(version: int = CURRENT_CHECKLIST) -> dict[str, Any]:
    """The checklist as a JSON-ready document (items, maximum, rating thresholds)."""
    return {
        "version": version,
        "items": [
            {"code": i.code, "label": i.label, "max_points": i.max_points}
            for i in CHECKLISTS[version]
        ],
        "max_score": max_score(version),
        "rating_thresholds": [
            {"rating": rating, "least_percent": least} for least, rating in RATING_THRESHOLDS
        ],
    }


ITEM_LABELS: Final = MappingProxyType(
    {item.code: item.label for heads in CHECKLISTS.values() for item in heads}
)
"""Every checklist item code ever released, with its label (the vocabulary)."""
