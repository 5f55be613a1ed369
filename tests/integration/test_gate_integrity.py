"""The gate's inputs are governed (R-LR-1…10): who changes a catalogue, the statutory floor,
who reviews, separation of duties from the case's history, facts from the record.

Each test is a hole an outside review found; each fails on the service before the fix.
"""

from __future__ import annotations

import copy
import threading
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from domain.records import errors
from domain.records.catalogue import (
    DEFAULT_CATALOGUE,
    AgencyCatalogue,
    Catalogue,
    FourEyesRequired,
    SimplifiedProcedureExceeded,
    judge,
)
from domain.records.enforcement import REVIEW_ITEMS, EnforcementCase
from infra.application import OPERATOR, Jianzheng, Principal
from tests.integration.casekit import (
    AGENCY,
    AREA,
    Cast,
    draft,
    event_types,
    heads_discuss,
    inform,
    open_case,
    opinion_items,
    review,
)

EMPTY: dict[str, Any] = {"review_all_non_simplified": False, "rules": []}
REVIEW_ALL: dict[str, Any] = {**copy.deepcopy(DEFAULT_CATALOGUE), "review_all_non_simplified": True}


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def second_reviewer(jz: Jianzheng, agency: str = AGENCY, area: str = AREA) -> tuple[Principal, str]:
    """Another legal reviewer of the agency's legal office (the four-eyes partner)."""
    registered = jz.register_actor(
        OPERATOR, name="钱法制", role="legal_reviewer", agency=agency, jurisdiction=area
    )
    return Principal.of(registered.actor), registered.token


def put_in_force(
    jz: Jianzheng, cast: Cast, data: dict[str, Any], area: str = AREA
) -> tuple[UUID, int]:
    """Propose and approve (two reviewers of the office at ``area``) a catalogue version."""
    proposer = cast.reviewer if area == AREA else second_reviewer(jz, area=area)[0]
    partner, _ = second_reviewer(jz, area=area)
    catalogue, proposal_id, _ = jz.catalogues.propose(
        proposer, jurisdiction=area, data=data, note="本机关目录：试行"
    )
    version, _ = jz.catalogues.approve(partner, catalogue.id, proposal_id)
    return catalogue.id, version


# -- 1. catalogue governance and the statutory floor (R-LR-10) ------------------------------


def test_the_single_deployment_catalogue_can_no_longer_be_replaced_by_any_reviewer(
    client: TestClient, cast: Cast
) -> None:
    """The old hole: any legal reviewer replaced the whole deployment's catalogue at once."""
    answer = client.post(
        "/v1/catalogue",
        json={"data": EMPTY, "note": "清空目录"},
        headers=auth(cast.tokens["reviewer"]),
    )
    assert answer.status_code == 405
    assert client.get("/v1/catalogue", headers=auth(cast.tokens["a"])).json()["data"] == (
        DEFAULT_CATALOGUE
    )


def test_an_empty_catalogue_in_force_still_calls_revocation_and_a_huge_fine_major(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """The statutory floor: no revision removes 第63条 measures or large fines (R-LR-10)."""
    put_in_force(jz, cast, EMPTY)
    case = open_case(jz, cast)
    inform(jz, cast, case)  # R-EN-4: so that the refusal is the review's
    answer = client.post(
        f"/v1/cases/{case}/drafts",
        json={"measures": ["fine", "licence_revocation"], "fine_fen": 500_000_000,
              "facts": "经查，情节严重。", "legal_basis": "《食品安全法》第一百三十四条"},
        headers=auth(cast.tokens["a"]),
    )  # fmt: skip
    assert answer.status_code == 201, answer.text
    judged = answer.json()
    assert judged["major"] is True
    assert judged["matched_rules"] == ["hearing-eligible-measures", "large-fine"]
    assert judged["catalogue_version"] == 1
    decided = client.post(
        f"/v1/cases/{case}/decision",
        json={"draft_hash": judged["draft_hash"]},
        headers=auth(cast.tokens["head"]),
    )
    assert (decided.status_code, decided.json()["code"]) == (409, "legal-review-required")


def test_a_floor_amount_cannot_be_raised_away_by_a_local_threshold() -> None:
    """A catalogue that sets 较大数额 at ¥1 billion still meets the floor's amounts (R-LR-10)."""
    data = copy.deepcopy(DEFAULT_CATALOGUE)
    for rule in data["rules"]:
        for key in ("fine_at_least_fen", "confiscation_at_least_fen"):
            if key in rule["when"]:
                rule["when"][key] = {"person": 10**11, "organisation": 10**11}
    judged = judge(data, action_type="penalty", measures=["fine"], fine_fen=2_000_000,
                   confiscation_fen=0, party_kind="person", flags=[], simplified=False)  # fmt: skip
    assert judged.major is True
    assert judged.matched_rules == ["large-fine"]


def test_only_the_agencys_legal_office_proposes_and_a_second_reviewer_approves(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """Officers, heads, admins and other agencies' reviewers are refused; the proposer may
    not approve their own revision (four-eyes); nothing is in force until approved (R-LR-10)."""
    body = {"jurisdiction": AREA, "data": REVIEW_ALL, "note": "试行：简易程序以外全部审核"}
    for who in ("a", "head"):
        refused = client.post("/v1/catalogue/proposals", json=body, headers=auth(cast.tokens[who]))
        assert (refused.status_code, refused.json()["code"]) == (403, "legal-office-required")
    proposed = client.post(
        "/v1/catalogue/proposals", json=body, headers=auth(cast.tokens["reviewer"])
    )
    assert proposed.status_code == 201, proposed.text
    catalogue_id, proposal_id = proposed.json()["catalogue_id"], proposed.json()["proposal_id"]
    approval = f"/v1/catalogue/agencies/{catalogue_id}/proposals/{proposal_id}/approval"
    own = client.post(approval, headers=auth(cast.tokens["reviewer"]))
    assert (own.status_code, own.json()["code"]) == (409, FourEyesRequired.code)
    _, outsider_token = second_reviewer(jz, agency="淄博市生态环境局")
    other = client.post(approval, headers=auth(outsider_token))
    assert (other.status_code, other.json()["code"]) == (403, "legal-office-required")
    case = open_case(jz, cast)
    assert not jz.cases.submit_draft(cast.officer_a, case, minor_draft())[1]["major"]
    _, partner_token = second_reviewer(jz)
    approved = client.post(approval, headers=auth(partner_token))
    assert approved.status_code == 200, approved.text
    assert approved.json()["version"] == 1
    judged = jz.cases.submit_draft(cast.officer_a, case, minor_draft())[1]
    assert judged["major"] is True
    assert judged["matched_rules"] == ["review_all_non_simplified"]
    assert judged["catalogue_stream"] == catalogue_id
    again = client.post(approval, headers=auth(partner_token))
    assert (again.status_code, again.json()["code"]) == (409, "proposal-not-pending")


def test_an_agency_catalogue_judges_only_that_agencys_cases_in_its_area(
    jz: Jianzheng, cast: Cast
) -> None:
    """Scopes: another agency's cases, and the agency's cases elsewhere, keep the baseline."""
    put_in_force(jz, cast, REVIEW_ALL, area="370300")  # the city level covers 370303
    own = open_case(jz, cast)
    assert jz.cases.submit_draft(cast.officer_a, own, minor_draft())[1]["major"] is True
    in_force = jz.catalogues.in_force(AGENCY, "370303")
    assert in_force["scope"] == {"jurisdiction": "370300", "agency": AGENCY}
    assert jz.catalogues.in_force("淄博市生态环境局", "370303")["scope"]["jurisdiction"] == "*"
    assert jz.catalogues.in_force(AGENCY, "370502")["scope"]["jurisdiction"] == "*"
    put_in_force(jz, cast, DEFAULT_CATALOGUE, area="370303")  # the narrower scope wins
    assert jz.catalogues.in_force(AGENCY, "370303")["scope"]["jurisdiction"] == "370303"
    assert jz.cases.submit_draft(cast.officer_a, own, minor_draft())[1]["major"] is False


def test_every_revision_is_visible_to_oversight(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """Proposals, approvals and rejections are listed for oversight of the area (R-LR-10)."""
    catalogue_id, _ = put_in_force(jz, cast, REVIEW_ALL)
    _, proposal_id, _ = jz.catalogues.propose(
        cast.reviewer, jurisdiction=AREA, data=EMPTY, note="取消全部审核"
    )
    jz.catalogues.reject(cast.reviewer, catalogue_id, proposal_id, "不得低于法定底线以外的本地要求")
    listed = client.get(
        "/v1/oversight/catalogue-revisions", headers=auth(cast.tokens["oversight"])
    ).json()["revisions"]
    assert [r["type"].split(".")[1] for r in listed] == [
        "RevisionProposed", "RevisionApproved", "RevisionProposed", "RevisionRejected",
    ]  # fmt: skip
    assert {r["catalogue_id"] for r in listed} == {str(catalogue_id)}
    refused = client.get("/v1/oversight/catalogue-revisions", headers=auth(cast.tokens["a"]))
    assert refused.status_code == 403


def test_a_draft_is_judged_by_the_version_in_force_when_it_was_submitted(
    jz: Jianzheng, cast: Cast
) -> None:
    """A later revision neither makes a submitted minor draft major nor a major one minor."""
    case = open_case(jz, cast)
    hashed = draft(jz, cast, case, "warning")
    put_in_force(jz, cast, REVIEW_ALL)
    jz.cases.decide(cast.head, case, hashed)
    decision = jz.store.load(EnforcementCase, case).decision
    assert decision is not None
    assert decision["gate"]["major"] is False
    assert decision["gate"]["catalogue_version"] == jz.catalogue().version


# -- 2. who reviews (R-LR-5) -----------------------------------------------------------------


def test_a_reviewer_of_another_agency_is_refused_with_its_own_code(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """Only the legal office of the case's own agency gives an opinion; nothing is stored."""
    _, token = second_reviewer(jz, agency="淄博市生态环境局")
    case = open_case(jz, cast)
    hashed = draft(jz, cast, case, "licence_revocation")
    review_id = review(jz, cast, case, hashed, None)
    before = jz.store.event_count()
    answer = client.post(
        f"/v1/cases/{case}/reviews/{review_id}/opinion",
        json={"result": "passed", "signature": "外机关", "items": opinion_items()},
        headers=auth(token),
    )  # fmt: skip
    assert (answer.status_code, answer.json()["code"]) == (403, "reviewer-outside-legal-office")
    assert jz.store.event_count() == before


# -- 3. separation of duties from the case's history (R-LR-5) --------------------------------


def test_a_reviewer_of_the_case_cannot_then_be_assigned_as_its_officer(
    jz: Jianzheng, cast: Cast
) -> None:
    """Someone who reviewed a draft never becomes an officer of the case."""
    case = open_case(jz, cast)
    hashed = draft(jz, cast, case, "licence_revocation")
    review(jz, cast, case, hashed, "passed", reviewer=cast.dual)
    with pytest.raises(errors.SeparationOfDuties):
        jz.cases.assign_officers(cast.officer_a, case, [cast.dual.actor_id])


def test_a_reviewer_who_is_also_an_agency_head_may_not_decide_the_case_they_reviewed(
    jz: Jianzheng, cast: Cast
) -> None:
    """Roles held do not matter; what the person did on this case does (recorded, major;
    R-LR-5)."""
    jz.grant_role(OPERATOR, UUID(cast.reviewer.actor_id), "agency_head")
    reviewer_head = Principal.of(jz.get_actor(UUID(cast.reviewer.actor_id)))
    case = open_case(jz, cast)
    hashed = draft(jz, cast, case, "licence_revocation")
    review(jz, cast, case, hashed, "passed")
    with pytest.raises(errors.SeparationOfDuties):
        jz.cases.decide(reviewer_head, case, hashed)
    assert event_types(jz, case)[-1] == "enforcement.DecisionBlocked"


def test_an_assigned_officer_who_is_a_head_may_not_decide_even_without_a_step(
    jz: Jianzheng, cast: Cast
) -> None:
    """Being assigned to the case is acting as its officer, even before any step."""
    head_officer = jz.register_actor(
        OPERATOR, name="周副局长", role="agency_head", agency=AGENCY, jurisdiction=AREA,
        certificate="鲁执-0009", valid_from="2020-01-01", valid_until="2035-12-31",
    ).actor  # fmt: skip
    jz.grant_role(OPERATOR, head_officer.id, "officer")
    case = open_case(jz, cast)
    jz.cases.assign_officers(cast.officer_a, case, [str(head_officer.id)])
    hashed = draft(jz, cast, case, "warning")
    with pytest.raises(errors.SeparationOfDuties):
        jz.cases.decide(Principal.of(jz.get_actor(head_officer.id)), case, hashed)


def test_the_decider_cannot_be_assigned_as_an_officer_afterwards(jz: Jianzheng, cast: Cast) -> None:
    """The head who decided never acts as the case's officer (e.g. to serve the decision)."""
    jz.grant_role(OPERATOR, UUID(cast.head.actor_id), "officer")
    jz.record_certificate(OPERATOR, UUID(cast.head.actor_id), number="鲁执-0010",
                          valid_from="2020-01-01", valid_until="2035-12-31")  # fmt: skip
    head = Principal.of(jz.get_actor(UUID(cast.head.actor_id)))
    case = open_case(jz, cast)
    jz.cases.decide(head, case, draft(jz, cast, case, "warning"))
    with pytest.raises(errors.SeparationOfDuties):
        jz.cases.assign_officers(cast.officer_a, case, [head.actor_id])


def test_a_passing_review_by_someone_outside_the_office_does_not_open_the_gate(
    jz: Jianzheng, cast: Cast
) -> None:
    """Re-checked at decision time: a reviewer who left the agency's office since (a
    history from before the office check) does not count; the attempt is recorded (R-LR-5)."""
    case = open_case(jz, cast)
    hashed = draft(jz, cast, case, "licence_revocation")
    review_id, _ = jz.cases.request_review(cast.officer_a, case, hashed)
    outsider, _ = second_reviewer(jz, agency="淄博市生态环境局")

    def legacy(state: EnforcementCase) -> None:
        items = {n: {"ok": True, "note": "无误"} for n in REVIEW_ITEMS}
        state._record_opinion(actor=outsider.actor_id, review_id=review_id, draft_hash=hashed,
                              result="passed", items=items, signature="外机关")  # fmt: skip

    jz.store.command(EnforcementCase, case, legacy)
    with pytest.raises(errors.ReviewerOutsideLegalOffice):
        jz.cases.decide(cast.head, case, hashed)
    assert event_types(jz, case)[-1] == "enforcement.DecisionBlocked"


# -- 4. facts from the record, not the drafter's word (R-LR-9) --------------------------------


def minor_draft(**extra: Any) -> dict[str, Any]:
    return {"measures": ["warning"], "fine_fen": 0, "confiscation_fen": 0, "facts": "经查属实。",
            "legal_basis": "《食品安全法》", "discretion": "", "flags": [], **extra}  # fmt: skip


def test_a_simplified_case_refuses_a_draft_beyond_the_caps_of_article_51(
    jz: Jianzheng, cast: Cast
) -> None:
    """A fine of ¥4,000 to an organisation, or a revocation, is not 当场处罚: refused (R-LR-9)."""
    case = open_case(jz, cast, simplified=True)
    before = jz.store.event_count()
    for content in (minor_draft(measures=["fine"], fine_fen=400_000),
                    minor_draft(measures=["licence_revocation"])):  # fmt: skip
        with pytest.raises(SimplifiedProcedureExceeded):
            jz.cases.submit_draft(cast.officer_a, case, content)
    assert jz.store.event_count() == before
    allowed = jz.cases.submit_draft(
        cast.officer_a, case, minor_draft(measures=["fine"], fine_fen=300_000)
    )
    assert allowed[1]["major"] is False


def test_a_recorded_hearing_makes_the_draft_hearing_bound_whatever_it_says(
    jz: Jianzheng, cast: Cast
) -> None:
    """A hearing step recorded after the draft (which claims no hearing) blocks the decision."""
    from tests.integration.casekit import mp4, upload

    case = open_case(jz, cast)
    hashed = draft(jz, cast, case, "fine", fine_fen=100_000)
    assert jz.store.load(EnforcementCase, case).draft(hashed).major is False
    video = upload(jz, cast.officer_a, mp4(), "video/mp4", case_id=case)
    jz.cases.record_step(
        cast.officer_a, case, kind="hearing", summary="举行听证会", evidence=[video],
        touches=[], full_process_recording=None, present=[], occurred_at=None,
    )  # fmt: skip
    with pytest.raises(errors.LegalReviewRequired):
        jz.cases.decide(cast.head, case, hashed)
    redrafted = jz.cases.submit_draft(
        cast.officer_a, case, minor_draft(measures=["fine"], fine_fen=100_000)
    )
    assert redrafted[1]["matched_rules"] == ["hearing-held"]


# -- 7. dates (R-EN-2) ------------------------------------------------------------------------


def test_a_step_may_not_claim_to_have_happened_in_the_future(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """occurred_at beyond a small clock skew is refused; a back-dated step is recorded (R-EN-2)."""
    case = open_case(jz, cast)
    future = (datetime.now(UTC) + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    past = (datetime.now(UTC) - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = {"kind": "credentials_shown", "summary": "出示执法证件"}
    ahead = client.post(f"/v1/cases/{case}/steps", json={**body, "occurred_at": future},
                        headers=auth(cast.tokens["a"]))  # fmt: skip
    assert (ahead.status_code, ahead.json()["code"]) == (422, "date-in-future")
    late = client.post(f"/v1/cases/{case}/steps", json={**body, "occurred_at": past},
                       headers=auth(cast.tokens["a"]))  # fmt: skip
    assert late.status_code == 201, late.text
    step = jz.store.load(EnforcementCase, case).steps[-1]
    assert step["occurred_at"] == past


# -- the gate under concurrent revision, redraft, review and decision (PostgreSQL) ------------


@pytest.mark.postgres
@pytest.mark.parametrize("settings", ["postgres"], indirect=True)
def test_no_decision_lands_on_a_major_draft_without_review_under_concurrent_revisions(
    jz: Jianzheng, cast: Cast
) -> None:
    """30 rounds: one thread toggles the agency's catalogue between "review everything" and
    the default while another drafts a warning and tries to decide at once (then reviews and
    decides if refused). Afterwards each decision is checked against the log's order: the
    catalogue version in force when its draft was submitted is found from the leaves alone.
    """
    partner, _ = second_reviewer(jz)
    rounds = 30
    cases = [open_case(jz, cast) for _ in range(rounds)]
    stop = threading.Event()
    failures: list[BaseException] = []

    def revise() -> None:
        flip = True
        while not stop.is_set():
            try:
                catalogue, pid, _ = jz.catalogues.propose(
                    cast.reviewer, jurisdiction=AREA,
                    data=REVIEW_ALL if flip else DEFAULT_CATALOGUE, note="轮换",
                )  # fmt: skip
                jz.catalogues.approve(partner, catalogue.id, pid)
                flip = not flip
            except errors.ChainConflict:
                continue
            except BaseException as exc:
                failures.append(exc)
                return

    def work(case: UUID) -> None:
        hashed = draft(jz, cast, case, "warning")
        try:
            jz.cases.decide(cast.head, case, hashed)
            return
        except errors.DecisionRefused:
            pass  # the catalogue in force called it major: redraft and have it reviewed
        hashed = draft(jz, cast, case, "warning")
        review(jz, cast, case, hashed, "passed")
        jz.cases.decide(cast.head, case, hashed)

    reviser = threading.Thread(target=revise)
    reviser.start()
    try:
        for case in cases:
            work(case)
    finally:
        stop.set()
        reviser.join(timeout=60)
    assert not failures, failures
    revisions = jz.store.load(AgencyCatalogue, AgencyCatalogue.create_id(AREA, AGENCY))
    assert revisions.current_version >= 3, "the reviser raced too little to mean anything"
    leaf = _leaf_finder(jz)
    version_leaves = {v: leaf(revisions.id, s) for v, s in revisions.version_seqs().items()}
    baseline = jz.store.load(Catalogue, jz.catalogue().id)
    for case_id in cases:
        case = jz.store.load(EnforcementCase, case_id)
        assert case.decision is not None
        decided = case.draft(case.decision["draft_hash"])
        at = leaf(case.id, decided.seq)
        earlier = [v for v, at_v in version_leaves.items() if at_v < at]
        data = revisions.data_of(max(earlier)) if earlier else baseline.data
        major = judge(data, action_type="penalty", measures=["warning"], fine_fen=0,
                      confiscation_fen=0, party_kind="organisation", flags=[],
                      simplified=False).major  # fmt: skip
        if major:
            passed = [r for r in case.reviews.values()
                      if r.draft_hash == decided.draft_hash and r.result == "passed"]  # fmt: skip
            assert passed, f"case {case_id}: a major draft was decided without a passed review"
            assert passed[-1].reviewer == cast.reviewer.actor_id


def _leaf_finder(jz: Jianzheng) -> Any:
    def leaf(stream: UUID, seq: int) -> int:
        return jz.log.leaf_indexes_of(stream, [seq])[seq]

    return leaf


# -- found by the outside attack on the gate ----------------------------------------------------


def passed_case(jz: Jianzheng, cast: Cast, *measures: str, **draft_args: Any) -> tuple[UUID, str]:
    """A case whose current draft a reviewer of the office passed."""
    case = open_case(jz, cast)
    hashed = draft(jz, cast, case, *(measures or ("licence_revocation",)), **draft_args)
    review(jz, cast, case, hashed, "passed")
    return case, hashed


def test_a_review_made_before_a_hearing_does_not_cover_the_now_major_decision(
    jz: Jianzheng, cast: Cast
) -> None:
    """A minor draft reviewed, then a hearing recorded: the decision is major and refused."""
    from tests.integration.casekit import mp4, upload

    case, hashed = passed_case(jz, cast, "fine", fine_fen=100_000)
    video = upload(jz, cast.officer_a, mp4(), "video/mp4", case_id=case)
    jz.cases.record_step(
        cast.officer_a, case, kind="hearing", summary="举行听证会", evidence=[video],
        touches=[], full_process_recording=None, present=[], occurred_at=None,
    )  # fmt: skip
    with pytest.raises(errors.LegalReviewStale, match="hearing"):
        jz.cases.decide(cast.head, case, hashed)
    assert event_types(jz, case)[-1] == "enforcement.DecisionBlocked"


def test_new_evidence_after_a_passed_review_makes_the_review_stale(
    jz: Jianzheng, cast: Cast
) -> None:
    """Any step recorded after the draft changes the file it was drafted and reviewed on
    (R-LR-1, R-LR-4)."""
    case, hashed = passed_case(jz, cast)
    jz.cases.record_step(
        cast.officer_a, case, kind="other", summary="补充调取营业执照信息", evidence=[],
        touches=[], full_process_recording=None, present=[], occurred_at=None,
    )  # fmt: skip
    with pytest.raises(errors.LegalReviewStale):
        jz.cases.decide(cast.head, case, hashed)


def test_a_major_decision_may_not_be_dated_before_its_review(jz: Jianzheng, cast: Cast) -> None:
    """decided_on before the opinion's date is refused, naming the field; a late entry that
    dates all honestly (request, review, then decision, all in the past) is accepted (R-EN-2;
    an opinion is never dated before its request, R-LR-1)."""
    days_ago = lambda n: (datetime.now(UTC) - timedelta(days=n)).date().isoformat()  # noqa: E731
    case = open_case(jz, cast, filed_on=days_ago(10))
    hashed = draft(jz, cast, case, "licence_revocation")
    review(jz, cast, case, hashed, "passed")
    heads_discuss(jz, cast, case, hashed)  # a licence revocation is decided collectively (R-EN-7)
    with pytest.raises(errors.DecisionDatedTooEarly, match="legal review") as refused:
        jz.cases.decide(cast.head, case, hashed, decided_on=days_ago(4))
    assert refused.value.extra["field"] == "decided_on"
    assert jz.store.load(EnforcementCase, case).decision is None
    late = open_case(jz, cast, filed_on=days_ago(10))
    hashed = draft(jz, cast, late, "licence_revocation")
    review_id, _ = jz.cases.request_review(cast.officer_a, late, hashed, requested_on=days_ago(8))
    jz.cases.record_opinion(
        cast.reviewer, late, review_id, result="passed", items=opinion_items(),
        signature="赵法制", reviewed_on=days_ago(6),
    )  # fmt: skip
    heads_discuss(jz, cast, late, hashed, held_on=days_ago(6))  # R-EN-7, dated like the review
    with pytest.raises(errors.DecisionDatedTooEarly):
        jz.cases.decide(cast.head, late, hashed, decided_on=days_ago(7))
    jz.cases.decide(cast.head, late, hashed, decided_on=days_ago(5))


def test_a_rejected_draft_goes_back_for_revision_and_is_not_reviewed_again(
    jz: Jianzheng, cast: Cast
) -> None:
    """Shopping for a passing reviewer on the same draft is refused; a revised draft is not
    (R-LR-6)."""
    case = open_case(jz, cast)
    hashed = draft(jz, cast, case, "licence_revocation")
    review(jz, cast, case, hashed, "rejected")
    with pytest.raises(errors.DraftRejected):
        jz.cases.request_review(cast.officer_a, case, hashed)
    revised = draft(jz, cast, case, "licence_revocation", fine_fen=1)
    review(jz, cast, case, revised, "passed")
    heads_discuss(jz, cast, case, revised)  # a licence revocation is decided collectively (R-EN-7)
    jz.cases.decide(cast.head, case, revised)


def test_a_second_review_of_a_draft_already_with_the_office_is_refused(
    jz: Jianzheng, cast: Cast
) -> None:
    """Two open reviews of one draft would let the outcome depend on timing."""
    case = open_case(jz, cast)
    hashed = draft(jz, cast, case, "licence_revocation")
    jz.cases.request_review(cast.officer_a, case, hashed)
    with pytest.raises(errors.ReviewAlreadyPending):
        jz.cases.request_review(cast.officer_a, case, hashed)


def test_an_officer_whose_area_does_not_cover_the_case_is_not_put_on_it(
    jz: Jianzheng, cast: Cast
) -> None:
    """Two officers are needed who can act (R-EN-3): one from another area could never act."""
    elsewhere = jz.register_actor(
        OPERATOR, name="外区执法员", role="officer", agency=AGENCY, jurisdiction="370302",
        certificate="鲁执-0302", valid_from="2020-01-01", valid_until="2035-12-31",
    ).actor  # fmt: skip
    with pytest.raises(errors.WrongAgency, match="does not cover"):
        jz.cases.open_case(
            cast.officer_a, action_type="penalty", title="某案", agency=AGENCY, jurisdiction=AREA,
            officers=[cast.officer_a.actor_id, str(elsewhere.id)],
            party={"kind": "person", "name": "刘某"},
        )  # fmt: skip
    case = open_case(jz, cast)
    with pytest.raises(errors.WrongAgency):
        jz.cases.assign_officers(cast.officer_a, case, [str(elsewhere.id)])


def test_a_collective_discussion_is_not_dated_in_the_future_or_after_the_decision(
    jz: Jianzheng, cast: Cast
) -> None:
    """held_on in the future is date-in-future; a decision dated before the recorded
    discussion is refused too (R-EN-7)."""
    filed = (datetime.now(UTC) - timedelta(days=10)).date().isoformat()
    case = open_case(jz, cast, filed_on=filed)
    hashed = draft(jz, cast, case, "licence_revocation")
    review_id, _ = jz.cases.request_review(
        cast.officer_a, case, hashed,
        requested_on=(datetime.now(UTC) - timedelta(days=9)).date().isoformat(),
    )  # fmt: skip
    jz.cases.record_opinion(
        cast.reviewer, case, review_id, result="passed", items=opinion_items(), signature="赵",
        reviewed_on=(datetime.now(UTC) - timedelta(days=8)).date().isoformat(),
    )  # fmt: skip
    tomorrow = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    with pytest.raises(errors.DateInFuture):
        heads_discuss(jz, cast, case, hashed, held_on=tomorrow)
    heads_discuss(jz, cast, case, hashed)
    with pytest.raises(errors.DecisionDatedTooEarly, match="collective"):
        jz.cases.decide(
            cast.head, case, hashed,
            decided_on=(datetime.now(UTC) - timedelta(days=3)).date().isoformat(),
        )  # fmt: skip


def test_the_simplified_procedure_is_refused_where_it_cannot_apply(
    jz: Jianzheng, cast: Cast
) -> None:
    """Not for licensing; no hearing; no hearing-held or complex-case flags (第51条, R-LR-9)."""
    with pytest.raises(SimplifiedProcedureExceeded):
        open_case(jz, cast, action_type="licensing", simplified=True)
    case = open_case(jz, cast, simplified=True)
    from tests.integration.casekit import mp4, upload

    video = upload(jz, cast.officer_a, mp4(), "video/mp4", case_id=case)
    with pytest.raises(SimplifiedProcedureExceeded):
        jz.cases.record_step(
            cast.officer_a, case, kind="hearing", summary="听证", evidence=[video], touches=[],
            full_process_recording=None, present=[], occurred_at=None,
        )  # fmt: skip
    for flag in ("hearing_held", "complex_case"):
        with pytest.raises(SimplifiedProcedureExceeded):
            jz.cases.submit_draft(cast.officer_a, case, minor_draft(flags=[flag]))


def test_approving_a_proposal_made_on_an_older_version_is_refused(
    jz: Jianzheng, cast: Cast
) -> None:
    """Two proposals on version 0: approving the second after the first would undo it."""
    partner, _ = second_reviewer(jz)
    first, p1, _ = jz.catalogues.propose(cast.reviewer, jurisdiction=AREA, data=REVIEW_ALL,
                                         note="甲")  # fmt: skip
    _, p2, _ = jz.catalogues.propose(partner, jurisdiction=AREA, data=EMPTY, note="乙")
    jz.catalogues.approve(partner, first.id, p1)
    with pytest.raises(errors.RuleViolation, match="version 1 is in force"):
        jz.catalogues.approve(cast.reviewer, first.id, p2)


def test_a_catalogue_amount_above_the_floor_is_refused() -> None:
    """A threshold higher than the floor's would read as if it applied: invalid-catalogue
    (R-LR-10)."""
    from domain.records.catalogue import InvalidCatalogue

    data = copy.deepcopy(DEFAULT_CATALOGUE)
    rule = next(r for r in data["rules"] if "fine_at_least_fen" in r["when"])
    rule["when"]["fine_at_least_fen"]["person"] = 900_000_000
    catalogue = AgencyCatalogue.open(actor="x", jurisdiction=AREA, agency=AGENCY)
    with pytest.raises(InvalidCatalogue, match="above the statutory floor"):
        catalogue.propose(actor="x", proposal_id="p", data=data, note="提高标准")


def test_money_and_yes_no_fields_take_no_strings_or_booleans(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """fine_fen "1000000" or true is refused (422), not read as a number."""
    case = open_case(jz, cast)
    for value in ("1000000", True):
        answer = client.post(
            f"/v1/cases/{case}/drafts",
            json={"measures": ["fine"], "fine_fen": value, "facts": "f", "legal_basis": "b"},
            headers=auth(cast.tokens["a"]),
        )
        assert (answer.status_code, answer.json()["code"]) == (422, "invalid-request")


def test_another_agencys_reviewer_does_not_read_the_case(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """Only the case agency's legal office reviews it, so only it reads it (R-LR-5)."""
    _, token = second_reviewer(jz, agency="淄博市生态环境局")
    case = open_case(jz, cast)
    assert client.get(f"/v1/cases/{case}", headers=auth(token)).status_code == 403


# -- found by the outside attack on the verifier ------------------------------------------------


def test_an_invisible_reason_is_no_reason_for_a_court_export(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """NUL, a zero-width space or a BOM as ?reason= is refused; nothing is recorded."""
    case = open_case(jz, cast)
    before = jz.store.event_count()
    for reason in ("\x00", "\u200b", "\ufeff", " \u2060 "):
        answer = client.get(
            f"/v1/cases/{case}/bundle", params={"reason": reason},
            headers=auth(cast.tokens["court"]),
        )  # fmt: skip
        assert answer.status_code == 422, reason
    assert jz.store.event_count() == before


def test_a_404_does_not_tell_which_other_stream_an_id_names(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """An actor's id asked for as a case answers exactly like an id that exists nowhere."""
    ids = (cast.officer_a.actor_id, "00000000-0000-4000-8000-000000000000")
    details = [
        client.get(f"/v1/cases/{i}", headers=auth(cast.tokens["a"])).json()["detail"]
        .replace(i, "ID")
        for i in ids
    ]  # fmt: skip
    assert details[0] == details[1]


def test_a_catalogue_proposal_lapses_when_its_proposer_is_suspended(
    jz: Jianzheng, cast: Cast
) -> None:
    """Four-eyes needs two people in office: a suspended proposer's proposal is not approved."""
    partner, _ = second_reviewer(jz)
    catalogue, proposal_id, _ = jz.catalogues.propose(
        cast.reviewer, jurisdiction=AREA, data=REVIEW_ALL, note="试行"
    )
    jz.suspend_actor(OPERATOR, UUID(cast.reviewer.actor_id), "暂停审核资格")
    with pytest.raises(errors.ProposalLapsed):
        jz.catalogues.approve(partner, catalogue.id, proposal_id)
    assert jz.catalogues.load(catalogue.id).current_version == 0
    jz.catalogues.reject(partner, catalogue.id, proposal_id, "提议人已被暂停")


def test_a_reason_without_a_letter_or_digit_and_a_reason_given_twice_are_refused(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """Round 2: ?reason=%ff (U+FFFD once decoded) says nothing; two reasons are ambiguous."""
    case = open_case(jz, cast)
    before = jz.store.event_count()
    url = f"/v1/cases/{case}/bundle"
    court = auth(cast.tokens["court"])
    assert client.get(url + "?reason=%ff", headers=court).status_code == 422
    twice = client.get(url + "?reason=a&reason=b", headers=court)
    assert (twice.status_code, twice.json()["code"]) == (400, "ambiguous-request")
    assert jz.store.event_count() == before


# -- found by the second round of the outside attack -------------------------------------------


def test_no_hearing_or_other_inquiry_step_follows_the_decision(jz: Jianzheng, cast: Cast) -> None:
    """A hearing after a minor decision, dated before it, would make the file show a major
    decision without review: inquiry steps after the decision, and steps dated before it, are
    refused; the service of the decision is recorded."""
    from tests.integration.casekit import mp4, upload

    case = open_case(jz, cast)
    hashed = draft(jz, cast, case, "fine", fine_fen=50_000)
    jz.cases.decide(cast.head, case, hashed)
    video = upload(jz, cast.officer_a, mp4(), "video/mp4", case_id=case)
    earlier = (datetime.now(UTC) - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    step = {"evidence": [video], "touches": [], "full_process_recording": None, "present": []}
    with pytest.raises(errors.StepAfterDecision):
        jz.cases.record_step(cast.officer_a, case, kind="hearing", summary="听证",
                             occurred_at=earlier, **step)  # fmt: skip
    with pytest.raises(errors.StepAfterDecision):
        jz.cases.record_step(cast.officer_a, case, kind="service", summary="送达",
                             occurred_at=earlier, **step)  # fmt: skip
    jz.cases.record_step(cast.officer_a, case, kind="service", summary="送达决定书",
                         occurred_at=None, **step)  # fmt: skip


def test_a_collective_discussion_is_not_dated_before_filing_or_before_the_review(
    jz: Jianzheng, cast: Cast
) -> None:
    """The heads discuss the reviewed draft of a filed case (R-EN-7): not in 2001."""
    case, hashed = passed_case(jz, cast)
    with pytest.raises(errors.DateBeforeFiling):
        heads_discuss(jz, cast, case, hashed, held_on="2001-01-01")
    assert jz.store.load(EnforcementCase, case).discussions == []
    assert jz.store.load(EnforcementCase, case).decision is None


def test_a_catalogue_proposal_stays_lapsed_after_its_proposer_is_reinstated(
    jz: Jianzheng, cast: Cast
) -> None:
    """A suspension may be about that very proposal: reinstatement does not revive it."""
    partner, _ = second_reviewer(jz)
    catalogue, proposal_id, _ = jz.catalogues.propose(
        cast.reviewer, jurisdiction=AREA, data=REVIEW_ALL, note="试行"
    )
    jz.suspend_actor(OPERATOR, UUID(cast.reviewer.actor_id), "暂停审核资格")
    jz.reinstate_actor(OPERATOR, UUID(cast.reviewer.actor_id), "恢复")
    with pytest.raises(errors.ProposalLapsed):
        jz.catalogues.approve(partner, catalogue.id, proposal_id)


def test_a_step_before_1949_is_refused_as_too_early(jz: Jianzheng, cast: Cast) -> None:
    """No record of these authorities is older than 1949-10-01."""
    from domain.records.children_errors import DateTooEarly

    case = open_case(jz, cast)
    with pytest.raises(DateTooEarly):
        jz.cases.record_step(
            cast.officer_a, case, kind="credentials_shown", summary="出示证件", evidence=[],
            touches=[], full_process_recording=None, present=[],
            occurred_at="1949-09-30T00:00:00Z",
        )  # fmt: skip
