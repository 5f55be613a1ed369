"""Concurrent writers never fork a chain and never lose an acknowledged append (DESIGN §6)."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from uuid import UUID

import pytest

from domain.records.actors import Actor
from domain.records.errors import ChainConflict
from infra.application import Jianzheng
from infra.settings import Settings
from infra.store import Appended
from tests.conftest import register

ROUNDS = 120  # two writers each: 240 attempts


@dataclass
class Tally:
    landed: list[Appended] = field(default_factory=list)
    conflicts: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _writer(
    settings: Settings, stream: UUID, name: str, barrier: threading.Barrier, tally: Tally
) -> None:
    """Each round: load the stream, wait until the rival has loaded too, then append."""
    jz = Jianzheng(settings)  # its own connection pool, as a second process would have
    try:
        for round_no in range(ROUNDS):
            actor = jz.store.load(Actor, stream)
            actor.record_certificate(
                actor="system",
                number=f"{name}-{round_no}",
                valid_from="2026-01-01",
                valid_until="2026-12-31",
            )
            barrier.wait(timeout=30)
            try:
                appended = jz.store.append(actor)
            except ChainConflict:
                with tally.lock:
                    tally.conflicts += 1
            else:
                with tally.lock:
                    tally.landed.extend(appended)
            barrier.wait(timeout=30)
    finally:
        jz.close()


@pytest.mark.postgres
@pytest.mark.parametrize("settings", ["postgres"], indirect=True)
def test_two_writers_racing_on_one_stream_never_fork_it(jz: Jianzheng) -> None:
    """Two writers append to the same stream in lock step: one lands, one conflicts, each round."""
    stream = register(jz).actor.id
    start_version = jz.get_actor(stream).version
    tally = Tally()
    barrier = threading.Barrier(2)
    threads = [
        threading.Thread(target=_writer, args=(jz.settings, stream, name, barrier, tally))
        for name in ("A", "B")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads)

    assert len(tally.landed) + tally.conflicts == 2 * ROUNDS
    assert len(tally.landed) == ROUNDS  # exactly one winner per round
    actor = jz.get_actor(stream)
    assert actor.version == start_version + len(tally.landed)
    assert len(actor.certificates) == len(tally.landed)
    # Every acknowledged append is in the stream, at the seq it was acknowledged with.
    events = list(jz.store.events.get(stream))
    by_seq = {e.originator_version: e for e in events}
    for ack in tally.landed:
        assert by_seq[ack.seq].hash == ack.event_hash
    # Each event links to its predecessor: no fork.
    for prev, nxt in itertools.pairwise(events):
        assert nxt.prev == prev.hash
    assert jz.verify().ok


def _free_writer(settings: Settings, stream: UUID, name: str, n: int, tally: Tally) -> None:
    """Append as fast as possible through the retrying command path."""
    jz = Jianzheng(settings)
    try:
        for i in range(n):

            def action(actor: Actor, number: str = f"{name}-{i}") -> None:
                actor.record_certificate(
                    actor="system", number=number, valid_from="2026-01-01", valid_until="2026-12-31"
                )

            try:
                appended = jz.store.command(Actor, stream, action, retries=2)
            except ChainConflict:
                with tally.lock:
                    tally.conflicts += 1
            else:
                with tally.lock:
                    tally.landed.extend(appended)
    finally:
        jz.close()


@pytest.mark.postgres
@pytest.mark.parametrize("settings", ["postgres"], indirect=True)
def test_free_running_writers_lose_nothing_they_acknowledged(jz: Jianzheng) -> None:
    """Three writers with retries: every acknowledged append is stored, in one unforked chain."""
    stream = register(jz).actor.id
    start_version = jz.get_actor(stream).version
    tally = Tally()
    threads = [
        threading.Thread(target=_free_writer, args=(jz.settings, stream, name, 80, tally))
        for name in ("A", "B", "C")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert len(tally.landed) + tally.conflicts == 240
    actor = jz.get_actor(stream)
    assert actor.version == start_version + len(tally.landed)
    numbers = [c.number for c in actor.certificates]
    assert len(numbers) == len(set(numbers)) == len(tally.landed)
    assert jz.verify().ok


@pytest.mark.postgres
@pytest.mark.parametrize("settings", ["postgres"], indirect=True)
def test_a_decision_racing_a_redraft_never_decides_an_unreviewed_draft(jz: Jianzheng) -> None:
    """R-LR-1 under concurrency: in every round either the reviewed draft is decided first
    (and the redraft is refused) or the redraft lands first (and the decision is blocked)."""
    from domain.records import errors
    from domain.records.enforcement import EnforcementCase
    from tests.integration.casekit import draft, heads_discuss, make_cast, open_case, review

    cast = make_cast(jz)
    rounds = 30
    outcomes: dict[str, int] = {"decided": 0, "blocked": 0}
    for _ in range(rounds):
        case = open_case(jz, cast)
        passed = draft(jz, cast, case, "licence_revocation")
        review(jz, cast, case, passed, "passed")
        heads_discuss(jz, cast, case, passed)  # a revocation is decided collectively (R-EN-7)
        barrier = threading.Barrier(2)
        results: dict[str, object] = {}

        def decide(
            case: UUID = case,
            passed: str = passed,
            barrier: threading.Barrier = barrier,
            results: dict[str, object] = results,
        ) -> None:
            other = Jianzheng(jz.settings)
            try:
                barrier.wait(timeout=30)
                other.cases.decide(cast.head, case, passed)
                results["decide"] = "made"
            except errors.JianzhengError as exc:
                results["decide"] = exc.code
            finally:
                other.close()

        def redraft(
            case: UUID = case,
            barrier: threading.Barrier = barrier,
            results: dict[str, object] = results,
        ) -> None:
            other = Jianzheng(jz.settings)
            try:
                barrier.wait(timeout=30)
                draft(other, cast, case, "licence_revocation", "fine", fine_fen=10**7,
                      inform_first=False)  # fmt: skip
                results["redraft"] = "made"
            except errors.JianzhengError as exc:
                results["redraft"] = exc.code
            finally:
                other.close()

        threads = [threading.Thread(target=decide), threading.Thread(target=redraft)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        aggregate = jz.store.load(EnforcementCase, case)
        if aggregate.decision is not None:
            outcomes["decided"] += 1
            assert aggregate.decision["draft_hash"] == passed
            assert results["redraft"] == "decision-already-made"
            assert aggregate.current_draft == passed
        else:
            outcomes["blocked"] += 1
            assert results == {"decide": "draft-superseded", "redraft": "made"}
            assert aggregate.blocked[-1]["code"] == "draft-superseded"
        # Replaying the stream: a DecisionMade only ever follows a passed opinion on the
        # draft that was current at that moment.
        current, passed_drafts = None, set()
        for event in jz.store.events.get(case):
            envelope = event.envelope  # type: ignore[attr-defined]
            if envelope.type == "enforcement.DraftSubmitted":
                current = envelope.data["draft_hash"]
            elif (
                envelope.type == "enforcement.OpinionRecorded"
                and envelope.data["result"] == "passed"
            ):
                passed_drafts.add(envelope.data["draft_hash"])
            elif envelope.type == "enforcement.DecisionMade":
                assert envelope.data["draft_hash"] == current
                assert current in passed_drafts
    assert sum(outcomes.values()) == rounds
    assert jz.verify().ok
