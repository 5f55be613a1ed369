"""``domain/records/enforcement/progress.py``: a case's status, legal-review gate and next
step follow the law's order (R-EN-4, R-EN-5, R-EN-6, R-EN-7, R-LR-1, R-PB-2)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain.records.enforcement.progress import (
    NEXT_STEP_LABELS,
    NEXT_STEP_ROLES,
    CaseFacts,
    CaseStatus,
    GateState,
    NextStep,
    case_status,
    gate_state,
    next_step,
)

OPENED = CaseFacts(action_type="penalty")
DRAFTED_MAJOR = replace(OPENED, steps=2, has_draft=True, major=True)
DECIDED = replace(DRAFTED_MAJOR, ending="decided", review_status="passed")


def test_an_open_case_goes_inquiry_draft_review_decision_in_the_laws_order() -> None:
    """R-LR-1: a major draft is reviewed before the decision; R-EN-4: the party is informed
    before a penalty decision."""
    story = [
        (OPENED, NextStep.INVESTIGATE, GateState.NO_DRAFT),
        (replace(OPENED, steps=1), NextStep.SUBMIT_DRAFT, GateState.NO_DRAFT),
        (DRAFTED_MAJOR, NextStep.REQUEST_REVIEW, GateState.REQUIRED),
        (replace(DRAFTED_MAJOR, review_status="pending"), NextStep.AWAIT_REVIEW, GateState.PENDING),
        (replace(DRAFTED_MAJOR, review_status="rejected"), NextStep.REVISE_DRAFT,
         GateState.REJECTED),
        (replace(DRAFTED_MAJOR, review_status="passed"), NextStep.INFORM_PARTY, GateState.PASSED),
        (replace(DRAFTED_MAJOR, review_status="passed", credentials_shown=True), NextStep.DECIDE,
         GateState.PASSED),
    ]  # fmt: skip
    for facts, step, gate in story:
        assert (next_step(facts), gate_state(facts), case_status(facts)) == (
            step, gate, CaseStatus.OPEN
        )  # fmt: skip


def test_a_minor_draft_needs_no_review_and_goes_to_the_decision() -> None:
    """A draft the catalogue does not call major passes the gate without a review."""
    minor = replace(OPENED, steps=1, has_draft=True, major=False, credentials_shown=True)
    assert (gate_state(minor), next_step(minor)) == (GateState.NOT_REQUIRED, NextStep.DECIDE)
    other = replace(minor, action_type="licensing", credentials_shown=False)
    assert next_step(other) is NextStep.DECIDE  # informing the party is a penalty's step


def test_a_review_made_stale_by_a_later_step_sends_a_major_draft_back_to_a_new_draft() -> None:
    """R-LR-1: the gate refuses a decision on a major draft whose passed review a later step
    made stale (legal-review-stale): the list says stale and asks for a new draft; a minor
    draft needs no review, so its stale review does not stop the decision."""
    stale = replace(DRAFTED_MAJOR, review_status="stale", credentials_shown=True)
    assert (gate_state(stale), next_step(stale)) == (GateState.STALE, NextStep.SUBMIT_DRAFT)
    minor = replace(stale, major=False)
    assert (gate_state(minor), next_step(minor)) == (GateState.STALE, NextStep.DECIDE)


@pytest.mark.parametrize(
    ("code", "step"),
    [
        ("collective-discussion-missing", NextStep.COLLECTIVE_DISCUSSION),
        ("collective-not-agreed", NextStep.COLLECTIVE_DISCUSSION),
        ("crime-transfer-required", NextStep.TRANSFER_TO_JUDICIARY),
        ("legal-review-required", NextStep.INFORM_PARTY),
    ],
)
def test_a_refused_decision_says_what_the_heads_do_next(code: str, step: NextStep) -> None:
    """R-EN-7: a decision refused for want of the heads' discussion sends the draft to it;
    R-LR-4: a review that found a crime suspected sends the case to 移送."""
    facts = replace(DRAFTED_MAJOR, review_status="passed", blocked_code=code)
    assert next_step(facts) is step


def test_a_decided_case_needs_its_closing_facts_in_order_then_closure() -> None:
    """R-EN-6, R-PB-2, 执行: service, publication (or an exemption), execution, closure."""
    assert case_status(DECIDED) is CaseStatus.DECIDED
    assert next_step(DECIDED) is NextStep.SERVE
    served = replace(DECIDED, served=True)
    assert next_step(served) is NextStep.PUBLISH
    assert next_step(replace(served, publication_exempted=True)) is NextStep.RECORD_EXECUTION
    published = replace(served, published=True)
    assert next_step(published) is NextStep.RECORD_EXECUTION
    assert next_step(replace(published, executed=True)) is NextStep.CLOSE
    assert next_step(replace(published, executed=True, withdrawal_due=True)) is (
        NextStep.WITHDRAW_PUBLICATION
    )  # a published decision set aside is withdrawn first (R-PB-2)


@pytest.mark.parametrize("ending", ["no_penalty", "withdrawn", "transferred"])
def test_another_ending_leaves_only_the_closure(ending: str) -> None:
    """不予处罚, 撤销立案, 移送: the case's status says so and only closure remains."""
    facts = replace(OPENED, ending=ending)
    assert (case_status(facts).value, next_step(facts)) == (ending, NextStep.CLOSE)


def test_a_closed_case_has_no_next_step() -> None:
    """A closed case is sealed (R-SV-2): status closed, nothing to do."""
    facts = replace(DECIDED, closed=True)
    assert (case_status(facts), next_step(facts)) == (CaseStatus.CLOSED, NextStep.NONE)
    assert NEXT_STEP_ROLES[NextStep.NONE] is None


def test_every_next_step_has_words_and_a_taker() -> None:
    """Each step is said in Chinese, and names the role that takes it (but the closed case's)."""
    for step in NextStep:
        assert NEXT_STEP_LABELS[step].strip()
        assert (NEXT_STEP_ROLES[step] is None) == (step is NextStep.NONE)
    assert NEXT_STEP_LABELS[NextStep.REQUEST_REVIEW] == "提交法制审核"
