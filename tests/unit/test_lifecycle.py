"""How a case ends and when it may be closed (R-EN-5, R-EN-6, R-PB-2, R-LR-4 移送), on the
aggregate alone: the refusals name what is missing, each with its own code, and a refused
command records nothing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.records import errors
from domain.records.enforcement import EnforcementCase

OFFICERS = [
    {"actor_id": str(uuid.uuid4()), "name": name, "certificate": number,
     "valid_until": "2035-12-31"}
    for name, number in (("张三", "鲁执-0001"), ("李四", "鲁执-0002"))
]  # fmt: skip
OFFICER = OFFICERS[0]["actor_id"]
HEAD = str(uuid.uuid4())
DOC = [{"sha256": "ab" * 32, "title": "行政处罚决定书"}]


def new_case(action_type: str = "penalty", filed_on: str = "2025-07-05") -> EnforcementCase:
    """A case as officer 张三 opens it, with two certified officers."""
    return EnforcementCase.open(
        actor=OFFICER, action_type=action_type, title="某餐馆无证经营案",
        agency="淄博市市场监督管理局", jurisdiction="370303",
        party={"kind": "organisation", "name": "某餐馆"}, officers=OFFICERS, filed_on=filed_on,
    )  # fmt: skip


def decided_case(
    measures: tuple[str, ...] = ("warning",),
    fine_fen: int = 0,
    decided_on: str = "2025-09-29",
    action_type: str = "penalty",
) -> EnforcementCase:
    """A case (a penalty unless said) decided by the head on a minor draft (no review)."""
    case = new_case(action_type)
    # R-EN-4: credentials shown and the party informed before the decision
    case.record_step(
        actor=OFFICER, kind="credentials_shown", summary="出示执法证件，告知拟作出的处罚",
        evidence=[], touches=[], full_process_recording=None, present=[],
        occurred_at=f"{case.filed_on}T09:00:00+08:00",  # before any decision dated (R-EN-4)
    )  # fmt: skip
    draft = case.submit_draft(
        actor=OFFICER,
        content={"measures": list(measures), "fine_fen": fine_fen, "confiscation_fen": 0,
                 "facts": "无证经营", "legal_basis": "《食品安全法》第一百二十二条",
                 "discretion": "", "flags": []},
        major=False, matched_rules=[], catalogue_version=1, catalogue_event_hash="c4" * 32,
    )  # fmt: skip
    refused = case.decide(
        actor=HEAD, is_agency_head=True, draft_hash=draft, decided_on=decided_on,
        publication_due_on="2025-10-15",
        publication_due_provisional=False,
    )  # fmt: skip
    assert refused is None
    return case


def pending(case: EnforcementCase) -> int:
    """Events the aggregate has recorded (and not yet saved)."""
    return len(case.pending_events)


# -- endings ----------------------------------------------------------------------------------


def test_a_case_without_a_recorded_ending_cannot_be_closed_r_en_5() -> None:
    """R-EN-5: closing an open case is refused with ``no-ending``; nothing is recorded."""
    case = new_case()
    before = pending(case)
    with pytest.raises(errors.NoEnding) as refused:
        case.close(actor=HEAD, reason="结案")
    assert refused.value.code == "no-ending"
    assert [m["code"] for m in refused.value.extra["missing"]] == ["no-ending"]
    assert pending(case) == before
    assert case.state()["closable"] is False
    assert case.state()["missing"] == ["no-ending"]


def test_a_decision_without_its_closing_facts_names_each_missing_one() -> None:
    """R-EN-6, R-PB-2: the first missing fact is the code, the others are listed in ``also``."""
    case = decided_case()
    before = pending(case)
    with pytest.raises(errors.ServiceMissing) as refused:
        case.close(actor=HEAD, reason="结案")
    assert refused.value.code == "service-missing"
    assert refused.value.extra["also"] == ["publication-missing", "execution-missing"]
    assert [m["rule"] for m in refused.value.extra["missing"]] == ["R-EN-6", "R-PB-2", "R-AV-1"]
    assert pending(case) == before


def test_each_closing_fact_recorded_moves_the_refusal_to_the_next() -> None:
    """R-EN-6, R-PB-2, R-AV-1: service, then a publication exemption, then the execution
    status (第47条 执行): then it closes."""
    case = decided_case()
    case.record_service(actor=OFFICER, method="direct", served_on="2025-10-09", documents=DOC)
    with pytest.raises(errors.PublicationMissing) as refused:
        case.close(actor=HEAD, reason="结案")
    assert refused.value.extra["also"] == ["execution-missing"]
    case.exempt_publication(
        actor=HEAD, is_agency_head=True, ground="no_social_impact", reason="警告, 无社会影响"
    )
    with pytest.raises(errors.ExecutionMissing):
        case.close(actor=HEAD, reason="结案")
    case.record_execution(
        actor=OFFICER, status="nothing_to_execute", executed_on="2025-10-09", note="",
        documents=[],
    )  # fmt: skip
    case.close(actor=HEAD, reason="结案")
    state = case.state()
    assert (state["stage"], state["ending"]["kind"], state["missing"]) == ("closed", "decided", [])


def test_no_penalty_is_approved_by_a_head_who_is_not_an_officer_of_the_case() -> None:
    """不予处罚 (第33条): an officer, or a head who acted as an officer, is refused."""
    case = new_case()
    with pytest.raises(errors.HeadApprovalRequired):
        case.decide_no_penalty(
            actor=OFFICER, is_agency_head=False, ground="first_offence_corrected",
            reason="首违及时改正", decided_on="2025-08-01", documents=[],
        )  # fmt: skip
    with pytest.raises(errors.HeadApprovalRequired):
        case.decide_no_penalty(
            actor=OFFICERS[1]["actor_id"], is_agency_head=True,
            ground="first_offence_corrected", reason="首违及时改正", decided_on="2025-08-01",
            documents=[],
        )  # fmt: skip
    case.decide_no_penalty(
        actor=HEAD, is_agency_head=True, ground="first_offence_corrected", reason="首违及时改正",
        decided_on="2025-08-01", documents=DOC,
    )  # fmt: skip
    assert case.state()["ending"]["kind"] == "no_penalty"
    assert case.state()["deadlines"]["decision"]["on_time"] is True
    case.close(actor=HEAD, reason="不予处罚，结案")
    assert case.state()["stage"] == "closed"


def test_no_penalty_names_a_ground_of_the_law_and_only_ends_a_penalty_case() -> None:
    """An unknown ground lists the allowed ones; a licensing case has no 不予处罚."""
    with pytest.raises(errors.InvalidInput) as unknown:
        new_case().decide_no_penalty(
            actor=HEAD, is_agency_head=True, ground="kindness", reason="情有可原",
            decided_on="2025-08-01", documents=[],
        )  # fmt: skip
    assert unknown.value.extra["field"] == "ground"
    assert "under_fourteen" in unknown.value.extra["allowed"]
    with pytest.raises(errors.NotAPenaltyCase):
        new_case("licensing").decide_no_penalty(
            actor=HEAD, is_agency_head=True, ground="facts_unproven", reason="事实不清",
            decided_on="2025-08-01", documents=[],
        )  # fmt: skip


def test_a_case_has_one_ending_only() -> None:
    """After 撤销立案, neither 移送 nor a decision is accepted (case-already-ended)."""
    case = decided_case()
    with pytest.raises(errors.CaseAlreadyEnded):
        case.withdraw(actor=HEAD, is_agency_head=True, reason="撤销", withdrawn_on="2025-10-01")
    other = new_case()
    other.withdraw(
        actor=HEAD, is_agency_head=True, reason="不属本机关管辖", withdrawn_on="2025-08-01"
    )
    with pytest.raises(errors.CaseAlreadyEnded):
        other.transfer(
            actor=HEAD, is_agency_head=True, kind="judicial", receiving_body="公安分局",
            reason="涉嫌犯罪", documents=DOC, transferred_on="2025-08-02",
        )  # fmt: skip


def test_a_transfer_names_the_receiving_body_and_its_documents_by_hash() -> None:
    """移送 (R-LR-4) without documents is refused; with them it ends the case."""
    case = new_case()
    with pytest.raises(errors.InvalidInput) as refused:
        case.transfer(
            actor=HEAD, is_agency_head=True, kind="judicial", receiving_body="公安分局",
            reason="涉嫌犯罪", documents=[], transferred_on="2025-08-02",
        )  # fmt: skip
    assert refused.value.extra["field"] == "documents"
    case.transfer(
        actor=HEAD, is_agency_head=True, kind="judicial", receiving_body="淄博市公安局张店分局",
        reason="涉嫌生产销售伪劣产品罪", documents=DOC, transferred_on="2025-08-02",
    )  # fmt: skip
    ending = case.state()["ending"]
    assert (ending["kind"], ending["transfer_kind"]) == ("transferred", "judicial")


# -- closing facts ------------------------------------------------------------------------------


def test_nothing_to_execute_is_refused_for_a_decision_that_imposes_a_fine() -> None:
    """R-AV-1 (第47条 执行): a fine must be paid, performed or enforced; "nothing to execute"
    is refused."""
    case = decided_case(measures=("fine",), fine_fen=500_000)
    with pytest.raises(errors.DecisionImposesObligation) as refused:
        case.record_execution(
            actor=OFFICER, status="nothing_to_execute", executed_on="2025-10-09", note="",
            documents=[],
        )  # fmt: skip
    assert "paid" in refused.value.extra["allowed"]
    case.record_execution(
        actor=OFFICER, status="paid", executed_on="2025-10-09", note="已缴纳", documents=DOC
    )
    assert case.state()["executions"][0]["status"] == "paid"


def test_service_against_its_stored_deadline_r_en_6() -> None:
    """R-EN-6: decided Mon 29 Sep 2025, the service is due Wed 15 Oct (7 working days, stored
    in the decision); served 16 Oct is late; handed over on the spot must be the same day."""
    case = decided_case()
    service = case.state()["deadlines"]["service"]
    assert (service["due_on"], service["source"]) == ("2025-10-15", "recorded")
    with pytest.raises(errors.InvalidInput):
        case.record_service(
            actor=OFFICER, method="on_the_spot", served_on="2025-09-30", documents=[]
        )
    case.record_service(actor=OFFICER, method="post", served_on="2025-10-16", documents=DOC)
    assert case.state()["service"]["on_time"] is False
    with pytest.raises(errors.AlreadyRecorded):
        case.record_service(actor=OFFICER, method="post", served_on="2025-10-17", documents=DOC)


def test_a_licensing_decision_has_no_service_deadline_here_but_needs_its_service() -> None:
    """第61条's 7 working days are 行政处罚法's: a licence granted has no service deadline
    computed, yet its closure still needs the service recorded."""
    case = decided_case(measures=("licence_grant",), action_type="licensing")
    assert case.state()["deadlines"]["service"] is None
    assert case.pending_events[-1].service_due_on is None  # type: ignore[attr-defined]
    with pytest.raises(errors.ServiceMissing):
        case.close(actor=HEAD, reason="结案")
    case.record_service(actor=OFFICER, method="direct", served_on="2025-10-20", documents=[])
    assert (case.state()["service"]["due_on"], case.state()["service"]["on_time"]) == (None, None)


def test_service_before_the_decision_or_without_one_is_refused() -> None:
    """A service follows the decision: none yet → no-decision; dated before → refused."""
    with pytest.raises(errors.NoDecisionYet):
        new_case().record_service(
            actor=OFFICER, method="direct", served_on="2025-09-30", documents=[]
        )
    with pytest.raises(errors.DateBeforeDecision):
        decided_case().record_service(
            actor=OFFICER, method="direct", served_on="2025-09-28", documents=[]
        )


# -- deadlines stored in their events -----------------------------------------------------------


def test_the_decision_deadline_is_stored_at_opening_and_extended_by_the_head() -> None:
    """R-EN-5: filed 5 Jul 2025, due 9 Oct (the 90th day in National Day rolls over); an
    extension needs the head, a reason and a later day."""
    case = new_case(filed_on="2025-07-05")
    opened = case.pending_events[0]
    assert opened.decision_due_on == "2025-10-09"  # type: ignore[attr-defined]
    with pytest.raises(errors.HeadApprovalRequired):
        case.extend_decision_deadline(
            actor=OFFICER, is_agency_head=True, reason="案情复杂", due_on="2025-11-08"
        )
    with pytest.raises(errors.ExtensionNotLater):
        case.extend_decision_deadline(
            actor=HEAD, is_agency_head=True, reason="案情复杂", due_on="2025-10-09"
        )
    case.extend_decision_deadline(
        actor=HEAD, is_agency_head=True, reason="案情复杂, 需要鉴定", due_on="2025-11-08"
    )
    decision = case.state()["deadlines"]["decision"]
    assert (decision["due_on"], decision["extensions"][0]["previous_due_on"]) == (
        "2025-11-08", "2025-10-09",
    )  # fmt: skip


def test_a_case_opened_before_due_dates_were_stored_computes_them_on_load() -> None:
    """An opening event without ``decision_due_on`` (as stored by older code) says so."""
    case = EnforcementCase(
        actor=OFFICER, action_type="penalty", title="旧案", agency="淄博市市场监督管理局",
        jurisdiction="370303", party={"kind": "person", "name": "刘某"}, officers=OFFICERS,
        filed_on="2024-10-31", simplified=False,
    )  # fmt: skip
    decision = case.state()["deadlines"]["decision"]
    assert (decision["due_on"], decision["source"]) == ("2025-02-05", "computed_on_load")


def test_a_published_decision_set_aside_is_withdrawn_within_3_working_days_after_closure() -> None:
    """R-PB-2: revoked Tue 30 Sep 2025 by a court → withdrawal due Sat 11 Oct (stored in the
    set-aside event); withdrawn 13 Oct is late; both allowed after closure."""
    case = decided_case()
    case.publish(actor=OFFICER, channel="公示平台", summary="警告", published_on="2025-09-29")
    case.record_service(actor=OFFICER, method="on_the_spot", served_on="2025-09-29", documents=[])
    case.record_execution(
        actor=OFFICER, status="nothing_to_execute", executed_on="2025-09-29", note="", documents=[]
    )
    case.close(actor=HEAD, reason="结案")
    with pytest.raises(errors.NothingToWithdraw):
        case.withdraw_publication(actor=OFFICER, reason="撤回", withdrawn_on="2025-10-01")
    with pytest.raises(errors.InvalidInput) as unreferenced:
        case.set_aside(
            actor=HEAD, is_agency_head=True, how="revoked", authority="court", reference=None,
            set_aside_on="2025-09-30",
        )  # fmt: skip
    assert unreferenced.value.extra["field"] == "reference"
    case.set_aside(
        actor=HEAD, is_agency_head=True, how="revoked", authority="court",
        reference="(2025)鲁0303行初88号", set_aside_on="2025-09-30",
    )  # fmt: skip
    assert case.pending_events[-1].withdrawal_due_on == "2025-10-11"  # type: ignore[attr-defined]
    case.withdraw_publication(actor=OFFICER, reason="决定已被法院撤销", withdrawn_on="2025-10-13")
    state = case.state()
    assert state["deadlines"]["withdrawal"]["on_time"] is False
    assert state["publication"]["withdrawn"]["withdrawn_on"] == "2025-10-13"


# -- the property: never closed without an ending and, for a decision, its closing facts ------

COMMANDS = st.sampled_from(
    ["decide", "no_penalty", "withdraw", "transfer", "serve", "publish", "exempt", "execute",
     "close", "set_aside", "withdraw_publication", "step"]
)  # fmt: skip


def run(case: EnforcementCase, command: str, draft: str, actor: str, head: bool) -> None:
    """One command as a random caller might send it."""
    calls: dict[str, Any] = {
        "decide": lambda: case.decide(
            actor=actor, is_agency_head=head, draft_hash=draft, decided_on="2025-09-29",
            publication_due_on="2025-10-15",
            publication_due_provisional=False,
        ),
        "no_penalty": lambda: case.decide_no_penalty(
            actor=actor, is_agency_head=head, ground="time_barred", reason="超过二年",
            decided_on="2025-08-01", documents=[],
        ),
        "withdraw": lambda: case.withdraw(
            actor=actor, is_agency_head=head, reason="撤销立案", withdrawn_on="2025-08-01"
        ),
        "transfer": lambda: case.transfer(
            actor=actor, is_agency_head=head, kind="jurisdiction", receiving_body="某区市场监管局",
            reason="管辖", documents=DOC, transferred_on="2025-08-01",
        ),
        "serve": lambda: case.record_service(
            actor=actor, method="direct", served_on="2025-10-09", documents=[]
        ),
        "publish": lambda: case.publish(
            actor=actor, channel="公示平台", summary="摘要", published_on="2025-10-09"
        ),
        "exempt": lambda: case.exempt_publication(
            actor=actor, is_agency_head=head, ground="no_social_impact", reason="无社会影响"
        ),
        "execute": lambda: case.record_execution(
            actor=actor, status="nothing_to_execute", executed_on="2025-10-09", note="",
            documents=[],
        ),
        "close": lambda: case.close(actor=actor, reason="结案"),
        "set_aside": lambda: case.set_aside(
            actor=actor, is_agency_head=head, how="revoked", authority="agency_head",
            reference=None, set_aside_on="2025-10-10",
        ),
        "withdraw_publication": lambda: case.withdraw_publication(
            actor=actor, reason="撤回", withdrawn_on="2025-10-13"
        ),
        "step": lambda: case.record_step(
            actor=OFFICER, kind="other", summary="记录", evidence=[], touches=[],
            full_process_recording=None, present=[], occurred_at=None,
        ),
    }  # fmt: skip
    calls[command]()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(COMMANDS, st.sampled_from([HEAD, OFFICER]), st.booleans()),
        max_size=25,
    )
)
def test_a_case_never_closes_without_an_ending_and_its_closing_facts(
    steps: list[tuple[str, str, bool]],
) -> None:
    """Property (R-EN-5/6, R-PB-2): whatever the commands, a closed case has a recorded ending
    and, if decided, a service, a publication or exemption and an execution status; a
    refused command records nothing."""
    case = new_case()
    draft = case.submit_draft(
        actor=OFFICER,
        content={"measures": ["warning"], "fine_fen": 0, "confiscation_fen": 0, "facts": "事实",
                 "legal_basis": "依据", "discretion": "", "flags": []},
        major=False, matched_rules=[], catalogue_version=1, catalogue_event_hash="c4" * 32,
    )  # fmt: skip
    for command, actor, head in steps:
        before = pending(case)
        try:
            run(case, command, draft, actor, head)
        except errors.JianzhengError:
            assert pending(case) == before
        state = case.state()
        if state["stage"] == "closed":
            assert state["ending"] is not None
            if state["ending"]["kind"] == "decided":
                assert state["service"] is not None
                assert state["publication"] is not None or state["publication_exemption"]
                assert state["executions"]


VOCABULARY_REFUSALS = [
    pytest.param(
        lambda c: c.decide_no_penalty(
            actor=HEAD, is_agency_head=True, ground="mercy", reason="理由",
            decided_on="2025-08-01", documents=[],
        ), "ground", "facts_unproven", id="no-penalty-ground",
    ),
    pytest.param(
        lambda c: c.transfer(
            actor=HEAD, is_agency_head=True, kind="police", receiving_body="公安",
            reason="理由", documents=DOC, transferred_on="2025-08-01",
        ), "kind", "judicial", id="transfer-kind",
    ),
]  # fmt: skip

DECIDED_REFUSALS = [
    pytest.param(
        lambda c: c.record_service(
            actor=OFFICER, method="fax", served_on="2025-10-09", documents=[]
        ), "method", "public_notice", id="service-method",
    ),
    pytest.param(
        lambda c: c.exempt_publication(
            actor=HEAD, is_agency_head=True, ground="busy", reason="理由"
        ), "ground", "state_secret", id="publication-exemption",
    ),
    pytest.param(
        lambda c: c.record_execution(
            actor=OFFICER, status="forgiven", executed_on="2025-10-09", note="", documents=[]
        ), "status", "court_enforcement_applied", id="execution-status",
    ),
    pytest.param(
        lambda c: c.set_aside(
            actor=HEAD, is_agency_head=True, how="ignored", authority="court",
            reference="(2025)鲁0303行初1号", set_aside_on="2025-10-09",
        ), "how", "found_unlawful", id="set-aside-how",
    ),
    pytest.param(
        lambda c: c.set_aside(
            actor=HEAD, is_agency_head=True, how="revoked", authority="mayor",
            reference=None, set_aside_on="2025-10-09",
        ), "authority", "reconsideration", id="set-aside-authority",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("command", "field", "one_allowed"), VOCABULARY_REFUSALS)
def test_an_unknown_term_names_its_member_and_the_allowed_codes_on_an_open_case(
    command: Any, field: str, one_allowed: str
) -> None:
    """A term outside its vocabulary names the member and lists the codes; nothing recorded."""
    case = new_case()
    before = pending(case)
    with pytest.raises(errors.InvalidInput) as refused:
        command(case)
    assert (refused.value.extra["field"], refused.value.code) == (field, "invalid-input")
    assert one_allowed in refused.value.extra["allowed"]
    assert pending(case) == before


@pytest.mark.parametrize(("command", "field", "one_allowed"), DECIDED_REFUSALS)
def test_an_unknown_term_names_its_member_and_the_allowed_codes_on_a_decision(
    command: Any, field: str, one_allowed: str
) -> None:
    """The same for what follows a decision; nothing recorded."""
    case = decided_case()
    before = pending(case)
    with pytest.raises(errors.InvalidInput) as refused:
        command(case)
    assert refused.value.extra["field"] == field
    assert one_allowed in refused.value.extra["allowed"]
    assert pending(case) == before


def test_a_second_set_aside_keeps_the_withdrawal_already_due_and_none_after_withdrawal() -> None:
    """R-PB-2: changed on 30 Sep (withdrawal due 11 Oct), then revoked on 9 Oct: the first
    due date stands; once withdrawn, a later finding (found void) starts no new period."""
    case = decided_case()
    case.publish(actor=OFFICER, channel="公示平台", summary="警告", published_on="2025-09-29")
    for how, on in (("changed", "2025-09-30"), ("revoked", "2025-10-09")):
        case.set_aside(
            actor=HEAD, is_agency_head=True, how=how, authority="agency_head", reference=None,
            set_aside_on=on,
        )  # fmt: skip
    assert case.state()["deadlines"]["withdrawal"]["due_on"] == "2025-10-11"
    assert case.pending_events[-1].withdrawal_due_on is None  # type: ignore[attr-defined]
    case.withdraw_publication(actor=OFFICER, reason="决定已撤销", withdrawn_on="2025-10-10")
    case.set_aside(
        actor=HEAD, is_agency_head=True, how="found_void", authority="court",
        reference="(2025)鲁03行终9号", set_aside_on="2025-11-03",
    )  # fmt: skip
    assert case.pending_events[-1].withdrawal_due_on is None  # type: ignore[attr-defined]
    with pytest.raises(errors.NothingToWithdraw):
        case.withdraw_publication(actor=OFFICER, reason="再次撤回", withdrawn_on="2025-11-04")
    assert case.state()["deadlines"]["withdrawal"]["on_time"] is True
