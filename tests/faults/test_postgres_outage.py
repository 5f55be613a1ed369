"""PostgreSQL goes away in the middle of a write load, then comes back.

The test starts a PostgreSQL cluster of its own (``initdb`` and ``pg_ctl`` into a temporary
directory, on a free loopback port), so the shared server is never touched. While writers
record steps of a case, the cluster is stopped as a crash would stop it (``pg_ctl stop -m
immediate``) and started again a few seconds later. Expected (README: ``storage-unavailable``
is 503 with ``Retry-After``; DESIGN §6):

* while the database is down, every write fails fast: 503 ``application/problem+json`` with
  code ``storage-unavailable`` and a ``Retry-After`` header — never a 500, never a hang;
* once it is back, writes, reads of the projections and checkpoint signing resume by
  themselves, in the same application, without a restart;
* every write that was acknowledged is in the store, the store verifies, and every event is
  a leaf of the log.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from infra.application import Jianzheng
from infra.settings import Settings
from tests.integration.casekit import Cast, make_cast, open_case

PROBLEM = "application/problem+json"
FAIL_FAST_SECONDS = 6.0
"""A write while the database is down must be answered within this (two connection
attempts of at most 2 s each: about 4 s)."""
RECOVERY_SECONDS = 30.0
"""After the database is back, writes must succeed again within this."""
OUTAGE_SECONDS = 12.0
"""Long enough for several rounds of failing writes (about 4 s each) to be answered."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def postgres_bin() -> Path:
    """The directory of ``initdb`` and ``pg_ctl`` (the newest installed PostgreSQL)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    if found:
        return Path(found[-1])
    initdb = shutil.which("initdb")
    if initdb is None:
        pytest.fail(
            "no PostgreSQL server binaries (initdb, pg_ctl): install the postgresql package",
            pytrace=False,
        )
    return Path(initdb).parent


class Cluster:
    """A throw-away PostgreSQL cluster in a temporary directory, on a free loopback port.

    PostgreSQL refuses to run as root; as root, the cluster belongs to the ``postgres``
    user and its commands run as that user.
    """

    def __init__(self) -> None:
        self.bin = postgres_bin()
        self.root = Path(tempfile.mkdtemp(prefix="jz-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.port = free_port()
        self.owner = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
        if self.owner is not None:
            os.chown(self.root, self.owner.pw_uid, self.owner.pw_gid)
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self.owner is not None:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            pytest.fail(f"{tool} failed:\n{done.stdout}\n{done.stderr}\n{log}", pytrace=False)

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c max_connections=60"
        )
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                 "-o", options, "start")  # fmt: skip

    def running(self) -> bool:
        command = [str(self.bin / "pg_ctl"), "-D", str(self.data), "status"]
        if self.owner is not None:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, timeout=30, check=False).returncode == 0

    def stop(self, mode: str = "immediate") -> None:
        self.run("pg_ctl", "-D", str(self.data), "-w", "-t", "60", "-m", mode, "stop")

    def destroy(self) -> None:
        with contextlib.suppress(BaseException):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """A PostgreSQL cluster this module may stop and start at will."""
    pg = Cluster()
    pg.start()
    try:
        yield pg
    finally:
        pg.destroy()


@pytest.fixture
def database_url(cluster: Cluster) -> Iterator[str]:
    """A fresh database in the test's own cluster (started again if a test left it down)."""
    if not cluster.running():
        cluster.start()
    name = f"jz_outage_{os.getpid()}_{time.monotonic_ns()}"
    with psycopg.connect(cluster.url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield cluster.url.rsplit("/", 1)[0] + f"/{name}"
    with contextlib.suppress(psycopg.Error), psycopg.connect(cluster.url, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def jz(database_url: str, tmp_path: Path) -> Iterator[Jianzheng]:
    app = Jianzheng(
        Settings(
            data_dir=tmp_path / "var",
            database_url=database_url,
            lock_timeout_seconds=2,
            checkpoint_interval_seconds=0.2,
        )
    )
    app.initialise()
    try:
        yield app
    finally:
        app.close()


@dataclass
class Answer:
    """One write as the client saw it."""

    started: float
    seconds: float
    status: int
    content_type: str
    code: str | None
    retry_after: str | None
    events: list[str]

    @property
    def ended(self) -> float:
        return self.started + self.seconds


class Writers:
    """One thread per case recording its steps until told to stop, keeping every answer."""

    def __init__(self, client: TestClient, token: str, cases: list[UUID]) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}
        self.paths = [f"/v1/cases/{case_id}/steps" for case_id in cases]
        self.answers: list[Answer] = []
        self.errors: list[BaseException] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(len(cases))
        ]

    def __enter__(self) -> Writers:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)

    def _run(self, n: int) -> None:
        i = 0
        while not self._stop.is_set():
            i += 1
            started = time.monotonic()
            try:
                response = self.client.post(
                    self.paths[n],
                    json={"kind": "other", "summary": f"写入 {n}-{i}"},
                    headers=self.headers,
                )
            except BaseException as exc:  # an unhandled exception is itself a finding
                with self._lock:
                    self.errors.append(exc)
                time.sleep(0.2)
                continue
            body: dict[str, Any] = {}
            with contextlib.suppress(ValueError):
                body = response.json()
            answer = Answer(
                started=started,
                seconds=time.monotonic() - started,
                status=response.status_code,
                content_type=response.headers.get("content-type", ""),
                code=body.get("code"),
                retry_after=response.headers.get("retry-after"),
                events=[e["event_hash"] for e in body.get("events", [])],
            )
            with self._lock:
                self.answers.append(answer)
            if response.status_code != 201:
                time.sleep(0.05)

    def since(self, moment: float) -> list[Answer]:
        with self._lock:
            return [a for a in self.answers if a.started >= moment]

    def between(self, start: float, end: float) -> list[Answer]:
        with self._lock:
            return [a for a in self.answers if start <= a.started and a.started + a.seconds <= end]


def summary(answers: list[Answer]) -> str:
    seen: dict[tuple[int, str | None, str | None], int] = {}
    for a in answers:
        key = (a.status, a.code, a.retry_after)
        seen[key] = seen.get(key, 0) + 1
    slowest = max((a.seconds for a in answers), default=0.0)
    return f"{seen} (slowest {slowest:.2f} s)"


@pytest.fixture
def cast(jz: Jianzheng) -> Cast:
    return make_cast(jz)


def test_writes_fail_fast_with_503_while_postgres_is_down_and_resume_after(
    jz: Jianzheng, cast: Cast, cluster: Cluster
) -> None:
    """During the outage every write is a fast 503 problem with Retry-After; then all resumes."""
    cases = [open_case(jz, cast) for _ in range(3)]
    with (
        TestClient(create_app(jianzheng=jz)) as client,
        Writers(client, cast.tokens["a"], cases) as writers,
    ):
        time.sleep(1.0)
        assert any(a.status == 201 for a in writers.answers), summary(writers.answers)
        cluster.stop("immediate")
        down = time.monotonic()
        time.sleep(OUTAGE_SECONDS)
        restarting = time.monotonic()  # the server accepts connections before start() returns
        cluster.start()
        up = time.monotonic()
        deadline = up + RECOVERY_SECONDS
        while time.monotonic() < deadline and not any(a.status == 201 for a in writers.since(up)):
            time.sleep(0.2)
        time.sleep(2.5)
    assert writers.errors == [], f"the client saw exceptions: {writers.errors[:3]}"
    overlapping = [a for a in writers.answers if a.started < up and a.ended > down + 0.2]
    hung = [a for a in overlapping if a.seconds > FAIL_FAST_SECONDS]
    assert not hung, (
        f"{len(hung)} writes waited out the {up - down:.1f} s outage instead of failing fast: "
        f"{summary(hung)}; answers during the outage: {summary(writers.between(down, up))}"
    )
    during = writers.between(down + 0.2, restarting)
    assert during, "no write was answered while the database was down"
    assert all(a.status == 503 for a in during), f"during the outage: {summary(during)}"
    assert all(a.content_type.startswith(PROBLEM) for a in during), summary(during)
    assert all(a.code == "storage-unavailable" for a in during), summary(during)
    assert all(a.retry_after for a in during), f"no Retry-After: {summary(during)}"
    after = writers.since(up)
    recovered = [a for a in after if a.status == 201]
    assert recovered, f"no write succeeded {RECOVERY_SECONDS} s after restart: {summary(after)}"
    first = min(a.started for a in recovered)
    late = [a for a in after if a.started > first + 2.0]
    assert late, f"no write after recovery: {summary(after)}"
    assert all(a.status == 201 for a in late), f"after recovery: {summary(late)}"
    others = [a for a in writers.answers if a.status not in (201, 503)]
    assert not others, f"answers other than 201 and 503: {summary(others)}"


def in_background(call: Callable[[], Any]) -> Callable[[float], Any]:
    """Start ``call`` in a thread; the result is a function waiting at most N seconds for it."""
    box: list[Any] = []
    thread = threading.Thread(target=lambda: box.append(call()), daemon=True)
    thread.start()

    def result(seconds: float) -> Any:
        thread.join(seconds)
        return box[0] if box else None

    return result


def test_the_health_check_and_reads_answer_503_fast_while_postgres_is_down(
    jz: Jianzheng, cast: Cast, cluster: Cluster
) -> None:
    """/healthz and a projection read answer 503 storage-unavailable within seconds."""
    oversight = {"Authorization": f"Bearer {cast.tokens['oversight']}"}
    with TestClient(create_app(jianzheng=jz)) as client:
        assert client.get("/healthz").status_code == 200
        cluster.stop("immediate")
        try:
            health = in_background(lambda: client.get("/healthz"))
            queue = in_background(lambda: client.get("/v1/oversight/reviews", headers=oversight))
            answers = {"healthz": health(FAIL_FAST_SECONDS), "queue": queue(1.0)}
        finally:
            cluster.start()
        health(RECOVERY_SECONDS * 3)
        queue(RECOVERY_SECONDS * 3)
    late = [name for name, answer in answers.items() if answer is None]
    assert not late, f"no answer within {FAIL_FAST_SECONDS} s while the database was down: {late}"
    for name, answer in answers.items():
        assert answer.status_code == 503, (name, answer.status_code, answer.text)
        assert answer.headers["content-type"].startswith(PROBLEM), name
        assert answer.json()["code"] == "storage-unavailable", (name, answer.text)
        assert answer.headers.get("retry-after"), name


def test_reads_projections_and_checkpoints_resume_after_an_outage(
    jz: Jianzheng, cast: Cast, cluster: Cluster
) -> None:
    """After the database returns, queues, case reads and the checkpoint signer work again."""
    case_id = open_case(jz, cast)
    oversight = {"Authorization": f"Bearer {cast.tokens['oversight']}"}
    officer = {"Authorization": f"Bearer {cast.tokens['a']}"}

    def everything(client: TestClient) -> dict[str, int]:
        step = client.post(
            f"/v1/cases/{case_id}/steps",
            json={"kind": "other", "summary": "恢复后"},
            headers=officer,
        )
        return {
            "healthz": client.get("/healthz").status_code,
            "step": step.status_code,
            "queue": client.get("/v1/oversight/reviews", headers=oversight).status_code,
            "case": client.get(
                f"/v1/cases/{case_id}", params={"reason": "督查"}, headers=oversight
            ).status_code,
            "checkpoint": client.get("/v1/log/checkpoint").status_code,
        }

    with TestClient(create_app(jianzheng=jz)) as client:
        for _ in range(3):  # every worker thread holds connections from before the outage
            assert set(everything(client).values()) == {200, 201}
        time.sleep(1.0)
        before = client.get("/v1/log/checkpoint").text
        cluster.stop("immediate")
        time.sleep(3.0)  # the background follower meets the outage
        cluster.start()
        deadline = time.monotonic() + RECOVERY_SECONDS
        answers = everything(client)
        while time.monotonic() < deadline and set(answers.values()) != {200, 201}:
            time.sleep(0.5)
            answers = everything(client)
        assert set(answers.values()) == {200, 201}, f"not resumed {RECOVERY_SECONDS} s: {answers}"
        for _ in range(5):
            assert set(everything(client).values()) == {200, 201}
        deadline = time.monotonic() + RECOVERY_SECONDS
        while time.monotonic() < deadline and client.get("/v1/log/checkpoint").text == before:
            time.sleep(0.2)
        assert client.get("/v1/log/checkpoint").text != before, "no checkpoint signed since"


def test_nothing_acknowledged_is_lost_and_the_store_verifies_after_an_outage(
    jz: Jianzheng, cast: Cast, cluster: Cluster
) -> None:
    """Every 201 answered before, during or after the outage is a stored, logged event."""
    cases = [open_case(jz, cast) for _ in range(3)]
    with (
        TestClient(create_app(jianzheng=jz)) as client,
        Writers(client, cast.tokens["a"], cases) as writers,
    ):
        time.sleep(0.5)
        cluster.stop("immediate")
        time.sleep(2.0)
        cluster.start()
        deadline = time.monotonic() + RECOVERY_SECONDS * 3
        while time.monotonic() < deadline and writers.answers[-1].status != 201:
            time.sleep(0.2)
        time.sleep(0.5)
    acknowledged = {h for a in writers.answers if a.status == 201 for h in a.events}
    stored = {
        e.hash  # type: ignore[attr-defined]
        for case_id in cases
        for e in jz.store.events.get(case_id)
    }
    assert acknowledged, summary(writers.answers)
    assert acknowledged <= stored, f"{len(acknowledged - stored)} acknowledged events are lost"
    jz.views.catch_up()
    report = jz.verify()
    assert report.ok, report.as_dict()
