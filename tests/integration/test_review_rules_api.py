"""The legal review and the heads' discussion over HTTP, on both backends: collective
discussion recorded and relied on (R-EN-7), review contents (R-LR-4), review time limits in
working days with the oversight queue (R-LR-7). Dates are spelled out across Spring Festival
2025 (01-28..02-04 off; 01-26 and 02-08 worked) and National Day 2025 (10-01..10-08 off;
09-28 and 10-11 worked)."""

from __future__ import annotations

import copy
import json
import os
from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from domain.proof.bundle import verify_bundle
from domain.records.catalogue import DEFAULT_CATALOGUE
from domain.records.enforcement import REVIEW_ITEMS_T74
from domain.records.evidence import Evidence
from domain.records.workdays import add_working_days
from infra.application import OPERATOR, Jianzheng, Principal
from infra.bundle import export_case
from infra.clock import today
from tests.integration.casekit import (
    AGENCY,
    AREA,
    Cast,
    draft,
    inform,
    open_case,
    opinion_items,
    review,
    second_head,
    upload,
)
from tests.integration.test_gate_integrity import put_in_force

PROBLEM = "application/problem+json"


def auth(cast: Cast, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {cast.tokens[who]}"}


def with_limit(workdays: int) -> dict[str, Any]:
    data = copy.deepcopy(DEFAULT_CATALOGUE)
    data["review_time_limit_workdays"] = workdays
    return data


def reviews_of(client: TestClient, cast: Cast, case: UUID) -> list[dict[str, Any]]:
    answer = client.get(f"/v1/cases/{case}", headers=auth(cast, "a"))
    assert answer.status_code == 200, answer.text
    return list(answer.json()["reviews"])


def request(client: TestClient, cast: Cast, case: UUID, hashed: str, on: str | None) -> str:
    body = {"draft_hash": hashed} | ({"requested_on": on} if on else {})
    answer = client.post(f"/v1/cases/{case}/reviews", json=body, headers=auth(cast, "a"))
    assert answer.status_code == 201, answer.text
    return str(answer.json()["review_id"])


# -- R-LR-7: the review's due date, in working days --------------------------------------------


def test_a_review_requested_before_spring_festival_is_due_after_the_holiday(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-LR-7: requested Friday 2025-01-24 with the deployment's 5 working days: Sunday 01-26
    (调休) and Monday 01-27 count, 01-28..02-04 do not, so it is due Friday 2025-02-07."""
    case = open_case(jz, cast, filed_on="2025-01-20")
    hashed = draft(jz, cast, case, "licence_revocation")
    request(client, cast, case, hashed, "2025-01-24")
    (shown,) = reviews_of(client, cast, case)
    assert (shown["requested_on"], shown["review_due_on"], shown["time_limit_workdays"]) == (
        "2025-01-24", "2025-02-07", 5,
    )  # fmt: skip


def test_each_agency_sets_its_limit_and_national_days_working_saturday_counts(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-LR-7: the agency's catalogue says 6 working days: from Friday 2025-09-26, Sunday
    09-28 (调休), 09-29, 09-30, then 10-09, 10-10 and Saturday 10-11 (调休): due 2025-10-11.
    A later version saying 3 makes a new request due 2025-09-30; the first keeps its date."""
    put_in_force(jz, cast, with_limit(6))
    first = open_case(jz, cast, filed_on="2025-09-20")
    request(client, cast, first, draft(jz, cast, first, "licence_revocation"), "2025-09-26")
    put_in_force(jz, cast, with_limit(3))
    second = open_case(jz, cast, filed_on="2025-09-20")
    request(client, cast, second, draft(jz, cast, second, "licence_revocation"), "2025-09-26")
    assert reviews_of(client, cast, first)[0]["review_due_on"] == "2025-10-11"
    assert reviews_of(client, cast, second)[0]["review_due_on"] == "2025-09-30"
    assert reviews_of(client, cast, second)[0]["time_limit_workdays"] == 3


def test_a_request_is_not_dated_before_the_filing_nor_in_the_future(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-EN-2: the date on the request is a document date like the others."""
    case = open_case(jz, cast, filed_on="2025-01-20")
    hashed = draft(jz, cast, case, "licence_revocation")
    for on, code in (("2025-01-19", "date-before-filing"), ("2099-01-01", "date-in-future")):
        answer = client.post(
            f"/v1/cases/{case}/reviews", json={"draft_hash": hashed, "requested_on": on},
            headers=auth(cast, "a"),
        )  # fmt: skip
        assert (answer.status_code, answer.json()["code"]) == (422, code)
        assert answer.json()["field"] == "requested_on"
    assert reviews_of(client, cast, case) == []


def test_oversight_sees_which_open_reviews_are_overdue_due_soon_or_on_time(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-LR-7: the queue computes where each review stands today from its stored due date,
    and filters by it; an answered review leaves the queue."""
    late = open_case(jz, cast, filed_on="2025-01-20")
    late_review = request(client, cast, late, draft(jz, cast, late, "licence_revocation"),
                          "2025-01-24")  # fmt: skip
    relaxed = open_case(jz, cast)
    request(client, cast, relaxed, draft(jz, cast, relaxed, "licence_revocation"), None)
    put_in_force(jz, cast, with_limit(1))
    pressed = open_case(jz, cast)
    request(client, cast, pressed, draft(jz, cast, pressed, "licence_revocation"), None)

    queue = client.get("/v1/oversight/reviews", headers=auth(cast, "oversight")).json()
    standing = {r["case_id"]: (r["status"], r["due_on"]) for r in queue["reviews"]}
    tomorrow_at_work = add_working_days(today(), 1).due.isoformat()
    assert standing[str(late)] == ("overdue", "2025-02-07")
    assert standing[str(relaxed)] == ("on_time", add_working_days(today(), 5).due.isoformat())
    assert standing[str(pressed)] == ("due_soon", tomorrow_at_work)
    overdue = client.get(
        "/v1/oversight/reviews", params={"status": "overdue"}, headers=auth(cast, "oversight")
    ).json()["reviews"]
    assert [(r["case_id"], r["overdue"]) for r in overdue] == [(str(late), True)]

    jz.cases.record_opinion(cast.reviewer, late, late_review, result="passed",
                            items=opinion_items(), signature="赵法制")  # fmt: skip
    queue = client.get("/v1/oversight/reviews", headers=auth(cast, "oversight")).json()
    assert str(late) not in {r["case_id"] for r in queue["reviews"]}


# -- R-EN-7: the heads' collective discussion ---------------------------------------------------


def minutes(jz: Jianzheng, cast: Cast, case: UUID) -> str:
    return upload(jz, cast.officer_a, b"%PDF-1.4 " + os.urandom(256), "application/pdf",
                  case_id=case)  # fmt: skip


def test_a_revocation_is_decided_on_the_heads_recorded_discussion_of_that_draft(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-EN-7: without a recorded discussion the decision is refused (409, recorded); the
    discussion names heads of the agency by actor id, at least two; then the decision is
    made and cites it. A claimed ``collective_discussion`` is no longer accepted."""
    case = open_case(jz, cast)
    inform(jz, cast, case)  # R-EN-4
    submitted = client.post(
        f"/v1/cases/{case}/drafts",
        json={"measures": ["licence_revocation"], "facts": "无证经营",
              "legal_basis": "《食品安全法》第一百二十二条"},
        headers=auth(cast, "a"),
    ).json()  # fmt: skip
    assert submitted["collective_rules"] == ["hearing-eligible-measures"]
    hashed = submitted["draft_hash"]
    review(jz, cast, case, hashed, "passed")
    refused = client.post(f"/v1/cases/{case}/decision", json={"draft_hash": hashed},
                          headers=auth(cast, "head"))  # fmt: skip
    assert (refused.status_code, refused.json()["code"]) == (409, "collective-discussion-missing")
    assert refused.json()["recorded"][0]["type"] == "enforcement.DecisionBlocked"
    claimed = client.post(
        f"/v1/cases/{case}/decision",
        json={"draft_hash": hashed, "collective_discussion": {
            "participants": ["王局长", "副局长"], "held_on": "2026-01-01"}},
        headers=auth(cast, "head"),
    )  # fmt: skip
    assert claimed.status_code == 422

    deputy = second_head(jz)
    elsewhere = second_head(jz, "外局局长", agency="淄博市生态环境局")
    sha = minutes(jz, cast, case)
    body: dict[str, Any] = {
        "draft_hash": hashed, "held_on": today().isoformat(),
        "conclusion": "decide_as_drafted", "minutes_sha256": sha,
    }  # fmt: skip
    url = f"/v1/cases/{case}/collective-discussions"
    for participants, code, field in (
        ([cast.head, cast.officer_b], "participant-not-agency-head", "participants[1]"),
        ([cast.head, elsewhere], "participant-not-agency-head", "participants[1]"),
        ([cast.head], "collective-quorum-not-met", "participants"),
    ):
        ids = [p.actor_id for p in participants]
        answer = client.post(url, json=body | {"participants": ids}, headers=auth(cast, "head"))
        assert (answer.status_code, answer.json()["code"], answer.json()["field"]) == (
            422, code, field,
        ), answer.text  # fmt: skip
        assert answer.headers["content-type"].startswith(PROBLEM)
    unknown = client.post(url, json=body | {"participants": [cast.head.actor_id, deputy.actor_id],
                          "conclusion": "agreed"}, headers=auth(cast, "head"))  # fmt: skip
    assert (unknown.status_code, unknown.json()["code"]) == (422, "unknown-term")
    assert "decide_as_drafted" in unknown.json()["allowed"]
    by_officer = client.post(url, json=body | {"participants": [cast.head.actor_id,
                             deputy.actor_id]}, headers=auth(cast, "a"))  # fmt: skip
    assert by_officer.status_code == 403
    assert jz.cases._case(case).discussions == []

    answer = client.post(url, json=body | {"participants": [cast.head.actor_id, deputy.actor_id]},
                         headers=auth(cast, "head"))  # fmt: skip
    assert answer.status_code == 201, answer.text
    assert answer.json()["events"][0]["type"] == "enforcement.CollectiveDiscussionRecorded"
    shown = client.get(f"/v1/cases/{case}", headers=auth(cast, "a")).json()
    assert shown["collective_discussions"][0]["participants"] == [
        cast.head.actor_id, deputy.actor_id,
    ]  # fmt: skip
    decided = client.post(f"/v1/cases/{case}/decision", json={"draft_hash": hashed},
                          headers=auth(cast, "head"))  # fmt: skip
    assert decided.status_code == 201, decided.text
    decision = client.get(f"/v1/cases/{case}", headers=auth(cast, "a")).json()["decision"]
    assert decision["collective_discussion"]["minutes_sha256"] == sha
    assert decision["gate"]["collective_rules"] == ["hearing-eligible-measures"]

    # The court bundle carries the participants' actor streams and the minutes' registration.
    bundle = json.loads(export_case(jz, OPERATOR, case, "行政诉讼调卷", "operator"))
    carried = {(s["role"], s["stream"]) for s in bundle["streams"]}
    assert ("actor", deputy.actor_id) in carried
    assert ("evidence", str(Evidence.create_id(sha))) in carried
    assert verify_bundle(export_case(jz, OPERATOR, case, "复核", "operator"), jz.log_key.vkey).ok


def test_minutes_that_were_never_uploaded_are_refused(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-EN-7: the minutes are evidence by hash, uploaded for the agency's case."""
    case = open_case(jz, cast)
    hashed = draft(jz, cast, case, "licence_revocation")
    deputy = second_head(jz)
    answer = client.post(
        f"/v1/cases/{case}/collective-discussions",
        json={"draft_hash": hashed, "participants": [cast.head.actor_id, deputy.actor_id],
              "held_on": today().isoformat(), "conclusion": "decide_as_drafted",
              "minutes_sha256": "ab" * 32},
        headers=auth(cast, "head"),
    )  # fmt: skip
    assert (answer.status_code, answer.json()["code"]) == (422, "evidence-not-found")


# -- R-LR-4: what the opinion covers --------------------------------------------------------------


def test_an_opinion_on_the_six_items_alone_is_refused_naming_the_missing_ones(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-LR-4: the four contents of 国办发〔2018〕118号 are part of every new opinion."""
    case = open_case(jz, cast)
    hashed = draft(jz, cast, case, "licence_revocation")
    review_id = review(jz, cast, case, hashed, None)
    six = {k: v for k, v in opinion_items().items() if k in REVIEW_ITEMS_T74}
    answer = client.post(
        f"/v1/cases/{case}/reviews/{review_id}/opinion",
        json={"result": "passed", "items": six, "signature": "赵法制"},
        headers=auth(cast, "reviewer"),
    )  # fmt: skip
    assert answer.status_code == 422
    assert answer.json()["field"].startswith("items.")
    assert jz.cases._case(case).reviews[review_id].result is None


def test_a_passed_opinion_finding_a_crime_suspected_sends_the_case_to_transfer(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-LR-4: the decision is refused with crime-transfer-required, and recorded."""
    case = open_case(jz, cast)
    hashed = draft(jz, cast, case, "fine", fine_fen=20_000_000)
    review_id = review(jz, cast, case, hashed, None)
    answer = client.post(
        f"/v1/cases/{case}/reviews/{review_id}/opinion",
        json={"result": "passed", "items": opinion_items(crime_suspected=True),
              "signature": "赵法制"},
        headers=auth(cast, "reviewer"),
    )  # fmt: skip
    assert answer.status_code == 201, answer.text
    refused = client.post(f"/v1/cases/{case}/decision", json={"draft_hash": hashed},
                          headers=auth(cast, "head"))  # fmt: skip
    assert (refused.status_code, refused.json()["code"]) == (409, "crime-transfer-required")
    assert jz.cases._case(case).decision is None


# -- R-LR-5: the reviewer of a penalty draft holds 法律职业资格 ----------------------------------


def unqualified_reviewer(jz: Jianzheng) -> tuple[Principal, str]:
    """A legal reviewer of the cast's office with no qualification recorded."""
    registered = jz.register_actor(
        OPERATOR, name="孙法制", role="legal_reviewer", agency=AGENCY, jurisdiction=AREA
    )
    return Principal.of(registered.actor), registered.token


def admin_token(jz: Jianzheng) -> str:
    return jz.register_actor(
        OPERATOR, name="系统管理员", role="admin", agency="jianzheng", jurisdiction="*"
    ).token


def opine(client: TestClient, case: UUID, review_id: str, token: str, **extra: Any) -> Any:
    return client.post(
        f"/v1/cases/{case}/reviews/{review_id}/opinion",
        json={"result": "passed", "items": opinion_items(), "signature": "孙法制", **extra},
        headers={"Authorization": f"Bearer {token}"},
    )


def test_a_first_time_reviewer_of_a_penalty_needs_the_legal_qualification(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-LR-5 (第58条第2款): refused 403 legal-qualification-required, nothing stored; once an
    admin records the qualification, the opinion is taken."""
    reviewer, token = unqualified_reviewer(jz)
    case = open_case(jz, cast)
    hashed = draft(jz, cast, case, "licence_revocation")
    review_id = review(jz, cast, case, hashed, None)
    refused = opine(client, case, review_id, token)
    assert (refused.status_code, refused.json()["code"]) == (403, "legal-qualification-required")
    assert jz.cases._case(case).reviews[review_id].result is None

    admin = {"Authorization": f"Bearer {admin_token(jz)}"}
    url = f"/v1/actors/{reviewer.actor_id}/legal-qualifications"
    ahead = client.post(url, json={"number": "A2099", "obtained_on": "2099-01-01"}, headers=admin)
    assert (ahead.status_code, ahead.json()["code"]) == (422, "date-in-future")
    recorded = client.post(
        url, json={"number": "A20200370001", "obtained_on": "2020-09-01"}, headers=admin
    )
    assert recorded.status_code == 201, recorded.text
    shown = client.get(f"/v1/actors/{reviewer.actor_id}", headers=admin).json()
    assert shown["legal_qualifications"] == [
        {"number": "A20200370001", "obtained_on": "2020-09-01"}
    ]
    assert opine(client, case, review_id, token).status_code == 201


def test_a_qualification_obtained_after_the_opinion_does_not_cover_it(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-LR-5: the qualification is held on the date on the opinion."""
    reviewer, token = unqualified_reviewer(jz)
    jz.record_legal_qualification(
        OPERATOR, UUID(reviewer.actor_id), number="A2025", obtained_on="2025-03-01"
    )
    case = open_case(jz, cast, filed_on="2025-01-20")
    hashed = draft(jz, cast, case, "licence_revocation")
    review_id = review(jz, cast, case, hashed, None)
    refused = opine(client, case, review_id, token, reviewed_on="2025-02-10")
    assert (refused.status_code, refused.json()["code"]) == (403, "legal-qualification-required")
    assert "2025-03-01" in refused.json()["detail"]


def test_a_reviewer_who_served_before_the_2021_law_needs_no_qualification(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-LR-5: not 初次从事 — recorded service from before 2021-07-15 is enough; service
    said to begin on 2021-07-15 is refused, naming the field."""
    reviewer, token = unqualified_reviewer(jz)
    admin = {"Authorization": f"Bearer {admin_token(jz)}"}
    url = f"/v1/actors/{reviewer.actor_id}/prior-review-service"
    late = client.post(
        url, json={"served_from": "2021-07-15", "basis": "任命文件（2021）7号"}, headers=admin
    )
    assert (late.status_code, late.json()["field"]) == (422, "served_from")
    assert (
        client.post(
            url, json={"served_from": "2016-04-01", "basis": "任命文件（2016）3号"}, headers=admin
        ).status_code
        == 201
    )
    case = open_case(jz, cast)
    hashed = draft(jz, cast, case, "licence_revocation")
    assert opine(client, case, review(jz, cast, case, hashed, None), token).status_code == 201


def test_a_licensing_draft_is_not_under_the_penalty_reviewers_rule(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """第58条第2款 speaks of 行政处罚决定: a licensing review needs no qualification."""
    _, token = unqualified_reviewer(jz)
    case = open_case(jz, cast, action_type="licensing")
    hashed = draft(jz, cast, case, "licence_refusal")
    assert opine(client, case, review(jz, cast, case, hashed, None), token).status_code == 201
