"""Collective discussion by the agency's heads (集体讨论, R-EN-7, 行政处罚法 第57条第2款): which
penalties need one is catalogue data; the decision rests on the recorded discussion of that
exact draft, never on what the caller claims."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Any

import pytest

from domain.records import errors
from domain.records.catalogue import (
    COLLECTIVE_DISCUSSION,
    DEFAULT_CATALOGUE,
    InvalidCatalogue,
    collective_quorum,
    judge,
    validate_catalogue,
)
from domain.records.enforcement import (
    CHINA_STANDARD_TIME,
    CRIME_TRANSFER_ITEM,
    REVIEW_ITEMS,
    EnforcementCase,
)

A, B, HEAD, DEPUTY, REVIEWER = "officer-a", "officer-b", "head-1", "head-2", "reviewer-1"
HEADS = frozenset({HEAD, DEPUTY})
SERIOUS = {"major": True, "collective_rules": ["hearing-eligible-measures"]}
"""The service's judgement of a licence revocation: major, and decided collectively."""
MINUTES = "d1" * 32
TODAY_CST = datetime.now(CHINA_STANDARD_TIME).date()
TODAY = TODAY_CST.isoformat()


def opened() -> EnforcementCase:
    """A penalty case whose officers showed their credentials and informed the party."""
    case = EnforcementCase.open(
        actor=A, action_type="penalty", title="某食品公司无证经营案", agency="淄博市市场监督管理局",
        jurisdiction="370303", party={"kind": "organisation", "name": "淄博某食品有限公司"},
        officers=[{"actor_id": A}, {"actor_id": B}], filed_on="2026-01-05",
    )  # fmt: skip
    # R-EN-4: credentials shown and the party informed before the decision
    case.record_step(
        actor=A, kind="credentials_shown", summary="出示执法证件，告知拟作出的处罚及陈述、申辩权",
        evidence=[], touches=[], full_process_recording=None, present=[],
        occurred_at="2026-01-05T09:00:00+08:00",  # the filing day: before any decision (R-EN-4)
    )  # fmt: skip
    return case


def drafted(case: EnforcementCase, fine_fen: int = 0) -> str:
    return case.submit_draft(
        actor=A, content={"measures": ["licence_revocation"], "fine_fen": fine_fen},
        major=True, matched_rules=["hearing-eligible-measures"], catalogue_version=1,
        catalogue_event_hash="c" * 64,
    )  # fmt: skip


def items(crime_suspected: bool = False) -> dict[str, Any]:
    found: dict[str, Any] = {name: {"ok": True, "note": "无误"} for name in REVIEW_ITEMS}
    found[CRIME_TRANSFER_ITEM]["crime_suspected"] = crime_suspected
    return found


def passed(case: EnforcementCase, hashed: str, review_id: str = "r1") -> None:
    case.request_review(actor=A, review_id=review_id, draft_hash=hashed)
    case.record_opinion(
        actor=REVIEWER, review_id=review_id, result="passed", items=items(), signature="赵"
    )


def discuss(case: EnforcementCase, hashed: str, **overrides: Any) -> None:
    fields: dict[str, Any] = {
        "actor": HEAD,
        "draft_hash": hashed,
        "participants": [HEAD, DEPUTY],
        "heads": HEADS,
        "quorum": 2,
        "held_on": TODAY,
        "conclusion": "decide_as_drafted",
        "minutes_sha256": MINUTES,
    }
    case.record_collective_discussion(**(fields | overrides))


def decide(case: EnforcementCase, hashed: str, gate: dict[str, Any] | None = None) -> Any:
    return case.decide(
        actor=HEAD, is_agency_head=True, draft_hash=hashed, decided_on=TODAY,
        publication_due_on=TODAY, publication_due_provisional=False,
        gate=SERIOUS if gate is None else gate,
    )  # fmt: skip


def test_a_serious_penalty_without_a_recorded_discussion_is_refused_and_the_attempt_recorded() -> (
    None
):
    """R-EN-7: a passed review is not enough; the refusal names what is missing and is
    itself recorded (R-LR-8)."""
    case = opened()
    hashed = drafted(case)
    passed(case, hashed)
    refusal = decide(case, hashed)
    assert isinstance(refusal, errors.CollectiveMissing)
    assert refusal.code == "collective-discussion-missing"
    assert "hearing-eligible-measures" in refusal.detail
    assert "第57条" in refusal.detail
    assert case.decision is None
    assert case.blocked[-1]["code"] == "collective-discussion-missing"


def test_a_recorded_discussion_of_the_draft_opens_the_decision_which_cites_it() -> None:
    """R-EN-7: the decision records the discussion event it rests on (seq, participants)."""
    case = opened()
    hashed = drafted(case)
    passed(case, hashed)
    discuss(case, hashed)
    assert decide(case, hashed) is None
    assert case.decision is not None
    cited = case.decision["collective_discussion"]
    assert cited["seq"] == case.discussions[0].seq
    assert cited["participants"] == [HEAD, DEPUTY]
    assert cited["minutes_sha256"] == MINUTES


def test_a_discussion_of_an_earlier_draft_does_not_cover_a_later_one() -> None:
    """R-EN-7: a later draft makes the heads' discussion stale."""
    case = opened()
    first = drafted(case)
    passed(case, first)
    discuss(case, first)
    second = drafted(case, fine_fen=1)
    passed(case, second, "r2")
    refusal = decide(case, second)
    assert isinstance(refusal, errors.CollectiveMissing)
    assert "earlier draft" in refusal.detail
    with pytest.raises(errors.DraftSuperseded):
        discuss(case, first)


def test_a_discussion_that_did_not_agree_to_the_draft_refuses_the_decision() -> None:
    """R-EN-7: concluding "revise the draft" (or no penalty, or transfer) is no go-ahead."""
    case = opened()
    hashed = drafted(case)
    passed(case, hashed)
    discuss(case, hashed, conclusion="revise_draft")
    refusal = decide(case, hashed)
    assert isinstance(refusal, errors.CollectiveNotAgreed)
    assert "退回修改草案" in refusal.detail


def test_no_discussion_is_needed_where_the_catalogue_names_no_collective_rule() -> None:
    """R-EN-7 applies to the drafts the catalogue marks; a major draft it does not mark is
    decided on its passed review alone."""
    case = opened()
    hashed = drafted(case)
    passed(case, hashed)
    assert decide(case, hashed, gate={"major": True, "collective_rules": []}) is None


def test_every_participant_is_a_head_of_the_agency_by_the_actor_records() -> None:
    """R-EN-7: a participant the service did not find to be a head is named by its path."""
    case = opened()
    hashed = drafted(case)
    with pytest.raises(errors.ParticipantNotAgencyHead) as refused:
        discuss(case, hashed, participants=[HEAD, REVIEWER])
    assert refused.value.extra["field"] == "participants[1]"
    assert case.discussions == []


def test_the_quorum_counts_each_head_once() -> None:
    """R-EN-7: the catalogue's quorum (2) is of distinct heads; one head twice is one."""
    case = opened()
    hashed = drafted(case)
    with pytest.raises(errors.CollectiveQuorumNotMet) as refused:
        discuss(case, hashed, participants=[HEAD, HEAD])
    assert refused.value.extra["field"] == "participants"
    with pytest.raises(errors.CollectiveQuorumNotMet):
        discuss(case, hashed, participants=[HEAD, DEPUTY], quorum=3)


def test_a_discussion_is_not_held_before_its_draft_or_the_filing() -> None:
    """R-EN-7, R-EN-2: the heads discuss a draft that exists, of a filed case."""
    case = opened()
    hashed = drafted(case)
    yesterday = (TODAY_CST - timedelta(days=1)).isoformat()
    with pytest.raises(errors.DecisionDatedTooEarly) as refused:
        discuss(case, hashed, held_on=yesterday)
    assert refused.value.extra["field"] == "held_on"
    with pytest.raises(errors.DateBeforeFiling):
        discuss(case, hashed, held_on="2026-01-04")


def test_an_unknown_conclusion_is_refused_with_the_conclusions_listed() -> None:
    """The conclusion is a vocabulary (第57条第1款's outcomes)."""
    case = opened()
    hashed = drafted(case)
    with pytest.raises(errors.InvalidInput) as refused:
        discuss(case, hashed, conclusion="agreed")
    assert refused.value.extra["allowed"] == [
        "decide_as_drafted", "revise_draft", "no_penalty", "transfer_to_judiciary",
    ]  # fmt: skip


def test_a_decision_before_the_discussion_is_refused() -> None:
    """The heads discuss, then decide (R-EN-7): decided_on before held_on is refused."""
    case = opened()
    hashed = drafted(case)
    passed(case, hashed)
    discuss(case, hashed)
    yesterday = (TODAY_CST - timedelta(days=1)).isoformat()
    with pytest.raises(errors.DecisionDatedTooEarly):
        case.decide(
            actor=HEAD, is_agency_head=True, draft_hash=hashed, decided_on=yesterday,
            publication_due_on=TODAY, publication_due_provisional=False,
            gate={"major": False, "collective_rules": []},
        )  # fmt: skip


# -- the catalogue says which drafts (data, R-EN-7) ------------------------------------------


def facts(**overrides: Any) -> dict[str, Any]:
    return {
        "action_type": "penalty", "measures": ["warning"], "fine_fen": 0, "confiscation_fen": 0,
        "party_kind": "person", "flags": [], "simplified": False,
    } | overrides  # fmt: skip


def test_the_statutory_list_marks_revocations_and_complex_cases_for_penalties_only() -> None:
    """第57条 is about penalties: a licensing draft with the same measure is not collective."""
    assert judge(DEFAULT_CATALOGUE, **facts(measures=["licence_revocation"])).collective_rules == [
        "hearing-eligible-measures"
    ]
    assert judge(DEFAULT_CATALOGUE, **facts(flags=["complex_case"])).collective_rules == [
        "complex-case"
    ]
    licensing = facts(action_type="licensing", measures=["licence_revocation"])
    assert judge(DEFAULT_CATALOGUE, **licensing).collective_rules == []
    assert judge(DEFAULT_CATALOGUE, **facts(flags=["major_social_impact"])).collective_rules == []


def test_a_catalogue_marks_more_rules_collective_and_raises_the_quorum() -> None:
    """R-EN-7: a rule with ``collective: true`` adds to the floor; ``collective_quorum`` sets
    how many heads, never below the floor's 2."""
    data = copy.deepcopy(DEFAULT_CATALOGUE)
    for rule in data["rules"]:
        if rule["id"] == "major-social-impact":
            rule["collective"] = True
    data["collective_quorum"] = 3
    validate_catalogue(data)
    judged = judge(data, **facts(flags=["major_social_impact"]))
    assert judged.collective_rules == ["major-social-impact"]
    assert collective_quorum(data) == 3
    assert collective_quorum(DEFAULT_CATALOGUE) == COLLECTIVE_DISCUSSION["quorum"] == 2
    data["collective_quorum"] = 1
    with pytest.raises(InvalidCatalogue) as refused:
        validate_catalogue(data)
    assert refused.value.extra["field"] == "data.collective_quorum"
    data["collective_quorum"] = 2
    data["rules"][0]["collective"] = "yes"
    with pytest.raises(InvalidCatalogue):
        validate_catalogue(data)
