"""Benchmark 3: projection rebuild, ``Jianzheng.views.rebuild()``, on a store of case events.

The rate is stored events per second of wall time (every event of the store is read;
the three projections — case state, review status, oversight queues — apply each event
of their types, so one event may be applied up to three times).

The baseline does the same projection work with nothing else: the rows read once,
``json.loads`` of each stored body, the same three projections applied into a Python
dict. After both, every document the rebuild stored is compared with the baseline's,
so the two did the same work.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime

from bench.core import (
    REBUILD_TARGET,
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
from domain.proof.chain import Envelope
from infra.application import Jianzheng
from infra.store import EventStore
from infra.views import ALL_PROJECTIONS
from projections.base import Doc

Key = tuple[str, str, str]
"""(projection, collection, key) of a document."""


class RebuildMismatch(RuntimeError):
    """The rebuilt documents differ from the in-memory replay's."""


class MemoryDocs:
    """A projection's documents in a dict (the ``projections.base.Docs`` protocol)."""

    def __init__(self, projection: str, docs: dict[Key, Doc]) -> None:
        self._projection = projection
        self._docs = docs

    def get(self, collection: str, key: str) -> Doc | None:
        """The document, or None."""
        return self._docs.get((self._projection, collection, key))

    def put(self, collection: str, key: str, doc: Doc) -> None:
        """Create or replace a document."""
        self._docs[(self._projection, collection, key)] = doc

    def delete(self, collection: str, key: str) -> None:
        """Remove a document if present."""
        self._docs.pop((self._projection, collection, key), None)


def _envelopes(store: EventStore) -> Iterator[tuple[int, Envelope]]:
    for row in store.rows():
        body = row.state[65:]
        members = json.loads(body)
        yield (
            row.position,
            Envelope(
                **members,
                canonical=body,
                event_hash=row.state[:64].decode(),
                moment=datetime.fromisoformat(members["at"]),
            ),
        )


def replay(store: EventStore) -> dict[Key, Doc]:
    """The baseline: the same projections over every row, into memory."""
    docs: dict[Key, Doc] = {}
    targets = [(p.types, p.apply, MemoryDocs(p.name, docs)) for p in ALL_PROJECTIONS]
    for position, envelope in _envelopes(store):
        for types, apply, into in targets:
            if envelope.type in types:
                apply(envelope, position, into)
    return docs


def stored_documents(app: Jianzheng) -> dict[Key, Doc]:
    """Every document the views hold."""
    with app.views.db.transaction() as cur:
        cur.execute("SELECT projection, collection, key, doc FROM jz_view_docs")
        return {(p, c, k): json.loads(d) for p, c, k, d in cur.fetchall()}


def run(
    app: Jianzheng,
    backend: str,
    size: int,
    mode: Mode,
    recorder: Recorder,
    results: Results,
    small: Callable[[], Jianzheng],
) -> None:
    """Rebuild the views of ``app``'s store of ``size`` events, beside the in-memory replay."""
    views = app.views  # creates the view tables, untimed
    seconds, applied = timed(views.rebuild)
    ours = recorder.add_throughput(f"rebuild/{backend}/{size}/jianzheng", seconds, size)
    seconds, expected = timed(lambda: replay(app.store))
    base = recorder.add_throughput(f"rebuild/{backend}/{size}/in-memory", seconds, size)
    found = stored_documents(app)
    if found != expected:
        differing = sorted(
            k for k in found.keys() | expected.keys() if found.get(k) != expected.get(k)
        )
        raise RebuildMismatch(f"{len(differing)} documents differ, e.g. {differing[:3]}")
    ours_rate, base_rate = per_second(ours), per_second(base)
    say(
        f"  rebuild {backend:8} {size:>9,} events: {ours_rate:9,.0f}/s "
        f"vs in-memory {base_rate:9,.0f}/s"
    )
    results.add(
        Row(
            section="rebuild",
            what="projection rebuild (3 views)",
            backend=backend,
            scale=f"{size:,} events",
            unit="events/s",
            ours=ours_rate,
            baseline=base_rate,
            baseline_what="same projections replayed into a dict",
            detail=f"{applied:,} applications, {len(found):,} documents; 1 round",
            targets=(at_least(ours_rate, REBUILD_TARGET, f"≥ {REBUILD_TARGET:,.0f} events/s"),),
        )
    )
    results.notes.append(
        f"rebuild ({backend}, {size:,} events): all {len(found):,} stored documents equal the "
        "in-memory replay's."
    )
    if results.profile_wanted("rebuild"):
        store = small()
        results.profiles[f"rebuild: {mode.profile_events:,} events ({backend})"] = profile(
            store.views.rebuild
        )
