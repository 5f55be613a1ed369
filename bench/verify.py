"""Benchmark 2: ``Jianzheng.verify()`` beside raw SHA-256 over the same stored bytes.

``verify`` is timed as ``jianzheng verify`` runs it: every stored row read in commit
order, every ``event_hash`` recomputed from the stored canonical bytes and every
``prev`` link checked, then the transparency log checked against the events (every
leaf, every signed checkpoint). The baseline first reads the same rows (untimed), then
times only ``hashlib.sha256(body).digest()`` over each row's stored canonical bytes —
the floor any verifier pays. Both throughputs count the same events and bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from bench.core import (
    VERIFY_RATIO_TARGET,
    Mode,
    Recorder,
    Results,
    Row,
    at_least,
    per_second,
    say,
    timed,
)
from bench.profiling import profile
from domain.chain import split_state
from infra.application import Jianzheng

BIG = 200_000
"""Above this many events, one round each (a full verify is then tens of seconds)."""


class VerifyFailed(RuntimeError):
    """The generated store did not verify: the benchmark would measure the wrong thing."""


def hash_all(bodies: list[bytes]) -> None:
    """The baseline: SHA-256 of every body, nothing else."""
    sha256 = hashlib.sha256
    for body in bodies:
        sha256(body).digest()


def run(
    app: Jianzheng,
    backend: str,
    size: int,
    mode: Mode,
    recorder: Recorder,
    results: Results,
    small: Callable[[], Jianzheng],
) -> None:
    """Measure verify on ``app``'s store of ``size`` events; ``small()`` is for profiling."""
    rounds = mode.verify_rounds if size <= BIG else 1
    bodies = [split_state(row.state)[1] for row in app.store.rows()]
    if len(bodies) != size:
        raise VerifyFailed(f"the store holds {len(bodies)} events, expected {size}")
    nbytes = sum(map(len, bodies))
    for _ in range(rounds):
        seconds, report = timed(app.verify)
        if not report.ok or report.events != size or report.leaves_checked != size:
            raise VerifyFailed(f"verify on the generated store: {report.as_dict()}")
        ours = recorder.add_throughput(f"verify/{backend}/{size}/jianzheng", seconds, size)
        seconds, _ = timed(lambda: hash_all(bodies))
        base = recorder.add_throughput(f"verify/{backend}/{size}/sha256", seconds, size)
    ours_rate, base_rate = per_second(ours), per_second(base)
    mb = nbytes / size / 1e6
    say(
        f"  verify {backend:8} {size:>9,} events: {ours_rate:9,.0f}/s "
        f"vs sha256 {base_rate:11,.0f}/s"
    )
    results.add(
        Row(
            section="verify",
            what="verify (chains + log)",
            backend=backend,
            scale=f"{size:,} events",
            unit="events/s",
            ours=ours_rate,
            baseline=base_rate,
            baseline_what="hashlib.sha256 over the same canonical bytes",
            detail=(
                f"{ours_rate * mb:,.1f} MB/s vs {base_rate * mb:,.0f} MB/s; "
                f"{nbytes / 1e6:,.0f} MB; {rounds} round{'s' if rounds > 1 else ''}, median"
            ),
            targets=(
                at_least(
                    ours_rate / base_rate,
                    VERIFY_RATIO_TARGET,
                    f"≥ {VERIFY_RATIO_TARGET}× raw SHA-256",
                ),
            ),
        )
    )
    results.notes.append(
        f"verify ({backend}, {size:,} events): every round reported ok, "
        f"{size:,} events and {size:,} leaves checked."
    )
    if size == min(mode.verify_sizes) and results.profile_wanted("verify"):
        store = small()
        results.profiles[f"verify: {mode.profile_events:,} events ({backend})"] = profile(
            store.verify
        )
