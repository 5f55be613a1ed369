"""The legal-review gate holds on every path (R-LR-1), and every refused major decision is
recorded as exactly one ``DecisionBlocked`` event (R-LR-8)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

import pytest

from domain.records import errors
from domain.records.enforcement import EnforcementCase
from infra.application import Jianzheng
from tests.integration.casekit import (
    AGENCY,
    Cast,
    draft,
    event_types,
    heads_discuss,
    inform,
    open_case,
    review,
)


def no_review(jz: Jianzheng, cast: Cast, case: UUID) -> tuple[str, object]:
    return draft(jz, cast, case, "licence_revocation"), cast.head


def review_pending(jz: Jianzheng, cast: Cast, case: UUID) -> tuple[str, object]:
    hashed = draft(jz, cast, case, "licence_revocation")
    review(jz, cast, case, hashed, None)
    return hashed, cast.head


def review_rejected(jz: Jianzheng, cast: Cast, case: UUID) -> tuple[str, object]:
    hashed = draft(jz, cast, case, "licence_revocation")
    review(jz, cast, case, hashed, "rejected")
    return hashed, cast.head


def passed_for_older_draft(jz: Jianzheng, cast: Cast, case: UUID) -> tuple[str, object]:
    old = draft(jz, cast, case, "suspension")
    review(jz, cast, case, old, "passed")
    return draft(jz, cast, case, "suspension", "fine", fine_fen=5_000_000), cast.head


def decide_on_the_superseded_draft(jz: Jianzheng, cast: Cast, case: UUID) -> tuple[str, object]:
    old = draft(jz, cast, case, "suspension")
    review(jz, cast, case, old, "passed")
    draft(jz, cast, case, "suspension", "fine", fine_fen=5_000_000)
    return old, cast.head


def passed_by_someone_who_acted_as_officer_in_an_older_history(
    jz: Jianzheng, cast: Cast, case: UUID
) -> tuple[str, object]:
    """A history recorded before reviewers were barred from becoming officers: the reviewer
    who passed the draft was later assigned and took part in a step. The service no longer
    lets this happen (see the test below); such a stored history still blocks the gate."""
    hashed = draft(jz, cast, case, "licence_revocation")
    review(jz, cast, case, hashed, "passed", reviewer=cast.dual)
    officer = jz.cases._officer_credential(cast.dual.actor_id, AGENCY, date.today())

    def legacy(state: EnforcementCase) -> None:
        state._assign_officers(actor=cast.officer_a.actor_id, officers=[officer])

    jz.store.command(EnforcementCase, case, legacy)
    return hashed, cast.head


def passed_but_decided_by_an_officer(jz: Jianzheng, cast: Cast, case: UUID) -> tuple[str, object]:
    hashed = draft(jz, cast, case, "licence_revocation")
    review(jz, cast, case, hashed, "passed")
    return hashed, cast.officer_b


def passed_but_decided_by_a_reviewer(jz: Jianzheng, cast: Cast, case: UUID) -> tuple[str, object]:
    hashed = draft(jz, cast, case, "licence_revocation")
    review(jz, cast, case, hashed, "passed")
    return hashed, cast.reviewer


AUTHORITY = "decision-authority-required"

PATHS: list[tuple[Callable[..., tuple[str, object]], type[errors.JianzhengError], str]] = [
    (no_review, errors.LegalReviewRequired, "legal-review-required"),
    (review_pending, errors.LegalReviewPending, "legal-review-pending"),
    (review_rejected, errors.LegalReviewRejected, "legal-review-rejected"),
    (passed_for_older_draft, errors.LegalReviewStale, "legal-review-stale"),
    (decide_on_the_superseded_draft, errors.DraftSuperseded, "draft-superseded"),
    (passed_by_someone_who_acted_as_officer_in_an_older_history, errors.ReviewerConflict,
     "reviewer-conflict"),
    (passed_but_decided_by_an_officer, errors.DecisionAuthorityRequired, AUTHORITY),
    (passed_but_decided_by_a_reviewer, errors.DecisionAuthorityRequired, AUTHORITY),
]  # fmt: skip


@pytest.mark.parametrize(("setup", "error", "code"), PATHS, ids=[p[0].__name__ for p in PATHS])
def test_a_major_decision_is_refused_and_recorded_once(
    jz: Jianzheng,
    cast: Cast,
    setup: Callable[..., tuple[str, object]],
    error: type[errors.JianzhengError],
    code: str,
) -> None:
    """Each path refuses with its own code and appends exactly one DecisionBlocked
    (R-LR-1, R-LR-8)."""
    case = open_case(jz, cast)
    hashed, decider = setup(jz, cast, case)
    before = jz.store.event_count()
    types_before = event_types(jz, case)
    with pytest.raises(error) as refused:
        jz.cases.decide(decider, case, hashed)  # type: ignore[arg-type]
    assert refused.value.code == code
    assert jz.store.event_count() == before + 1
    assert event_types(jz, case) == [*types_before, "enforcement.DecisionBlocked"]
    state = jz.cases._case(case)
    assert state.decision is None
    assert state.blocked[-1]["code"] == code
    assert state.blocked[-1]["draft_hash"] == hashed
    assert refused.value.extra["recorded"][0]["type"] == "enforcement.DecisionBlocked"


def test_a_passed_review_of_this_draft_lets_the_agency_head_decide(
    jz: Jianzheng, cast: Cast
) -> None:
    """With a passed review of exactly the current draft, the decision is made (R-LR-1)."""
    case = open_case(jz, cast)
    hashed = draft(jz, cast, case, "licence_revocation")
    review(jz, cast, case, hashed, "passed")
    heads_discuss(jz, cast, case, hashed)  # a licence revocation is decided collectively (R-EN-7)
    events = jz.cases.decide(cast.head, case, hashed)
    assert [e.type for e in events] == ["enforcement.DecisionMade"]
    assert jz.cases._case(case).decision["draft_hash"] == hashed  # type: ignore[index]


def test_a_decision_is_never_made_twice(jz: Jianzheng, cast: Cast) -> None:
    """A second decision is refused without an event."""
    case = open_case(jz, cast)
    hashed = draft(jz, cast, case, "warning")
    jz.cases.decide(cast.head, case, hashed)
    before = jz.store.event_count()
    with pytest.raises(errors.DecisionAlreadyMade):
        jz.cases.decide(cast.head, case, hashed)
    assert jz.store.event_count() == before


def test_a_non_major_decision_needs_no_review(jz: Jianzheng, cast: Cast) -> None:
    """A warning alone is not major: decided at once (R-LR-2), the party informed (R-EN-4)."""
    case = open_case(jz, cast)
    inform(jz, cast, case)
    hashed, judged, _ = jz.cases.submit_draft(
        cast.officer_a, case,
        {"measures": ["warning"], "fine_fen": 0, "confiscation_fen": 0, "facts": "f",
         "legal_basis": "b", "discretion": "", "flags": []},
    )  # fmt: skip
    assert judged["major"] is False
    assert jz.cases.decide(cast.head, case, hashed)[0].type == "enforcement.DecisionMade"


def test_a_non_major_decision_by_a_non_head_is_refused_without_a_record(
    jz: Jianzheng, cast: Cast
) -> None:
    """Only major refusals are recorded; a non-major one is a plain refusal (R-EN-7)."""
    case = open_case(jz, cast)
    hashed = draft(jz, cast, case, "warning")
    before = jz.store.event_count()
    with pytest.raises(errors.DecisionAuthorityRequired):
        jz.cases.decide(cast.officer_a, case, hashed)
    assert jz.store.event_count() == before


def test_an_officer_of_the_case_cannot_record_the_review_opinion(jz: Jianzheng, cast: Cast) -> None:
    """Separation of duties (R-LR-5): the case's own officer may not review it."""
    case = open_case(jz, cast)
    jz.cases.assign_officers(cast.officer_a, case, [cast.dual.actor_id])
    hashed = draft(jz, cast, case, "licence_revocation")
    before = jz.store.event_count()
    with pytest.raises(errors.SeparationOfDuties):
        review(jz, cast, case, hashed, "passed", reviewer=cast.dual)
    assert jz.store.event_count() == before + 1  # only the ReviewRequested
    with pytest.raises(errors.LegalReviewPending):
        jz.cases.decide(cast.head, case, hashed)


def test_the_draft_records_the_catalogue_version_and_rules_it_was_judged_by(
    jz: Jianzheng, cast: Cast
) -> None:
    """R-LR-2: licence revocation and suspension are major; the version is recorded."""
    case = open_case(jz, cast)
    _, judged, _ = jz.cases.submit_draft(
        cast.officer_a, case,
        {"measures": ["suspension"], "fine_fen": 0, "confiscation_fen": 0, "facts": "f",
         "legal_basis": "b", "discretion": "", "flags": []},
    )  # fmt: skip
    assert judged["major"] is True
    assert judged["matched_rules"]
    assert judged["catalogue_version"] == jz.catalogue().version
