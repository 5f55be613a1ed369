"""The rules behind the outside attack's fixes (issue 13 FINDINGS #3, #6, #9), on the domain
functions alone: an opinion follows its request, the discussion held last counts, and an
extension of the decision's time limit is approved in time and reaches 30 days."""

from __future__ import annotations

import pytest

from domain.records import errors
from domain.records.enforcement.collective import CollectiveDiscussion, latest_held
from domain.records.enforcement.deadlines import DECISION_EXTENSION_LIMITS, check_extension
from domain.records.enforcement.review import check_opinion_date


def meeting(seq: int, held_on: str, conclusion: str) -> CollectiveDiscussion:
    return CollectiveDiscussion(seq, "d" * 64, ("h1", "h2"), held_on, conclusion, "m" * 64, "h1", 2)


def test_the_discussion_held_last_counts_ties_by_record_order() -> None:
    """R-EN-7 (FINDINGS #6): a meeting entered later with an earlier date does not override
    the later meeting; two meetings of one day: the one recorded last."""
    revise = meeting(5, "2025-09-10", "revise_draft")
    backdated = meeting(6, "2025-09-05", "decide_as_drafted")
    assert latest_held([revise, backdated]) is revise
    same_day = meeting(7, "2025-09-10", "decide_as_drafted")
    assert latest_held([revise, backdated, same_day]) is same_day


def test_an_opinion_is_not_dated_before_its_request_but_old_requests_carry_no_date() -> None:
    """R-LR-1, R-LR-6 (FINDINGS #3): the request's date bounds the opinion's; a request recorded
    before requests carried a date (empty) still takes its opinion (old stores)."""
    with pytest.raises(errors.DecisionDatedTooEarly) as refused:
        check_opinion_date("2025-10-20", "2025-09-02")
    assert refused.value.extra["field"] == "reviewed_on"
    check_opinion_date("2025-10-20", "2025-10-20")
    check_opinion_date("", "2025-09-02")


def test_an_extension_is_approved_before_the_limit_runs_out_and_reaches_30_days() -> None:
    """R-EN-5 (FINDINGS #9; 市场监督管理行政处罚程序规定 第64条): the reach is data; on the last
    day it may still be extended, the day after not; 30 days past the limit, not 31."""
    assert DECISION_EXTENSION_LIMITS["penalty"].days == 30
    check_extension("penalty", "2025-12-01", "2025-12-31", "2025-12-01")
    with pytest.raises(errors.ExtensionAfterExpiry):
        check_extension("penalty", "2025-12-01", "2025-12-31", "2025-12-02")
    with pytest.raises(errors.ExtensionTooLong) as too_long:
        check_extension("penalty", "2025-12-01", "2026-01-01", "2025-11-20")
    assert too_long.value.extra["field"] == "due_on"
    assert "2025-12-31" in too_long.value.detail
