"""The second outside attack on enforcement cases (FINDINGS #1, #2, #7–#13), each finding
replayed over HTTP on both backends: a refused command answers problem+json with its stable
code and leaves the store as it was."""

from __future__ import annotations

import os
import threading
from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from domain.records import errors
from domain.records.file_review import checklist
from infra.application import OPERATOR, Jianzheng, Principal
from tests.integration.casekit import (
    AGENCY,
    AREA,
    Cast,
    draft,
    event_types,
    heads_discuss,
    open_case,
    opinion_items,
    review,
)

PROBLEM = "application/problem+json"


def auth(cast: Cast, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {cast.tokens[who]}"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def refused(answer: Any, status: int, code: str, field: str | None = None) -> None:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith(PROBLEM)
    assert answer.json()["code"] == code, answer.text
    if field is not None:
        assert answer.json().get("field") == field, answer.text


def withdraw_certificate(client: TestClient, cast: Cast, officer: str, case: str) -> None:
    """Oversight scores the case file and withdraws (吊销) ``officer``'s certificate citing
    that review (R-SV-1, R-SV-4)."""
    items = {
        item.code: {"points": item.max_points - (12 if item.code == "procedure_lawful" else 0),
                    "finding": "存在问题" if item.code == "procedure_lawful" else "符合要求"}
        for item in checklist()
    }  # fmt: skip
    scored = client.post(f"/v1/cases/{case}/scored-file-reviews", json={"items": items},
                         headers=auth(cast, "oversight"))  # fmt: skip
    assert scored.status_code == 201, scored.text
    body = {"kind": "certificate_withdrawal", "reason": "严重违法，吊销执法证件",
            "basis": {"kind": "file_review", "case_id": case,
                      "review_id": scored.json()["review_id"]}}  # fmt: skip
    done = client.post(f"/v1/actors/{officer}/sanctions", json=body,
                       headers=auth(cast, "oversight"))  # fmt: skip
    assert done.status_code == 201, done.text


def test_an_officer_of_the_case_who_is_also_head_acts_only_with_a_certificate_in_force(
    client: TestClient, cast: Cast, jz: Jianzheng
) -> None:
    """Attack 2 #1 (R-EN-3, R-SV-4): officer B also holds agency_head; once B's certificate is
    withdrawn, B may not serve, execute, publish or close B's own case — an officer of the
    case acts as its officer whatever other roles they hold. A head who is not an officer of
    the case still serves it (a head acting as head carries no certificate)."""
    jz.grant_role(OPERATOR, UUID(cast.officer_b.actor_id), "agency_head")
    case_id = open_case(jz, cast)
    jz.cases.decide(cast.head, case_id, draft(jz, cast, case_id, "fine", fine_fen=50000))
    case = str(case_id)
    withdraw_certificate(client, cast, cast.officer_b.actor_id, case)
    before = event_types(jz, case_id)
    for url, body in (
        (f"/v1/cases/{case}/service", {"method": "direct"}),
        (f"/v1/cases/{case}/execution", {"status": "paid"}),
        (f"/v1/cases/{case}/publication", {"summary": "公示"}),
        (f"/v1/cases/{case}/closure", {"reason": "结案"}),
    ):
        refused(client.post(url, json=body, headers=auth(cast, "b")), 403,
                "certificate-sanctioned")  # fmt: skip
    assert event_types(jz, case_id) == before
    served = client.post(f"/v1/cases/{case}/service", json={"method": "direct"},
                         headers=auth(cast, "head"))  # fmt: skip
    assert served.status_code == 201, served.text


def register(client: TestClient, admin: str, name: str, number: str) -> Any:
    body = {"name": name, "role": "officer", "agency": AGENCY, "jurisdiction": AREA,
            "certificate": {"number": number, "valid_from": "2020-01-01",
                            "valid_until": "2035-12-31"}}  # fmt: skip
    return client.post("/v1/actors", json=body, headers=bearer(admin))


def test_a_certificate_number_is_issued_once_and_a_withdrawn_one_never_again(
    client: TestClient, cast: Cast, jz: Jianzheng
) -> None:
    """Attack 2 #2 (R-SV-4, R-EN-3): after oversight withdraws officer B's certificate
    鲁执-0002, an admin registering "B again" with that number is refused 409
    ``certificate-number-taken`` (nothing stored), as is recording it on another actor or a
    number another actor holds; a new number is accepted, and renewing one's own is too."""
    admin = jz.register_actor(OPERATOR, name="管理员", role="admin", agency="x", jurisdiction="*")
    case = str(open_case(jz, cast))
    withdraw_certificate(client, cast, cast.officer_b.actor_id, case)
    count = jz.store.event_count()
    again = register(client, admin.token, "李四", "鲁执-0002")
    refused(again, 409, "certificate-number-taken", "certificate.number")
    refused(register(client, admin.token, "某甲", "鲁执-0001"), 409,
            "certificate-number-taken", "certificate.number")  # fmt: skip
    assert jz.store.event_count() == count
    fresh = register(client, admin.token, "李四", "鲁执-0099")
    assert fresh.status_code == 201, fresh.text
    new_id = fresh.json()["actor_id"]
    body = {"number": "鲁执-0002", "valid_from": "2020-01-01", "valid_until": "2035-12-31"}
    refused(client.post(f"/v1/actors/{new_id}/certificates", json=body,
                        headers=bearer(admin.token)), 409, "certificate-number-taken",
            "number")  # fmt: skip
    renewed = dict(body, number="鲁执-0001", valid_from="2026-01-01")
    own = client.post(f"/v1/actors/{cast.officer_a.actor_id}/certificates", json=renewed,
                      headers=bearer(admin.token))  # fmt: skip
    assert own.status_code == 201, own.text


def test_a_head_who_sat_in_the_collective_discussion_is_not_assigned_as_officer_after(
    client: TestClient, cast: Cast, jz: Jianzheng
) -> None:
    """Attack 2 #8 (R-EN-7, R-LR-5): a head (also an officer with a certificate) sits in the
    collective discussion of a major penalty; assigning them as an officer afterwards is
    refused 409 ``separation-of-duties`` and nothing is stored, so the decision never rests on
    a discussion an officer of the case sat in."""
    both = jz.register_actor(OPERATOR, name="周副局长", role="officer", agency=AGENCY,
                             jurisdiction=AREA, certificate="鲁执-0777",
                             valid_from="2020-01-01", valid_until="2035-12-31")  # fmt: skip
    jz.grant_role(OPERATOR, both.actor.id, "agency_head")
    sitting = Principal.of(jz.get_actor(both.actor.id))
    case_id = open_case(jz, cast)
    hashed = draft(jz, cast, case_id, "fine", fine_fen=3_000_000)
    review(jz, cast, case_id, hashed, "passed")
    heads_discuss(jz, cast, case_id, hashed, participants=[cast.head, sitting])
    before = event_types(jz, case_id)
    answer = client.post(f"/v1/cases/{case_id}/officers", json={"officers": [sitting.actor_id]},
                         headers=auth(cast, "a"))  # fmt: skip
    refused(answer, 409, "separation-of-duties")
    assert event_types(jz, case_id) == before


INFORMED_ON_20TH = {
    "kind": "credentials_shown",
    "summary": "出示执法证件，告知当事人拟作出的处罚内容及事实、理由、依据和陈述、申辩、听证权利",
    "occurred_at": "2025-09-20T10:00:00+08:00",
}


def test_a_penalty_decision_is_not_dated_before_the_party_was_informed(
    client: TestClient, cast: Cast, jz: Jianzheng
) -> None:
    """Attack 2 #9 (R-EN-4, 行政处罚法 第44条): the credentials_shown step took place on
    2025-09-20; a decision dated 2025-09-05 is refused 422 ``decision-dated-too-early``
    (field ``decided_on``) and no decision is recorded; dated that day it
    stands."""
    case_id = open_case(jz, cast, filed_on="2025-09-01")
    step = client.post(f"/v1/cases/{case_id}/steps", json=INFORMED_ON_20TH,
                       headers=auth(cast, "a"))  # fmt: skip
    assert step.status_code == 201, step.text
    hashed = draft(jz, cast, case_id, "fine", fine_fen=50000)
    url = f"/v1/cases/{case_id}/decision"
    early = client.post(url, json={"draft_hash": hashed, "decided_on": "2025-09-05"},
                        headers=auth(cast, "head"))  # fmt: skip
    refused(early, 422, "decision-dated-too-early", "decided_on")
    assert "enforcement.DecisionMade" not in event_types(jz, case_id)
    same_day = client.post(url, json={"draft_hash": hashed, "decided_on": "2025-09-20"},
                           headers=auth(cast, "head"))  # fmt: skip
    assert same_day.status_code == 201, same_day.text


def test_a_case_ending_is_not_dated_before_a_step_on_record(
    client: TestClient, cast: Cast, jz: Jianzheng
) -> None:
    """Attack 2 #10: a step took place on 2025-09-20; 撤销立案 or 不予处罚 dated 2025-09-10
    is refused 422 ``date-before-step`` (naming the date field) and nothing is stored; a
    withdrawal dated that day stands."""
    case_id = open_case(jz, cast, filed_on="2025-09-01")
    step = client.post(f"/v1/cases/{case_id}/steps", json=INFORMED_ON_20TH,
                       headers=auth(cast, "a"))  # fmt: skip
    assert step.status_code == 201, step.text
    before = event_types(jz, case_id)
    for path, body, field in (
        ("withdrawal", {"reason": "撤销立案", "withdrawn_on": "2025-09-10"}, "withdrawn_on"),
        ("no-penalty", {"ground": "minor_corrected_no_harm", "reason": "违法行为轻微",
                        "decided_on": "2025-09-10"}, "decided_on"),
    ):  # fmt: skip
        answer = client.post(f"/v1/cases/{case_id}/{path}", json=body, headers=auth(cast, "head"))
        refused(answer, 422, "date-before-step", field)
    assert event_types(jz, case_id) == before
    ended = client.post(f"/v1/cases/{case_id}/withdrawal",
                        json={"reason": "撤销立案", "withdrawn_on": "2025-09-20"},
                        headers=auth(cast, "head"))  # fmt: skip
    assert ended.status_code == 201, ended.text


def upload_pdf(client: TestClient, cast: Cast, case_id: object) -> Any:
    return client.post(
        "/v1/evidence", params={"purpose": "case", "case_id": str(case_id)},
        content=b"%PDF-1.4 evidence " + os.urandom(32),
        headers=auth(cast, "a") | {"Content-Type": "application/pdf"},
    )  # fmt: skip


def test_evidence_is_uploaded_only_while_the_case_still_takes_steps(
    client: TestClient, cast: Cast, jz: Jianzheng
) -> None:
    """Attack 2 #13 (R-SV-2): after 撤销立案 an upload for the case is refused 409
    ``case-already-ended`` and nothing is stored; a decided case still takes evidence for its
    service and execution, until it is closed (409 ``case-closed``)."""
    ended = open_case(jz, cast)
    jz.cases.lifecycle.withdraw(cast.head, ended, reason="不应立案")
    count = jz.store.event_count()
    refused(upload_pdf(client, cast, ended), 409, "case-already-ended")
    assert jz.store.event_count() == count
    decided = open_case(jz, cast)
    jz.cases.decide(cast.head, decided, draft(jz, cast, decided, "warning"))
    assert upload_pdf(client, cast, decided).status_code == 201
    jz.cases.lifecycle.record_service(cast.officer_a, decided, method="direct", documents=[])
    jz.cases.lifecycle.exempt_publication(
        cast.head, decided, ground="no_social_impact", reason="警告"
    )
    jz.cases.lifecycle.record_execution(
        cast.officer_a, decided, status="nothing_to_execute", note="", documents=[]
    )
    jz.cases.close(cast.head, decided, "结案")
    count = jz.store.event_count()
    refused(upload_pdf(client, cast, decided), 409, "case-closed")
    assert jz.store.event_count() == count


def test_a_crime_finding_stands_past_a_new_draft_until_a_later_opinion_clears_it(
    client: TestClient, cast: Cast, jz: Jianzheng
) -> None:
    """Attack 2 #7 (R-LR-4; 行政处罚法 第27条, 第57条第1款第(四)项): the legal review of draft 1
    found a crime suspected; the officers submit a smaller draft 2, which needs no review. A
    decision on draft 2 and 不予处罚 are still refused 409 ``crime-transfer-required``
    (nothing stored but the blocked attempt); a later opinion that passes draft 2 and finds
    no crime clears it, and the decision is then made."""
    case_id = open_case(jz, cast)
    first = draft(jz, cast, case_id, "fine", fine_fen=50000)
    review_id, _ = jz.cases.request_review(cast.officer_a, case_id, first)
    jz.cases.record_opinion(
        cast.reviewer, case_id, review_id, result="passed",
        items=opinion_items(True, crime_suspected=True), signature="赵法制",
    )  # fmt: skip
    second = draft(jz, cast, case_id, "fine", fine_fen=40000)
    url = f"/v1/cases/{case_id}"
    decision = client.post(f"{url}/decision", json={"draft_hash": second},
                           headers=auth(cast, "head"))  # fmt: skip
    refused(decision, 409, "crime-transfer-required")
    assert "enforcement.DecisionMade" not in event_types(jz, case_id)
    before = event_types(jz, case_id)
    body = {"ground": "minor_corrected_no_harm", "reason": "轻微"}
    no_penalty = client.post(f"{url}/no-penalty", json=body, headers=auth(cast, "head"))
    refused(no_penalty, 409, "crime-transfer-required")
    assert event_types(jz, case_id) == before
    review(jz, cast, case_id, second, "passed")  # explicitly: crime_suspected false
    decided = client.post(f"{url}/decision", json={"draft_hash": second},
                          headers=auth(cast, "head"))  # fmt: skip
    assert decided.status_code == 201, decided.text


def test_two_registrations_of_one_number_at_once_store_one(jz: Jianzheng) -> None:
    """Attack 2 #2, race-safe (R-SV-4): two admins' registrations of one certificate number
    running at once store exactly one actor with it; the other is refused
    (``certificate-number-taken`` or, having lost the race on the claim, ``chain-conflict``)."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def register_one(name: str) -> None:
        barrier.wait(timeout=30)
        try:
            jz.register_actor(OPERATOR, name=name, role="officer", agency=AGENCY,
                              jurisdiction=AREA, certificate="鲁执-RACE",
                              valid_from="2020-01-01", valid_until="2035-12-31")  # fmt: skip
            outcomes.append("stored")
        except errors.JianzhengError as refusal:
            outcomes.append(refusal.code)

    threads = [threading.Thread(target=register_one, args=(n,)) for n in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert outcomes.count("stored") == 1, outcomes
    assert len(outcomes) == 2, outcomes
    assert set(outcomes) - {"stored"} <= {"certificate-number-taken", "chain-conflict"}
    holders = {row.stream for row in jz.store.rows(topics=("actors.CertificateRecorded",))}
    numbered = [a for a in (jz.get_actor(UUID(h)) for h in holders)
                if any(c.number == "鲁执-RACE" for c in a.certificates)]  # fmt: skip
    assert len(numbered) == 1
