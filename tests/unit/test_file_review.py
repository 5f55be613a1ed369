"""Case-file review (案卷评查, R-SV-1): a versioned checklist that is data, a score and a
rating computed from it, recorded on the case at any stage. Pure."""

from __future__ import annotations

from typing import Any

import pytest

from domain.proof.chain import decode_envelope
from domain.records.enforcement import EnforcementCase
from domain.records.errors import InvalidFileReview
from domain.records.file_review import (
    CHECKLISTS,
    CURRENT_CHECKLIST,
    ITEM_LABELS,
    RATING_THRESHOLDS,
    RATINGS,
    checklist,
    max_score,
    rating_for,
    score_file,
)
from domain.records.vocabulary import vocabulary


def full_marks(**deductions: int) -> dict[str, dict[str, Any]]:
    """Every item at its maximum, less the ``deductions`` named."""
    return {
        item.code: {
            "points": item.max_points - deductions.get(item.code, 0),
            "finding": "符合要求" if item.code not in deductions else "存在问题",
        }
        for item in checklist()
    }


def test_the_checklist_is_data_with_chinese_labels_and_a_hundred_points() -> None:
    """R-SV-1: the seven headings of 评查, each with its label and weight, summing to 100."""
    labels = [item.label for item in CHECKLISTS[1]]
    assert labels == ["主体合法", "事实清楚", "证据确凿", "程序合法", "适用法律正确", "文书规范",
                      "归档完整"]  # fmt: skip
    assert max_score(1) == 100


@pytest.mark.parametrize(
    ("deductions", "score", "rating"),
    [
        ({}, 100, "excellent"),
        ({"archive_complete": 10}, 90, "excellent"),
        ({"archive_complete": 10, "documents_standard": 1}, 89, "qualified"),
        ({"procedure_lawful": 20, "evidence_conclusive": 20}, 60, "qualified"),
        ({"procedure_lawful": 20, "evidence_conclusive": 20, "facts_clear": 1}, 59, "unqualified"),
    ],
)
def test_the_rating_is_computed_from_the_score_by_the_thresholds(
    deductions: dict[str, int], score: int, rating: str
) -> None:
    """R-SV-1: 优秀 from 90 %, 合格 from 60 %, else 不合格 — at the edges exactly."""
    scored = score_file(full_marks(**deductions))
    assert (scored.score, scored.max_score, scored.rating) == (score, 100, rating)
    assert rating_for(score) == rating
    assert RATING_THRESHOLDS[0] == (90, "excellent")


def test_every_item_is_scored_within_its_points_with_a_finding() -> None:
    """R-SV-1: a missing item, an unknown one, points over the item's maximum or a blank
    finding are refused, naming the item."""
    items = full_marks()
    del items["facts_clear"]
    with pytest.raises(InvalidFileReview) as missing:
        score_file(items)
    assert missing.value.extra["field"] == "items.facts_clear"
    with pytest.raises(InvalidFileReview) as unknown:
        score_file({**full_marks(), "speed": {"points": 1, "finding": "快"}})
    assert unknown.value.extra["field"] == "items.speed"
    over = full_marks()
    over["subject_lawful"]["points"] = 11
    with pytest.raises(InvalidFileReview) as too_many:
        score_file(over)
    assert too_many.value.extra["field"] == "items.subject_lawful.points"
    blank = full_marks()
    blank["subject_lawful"]["finding"] = " "
    with pytest.raises(InvalidFileReview):
        score_file(blank)


def closed_case() -> EnforcementCase:
    case = EnforcementCase.open(
        actor="officer-a", action_type="penalty", title="某案", agency="某局",
        jurisdiction="370303", party={"kind": "person", "name": "刘某"},
        officers=[{"actor_id": "officer-a"}, {"actor_id": "officer-b"}],
        filed_on="2026-03-01",
    )  # fmt: skip
    case.close(actor="officer-a", reason="结案")
    return case


def test_a_closed_case_takes_a_scored_review_and_shows_it_with_the_computed_rating() -> None:
    """R-SV-1, R-SV-2: allowed at any stage incl. closed; the event stores the checklist
    version, the items, the score and the rating."""
    case = closed_case()
    case.score_file(actor="ovs", review_id="r-1", items=full_marks(procedure_lawful=15),
                    reviewed_on="2026-04-01")  # fmt: skip
    shown = case.state()["oversight"][-1]
    assert shown["kind"] == "file_review_scored"
    assert (shown["score"], shown["rating"], shown["checklist_version"]) == (
        85, "qualified", CURRENT_CHECKLIST,
    )  # fmt: skip
    data = decode_envelope(case.collect_events()[-1].canonical_bytes).data
    assert data["rating"] == "qualified"
    assert data["items"]["procedure_lawful"]["points"] == 5


def test_the_old_unscored_file_review_event_still_applies() -> None:
    """Old stores: ``CaseFileReviewed`` (rating given by hand) keeps loading."""
    case = closed_case()
    case.record_file_review(actor="ovs", rating="qualified", findings="案卷基本规范")
    assert case.state()["oversight"][-1] == {
        "kind": "file_review", "rating": "qualified", "findings": "案卷基本规范",
    }  # fmt: skip


def test_the_rating_and_item_vocabularies_are_the_checklists_own() -> None:
    """The API lists the ratings and items of the checklist table, with its labels."""
    assert vocabulary("file_review_rating").codes == RATINGS
    assert dict(vocabulary("file_review_item").labels) == dict(ITEM_LABELS)
