"""The transparency log's leaves and tree, written in the same transaction as the events.

Every committed event becomes leaf ``i`` of the log (DESIGN §3), in commit order,
exactly once, because the leaf rows are inserted by the event recorder itself, inside
the transaction that inserts the events and while it holds the events-table lock
(PostgreSQL) or the single write lock (SQLite). No leaf can exist without its event
and no event without its leaf; a crash rolls back both.

Tables (created with the event table):

* ``jz_log_leaves(leaf_index, position, event_hash)`` — leaf ``i`` is the event at
  notification ``position``; ``event_hash`` is its 32-byte hash (the leaf data);
* ``jz_log_nodes(level, idx, hash)`` — the hash of every complete perfect subtree
  ``[idx·2^level, (idx+1)·2^level)`` (level 0: the RFC 9162 leaf hashes), so a root or
  proof at any size needs at most ~2·log2(n) stored hashes, fetched in one query.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor
from eventsourcing.utils import retry
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Identifier

from domain.merkle import leaf_hash, node_hash, perfect_subtrees

SCHEMA_LOCK_KEY = 0x6A7A_0001
"""Advisory-lock key held while the tables are created (PostgreSQL)."""

appended = threading.local()
"""``appended.leaves``: position → leaf index of the last events this thread inserted."""


def schema(blob: str) -> list[str]:
    """CREATE statements for the log tables (``blob`` is BLOB or BYTEA)."""
    return [
        "CREATE TABLE IF NOT EXISTS jz_log_leaves ("
        " leaf_index BIGINT PRIMARY KEY, position BIGINT NOT NULL UNIQUE,"
        f" event_hash {blob} NOT NULL)",
        "CREATE INDEX IF NOT EXISTS jz_log_leaves_by_hash ON jz_log_leaves (event_hash)",
        "CREATE TABLE IF NOT EXISTS jz_log_nodes ("
        f" level INTEGER NOT NULL, idx BIGINT NOT NULL, hash {blob} NOT NULL,"
        " PRIMARY KEY (level, idx))",
        "CREATE TABLE IF NOT EXISTS jz_log_checkpoints ("
        f" size BIGINT PRIMARY KEY, root {blob} NOT NULL, note TEXT NOT NULL,"
        " signed_at TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS jz_log_cosignatures ("
        " size BIGINT NOT NULL, witness TEXT NOT NULL, line TEXT NOT NULL,"
        " timestamp BIGINT NOT NULL, PRIMARY KEY (size, witness))",
    ]


RawRow = tuple[int, str, int, str, bytes]
"""``(position, stream, seq, topic, state)`` of one stored event, as stored."""


def dashed(hex32: str) -> str:
    """The canonical text form of a UUID stored as 32 hex digits (SQLite); anything else as is."""
    if len(hex32) != 32:
        return hex32
    h = hex32.lower()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def coordinates(start: int, end: int) -> tuple[int, int]:
    """(level, idx) of the perfect aligned subtree ``[start, end)``."""
    width = end - start
    return width.bit_length() - 1, start // width


def append_leaves(
    cursor: Any, placeholder: str, positions: Sequence[int], stored: Sequence[StoredEvent]
) -> list[int]:
    """Insert leaves (and the subtree hashes they complete) for events just inserted.

    Returns the leaf indexes, in the order of ``positions``.
    """
    p = placeholder
    cursor.execute("SELECT MAX(leaf_index) AS n FROM jz_log_leaves")
    row = cursor.fetchone()
    top = row["n"] if row is not None else None
    size = 0 if top is None else int(top) + 1
    # The frontier: the perfect subtrees of [0, size), largest first — the left
    # siblings that new leaves will complete.
    frontier: list[tuple[int, int, bytes]] = []
    wanted = [coordinates(s, e) for s, e in perfect_subtrees(0, size)] if size else []
    if wanted:
        cursor.execute(
            "SELECT level, idx, hash FROM jz_log_nodes WHERE "  # noqa: S608 -- only placeholders
            + " OR ".join(f"(level = {p} AND idx = {p})" for _ in wanted),
            [v for pair in wanted for v in pair],
        )
        found = {(int(r["level"]), int(r["idx"])): bytes(r["hash"]) for r in cursor.fetchall()}
        frontier = [(level, idx, found[(level, idx)]) for level, idx in wanted]
    leaves: list[tuple[int, int, bytes]] = []
    nodes: list[tuple[int, int, bytes]] = []
    indexes = []
    for position, event in zip(positions, stored, strict=True):
        event_hash = bytes.fromhex(event.state[:64].decode("ascii"))
        index = size
        size += 1
        indexes.append(index)
        leaves.append((index, position, event_hash))
        current = (0, index, leaf_hash(event_hash))
        nodes.append(current)
        while frontier and frontier[-1][0] == current[0]:
            level, left_idx, left = frontier.pop()
            current = (level + 1, left_idx // 2, node_hash(left, current[2]))
            nodes.append(current)
        frontier.append(current)
    appended.leaves = dict(zip(positions, indexes, strict=True))
    cursor.executemany(
        f"INSERT INTO jz_log_leaves (leaf_index, position, event_hash) VALUES ({p}, {p}, {p})",  # noqa: S608
        leaves,
    )
    cursor.executemany(
        f"INSERT INTO jz_log_nodes (level, idx, hash) VALUES ({p}, {p}, {p})",  # noqa: S608
        nodes,
    )
    return indexes


class SQLiteLedgerRecorder(SQLiteApplicationRecorder):
    """SQLite event recorder that also appends the log's leaves in the same transaction."""

    def construct_create_table_statements(self) -> list[str]:
        """The event table, then the log tables."""
        return [*super().construct_create_table_statements(), *schema("BLOB")]

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._insert_events(c, stored_events, **kwargs)
        if positions:
            append_leaves(c, "?", positions, stored_events)
        return positions

    def select_rows(
        self, after: int | None, limit: int, topics: Sequence[str] = ()
    ) -> list[RawRow]:
        """Stored rows after a position, in commit order, with no per-row object building."""
        where = "rowid > ?"
        params: list[Any] = [after if after is not None else 0]
        if topics:
            where += f" AND topic IN ({', '.join('?' for _ in topics)})"
            params.extend(topics)
        statement = (
            "SELECT rowid, originator_id, originator_version, topic, state"  # noqa: S608
            f" FROM {self.events_table_name} WHERE {where} ORDER BY rowid LIMIT ?"
        )
        params.append(limit)
        with self.datastore.transaction(commit=False) as c:
            c.execute(statement, params)
            return [(r[0], dashed(r[1]), r[2], r[3], r[4]) for r in c.fetchall()]


_FAIL_FAST = retry((InterfaceError, OperationalError), max_attempts=2, wait=0.1)
"""One retry (a stale pooled connection), not the library's ten: with a 2 s connect timeout a
request fails with 503 within about 4 s when the database is down, instead of hanging."""


class PostgresLedgerRecorder(PostgresApplicationRecorder):
    """PostgreSQL event recorder: log leaves in the same transaction, under the table lock.

    It also creates the tables under an advisory lock, since several processes starting
    at once would otherwise run ``CREATE TABLE IF NOT EXISTS`` concurrently, which
    PostgreSQL can refuse with "tuple concurrently updated"; and it fails fast when the
    database is unreachable (see :data:`_FAIL_FAST`).
    """

    insert_events = _FAIL_FAST(PostgresApplicationRecorder.insert_events.__wrapped__)
    select_events = _FAIL_FAST(PostgresApplicationRecorder.select_events.__wrapped__)
    select_notifications = _FAIL_FAST(PostgresApplicationRecorder.select_notifications.__wrapped__)
    max_notification_id = _FAIL_FAST(PostgresApplicationRecorder.max_notification_id.__wrapped__)

    def create_table(self) -> None:
        """Create the event and log tables, one process at a time."""
        with self.datastore.get_connection() as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK_KEY,))
            try:
                super().create_table()
                with self.datastore.transaction(commit=True) as curs:
                    for statement in schema("BYTEA"):
                        curs.execute(statement)
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK_KEY,))

    @_FAIL_FAST
    def select_rows(
        self, after: int | None, limit: int, topics: Sequence[str] = ()
    ) -> list[RawRow]:
        """Stored rows after a position, in commit order, with no per-row object building."""
        statement = SQL(
            "SELECT notification_id, originator_id::text, originator_version, topic, state"
            " FROM {}.{} WHERE notification_id > %s"
        ).format(Identifier(self.datastore.schema), Identifier(self.events_table_name))
        params: list[Any] = [after if after is not None else 0]
        if topics:
            statement += SQL(" AND topic = ANY(%s)")
            params.append(list(topics))
        statement += SQL(" ORDER BY notification_id LIMIT %s")
        params.append(limit)
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as c:
            c.execute(statement, params, prepare=True)
            return [(r[0], r[1], r[2], r[3], bytes(r[4])) for r in c.fetchall()]

    def _fetch_ids_after_insert_events(
        self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        if positions:
            append_leaves(curs, "%s", positions, stored_events)
        return positions
