"""Benchmark 4: proof generation and checkpoint signing, beside the in-memory tree.

On a store whose log has ``mode.proof_leaves`` leaves (the bulk-loaded case events):

* **inclusion**: ``TransparencyLog.inclusion_proof(index, size)`` for random leaf
  indexes in the tree at its full size (what a court bundle asks for);
* **consistency**: ``TransparencyLog.consistency_proof(size1, size)`` from random
  earlier sizes to the full size (what a witness asks for);
* **signing**: ``TransparencyLog.sign_checkpoint()`` after each of a few new appends
  (the append is not timed).

Each request is timed alone; the rows give the median and the 99th percentile. The
baseline answers the same requests from ``domain.proof.merkle.MemoryTree`` over the same leaves
(and, for signing, computes the root in memory and signs it). Every proof from the store
must equal the in-memory one, and a sample is verified with ``verify_inclusion`` /
``verify_consistency`` against ``TransparencyLog.root(size)``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from functools import partial

import pyperf

from bench.core import (
    PROOF_P99_TARGET_MS,
    PROOF_TARGET_LEAVES,
    Mode,
    Recorder,
    Results,
    Row,
    Target,
    at_most,
    say,
)
from bench.profiling import profile
from domain.proof.chain import SYSTEM_ACTOR
from domain.proof.checkpoint import format_checkpoint, sign_note
from domain.proof.merkle import MemoryTree, leaf_hash, verify_consistency, verify_inclusion
from domain.records.actors import Actor
from infra.application import Jianzheng

SEED = 20261129
WARM_UP = 20
CHECKED = 10
"""Proofs of each kind verified against the stored root (all are compared to memory)."""

Request = tuple[int, int]
Answer = Callable[[int, int], list[bytes]]
"""Answers a request: (index, size) → inclusion proof, (size1, size2) → consistency proof."""


class ProofMismatch(RuntimeError):
    """A proof from the store differs from the in-memory tree's, or does not verify."""


def latencies(answer: Answer, requests: Sequence[Request]) -> tuple[list[float], list[list[bytes]]]:
    """Seconds per request, and the answers."""
    clock = time.perf_counter
    values, answers = [], []
    for a, b in requests:
        start = clock()
        proof = answer(a, b)
        values.append(clock() - start)
        answers.append(proof)
    return values, answers


def run(app: Jianzheng, backend: str, mode: Mode, recorder: Recorder, results: Results) -> None:
    """Proof latencies and signing time on ``app``'s log; rows added to ``results``."""
    log = app.log
    size = log.size()
    event_hashes = [h for _, _, h in log.leaves()]
    memory = MemoryTree(leaf_hash(h) for h in event_hashes)
    rng = random.Random(SEED)  # noqa: S311 -- request sampling, not security
    n = mode.proof_requests
    kinds: dict[str, tuple[list[Request], Answer, Answer]] = {
        "inclusion": (
            [(rng.randrange(size), size) for _ in range(n)],
            log.inclusion_proof,
            memory.inclusion_proof,
        ),
        "consistency": (
            [(rng.randrange(1, size), size) for _ in range(n)],
            log.consistency_proof,
            memory.consistency_proof,
        ),
    }  # fmt: skip
    root = log.root(size)
    if root != memory.root(size):
        raise ProofMismatch(f"stored root at {size} differs from the in-memory root")
    for kind, (requests, stored, in_memory) in kinds.items():
        latencies(stored, requests[:WARM_UP])
        values, answers = latencies(stored, requests)
        ours = recorder.add(f"proof/{kind}/{backend}/{size}/jianzheng", values)
        values, expected = latencies(in_memory, requests)
        base = recorder.add(f"proof/{kind}/{backend}/{size}/memory", values)
        if answers != expected:
            wrong = next(r for r, a, e in zip(requests, answers, expected, strict=True) if a != e)
            raise ProofMismatch(f"{kind} proof for {wrong} differs from the in-memory tree's")
        for (a, b), proof in list(zip(requests, answers, strict=True))[:CHECKED]:
            if kind == "inclusion":
                verify_inclusion(leaf_hash(event_hashes[a]), a, b, proof, root)
            else:
                verify_consistency(a, b, proof, log.root(a), root)
        _rows(kind, backend, size, ours, base, mode, results)
        if results.profile_wanted(f"proof {kind}"):
            results.profiles[f"{kind} proofs: 200 requests ({backend})"] = profile(
                partial(latencies, stored, requests[:200])
            )
    results.notes.append(
        f"proofs ({backend}, {size:,} leaves): all {2 * n:,} proofs equal the in-memory "
        f"tree's; {CHECKED} of each kind verified against TransparencyLog.root."
    )
    _signing(app, backend, size, memory, mode, recorder, results)


def _rows(
    kind: str,
    backend: str,
    size: int,
    ours: pyperf.Benchmark,
    base: pyperf.Benchmark,
    mode: Mode,
    results: Results,
) -> None:
    median_ms, p99_ms = ours.median() * 1e3, ours.percentile(99) * 1e3
    say(f"  {kind:11} proof {backend:8} {size:>9,} leaves: median {median_ms:.2f} ms, "
        f"p99 {p99_ms:.2f} ms (memory {base.median() * 1e3:.3f} ms)")  # fmt: skip
    note = (
        ""
        if size >= PROOF_TARGET_LEAVES
        else f"(indicative: target is at {PROOF_TARGET_LEAVES:,} leaves)"
    )
    for label, value, baseline, targets in (
        ("median", median_ms, base.median() * 1e3, ()),
        ("p99", p99_ms, base.percentile(99) * 1e3,
         (at_most(p99_ms, PROOF_P99_TARGET_MS, f"p99 ≤ {PROOF_P99_TARGET_MS:g} ms", note),)),
    ):  # fmt: skip
        results.add(
            Row(
                section=f"proof {kind}",
                what=f"{kind} proof, {label}",
                backend=backend,
                scale=f"{size:,} leaves",
                unit="ms",
                ours=value,
                baseline=baseline,
                baseline_what="domain.proof.merkle.MemoryTree, same requests",
                higher_is_better=False,
                detail=f"{mode.proof_requests:,} random requests",
                targets=tuple[Target, ...](targets),
            )
        )


def _signing(
    app: Jianzheng,
    backend: str,
    size: int,
    memory: MemoryTree,
    mode: Mode,
    recorder: Recorder,
    results: Results,
) -> None:
    """Sign a checkpoint after each of a few appends; baseline: in-memory root and signature."""
    log = app.log
    key = log.keys[0]
    log.sign_checkpoint()  # the first checkpoint has no predecessor to check: not timed
    ours: list[float] = []
    base: list[float] = []
    for i in range(mode.signings):
        appended = app.store.append(
            Actor.register(actor=SYSTEM_ACTOR, name=f"签名{i}", role="officer",
                           agency="淄博市市场监督管理局", jurisdiction="370303")
        )  # fmt: skip
        memory.append(leaf_hash(bytes.fromhex(appended[0].event_hash)))
        start = time.perf_counter()
        checkpoint = log.sign_checkpoint()
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        sign_note(
            format_checkpoint(log.origin, memory.size, memory.root()), key.name, key.private_key
        )
        base.append(time.perf_counter() - start)
        if (checkpoint.size, checkpoint.root) != (memory.size, memory.root()):
            raise ProofMismatch(f"checkpoint {checkpoint.size} differs from the in-memory tree")
    ours_bench = recorder.add(f"checkpoint/{backend}/jianzheng", ours)
    base_bench = recorder.add(f"checkpoint/{backend}/memory", base)
    say(f"  checkpoint signing {backend:8}: median {ours_bench.median() * 1e3:.2f} ms")
    results.add(
        Row(
            section="checkpoint",
            what="checkpoint signing, median",
            backend=backend,
            scale=f"{size:,} leaves",
            unit="ms",
            ours=ours_bench.median() * 1e3,
            baseline=base_bench.median() * 1e3,
            baseline_what="MemoryTree root + Ed25519 sign_note",
            higher_is_better=False,
            detail=f"{mode.signings} signings, each after one new event",
        )
    )
