"""What every benchmark shares: run modes, timing, recorded values, result rows and targets.

Timing is done in-process with :func:`time.perf_counter` (what ``pyperf`` itself uses),
and every value is recorded as a ``pyperf`` run, so the statistics (median, percentiles)
are pyperf's and ``--json FILE`` writes a suite that ``python -m pyperf stats`` and
``python -m pyperf compare_to`` read. pyperf's process-spawning ``Runner`` is not used:
these benchmarks need fixtures of up to a million rows built once, database connections
and writer threads, none of which survive its worker processes.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pyperf

T = TypeVar("T")

# -- targets from the project's issue ---------------------------------------------------

APPEND_RATIO_TARGET = 0.8
"""Chained and sequenced append ≥ 0.8× plain ``eventsourcing``, same backend and writers."""
POSTGRES_8_WRITERS_TARGET = 1_500.0
"""≥ 1,500 single-event commands/s on PostgreSQL with 8 writers."""
VERIFY_RATIO_TARGET = 0.25
"""``verify`` ≥ 0.25× raw SHA-256 over the same bytes."""
REBUILD_TARGET = 20_000.0
"""Projection rebuild ≥ 20,000 events/s."""
PROOF_P99_TARGET_MS = 5.0
"""Proof generation p99 ≤ 5 ms …"""
PROOF_TARGET_LEAVES = 1_000_000
"""… at a million leaves."""
HTTP_P99_TARGET_MS = 50.0
"""Served API p99 ≤ 50 ms …"""
HTTP_BARE_P99_MS = 10.0
"""… at the load where a bare FastAPI endpoint served the same way has p99 ≤ 10 ms."""


@dataclass(frozen=True)
class Mode:
    """How much a run measures: ``quick`` (under two minutes) or ``full``."""

    name: str
    append_events: int
    """Events per append measurement, all writers together."""
    append_rounds: int
    """Alternating Jianzheng/baseline rounds per append configuration."""
    verify_sizes: tuple[int, ...]
    verify_rounds: int
    rebuild_size: int
    proof_leaves: int
    proof_requests: int
    """Random requests per proof kind (≥ 1,000)."""
    signings: int
    profile_events: int
    """Size of the short workloads profiled when a target is missed."""
    http_clients: tuple[int, ...]
    """Concurrent HTTP client connections of each load level, fewest first."""
    http_requests: int
    """Timed HTTP requests per load level, server and workload (all clients together)."""
    http_warmup: int
    """Untimed requests each client sends before a load level's timed phase."""

    @property
    def data_sizes(self) -> list[int]:
        """Store sizes (events = leaves) the data set is grown through, smallest first."""
        return sorted({*self.verify_sizes, self.rebuild_size, self.proof_leaves})


QUICK = Mode(
    name="quick",
    append_events=600,
    append_rounds=2,
    verify_sizes=(20_000,),
    verify_rounds=3,
    rebuild_size=20_000,
    proof_leaves=100_000,
    proof_requests=1_000,
    signings=20,
    profile_events=5_000,
    http_clients=(1, 4, 16),
    http_requests=240,
    http_warmup=3,
)
FULL = Mode(
    name="full",
    append_events=1_600,
    append_rounds=3,
    verify_sizes=(100_000, 1_000_000),
    verify_rounds=3,
    rebuild_size=1_000_000,
    proof_leaves=1_000_000,
    proof_requests=2_000,
    signings=50,
    profile_events=20_000,
    http_clients=(1, 2, 4, 8, 16),
    http_requests=1_600,
    http_warmup=5,
)


def say(text: str) -> None:
    """Progress, on standard error (the results table goes to standard output)."""
    print(text, file=sys.stderr, flush=True)


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


class Recorder:
    """Every measured value, kept as ``pyperf`` benchmarks (one run per round)."""

    def __init__(self, metadata: Mapping[str, str | int]) -> None:
        self._metadata = metadata
        self._benchmarks: dict[str, pyperf.Benchmark] = {}

    def add(self, name: str, values: list[float], *, loops: int = 1) -> pyperf.Benchmark:
        """Record one run of ``values`` (seconds per loop iteration) under ``name``."""
        run = pyperf.Run(
            values,
            metadata={**self._metadata, "name": name, "unit": "second", "loops": loops},
            collect_metadata=False,
        )
        bench = self._benchmarks.get(name)
        if bench is None:
            bench = self._benchmarks[name] = pyperf.Benchmark([run])
        else:
            bench.add_run(run)
        return bench

    def add_throughput(self, name: str, seconds: float, events: int) -> pyperf.Benchmark:
        """Record a round that handled ``events`` in ``seconds`` (stored as s/event)."""
        return self.add(name, [seconds / events], loops=events)

    def dump(self, path: Path) -> None:
        """Write every benchmark as one pyperf JSON suite."""
        suite = pyperf.BenchmarkSuite(list(self._benchmarks.values()))
        suite.dump(str(path), replace=True)


def per_second(bench: pyperf.Benchmark) -> float:
    """Throughput from a benchmark of seconds per event: 1 / median."""
    return 1.0 / float(bench.median())


@dataclass(frozen=True)
class Target:
    """One target of the issue, checked against one row."""

    text: str
    met: bool
    note: str = ""

    @property
    def verdict(self) -> str:
        """``met`` / ``not met``, with the note."""
        word = "met" if self.met else "**not met**"
        return f"{word} {self.note}".strip()


def at_least(value: float, minimum: float, text: str, note: str = "") -> Target:
    """A ``≥`` target."""
    return Target(text, value >= minimum, note)


def at_most(value: float, maximum: float, text: str, note: str = "") -> Target:
    """A ``≤`` target."""
    return Target(text, value <= maximum, note)


@dataclass(frozen=True)
class Row:
    """One line of the results: Jianzheng beside its baseline, measured in the same run."""

    section: str
    what: str
    backend: str
    scale: str
    unit: str
    ours: float
    baseline: float
    baseline_what: str
    higher_is_better: bool = True
    detail: str = ""
    targets: tuple[Target, ...] = ()

    @property
    def relative(self) -> float:
        """Jianzheng's speed as a multiple of the baseline's (below 1: slower)."""
        faster, slower = (
            (self.ours, self.baseline) if self.higher_is_better else (self.baseline, self.ours)
        )
        return faster / slower if slower else math.inf


@dataclass(frozen=True)
class Table:
    """A further table a section shows under its rows (e.g. every load level measured)."""

    caption: str
    header: tuple[str, ...]
    rows: list[tuple[str, ...]]
    numeric: frozenset[int] = frozenset()
    """Columns aligned right."""


@dataclass
class Results:
    """Rows and profiles gathered by a run."""

    profiling: bool = True
    """Profile a short workload of each section that misses a target."""
    rows: list[Row] = field(default_factory=list)
    profiles: dict[str, str] = field(default_factory=dict)
    """Title → cProfile summary, for targets not met."""
    notes: list[str] = field(default_factory=list)
    """Checks done and anything else a reader must know that the table cannot say."""
    tables: dict[str, list[Table]] = field(default_factory=dict)
    """Section (command-line name) → further tables shown under its rows."""

    def add(self, row: Row) -> None:
        """Add a result row."""
        self.rows.append(row)

    def missed(self, section: str) -> bool:
        """Whether any row of ``section`` so far misses a target."""
        return any(not t.met for r in self.rows if r.section == section for t in r.targets)

    def profile_wanted(self, section: str) -> bool:
        """Profile ``section`` now: profiling is on and one of its targets was missed."""
        return self.profiling and self.missed(section)
