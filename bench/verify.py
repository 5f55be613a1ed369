"""Benchmark 2: ``Jianzheng.verify()`` beside raw SHA-256 over the same stored bytes.

``verify`` is timed as ``jianzheng verify`` runs it: every stored row read once, in
commit order, and from each its ``event_hash`` recomputed from the stored canonical
bytes and its ``prev`` link checked, while the transparency log's leaves are read beside
the rows, matched to them and folded into the tree (every leaf, every signed
checkpoint). The baseline first reads the same rows (untimed), then times only
``hashlib.sha256(body).digest()`` over each row's stored canonical bytes — the floor any
verifier pays. Both throughputs count the same events and bytes.

A second table says where the time goes, with floors measured in the same run: reading
every row through ``EventStore.rows()`` and doing nothing with it; that plus reading
every leaf; and the hashing no verifier can skip (each event hash, and a leaf hash and
an inner node per leaf), with the data already in memory. A verifier in one process
that reads through ``EventStore.rows()`` cannot be faster than the first two added to
the third.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from bench.core import (
    VERIFY_RATIO_TARGET,
    Mode,
    Recorder,
    Results,
    Row,
    Table,
    at_least,
    per_second,
    say,
    timed,
)
from bench.profiling import profile
from domain.proof.chain import EVENT_HASH_PREFIX, split_state
from domain.proof.verify import PAGE_ROWS, pages
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


def hash_floor(bodies: Sequence[bytes], leaves: Sequence[bytes]) -> None:
    """The hashing a verifier cannot skip: every event hash, a leaf and a node per leaf.

    A tree of n leaves has n − 1 inner nodes; each leaf's node here stands for one.
    """
    sha256, prefix = hashlib.sha256, EVENT_HASH_PREFIX
    for body in bodies:
        sha256(prefix + body).digest()
    for leaf in leaves:
        sha256(b"\x01" + sha256(b"\x00" + leaf).digest() + leaf).digest()


def read_rows(app: Jianzheng) -> None:
    """Every stored row through ``EventStore.rows()``, in the verifier's pages, unused."""
    for _ in pages(app.store.rows(batch=PAGE_ROWS)):
        pass


def read_leaves(app: Jianzheng) -> None:
    """Every leaf of the log, in the verifier's pages, unused."""
    for _ in app.log.leaf_pages():
        pass


FLOORS_CAPTION = (
    "Where verify's time goes, in events per second and as a multiple of raw SHA-256 "
    "(floors measured in the same run, median of the same rounds):"
)


def floors_table(results: Results) -> Table:
    """The section's table of floors, made on first use."""
    for table in results.tables.setdefault("verify", []):
        if table.caption == FLOORS_CAPTION:
            return table
    table = Table(
        caption=FLOORS_CAPTION,
        header=("backend", "scale", "read rows", "× sha256", "read rows and leaves", "× sha256",
                "hashing only", "× sha256", "verify", "× sha256"),
        rows=[],
        numeric=frozenset(range(2, 10)),
    )  # fmt: skip
    results.tables["verify"].append(table)
    return table


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
    leaves = [h for _, _, hashes in app.log.leaf_pages() for h in hashes]
    nbytes = sum(map(len, bodies))
    name = f"verify/{backend}/{size}"
    for _ in range(rounds):
        seconds, report = timed(app.verify)
        if not report.ok or report.events != size or report.leaves_checked != size:
            raise VerifyFailed(f"verify on the generated store: {report.as_dict()}")
        ours = recorder.add_throughput(f"{name}/jianzheng", seconds, size)
        seconds, _ = timed(lambda: hash_all(bodies))
        base = recorder.add_throughput(f"{name}/sha256", seconds, size)
        rows_seconds, _ = timed(lambda: read_rows(app))
        leaves_seconds, _ = timed(lambda: read_leaves(app))
        reads = recorder.add_throughput(f"{name}/read-rows", rows_seconds, size)
        both = recorder.add_throughput(f"{name}/read-all", rows_seconds + leaves_seconds, size)
        seconds, _ = timed(lambda: hash_floor(bodies, leaves))
        hashing = recorder.add_throughput(f"{name}/hash-floor", seconds, size)
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
    floors = [per_second(b) for b in (reads, both, hashing, ours)]
    floors_table(results).rows.append(
        (backend, f"{size:,} events",
         *(cell for rate in floors for cell in (f"{rate:,.0f}/s", f"{rate / base_rate:.2f}×")))
    )  # fmt: skip
    results.notes.append(
        f"verify ({backend}, {size:,} events): every round reported ok, "
        f"{size:,} events and {size:,} leaves checked."
    )
    if size == min(mode.verify_sizes) and results.profile_wanted("verify"):
        store = small()
        results.profiles[f"verify: {mode.profile_events:,} events ({backend})"] = profile(
            store.verify
        )
