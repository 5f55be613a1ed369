"""The enforcement screens after the outside attack of round 2 (findings #1, #2, #7, #8, #10,
#11, #13), over both backends through the app (``TestClient``), and one real uvicorn server:

* every page that reads a case asks a court's or oversight body's reason for the visit, and a
  form of a role the person does not hold is refused as the service refuses it, before the
  case is read — never a 500, and no read recorded for it (R-AV-5, ADR 0006 §2);
* an unexpected fault on a screen is a 500 page and the connection stays usable;
* an amount too large for fen is refused in words (``integer-out-of-range``), never a 500;
* a decision form posted twice records one attempt (R-LR-8);
* repeated and unknown fields, and a checkbox's junk value, are refused as the API refuses them;
* the upload endpoint answers scripts' problem+json with the refusal in Chinese words.
"""

from __future__ import annotations

import http.client
import re
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.web.enforcement.forms import FormInvalid, fen
from domain.records.access import AccessLog
from domain.records.errors import NotFound
from infra.application import Jianzheng
from tests.integration.casekit import Cast, draft, make_cast, open_case, review
from tests.integration.test_screen_enforcement import (
    HTML,
    Browsers,
    browsers,
    form_seq,
    secret,
    stored,
)

_ = browsers  # a fixture, imported for the tests below


@pytest.fixture
def cast(jz: Jianzheng) -> Cast:
    return make_cast(jz)


def reads_of(jz: Jianzheng, case_id: UUID) -> int:
    log_id = AccessLog.create_id("case", str(case_id))
    try:
        return sum(1 for e in jz.store.history(log_id) if e.envelope.type.endswith("Read"))
    except NotFound:  # no read recorded yet: the log's stream does not exist
        return 0


def post_fields(client: TestClient, path: str, fields: list[tuple[str, str]]) -> Any:
    """A form posted with its fields as given, repeated ones included."""
    return client.post(
        path,
        content=urlencode(fields),
        headers={**HTML, "content-type": "application/x-www-form-urlencoded"},
    )


def blocked_count(jz: Jianzheng, case_id: UUID) -> int:
    return sum(1 for e in jz.cases.case_events(case_id) if e["type"].endswith("Blocked"))


# -- #1 and #7: reasons asked, forms of other roles refused before any read ---------------


@pytest.mark.parametrize("who", ["court", "oversight"])
def test_courts_and_oversight_get_the_reason_form_or_the_services_refusal_never_a_500(
    jz: Jianzheng, cast: Cast, browsers: Browsers, who: str
) -> None:
    case_id = open_case(jz, cast)
    hashed = draft(jz, cast, case_id, "fine", fine_fen=15_000_000)
    review_id = review(jz, cast, case_id, hashed, None)
    reader = browsers.signed_in(cast.tokens[who])
    before = stored(jz)
    refused = {
        f"/decisions/{case_id}": "decision-authority-required",
        f"/reviews/{case_id}/{review_id}": "forbidden",
        f"/cases/{case_id}/drafts/new": "forbidden",
        f"/cases/{case_id}/steps/new": "forbidden",
        "/decisions": "decision-authority-required",
        "/cases/new": "forbidden",
    }
    for path, code in refused.items():
        answer = reader.get(path, headers=HTML)
        assert answer.status_code == 403, (path, answer.status_code)
        assert f"<code>{code}</code>" in answer.text, path
        assert "text/html" in answer.headers["content-type"]
    # The draft is theirs to read: the reason is asked, as on the case page.
    draft_page = f"/cases/{case_id}/drafts/{hashed}"
    answer = reader.get(draft_page, headers=HTML)
    assert answer.status_code == 200
    assert "请说明查阅理由" in answer.text
    assert f'name="next" value="{draft_page}"' in answer.text
    assert stored(jz) == before  # no read recorded for any of these
    given = reader.post(
        f"/cases/{case_id}/reason",
        data={"csrf_token": secret(reader), "reason": "庭审核对草案", "next": draft_page},
        headers=HTML,
        follow_redirects=False,
    )
    assert given.status_code == 303
    assert given.headers["location"] == draft_page
    shown = reader.get(draft_page, headers=HTML)
    assert shown.status_code == 200
    assert "决定草案" in shown.text
    assert reads_of(jz, case_id) == 1
    # After the reason, the other roles' forms are still refused, and still not read.
    for path in refused:
        assert reader.get(path, headers=HTML).status_code == 403
    assert reads_of(jz, case_id) == 1


def test_each_action_is_offered_to_its_role_only(
    jz: Jianzheng, cast: Cast, browsers: Browsers
) -> None:
    """The decide button and page for heads, the opinion form for reviewers, the step and
    draft forms for officers: others get the service's refusal and record nothing."""
    case_id = open_case(jz, cast)
    hashed = draft(jz, cast, case_id, "fine", fine_fen=15_000_000)
    review_id = review(jz, cast, case_id, hashed, "passed")
    officer = browsers.signed_in(cast.tokens["a"])
    reviewer = browsers.signed_in(cast.tokens["reviewer"])
    head = browsers.signed_in(cast.tokens["head"])
    before = stored(jz)
    for client in (officer, reviewer):
        case_page = client.get(f"/cases/{case_id}", headers=HTML).text
        assert 'id="decide"' not in case_page
        draft_page = client.get(f"/cases/{case_id}/drafts/{hashed}", headers=HTML).text
        assert f'href="/decisions/{case_id}"' not in draft_page
        answer = client.get(f"/decisions/{case_id}", headers=HTML)
        assert answer.status_code == 403
        assert "<code>decision-authority-required</code>" in answer.text
        assert client.get("/decisions", headers=HTML).status_code == 403
    assert 'id="decide"' in head.get(f"/cases/{case_id}", headers=HTML).text
    assert head.get(f"/decisions/{case_id}", headers=HTML).status_code == 200
    for client in (officer, head):
        assert client.get(f"/reviews/{case_id}/{review_id}", headers=HTML).status_code == 403
    assert reviewer.get(f"/reviews/{case_id}/{review_id}", headers=HTML).status_code == 200
    for client in (reviewer, head):
        assert client.get(f"/cases/{case_id}/steps/new", headers=HTML).status_code == 403
        assert client.get(f"/cases/{case_id}/drafts/new", headers=HTML).status_code == 403
    assert stored(jz) == before


# -- an unexpected fault keeps the connection ---------------------------------------------


def _faulty_app(jz: Jianzheng) -> FastAPI:
    app = create_app(jianzheng=jz)

    def fault() -> None:
        raise RuntimeError("a fault no handler knows")

    app.add_api_route("/screens/fault", fault, methods=["GET"], include_in_schema=False)
    return app


def test_a_fault_on_a_screen_is_a_500_page_not_an_exception_escaping_the_app(
    jz: Jianzheng,
) -> None:
    with TestClient(_faulty_app(jz), base_url="http://127.0.0.1") as client:
        answer = client.get("/screens/fault", headers=HTML)  # raised here before the fix
    assert answer.status_code == 500
    assert "服务器内部错误" in answer.text
    assert "a fault no handler knows" not in answer.text


@pytest.fixture
def faulty_server(jz: Jianzheng) -> Iterator[int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    config = uvicorn.Config(_faulty_app(jz), host="127.0.0.1", port=port, log_level="critical")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-fault", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("the app did not start under uvicorn")
        time.sleep(0.05)
    yield port
    server.should_exit = True
    thread.join(timeout=10)


def test_after_a_fault_the_next_request_on_the_same_connection_is_answered(
    faulty_server: int,
) -> None:
    """uvicorn closes a connection whose app raised after answering; Starlette's last
    handler answers 500 and re-raises, so before the fix the next request on the keep-alive
    connection was reset (finding #1)."""
    connection = http.client.HTTPConnection("127.0.0.1", faulty_server, timeout=10)
    try:
        connection.request("GET", "/screens/fault", headers={"Accept": "text/html"})
        first = connection.getresponse()
        first.read()
        assert first.status == 500
        assert first.getheader("connection") != "close"
        connection.request("GET", "/sign-in", headers={"Accept": "text/html"})
        second = connection.getresponse()
        assert second.status == 200
        assert "登录" in second.read().decode("utf-8")
    finally:
        connection.close()


# -- #2: amounts too large ----------------------------------------------------------------


@pytest.mark.parametrize("field", ["fine", "confiscation"])
@pytest.mark.parametrize("amount", ["1e309", "9" * 400, "1e20", "90071992547410", "1E+400"])
def test_a_huge_amount_is_refused_in_words_and_stores_nothing(
    jz: Jianzheng, cast: Cast, browsers: Browsers, field: str, amount: str
) -> None:
    case_id = open_case(jz, cast)
    officer = browsers.signed_in(cast.tokens["a"])
    before = stored(jz)
    answer = officer.post(
        f"/cases/{case_id}/drafts",
        data={
            "csrf_token": secret(officer),
            "measures": "fine",
            field: amount,
            "facts": "经查属实",
            "legal_basis": "《食品安全法》第一百二十四条",
        },
        headers=HTML,
    )
    assert answer.status_code == 200
    assert answer.headers["jianzheng-refusal"] == "integer-out-of-range"
    assert "数额过大" in answer.text
    assert stored(jz) == before


def test_amounts_in_range_become_exact_fen() -> None:
    from starlette.datastructures import FormData

    assert fen(FormData([("fine", "90071992547409.91")]), "fine") == 9007199254740991
    assert fen(FormData([("fine", "1,200.50")]), "fine") == 120050
    assert fen(FormData([("fine", "0.000")]), "fine") == 0
    for bad in ("90071992547409.92", "1.005", "-1", "NaN", "Infinity", "1e-400"):
        with pytest.raises(FormInvalid):
            fen(FormData([("fine", bad)]), "fine")


# -- #8: a decision form answered once ----------------------------------------------------


def test_the_same_decision_form_posted_again_records_nothing_more(
    jz: Jianzheng, cast: Cast, browsers: Browsers
) -> None:
    case_id = open_case(jz, cast)
    hashed = draft(jz, cast, case_id, "fine", fine_fen=15_000_000)  # major, not reviewed
    head = browsers.signed_in(cast.tokens["head"])
    form = {
        "csrf_token": secret(head),
        "draft_hash": hashed,
        "decided_on": "",
        "form_seq": form_seq(head, case_id),
    }
    first = head.post(f"/decisions/{case_id}", data=form, headers=HTML, follow_redirects=False)
    assert first.status_code == 303
    assert blocked_count(jz, case_id) == 1
    before = stored(jz)
    again = head.post(f"/decisions/{case_id}", data=form, headers=HTML, follow_redirects=False)
    assert again.status_code == 303
    assert again.headers["location"] == first.headers["location"]  # the earlier result
    assert stored(jz) == before
    assert blocked_count(jz, case_id) == 1
    # A form shown before someone else changed the case: refused in words, nothing recorded.
    stale = {**form, "form_seq": form_seq(head, case_id)}
    review(jz, cast, case_id, hashed, None)
    before = stored(jz)
    answer = head.post(f"/decisions/{case_id}", data=stale, headers=HTML)
    assert answer.status_code == 200
    assert answer.headers["jianzheng-refusal"] == "form-outdated"
    assert stored(jz) == before
    for missing in ({k: v for k, v in form.items() if k != "form_seq"}, {**form, "form_seq": "x"}):
        answer = head.post(f"/decisions/{case_id}", data=missing, headers=HTML)
        assert answer.headers["jianzheng-refusal"] == "form-outdated"
    assert stored(jz) == before
    assert blocked_count(jz, case_id) == 1


# -- #10 and #11: repeated, unknown and junk fields ---------------------------------------


def test_a_form_naming_its_security_token_twice_is_refused(
    jz: Jianzheng, cast: Cast, browsers: Browsers
) -> None:
    officer = browsers.signed_in(cast.tokens["a"])
    before = stored(jz)
    good = secret(officer)
    for pair in ([("csrf_token", "bad"), ("csrf_token", good)], [("csrf_token", good)] * 2):
        answer = post_fields(officer, "/cases/new", [*pair, ("title", "案")])
        assert answer.status_code == 422
        assert "<code>ambiguous-request</code>" in answer.text
    assert stored(jz) == before


def test_repeated_single_fields_and_unknown_fields_are_refused_as_the_api_refuses_them(
    jz: Jianzheng, cast: Cast, browsers: Browsers
) -> None:
    case_id = open_case(jz, cast)
    hashed = draft(jz, cast, case_id, "warning")
    other = draft(jz, cast, open_case(jz, cast), "warning")
    head = browsers.signed_in(cast.tokens["head"])
    officer = browsers.signed_in(cast.tokens["a"])
    seq = form_seq(head, case_id)
    before = stored(jz)
    tries = [
        (head, f"/decisions/{case_id}",
         [("draft_hash", other), ("draft_hash", hashed), ("form_seq", seq)],
         "ambiguous-request", "draft_hash"),
        (head, f"/decisions/{case_id}",
         [("draft_hash", hashed), ("form_seq", seq), ("collective_discussion", "x")],
         "invalid-request", "collective_discussion"),
        (officer, f"/cases/{case_id}/drafts",
         [("measures", "warning"), ("facts", "a"), ("facts", "b"), ("legal_basis", "l")],
         "ambiguous-request", "facts"),
        (officer, "/cases/new",
         [("title", "某案"), ("action_type", "penalty"), ("party_kind", "person"),
          ("party_name", "甲"), ("officers", cast.officer_a.actor_id),
          ("officers", cast.officer_b.actor_id), ("jurisdiction", "370303"),
          ("simplified", "false")],
         "invalid-request", "simplified"),
        (officer, "/cases/new",
         [("title", "某案"), ("action_type", "penalty"), ("party_kind", "person"),
          ("party_name", "甲"), ("officers", cast.officer_a.actor_id),
          ("officers", cast.officer_b.actor_id), ("jurisdiction", "370303"),
          ("agency", "别的机关")],
         "invalid-request", "agency"),
    ]  # fmt: skip
    for client, path, fields, code, field in tries:
        answer = post_fields(client, path, [("csrf_token", secret(client)), *fields])
        assert answer.status_code == 200, (path, field, answer.status_code)
        assert answer.headers["jianzheng-refusal"] == code, (path, field)
        assert re.search(rf'data-field="{field}"|<code>{field}</code>|{field}:', answer.text)
    assert stored(jz) == before


def test_a_review_choice_other_than_yes_or_no_is_refused(
    jz: Jianzheng, cast: Cast, browsers: Browsers
) -> None:
    case_id = open_case(jz, cast)
    hashed = draft(jz, cast, case_id, "fine", fine_fen=15_000_000)
    review_id = review(jz, cast, case_id, hashed, None)
    reviewer = browsers.signed_in(cast.tokens["reviewer"])
    before = stored(jz)
    answer = reviewer.post(
        f"/reviews/{case_id}/{review_id}",
        data={
            "csrf_token": secret(reviewer),
            "result": "passed",
            "ok_facts": "maybe",
            "signature": "赵法制",
        },
        headers=HTML,
    )
    assert answer.headers["jianzheng-refusal"] == "invalid-request"
    assert "请选择“是”或“否”" in answer.text
    assert stored(jz) == before


# -- #13: the upload endpoint answers scripts ---------------------------------------------


def test_upload_refusals_are_problem_json_with_words_whatever_accept_says(
    jz: Jianzheng, cast: Cast, browsers: Browsers
) -> None:
    case_id = open_case(jz, cast)
    head = browsers.signed_in(cast.tokens["head"])  # a head uploads no evidence
    for accept in ("text/html", "application/json"):
        answer = head.post(
            f"/screens/evidence?purpose=case&subject_id={case_id}",
            content=b"\x00" * 64,
            headers={
                "accept": accept,
                "content-type": "video/mp4",
                "x-csrf-token": secret(head),
            },
        )
        assert answer.status_code in (403, 422), answer.text
        assert answer.headers["content-type"].startswith("application/problem+json")
        problem = answer.json()
        assert problem["code"]
        assert re.search(r"[\u4e00-\u9fff]", problem["words"])
