"""Benchmark 5: the served HTTP API under concurrent load, beside a bare FastAPI endpoint.

The API is served as in production, by `jianzheng serve` (uvicorn, one worker, access log
off) in its own process over a new store, once per backend (SQLite; PostgreSQL in a
temporary database). The baseline, `bench/bare_app.py`, is served by uvicorn in another
process with the same settings: bare `def` endpoints on the same paths that parse the
same requests and answer a document recorded from the API (so the same bytes go each
way), with no authentication, validation or storage. The clients run in a third process
(`bench/loadgen.py`): N keep-alive HTTP/1.1 connections on the loopback interface, each
sending its next request as soon as the previous answer is in. Clients and server share
the machine's cores, which is why the baseline is measured in exactly the same way.

Two workloads, the same requests to both servers:

* **append a step**: `POST /v1/cases/{id}/steps` by an officer of the case (an on-site
  inspection citing a photo and a video stored once); each client appends to cases of
  its own, at most 8 steps to each (`STEPS_PER_CASE`), all opened over the API beforehand;
* **read a case**: `GET /v1/cases/{id}` by the same officer, round-robin over 16 cases of
  8 steps each (`READ_CASES`, `READ_STEPS`).

Every load level (number of clients) sends the same number of timed requests, after a
few untimed ones per client; bare and API alternate going first. A request that does
not end in a 2xx answer is an error (its status, or the connection failure), counted and
shown; latencies are those of 2xx answers and requests/s counts 2xx answers. The target
is judged at the highest load up to which the bare endpoint answered every request
with a p99 ≤ 10 ms; the rows give that load and the highest measured, the table under
them every load.
"""

from __future__ import annotations

import ctypes
import http.client
import json
import math
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.bare_app import DOCUMENTS_VARIABLE
from bench.core import (
    HTTP_BARE_P99_MS,
    HTTP_P99_TARGET_MS,
    Mode,
    Recorder,
    Results,
    Row,
    Table,
    Target,
    say,
)
from bench.loadgen import Load, Plan, Request, drive
from bench.stores import Workspace
from infra.application import Jianzheng
from infra.settings import Settings

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent
STEPS_PER_CASE = 8
READ_CASES = 16
READ_STEPS = 8
READY_SECONDS = 60.0
STOP_SECONDS = 15.0
PR_SET_PDEATHSIG = 1  # prctl(2)

AGENCY = "淄博市市场监督管理局"
AREA = "370303"
PHOTO = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8
VIDEO = b"\x00\x00\x00\x18ftypmp42" + bytes(range(255, -1, -1)) * 64
STEP_SUMMARY = (
    "执法人员出示执法证件后，对当事人经营场所后厨、仓库进行现场检查，发现冷藏柜内存放超过保质期"
    "的预包装食品若干，已拍照并全程录音录像，当事人负责人在场并在现场笔录上签字确认。"
)

WORKLOADS = {"append": "append a step", "read": "read a case"}
SIDES = ("bare", "jianzheng")
BASELINE = "bare FastAPI endpoint, served the same way"


class ServerFailed(RuntimeError):
    """A server process did not come up (its console output is in the message)."""


class SetUpFailed(RuntimeError):
    """An untimed set-up request was refused."""


class StoreMismatch(RuntimeError):
    """The store does not hold the steps the API acknowledged."""


# -- server processes --------------------------------------------------------------------


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _die_with_parent() -> None:
    """Run in the server process before exec: SIGTERM it if the benchmark dies (Linux)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _clean_env() -> dict[str, str]:
    """This process's environment without any Jianzheng or baseline setting."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("JIANZHENG_") and k != DOCUMENTS_VARIABLE
    }


def api_env(settings: Settings) -> dict[str, str]:
    """The environment that makes `jianzheng serve` use exactly ``settings``'s store."""
    return _clean_env() | {
        "JIANZHENG_DATA_DIR": str(settings.data_dir),
        "JIANZHENG_DATABASE_URL": settings.resolved_database_url,
        "JIANZHENG_LOG_KEY_PATH": str(settings.resolved_log_key_path),
        "JIANZHENG_BLOB_DIR": str(settings.resolved_blob_dir),
        "JIANZHENG_LOG_ORIGIN": settings.log_origin,
    }


def api_command(port: int) -> list[str]:
    """`jianzheng serve` on ``port``."""
    return [sys.executable, "-m", "api", "serve", "--host", HOST, "--port", str(port)]


def bare_command(port: int) -> list[str]:
    """uvicorn serving the bare app with the settings `jianzheng serve` gives uvicorn.

    `api/cli.py` calls ``uvicorn.run(app, host, port, log_level="info",
    access_log=False)``: one worker, uvicorn's default event loop and HTTP protocol.
    """
    return [
        sys.executable, "-m", "uvicorn", "--factory", "bench.bare_app:from_environment",
        "--host", HOST, "--port", str(port), "--log-level", "info", "--no-access-log",
    ]  # fmt: skip


def _ready(port: int) -> bool:
    conn = http.client.HTTPConnection(HOST, port, timeout=2)
    try:
        conn.request("GET", "/healthz")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate ``process`` and wait for it; kill it if it does not stop in time."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def serve(argv: list[str], env: dict[str, str], port: int, console: Path) -> Iterator[int]:
    """Run a server until the block ends (also on error or interrupt); yields its port."""
    with console.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 -- this interpreter, fixed arguments
            argv,
            env=env,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,  # no other thread runs at this point
        )
        try:
            deadline = time.monotonic() + READY_SECONDS
            while not _ready(port):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise ServerFailed(
                        f"{' '.join(argv[1:4])} did not answer /healthz on port {port}:\n"
                        + console.read_text(errors="replace")[-4000:]
                    )
                time.sleep(0.1)
            yield port
        finally:
            stop(process)


# -- untimed set-up over the API ---------------------------------------------------------


class Client:
    """One keep-alive connection for the untimed set-up (standard library client)."""

    def __init__(self, port: int) -> None:
        self._conn = http.client.HTTPConnection(HOST, port, timeout=60)

    def call(
        self,
        method: str,
        path: str,
        token: str,
        body: Any = None,
        *,
        raw: bytes | None = None,
        media_type: str = "application/json",
    ) -> Any:
        """The JSON answer of a request that must succeed."""
        headers = {"Authorization": f"Bearer {token}", "Content-Type": media_type}
        data = raw if raw is not None else None if body is None else json.dumps(body).encode()
        self._conn.request(method, path, body=data, headers=headers)
        response = self._conn.getresponse()
        payload = response.read()
        if not 200 <= response.status < 300:
            raise SetUpFailed(f"{method} {path}: HTTP {response.status} {payload[:1000]!r}")
        return json.loads(payload)

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()


@dataclass
class Fixture:
    """What the load needs, set up over the API (untimed)."""

    token: str
    """An officer of every case."""
    step: dict[str, Any]
    read_cases: list[str]
    append_cases: dict[int, list[list[str]]]
    """Clients → each client's own cases to append to."""
    step_answer: dict[str, Any]
    case_document: dict[str, Any]
    """A real answer to each request, for the bare app to answer."""


def _requests_per_client(mode: Mode, clients: int) -> int:
    return mode.http_warmup + mode.http_requests // clients


def set_up(port: int, admin_token: str, mode: Mode) -> Fixture:
    """Two certified officers, evidence, cases to read and cases to append to."""
    client = Client(port)
    try:
        today = date.today()
        certificate = {
            "valid_from": (today - timedelta(days=365)).isoformat(),
            "valid_until": (today + timedelta(days=5 * 365)).isoformat(),
        }
        officers = [
            client.call("POST", "/v1/actors", admin_token, {
                "name": name, "role": "officer", "agency": AGENCY, "jurisdiction": AREA,
                "certificate": {"number": number, **certificate},
            })
            for name, number in (("张三", "鲁执-0001"), ("李四", "鲁执-0002"))
        ]  # fmt: skip
        token = officers[0]["token"]
        case = {
            "action_type": "penalty", "title": "某食品公司销售过期食品案", "agency": AGENCY,
            "jurisdiction": AREA, "officers": [o["actor_id"] for o in officers],
            "party": {"kind": "organisation", "name": "淄博某食品有限公司"},
        }  # fmt: skip

        def open_case() -> str:
            return str(client.call("POST", "/v1/cases", token, case)["case_id"])

        # Evidence is uploaded for a case of the agency; steps of its other cases cite it.
        purpose = f"/v1/evidence?purpose=case&case_id={open_case()}"
        evidence = [
            client.call("POST", purpose, token, raw=data, media_type=media)["sha256"]
            for data, media in ((PHOTO, "image/jpeg"), (VIDEO, "video/mp4"))
        ]
        step = {"kind": "on_site_inspection", "summary": STEP_SUMMARY, "evidence": evidence}

        read_cases = [open_case() for _ in range(READ_CASES)]
        step_answer: dict[str, Any] = {}
        for case_id in read_cases:
            for _ in range(READ_STEPS):
                step_answer = client.call("POST", f"/v1/cases/{case_id}/steps", token, step)
        case_document = client.call("GET", f"/v1/cases/{read_cases[0]}", token)
        append_cases = {
            clients: [
                [open_case() for _ in range(-(-_requests_per_client(mode, clients) //
                                              STEPS_PER_CASE))]
                for _ in range(clients)
            ]
            for clients in mode.http_clients
        }  # fmt: skip
    finally:
        client.close()
    return Fixture(token, step, read_cases, append_cases, step_answer, case_document)


def plan(fixture: Fixture, workload: str, clients: int, port: int, mode: Mode) -> Plan:
    """Each client's requests at this load (the same for both servers)."""
    count = _requests_per_client(mode, clients)
    if workload == "append":
        body = json.dumps(fixture.step, ensure_ascii=False)
        lists = [
            [Request("POST", f"/v1/cases/{own[k // STEPS_PER_CASE]}/steps", body)
             for k in range(count)]
            for own in fixture.append_cases[clients]
        ]  # fmt: skip
    else:
        cases = fixture.read_cases
        lists = [
            [Request("GET", f"/v1/cases/{cases[(c + k) % len(cases)]}") for k in range(count)]
            for c in range(clients)
        ]
    return Plan(
        host=HOST,
        port=port,
        headers={"Authorization": f"Bearer {fixture.token}"},
        clients=lists,
        warmup=mode.http_warmup,
    )


# -- measuring ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    """One side at one load: throughput, latency percentiles, errors."""

    clients: int
    requests: int
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    """Timed requests without a 2xx answer."""
    error_summary: str
    """Every error by kind, warm-up errors included."""
    warmup_ok: int
    """2xx answers to warm-up requests."""


def summarise(name: str, load: Load, recorder: Recorder) -> Stats:
    """Record ``load``'s latencies and throughput as pyperf values; its statistics.

    Percentiles are pyperf's (interpolated between the nearest ranks), as in every other
    section; with no 2xx answer at all, they are infinite.
    """
    if load.ok:
        bench = recorder.add(name, load.latencies)
        recorder.add_throughput(f"{name}/throughput", load.seconds, load.ok)
        p50, p95, p99 = (float(bench.percentile(p)) * 1e3 for p in (50, 95, 99))
    else:
        p50 = p95 = p99 = math.inf
    return Stats(
        clients=load.clients,
        requests=load.requests,
        per_second=load.per_second,
        p50_ms=p50,
        p95_ms=p95,
        p99_ms=p99,
        errors=load.errors,
        error_summary=load.error_summary(),
        warmup_ok=load.warmup_requests - load.warmup_errors,
    )


Sweep = dict[int, dict[str, Stats]]
"""Clients → side → statistics."""


def measure(
    fixture: Fixture,
    workload: str,
    ports: dict[str, int],
    backend: str,
    mode: Mode,
    recorder: Recorder,
) -> Sweep:
    """Every load level of ``workload`` on both servers, alternating which goes first."""
    sweep: Sweep = {}
    for n, clients in enumerate(mode.http_clients):
        sweep[clients] = {}
        for side in SIDES if n % 2 == 0 else SIDES[::-1]:
            load = drive(plan(fixture, workload, clients, ports[side], mode))
            name = f"http/{workload}/{backend}/{clients}c/{side}"
            sweep[clients][side] = summarise(name, load, recorder)
        api, bare = sweep[clients]["jianzheng"], sweep[clients]["bare"]
        say(f"  http {workload:6} {backend:8} {clients:2} clients: "
            f"{api.per_second:6.0f}/s p99 {api.p99_ms:7.2f} ms {api.errors} errors | bare "
            f"{bare.per_second:6.0f}/s p99 {bare.p99_ms:7.2f} ms {bare.errors} errors")  # fmt: skip
    return sweep


def target_load(sweep: Sweep) -> int | None:
    """The most clients up to which the bare endpoint had no error and p99 ≤ the limit.

    Levels are taken from the fewest clients up, stopping at the first the bare endpoint
    did not hold: noise at one level cannot make a higher one count.
    """
    chosen = None
    for clients in sorted(sweep):
        bare = sweep[clients]["bare"]
        if bare.errors or bare.p99_ms > HTTP_BARE_P99_MS:
            break
        chosen = clients
    return chosen


def _ms(value: float) -> str:
    return f"{value:.2f}" if value < 100 else f"{value:,.0f}"


def _clients(n: int) -> str:
    return f"{n} client{'s' if n > 1 else ''}"


def add_rows(workload: str, backend: str, sweep: Sweep, results: Results) -> None:
    """Rows at the target's load and at the highest load; the target judged at the first."""
    chosen = target_load(sweep)
    judged = chosen if chosen is not None else min(sweep)
    highest = max(sweep)
    text = f"p99 ≤ {HTTP_P99_TARGET_MS:g} ms where bare p99 ≤ {HTTP_BARE_P99_MS:g} ms"
    for clients in dict.fromkeys([judged, highest]):
        api, bare = sweep[clients]["jianzheng"], sweep[clients]["bare"]
        where = (
            "highest load measured"
            if clients != judged
            else f"bare p99 ≤ {HTTP_BARE_P99_MS:g} ms up to this load"
            if chosen is not None
            else f"bare p99 > {HTTP_BARE_P99_MS:g} ms at every load"
        )
        targets: tuple[Target, ...] = ()
        if clients == judged:
            notes = [f"({api.errors:,} errors)"] if api.errors else []
            if chosen is None:
                notes.append(f"(judged at {_clients(clients)}: bare p99 > {HTTP_BARE_P99_MS:g} ms)")
            met = api.p99_ms <= HTTP_P99_TARGET_MS and api.errors == 0
            targets = (Target(text, met, " ".join(notes)),)
        scale = _clients(clients)
        results.add(Row(
            section="http", what=f"{WORKLOADS[workload]}: requests/s", backend=backend,
            scale=scale, unit="requests/s", ours=api.per_second, baseline=bare.per_second,
            baseline_what=BASELINE,
            detail=f"{api.requests:,} requests; errors: {api.error_summary} "
                   f"(bare: {bare.error_summary})",
        ))  # fmt: skip
        results.add(Row(
            section="http", what=f"{WORKLOADS[workload]}: p99 latency", backend=backend,
            scale=scale, unit="ms", ours=api.p99_ms, baseline=bare.p99_ms,
            baseline_what=BASELINE, higher_is_better=False, targets=targets,
            detail=f"p50 {_ms(api.p50_ms)}, p95 {_ms(api.p95_ms)} ms (bare "
                   f"{_ms(bare.p50_ms)}, {_ms(bare.p95_ms)} ms); {where}",
        ))  # fmt: skip


def sweep_table(sweeps: dict[tuple[str, str], Sweep]) -> Table:
    """Every load measured, both sides, chosen loads in bold."""
    rows = []
    for (workload, backend), sweep in sweeps.items():
        chosen = target_load(sweep)
        for clients, sides in sweep.items():
            cells = [WORKLOADS[workload], backend,
                     f"**{clients}**" if clients == chosen else str(clients)]  # fmt: skip
            for side in ("jianzheng", "bare"):
                s = sides[side]
                cells += [f"{s.per_second:,.0f}", _ms(s.p50_ms), _ms(s.p95_ms), _ms(s.p99_ms),
                          f"{s.errors:,}"]  # fmt: skip
            rows.append(tuple(cells))
    return Table(
        caption=(
            "Every load measured (latencies in ms; in bold, the load where the target is "
            "judged: the most clients up to which the bare endpoint's p99 stayed ≤ "
            f"{HTTP_BARE_P99_MS:g} ms with no error):"
        ),
        header=("workload", "backend", "clients",
                "Jianzheng req/s", "p50", "p95", "p99", "errors",
                "bare req/s", "p50", "p95", "p99", "errors"),
        rows=rows,
        numeric=frozenset(range(2, 13)),
    )  # fmt: skip


# -- one backend -------------------------------------------------------------------------


def _initialise(settings: Settings) -> str:
    """Initialise the store as `jianzheng serve` would; the first admin's token."""
    jz = Jianzheng(settings)
    try:
        result = jz.initialise()
    finally:
        jz.close()
    if not result.admin_token:
        raise SetUpFailed("the benchmark's new store was already initialised")
    return result.admin_token


def _event_count(settings: Settings) -> int:
    jz = Jianzheng(settings)
    try:
        return jz.store.event_count()
    finally:
        jz.close()


def run_backend(
    workspace: Workspace, backend: str, mode: Mode, recorder: Recorder, results: Results
) -> dict[tuple[str, str], Sweep]:
    """Serve the API over a new store on ``backend`` and the bare app; measure both."""
    settings = workspace.settings(backend, "http")
    admin_token = _initialise(settings)
    documents = settings.data_dir / "bare-documents.json"
    sweeps: dict[tuple[str, str], Sweep] = {}
    api_port, bare_port = free_port(), free_port()
    with serve(api_command(api_port), api_env(settings), api_port,
               settings.data_dir / "api-console.txt"):  # fmt: skip
        seconds = time.perf_counter()
        fixture = set_up(api_port, admin_token, mode)
        say(f"  http {backend}: set up over the API in {time.perf_counter() - seconds:.1f} s")
        documents.write_text(
            json.dumps({"step_answer": fixture.step_answer,
                        "case_document": fixture.case_document}, ensure_ascii=False),
            encoding="utf-8",
        )  # fmt: skip
        before = _event_count(settings)
        bare_env = _clean_env() | {DOCUMENTS_VARIABLE: str(documents)}
        with serve(bare_command(bare_port), bare_env, bare_port,
                   settings.data_dir / "bare-console.txt"):  # fmt: skip
            ports = {"jianzheng": api_port, "bare": bare_port}
            for workload in WORKLOADS:
                sweep = measure(fixture, workload, ports, backend, mode, recorder)
                sweeps[(workload, backend)] = sweep
                add_rows(workload, backend, sweep, results)
    acknowledged = sum(
        s["jianzheng"].requests - s["jianzheng"].errors + s["jianzheng"].warmup_ok
        for s in sweeps[("append", backend)].values()
    )
    stored = _event_count(settings) - before
    if stored != acknowledged:
        raise StoreMismatch(
            f"{backend}: the API acknowledged {acknowledged:,} steps under load, "
            f"but the store grew by {stored:,} events"
        )
    results.notes.append(
        f"http ({backend}): every one of the {acknowledged:,} steps the API acknowledged "
        "under load is in the store (counted after the server stopped)."
    )
    return sweeps


def run(
    workspace: Workspace, backends: list[str], mode: Mode, recorder: Recorder, results: Results
) -> None:
    """Measure every backend; rows, the every-load table and notes go to ``results``."""
    sweeps: dict[tuple[str, str], Sweep] = {}
    for backend in backends:
        sweeps |= run_backend(workspace, backend, mode, recorder, results)
    results.tables.setdefault("http", []).append(sweep_table(sweeps))
    if results.profile_wanted("http"):
        results.notes.append(
            "http: a target was missed; the served API runs in its own process and is "
            "not profiled by this suite."
        )
