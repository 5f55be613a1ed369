"""How a case ends and closes, over HTTP on both backends (R-EN-5, R-EN-6, R-PB-2, R-LR-4):
endings approved by the agency head, closure refused with one code per missing fact,
deadlines stored in the events that start them, and the oversight deadline queue computed
against a date the test sets (``infra.clock.today``), never by sleeping."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from domain.records.workdays import add_calendar_days, add_working_days
from infra import clock
from infra.application import Jianzheng
from infra.settings import Settings
from tests.integration.casekit import AGENCY, AREA, Cast, inform_over_http

PROBLEM = "application/problem+json"


def auth(cast: Cast, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {cast.tokens[who]}"}


def open_case(client: TestClient, cast: Cast, filed_on: str) -> str:
    body = {
        "action_type": "penalty", "title": "某餐馆无证经营案", "agency": AGENCY,
        "jurisdiction": AREA, "officers": [cast.officer_a.actor_id, cast.officer_b.actor_id],
        "party": {"kind": "person", "name": "刘某"}, "filed_on": filed_on,
    }  # fmt: skip
    response = client.post("/v1/cases", json=body, headers=auth(cast, "a"))
    assert response.status_code == 201, response.text
    return str(response.json()["case_id"])


def decide(client: TestClient, cast: Cast, case: str, decided_on: str, **draft: Any) -> None:
    """A minor draft (a warning, unless ``draft`` says otherwise) decided by the head, after
    the officers showed their credentials and informed the party (R-EN-4)."""
    inform_over_http(client, cast.tokens["a"], case)
    basis = "《食品安全法》第一百二十二条"
    body = {"measures": ["warning"], "facts": "无证经营", "legal_basis": basis, **draft}
    submitted = client.post(f"/v1/cases/{case}/drafts", json=body, headers=auth(cast, "a"))
    assert submitted.status_code == 201, submitted.text
    decided = client.post(
        f"/v1/cases/{case}/decision",
        json={"draft_hash": submitted.json()["draft_hash"], "decided_on": decided_on},
        headers=auth(cast, "head"),
    )
    assert decided.status_code == 201, decided.text


def events(client: TestClient, cast: Cast, case: str) -> list[str]:
    answer = client.get(f"/v1/cases/{case}/events", headers=auth(cast, "a")).json()
    return [e["type"] for e in answer["events"]]


def queue(client: TestClient, cast: Cast, **params: Any) -> list[tuple[str, str, str, str]]:
    answer = client.get("/v1/oversight/deadlines", params=params, headers=auth(cast, "oversight"))
    assert answer.status_code == 200, answer.text
    return [(d["case_id"], d["kind"], d["due_on"], d["status"]) for d in answer.json()["deadlines"]]


def test_a_decision_closes_only_after_service_publication_and_execution(
    client: TestClient, cast: Cast
) -> None:
    """R-EN-6, R-PB-2: the refusal's code is the first missing fact, ``also`` the others;
    filed 5 Jul 2025 → decision due 9 Oct (the 90th day, 3 Oct, is in National Day);
    decided Mon 29 Sep → service due Wed 15 Oct (7 working days across the holiday)."""
    case = open_case(client, cast, "2025-07-05")
    decide(client, cast, case, "2025-09-29")
    state = client.get(f"/v1/cases/{case}", headers=auth(cast, "a")).json()
    assert state["deadlines"]["decision"]["due_on"] == "2025-10-09"
    assert state["deadlines"]["decision"]["on_time"] is True
    assert state["deadlines"]["service"]["due_on"] == "2025-10-15"
    assert (state["ending"]["kind"], state["closable"]) == ("decided", False)
    assert state["missing"] == ["service-missing", "publication-missing", "execution-missing"]

    before = events(client, cast, case)
    refused = client.post(
        f"/v1/cases/{case}/closure", json={"reason": "结案"}, headers=auth(cast, "head")
    )
    assert (refused.status_code, refused.headers["content-type"]) == (409, PROBLEM)
    problem = refused.json()
    assert problem["code"] == "service-missing"
    assert problem["also"] == ["publication-missing", "execution-missing"]
    assert [m["rule"] for m in problem["missing"]] == ["R-EN-6", "R-PB-2", "R-AV-1"]
    assert events(client, cast, case) == before

    served = client.post(
        f"/v1/cases/{case}/service", json={"method": "post", "served_on": "2025-10-15"},
        headers=auth(cast, "b"),
    )  # fmt: skip
    assert served.status_code == 201, served.text
    exempt = client.post(
        f"/v1/cases/{case}/publication-exemption",
        json={"ground": "no_social_impact", "reason": "警告，不具有一定社会影响"},
        headers=auth(cast, "head"),
    )
    assert exempt.status_code == 201, exempt.text
    executed = client.post(
        f"/v1/cases/{case}/execution", json={"status": "nothing_to_execute"},
        headers=auth(cast, "a"),
    )  # fmt: skip
    assert executed.status_code == 201, executed.text
    closed = client.post(
        f"/v1/cases/{case}/closure", json={"reason": "结案"}, headers=auth(cast, "head")
    )
    assert closed.status_code == 201, closed.text
    state = client.get(f"/v1/cases/{case}", headers=auth(cast, "a")).json()
    assert (state["stage"], state["service"]["on_time"], state["missing"]) == ("closed", True, [])


def test_no_penalty_needs_the_head_and_then_closes_without_further_facts(
    client: TestClient, cast: Cast
) -> None:
    """不予处罚 (行政处罚法 第33条): an officer is refused (403, nothing recorded); the head's
    approval ends the case, which may then be closed."""
    case = open_case(client, cast, "2025-07-05")
    body = {"ground": "first_offence_corrected", "reason": "初次违法，及时改正",
            "decided_on": "2025-08-01"}  # fmt: skip
    before = events(client, cast, case)
    by_officer = client.post(f"/v1/cases/{case}/no-penalty", json=body, headers=auth(cast, "a"))
    assert (by_officer.status_code, by_officer.json()["code"]) == (
        403, "agency-head-approval-required",
    )  # fmt: skip
    assert events(client, cast, case) == before
    by_head = client.post(f"/v1/cases/{case}/no-penalty", json=body, headers=auth(cast, "head"))
    assert by_head.status_code == 201, by_head.text
    assert by_head.json()["events"][0]["type"] == "enforcement.NoPenaltyDecided"
    again = client.post(
        f"/v1/cases/{case}/withdrawal", json={"reason": "撤销"}, headers=auth(cast, "head")
    )
    assert (again.status_code, again.json()["code"]) == (409, "case-already-ended")
    closed = client.post(
        f"/v1/cases/{case}/closure", json={"reason": "不予处罚，结案"}, headers=auth(cast, "head")
    )
    assert closed.status_code == 201, closed.text
    ending = client.get(f"/v1/cases/{case}", headers=auth(cast, "a")).json()["ending"]
    assert (ending["kind"], ending["ground"]) == ("no_penalty", "first_offence_corrected")


def test_a_transfer_refuses_bad_input_in_the_users_words(client: TestClient, cast: Cast) -> None:
    """移送 (R-LR-4): an unknown kind lists the allowed ones, a bad hash names its member; a
    good request ends the case."""
    case = open_case(client, cast, "2025-07-05")
    good = {"kind": "judicial", "receiving_body": "淄博市公安局张店分局", "reason": "涉嫌犯罪",
            "documents": [{"sha256": "ab" * 32, "title": "涉嫌犯罪案件移送书"}],
            "transferred_on": "2025-08-02"}  # fmt: skip
    unknown = client.post(
        f"/v1/cases/{case}/transfer", json={**good, "kind": "police"}, headers=auth(cast, "head")
    )
    assert (unknown.status_code, unknown.json()["code"]) == (422, "unknown-term")
    assert unknown.json()["allowed"] == ["judicial", "jurisdiction"]
    bad_hash = client.post(
        f"/v1/cases/{case}/transfer",
        json={**good, "documents": [{"sha256": "XYZ", "title": "移送书"}]},
        headers=auth(cast, "head"),
    )
    assert (bad_hash.status_code, bad_hash.json()["code"]) == (422, "invalid-document-hash")
    assert bad_hash.json()["field"] == "documents[0].sha256"
    done = client.post(f"/v1/cases/{case}/transfer", json=good, headers=auth(cast, "head"))
    assert done.status_code == 201, done.text
    assert events(client, cast, case)[-1] == "enforcement.CaseTransferred"


def test_the_oversight_queue_shows_deadlines_due_soon_and_overdue(
    client: TestClient, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R-EN-5, R-EN-6: on Mon 13 Oct 2025 a case filed 30 Jun (due Sun 28 Sep, an adjusted
    working day) is overdue; a decision of 29 Sep is due to be served by 15 Oct (due soon
    within 5 days, later within 1); once served it leaves the queue. An extension asked on
    16 Oct, after the limit ran out, is refused; approved on 26 Sep it moves the case back
    on time."""
    late = open_case(client, cast, "2025-06-30")
    decided = open_case(client, cast, "2025-07-05")
    decide(client, cast, decided, "2025-09-29")
    monkeypatch.setattr(clock, "today", lambda: date(2025, 10, 13))
    assert queue(client, cast) == [
        (late, "decision", "2025-09-28", "overdue"),
        (decided, "service", "2025-10-15", "due_soon"),
    ]
    assert queue(client, cast, within_days=1) == [(late, "decision", "2025-09-28", "overdue")]
    assert queue(client, cast, kind="service", status="due_soon") == [
        (decided, "service", "2025-10-15", "due_soon")
    ]
    monkeypatch.setattr(clock, "today", lambda: date(2025, 10, 16))
    assert queue(client, cast, kind="service") == [(decided, "service", "2025-10-15", "overdue")]
    client.post(
        f"/v1/cases/{decided}/service", json={"method": "direct", "served_on": "2025-10-16"},
        headers=auth(cast, "a"),
    )  # fmt: skip
    assert queue(client, cast, kind="service") == []
    extension = {"reason": "案情复杂，经负责人批准延长", "due_on": "2025-10-28"}
    url = f"/v1/cases/{late}/decision-deadline/extensions"
    expired = client.post(url, json=extension, headers=auth(cast, "head"))
    assert (expired.status_code, expired.json()["code"]) == (409, "extension-after-expiry")
    monkeypatch.setattr(clock, "today", lambda: date(2025, 9, 26))  # approved while it ran
    extended = client.post(url, json=extension, headers=auth(cast, "head"))
    assert extended.status_code == 201, extended.text
    monkeypatch.setattr(clock, "today", lambda: date(2025, 10, 16))
    assert queue(client, cast, kind="decision") == []  # 28 Oct is 12 days ahead: later
    assert queue(client, cast, kind="decision", status="on_time") == [
        (late, "decision", "2025-10-28", "on_time")
    ]


def test_a_published_decision_set_aside_after_closure_is_withdrawn_within_3_working_days(
    client: TestClient, cast: Cast, jz: Jianzheng, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R-PB-2 (第48条第2款): revoked by a court on Tue 30 Sep 2025, after closure; the
    withdrawal is due Sat 11 Oct (an adjusted working day), shows in the queue, and is
    recorded late on 13 Oct."""
    case = open_case(client, cast, "2025-07-05")
    decide(client, cast, case, "2025-09-29")
    jz.cases.publish(cast.officer_a, UUID(case), channel="公示平台", summary="刘某无证经营，警告",
                     published_on="2025-09-29")  # fmt: skip
    for path, body in (
        ("service", {"method": "on_the_spot", "served_on": "2025-09-29"}),
        ("execution", {"status": "nothing_to_execute", "executed_on": "2025-09-29"}),
        ("closure", {"reason": "结案"}),
        ("set-aside", {"how": "revoked", "authority": "court",
                       "reference": "(2025)鲁0303行初88号", "set_aside_on": "2025-09-30"}),
    ):  # fmt: skip
        answer = client.post(f"/v1/cases/{case}/{path}", json=body, headers=auth(cast, "head"))
        assert answer.status_code == 201, (path, answer.text)
    monkeypatch.setattr(clock, "today", lambda: date(2025, 10, 13))
    assert queue(client, cast, kind="withdrawal") == [(case, "withdrawal", "2025-10-11", "overdue")]
    withdrawn = client.post(
        f"/v1/cases/{case}/publication/withdrawal",
        json={"reason": "该决定已被人民法院判决撤销", "withdrawn_on": "2025-10-13"},
        headers=auth(cast, "a"),
    )
    assert withdrawn.status_code == 201, withdrawn.text
    state = client.get(f"/v1/cases/{case}", headers=auth(cast, "a")).json()
    assert state["deadlines"]["withdrawal"]["on_time"] is False
    assert queue(client, cast, kind="withdrawal") == []
    assert jz.verify().ok  # every new event is chained and logged like the others (R-AV-4)


STORED = Path(__file__).resolve().parents[1] / "fixtures" / "stored-store-395df48"


def test_a_case_stored_before_due_dates_computes_them_on_load(tmp_path: Path) -> None:
    """Old stores keep working: the closed case of the store written at 395df48 (SQLite
    only, as in ``test_stored_store``) shows its decision and service deadlines computed on
    load from its dates, ``computed_on_load``; after ``projections rebuild`` the queue does
    not list the unmet service of a case closed before closure needed it."""
    shutil.copytree(STORED / "store", tmp_path / "store")
    made_with = json.loads((STORED / "settings.json").read_text("utf-8"))
    ids = json.loads((STORED / "ids.json").read_text("utf-8"))
    tokens = json.loads((STORED / "tokens.json").read_text("utf-8"))
    settings = Settings(data_dir=tmp_path / "store", log_origin=made_with["JIANZHENG_LOG_ORIGIN"])
    jz = Jianzheng(settings)
    try:
        jz.views.rebuild(["oversight"])
        with TestClient(create_app(jianzheng=jz)) as client:
            officer = {"Authorization": f"Bearer {tokens['officer_a']}"}
            state = client.get(f"/v1/cases/{ids['case']}", headers=officer).json()
            filed = date.fromisoformat(state["filed_on"])
            decided = date.fromisoformat(state["decision"]["decided_on"])
            decision, service = state["deadlines"]["decision"], state["deadlines"]["service"]
            assert (decision["source"], service["source"]) == ("computed_on_load",) * 2
            assert decision["due_on"] == add_calendar_days(filed, 90).due.isoformat()
            assert service["due_on"] == add_working_days(decided, 7).due.isoformat()
            assert (state["stage"], state["ending"]["kind"]) == ("closed", "decided")
            oversight = {"Authorization": f"Bearer {tokens['oversight']}"}
            answer = client.get(
                "/v1/oversight/deadlines", params={"status": "overdue"}, headers=oversight
            )
            assert answer.status_code == 200, answer.text
            assert [d for d in answer.json()["deadlines"] if d["case_id"] == ids["case"]] == []
            docs = jz.views.documents("oversight", "deadlines")
            assert {d["kind"]: d["source"] for d in docs if d["case_id"] == ids["case"]} == {
                "decision": "computed_on_load", "service": "computed_on_load",
            }  # fmt: skip
    finally:
        jz.close()
