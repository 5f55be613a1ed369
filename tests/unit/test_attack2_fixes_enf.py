"""The rules behind the second outside attack's fixes on enforcement cases (FINDINGS #11,
#12), on the domain alone: one head extends a decision's time limit once, and a decision set
aside is set aside once, dated after its publication, and takes no publication exemption."""

from __future__ import annotations

import pytest

from domain.records import errors
from domain.records.enforcement import EnforcementCase
from domain.records.enforcement.deadlines import HEAD_APPROVED_EXTENSIONS
from tests.unit.test_lifecycle import HEAD, OFFICER, decided_case, new_case


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


def test_a_decision_set_aside_takes_no_exemption_nor_a_second_revocation() -> None:
    """R-PB-2 (行政处罚法 第48条第2款), attack 2 #12: after 撤销 no publication exemption is
    recorded and the decision is neither changed nor revoked again (409
    ``decision-set-aside``); a court may still find it void."""
    case = decided_case()
    revoke(case, "revoked", "2025-10-09")
    with pytest.raises(errors.DecisionSetAside):
        case.exempt_publication(
            actor=HEAD, is_agency_head=True, ground="no_social_impact", reason="警告"
        )
    for how in ("changed", "revoked"):
        with pytest.raises(errors.DecisionSetAside):
            revoke(case, how, "2025-10-10")
    revoke(case, "found_void", "2025-11-03")
    assert [a["how"] for a in case.set_asides] == ["revoked", "found_void"]


def test_set_aside_dates_follow_the_publication_and_a_withdrawal_follows_the_set_aside() -> None:
    """R-PB-2, attack 2 #12: one code per kind of date error — a set-aside dated before the
    publication on record is ``date-before-publication`` (field ``set_aside_on``); a
    withdrawal dated before the set-aside is ``date-before-set-aside`` (field
    ``withdrawn_on``)."""
    case = decided_case()
    case.publish(actor=OFFICER, channel="公示平台", summary="警告", published_on="2025-10-05")
    with pytest.raises(errors.DateBeforePublication) as early:
        revoke(case, "revoked", "2025-09-30")
    assert (early.value.code, early.value.extra["field"]) == (
        "date-before-publication", "set_aside_on",
    )  # fmt: skip
    assert case.set_asides == []
    revoke(case, "revoked", "2025-10-08")
    with pytest.raises(errors.DateBeforeSetAside) as before:
        case.withdraw_publication(actor=OFFICER, reason="决定已撤销", withdrawn_on="2025-10-07")
    assert (before.value.code, before.value.extra["field"]) == (
        "date-before-set-aside", "withdrawn_on",
    )  # fmt: skip


def revoke(case: EnforcementCase, how: str, on: str) -> None:
    case.set_aside(
        actor=HEAD, is_agency_head=True, how=how, authority="court",
        reference="(2025)鲁03行终9号", set_aside_on=on,
    )  # fmt: skip
