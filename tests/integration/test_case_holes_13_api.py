"""Holes of issue 13 closed, over HTTP on SQLite and PostgreSQL: a case that ended takes only
what its ending allows (R-EN-5), a penalty decision needs the party informed on record first
(R-EN-4), a step needs two officers present (R-EN-3), and a parent's detention is in the
child's court bundle and read by other departments with a recorded reason (R-GD-7, R-AC-3).
"""

from __future__ import annotations

import base64
import json
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from domain.proof.bundle import verify_bundle
from infra.application import OPERATOR, Jianzheng
from tests.integration.casekit import AGENCY, AREA, INFORMED_STEP, Cast, inform_over_http
from tests.integration.test_child_court_bundle import REASON, edited, export, log_key, me
from tests.integration.test_children_api import People, post, story

PROBLEM = "application/problem+json"
DRAFT = {
    "measures": ["warning"],
    "facts": "无证经营",
    "legal_basis": "《食品安全法》第一百二十二条",
}


def auth(cast: Cast, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {cast.tokens[who]}"}


def open_case(client: TestClient, cast: Cast) -> str:
    body = {
        "action_type": "penalty", "title": "某餐馆无证经营案", "agency": AGENCY,
        "jurisdiction": AREA, "officers": [cast.officer_a.actor_id, cast.officer_b.actor_id],
        "party": {"kind": "person", "name": "刘某"},
    }  # fmt: skip
    answer = client.post("/v1/cases", json=body, headers=auth(cast, "a"))
    assert answer.status_code == 201, answer.text
    return str(answer.json()["case_id"])


def submit(client: TestClient, cast: Cast, case: str, **body: Any) -> str:
    answer = client.post(
        f"/v1/cases/{case}/drafts", json={**DRAFT, **body}, headers=auth(cast, "a")
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["draft_hash"])


def refused(answer: Any, status: int, code: str) -> dict[str, Any]:
    assert (answer.status_code, answer.json().get("code")) == (status, code), answer.text
    assert answer.headers["content-type"].startswith(PROBLEM)
    problem: dict[str, Any] = answer.json()
    return problem


# -- R-EN-3 ----------------------------------------------------------------------------------------


def test_a_step_with_one_officer_present_is_refused_over_http_r_en_3(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-EN-3 (行政处罚法 第42条): ``present`` naming one officer is 422 two-officers-required on
    ``present``, and the store is unchanged; naming both records the step."""
    case = open_case(client, cast)
    before = jz.store.event_count()
    alone = {**INFORMED_STEP, "present": [cast.officer_a.actor_id]}
    problem = refused(
        client.post(f"/v1/cases/{case}/steps", json=alone, headers=auth(cast, "a")),
        422, "two-officers-required",
    )  # fmt: skip
    assert problem["field"] == "present"
    assert jz.store.event_count() == before
    both = {**alone, "present": [cast.officer_a.actor_id, cast.officer_b.actor_id]}
    answer = client.post(f"/v1/cases/{case}/steps", json=both, headers=auth(cast, "a"))
    assert answer.status_code == 201, answer.text
    steps = client.get(f"/v1/cases/{case}", headers=auth(cast, "a")).json()["steps"]
    assert steps[0]["present"] == sorted([cast.officer_a.actor_id, cast.officer_b.actor_id])


# -- R-EN-4 ----------------------------------------------------------------------------------------


def test_a_penalty_decision_without_the_party_informed_is_refused_r_en_4(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-EN-4 (行政处罚法 第44条、第55条): no ``credentials_shown`` step on record → 409
    credentials-shown-required, nothing stored for a minor draft; for a major draft the attempt
    is recorded as DecisionBlocked and shows in the oversight queue. With the step recorded
    before the draft, the minor draft is decided."""
    case = open_case(client, cast)
    hashed = submit(client, cast, case)
    before = jz.store.event_count()
    decide = {"draft_hash": hashed}
    refused(client.post(f"/v1/cases/{case}/decision", json=decide, headers=auth(cast, "head")),
            409, "credentials-shown-required")  # fmt: skip
    assert jz.store.event_count() == before

    major = submit(client, cast, case, measures=["licence_revocation"])
    problem = refused(
        client.post(f"/v1/cases/{case}/decision", json={"draft_hash": major},
                    headers=auth(cast, "head")),
        409, "credentials-shown-required",
    )  # fmt: skip
    assert problem["recorded"][0]["type"] == "enforcement.DecisionBlocked"
    queue = client.get("/v1/oversight/blocked-decisions", headers=auth(cast, "oversight")).json()
    assert [b["code"] for b in queue["blocked"]] == ["credentials-shown-required"]

    informed = open_case(client, cast)
    inform_over_http(client, cast.tokens["a"], informed)
    answer = client.post(f"/v1/cases/{informed}/decision",
                         json={"draft_hash": submit(client, cast, informed)},
                         headers=auth(cast, "head"))  # fmt: skip
    assert answer.status_code == 201, answer.text


# -- R-EN-5: what an ending allows -----------------------------------------------------------------


def test_after_a_withdrawal_only_closure_is_accepted_over_http(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-EN-5, R-AV-1: after 撤销立案 a step, a draft, a review, a decision and a service are 409
    case-already-ended naming closure as what remains, with nothing stored; closure works."""
    case = open_case(client, cast)
    inform_over_http(client, cast.tokens["a"], case)
    hashed = submit(client, cast, case)
    answer = client.post(f"/v1/cases/{case}/withdrawal", json={"reason": "不属本机关管辖"},
                         headers=auth(cast, "head"))  # fmt: skip
    assert answer.status_code == 201, answer.text
    before = jz.store.event_count()
    attempts = [
        ("steps", "a", {**INFORMED_STEP, "kind": "other"}),
        ("drafts", "a", DRAFT),
        ("reviews", "a", {"draft_hash": hashed}),
        ("decision", "head", {"draft_hash": hashed}),
        ("service", "a", {"method": "direct"}),
        ("execution", "a", {"status": "performed"}),
    ]
    for path, who, body in attempts:
        answer = client.post(f"/v1/cases/{case}/{path}", json=body, headers=auth(cast, who))
        problem = refused(answer, 409, "case-already-ended")
        assert problem.get("still_allowed") == ["closure"], (path, problem)
    assert jz.store.event_count() == before
    closed = client.post(f"/v1/cases/{case}/closure", json={"reason": "撤案结案"},
                         headers=auth(cast, "head"))  # fmt: skip
    assert closed.status_code == 201, closed.text


# -- R-GD-7: detentions in the court bundle and read with a recorded reason ---------------------


@pytest.fixture
def people(jz: Jianzheng) -> People:
    """The child-protection chain of village 370303001001, two police of the county, oversight,
    and courts here and elsewhere."""
    cast = {
        "village": ("village_committee", "370303001001"),
        "town": ("town_office", "370303001"),
        "civil": ("civil_affairs", "370303"),
        "police": ("police", "370303"),
        "police_2": ("police", "370303"),
        "police_elsewhere": ("police", "370305"),
        "school": ("reporter", "370303001001"),
        "court": ("court", "370303"),
        "court_elsewhere": ("court", "370305"),
        "oversight": ("oversight", "370300"),
        "oversight_elsewhere": ("oversight", "370500"),
    }
    tokens = {}
    for key, (role, area) in cast.items():
        tokens[key] = jz.register_actor(
            OPERATOR, name=f"{key}-actor", role=role, agency=f"{key}-agency", jurisdiction=area
        ).token
    return People(tokens)


def detained(client: TestClient, people: People) -> dict[str, str]:
    """The left-behind story up to the court's ruling, then the father's detention (the
    grandmother guards the child, so no care is arranged)."""
    ids = story(client, people)
    ids["detention"] = post(client, "/v1/detentions", "police", people, {
        "child_id": ids["child"], "parent": "father", "measure": "administrative_detention",
        "detained_at": "2026-11-25T10:00:00+08:00", "needs_care": False,
        "no_care_reason": "法院指定的监护人照料", "legal_basis": "治安管理处罚法; C4",
    })["detention_id"]  # fmt: skip
    return ids


def test_a_parents_detention_is_in_the_childs_court_bundle_complete_r_gd_7(
    client: TestClient, people: People, jz: Jianzheng
) -> None:
    """R-GD-7, R-GD-8: the court's bundle holds the detention's stream (role ``detention``),
    whole, listed in the heads; it verifies offline, and dropping its event is caught."""
    ids = detained(client, people)
    answer = export(client, people, ids["child"])
    assert answer.status_code == 200, answer.text
    bundle = json.loads(answer.content)
    found = [s for s in bundle["streams"] if s["role"] == "detention"]
    assert [(s["stream"], s["kind"]) for s in found] == [(ids["detention"], "detentions")]
    assert all("canonical" in e for e in found[0]["events"])  # nothing withheld
    report = verify_bundle(answer.content, log_key(jz))
    assert report.ok, report.problems
    first = json.loads(base64.b64decode(found[0]["events"][0]["canonical"]))
    assert (first["type"], first["data"]["child_id"]) == ("detentions.ParentDetained", ids["child"])

    def drop(b: dict[str, Any]) -> None:
        next(s for s in b["streams"] if s["role"] == "detention")["events"].pop()

    assert not verify_bundle(edited(answer.content, drop), log_key(jz)).ok


def test_police_oversight_and_the_court_read_a_detention_with_a_recorded_reason_r_gd_7(
    client: TestClient, people: People, jz: Jianzheng
) -> None:
    """R-GD-7, R-AC-3: the recording police and the child's staff read unrecorded; the area's
    other police, oversight and the court seized of a petition about the child read with
    ``?reason=``, each read recorded and shown to the staff; without a reason 422 and nothing
    stored; police, oversight and a court of another area are refused."""
    ids = detained(client, people)
    url = f"/v1/detentions/{ids['detention']}"
    before = jz.store.event_count()
    for who in ("police", "village"):
        assert client.get(url, headers=people.auth(who)).status_code == 200
    for who in ("police_2", "oversight", "court"):
        refused(client.get(url, headers=people.auth(who)), 422, "invalid-input")
    for who in ("police_elsewhere", "oversight_elsewhere", "court_elsewhere", "school"):
        answer = client.get(url, params={"reason": REASON}, headers=people.auth(who))
        assert answer.status_code == 403, (who, answer.text)
    assert jz.store.event_count() == before
    for who in ("police_2", "oversight", "court"):
        answer = client.get(url, params={"reason": REASON}, headers=people.auth(who))
        assert answer.status_code == 200, (who, answer.text)
        assert answer.json()["reads"] is None
        assert answer.json()["measure"] == "administrative_detention"
    reads = client.get(url, headers=people.auth("village")).json()["reads"]
    assert [(r["actor"], r["role"], r["what"], r["reason"]) for r in reads] == [
        (me(client, people, "police_2"), "police", "detention", REASON),
        (me(client, people, "oversight"), "oversight", "detention", REASON),
        (me(client, people, "court"), "court", "detention", REASON),
    ]


# -- projections/cases.py follows every case event -------------------------------------------------


def test_the_case_state_follows_every_event_of_a_case_and_its_seq_never_lags(
    jz: Jianzheng, cast: Cast
) -> None:
    """The ``case_state`` read model moves with the case's last event whatever it is — the
    heads' discussion, the ending, the closing facts, a linked complaint, a scored file review,
    a setting aside after closure — and shows them; a sanction resting on the case is listed
    on it without moving its ``seq``. Rebuilding from zero gives the same documents."""
    from projections.cases import CASE_EVENT_TYPES, CaseStates
    from tests.integration.casekit import draft, heads_discuss, open_case, review
    from tests.integration.test_authz_matrix import file_scores

    assert {f"enforcement.{n}" for n in ("CaseWithdrawn", "CaseFileScored", "ComplaintLinked")} <= (
        CASE_EVENT_TYPES
    )
    assert CaseStates.types >= CASE_EVENT_TYPES

    def state(case: Any) -> dict[str, Any]:
        jz.views.catch_up()
        doc = jz.views.document("case_state", "cases", str(case))
        assert doc is not None
        assert doc["seq"] == jz.cases._case(case).version, doc
        return doc

    case = open_case(jz, cast)
    hashed = draft(jz, cast, case, "licence_revocation")
    review(jz, cast, case, hashed, "passed")
    assert state(case)["reviews_passed"] == 1
    heads_discuss(jz, cast, case, hashed)
    assert state(case)["collective_discussions"] == 1
    jz.cases.decide(cast.head, case, hashed)
    life = jz.cases.lifecycle
    life.record_service(cast.officer_a, case, method="on_the_spot", documents=[])
    assert state(case)["served_on"] is not None
    life.exempt_publication(cast.head, case, ground="no_social_impact", reason="无社会影响")
    life.record_execution(cast.officer_a, case, status="performed", note="已停业", documents=[])
    jz.cases.close(cast.head, case, "结案")
    complaint, _ = jz.complaints.receive(
        cast.oversight, channel="letter", complainant={"name": "刘某某"},
        summary="执法人员态度粗暴", case_id=str(case),
    )  # fmt: skip
    review_id, _, _ = jz.case_oversight.score_file(cast.oversight, case, items=file_scores())
    life.set_aside(cast.head, case, how="revoked", authority="agency_head", reference=None)
    doc = state(case)
    assert (doc["stage"], doc["ending"], doc["publication_exemption"]) == (
        "closed", "decided", "no_social_impact"
    )  # fmt: skip
    assert (doc["execution_status"], doc["set_asides"]) == ("performed", 1)
    assert doc["complaints"] == [str(complaint.id)]
    assert [s["review_id"] for s in doc["file_scores"]] == [review_id]
    seq = doc["seq"]
    jz.sanctions.record(
        cast.oversight, UUID(cast.officer_a.actor_id), kind="public_criticism",
        basis={"kind": "file_review", "case_id": str(case), "review_id": review_id},
        reason="文书不规范",
    )  # fmt: skip
    doc = state(case)
    assert [(s["officer"], s["basis"]) for s in doc["sanctions"]] == [
        (cast.officer_a.actor_id, "file_review")
    ]
    assert doc["seq"] == seq

    withdrawn = open_case(jz, cast)
    life.withdraw(cast.head, withdrawn, reason="不属本机关管辖")
    assert state(withdrawn)["ending"] == "withdrawn"
    before = {str(c): jz.views.document("case_state", "cases", str(c)) for c in (case, withdrawn)}
    jz.views.rebuild()
    assert {str(c): jz.views.document("case_state", "cases", str(c)) for c in before} == before
