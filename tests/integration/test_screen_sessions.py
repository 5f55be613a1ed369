"""Screen sessions (ADR 0006 §3): a token exchanged once for a cookie, checked like the API.

Over both backends, through the app (``TestClient``): the cookie's flags, CSRF on every
form, idle and absolute expiry, and a token revoked or an actor suspended since sign-in
ending the session at the next request.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.web.session import COOKIE
from infra.application import OPERATOR, Jianzheng
from infra.sessions import SessionStore
from infra.sql import Database
from tests.conftest import register

HTML = {"accept": "text/html"}


@pytest.fixture
def client(jz: Jianzheng) -> Iterator[TestClient]:
    with TestClient(create_app(jianzheng=jz), base_url="http://127.0.0.1") as c:
        yield c


def sign_in(client: TestClient, token: str, after: str = "/me") -> None:
    answer = client.post("/sign-in", data={"token": token, "next": after}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == after


def csrf_of(client: TestClient) -> str:
    page = client.get("/me", headers=HTML).text
    marker = 'name="csrf-token" content="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def test_a_page_without_a_session_sends_the_person_to_sign_in_and_back(client: TestClient) -> None:
    answer = client.get("/me?x=1", headers=HTML, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/sign-in?next=/me%3Fx%3D1"
    # a script (no text/html) gets the problem, not a redirect
    answer = client.get("/me")
    assert answer.status_code == 401
    assert answer.json()["code"] == "sign-in-required"


def test_sign_in_sets_a_strict_http_only_cookie_and_never_echoes_the_token(
    jz: Jianzheng, client: TestClient
) -> None:
    token = register(jz, "oversight", jurisdiction="370300").token
    answer = client.post("/sign-in", data={"token": token, "next": "/me"}, follow_redirects=False)
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert "Path=/" in cookie
    assert "Secure" not in cookie  # plain http on loopback; see the https test below
    assert token not in answer.text
    assert token not in cookie
    page = client.get("/me", headers=HTML)
    assert page.status_code == 200
    assert "张三" in page.text
    assert token not in page.text
    assert page.headers["cache-control"] == "no-store"
    assert "default-src 'self'" in page.headers["content-security-policy"]


def test_the_cookie_is_secure_behind_tls(jz: Jianzheng) -> None:
    token = register(jz, "oversight", jurisdiction="370300").token
    jz.settings.public_url = "https://jianzheng.gov.example"
    with TestClient(create_app(jianzheng=jz), base_url="http://127.0.0.1") as c:
        answer = c.post("/sign-in", data={"token": token}, follow_redirects=False)
    assert "Secure" in answer.headers["set-cookie"]


def test_a_wrong_or_revoked_token_is_refused_in_words_and_opens_nothing(
    jz: Jianzheng, client: TestClient
) -> None:
    answer = client.post("/sign-in", data={"token": "jz_not-a-token"}, follow_redirects=False)
    assert answer.status_code == 200
    assert "令牌无效" in answer.text
    assert answer.headers["jianzheng-refusal"] == "unauthenticated"
    assert COOKIE not in answer.headers.get("set-cookie", "")


def test_the_next_page_is_always_on_this_site(jz: Jianzheng, client: TestClient) -> None:
    token = register(jz, "oversight", jurisdiction="370300").token
    for outside in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        answer = client.post(
            "/sign-in", data={"token": token, "next": outside}, follow_redirects=False
        )
        assert answer.headers["location"] == "/"


def test_forms_without_the_session_secret_or_from_another_site_are_refused(
    jz: Jianzheng, client: TestClient
) -> None:
    sign_in(client, register(jz, "oversight", jurisdiction="370300").token)
    secret = csrf_of(client)
    answer = client.post("/sign-out", data={"csrf_token": "forged"}, headers=HTML)
    assert answer.status_code == 403
    assert "csrf-refused" in answer.text
    answer = client.post(
        "/sign-out", data={"csrf_token": secret}, headers={**HTML, "origin": "http://evil.example"}
    )
    assert answer.status_code == 403
    assert client.get("/me", headers=HTML).status_code == 200  # still signed in
    answer = client.post("/sign-out", data={"csrf_token": secret}, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/sign-in?why=signed-out"
    assert client.get("/me", headers=HTML, follow_redirects=False).status_code == 303


def test_revoking_the_token_or_suspending_the_actor_ends_the_session_at_once(
    jz: Jianzheng, client: TestClient
) -> None:
    registered = register(jz, "oversight", jurisdiction="370300")
    sign_in(client, registered.token)
    actor = jz.get_actor(registered.actor.id)
    (token_id,) = actor.tokens
    jz.revoke_token(OPERATOR, registered.actor.id, token_id, "令牌遗失")
    answer = client.get("/me", headers=HTML, follow_redirects=False)
    assert answer.headers["location"] == "/sign-in?next=/me&why=token-revoked"
    # and the session is gone: a new token must sign in again
    second = register(jz, "oversight", name="李四", jurisdiction="370300")
    sign_in(client, second.token)
    jz.suspend_actor(OPERATOR, second.actor.id, "调离岗位")
    answer = client.get("/me", headers=HTML, follow_redirects=False)
    assert answer.headers["location"] == "/sign-in?next=/me&why=actor-suspended"


def test_sessions_end_when_idle_and_after_their_lifetime(jz: Jianzheng) -> None:
    store = SessionStore(Database(jz.settings), jz.store.sealer, idle_seconds=1, max_seconds=60)
    session_id, opened = store.open("jz_token", "actor-1")
    assert store.resolve(session_id) is not None
    time.sleep(2.1)
    assert store.resolve(session_id) is None  # idle for longer than allowed: deleted
    old = SessionStore(Database(jz.settings), jz.store.sealer, idle_seconds=60, max_seconds=1)
    session_id, _ = old.open("jz_token", "actor-1")
    time.sleep(2.1)
    assert old.resolve(session_id) is None
    assert opened.token == "jz_token"
    store.db.close()
    old.db.close()


def test_the_table_keeps_neither_the_cookie_nor_the_token_in_clear(jz: Jianzheng) -> None:
    store = jz.sessions
    session_id, _ = store.open("jz_secret-token-value", "actor-1")
    with store.db.transaction() as cur:
        cur.execute("SELECT digest, token FROM jz_sessions")
        rows = cur.fetchall()
    assert all(session_id not in row[0] for row in rows)
    assert all(b"jz_secret-token-value" not in bytes(row[1]) for row in rows)
    assert store.purge() == 0


def test_a_visit_keeps_its_reason_per_subject_sealed_and_forgets_it_at_sign_out(
    jz: Jianzheng,
) -> None:
    store = jz.sessions
    _, session = store.open("jz_token", "actor-1")
    assert store.reason_for(session, "case-1") is None
    store.remember_reason(session, "case-1", "（2026）鲁0303行初12号案件审理需要")
    store.remember_reason(session, "case-1", "审理需要：核对执法记录")
    assert store.reason_for(session, "case-1") == "审理需要：核对执法记录"
    assert store.reason_for(session, "case-2") is None
    with store.db.transaction() as cur:
        cur.execute("SELECT reason FROM jz_session_reasons")
        assert all("核对" not in row[0] for row in cur.fetchall())
    store.close(session)
    assert store.reason_for(session, "case-1") is None


def test_signing_in_over_an_open_session_ends_it(jz: Jianzheng, client: TestClient) -> None:
    """A shared desk (outside attack round 1, #7): B signing in where A was signed in ends
    A's session on the server, not only in that browser."""
    sign_in(client, register(jz, "oversight", jurisdiction="370300").token)
    earlier = client.cookies[COOKIE]
    sign_in(client, register(jz, "oversight", name="李四", jurisdiction="370300").token)
    assert client.cookies[COOKIE] != earlier
    assert jz.sessions.resolve(earlier) is None
    stale = client.get("/me", headers={"cookie": f"{COOKIE}={earlier}"}, follow_redirects=False)
    assert stale.status_code == 401


def test_a_token_or_cookie_given_twice_is_read_no_way(jz: Jianzheng, client: TestClient) -> None:
    """Outside attack round 1, #6: ``token=bad&token=GOOD`` and two ``jz_session`` cookies
    in one header are refused, not read by luck; a sign-in that is not a form is 415."""
    token = register(jz, "oversight", jurisdiction="370300").token
    answer = client.post(
        "/sign-in",
        content=f"token=jz_bad&token={token}",
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert answer.status_code == 200
    assert answer.headers["jianzheng-refusal"] == "ambiguous-request"
    assert COOKIE not in answer.headers.get("set-cookie", "")
    sign_in(client, token)
    good = client.cookies[COOKIE]
    client.cookies.clear()
    twice = client.get("/me", headers={"cookie": f"{COOKIE}=x; {COOKIE}={good}"})
    assert twice.status_code == 400
    assert twice.json()["code"] == "ambiguous-request"
    answer = client.post("/sign-in", json={"token": token}, follow_redirects=False)
    assert answer.status_code == 415


def test_head_is_answered_wherever_get_is_outside_the_api(client: TestClient) -> None:
    """Outside attack round 1, #9: monitoring probes ask with HEAD."""
    for path in ("/healthz", "/sign-in", "/docs", "/verify", "/static/jz.css"):
        got = client.get(path)
        head = client.head(path)
        assert head.status_code == 200, path
        assert head.content == b""
        assert head.headers["content-type"] == got.headers["content-type"]


def test_a_form_from_another_site_is_refused_by_its_referer_when_no_origin_is_sent(
    jz: Jianzheng, client: TestClient
) -> None:
    """Outside attack round 2, #9: defence in depth beside the form's secret."""
    sign_in(client, register(jz, "oversight", jurisdiction="370300").token)
    secret = csrf_of(client)
    answer = client.post(
        "/sign-out",
        data={"csrf_token": secret},
        headers={**HTML, "referer": "http://evil.example/page"},
    )
    assert answer.status_code == 403
    assert "csrf-refused" in answer.text
    answer = client.post(
        "/sign-out",
        data={"csrf_token": secret},
        headers={"referer": "http://127.0.0.1/me"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
