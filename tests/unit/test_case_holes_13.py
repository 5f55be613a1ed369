"""Holes of issue 13 closed on the aggregate alone: a case that ended takes only what its
ending allows (R-EN-5, lifecycle.AFTER_ENDING), a penalty decision needs the party informed
and credentials shown on record first (R-EN-4, 行政处罚法 第44条、第55条), and every step is
taken by two officers present (R-EN-3, 行政处罚法 第42条). Refused commands record nothing."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from domain.records import errors
from domain.records.enforcement import CRIME_TRANSFER_ITEM, REVIEW_ITEMS, EnforcementCase
from domain.records.enforcement.gate import STEPS_BEFORE_DECISION
from domain.records.enforcement.lifecycle import AFTER_ENDING, CASE_COMMANDS

OFFICERS = [
    {"actor_id": str(uuid.uuid4()), "name": name, "certificate": number,
     "valid_until": "2035-12-31"}
    for name, number in (("张三", "鲁执-0001"), ("李四", "鲁执-0002"))
]  # fmt: skip
A, B = OFFICERS[0]["actor_id"], OFFICERS[1]["actor_id"]
HEAD, REVIEWER, DEPUTY = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
DOC = [{"sha256": "ab" * 32, "title": "移送材料"}]
CONTENT = {"measures": ["warning"], "fine_fen": 0, "confiscation_fen": 0, "facts": "无证经营",
           "legal_basis": "《食品安全法》第一百二十二条", "discretion": "",
           "flags": []}  # fmt: skip


def new_case(action_type: str = "penalty") -> EnforcementCase:
    """A case opened by officer 张三 with two certified officers, filed 2025-07-05."""
    return EnforcementCase.open(
        actor=A, action_type=action_type, title="某餐馆无证经营案",
        agency="淄博市市场监督管理局", jurisdiction="370303",
        party={"kind": "organisation", "name": "某餐馆"}, officers=OFFICERS,
        filed_on="2025-07-05",
    )  # fmt: skip


def step(case: EnforcementCase, kind: str = "credentials_shown", **extra: Any) -> None:
    """Officer 张三 records a step (both officers present unless ``present`` says)."""
    fields: dict[str, Any] = {
        "actor": A, "kind": kind, "summary": "出示执法证件，告知当事人拟作出的处罚及其权利",
        "evidence": [], "touches": [], "full_process_recording": None, "present": [],
        # informing on the filing day, before the decision (R-EN-4)
        "occurred_at": "2025-07-05T09:00:00+08:00" if kind == "credentials_shown" else None,
        **extra,
    }  # fmt: skip
    case.record_step(**fields)


def draft(case: EnforcementCase, major: bool = False) -> str:
    return case.submit_draft(
        actor=A, content=CONTENT, major=major, matched_rules=[], catalogue_version=1,
        catalogue_event_hash="c4" * 32,
    )  # fmt: skip


def decide(case: EnforcementCase, hashed: str, major: bool = False) -> Any:
    return case.decide(
        actor=HEAD, is_agency_head=True, draft_hash=hashed, decided_on="2025-09-29",
        publication_due_on="2025-10-15", publication_due_provisional=False,
        gate={"major": major, "collective_rules": []},
    )  # fmt: skip


def items() -> dict[str, Any]:
    found: dict[str, Any] = {name: {"ok": True, "note": "无误"} for name in REVIEW_ITEMS}
    found[CRIME_TRANSFER_ITEM]["crime_suspected"] = False
    return found


def withdrawn(case: EnforcementCase) -> None:
    case.withdraw(
        actor=HEAD, is_agency_head=True, reason="不属本机关管辖", withdrawn_on="2025-08-01"
    )


def transferred(case: EnforcementCase) -> None:
    case.transfer(
        actor=HEAD, is_agency_head=True, kind="judicial", receiving_body="张店公安分局",
        reason="涉嫌犯罪", documents=DOC, transferred_on="2025-08-01",
    )  # fmt: skip


def no_penalty(case: EnforcementCase) -> None:
    case.decide_no_penalty(
        actor=HEAD, is_agency_head=True, ground="first_offence_corrected", reason="首违及时改正",
        decided_on="2025-08-01", documents=[],
    )  # fmt: skip


ENDINGS: dict[str, Callable[[EnforcementCase], None]] = {
    "withdrawn": withdrawn,
    "transferred": transferred,
    "no_penalty": no_penalty,
}

# Each command of the case's own work, as a call on a case with a draft and a pending review
# ("r1"); the keys are the commands of lifecycle.CASE_COMMANDS.
COMMANDS: dict[str, Callable[[EnforcementCase, str], object]] = {
    "officers": lambda c, _h: c.assign_officers(
        actor=A, officers=[{"actor_id": str(uuid.uuid4()), "name": "王五"}]
    ),
    "step": lambda c, _h: step(c, "other", summary="补充记录"),
    "draft": lambda c, _h: draft(c),
    "review": lambda c, h: c.request_review(actor=A, review_id="r2", draft_hash=h),
    "opinion": lambda c, _h: c.record_opinion(
        actor=REVIEWER, review_id="r1", result="passed", items=items(), signature="赵"
    ),
    "collective_discussion": lambda c, h: c.record_collective_discussion(
        actor=HEAD,
        draft_hash=h,
        participants=[HEAD, DEPUTY],
        heads=frozenset({HEAD, DEPUTY}),
        quorum=2,
        held_on="2025-08-02",
        conclusion="decide_as_drafted",
        minutes_sha256="d1" * 32,
    ),
    "decision": lambda c, h: decide(c, h),
    "deadline_extension": lambda c, _h: c.extend_decision_deadline(
        actor=HEAD, is_agency_head=True, reason="案情复杂", due_on="2025-12-31"
    ),
    "service": lambda c, _h: c.record_service(
        actor=A, method="direct", served_on="2025-08-03", documents=[]
    ),
    "publication": lambda c, _h: c.publish(
        actor=HEAD, channel="网站", summary="公示", published_on="2025-08-03"
    ),
    "publication_exemption": lambda c, _h: c.exempt_publication(
        actor=HEAD, is_agency_head=True, ground="no_social_impact", reason="无社会影响"
    ),
    "execution": lambda c, _h: c.record_execution(
        actor=A, status="performed", executed_on="2025-08-03", note="", documents=[]
    ),
    "set_aside": lambda c, _h: c.set_aside(
        actor=HEAD,
        is_agency_head=True,
        how="revoked",
        authority="agency_head",
        reference=None,
        set_aside_on="2025-08-03",
    ),
    "publication_withdrawal": lambda c, _h: c.withdraw_publication(
        actor=HEAD, reason="撤销", withdrawn_on="2025-08-04"
    ),
}


def test_every_command_of_the_case_is_in_the_table_of_what_an_ending_allows() -> None:
    """The table names every command once; closure follows every ending (R-EN-5)."""
    assert set(COMMANDS) | {"closure"} == set(CASE_COMMANDS)
    assert all("closure" in allowed for allowed in AFTER_ENDING.values())
    assert {k: sorted(v) for k, v in AFTER_ENDING.items() if k != "decided"} == {
        "no_penalty": ["closure"], "withdrawn": ["closure"], "transferred": ["closure"]
    }  # fmt: skip


@pytest.mark.parametrize("ending", sorted(ENDINGS))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_after_withdrawal_transfer_or_no_penalty_only_closure_is_accepted(
    ending: str, command: str
) -> None:
    """R-EN-5, R-AV-1: 撤销立案, 移送 and 不予处罚 end the case's work: a step, draft, review,
    opinion, discussion, decision or closing fact is refused with ``case-already-ended``
    (listing what remains: closure) and records nothing; then the case closes."""
    case = new_case()
    step(case)
    hashed = draft(case)
    case.request_review(actor=A, review_id="r1", draft_hash=hashed)
    ENDINGS[ending](case)
    before = len(case.pending_events)
    with pytest.raises(errors.CaseAlreadyEnded) as refused:
        COMMANDS[command](case, hashed)
    assert refused.value.code == "case-already-ended"
    if command != "deadline_extension":  # refused by its own rule first, with the same code
        assert refused.value.extra["still_allowed"] == ["closure"]
    assert len(case.pending_events) == before
    case.close(actor=HEAD, reason="结案")
    assert case.state()["stage"] == "closed"


@pytest.mark.parametrize(
    "command", ["draft", "review", "opinion", "collective_discussion", "decision"]
)
def test_after_a_decision_no_draft_review_opinion_discussion_or_second_decision(
    command: str,
) -> None:
    """R-EN-5, R-LR-1: a decided case takes its service, publication, execution, setting aside
    and closure, never new drafts, reviews, opinions or discussions (``decision-already-made``,
    with what remains in ``still_allowed``)."""
    case = new_case()
    step(case)
    hashed = draft(case)
    case.request_review(actor=A, review_id="r1", draft_hash=hashed)  # pending, not needed
    assert decide(case, hashed) is None
    before = len(case.pending_events)
    with pytest.raises(errors.DecisionAlreadyMade):
        COMMANDS[command](case, hashed)
    assert len(case.pending_events) == before


def test_a_decided_case_still_takes_its_closing_facts_and_service_steps() -> None:
    """For a decision: the service step (送达, with its AV record), service, exemption,
    execution, setting aside and closure are accepted."""
    case = new_case()
    step(case)
    hashed = draft(case)
    assert decide(case, hashed) is None
    video = {"sha256": "5f" * 32, "media_type": "video/mp4", "size": 48_000}
    step(case, "service", summary="直接送达决定书", evidence=[video])
    case.record_service(actor=A, method="direct", served_on="2025-09-30", documents=[])
    case.exempt_publication(
        actor=HEAD, is_agency_head=True, ground="no_social_impact", reason="警告, 无社会影响"
    )
    case.record_execution(
        actor=A, status="nothing_to_execute", executed_on="2025-09-30", note="", documents=[]
    )
    case.close(actor=HEAD, reason="结案")
    case.set_aside(
        actor=HEAD, is_agency_head=True, how="revoked", authority="court",
        reference="(2026)鲁0303行初1号", set_aside_on="2025-12-01",
    )  # fmt: skip
    assert [s["kind"] for s in case.state()["steps"]] == ["credentials_shown", "service"]


def test_events_stored_after_an_ending_by_older_code_still_apply() -> None:
    """Old stores keep working: a step and a draft recorded after 撤销立案 by code before this
    rule (their events called directly, as that code did) rebuild the same case."""
    case = new_case()
    withdrawn(case)
    case._record_step(
        actor=A, step_no=1, kind="other", summary="撤案后补记", evidence=[], touches=[],
        full_process_recording=None, present=sorted([A, B]), occurred_at=None,
    )  # fmt: skip
    case._submit_draft(
        actor=A, number=1, draft_hash="ee" * 32, content=CONTENT, major=False,
        matched_rules=[], catalogue_version=1, catalogue_event_hash="c4" * 32,
    )  # fmt: skip
    events = case.collect_events()
    rebuilt: Any = None
    for stored in events:
        rebuilt = stored.mutate(rebuilt)
    assert rebuilt.state()["steps"][0]["summary"] == "撤案后补记"
    assert rebuilt.state()["ending"]["kind"] == "withdrawn"
    assert rebuilt.chain_head == case.chain_head


# -- R-EN-4: credentials shown and the party informed before a penalty decision ------------------


def test_a_penalty_decision_without_a_recorded_credentials_step_is_refused_r_en_4() -> None:
    """R-EN-4 (行政处罚法 第44条、第55条): a minor penalty draft with no ``credentials_shown``
    step on record is refused with ``credentials-shown-required``, nothing recorded; after the
    step the same draft is decided."""
    case = new_case()
    step(case, "other", summary="调取台账")
    hashed = draft(case)
    before = len(case.pending_events)
    with pytest.raises(errors.CredentialsShownRequired) as refused:
        decide(case, hashed)
    assert refused.value.code == "credentials-shown-required"
    assert "R-EN-4" in refused.value.detail
    assert len(case.pending_events) == before
    other = new_case()
    step(other)
    assert decide(other, draft(other)) is None
    assert other.state()["stage"] == "decided"


def test_a_major_penalty_draft_without_the_step_is_blocked_and_the_attempt_recorded() -> None:
    """R-EN-4, R-LR-8: for a major draft the refusal is recorded as ``DecisionBlocked`` with
    its code, like every other gate refusal, even with a passed review."""
    case = new_case()
    hashed = draft(case, major=True)
    case.request_review(actor=A, review_id="r1", draft_hash=hashed)
    case.record_opinion(actor=REVIEWER, review_id="r1", result="passed", items=items(),
                        signature="赵", reviewed_on="2025-09-01")  # fmt: skip
    refusal = decide(case, hashed, major=True)
    assert isinstance(refusal, errors.CredentialsShownRequired)
    assert case.state()["blocked_decisions"][-1]["code"] == "credentials-shown-required"
    assert case.state()["decision"] is None


def test_the_step_is_required_of_penalties_only_as_the_table_says() -> None:
    """R-EN-4: the requirement is data: 行政处罚法 binds penalties; a licensing decision is not held
    to it until its law is a row of the table."""
    assert [str(k) for k in STEPS_BEFORE_DECISION] == ["penalty"]
    case = new_case("licensing")
    assert decide(case, draft(case)) is None


# -- R-EN-3: two officers present at every step ------------------------------------------------


def test_a_step_with_one_officer_present_is_refused_r_en_3() -> None:
    """R-EN-3 (行政处罚法 第42条 执法人员不得少于两人): a step naming one officer present is refused
    with ``two-officers-required`` on ``present``; nothing is recorded. With both it is taken."""
    case = new_case()
    before = len(case.pending_events)
    with pytest.raises(errors.TwoOfficersRequired) as refused:
        step(case, present=[A])
    assert refused.value.extra["field"] == "present"
    with pytest.raises(errors.TwoOfficersRequired):
        step(case, present=[A, A])  # the same officer twice is one officer
    assert len(case.pending_events) == before
    step(case, present=[A, B])
    assert case.state()["steps"][0]["present"] == sorted([A, B])
