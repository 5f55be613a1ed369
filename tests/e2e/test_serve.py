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
