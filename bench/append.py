"""Benchmark 1: append throughput, Jianzheng beside plain ``eventsourcing``.

Two workloads, each command appending one event:

* **register**: a new stream's first event (``Actor.register`` saved by
  ``EventStore.append``) — the pure append path;
* **command**: load a stream, decide, append one event (``EventStore.command`` with
  ``Actor.suspend`` / ``Actor.reinstate``) — a single-event command as the API runs it.

Jianzheng's append also writes the transparency log's leaf and the subtree hashes it
completes, inside the same transaction (``infra/ledger.py``); concurrent writers of one
process are group-committed (writes that queue during a transaction share the next one,
each answered after its commit). The baseline is a plain
``eventsourcing.domain.Aggregate`` with the same payload fields, saved by a plain
``eventsourcing.application.Application`` with the library's default mapper on the same
backend, with the same pool settings (the aggregate cache off on both sides, the default).
Writers are threads, each on its own streams; the
streams a command round uses are registered beforehand, untimed, and each gets at most
8 commands (``COMMANDS_PER_STREAM``), so a load replays a short stream, as for a real actor.
Rounds alternate which side goes first.
"""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from functools import partial
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.utils import Environment

from bench.core import (
    APPEND_RATIO_TARGET,
    POSTGRES_8_WRITERS_TARGET,
    Mode,
    Recorder,
    Results,
    Row,
    Target,
    at_least,
    per_second,
    say,
)
from bench.profiling import profile
from bench.stores import Workspace
from domain.proof.chain import SYSTEM_ACTOR
from domain.records.actors import Actor, Status
from infra.application import Jianzheng
from infra.settings import Settings

WRITER_COUNTS = (1, 8)
COMMANDS_PER_STREAM = 8
REASON = "年度执法资格考核未通过，暂扣执法证件"
AGENCY = "淄博市市场监督管理局"


class PlainActor(Aggregate):
    """The baseline aggregate: the payload fields of ``domain.records.actors.Actor``, no chain."""

    @event("Registered")
    def __init__(self, actor: str, name: str, role: str, agency: str, jurisdiction: str) -> None:
        self.name = name
        self.role = role
        self.agency = agency
        self.jurisdiction = jurisdiction
        self.status = "active"

    @event("Suspended")
    def suspend(self, actor: str, reason: str) -> None:
        """Suspend (no invariant checks: the baseline only stores)."""
        self.status = "suspended"

    @event("Reinstated")
    def reinstate(self, actor: str, reason: str) -> None:
        """Lift a suspension."""
        self.status = "active"


class PlainStore(Application[UUID]):
    """A plain ``eventsourcing`` application: default mapper, JSON transcoder, topics."""

    name = "PlainBench"

    def construct_env(self, name: str, env: Any = None) -> Environment:
        """Only the mapping given, as ``EventStore`` does (never the process environment)."""
        return Environment(name, dict(env or {}))


def plain_env(settings: Settings) -> dict[str, str]:
    """Jianzheng's persistence settings, minus its ledger recorder."""
    env = settings.eventsourcing_env()
    del env["APPLICATION_RECORDER_TOPIC"]
    return env


class Side(ABC):
    """One side of the comparison: how it registers streams and runs one command."""

    def __init__(self, name: str) -> None:
        self.name = name

    @abstractmethod
    def register(self, count: int) -> list[UUID]:
        """Register ``count`` streams in one transaction (untimed set-up)."""

    @abstractmethod
    def append_new(self, i: int) -> None:
        """Append one new stream's first event, in its own transaction."""

    @abstractmethod
    def command(self, stream: UUID) -> None:
        """Load ``stream``, toggle its suspension, append the one new event."""


class Chained(Side):
    """Jianzheng: ``EventStore.append`` / ``EventStore.command`` on ``Actor``."""

    def __init__(self, app: Jianzheng) -> None:
        super().__init__("jianzheng")
        self.store = app.store

    @staticmethod
    def _actor(i: int) -> Actor:
        return Actor.register(
            actor=SYSTEM_ACTOR,
            name=f"张三{i}",
            role="officer",
            agency=AGENCY,
            jurisdiction="370303",
        )

    def register(self, count: int) -> list[UUID]:
        actors = [self._actor(i) for i in range(count)]
        self.store.append(*actors)
        return [a.id for a in actors]

    def append_new(self, i: int) -> None:
        self.store.append(self._actor(i))

    def transactions(self) -> int:
        """Transactions the store's group commit has committed so far."""
        group = getattr(self.store.recorder, "_group", None)
        return int(group.transactions) if group is not None else 0

    def command(self, stream: UUID) -> None:
        def toggle(actor: Actor) -> None:
            if actor.status is Status.ACTIVE:
                actor.suspend(actor=SYSTEM_ACTOR, reason=REASON)
            else:
                actor.reinstate(actor=SYSTEM_ACTOR, reason=REASON)

        self.store.command(Actor, stream, toggle)


class Plain(Side):
    """The baseline: ``Application.save`` / ``repository.get`` on ``PlainActor``."""

    def __init__(self, app: PlainStore) -> None:
        super().__init__("plain")
        self.app = app

    @staticmethod
    def _actor(i: int) -> PlainActor:
        return PlainActor(
            actor=SYSTEM_ACTOR,
            name=f"张三{i}",
            role="officer",
            agency=AGENCY,
            jurisdiction="370303",
        )

    def register(self, count: int) -> list[UUID]:
        actors = [self._actor(i) for i in range(count)]
        self.app.save(*actors)
        return [a.id for a in actors]

    def append_new(self, i: int) -> None:
        self.app.save(self._actor(i))

    def command(self, stream: UUID) -> None:
        actor: PlainActor = self.app.repository.get(stream)
        if actor.status == "active":
            actor.suspend(actor=SYSTEM_ACTOR, reason=REASON)
        else:
            actor.reinstate(actor=SYSTEM_ACTOR, reason=REASON)
        self.app.save(actor)


def run_serially(works: list[Callable[[int], None]]) -> None:
    """Run each work as writer 0, in this thread (so that cProfile sees it)."""
    for work in works:
        work(0)


def run_writers(writers: int, work: Callable[[int], None]) -> float:
    """Run ``work(writer_no)`` in ``writers`` threads started together; wall seconds."""
    barrier = threading.Barrier(writers + 1)
    errors: list[BaseException] = []

    def body(writer: int) -> None:
        barrier.wait()
        try:
            work(writer)
        except BaseException as exc:  # reported below, in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=body, args=(w,), daemon=True) for w in range(writers)]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise errors[0]
    return elapsed


def prepare(side: Side, workload: str, writers: int, events: int) -> Callable[[int], None]:
    """What writer ``w`` runs: its share of ``events`` single-event transactions.

    For commands, each writer's streams are registered here, before any timing.
    """
    per_writer = events // writers
    if workload == "register":

        def registrations(writer: int) -> None:
            for i in range(per_writer):
                side.append_new(writer * per_writer + i)

        return registrations
    streams = [side.register(-(-per_writer // COMMANDS_PER_STREAM)) for _ in range(writers)]

    def commands(writer: int) -> None:
        own = streams[writer]
        for i in range(per_writer):
            side.command(own[i % len(own)])

    return commands


def run(
    workspace: Workspace, backends: list[str], mode: Mode, recorder: Recorder, results: Results
) -> None:
    """Measure every backend × writer count × workload; add rows to ``results``."""
    for backend in backends:
        app = workspace.app(backend, "append")
        plain_settings = workspace.settings(backend, "plain")
        plain = PlainStore(env=plain_env(plain_settings))
        try:
            sides = (Chained(app), Plain(plain))
            for writers in WRITER_COUNTS:
                for workload in ("register", "command"):
                    _compare(backend, writers, workload, sides, mode, recorder, results)
            if results.profile_wanted("append"):
                # cProfile sees only its own thread: one writer, run in this thread.
                count = mode.profile_events // 25
                work = [prepare(sides[0], w, 1, count) for w in ("register", "command")]
                title = f"append: register and command, one writer ({backend})"
                results.profiles[title] = profile(partial(run_serially, work))
        finally:
            plain.close()
            app.close()


def _compare(
    backend: str,
    writers: int,
    workload: str,
    sides: tuple[Side, Side],
    mode: Mode,
    recorder: Recorder,
    results: Results,
) -> None:
    events = mode.append_events - mode.append_events % writers
    benches = {}
    grouped: list[float] = []
    for round_no in range(mode.append_rounds):
        order = sides if round_no % 2 == 0 else sides[::-1]
        for side in order:
            work = prepare(side, workload, writers, events)
            before = side.transactions() if isinstance(side, Chained) else 0
            seconds = run_writers(writers, work)
            if isinstance(side, Chained):
                grouped.append(events / max(1, side.transactions() - before))
            name = f"append/{workload}/{backend}/{writers}w/{side.name}"
            benches[side.name] = recorder.add_throughput(name, seconds, events)
    ours, plain = per_second(benches["jianzheng"]), per_second(benches["plain"])
    say(f"  append {workload:8} {backend:8} {writers} writer(s): {ours:7.0f}/s vs plain "
        f"{plain:7.0f}/s")  # fmt: skip
    targets: list[Target] = [
        at_least(ours / plain, APPEND_RATIO_TARGET, f"≥ {APPEND_RATIO_TARGET}× plain")
    ]
    if backend == "postgres" and writers == 8:
        targets.append(
            at_least(ours, POSTGRES_8_WRITERS_TARGET, f"≥ {POSTGRES_8_WRITERS_TARGET:,.0f}/s")
        )
    what = {
        "register": "append + log leaf: new stream, 1 event per command",
        "command": "command + log leaf: load, 1 event per command",
    }[workload]
    results.add(
        Row(
            section="append",
            what=what,
            backend=backend,
            scale=f"{writers} writer{'s' if writers > 1 else ''}",
            unit="events/s",
            ours=ours,
            baseline=plain,
            baseline_what="plain eventsourcing Aggregate + Application",
            detail=(
                "Jianzheng's transaction also writes the log leaf and subtree hashes; "
                f"{events} events × {mode.append_rounds} rounds, median; "
                f"Jianzheng committed {min(grouped):.1f}–{max(grouped):.1f} commands per "
                "transaction (group commit)"
            ),
            targets=tuple(targets),
        )
    )
