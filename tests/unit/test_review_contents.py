"""What a legal review covers (R-LR-4): T74's six contents and the four of 国办发〔2018〕118号
— enforcement qualification, evidence, documents, suspected crime to transfer. Opinions
recorded under the six-item list stay valid; a crime found suspected stops the decision."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from domain.records import errors
from domain.records.enforcement import (
    CHINA_STANDARD_TIME,
    CRIME_TRANSFER_ITEM,
    REVIEW_ITEM_LABELS,
    REVIEW_ITEM_LISTS,
    REVIEW_ITEMS,
    REVIEW_ITEMS_T74,
    EnforcementCase,
)

A, B, HEAD, REVIEWER = "officer-a", "officer-b", "head-1", "reviewer-1"
TODAY_CST = datetime.now(CHINA_STANDARD_TIME).date()
TODAY = TODAY_CST.isoformat()


def drafted_case() -> tuple[EnforcementCase, str]:
    case = EnforcementCase.open(
        actor=A, action_type="penalty", title="某超市销售过期食品案", agency="淄博市市场监督管理局",
        jurisdiction="370303", party={"kind": "person", "name": "刘某"},
        officers=[{"actor_id": A}, {"actor_id": B}], filed_on="2026-01-05",
    )  # fmt: skip
    # R-EN-4: credentials shown and the party informed before the decision
    case.record_step(
        actor=A, kind="credentials_shown", summary="出示执法证件，告知拟作出的处罚及陈述、申辩权",
        evidence=[], touches=[], full_process_recording=None, present=[],
        occurred_at="2026-01-05T09:00:00+08:00",  # the filing day: before any decision (R-EN-4)
    )  # fmt: skip
    hashed = case.submit_draft(
        actor=A, content={"measures": ["fine"], "fine_fen": 5_000_000}, major=True,
        matched_rules=["large-fine"], catalogue_version=1, catalogue_event_hash="c" * 64,
    )  # fmt: skip
    case.request_review(actor=A, review_id="r1", draft_hash=hashed)
    return case, hashed


def ten_items(crime_suspected: bool = False) -> dict[str, Any]:
    found: dict[str, Any] = {name: {"ok": True, "note": "无误"} for name in REVIEW_ITEMS}
    found[CRIME_TRANSFER_ITEM]["crime_suspected"] = crime_suspected
    return found


def opinion(case: EnforcementCase, found: dict[str, Any], result: str = "passed") -> None:
    case.record_opinion(actor=REVIEWER, review_id="r1", result=result, items=found, signature="赵")


def decide(case: EnforcementCase, hashed: str) -> errors.JianzhengError | None:
    return case.decide(
        actor=HEAD, is_agency_head=True, draft_hash=hashed, decided_on=TODAY,
        publication_due_on=TODAY, publication_due_provisional=False,
        gate={"major": True, "collective_rules": []},
    )  # fmt: skip


def test_a_new_opinion_covers_the_four_contents_of_the_2018_guideline_too() -> None:
    """R-LR-4: an opinion on T74's six alone is refused, naming the four missing in the
    user's words; nothing is recorded."""
    case, _ = drafted_case()
    six = {name: {"ok": True} for name in REVIEW_ITEMS_T74}
    with pytest.raises(errors.InvalidInput) as refused:
        opinion(case, six)
    assert refused.value.extra == {"field": "items", "allowed": list(REVIEW_ITEMS)}
    for chinese in ("执法人员是否具备执法资格", "证据是否合法充分", "文书是否完备规范", "涉嫌犯罪"):
        assert chinese in refused.value.detail
    assert case.reviews["r1"].result is None


def test_the_lists_are_versioned_and_the_current_one_extends_the_six() -> None:
    """List 1 is T74's six (opinions recorded before issue 13); list 2 adds the four."""
    assert REVIEW_ITEM_LISTS[1] == REVIEW_ITEMS_T74
    assert REVIEW_ITEMS[:6] == REVIEW_ITEMS_T74
    assert set(REVIEW_ITEMS[6:]) == {"qualification", "evidence", "documents", CRIME_TRANSFER_ITEM}
    assert all(REVIEW_ITEM_LABELS[name].strip() for name in REVIEW_ITEMS)


def test_the_crime_item_says_whether_a_crime_is_suspected() -> None:
    """R-LR-4: ``crime_suspected`` is a yes/no the reviewer must give, named by its path."""
    case, _ = drafted_case()
    found = ten_items()
    del found[CRIME_TRANSFER_ITEM]["crime_suspected"]
    with pytest.raises(errors.InvalidInput) as refused:
        opinion(case, found)
    assert refused.value.extra["field"] == "items.crime_transfer.crime_suspected"


def test_a_new_opinion_records_the_list_it_answered() -> None:
    """The opinion's event carries ``items_version`` 2; the case shows it."""
    case, _ = drafted_case()
    opinion(case, ten_items())
    events = list(case.collect_events())
    assert events[-1].items_version == 2  # type: ignore[attr-defined]
    assert case.state()["reviews"][0]["items_version"] == 2


def test_an_opinion_recorded_under_the_six_items_still_passes_its_draft() -> None:
    """Old stores: an ``OpinionRecorded`` without ``items_version`` (the six items) is list 1
    and opens the gate as it did."""
    case, hashed = drafted_case()
    six = {name: {"ok": True, "note": "无误"} for name in REVIEW_ITEMS_T74}
    case._record_opinion(
        actor=REVIEWER, review_id="r1", draft_hash=hashed, result="passed", items=six,
        signature="赵",
    )  # fmt: skip
    assert case.reviews["r1"].items_version == 1
    assert decide(case, hashed) is None
    assert case.decision is not None


def test_a_passed_opinion_that_finds_a_crime_suspected_cannot_pass_a_decision() -> None:
    """R-LR-4: the case goes to the judicial organs; the refusal says so, and on a major
    draft the attempt is recorded (R-LR-8)."""
    case, hashed = drafted_case()
    opinion(case, ten_items(crime_suspected=True))
    refusal = decide(case, hashed)
    assert isinstance(refusal, errors.CrimeTransferRequired)
    assert refusal.code == "crime-transfer-required"
    assert "judicial organs" in refusal.detail
    assert case.decision is None
    assert case.blocked[-1]["code"] == "crime-transfer-required"


# -- R-LR-5: who may review a penalty draft (第58条第2款) ---------------------------------------


def test_the_qualification_rule_reads_the_recorded_dates_at_their_boundaries() -> None:
    """R-LR-5: obtained on the opinion's day counts; service from 2021-07-14 is prior service,
    from 2021-07-15 is not recordable as such; other action types are outside the rule."""
    from domain.records.qualification import (
        LAW_IN_FORCE,
        LegalQualification,
        PriorService,
        check_prior_service,
        penalty_review_refusal,
    )

    on = date(2026, 5, 6)
    same_day = [LegalQualification("A1", on)]
    assert penalty_review_refusal("r", "penalty", on, same_day, []) is None
    later = [LegalQualification("A1", date(2026, 5, 7))]
    refused = penalty_review_refusal("r", "penalty", on, later, [])
    assert isinstance(refused, errors.LegalQualificationRequired)
    assert refused.code == "legal-qualification-required"
    before_law = [PriorService(date(2021, 7, 14), "任命文件")]
    assert penalty_review_refusal("r", "penalty", on, [], before_law) is None
    assert penalty_review_refusal("r", "licensing", on, [], []) is None
    check_prior_service(date(2021, 7, 14), "任命文件")
    with pytest.raises(errors.InvalidInput) as caught:
        check_prior_service(LAW_IN_FORCE, "任命文件")
    assert caught.value.extra["field"] == "served_from"
