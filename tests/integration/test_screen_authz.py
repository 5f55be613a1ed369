"""No screen opens without a session, and a refused screen request changes nothing.

Generated from the app's routes, so a screen added later is covered without a new row:
every route outside ``/v1/`` except the public ones (sign-in, the API docs, static files)
sends a browser to the sign-in screen and answers a script 401 ``sign-in-required`` — for
every method it takes — and the store is unchanged. What a signed-in person may do is
decided by the services the screens call, with the principal the API would have
(``api/web/session.py``); each screen's own tests show its refusals.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.web.errors import SCRIPT_ENDPOINTS
from infra.application import Jianzheng
from infra.settings import Settings
from tests.integration.test_authz_matrix import app_routes

PUBLIC_SCREENS = {"/healthz", "/sign-in", "/docs", "/openapi.json", "/verify"}
SAMPLE = "3f2b1c9e-0000-4000-8000-000000000001"


def screen_routes() -> list[tuple[str, str]]:
    return sorted(
        (method, path)
        for method, path in app_routes(create_app())
        if not path.startswith("/v1/") and path not in PUBLIC_SCREENS
    )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Jianzheng, TestClient]]:
    jz = Jianzheng(Settings(data_dir=tmp_path_factory.mktemp("screens") / "var"))
    jz.initialise()
    with TestClient(create_app(jianzheng=jz), base_url="http://127.0.0.1") as client:
        yield jz, client
    jz.close()


def test_there_are_screens_to_check() -> None:
    assert ("GET", "/") in screen_routes()
    assert ("POST", "/sign-out") in screen_routes()


@pytest.mark.parametrize(("method", "path"), screen_routes())
def test_no_screen_opens_without_a_session(
    world: tuple[Jianzheng, TestClient], method: str, path: str
) -> None:
    jz, client = world
    url = re.sub(r"\{[^}]+\}", SAMPLE, path)
    before = int(jz.store.recorder.max_notification_id() or 0)
    browser = client.request(
        method, url, headers={"accept": "text/html"}, data={"x": "1"}, follow_redirects=False
    )
    if path in SCRIPT_ENDPOINTS:  # only scripts call it: problem+json whatever Accept says
        assert browser.status_code == 401, browser.text
        assert browser.json()["code"] == "sign-in-required"
    else:
        assert browser.status_code == 303, browser.text
        assert browser.headers["location"].startswith("/sign-in?next=")
    script = client.request(method, url, follow_redirects=False)
    assert script.status_code == 401
    assert script.json()["code"] == "sign-in-required"
    assert int(jz.store.recorder.max_notification_id() or 0) == before
