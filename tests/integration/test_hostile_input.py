"""Hostile request bodies: one reading of each request, and never a 5xx from input.

``api/strict_json.py`` must read every body exactly as the route will: a second
``Content-Type`` or ``Content-Length``, a transfer coding beside a length, a JSON body under
another media type or charset, or no media type at all, must not step around the 1 MiB limit
or the JSON rules (no floats, integers within ±(2^53−1), I-JSON). The last test walks the
served OpenAPI document and sends every kind of hostile body to every write route, with the
token of a role that may call it and with none, and fails on any server error.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from infra.application import Jianzheng
from tests.integration.casekit import Cast, open_case
from tests.integration.test_authz_matrix import (
    AGENCY,
    AGENCY_ROLES,
    CASE_AREA,
    CERTIFICATE,
    LOCATION,
    OTHER_AGENCY,
    ROLE_AREAS,
    ROWS,
    World,
)

PROBLEM = "application/problem+json"
MiB = 1024 * 1024
CATALOGUE_NOTE = "复核目录"


def auth(cast: Cast, who: str = "a") -> dict[str, str]:
    return {"Authorization": f"Bearer {cast.tokens[who]}"}


def admin_headers(jz: Jianzheng) -> dict[str, str]:
    """A token of a fresh admin: the catalogue is a write whose body takes any JSON."""
    from infra.application import OPERATOR

    admin = jz.register_actor(
        OPERATOR, name="管理员", role="admin", agency="jianzheng", jurisdiction="*"
    )
    return {"Authorization": f"Bearer {admin.token}"}


def catalogue_body(value: str) -> bytes:
    """A catalogue revision whose data holds ``value`` (JSON text)."""
    return ('{"note": "' + CATALOGUE_NOTE + '", "data": {"x": ' + value + "}}").encode()


def asgi(
    app: FastAPI,
    method: str,
    path: str,
    headers: list[tuple[bytes, bytes]],
    messages: list[dict[str, Any]],
    query: bytes = b"",
) -> list[dict[str, Any]]:
    """Call the ASGI app directly with exactly these headers and body messages.

    A test client recomputes framing headers; a hostile client does not. After the given
    messages, ``receive`` reports the client gone.
    """
    sent: list[dict[str, Any]] = []
    incoming = iter(messages)

    async def receive() -> dict[str, Any]:
        try:
            return next(incoming)
        except StopIteration:
            await asyncio.sleep(0)
            return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    return sent


def answer(sent: list[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return int(start["status"]), json.loads(body) if body else {}


@pytest.fixture
def app(jz: Jianzheng) -> FastAPI:
    """The app over the test store, for direct ASGI calls (no lifespan: no follower)."""
    application = create_app(jianzheng=jz)
    application.state.jianzheng = jz
    return application


# -- one reading of each request (item 12) -----------------------------------------------------


def test_a_second_content_type_header_is_refused_as_ambiguous_and_stores_nothing(
    app: FastAPI, jz: Jianzheng
) -> None:
    """JSON first and text/plain second: the filter and the route would read different types."""
    token = admin_headers(jz)["Authorization"].encode()
    before = jz.store.event_count()
    body = catalogue_body("1.5")
    for types in ([b"application/json", b"text/plain"], [b"text/plain", b"application/json"]):
        headers = [(b"authorization", token)] + [(b"content-type", t) for t in types]
        headers.append((b"content-length", str(len(body)).encode()))
        status, problem = answer(
            asgi(app, "POST", "/v1/catalogue", headers, [{"type": "http.request", "body": body}])
        )
        assert (status, problem["code"]) == (400, "ambiguous-request"), problem
    assert jz.store.event_count() == before


@pytest.mark.parametrize(
    "framing",
    [
        [(b"content-length", b"2"), (b"content-length", b"2")],
        [(b"content-length", b"2"), (b"transfer-encoding", b"chunked")],
        [(b"transfer-encoding", b"gzip, chunked")],
        [(b"content-length", b"+2")],
    ],
    ids=["two-lengths", "length-and-chunked", "gzip-coding", "signed-length"],
)
def test_framing_two_readers_could_take_differently_is_refused_with_400(
    app: FastAPI, jz: Jianzheng, framing: list[tuple[bytes, bytes]]
) -> None:
    """Duplicate Content-Length, Transfer-Encoding beside it, odd codings: 400, nothing stored."""
    token = admin_headers(jz)["Authorization"].encode()
    before = jz.store.event_count()
    headers = [(b"authorization", token), (b"content-type", b"application/json"), *framing]
    status, problem = answer(
        asgi(app, "POST", "/v1/catalogue", headers, [{"type": "http.request", "body": b"{}"}])
    )
    assert (status, problem["code"]) == (400, "ambiguous-request"), problem
    assert jz.store.event_count() == before


def test_a_content_length_of_5000_digits_is_413_not_a_server_error(
    app: FastAPI, jz: Jianzheng
) -> None:
    """The declared length is compared by its digits before int() (Python's digit limit)."""
    headers = [(b"content-type", b"application/json"), (b"content-length", b"9" * 5000)]
    status, problem = answer(
        asgi(app, "POST", "/v1/catalogue", headers, [{"type": "http.request", "body": b"{}"}])
    )
    assert (status, problem["code"]) == (413, "body-too-large")


@pytest.mark.parametrize(
    ("content_type", "code"),
    [
        ("text/plain", "unsupported-media-type"),
        (None, "unsupported-media-type"),
        ("application/x-www-form-urlencoded", "unsupported-media-type"),
        ("application/json; charset=utf-16", "unsupported-media-type"),
        ("application/json; charset=latin-1", "unsupported-media-type"),
    ],
)
def test_a_json_body_under_another_media_type_or_charset_is_415(
    client: TestClient, jz: Jianzheng, content_type: str | None, code: str
) -> None:
    """A route that takes JSON gets only bodies the filter checked: the float never arrives."""
    headers = admin_headers(jz)
    if content_type is not None:
        headers["Content-Type"] = content_type
    before = jz.store.event_count()
    body = catalogue_body("1.5")
    if "utf-16" in (content_type or ""):
        body = body.decode().encode("utf-16")
    response = client.post("/v1/catalogue", content=body, headers=headers)
    assert (response.status_code, response.json()["code"]) == (415, code), response.text
    assert response.headers["content-type"] == PROBLEM
    assert jz.store.event_count() == before


NEW_OFFICER = {"name": "赵六", "role": "officer", "agency": "淄博市市场监督管理局",
               "jurisdiction": "370303"}  # fmt: skip


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json-patch+json",
        "application/problem+json",
        "application/merge-patch+json",
        "application/vnd.jianzheng+json",
        "application/x-json",
        "text/json",
    ],
)
def test_a_json_route_takes_application_json_and_no_other_json_media_type(
    client: TestClient, jz: Jianzheng, content_type: str
) -> None:
    """F9: the README says application/json only; a patch or problem document is not a
    registration, whatever its body: 415, nothing stored."""
    headers = {**admin_headers(jz), "Content-Type": content_type}
    before = jz.store.event_count()
    response = client.post("/v1/actors", content=json.dumps(NEW_OFFICER), headers=headers)
    assert (response.status_code, response.json()["code"]) == (415, "unsupported-media-type")
    assert jz.store.event_count() == before
    plain = {**headers, "Content-Type": "application/json; charset=UTF-8"}
    assert client.post("/v1/actors", content=json.dumps(NEW_OFFICER), headers=plain).is_success


@pytest.mark.parametrize(
    ("method", "path", "repeated"),
    [
        ("GET", "/v1/me", b"authorization"),
        ("GET", "/v1/children", b"authorization"),
        ("POST", "/v1/actors", b"authorization"),
        ("POST", "/v1/actors", b"idempotency-key"),
        ("POST", "/v1/actors", b"cookie"),
        ("GET", "/v1/me", b"host"),
    ],
)
def test_a_second_header_that_says_who_asks_is_refused_as_ambiguous(
    app: FastAPI, jz: Jianzheng, method: str, path: str, repeated: bytes
) -> None:
    """F10: with two Authorization headers this app took the first, a proxy may take the
    last — someone else. Reads and writes alike: 400 ambiguous-request, nothing stored."""
    token = admin_headers(jz)["Authorization"].encode()
    other = admin_headers(jz)["Authorization"].encode()
    values = {
        b"authorization": (token, other),
        b"idempotency-key": (b"key-1", b"key-2"),
        b"cookie": (b"a=1", b"b=2"),
        b"host": (b"testserver", b"elsewhere.example"),
    }[repeated]
    body = json.dumps(NEW_OFFICER).encode() if method == "POST" else b""
    headers = [(b"host", b"testserver")] if repeated != b"host" else []
    if repeated != b"authorization":
        headers.append((b"authorization", token))
    headers += [(repeated, value) for value in values]
    if body:
        headers += [(b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode())]  # fmt: skip
    before = jz.store.event_count()
    status, problem = answer(
        asgi(app, method, path, headers, [{"type": "http.request", "body": body}])
    )
    assert (status, problem["code"]) == (400, "ambiguous-request"), problem
    assert repeated.decode() in problem["detail"].lower()
    assert jz.store.event_count() == before


@pytest.mark.parametrize(
    ("encode", "what"),
    [
        (lambda text: text.encode("utf-16"), "utf-16"),
        (lambda text: text.encode("utf-32"), "utf-32"),
        (lambda text: b"\xef\xbb\xbf" + text.encode(), "bom"),
        (lambda text: text.encode().replace(b"\xe5\xa4\x8d", b"\xff\xfe"), "invalid-utf-8"),
    ],
    ids=["utf-16", "utf-32", "bom", "invalid-utf-8"],
)
def test_a_json_body_that_is_not_plain_utf8_is_malformed(
    client: TestClient, jz: Jianzheng, encode: Any, what: str
) -> None:
    """RFC 8259 §8.1: JSON is UTF-8 without a byte-order mark; Python would guess otherwise."""
    headers = {**admin_headers(jz), "Content-Type": "application/json"}
    before = jz.store.event_count()
    body = encode(catalogue_body("1").decode())
    response = client.post("/v1/catalogue", content=body, headers=headers)
    assert (response.status_code, response.json()["code"]) == (422, "malformed-json"), what
    assert jz.store.event_count() == before


def test_an_object_naming_a_member_twice_is_malformed(client: TestClient, jz: Jianzheng) -> None:
    """RFC 7493 §2.3: the filter and other readers might keep different duplicates."""
    headers = {**admin_headers(jz), "Content-Type": "application/json"}
    body = b'{"note": "a", "note": "b", "data": {}}'
    response = client.post("/v1/catalogue", content=body, headers=headers)
    assert (response.status_code, response.json()["code"]) == (422, "malformed-json")
    assert "twice" in response.json()["detail"]


# -- no 500 from input (item 13) -----------------------------------------------------------------


@pytest.mark.parametrize("digits", ["1" * 4301, "-" + "9" * 4301, "1" * 17])
@pytest.mark.parametrize("authenticated", [True, False], ids=["token", "no-token"])
def test_an_integer_beyond_pythons_digit_limit_is_422_integer_out_of_range(
    client: TestClient, jz: Jianzheng, digits: str, authenticated: bool
) -> None:
    """A 4,301-digit integer made json.loads raise ValueError (a 500) before any route ran."""
    headers = {"Content-Type": "application/json"}
    if authenticated:
        headers |= admin_headers(jz)
    before = jz.store.event_count()
    response = client.post("/v1/catalogue", content=catalogue_body(digits), headers=headers)
    assert (response.status_code, response.json()["code"]) == (422, "integer-out-of-range")
    assert jz.store.event_count() == before


def test_a_4301_digit_query_parameter_is_a_422(client: TestClient) -> None:
    """Query integers are parsed by the routes' validation, not by int(): no 500 either."""
    response = client.get("/v1/log/checkpoint", params={"size": "1" * 4301})
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM


def test_a_client_that_disconnects_mid_upload_is_logged_as_one_line_without_a_traceback(
    app: FastAPI, jz: Jianzheng, cast: Cast, caplog: pytest.LogCaptureFixture
) -> None:
    """The upload stops, nothing is stored, and the log says so once, without a traceback."""
    case = open_case(jz, cast)
    headers = [
        (b"authorization", auth(cast)["Authorization"].encode()),
        (b"content-type", b"video/mp4"),
    ]
    first = b"\x00\x00\x00\x18ftypisom" + bytes(5000)
    before = jz.store.event_count()
    with caplog.at_level(logging.INFO):
        asgi(
            app,
            "POST",
            "/v1/evidence",
            headers,
            [{"type": "http.request", "body": first, "more_body": True}],
            query=f"purpose=case&case_id={case}".encode(),
        )
    records = [r for r in caplog.records if r.name.startswith("jianzheng")]
    assert len(records) == 1, [r.getMessage() for r in records]
    assert records[0].exc_info is None
    assert records[0].levelno <= logging.WARNING
    assert "disconnected" in records[0].getMessage()
    assert jz.store.event_count() == before
    assert not [p for p in (jz.blobs.root / "tmp").glob("*") if p.is_file()]


def test_a_client_that_disconnects_before_its_json_body_arrived_is_logged_once(
    app: FastAPI, jz: Jianzheng, caplog: pytest.LogCaptureFixture
) -> None:
    """The JSON filter, too, logs a client gone as one line and answers nothing."""
    token = admin_headers(jz)["Authorization"].encode()
    headers = [(b"authorization", token), (b"content-type", b"application/json")]
    with caplog.at_level(logging.INFO):
        sent = asgi(
            app,
            "POST",
            "/v1/catalogue",
            headers,
            [{"type": "http.request", "body": b'{"note": ', "more_body": True}],
        )
    assert sent == []
    records = [r for r in caplog.records if r.name.startswith("jianzheng")]
    assert [r.exc_info for r in records] == [None]


# -- every hostile body to every write route -----------------------------------------------------


def hostile_bodies() -> Iterator[tuple[str, bytes, str | None]]:
    """(name, body, content type) of every kind of hostile body."""
    json_type = "application/json"
    yield "huge-int", b'{"a": ' + b"1" * 4301 + b"}", json_type
    yield "huge-negative-int", b'{"a": -' + b"9" * 5000 + b"}", json_type
    yield "2^53", b'{"a": 9007199254740992}', json_type
    yield "float", b'{"a": 1.5}', json_type
    yield "exponent", b'{"a": 1e3}', json_type
    yield "huge-exponent", b'{"a": 1e999999}', json_type
    yield "nan", b'{"a": NaN}', json_type
    yield "infinity", b'{"a": -Infinity}', json_type
    yield "deep-arrays", b"[" * 200_000 + b"]" * 200_000, json_type
    yield "deep-objects", b'{"a":' * 5000 + b"1" + b"}" * 5000, json_type
    yield "array", b"[]", json_type
    yield "string", b'"text"', json_type
    yield "number", b"1", json_type
    yield "true", b"true", json_type
    yield "null", b"null", json_type
    yield "unknown-member", b'{"not_a_field": {}}', json_type
    yield "empty-object", b"{}", json_type
    yield "empty", b"", json_type
    yield "empty-no-type", b"", None
    yield "not-utf-8", b'{"a": "\xff\xfe\xfd"}', json_type
    yield "bom", b'\xef\xbb\xbf{"a": 1}', json_type
    yield "utf-16", '{"a": 1}'.encode("utf-16"), json_type
    yield "utf-16-declared", '{"a": 1}'.encode("utf-16"), json_type + "; charset=utf-16"
    yield "duplicate-keys", b'{"a": 1, "a": 2}', json_type
    yield "lone-surrogate", b'{"a": "\\ud800"}', json_type
    yield "nul-in-string", b'{"a": "\\u0000"}', json_type
    yield "truncated", b'{"a": [1, 2', json_type
    yield "over-1-mib", b'{"a": "' + b"x" * MiB + b'"}', json_type
    yield "1-mib-plus-1", b"x" * (MiB + 1), json_type
    yield "text-plain-json", b'{"a": 1.5}', "text/plain"
    yield "no-type-json", b'{"a": 1.5}', None
    yield "form", b"a=1&b=2", "application/x-www-form-urlencoded"
    yield "multipart", b"--x\r\n\r\n--x--\r\n", "multipart/form-data; boundary=x"
    yield "xml", b"<a>1</a>", "application/xml"
    yield "upper-case-type", b'{"a": 1.5}', "APPLICATION/JSON"
    yield "json-suffix", b'{"a": 1.5}', "application/vnd.jianzheng+json"
    yield "odd-type", b'{"a": 1}', "application/json/x; ;;"


def typed_bodies(schema: dict[str, Any], components: dict[str, Any]) -> Iterator[tuple[str, bytes]]:
    """Bodies built from the route's own schema: each member null, wrong-typed, huge."""
    ref = schema.get("$ref")
    node = components[ref.rsplit("/", 1)[-1]] if ref else schema
    members = list(node.get("properties", {}))
    if not members:
        return
    for name, value in [
        ("nulls", None),
        ("lists", [1, 2]),
        ("objects", {"x": 1}),
        ("huge-ints", 2**60),
        ("strings", "x" * 30_000),
        ("bools", True),
    ]:
        text = json.dumps(dict.fromkeys(members, value))
        yield f"members-as-{name}", text.encode()


PATH_TARGETS = {
    "case_id": lambda w: w.target("case", False),
    "child_id": lambda w: w.target("child", False),
    "report_id": lambda w: w.target("report", False),
    "petition_id": lambda w: w.target("petition", False),
    "review_id": lambda w: w.target("reviewed_case", False)[1],
    "actor_id": lambda w: w.target("actor", False),
    "token_id": lambda w: w.target("token", False)[1],
    "catalogue_id": lambda w: w.target("catalogue_proposal", False)[0],
    "area": lambda _: LOCATION["village"],  # a staff roster (R-AC-2)
    "appointment_no": lambda w: w.target("appointment", False),
    "complaint_id": lambda w: w.target("complaint", False),
    "sha256": lambda w: w.make_case_evidence(),  # a read ticket for a case's evidence
}


def path_targets(w: World, path: str) -> dict[str, Any]:
    """The ids to put in a path: a role proposal names its actor, a catalogue proposal its
    catalogue."""
    if "/role-proposals/" in path:
        actor_id, proposal_id = w.target("proposal", False)
        return {"actor_id": lambda _: actor_id, "proposal_id": lambda _: proposal_id}
    if "/catalogue/" in path:
        return {**PATH_TARGETS,
                "proposal_id": lambda w: w.target("catalogue_proposal", False)[1]}  # fmt: skip
    return PATH_TARGETS


def make_world(jz: Jianzheng, client: TestClient) -> World:
    """The callers of the authorisation matrix, over this test's store."""
    w = World(jz, client)
    cert = {"certificate": "鲁执-0001", **CERTIFICATE}
    for role, (own, _) in ROLE_AREAS.items():
        w.enrol(f"{role}/own", role, AGENCY, own, **(cert if role == "officer" else {}))
        if role in AGENCY_ROLES:
            w.enrol(f"{role}/other-agency", role, OTHER_AGENCY, own)
    w.enrol("admin/all-areas", "admin", "jianzheng", "*")
    w.enrol("partner", "officer", AGENCY, CASE_AREA, **cert)
    w.enrol("setup-head", "agency_head", AGENCY, CASE_AREA)
    w.enrol("setup-reviewer", "legal_reviewer", AGENCY, CASE_AREA)
    w.enrol("setup-admin", "admin", "jianzheng", "*")
    w.enrol("setup-village", "village_committee", "某村委会", LOCATION["village"])
    w.enrol("setup-town", "town_office", "某镇政府", LOCATION["town"])
    w.enrol("setup-civil", "civil_affairs", "张店区民政局", LOCATION["county"])
    w.enrol("setup-police", "police", "张店公安分局", LOCATION["county"])
    w.enrol("setup-school", "reporter", "某村小学", LOCATION["village"])
    return w


def allowed_caller(method: str, path: str) -> str | None:
    """A caller that the authorisation matrix lets through on this route (None: public)."""
    if path.startswith("/v1/log/"):
        return None
    for row in ROWS:
        if (row.method, row.path) == (method, path):
            for key in sorted(row.allowed):
                if key.endswith(("/own", "/all-areas")):
                    return key
    raise AssertionError(f"no caller may {method} {path} in the matrix")


def test_every_hostile_body_to_every_write_route_answers_without_a_server_error(
    jz: Jianzheng,
) -> None:
    """Every write route of the served OpenAPI × every hostile body × a token and none: no 5xx."""
    with TestClient(create_app(jianzheng=jz), raise_server_exceptions=False) as client:
        w = make_world(jz, client)
        document = client.get("/openapi.json").json()
        components = document["components"]["schemas"]
        failures: list[str] = []
        sent = 0
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                if method not in {"post", "put", "patch", "delete"}:
                    continue
                url = path
                for name, target in path_targets(w, path).items():
                    if "{" + name + "}" in url:
                        url = url.replace("{" + name + "}", str(target(w)))
                assert "{" not in url, f"no id for {path}"
                params = {}
                for parameter in operation.get("parameters", []):
                    if parameter["in"] == "query" and parameter["name"] == "purpose":
                        params["purpose"] = "case"
                        params["case_id"] = str(w.target("case", False))
                caller = allowed_caller(method.upper(), path)
                content = operation.get("requestBody", {}).get("content", {})
                schema = next(iter(content.values()), {}).get("schema", {})
                bodies = list(hostile_bodies())
                bodies += [(n, b, "application/json") for n, b in typed_bodies(schema, components)]
                for name, body, content_type in bodies:
                    for who in dict.fromkeys([caller, None]):
                        headers = {"Authorization": f"Bearer {w.tokens[who]}"} if who else {}
                        if content_type is not None:
                            headers["Content-Type"] = content_type
                        if who is not None:
                            headers["Idempotency-Key"] = f"hostile-{sent}"
                        response = client.request(
                            method.upper(), url, content=body, headers=headers, params=params
                        )
                        sent += 1
                        if response.status_code >= 500:
                            failures.append(
                                f"{method.upper()} {path} {name} as {who or 'anonymous'}: "
                                f"{response.status_code} {response.text[:200]}"
                            )
                        elif response.status_code >= 400:
                            assert response.headers["content-type"] == PROBLEM, (path, name)
        assert sent > 1000
        assert not failures, "server errors from input:\n" + "\n".join(failures)
