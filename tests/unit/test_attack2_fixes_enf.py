"""The rules behind the second outside attack's fixes on enforcement cases (FINDINGS #11,
#12), on the domain alone: one head extends a decision's time limit once, and a decision set
aside is set aside once, dated after its publication, and takes no publication exemption."""

from __future__ import annotations

import pytest

from domain.records import errors
from domain.records.enforcement.deadlines import HEAD_APPROVED_EXTENSIONS
from tests.unit.test_lifecycle import HEAD, new_case


def test_one_head_extends_the_decision_limit_once_and_a_further_extension_is_refused() -> None:
    """R-EN-5 (市场监督管理行政处罚程序规定 第64条): the first 30-day extension is one head's to
    approve; a second, even at the same sitting and within 30 days, is for the heads'
    collective discussion and refused 409 ``collective-extension-required``; the time limit
    stays where the first extension put it."""
    assert HEAD_APPROVED_EXTENSIONS["penalty"][0] == 1
    case = new_case(filed_on="2025-09-01")
    due = case.deadlines["decision"]
    assert due is not None
    first = due["due_on"]
    case.extend_decision_deadline(
        actor=HEAD, is_agency_head=True, reason="案情复杂", due_on="2025-12-30",
        recorded_on=first,
    )  # fmt: skip
    with pytest.raises(errors.CollectiveExtensionRequired) as again:
        case.extend_decision_deadline(
            actor=HEAD, is_agency_head=True, reason="仍需调查", due_on="2026-01-20",
            recorded_on=first,
        )  # fmt: skip
    assert "第64条" in again.value.detail
    assert again.value.code == "collective-extension-required"
    assert case.deadlines["decision"] is not None
    assert case.deadlines["decision"]["due_on"] == "2025-12-30"
