"""``Idempotency-Key`` on writes (DESIGN §6): a retry appends nothing and gets the first answer."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from infra import idempotency
from infra.application import OPERATOR, Jianzheng
from infra.idempotency import CLAIMS_TABLE, Claim, IdempotencyConflict
from tests.concurrently import run_together
from tests.integration.casekit import Cast, draft, event_types, open_case
from tests.rawstore import RawStore

PROBLEM = "application/problem+json"
STEP = {"kind": "credentials_shown", "summary": "出示执法证件，告知当事人权利。"}


def headers(cast: Cast, who: str, key: str | None = None) -> dict[str, str]:
    found = {"Authorization": f"Bearer {cast.tokens[who]}"}
    if key is not None:
        found["Idempotency-Key"] = key
    return found


def test_a_retried_step_appends_nothing_and_gets_the_first_answer(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    case = open_case(jz, cast)
    url = f"/v1/cases/{case}/steps"
    first = client.post(url, json=STEP, headers=headers(cast, "a", "step-1"))
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    count = jz.store.event_count()
    for _ in range(3):
        again = client.post(url, json=STEP, headers=headers(cast, "a", "step-1"))
        assert again.status_code == 201
        assert again.headers["idempotent-replayed"] == "true"
        assert again.json() == first.json()
    assert jz.store.event_count() == count
    assert event_types(jz, case).count("enforcement.StepRecorded") == 1
    # A new key is a new write.
    other = client.post(url, json=STEP, headers=headers(cast, "a", "step-2"))
    assert other.status_code == 201
    assert other.json()["events"][0]["seq"] == first.json()["events"][0]["seq"] + 1


def test_a_key_reused_for_another_request_is_refused(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    case = open_case(jz, cast)
    url = f"/v1/cases/{case}/steps"
    assert client.post(url, json=STEP, headers=headers(cast, "a", "k")).status_code == 201
    count = jz.store.event_count()
    changed = {**STEP, "summary": "另一次检查。"}
    for response in (
        client.post(url, json=changed, headers=headers(cast, "a", "k")),
        client.post(f"/v1/cases/{case}/complaints", json=STEP, headers=headers(cast, "a", "k")),
    ):
        assert response.status_code == 422
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["code"] == "idempotency-key-reused"
    assert jz.store.event_count() == count


def test_keys_belong_to_their_caller(client: TestClient, jz: Jianzheng, cast: Cast) -> None:
    """Officer B using A's key is a different request: it is recorded, and sees nothing of A's."""
    case = open_case(jz, cast)
    url = f"/v1/cases/{case}/steps"
    a = client.post(url, json=STEP, headers=headers(cast, "a", "shared"))
    b = client.post(url, json=STEP, headers=headers(cast, "b", "shared"))
    assert (a.status_code, b.status_code) == (201, 201)
    assert "idempotent-replayed" not in b.headers
    assert b.json()["events"][0]["seq"] == a.json()["events"][0]["seq"] + 1


@pytest.mark.parametrize("key", ["", "has space", "ключ", "x" * 256])
def test_an_invalid_key_is_refused_before_anything_runs(
    client: TestClient, jz: Jianzheng, cast: Cast, key: str
) -> None:
    case = open_case(jz, cast)
    count = jz.store.event_count()
    response = client.post(
        f"/v1/cases/{case}/steps",
        json=STEP,
        headers={**headers(cast, "a"), "Idempotency-Key": key.encode()},  # type: ignore[dict-item]
    )
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency-key-invalid"
    assert jz.store.event_count() == count


def test_a_refused_write_claims_nothing_and_can_be_retried(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """A request refused before any event (here: the case does not exist) leaves no claim."""
    missing = "/v1/cases/00000000-0000-4000-8000-000000000000/steps"
    first = client.post(missing, json=STEP, headers=headers(cast, "a", "k"))
    assert first.status_code == 404
    again = client.post(missing, json=STEP, headers=headers(cast, "a", "k"))
    assert again.status_code == 404
    assert "idempotent-replayed" not in again.headers


def test_a_blocked_decision_is_recorded_once_however_often_it_is_retried(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-LR-8: the refusal is an event; a retry with the key replays the 409, not a second event."""
    case = open_case(jz, cast)
    hashed = draft(jz, cast, case, "licence_revocation")
    url = f"/v1/cases/{case}/decision"
    answers = [
        client.post(url, json={"draft_hash": hashed}, headers=headers(cast, "head", "decide"))
        for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [409, 409, 409]
    assert answers[0].json()["code"] == "legal-review-required"
    assert answers[1].json() == answers[0].json() == answers[2].json()
    assert answers[0].headers["content-type"] == PROBLEM == answers[2].headers["content-type"]
    assert event_types(jz, case).count("enforcement.DecisionBlocked") == 1


def test_a_kept_answer_is_sealed_at_rest(
    client: TestClient, jz: Jianzheng, cast: Cast, settings: Any
) -> None:
    """An issued token is in the answer a retry gets, but never in the database in clear."""
    actor = cast.officer_b.actor_id
    admin = {"Authorization": f"Bearer {jz.initialise().admin_token or admin_token(jz)}"}
    url = f"/v1/actors/{actor}/tokens"
    first = client.post(url, headers={**admin, "Idempotency-Key": "issue"})
    assert first.status_code == 201, first.text
    again = client.post(url, headers={**admin, "Idempotency-Key": "issue"})
    assert again.json() == first.json()
    token = first.json()["token"]
    raw = RawStore(settings)
    try:
        stored = raw.execute(f"SELECT response FROM {CLAIMS_TABLE}")
    finally:
        raw.close()
    assert stored
    assert all(token.encode() not in bytes(row[0]) for row in stored)  # type: ignore[arg-type]


def admin_token(jz: Jianzheng) -> str:
    """A token for a fresh admin (the first admin's token is shown only once)."""
    return jz.register_actor(
        OPERATOR, name="系统管理员", role="admin", agency="市司法局", jurisdiction="370300"
    ).token


def test_a_revoked_caller_gets_no_kept_answer(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    case = open_case(jz, cast)
    url = f"/v1/cases/{case}/steps"
    assert client.post(url, json=STEP, headers=headers(cast, "a", "k")).status_code == 201
    jz.revoke_actor(OPERATOR, UUID(cast.officer_a.actor_id), "调离")
    again = client.post(url, json=STEP, headers=headers(cast, "a", "k"))
    assert again.status_code == 401
    assert "idempotent-replayed" not in again.headers


def test_a_second_transaction_with_a_claimed_key_stores_nothing(jz: Jianzheng, cast: Cast) -> None:
    """The race at its core: two requests with one key, each running its command; whichever
    commits second stores nothing and learns that the key was taken."""
    case = open_case(jz, cast)
    first, second = Claim("caller", "k"), Claim("caller", "k")
    token = idempotency.current.set(first)
    try:
        jz.cases.record_step(cast.officer_a, case, **step_args())
    finally:
        idempotency.current.reset(token)
    assert first.recorded
    count, types = jz.store.event_count(), event_types(jz, case)
    token = idempotency.current.set(second)
    try:
        with pytest.raises(IdempotencyConflict):
            jz.cases.record_step(cast.officer_a, case, **step_args())
    finally:
        idempotency.current.reset(token)
    assert second.conflicted
    assert not second.recorded
    assert (jz.store.event_count(), event_types(jz, case)) == (count, types)
    assert jz.verify().ok


def step_args() -> dict[str, Any]:
    return {
        "kind": "credentials_shown",
        "summary": STEP["summary"],
        "evidence": [],
        "touches": [],
        "full_process_recording": None,
        "present": [],
        "occurred_at": None,
    }


def race(client: TestClient, url: str, body: dict[str, Any], headers: dict[str, str]) -> list[Any]:
    """Eight copies of one request sent at once (a client retrying after timeouts)."""
    answers = run_together([lambda: client.post(url, json=body, headers=headers)] * 8)
    assert not [a for a in answers if isinstance(a, Exception)], answers
    return answers


def test_racing_retries_append_once_and_all_get_the_same_answer(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    case = open_case(jz, cast)
    answers = race(client, f"/v1/cases/{case}/steps", STEP, headers(cast, "a", "race"))
    assert {a.status_code for a in answers} == {201}, [a.text for a in answers]
    assert len({a.text for a in answers}) == 1
    assert event_types(jz, case).count("enforcement.StepRecorded") == 1
    assert sum("idempotent-replayed" not in a.headers for a in answers) == 1


def test_racing_retries_of_a_decision_all_get_the_decision(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """Copies that load the case after the original decided are refused by the rule (a case is
    decided once) — and still answer with the original's decision, not with that refusal."""
    case = open_case(jz, cast)
    hashed = draft(jz, cast, case, "warning")  # not a major decision: no review needed
    url = f"/v1/cases/{case}/decision"
    answers = race(client, url, {"draft_hash": hashed}, headers(cast, "head", "decide-once"))
    assert {a.status_code for a in answers} == {201}, [a.text for a in answers]
    assert len({a.text for a in answers}) == 1
    assert event_types(jz, case).count("enforcement.DecisionMade") == 1


def test_a_request_whose_server_stopped_before_answering_gets_its_events(
    client: TestClient, jz: Jianzheng, cast: Cast, settings: Any
) -> None:
    """A claim without an answer (its server stopped after the commit): a retry waits briefly
    for the answer, then gets the events that request appended."""
    case = open_case(jz, cast)
    claim = Claim(headers_scope(cast), "lost")
    for part in ("POST", f"/v1/cases/{case}/steps", "", "application/json"):
        claim.request.update(part.encode() + b"\n")
    body = b'{"kind":"credentials_shown","summary":"' + STEP["summary"].encode() + b'"}'
    claim.request.update(body)
    token = idempotency.current.set(claim)
    try:
        appended = jz.cases.record_step(cast.officer_a, case, **step_args())
    finally:
        idempotency.current.reset(token)
    send = {**headers(cast, "a", "lost"), "Content-Type": "application/json"}
    url = f"/v1/cases/{case}/steps"
    count = jz.store.event_count()
    late = client.post(url, content=body, headers=send)
    assert late.status_code == 200
    assert late.headers["idempotent-replayed"] == "reconstructed"
    assert late.json()["events"] == [e.as_dict() for e in appended]
    assert jz.store.event_count() == count


def headers_scope(cast: Cast) -> str:
    from api.idempotency import scope_of

    return scope_of({b"authorization": f"Bearer {cast.tokens['a']}".encode()})
