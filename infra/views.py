"""Runs the projections and stores their documents beside the events (SQLite or PostgreSQL).

Three tables, created on first use:

* ``jz_view_docs(projection, collection, key, doc)`` — JSON documents;
* ``jz_view_positions(projection, position)`` — the global position each projection has
  applied up to;
* ``jz_view_versions(projection, version)`` — the :attr:`Projection.version` that wrote the
  documents (a store made before versions were kept holds version 1). When a projection's
  code has another version, its documents are dropped and its position reset as the runner
  starts, so the next catch-up rebuilds it from the events: a list never reads a document
  that lacks a member its code expects. (Two servers of different versions on one store
  would rebuild each other's documents in turn: upgrade them together.)

:meth:`Views.catch_up` reads stored events in commit order after the lowest position of
the projections, one batch (``batch_size`` rows) per transaction. Each row is decoded
once, and its envelope given to every projection that reads its type and has not applied
it yet. A projection's documents come from a cache kept from batch to batch (trusted only
while no other runner has moved the projection's position), or are loaded a few rows
ahead, one query per collection (each projection names what it will read:
``Projection.reads``). The changed documents are written together at the end of the
batch, with the new positions, in one transaction guarded by the old positions: if
another process advanced one meanwhile, the batch is rolled back, so every event is
applied exactly once. Notification ids may have gaps (a rolled-back insert on
PostgreSQL); positions are the last id read.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any

from domain.proof.chain import Envelope
from domain.proof.verify import StoredRow
from domain.records.errors import ChainConflict
from infra.settings import Settings
from infra.sql import Database
from infra.store import EventStore
from projections.actors import ActorDirectory
from projections.base import Doc, Projection
from projections.cases import CaseStates
from projections.children import ChildrenLedger
from projections.oversight import OversightQueues
from projections.reviews import ReviewStatus
from projections.role_grants import RoleGrants

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS jz_view_docs ("
    " projection TEXT NOT NULL, collection TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL,"
    " PRIMARY KEY (projection, collection, key))",
    "CREATE TABLE IF NOT EXISTS jz_view_positions ("
    " projection TEXT PRIMARY KEY, position BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS jz_view_versions ("
    " projection TEXT PRIMARY KEY, version BIGINT NOT NULL)",
)

UNVERSIONED = 1
"""The version of documents written before their projection's version was stored."""

VIEWS_LOCK_KEY = 0x6A7A_0002
"""Advisory-lock key that serialises projection batches across processes (PostgreSQL)."""

ALL_PROJECTIONS: tuple[Projection, ...] = (
    CaseStates(),
    ReviewStatus(),
    OversightQueues(),
    ChildrenLedger(),
    RoleGrants(),
    ActorDirectory(),
)


LOAD_AHEAD = 50
"""Rows of a batch decoded, and their documents loaded, before they are applied.

Few, so that decoded events die young: kept for a whole batch they would outlive the
garbage collector's young generations, and each full collection would walk them again.
"""

LOAD_CHUNK = 500
"""Keys per query when a batch loads its documents on SQLite (well under its parameter limit)."""

UPSERT = (
    "INSERT INTO jz_view_docs (projection, collection, key, doc) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (projection, collection, key) DO UPDATE SET doc = excluded.doc"
)
DELETE = "DELETE FROM jz_view_docs WHERE projection = ? AND collection = ? AND key = ?"

# On PostgreSQL a batch's documents are copied into a temporary table and upserted from
# it in one statement: the client then does a tenth of the per-row work of executemany.
STAGE = (
    "CREATE TEMP TABLE IF NOT EXISTS jz_view_docs_batch ("
    " projection TEXT, collection TEXT, key TEXT, doc TEXT) ON COMMIT DELETE ROWS"
)
COPY_TO_STAGE = "COPY jz_view_docs_batch (projection, collection, key, doc) FROM STDIN"
UPSERT_STAGED = (
    "INSERT INTO jz_view_docs (projection, collection, key, doc)"
    " SELECT projection, collection, key, doc FROM jz_view_docs_batch"
    " ON CONFLICT (projection, collection, key) DO UPDATE SET doc = excluded.doc"
)

# On PostgreSQL a batch loads documents through a join the planner cannot flatten, so
# that it looks each key up in the index whatever the table's statistics say: a table
# being rebuilt has none yet, and for an IN list the planner then reads every document
# of the collection.
LOAD_PG = (
    "SELECT k.key, d.doc FROM unnest(%s::text[]) AS k(key) CROSS JOIN LATERAL ("
    " SELECT doc FROM jz_view_docs"
    " WHERE projection = %s AND collection = %s AND key = k.key LIMIT 1) AS d"
)

DOC_ENCODER = json.JSONEncoder(ensure_ascii=False)
"""``json.dumps(doc, ensure_ascii=False)``, without making an encoder for every document."""

Key = tuple[str, str]
"""(collection, key) of a document, within one projection."""


class _DroppedKeys:
    """The keys a cache has dropped, as a one-hash Bloom filter of fixed size.

    It may say that a key was dropped when it was not (the document is then looked up
    for nothing: with half a million keys dropped, one lookup in seventeen), never the
    reverse. Being a byte array, it costs the garbage collector nothing, unlike a set of
    hundreds of thousands of keys.
    """

    BITS = 1 << 23

    def __init__(self) -> None:
        self._bits = bytearray(self.BITS // 8)

    def add(self, k: Key) -> None:
        """Remember that ``k`` was dropped."""
        bit = hash(k) % self.BITS
        self._bits[bit >> 3] |= 1 << (bit & 7)

    def __contains__(self, k: Key) -> bool:
        bit = hash(k) % self.BITS
        return bool(self._bits[bit >> 3] & (1 << (bit & 7)))


class _Cache:
    """One projection's documents as committed at ``position``, kept from batch to batch.

    It holds documents read or written (None: known not to exist), at most ``size``, the
    least recently used dropped first. It is trusted only while the projection's stored
    position is still ``position``: if another runner applied a batch meanwhile, it is
    emptied (:meth:`check`).

    At position 0 a projection has no documents (they are written only together with a
    position after it, and a rebuild deletes them as it resets the position), so a cache
    that starts there is *complete*: a document it does not hold and never dropped does
    not exist, and need not be looked up.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.position = -1
        self.docs: OrderedDict[Key, Doc | None] = OrderedDict()
        self.complete = False
        self.dropped: _DroppedKeys | None = None

    def check(self, position: int) -> None:
        """Empty the cache unless it was committed at the projection's stored ``position``."""
        if position != self.position:
            self.docs.clear()
            self.position = position
            self.complete = position == 0
            self.dropped = None

    def absent(self, k: Key) -> bool:
        """Whether the projection certainly has no document ``k`` (one not in ``docs``)."""
        return self.complete and (self.dropped is None or k not in self.dropped)

    def commit(self, known: dict[Key, Doc | None], position: int) -> None:
        """Take in what a committed batch read and wrote, now true at ``position``."""
        docs = self.docs
        for k, doc in known.items():
            docs[k] = doc
            docs.move_to_end(k)
        while len(docs) > self.size:
            k, _ = docs.popitem(last=False)
            if self.complete:
                if self.dropped is None:
                    self.dropped = _DroppedKeys()
                self.dropped.add(k)
        self.position = position

    def forget(self) -> None:
        """Distrust everything (a batch failed after changing cached documents)."""
        self.docs.clear()
        self.position = -1
        self.complete = False
        self.dropped = None


class _Batch:
    """One projection's documents during one batch (the :class:`projections.base.Docs` protocol).

    ``known`` holds what the batch has read (None: no such document) or changed. A read
    looks there, then in the cache, then, unless the cache knows there is no such
    document, in the database, one query per document; the runner loads what the
    batch's events will read before applying them (:meth:`Views._load_ahead`). Changes
    are written when the batch ends. ``get`` hands out the object held, not a copy (see
    :class:`projections.base.Docs`).
    """

    def __init__(self, cache: _Cache, load: Callable[[str, str], Doc | None]) -> None:
        self.cache = cache
        self._load = load
        self.known: dict[Key, Doc | None] = {}
        self.dirty: set[Key] = set()

    def get(self, collection: str, key: str) -> Doc | None:
        """The document, or None."""
        k = (collection, key)
        if k in self.known:
            return self.known[k]
        cache = self.cache
        if k in cache.docs:
            doc = cache.docs[k]
        elif cache.absent(k):
            doc = None
        else:
            doc = self._load(collection, key)
        self.known[k] = doc
        return doc

    def put(self, collection: str, key: str, doc: Doc) -> None:
        """Create or replace a document."""
        self.known[(collection, key)] = doc
        self.dirty.add((collection, key))

    def delete(self, collection: str, key: str) -> None:
        """Remove a document if present."""
        self.known[(collection, key)] = None
        self.dirty.add((collection, key))


def _chunks(rows: Iterator[StoredRow], size: int) -> Iterator[list[StoredRow]]:
    """``rows`` in lists of ``size`` (the last one shorter)."""
    while chunk := list(itertools.islice(rows, size)):
        yield chunk


class Views:
    """The projections' document store and runner.

    ``batch_size`` rows are applied per transaction, which holds the views lock (and on
    SQLite the database's write lock) meanwhile; ``cache_size`` documents of each
    projection are kept from one batch to the next.
    """

    def __init__(
        self,
        settings: Settings,
        store: EventStore,
        projections: Sequence[Projection] = ALL_PROJECTIONS,
        batch_size: int = 10_000,
        cache_size: int = 5_000,
    ) -> None:
        self.settings = settings
        self.store = store
        self.projections = {p.name: p for p in projections}
        self.batch_size = batch_size
        self._caches = {p.name: _Cache(cache_size) for p in projections}
        self._readers: dict[str, list[Projection]] = {}  # event type → its projections
        for projection in projections:
            for event_type in projection.types:
                self._readers.setdefault(event_type, []).append(projection)
        self._topics = sorted(self._readers)
        self._lock = threading.Lock()
        self.db = Database(settings)
        self._sql = self.db.sql
        with self.db.transaction(lock=VIEWS_LOCK_KEY) as cur:
            for statement in SCHEMA:
                cur.execute(statement)
            for name in self.projections:
                cur.execute(
                    self._sql(
                        "INSERT INTO jz_view_positions (projection, position) VALUES (?, 0) "
                        "ON CONFLICT (projection) DO NOTHING"
                    ),
                    (name,),
                )
            self._check_versions(cur)

    def _check_versions(self, cur: Any) -> None:
        """Reset every projection whose stored documents another version of it wrote."""
        for name, projection in self.projections.items():
            cur.execute(
                self._sql("SELECT version FROM jz_view_versions WHERE projection = ?"), (name,)
            )
            row = cur.fetchone()
            stored = UNVERSIONED if row is None else int(row[0])
            if stored != projection.version:
                cur.execute(self._sql("DELETE FROM jz_view_docs WHERE projection = ?"), (name,))
                cur.execute(
                    self._sql("UPDATE jz_view_positions SET position = 0 WHERE projection = ?"),
                    (name,),
                )
            cur.execute(
                self._sql(
                    "INSERT INTO jz_view_versions (projection, version) VALUES (?, ?) "
                    "ON CONFLICT (projection) DO UPDATE SET version = excluded.version"
                ),
                (name, projection.version),
            )

    def close(self) -> None:
        """Close this object's connections."""
        self.db.close()

    # -- documents -----------------------------------------------------------------------

    def _load(self, cur: Any, projection: str, collection: str, key: str) -> Doc | None:
        cur.execute(
            self._sql(
                "SELECT doc FROM jz_view_docs WHERE projection = ? AND collection = ? AND key = ?"
            ),
            (projection, collection, key),
        )
        row = cur.fetchone()
        return None if row is None else json.loads(row[0])

    def documents(self, projection: str, collection: str) -> list[Doc]:
        """Every document of a collection, by key."""
        with self.db.transaction() as cur:
            cur.execute(
                self._sql(
                    "SELECT doc FROM jz_view_docs WHERE projection = ? AND collection = ? "
                    "ORDER BY key"
                ),
                (projection, collection),
            )
            return [json.loads(row[0]) for row in cur.fetchall()]

    def document(self, projection: str, collection: str, key: str) -> Doc | None:
        """One document."""
        with self.db.transaction() as cur:
            return self._load(cur, projection, collection, key)

    def position(self, projection: str) -> int:
        """The global position a projection has applied up to."""
        with self.db.transaction() as cur:
            return self._position(cur, projection)

    def _position(self, cur: Any, projection: str) -> int:
        cur.execute(
            self._sql("SELECT position FROM jz_view_positions WHERE projection = ?"), (projection,)
        )
        return int(cur.fetchone()[0])

    def _positions(self, cur: Any) -> dict[str, int]:
        """Every projection's position, by name."""
        cur.execute("SELECT projection, position FROM jz_view_positions")
        stored = {name: int(position) for name, position in cur.fetchall()}
        return {name: stored[name] for name in self.projections}

    # -- running -------------------------------------------------------------------------

    def catch_up(self) -> int:
        """Apply every stored event not yet applied, to every projection; returns the count.

        The count is of applications: an event read by three projections counts three.
        """
        applied = 0
        with self._lock:
            while (done := self._run_batch()) is not None:
                applied += done
        return applied

    def _run_batch(self) -> int | None:
        """Apply one batch in one transaction; the applications, or None when up to date.

        The batch's rows are decoded and applied :data:`LOAD_AHEAD` at a time, the
        documents they read loaded first.
        """
        try:
            with self.db.transaction(lock=VIEWS_LOCK_KEY) as cur:
                start = self._positions(cur)
                batches: dict[str, _Batch] = {}
                for name, cache in self._caches.items():
                    cache.check(start[name])
                    batches[name] = _Batch(cache, partial(self._load, cur, name))
                rows = self.store.rows(
                    batch=self.batch_size, after=min(start.values()), topics=self._topics
                )
                everyone_before = max(start.values())
                applied, last = 0, 0
                for chunk in _chunks(itertools.islice(rows, self.batch_size), LOAD_AHEAD):
                    events: list[tuple[int, Envelope, list[Projection]]] = []
                    for row in chunk:
                        readers = self._readers[row.topic]
                        if row.position <= everyone_before:  # some projection applied it already
                            readers = [p for p in readers if row.position > start[p.name]]
                        if readers:
                            events.append((row.position, self.store.envelope(row), readers))
                    self._load_ahead(cur, events, batches)
                    for position, envelope, readers in events:
                        for projection in readers:
                            projection.apply(envelope, position, batches[projection.name])
                        applied += len(readers)
                    last = chunk[-1].position
                if not last:
                    return None
                self._write(cur, batches)
                self._advance(cur, start, last)
        except BaseException:
            for cache in self._caches.values():
                cache.forget()
            raise
        for name, batch in batches.items():
            batch.cache.commit(batch.known, max(last, start[name]))
        return applied

    def _load_ahead(
        self,
        cur: Any,
        events: list[tuple[int, Envelope, list[Projection]]],
        batches: dict[str, _Batch],
    ) -> None:
        """Load, a query per collection, the documents the events will read and none holds."""
        wanted: dict[tuple[str, str], set[str]] = {}  # (projection, collection) → keys
        for _, envelope, readers in events:
            for projection in readers:
                batch = batches[projection.name]
                for k in projection.reads(envelope):
                    if k in batch.known or k in batch.cache.docs:
                        continue
                    if batch.cache.absent(k):
                        batch.known[k] = None
                    else:
                        wanted.setdefault((projection.name, k[0]), set()).add(k[1])
        for (name, collection), keys in wanted.items():
            known = batches[name].known
            for key in keys:
                known[(collection, key)] = None
            for key, doc in self._select(cur, name, collection, sorted(keys)):
                known[(collection, key)] = json.loads(doc)

    def _select(
        self, cur: Any, projection: str, collection: str, keys: list[str]
    ) -> list[tuple[str, str]]:
        """(key, doc) of those of ``keys`` that have a document in the collection."""
        if self.db.postgres:
            cur.execute(LOAD_PG, (keys, projection, collection))
            return list(cur.fetchall())
        found = []
        for i in range(0, len(keys), LOAD_CHUNK):
            chunk = keys[i : i + LOAD_CHUNK]
            marks = ", ".join("?" for _ in chunk)
            cur.execute(
                "SELECT key, doc FROM jz_view_docs "  # noqa: S608 -- only "?" marks are formatted in
                f"WHERE projection = ? AND collection = ? AND key IN ({marks})",
                (projection, collection, *chunk),
            )
            found.extend(cur.fetchall())
        return found

    def _write(self, cur: Any, batches: dict[str, _Batch]) -> None:
        """Write every document the batch changed, all in a few statements."""
        upserts: list[tuple[str, str, str, str]] = []
        deletes: list[tuple[str, str, str]] = []
        for name, batch in batches.items():
            for collection, key in sorted(batch.dirty):
                doc = batch.known[(collection, key)]
                if doc is None:
                    deletes.append((name, collection, key))
                else:
                    upserts.append((name, collection, key, DOC_ENCODER.encode(doc)))
        if deletes:
            cur.executemany(self._sql(DELETE), deletes)
        if not upserts:
            return
        if self.db.postgres:
            cur.execute(STAGE)
            with cur.copy(COPY_TO_STAGE) as copy:
                for row in upserts:
                    copy.write_row(row)
            cur.execute(UPSERT_STAGED)
        else:
            cur.executemany(UPSERT, upserts)

    def _advance(self, cur: Any, start: dict[str, int], last: int) -> None:
        """Move every projection that was behind ``last`` to it, guarded by its old position."""
        for name, position in start.items():
            if position >= last:
                continue
            cur.execute(
                self._sql(
                    "UPDATE jz_view_positions SET position = ? "
                    "WHERE projection = ? AND position = ?"
                ),
                (last, name, position),
            )
            if cur.rowcount != 1:  # cannot happen under the lock; refuse rather than double-apply
                raise ChainConflict(f"projection {name} advanced concurrently")

    def rebuild(self, names: Sequence[str] | None = None) -> int:
        """Drop the named projections' documents and replay every event from position 0."""
        chosen = list(names or self.projections)
        with self._lock, self.db.transaction(lock=VIEWS_LOCK_KEY) as cur:
            for name in chosen:
                cur.execute(self._sql("DELETE FROM jz_view_docs WHERE projection = ?"), (name,))
                cur.execute(
                    self._sql("UPDATE jz_view_positions SET position = 0 WHERE projection = ?"),
                    (name,),
                )
        return self.catch_up()
