"""The admin's screens do what ``api/routes/actors.py`` does, through the same services.

Over both backends, through the app (``TestClient``): a new token is shown once and works; a
token revoked on the screen ends its sessions; four eyes hold on the screen as in the API (the
proposer never approves); refusals are shown beside their form with nothing stored; a person
who is not an admin gets the API's refusal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from domain.records.actors import Role
from domain.records.errors import TokenRevoked
from infra.application import Jianzheng, Principal, Registered
from tests.conftest import register
from tests.integration.test_screen_sessions import csrf_of, sign_in

HTML = {"accept": "text/html"}


@pytest.fixture
def client(jz: Jianzheng) -> Iterator[TestClient]:
    with TestClient(create_app(jianzheng=jz), base_url="http://127.0.0.1") as c:
        yield c


@pytest.fixture
def admins(jz: Jianzheng) -> tuple[Registered, Registered]:
    """Two admins (made by the console operator, as after ``init``)."""
    return (
        register(jz, "admin", name="管理员甲", jurisdiction="*"),
        register(jz, "admin", name="管理员乙", jurisdiction="*"),
    )


def events(jz: Jianzheng) -> int:
    return int(jz.store.recorder.max_notification_id() or 0)


def post(client: TestClient, url: str, **data: str) -> Any:
    return client.post(
        url, data={"csrf_token": csrf_of(client), **data}, headers=HTML, follow_redirects=False
    )


def test_a_new_token_is_shown_once_and_works_and_a_revoked_one_stops(
    jz: Jianzheng, client: TestClient, admins: tuple[Registered, Registered]
) -> None:
    """Issue on the screen, sign in with it; revoke it with a reason: its session ends."""
    officer = register(jz, name="张三", certificate="鲁执-0100", valid_until="2035-12-31")
    url = f"/admin/actors/{officer.actor.id}"
    sign_in(client, admins[0].token)
    page = client.get(url, headers=HTML).text
    assert "张三" in page
    assert "今日有效" in page
    issued = client.post(f"{url}/tokens", data={"csrf_token": csrf_of(client)}, headers=HTML)
    assert issued.status_code == 200
    token = re.search(r'<code class="token" id="token-value">(jz_[^<]+)</code>', issued.text)
    assert token is not None
    assert jz.authenticate(token.group(1)).id == officer.actor.id
    assert token.group(1) not in client.get(url, headers=HTML).text
    token_id = next(t for t in jz.get_actor(officer.actor.id).tokens if t != officer.token_id)

    before = events(jz)
    blank = post(client, f"{url}/tokens/{token_id}/revocation", reason=" ")
    assert blank.status_code == 200
    assert blank.headers["Jianzheng-Refusal"] == "invalid-input"
    assert events(jz) == before
    done = post(client, f"{url}/tokens/{token_id}/revocation", reason="令牌疑似泄露")
    assert done.status_code == 303
    assert done.headers["location"] == f"{url}?done=token-revoked"
    with pytest.raises(TokenRevoked):
        jz.authenticate(token.group(1))
    page = client.get(url, headers=HTML).text
    assert "令牌疑似泄露" in page
    assert "管理员甲" in page


def test_four_eyes_hold_on_the_screen(
    jz: Jianzheng, client: TestClient, admins: tuple[Registered, Registered]
) -> None:
    """Admin A proposes a court role; A's own approval is refused beside the proposal with
    nothing stored; admin B approves and the role takes effect (R-CH-4)."""
    person = register(jz, "officer", name="审判员丙", jurisdiction="370303")
    url = f"/admin/actors/{person.actor.id}"
    sign_in(client, admins[0].token)
    proposed = post(client, f"{url}/roles", role="court")
    assert proposed.headers["location"] == f"{url}?done=role-proposed"
    pending = jz.get_actor(person.actor.id).pending_grants
    (proposal,) = pending
    assert Role.COURT not in jz.get_actor(person.actor.id).roles

    before = events(jz)
    own = post(client, f"{url}/role-proposals/{proposal}/approval")
    assert own.status_code == 200
    assert own.headers["Jianzheng-Refusal"] == "second-approver-required"
    assert "提议人不能批准自己的提议" in own.text
    assert events(jz) == before

    sign_in(client, admins[1].token)
    approved = post(client, f"{url}/role-proposals/{proposal}/approval")
    assert approved.headers["location"] == f"{url}?done=role-approved"
    assert Role.COURT in jz.get_actor(person.actor.id).roles
    page = client.get(approved.headers["location"], headers=HTML).text
    assert "已批准，角色即时生效" in page


def test_a_role_granted_to_oneself_is_refused_beside_the_form(
    jz: Jianzheng, client: TestClient, admins: tuple[Registered, Registered]
) -> None:
    """The service refuses; the screen says so in words and keeps the choice."""
    me = admins[0].actor.id
    sign_in(client, admins[0].token)
    before = events(jz)
    answer = post(client, f"/admin/actors/{me}/roles", role="officer")
    assert answer.headers["Jianzheng-Refusal"] == "self-grant-forbidden"
    assert '<option value="officer" selected>' in answer.text
    assert events(jz) == before


def test_a_person_who_is_not_an_admin_gets_the_apis_refusal(
    jz: Jianzheng, client: TestClient, admins: tuple[Registered, Registered]
) -> None:
    """Same status and code as ``GET /v1/actors/{id}``; a token-issuing form stores nothing."""
    court = register(jz, "court", name="张店区人民法院")
    target = admins[1].actor.id
    expected = client.get(
        f"/v1/actors/{target}", headers={"Authorization": f"Bearer {court.token}"}
    )
    sign_in(client, court.token)
    answer = client.get(f"/admin/actors/{target}", headers=HTML)
    assert answer.status_code == expected.status_code == 403
    assert f"<code>{expected.json()['code']}</code>" in answer.text
    before = events(jz)
    issued = client.post(
        f"/admin/actors/{target}/tokens", data={"csrf_token": csrf_of(client)}, headers=HTML
    )
    assert issued.status_code == 403
    assert "jz_" not in issued.text
    assert events(jz) == before
    assert Principal.of(jz.get_actor(UUID(str(target)))).has(Role.ADMIN)
