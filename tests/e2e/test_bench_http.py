"""The HTTP benchmark's load generator counts answers, errors and latencies as it says."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.core import Recorder
from bench.http import Stats, free_port, summarise, target_load
from bench.loadgen import Load, Plan, Request, drive

SLOW_SECONDS = 0.05


class Handler(BaseHTTPRequestHandler):
    """Keep-alive answers of every kind the load generator must tell apart."""

    protocol_version = "HTTP/1.1"

    def _answer(self, status: int, body: bytes = b'{"ok": true}') -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/ok":
            self._answer(200)
        elif self.path == "/slow":
            time.sleep(SLOW_SECONDS)
            self._answer(200)
        elif self.path == "/missing":
            self._answer(404, b'{"code": "not-found"}')
        elif self.path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.wfile.write(b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
        elif self.path == "/drop":
            self.close_connection = True  # no answer at all
        else:
            self._answer(500)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self._answer(201 if self.headers["Content-Type"] == "application/json" else 415)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 -- the base's name
        """Quiet."""


@pytest.fixture
def port() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


def get(path: str) -> Request:
    return Request("GET", path)


def test_every_request_without_a_2xx_answer_is_counted_and_only_2xx_are_timed(port: int) -> None:
    """Statuses, dropped connections and warm-up errors are counted; latencies are 2xx only."""
    plan = Plan(
        host="127.0.0.1",
        port=port,
        headers={"Authorization": "Bearer jz_test"},
        clients=[
            [get("/ok"), get("/ok"), get("/slow"), get("/missing"), get("/drop"), get("/slow")],
            [get("/drop"), get("/chunked"), get("/ok"), Request("POST", "/steps", '{"a": 1}')],
        ],
        warmup=1,
        timeout=10,
    )
    load = drive(plan)
    assert (load.clients, load.requests) == (2, 8)
    assert load.statuses == {"200": 5, "201": 1, "404": 1}
    assert load.failures == {"IncompleteReadError": 1}
    assert (load.ok, load.errors) == (6, 2)
    assert (load.warmup_requests, load.warmup_errors) == (2, 1)
    assert len(load.latencies) == 6
    assert sum(latency >= SLOW_SECONDS for latency in load.latencies) >= 2
    assert load.error_summary() == "1× HTTP 404, 1× IncompleteReadError, 1 in warm-up"


def test_a_refused_connection_is_an_error_not_a_crash() -> None:
    """With nobody listening, every request fails and is counted; no latency is kept."""
    plan = Plan("127.0.0.1", free_port(), {}, [[get("/ok"), get("/ok")]], warmup=0, timeout=5)
    load = drive(plan)
    assert (load.requests, load.ok, load.errors) == (2, 0, 2)
    assert load.failures == {"ConnectionRefusedError": 2}
    stats = summarise("refused", load, Recorder({}))
    assert stats.p99_ms == float("inf")
    assert stats.per_second == 0


def test_percentiles_and_throughput_are_those_of_the_2xx_latencies() -> None:
    """pyperf's interpolated percentiles over 1..100 ms; errors do not count as answers."""
    load = Load(
        clients=4,
        requests=104,
        seconds=2.0,
        latencies=[ms / 1000 for ms in range(100, 0, -1)],
        statuses={"201": 100, "503": 4},
    )
    stats = summarise("known", load, Recorder({}))
    assert stats.p50_ms == pytest.approx(50.5)
    assert stats.p95_ms == pytest.approx(95.05)
    assert stats.p99_ms == pytest.approx(99.01)
    assert (stats.requests, stats.errors, stats.per_second) == (104, 4, 50.0)
    assert stats.error_summary == "4× HTTP 503"


def test_the_target_is_judged_at_the_most_clients_up_to_which_bare_p99_holds() -> None:
    """The first level where the bare endpoint erred or exceeded 10 ms ends the search."""

    def bare(p99_ms: float, errors: int = 0) -> dict[str, Stats]:
        latencies = [p99_ms / 1000] * 10
        stats = summarise(
            f"bare{p99_ms}",
            Load(clients=1, requests=10 + errors, seconds=1.0, latencies=latencies),
            Recorder({}),
        )
        return {"bare": stats, "jianzheng": stats}

    sweep = {1: bare(2.0), 2: bare(6.0), 4: bare(4.0, errors=1), 8: bare(3.0)}
    assert target_load(sweep) == 2
    assert target_load({1: bare(2.0), 2: bare(12.0), 4: bare(8.0)}) == 1
    assert target_load({1: bare(12.0), 2: bare(2.0)}) is None
