"""``jianzheng serve`` on a bare data directory: initialises, prints the admin token, serves."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str, token: str | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(url)  # noqa: S310 -- loopback URL built by the test
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@pytest.fixture
def server(tmp_path: Path) -> Any:
    """A real server process on a free loopback port, over a new SQLite store."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIANZHENG_")}
    env["JIANZHENG_DATA_DIR"] = str(tmp_path / "var")
    out = (tmp_path / "stdout").open("w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "api", "serve", "--port", str(port)],
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
        cwd=tmp_path,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if get(f"{base}/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        out.seek(0)
        pytest.fail(f"server did not answer /healthz:\n{out.read()}")
    try:
        yield base, tmp_path, out
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        out.close()


def test_serve_initialises_a_bare_store_and_answers_health(server: Any) -> None:
    """A new data dir gets a 0600 log key, and the printed admin token works once served."""
    base, tmp_path, out = server
    assert get(f"{base}/healthz") == (200, {"status": "ok", "backend": "sqlite"})
    key = tmp_path / "var" / "log.key"
    assert key.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "var" / "log.vkey").read_text().startswith("jianzheng.example/log+")
    out.seek(0)
    printed = out.read()
    tokens = re.findall(r"jz_[A-Za-z0-9_-]{40,}", printed)
    assert len(tokens) == 1, printed
    status, me = get(f"{base}/v1/me", tokens[0])
    assert status == 200
    assert me["role"] == "admin"
    status, problem = get(f"{base}/v1/me", "jz_wrong")
    assert (status, problem["code"]) == (401, "unauthenticated")


def test_openapi_is_served(server: Any) -> None:
    """The OpenAPI document lists the versioned routes."""
    base, _, _ = server
    status, spec = get(f"{base}/openapi.json")
    assert status == 200
    assert "/v1/actors" in spec["paths"]
    assert "/v1/verification" in spec["paths"]


def raw(base: str, head: bytes, body: bytes = b"") -> tuple[int, bytes, bytes]:
    """Send exactly these bytes over one connection: (status, headers, body) of the answer."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(head + b"\r\n" + body)
        received = b""
        while chunk := conn.recv(65536):
            received += chunk
    status_line, _, rest = received.partition(b"\r\n")
    headers, _, answer = rest.partition(b"\r\n\r\n")
    return int(status_line.split()[1]), headers.lower(), answer


def admin_token(out: Any) -> str:
    out.seek(0)
    return str(re.findall(r"jz_[A-Za-z0-9_-]{40,}", out.read())[0])


def test_two_authorization_headers_over_http_are_refused_as_ambiguous(server: Any) -> None:
    """F10 over a real connection: the server passes both lines on, the app answers 400."""
    base, _, out = server
    token = admin_token(out).encode()
    head = b"GET /v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
    head += b"Authorization: Bearer " + token + b"\r\nAuthorization: Bearer jz_other\r\n"
    status, headers, body = raw(base, head)
    assert status == 400
    assert b"application/problem+json" in headers
    assert json.loads(body)["code"] == "ambiguous-request"


def test_how_the_served_http_layer_frames_repeated_content_lengths(server: Any) -> None:
    """F8, as documented in the README: uvicorn's h11 answers two *different*
    Content-Length values with its own plain-text 400 before the app runs (nothing stored);
    the *same* value twice is one length (RFC 9110 §8.6) and the request is read once."""
    base, _, out = server
    token = admin_token(out).encode()
    body = json.dumps({"name": "赵六", "role": "officer", "agency": "局",
                       "jurisdiction": "370303"}).encode()  # fmt: skip
    start = b"POST /v1/actors HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
    start += b"Authorization: Bearer " + token + b"\r\nContent-Type: application/json\r\n"
    length = str(len(body)).encode()
    grants = f"{base}/v1/oversight/role-grants"
    before = len(get(grants, token.decode())[1]["grants"])
    status, headers, answer = raw(
        base, start + b"Content-Length: " + length + b"\r\nContent-Length: 3\r\n", body
    )
    assert status == 400
    assert b"application/problem+json" not in headers, "answered by h11, before the app"
    time.sleep(1.5)  # the follower would have projected a stored registration by now
    assert len(get(grants, token.decode())[1]["grants"]) == before
    status, _, answer = raw(
        base, start + b"Content-Length: " + length + b"\r\nContent-Length: " + length + b"\r\n",
        body,
    )  # fmt: skip
    assert status == 201, answer
    assert json.loads(answer)["actor_id"]
