"""Group commit (``infra/ledger.py``): concurrent writers of one process share transactions,
yet each is answered with its own positions and leaves, and a conflict reaches only its writer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.proof.chain import SYSTEM_ACTOR
from domain.proof.merkle import MemoryTree, leaf_hash
from domain.records.actors import Actor
from domain.records.errors import ChainConflict
from infra.application import Jianzheng
from infra.store import Appended
from tests.concurrently import run_together

WRITERS = 12
ROUNDS = 15


def new_actor(name: str) -> Actor:
    return Actor.register(
        actor=SYSTEM_ACTOR,
        name=name,
        role="officer",
        agency="淄博市应急管理局",
        jurisdiction="370303",
    )


def test_concurrent_writers_share_transactions_and_each_gets_its_own_leaves(
    jz: Jianzheng,
) -> None:
    group = getattr(jz.store.recorder, "_group", None)
    before = group.transactions if group else 0
    start = jz.log.size()
    acknowledged: list[Appended] = []
    for r in range(ROUNDS):
        works = [(lambda name=f"{r}-{w}": jz.store.append(new_actor(name))) for w in range(WRITERS)]
        for result in run_together(works):
            assert isinstance(result, list), result
            acknowledged.extend(result)
    writes = WRITERS * ROUNDS
    group = jz.store.recorder._group  # type: ignore[attr-defined]
    assert group.transactions - before < writes  # some writes shared a transaction
    leaves = [a.leaf_index for a in acknowledged]
    assert sorted(leaves) == list(range(start, start + writes))  # type: ignore[type-var]
    # Each answer's leaf is the leaf the log holds for that event.
    by_position = jz.log.leaf_indexes([a.position for a in acknowledged])  # type: ignore[misc]
    assert all(by_position[a.position] == a.leaf_index for a in acknowledged)  # type: ignore[index]
    # And the tree over the acknowledged hashes, in leaf order, is the log's tree.
    tree = MemoryTree(leaf_hash(bytes(h)) for _, _, h in list(jz.log.leaves())[:start])
    for a in sorted(acknowledged, key=lambda a: a.leaf_index or 0):
        tree.append(leaf_hash(bytes.fromhex(a.event_hash)))
    assert jz.log.root(start + writes) == tree.root(start + writes)
    assert jz.verify().ok


def test_a_lost_race_in_a_shared_transaction_reaches_only_its_writer(jz: Jianzheng) -> None:
    for r in range(ROUNDS):
        contested = new_actor(f"contested-{r}")
        jz.store.append(contested)
        first = jz.store.load(Actor, contested.id)
        second = jz.store.load(Actor, contested.id)
        first.suspend(actor=SYSTEM_ACTOR, reason="调查")
        second.suspend(actor=SYSTEM_ACTOR, reason="调查")
        works: list[Callable[[], Any]] = [
            lambda first=first: jz.store.append(first),
            lambda second=second: jz.store.append(second),
            *[
                (lambda name=f"{r}-{w}": jz.store.append(new_actor(name)))
                for w in range(WRITERS - 2)
            ],
        ]
        results = run_together(works)
        assert sorted(isinstance(x, ChainConflict) for x in results[:2]) == [False, True]
        assert all(isinstance(x, list) for x in results[2:]), results
        assert len(list(jz.store.events.get(contested.id))) == 2
    assert jz.verify().ok
