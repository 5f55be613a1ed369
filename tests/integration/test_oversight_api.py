"""Oversight over HTTP on both backends: complaints as their own sealed streams with a reply
deadline and a queue (R-SV-3), sanctions on officers that bar them at once (R-SV-4, R-EN-3),
and scored case-file reviews (R-SV-1)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from domain.records.file_review import checklist
from infra.application import OPERATOR, Jianzheng
from infra.clock import today
from tests.integration.casekit import AGENCY, AREA, Cast, draft, review

PROBLEM = "application/problem+json"
COMPLAINANT = {"name": "刘投诉人", "contact": "13800138000"}
READ = {"reason": "投诉核查"}


def auth(cast: Cast, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {cast.tokens[who]}"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def open_case(client: TestClient, cast: Cast, officers: list[str] | None = None) -> str:
    body = {
        "action_type": "penalty", "title": "某餐馆无证经营案", "agency": AGENCY,
        "jurisdiction": AREA, "party": {"kind": "person", "name": "刘某"},
        "officers": officers or [cast.officer_a.actor_id, cast.officer_b.actor_id],
    }  # fmt: skip
    response = client.post("/v1/cases", json=body, headers=auth(cast, "a"))
    assert response.status_code == 201, response.text
    return str(response.json()["case_id"])


def handler(jz: Jianzheng, name: str = "区司法局监督股") -> tuple[str, str]:
    """A second oversight actor, of the case's county: (actor id, token)."""
    registered = jz.register_actor(
        OPERATOR, name=name, role="oversight", agency="张店区司法局", jurisdiction=AREA
    )
    return str(registered.actor.id), registered.token


def receive(client: TestClient, cast: Cast, **extra: Any) -> Any:
    body = {"channel": "hotline_12345", "complainant": COMPLAINANT,
            "summary": "执法人员未出示证件即进行检查", **extra}  # fmt: skip
    return client.post("/v1/complaints", json=body, headers=auth(cast, "oversight"))


def post(client: TestClient, url: str, body: Any, headers: dict[str, str]) -> Any:
    return client.post(url, json=body, headers=headers)


def handle(client: TestClient, complaint: str, headers: dict[str, str], outcome: str) -> None:
    """Findings and an outcome by the handler."""
    found = post(client, f"/v1/complaints/{complaint}/findings",
                 {"findings": "调取执法记录仪，情况属实"}, headers)  # fmt: skip
    assert found.status_code == 201, found.text
    done = post(client, f"/v1/complaints/{complaint}/outcome",
                {"outcome": outcome, "reason": "责令改正"}, headers)  # fmt: skip
    assert done.status_code == 201, done.text


def scores(**deductions: int) -> dict[str, Any]:
    return {
        item.code: {"points": item.max_points - deductions.get(item.code, 0),
                    "finding": "存在问题" if item.code in deductions else "符合要求"}
        for item in checklist()
    }  # fmt: skip


def test_a_complaint_runs_its_course_and_the_case_lists_it_without_the_complainant(
    client: TestClient, cast: Cast, jz: Jianzheng
) -> None:
    """R-SV-3: intake with a due date, assignment, findings, outcome, reply on time; the case
    answer lists the complaint's id and status, and nothing of the complainant (R-RP-3)."""
    case = open_case(client, cast)
    handler_id, handler_token = handler(jz)
    received = receive(client, cast, case_id=case, officers=[cast.officer_b.actor_id])
    assert received.status_code == 201, received.text
    complaint = received.json()["complaint_id"]
    assert received.json()["due_on"] == (today() + timedelta(days=60)).isoformat()
    assigned = post(client, f"/v1/complaints/{complaint}/assignment",
                    {"assignee": handler_id}, auth(cast, "oversight"))  # fmt: skip
    assert assigned.status_code == 201, assigned.text
    handle(client, complaint, bearer(handler_token), "substantiated")
    replied = post(client, f"/v1/complaints/{complaint}/reply",
                   {"channel": "letter", "summary": "已书面答复处理结果"},
                   bearer(handler_token))  # fmt: skip
    assert replied.status_code == 201, replied.text
    seen = client.get(f"/v1/complaints/{complaint}", headers=bearer(handler_token)).json()
    assert seen["complainant"] == COMPLAINANT
    assert (seen["stage"], seen["reply"]["on_time"]) == ("replied", True)
    state = client.get(f"/v1/cases/{case}", params=READ, headers=auth(cast, "oversight"))
    assert state.status_code == 200, state.text
    (listed,) = state.json()["complaints"]
    assert (listed["complaint_id"], listed["stage"], listed["outcome"]) == (
        complaint, "replied", "substantiated",
    )  # fmt: skip
    officer_view = client.get(f"/v1/cases/{case}", headers=auth(cast, "a")).text
    assert COMPLAINANT["name"] not in officer_view
    assert complaint in officer_view
    assert jz.verify().ok


def test_the_complainant_is_hidden_from_other_oversight_and_sealed_at_rest(
    client: TestClient, cast: Cast, jz: Jianzheng
) -> None:
    """R-RP-3 for complainants: an oversight actor who neither received nor handles the
    complaint, and the admin, read it without them; the stored bytes never show them."""
    received = receive(client, cast, jurisdiction=AREA)
    assert received.status_code == 201, received.text
    complaint = received.json()["complaint_id"]
    _, other_token = handler(jz, "另一监督员")
    other = client.get(f"/v1/complaints/{complaint}", headers=bearer(other_token)).json()
    assert other["complainant"] is None
    assert other["complainant_hidden"] is True
    assert COMPLAINANT["name"] not in str(other)
    mine = client.get(f"/v1/complaints/{complaint}", headers=auth(cast, "oversight")).json()
    assert mine["complainant"] == COMPLAINANT
    officer = client.get(f"/v1/complaints/{complaint}", headers=auth(cast, "a"))
    assert (officer.status_code, officer.headers["content-type"]) == (403, PROBLEM)
    rows = [r for r in jz.store.rows() if str(r.stream) == complaint]
    assert rows
    assert all(COMPLAINANT["name"].encode() not in bytes(r.state) for r in rows)
    queue = client.get("/v1/oversight/complaints", headers=auth(cast, "oversight")).text
    assert COMPLAINANT["name"] not in queue
    assert complaint in queue


def test_the_queue_shows_open_due_soon_overdue_and_replied_complaints(
    client: TestClient, cast: Cast, jz: Jianzheng
) -> None:
    """R-SV-3: the due date stored at intake decides overdue and due soon, against today."""
    day = today()
    fresh = receive(client, cast, jurisdiction=AREA).json()["complaint_id"]
    soon_on = (day - timedelta(days=55)).isoformat()
    soon = receive(client, cast, jurisdiction=AREA, received_on=soon_on).json()["complaint_id"]
    late_on = (day - timedelta(days=90)).isoformat()
    late = receive(client, cast, jurisdiction=AREA, received_on=late_on).json()["complaint_id"]

    def listed(status: str | None = None) -> list[str]:
        params = {"status": status} if status else {}
        answer = client.get("/v1/oversight/complaints", params=params,
                            headers=auth(cast, "oversight"))  # fmt: skip
        assert answer.status_code == 200, answer.text
        return [c["complaint_id"] for c in answer.json()["complaints"]]

    assert listed("overdue") == [late]
    assert listed("due_soon") == [soon]
    assert listed("open") == [late, soon, fresh]  # most urgent first
    assert listed("replied") == []
    named = receive(client, cast, jurisdiction=AREA, officers=[cast.officer_a.actor_id])
    by_officer = client.get("/v1/oversight/complaints", headers=auth(cast, "oversight"),
                            params={"officer": cast.officer_a.actor_id}).json()  # fmt: skip
    assert [c["complaint_id"] for c in by_officer["complaints"]] == [named.json()["complaint_id"]]
    bad = client.get("/v1/oversight/complaints", params={"status": "late"},
                     headers=auth(cast, "oversight"))  # fmt: skip
    assert (bad.status_code, bad.headers["content-type"]) == (422, PROBLEM)
    elsewhere = jz.register_actor(
        OPERATOR, name="外市监督", role="oversight", agency="某市司法局", jurisdiction="370500"
    )
    assert client.get("/v1/oversight/complaints",
                      headers=bearer(elsewhere.token)).json()["complaints"] == []  # fmt: skip


def test_a_complaint_naming_what_is_not_on_record_is_refused_and_nothing_is_stored(
    client: TestClient, cast: Cast, jz: Jianzheng
) -> None:
    """R-SV-3: the case and the officers named must exist; refusals name the field."""
    before = sum(1 for _ in jz.store.rows())
    ghost = "00000000-0000-4000-8000-000000000001"
    no_case = receive(client, cast, case_id=ghost)
    assert (no_case.status_code, no_case.json()["code"], no_case.json()["field"]) == (
        422, "complaint-subject-not-found", "case_id",
    )  # fmt: skip
    no_officer = receive(client, cast, jurisdiction=AREA, officers=[cast.head.actor_id])
    assert (no_officer.json()["code"], no_officer.json()["field"]) == (
        "complaint-subject-not-found", "officers[0]",
    )  # fmt: skip
    channel = receive(client, cast, jurisdiction=AREA, channel="wechat")
    assert (channel.status_code, channel.json()["code"]) == (422, "unknown-term")
    assert sum(1 for _ in jz.store.rows()) == before


def test_complaint_steps_out_of_order_are_refused_with_409(
    client: TestClient, cast: Cast, jz: Jianzheng
) -> None:
    """R-SV-3: no outcome before findings, no reply before the outcome, no second outcome."""
    complaint = receive(client, cast, jurisdiction=AREA).json()["complaint_id"]
    me = auth(cast, "oversight")
    post(
        client, f"/v1/complaints/{complaint}/assignment", {"assignee": cast.oversight.actor_id}, me
    )
    early = post(client, f"/v1/complaints/{complaint}/outcome",
                 {"outcome": "unsubstantiated", "reason": "查无实据"}, me)  # fmt: skip
    assert (early.status_code, early.json()["code"]) == (409, "complaint-step-out-of-order")
    reply = post(client, f"/v1/complaints/{complaint}/reply",
                 {"channel": "phone", "summary": "答复"}, me)  # fmt: skip
    assert reply.json()["code"] == "complaint-step-out-of-order"
    handle(client, complaint, me, "unsubstantiated")
    again = post(client, f"/v1/complaints/{complaint}/outcome",
                 {"outcome": "substantiated", "reason": "改判"}, me)  # fmt: skip
    assert (again.status_code, again.json()["code"]) == (409, "complaint-step-out-of-order")


def test_a_suspension_citing_a_scored_review_bars_the_officer_at_once_and_shows_everywhere(
    client: TestClient, cast: Cast, jz: Jianzheng
) -> None:
    """R-SV-4, R-EN-3, R-SV-1: oversight scores the case file, then suspends officer B's
    certificate citing that review; from that moment B is neither assigned nor acts, and the
    sanction shows on the actor, on /v1/me and in the case answer."""
    case = open_case(client, cast)
    scored = post(client, f"/v1/cases/{case}/scored-file-reviews",
                  {"items": scores(procedure_lawful=12, documents_standard=5)},
                  auth(cast, "oversight"))  # fmt: skip
    assert scored.status_code == 201, scored.text
    assert (scored.json()["score"], scored.json()["rating"]) == (83, "qualified")
    review = scored.json()["review_id"]
    until = (today() + timedelta(days=90)).isoformat()
    body = {"kind": "certificate_suspension", "reason": "程序违法，暂扣执法证件三个月",
            "basis": {"kind": "file_review", "case_id": case, "review_id": review},
            "effective_until": until}  # fmt: skip
    officer_b = cast.officer_b.actor_id
    done = post(client, f"/v1/actors/{officer_b}/sanctions", body, auth(cast, "oversight"))
    assert done.status_code == 201, done.text
    refused = client.post("/v1/cases", headers=auth(cast, "a"), json={
        "action_type": "penalty", "title": "另一案", "agency": AGENCY, "jurisdiction": AREA,
        "party": {"kind": "person", "name": "王某"},
        "officers": [cast.officer_a.actor_id, officer_b]})  # fmt: skip
    assert (refused.status_code, refused.json()["code"]) == (403, "certificate-sanctioned")
    step = client.post(f"/v1/cases/{case}/steps", headers=auth(cast, "b"), json={
        "kind": "other", "summary": "补充调查"})  # fmt: skip
    assert (step.status_code, step.json()["code"]) == (403, "certificate-sanctioned")
    me = client.get("/v1/me", headers=auth(cast, "b")).json()
    assert [(s["kind"], s["in_force"]) for s in me["sanctions"]] == [
        ("certificate_suspension", True)
    ]
    admin = jz.register_actor(OPERATOR, name="管理员二", role="admin", agency="x", jurisdiction="*")
    shown = client.get(f"/v1/actors/{officer_b}", headers=bearer(admin.token)).json()
    assert shown["sanctions"][0]["effective_until"] == until
    state = client.get(f"/v1/cases/{case}", headers=auth(cast, "a")).json()
    (entry,) = state["officer_sanctions"]
    assert entry["actor_id"] == officer_b
    assert entry["sanctions"][0]["basis"]["review_id"] == review
    assert state["oversight"][-1]["rating"] == "qualified"


def test_a_sanction_must_cite_a_finding_on_record_about_this_officer(
    client: TestClient, cast: Cast, jz: Jianzheng
) -> None:
    """R-SV-4: a review of another officer's case, a complaint without a substantiated
    outcome, a review that found no fault, a blocked decision that is not there — refused,
    naming the member; the officer's stream is unchanged."""
    case = open_case(client, cast)
    dual_case = open_case(client, cast, [cast.officer_a.actor_id, cast.dual.actor_id])
    me = auth(cast, "oversight")
    faulty = post(client, f"/v1/cases/{dual_case}/scored-file-reviews",
                  {"items": scores(facts_clear=10)}, me).json()["review_id"]  # fmt: skip
    perfect = post(client, f"/v1/cases/{case}/scored-file-reviews",
                   {"items": scores()}, me).json()["review_id"]  # fmt: skip
    complaint = receive(client, cast, case_id=case).json()["complaint_id"]
    post(
        client, f"/v1/complaints/{complaint}/assignment", {"assignee": cast.oversight.actor_id}, me
    )
    handle(client, complaint, me, "unsubstantiated")
    officer_b = cast.officer_b.actor_id
    seq_before = jz.get_actor(UUID(officer_b)).version
    cases = [
        ({"kind": "file_review", "case_id": dual_case, "review_id": faulty}, "basis.case_id"),
        ({"kind": "file_review", "case_id": case, "review_id": perfect}, "basis.review_id"),
        ({"kind": "complaint", "complaint_id": complaint}, "basis.complaint_id"),
        ({"kind": "blocked_decision", "case_id": case, "seq": 1}, "basis.seq"),
    ]
    for basis, field in cases:
        body = {"kind": "public_criticism", "reason": "通报", "basis": basis}
        answer = post(client, f"/v1/actors/{officer_b}/sanctions", body, me)
        assert (answer.status_code, answer.json()["code"], answer.json()["field"]) == (
            422, "sanction-basis-invalid", field,
        ), basis  # fmt: skip
    assert jz.get_actor(UUID(officer_b)).version == seq_before
    criticised = post(client, f"/v1/actors/{cast.dual.actor_id}/sanctions",
                      {"kind": "public_criticism", "reason": "事实不清，通报批评",
                       "basis": cases[0][0]}, me)  # fmt: skip
    assert criticised.status_code == 201, criticised.text
    officer = post(client, f"/v1/actors/{officer_b}/sanctions",
                   {"kind": "public_criticism", "reason": "通报", "basis": cases[0][0]},
                   auth(cast, "a"))  # fmt: skip
    assert (officer.status_code, officer.headers["content-type"]) == (403, PROBLEM)


def test_a_withdrawal_citing_a_blocked_decision_the_officer_attempted_is_recorded(
    client: TestClient, cast: Cast, jz: Jianzheng
) -> None:
    """R-SV-4 with R-LR-8: officer B tried to decide a major draft himself (refused: only the
    head decides, R-EN-7); the attempt was
    recorded as DecisionBlocked, and oversight withdraws B's certificate citing that event.
    From then on B acts on no case; the withdrawal is not repeated."""
    case = open_case(client, cast)
    hashed = draft(jz, cast, UUID(case), "licence_revocation")
    review(jz, cast, UUID(case), hashed, "passed")
    attempt = post(client, f"/v1/cases/{case}/decision", {"draft_hash": hashed}, auth(cast, "b"))
    assert attempt.status_code == 403, attempt.text
    (blocked,) = attempt.json()["recorded"]
    assert blocked["type"] == "enforcement.DecisionBlocked"
    wrong = post(client, f"/v1/actors/{cast.officer_a.actor_id}/sanctions", {
        "kind": "certificate_withdrawal", "reason": "x",
        "basis": {"kind": "blocked_decision", "case_id": case, "seq": blocked["seq"] - 1}},
        auth(cast, "oversight"))  # fmt: skip
    assert (wrong.json()["code"], wrong.json()["field"]) == ("sanction-basis-invalid", "basis.seq")
    officer_b = cast.officer_b.actor_id
    basis = {"kind": "blocked_decision", "case_id": case, "seq": blocked["seq"]}
    body = {"kind": "certificate_withdrawal", "reason": "擅自作出重大决定", "basis": basis}
    done = post(client, f"/v1/actors/{officer_b}/sanctions", body, auth(cast, "oversight"))
    assert done.status_code == 201, done.text
    again = post(client, f"/v1/actors/{officer_b}/sanctions", body, auth(cast, "oversight"))
    assert (again.status_code, again.json()["code"]) == (409, "rule-violation")
    step = client.post(f"/v1/cases/{case}/steps", headers=auth(cast, "b"),
                       json={"kind": "other", "summary": "补充调查"})  # fmt: skip
    assert (step.status_code, step.json()["code"]) == (403, "certificate-sanctioned")
    mine = client.get("/v1/me", headers=auth(cast, "b")).json()["sanctions"]
    assert [(s["kind"], s["effective_until"], s["in_force"]) for s in mine] == [
        ("certificate_withdrawal", None, True)
    ]
