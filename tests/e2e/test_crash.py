"""SIGKILL the server in the middle of a write load, restart it: nothing acknowledged is lost.

Every acknowledged event must be a leaf of the log, no leaf may be duplicated, the whole
store must verify, and the next checkpoint must be consistent with the last one signed
before the crash. Every write carries an ``Idempotency-Key``; the writes the kill left
unanswered are retried with their keys after the restart, and each intended write must then
be stored exactly once. (``make test-faults`` runs more rounds of the same test.)
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from domain.proof import merkle
from infra.application import Jianzheng
from infra.settings import Settings
from tests.conftest import cli_env

ROUNDS = int(os.environ.get("JIANZHENG_CRASH_ROUNDS", "2"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def call(
    base: str, path: str, token: str, body: Any = None, key: str | None = None
) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method="POST" if data else "GET")  # noqa: S310
    request.add_header("Authorization", f"Bearer {token}")
    if key is not None:
        request.add_header("Idempotency-Key", key)
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


class Server:
    """`jianzheng serve` as a child process."""

    def __init__(self, settings: Settings, tmp: Path) -> None:
        self.env = cli_env(settings) | {"JIANZHENG_CHECKPOINT_INTERVAL_SECONDS": "0.2"}
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = (tmp / f"server-{self.port}.log").open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "api", "serve", "--port", str(self.port)],
            env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=1):  # noqa: S310
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("server did not start")

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.log.close()


@dataclass
class Load:
    """What the writers saw: acknowledged event hashes, and writes left without an answer."""

    acked: list[str] = field(default_factory=list)
    unanswered: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    retried: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def load(base: str, token: str, writer: int, stop: threading.Event, seen: Load) -> None:
    """Register actors until stopped; remember every acknowledged event hash."""
    n = 0
    while not stop.is_set():
        n += 1
        name = f"负载{writer}-{n}"
        body = {"name": name, "role": "officer", "agency": "a", "jurisdiction": "370303"}
        key = f"crash-{writer}-{n}"
        with seen.lock:
            seen.names.append(name)
        try:
            status, answer = call(base, "/v1/actors", token, body, key)
        except (OSError, http.client.HTTPException):  # died mid-request or mid-answer: retry
            with seen.lock:
                seen.unanswered.append((key, body))
            return
        if status == 201:
            with seen.lock:
                seen.acked.extend(e["event_hash"] for e in answer["events"])


@pytest.mark.parametrize("round_no", range(ROUNDS))
def test_a_killed_server_loses_nothing_it_acknowledged(
    settings: Settings, tmp_path: Path, round_no: int
) -> None:
    """SIGKILL mid-load, restart: every acked event is one leaf; checkpoints stay consistent."""
    init = subprocess.run(
        [sys.executable, "-m", "api", "init", "--json"],
        env=cli_env(settings), capture_output=True, text=True, check=True,
    )  # fmt: skip
    token = json.loads(init.stdout)["admin_token"]
    seen = Load()
    acked = seen.acked
    server = Server(settings, tmp_path)
    stop = threading.Event()
    writers = [
        threading.Thread(target=load, args=(server.base, token, w, stop, seen)) for w in range(4)
    ]
    for w in writers:
        w.start()
    # Kill mid-load: once writes are being acknowledged, after a varying extra delay.
    deadline = time.monotonic() + 60
    while len(acked) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.1 + 0.25 * (round_no % 5))
    server.kill()
    stop.set()
    for w in writers:
        w.join(timeout=30)
    assert acked, "the load acknowledged nothing before the kill"

    jz = Jianzheng(settings)
    try:
        before = jz.log.latest()
        leaves = list(jz.log.leaves())
        hashes = [h.hex() for _, _, h in leaves]
        assert len(hashes) == len(set(hashes)), "a leaf was duplicated"
        assert [i for i, _, _ in leaves] == list(range(len(leaves)))
        lost = set(acked) - set(hashes)
        # Shown with `pytest -s` (make test-faults): the counts the fault report quotes.
        print(f"\ncrash round {round_no} [{settings.backend}]: acknowledged {len(acked)}, "
              f"found {len(set(acked) & set(hashes))}, lost {len(lost)}")  # fmt: skip
        assert not lost, "an acknowledged event is not in the log"
        report = jz.verify()
        assert report.ok, report.as_dict()
    finally:
        jz.close()

    restarted = Server(settings, tmp_path)
    try:
        for key, body in seen.unanswered:  # the client retries what got no answer
            status, answer = call(restarted.base, "/v1/actors", token, body, key)
            assert status in (200, 201), answer
            # 200: committed before the kill, answer rebuilt from its events; 201: new.
            seen.retried[status] = seen.retried.get(status, 0) + 1
        after_restart = {
            "name": "重启后",
            "role": "officer",
            "agency": "a",
            "jurisdiction": "370303",
        }
        status, _ = call(restarted.base, "/v1/actors", token, after_restart)
        assert status == 201
        url = restarted.base + "/v1/log/checkpoint"
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
            assert response.read().startswith(b"jianzheng.example/log\n")
    finally:
        restarted.kill()
    jz = Jianzheng(settings)
    try:
        registered = [
            jz.store.envelope(row).data["name"]
            for row in jz.store.rows(topics=["actors.Registered"])
        ]
        twice = {n for n in seen.names if registered.count(n) > 1}
        missing = {n for n, _ in ((b["name"], k) for k, b in seen.unanswered)} - set(registered)
        print(f"crash round {round_no} [{settings.backend}]: retried {len(seen.unanswered)} "
              f"unanswered writes ({seen.retried.get(200, 0)} had committed before the kill); "
              f"stored twice {len(twice)}, missing {len(missing)}")  # fmt: skip
        assert not twice, "a retried write was stored twice"
        assert not missing, "a retried write was not stored"
        after = jz.log.sign_checkpoint()
        if before is not None:
            proof = jz.log.consistency_proof(before.size, after.size)
            merkle.verify_consistency(before.size, after.size, proof, before.root, after.root)
        assert jz.verify().ok
    finally:
        jz.close()
