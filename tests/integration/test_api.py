"""The HTTP API over each backend: auth, actors, verification, and refusals that change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from infra.application import Jianzheng
from tests.conftest import register

PROBLEM = "application/problem+json"


@pytest.fixture
def admin(jz: Jianzheng) -> dict[str, str]:
    """Authorization header of a fresh admin."""
    return {"Authorization": f"Bearer {register(jz, role='admin', name='管理员').token}"}


NEW_OFFICER: dict[str, Any] = {
    "name": "张三",
    "role": "officer",
    "agency": "淄博市市场监督管理局",
    "jurisdiction": "370303",
    "certificate": {"number": "鲁执法-0001", "valid_until": "2027-12-31"},
}


def assert_problem(response: Any, status: int, code: str) -> dict[str, Any]:
    """The response is an RFC 9457 problem with this status and stable code."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    assert body["status"] == status
    assert {"type", "title", "detail"} <= set(body)
    return body


def test_health_answers_with_the_backend(client: TestClient, jz: Jianzheng) -> None:
    """/healthz answers 200 and names the store's backend."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "backend": jz.settings.backend}


def test_an_admin_registers_an_officer_who_can_then_authenticate(
    client: TestClient, admin: dict[str, str]
) -> None:
    """Registering answers the new events and a token, which then identifies the officer."""
    response = client.post("/v1/actors", json=NEW_OFFICER, headers=admin)
    assert response.status_code == 201, response.text
    body = response.json()
    assert [e["type"] for e in body["events"]] == [
        "actors.Registered",
        "actors.TokenIssued",
        "actors.CertificateRecorded",
        "tokens.TokenBound",
        "certificate_claims.Claimed",  # the number is this officer's alone (R-SV-4)
    ]
    assert all(len(e["event_hash"]) == 64 for e in body["events"])
    me = client.get("/v1/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200
    assert me.json()["actor_id"] == body["actor_id"]
    assert me.json()["certificates"][0]["number"] == "鲁执法-0001"
    assert "token" not in me.text.lower().replace("token_", "")


def test_the_store_keeps_only_a_hash_of_each_token(
    client: TestClient, admin: dict[str, str], jz: Jianzheng
) -> None:
    """No stored row contains a token in clear (DESIGN §5: tokens hashed at rest)."""
    token = client.post("/v1/actors", json=NEW_OFFICER, headers=admin).json()["token"]
    assert all(token.encode() not in row.state for row in jz.store.rows())


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        pytest.param(b'{"name": "x", ', 422, "malformed-json", id="malformed-json"),
        pytest.param(
            b'{"name":"x","role":"officer","agency":"a","jurisdiction":"j",'
            b'"certificate":{"number":"1","valid_until":"2027-01-01","fee":0.5}}',
            422,
            "float-not-allowed",
            id="float",
        ),
        pytest.param(
            b'{"name":"x","role":"officer","agency":"a","jurisdiction":"j","n":1e3}',
            422,
            "float-not-allowed",
            id="float-exponent",
        ),
        pytest.param(
            b'{"name":"x","role":"officer","agency":"a","jurisdiction":"j","n":9007199254740992}',
            422,
            "integer-out-of-range",
            id="huge-integer",
        ),
        pytest.param(
            b'{"name":"x","role":"wizard","agency":"a","jurisdiction":"j"}',
            422,
            "unknown-role",
            id="unknown-role",
        ),
        pytest.param(b'{"name":"x","role":"officer"}', 422, "invalid-request", id="missing-fields"),
        pytest.param(b"[" * 40 + b"]" * 40, 422, "invalid-event-data", id="too-deep"),
        pytest.param(b'{"name":"' + b"x" * 1_100_000 + b'"}', 413, "body-too-large", id="too-big"),
    ],
)
def test_a_bad_body_gets_a_problem_and_changes_nothing(
    client: TestClient,
    admin: dict[str, str],
    jz: Jianzheng,
    body: bytes,
    status: int,
    code: str,
) -> None:
    """Each malformed registration is refused with its own code; the store is unchanged."""
    before = jz.store.event_count()
    response = client.post(
        "/v1/actors", content=body, headers={**admin, "Content-Type": "application/json"}
    )
    assert_problem(response, status, code)
    assert jz.store.event_count() == before


def test_a_missing_token_is_401(client: TestClient, jz: Jianzheng) -> None:
    """No Authorization header: 401 unauthenticated, with a Bearer challenge, nothing stored."""
    before = jz.store.event_count()
    response = client.post("/v1/actors", json=NEW_OFFICER)
    assert_problem(response, 401, "unauthenticated")
    assert response.headers["www-authenticate"] == "Bearer"
    assert jz.store.event_count() == before


def test_an_unknown_token_is_401(client: TestClient) -> None:
    """A token nobody issued is refused."""
    response = client.get("/v1/me", headers={"Authorization": "Bearer jz_not-a-real-token"})
    assert_problem(response, 401, "unauthenticated")


def test_a_revoked_token_is_401_and_the_actors_other_tokens_still_work(
    client: TestClient, admin: dict[str, str], jz: Jianzheng
) -> None:
    """Revoking one token refuses it at once (token-revoked) and leaves the others valid."""
    created = client.post("/v1/actors", json=NEW_OFFICER, headers=admin).json()
    actor_id, first = created["actor_id"], created["token"]
    second = client.post(f"/v1/actors/{actor_id}/tokens", headers=admin).json()["token"]
    revoked = client.post(
        f"/v1/actors/{actor_id}/tokens/{created['token_id']}/revocation",
        json={"reason": "device lost"},
        headers=admin,
    )
    assert revoked.status_code == 201
    before = jz.store.event_count()
    response = client.post(
        "/v1/actors", json=NEW_OFFICER, headers={"Authorization": f"Bearer {first}"}
    )
    assert_problem(response, 401, "token-revoked")
    assert jz.store.event_count() == before
    assert client.get("/v1/me", headers={"Authorization": f"Bearer {second}"}).status_code == 200


def test_a_suspended_actor_is_403_until_reinstated(
    client: TestClient, admin: dict[str, str]
) -> None:
    """Suspension takes effect at once (R-SV-4) and reinstatement lifts it."""
    created = client.post("/v1/actors", json=NEW_OFFICER, headers=admin).json()
    own = {"Authorization": f"Bearer {created['token']}"}
    path = f"/v1/actors/{created['actor_id']}"
    assert client.post(f"{path}/suspension", json={"reason": "暂扣"}, headers=admin).is_success
    assert_problem(client.get("/v1/me", headers=own), 403, "actor-suspended")
    assert client.post(f"{path}/reinstatement", json={"reason": "ok"}, headers=admin).is_success
    assert client.get("/v1/me", headers=own).status_code == 200


def test_a_revoked_actor_is_401_for_good(client: TestClient, admin: dict[str, str]) -> None:
    """A revoked actor's tokens all stop working, and it cannot be suspended any more (R-SV-4)."""
    created = client.post("/v1/actors", json=NEW_OFFICER, headers=admin).json()
    path = f"/v1/actors/{created['actor_id']}"
    assert client.post(f"{path}/revocation", json={"reason": "没收"}, headers=admin).is_success
    own = {"Authorization": f"Bearer {created['token']}"}
    assert_problem(client.get("/v1/me", headers=own), 401, "actor-revoked")
    again = client.post(f"{path}/suspension", json={"reason": "x"}, headers=admin)
    assert_problem(again, 409, "actor-not-active")


def test_only_admins_register_actors(client: TestClient, jz: Jianzheng) -> None:
    """An officer's token cannot register actors: 403 forbidden, nothing stored."""
    officer = register(jz)
    before = jz.store.event_count()
    response = client.post(
        "/v1/actors", json=NEW_OFFICER, headers={"Authorization": f"Bearer {officer.token}"}
    )
    assert_problem(response, 403, "forbidden")
    assert jz.store.event_count() == before


def test_unknown_actor_is_404(client: TestClient, admin: dict[str, str]) -> None:
    """Reading an actor that does not exist answers 404 not-found."""
    response = client.get("/v1/actors/00000000-0000-4000-8000-000000000000", headers=admin)
    assert_problem(response, 404, "not-found")


def test_oversight_reads_the_verification_report(client: TestClient, jz: Jianzheng) -> None:
    """GET /v1/verification gives oversight the same report as the CLI; officers are refused."""
    oversight = register(jz, role="oversight", name="市司法局监督科")
    officer = register(jz)
    report = client.get("/v1/verification", headers={"Authorization": f"Bearer {oversight.token}"})
    assert report.status_code == 200
    assert report.json()["ok"] is True
    assert report.json()["events"] == jz.store.event_count()
    refused = client.get("/v1/verification", headers={"Authorization": f"Bearer {officer.token}"})
    assert_problem(refused, 403, "forbidden")


def test_certificates_are_checked_before_anything_is_stored(
    client: TestClient, admin: dict[str, str], jz: Jianzheng
) -> None:
    """A certificate that ends before it starts is refused as invalid input."""
    actor = register(jz)
    before = jz.store.event_count()
    response = client.post(
        f"/v1/actors/{actor.actor.id}/certificates",
        json={"number": "鲁-2", "valid_from": "2027-01-01", "valid_until": "2026-01-01"},
        headers=admin,
    )
    assert_problem(response, 422, "invalid-input")
    assert jz.store.event_count() == before
