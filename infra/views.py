"""Runs the projections and stores their documents beside the events (SQLite or PostgreSQL).

Two tables, created on first use:

* ``jz_view_docs(projection, collection, key, doc)`` — JSON documents;
* ``jz_view_positions(projection, position)`` — the global position each projection has
  applied up to.

:meth:`Views.catch_up` reads stored events after a projection's position in commit
order, applies a batch, and writes the changed documents and the new position in one
transaction, guarded by the old position: if another process advanced it meanwhile, the
batch is rolled back and re-read, so every event is applied exactly once. Notification
ids may have gaps (a rolled-back insert on PostgreSQL); positions are the last id seen.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from domain.errors import ChainConflict
from infra.settings import Settings
from infra.sql import Database
from infra.store import EventStore
from projections.base import Doc, Projection
from projections.cases import CaseStates
from projections.children import ChildrenLedger
from projections.oversight import OversightQueues
from projections.reviews import ReviewStatus

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS jz_view_docs ("
    " projection TEXT NOT NULL, collection TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL,"
    " PRIMARY KEY (projection, collection, key))",
    "CREATE TABLE IF NOT EXISTS jz_view_positions ("
    " projection TEXT PRIMARY KEY, position BIGINT NOT NULL)",
)

VIEWS_LOCK_KEY = 0x6A7A_0002
"""Advisory-lock key that serialises projection batches across processes (PostgreSQL)."""

ALL_PROJECTIONS: tuple[Projection, ...] = (
    CaseStates(),
    ReviewStatus(),
    OversightQueues(),
    ChildrenLedger(),
)


class _Batch:
    """The documents one batch reads and writes (the :class:`projections.base.Docs` protocol)."""

    def __init__(self, views: Views, cursor: Any, projection: str) -> None:
        self._views, self._cursor, self._projection = views, cursor, projection
        self._cache: dict[tuple[str, str], Doc | None] = {}
        self.dirty: set[tuple[str, str]] = set()

    def get(self, collection: str, key: str) -> Doc | None:
        k = (collection, key)
        if k not in self._cache:
            self._cache[k] = self._views._load(self._cursor, self._projection, collection, key)
        doc = self._cache[k]
        return None if doc is None else json.loads(json.dumps(doc))

    def put(self, collection: str, key: str, doc: Doc) -> None:
        self._cache[(collection, key)] = doc
        self.dirty.add((collection, key))

    def delete(self, collection: str, key: str) -> None:
        self._cache[(collection, key)] = None
        self.dirty.add((collection, key))

    def changes(self) -> Iterator[tuple[str, str, Doc | None]]:
        for collection, key in sorted(self.dirty):
            yield collection, key, self._cache[(collection, key)]


class Views:
    """The projections' document store and runner."""

    def __init__(
        self,
        settings: Settings,
        store: EventStore,
        projections: Sequence[Projection] = ALL_PROJECTIONS,
        batch_size: int = 1000,
    ) -> None:
        self.settings = settings
        self.store = store
        self.projections = {p.name: p for p in projections}
        self.batch_size = batch_size
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

    # -- running -------------------------------------------------------------------------

    def catch_up(self) -> int:
        """Apply every stored event not yet applied, to every projection; returns the count."""
        applied = 0
        with self._lock:
            for projection in self.projections.values():
                while True:
                    done = self._run_batch(projection)
                    applied += done
                    if done == 0:
                        break
        return applied

    def _run_batch(self, projection: Projection) -> int:
        """Apply one batch in one transaction; 0 when the projection is up to date."""
        with self.db.transaction(lock=VIEWS_LOCK_KEY) as cur:
            start = self._position(cur, projection.name)
            rows = list(
                itertools.islice(
                    self.store.rows(
                        batch=self.batch_size, after=start, topics=sorted(projection.types)
                    ),
                    self.batch_size,
                )
            )
            if not rows:
                return 0
            docs = _Batch(self, cur, projection.name)
            for row in rows:
                envelope = self.store.envelope(row)
                projection.apply(envelope, row.position, docs)
            for collection, key, doc in docs.changes():
                if doc is None:
                    cur.execute(
                        self._sql(
                            "DELETE FROM jz_view_docs "
                            "WHERE projection = ? AND collection = ? AND key = ?"
                        ),
                        (projection.name, collection, key),
                    )
                else:
                    cur.execute(
                        self._sql(
                            "INSERT INTO jz_view_docs (projection, collection, key, doc) "
                            "VALUES (?, ?, ?, ?) ON CONFLICT (projection, collection, key) "
                            "DO UPDATE SET doc = excluded.doc"
                        ),
                        (projection.name, collection, key, json.dumps(doc, ensure_ascii=False)),
                    )
            cur.execute(
                self._sql(
                    "UPDATE jz_view_positions SET position = ? "
                    "WHERE projection = ? AND position = ?"
                ),
                (rows[-1].position, projection.name, start),
            )
            if cur.rowcount != 1:  # cannot happen under the lock; refuse rather than double-apply
                raise ChainConflict(f"projection {projection.name} advanced concurrently")
            return len(rows)

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
