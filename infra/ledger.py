# Long because: one SQL protocol read top to bottom — the log's leaves and tree written by the
# event recorder in the events' own transaction, under its lock, on PostgreSQL and SQLite alike
# (DESIGN §3); the statements of one transaction stay side by side.
"""The transparency log's leaves and tree, written in the same transaction as the events.

Every committed event becomes leaf ``i`` of the log (DESIGN §3), in commit order,
exactly once, because the leaf rows are inserted by the event recorder itself, inside
the transaction that inserts the events and while it holds the events-table lock
(PostgreSQL) or the single write lock (SQLite). No leaf can exist without its event
and no event without its leaf; a crash rolls back both.

Tables (created with the event table):

* ``jz_log_leaves(leaf_index, position, event_hash, stream, seq)`` — leaf ``i`` is the
  event at notification ``position``; ``event_hash`` is its 32-byte hash (the leaf data);
  ``stream`` and ``seq`` name the event, so that loading a stream can check in one indexed
  lookup that its last stored event is the log's last leaf of that stream
  (:func:`stream_heads`; a store whose rows were deleted or forged behind the service's
  back is refused with ``log-inconsistent``);
* ``jz_log_nodes(level, idx, hash)`` — the hash of every complete perfect subtree
  ``[idx·2^level, (idx+1)·2^level)`` (level 0: the RFC 9162 leaf hashes), so a root or
  proof at any size needs at most ~2·log2(n) stored hashes, fetched in one query;
* ``jz_idempotency(scope, key, …)`` — the ``Idempotency-Key`` of the request whose events
  a transaction inserted (``infra/idempotency.py``): the key is claimed in the same
  transaction as the events, so a retried request can never append them twice.

Concurrent writers in one process are group-committed (:class:`GroupCommit`): events of
commands that arrive while a transaction is in progress are inserted together in the
next one, so the table lock and the commit's flush are paid once per group, not once per
command.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.persistence import (
    IntegrityError,
    InterfaceError,
    OperationalError,
    ProgrammingError,
    StoredEvent,
)
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor
from eventsourcing.utils import retry
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Identifier

from domain.proof.merkle import leaf_hash, node_hash, perfect_subtrees
from infra.idempotency import CLAIMS_TABLE, Claim, IdempotencyConflict

SCHEMA_LOCK_KEY = 0x6A7A_0001
"""Advisory-lock key held while the tables are created (PostgreSQL)."""

appended = threading.local()
"""``appended.leaves``: position → leaf index of the last events this thread inserted."""


def schema(blob: str, stream: str) -> list[str]:
    """CREATE statements for the log tables (``blob`` is BLOB or BYTEA; ``stream`` the type
    of the events table's originator id: TEXT holding 32 hex digits, or UUID)."""
    return [
        "CREATE TABLE IF NOT EXISTS jz_log_leaves ("
        " leaf_index BIGINT PRIMARY KEY, position BIGINT NOT NULL UNIQUE,"
        f" event_hash {blob} NOT NULL, stream {stream}, seq BIGINT)",
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
        f"CREATE TABLE IF NOT EXISTS {CLAIMS_TABLE} ("
        f" scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint {blob} NOT NULL,"
        " positions TEXT NOT NULL, created_at BIGINT NOT NULL, status INTEGER,"
        f" content_type TEXT, response {blob}, PRIMARY KEY (scope, key))",
        f"CREATE INDEX IF NOT EXISTS {CLAIMS_TABLE}_by_age ON {CLAIMS_TABLE} (created_at)",
        "CREATE TABLE IF NOT EXISTS jz_log_alarms ("
        " raised_at TEXT NOT NULL, stream TEXT NOT NULL, detail TEXT NOT NULL)",
    ]


def migrate_leaves(
    cursor: Any, columns: set[str], events_table: str, key: str, stream_type: str
) -> None:
    """Give a leaves table made by an earlier version its ``stream`` and ``seq`` columns,
    filled from the events table (``key`` is the events table's position column), and the
    index that :func:`stream_heads` reads."""
    if "stream" not in columns:
        cursor.execute(f"ALTER TABLE jz_log_leaves ADD COLUMN stream {stream_type}")
        cursor.execute("ALTER TABLE jz_log_leaves ADD COLUMN seq BIGINT")
        cursor.execute(
            f"UPDATE jz_log_leaves SET stream = (SELECT e.originator_id FROM {events_table} e"  # noqa: S608
            f" WHERE e.{key} = jz_log_leaves.position), seq = (SELECT e.originator_version"
            f" FROM {events_table} e WHERE e.{key} = jz_log_leaves.position)"
        )
    cursor.execute(
        "CREATE INDEX IF NOT EXISTS jz_log_leaves_by_stream ON jz_log_leaves (stream, seq)"
    )


LeafHead = tuple[int, bytes]
"""``(seq, event_hash)`` of a stream's event as its log leaf records it."""


def stream_heads(cursor: Any, placeholder: str, stream: Any, seq: int) -> list[LeafHead]:
    """The leaves of ``stream`` from ``seq`` on, at most two (one indexed range read)."""
    p = placeholder
    cursor.execute(
        f"SELECT seq, event_hash FROM jz_log_leaves WHERE stream = {p} AND seq >= {p}"  # noqa: S608
        " ORDER BY seq LIMIT 2",
        (stream, seq),
    )
    return [(int(row[0]), bytes(row[1])) for row in cursor.fetchall()]


def raise_alarm(cursor: Any, placeholder: str, stream: str, detail: str) -> None:
    """Record that the log could not vouch for a stream: no checkpoint is signed until a
    verification passes (``TransparencyLog.sign_checkpoint``, ``Jianzheng.verify``)."""
    p = placeholder
    cursor.execute(
        f"INSERT INTO jz_log_alarms (raised_at, stream, detail) VALUES ({p}, {p}, {p})",  # noqa: S608
        (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), stream, detail[:1000]),
    )


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


Node = tuple[int, int, bytes]
"""``(level, idx, hash)`` of a perfect subtree."""


@dataclass(frozen=True)
class Frontier:
    """The perfect subtrees of the tree of ``size`` leaves, largest first: the left
    siblings that the next leaves will complete."""

    size: int
    nodes: tuple[Node, ...]


def append_leaves(
    cursor: Any,
    placeholder: str,
    positions: Sequence[int],
    stored: Sequence[StoredEvent],
    *,
    size: int | None = None,
    known: Frontier | None = None,
    stream_key: Callable[[Any], Any] = str,
) -> tuple[list[int], Frontier]:
    """Insert leaves (and the subtree hashes they complete) for events just inserted.

    ``size`` is the committed tree size, if the caller read it in its insert statement;
    ``known`` is the frontier this process last committed, used (instead of reading the
    stored subtree hashes) when its size is still the tree's size; ``stream_key`` turns an
    originator id into the events table's form of it. Returns the leaf
    indexes, in the order of ``positions``, and the frontier after them.
    """
    p = placeholder
    if size is None:
        cursor.execute("SELECT MAX(leaf_index) AS n FROM jz_log_leaves")
        row = cursor.fetchone()
        top = row["n"] if row is not None else None
        size = 0 if top is None else int(top) + 1
    frontier: list[Node] = []
    if known is not None and known.size == size:
        frontier = list(known.nodes)
    elif size:
        wanted = [coordinates(s, e) for s, e in perfect_subtrees(0, size)]
        cursor.execute(
            "SELECT level, idx, hash FROM jz_log_nodes WHERE "  # noqa: S608 -- only placeholders
            + " OR ".join(f"(level = {p} AND idx = {p})" for _ in wanted),
            [v for pair in wanted for v in pair],
        )
        found = {(int(r["level"]), int(r["idx"])): bytes(r["hash"]) for r in cursor.fetchall()}
        frontier = [(level, idx, found[(level, idx)]) for level, idx in wanted]
    leaves: list[tuple[int, int, bytes, Any, int]] = []
    nodes: list[Node] = []
    indexes = []
    for position, event in zip(positions, stored, strict=True):
        event_hash = bytes.fromhex(event.state[:64].decode("ascii"))
        index = size
        size += 1
        indexes.append(index)
        leaves.append(
            (index, position, event_hash, stream_key(event.originator_id), event.originator_version)
        )
        current = (0, index, leaf_hash(event_hash))
        nodes.append(current)
        while frontier and frontier[-1][0] == current[0]:
            level, left_idx, left = frontier.pop()
            current = (level + 1, left_idx // 2, node_hash(left, current[2]))
            nodes.append(current)
        frontier.append(current)
    cursor.executemany(
        "INSERT INTO jz_log_leaves (leaf_index, position, event_hash, stream, seq)"  # noqa: S608
        f" VALUES ({p}, {p}, {p}, {p}, {p})",
        leaves,
    )
    cursor.executemany(
        f"INSERT INTO jz_log_nodes (level, idx, hash) VALUES ({p}, {p}, {p})",  # noqa: S608
        nodes,
    )
    return indexes, Frontier(size, tuple(frontier))


@dataclass(eq=False)
class Write:
    """One caller's events, waiting for the transaction that commits them."""

    stored: Sequence[StoredEvent]
    claim: Claim | None
    positions: list[int] = field(default_factory=list)
    leaves: dict[int, int] = field(default_factory=dict)
    error: BaseException | None = None
    lead: bool = False
    """Set when this writer is woken to lead the next transaction rather than to return."""
    ready: threading.Event = field(default_factory=threading.Event)


def record_batch(
    cursor: Any,
    placeholder: str,
    positions: Sequence[int],
    batch: Sequence[Write],
    *,
    size: int | None = None,
    known: Frontier | None = None,
    stream_key: Callable[[Any], Any] = str,
) -> Frontier:
    """Inside the events' transaction: give each write its positions and leaves, and claim
    the idempotency keys of the writes that carry one (a key already claimed fails the
    transaction with a uniqueness error, like a lost race on ``seq``)."""
    stored = [e for w in batch for e in w.stored]
    indexes, frontier = append_leaves(
        cursor, placeholder, positions, stored, size=size, known=known, stream_key=stream_key
    )
    start = 0
    claims = []
    now = int(time.time())
    for write in batch:
        end = start + len(write.stored)
        write.positions = list(positions[start:end])
        write.leaves = dict(zip(write.positions, indexes[start:end], strict=True))
        start = end
        if write.claim is not None:
            claims.append(write.claim.row(write.positions, now))
    if claims:
        p = placeholder
        cursor.executemany(
            f"INSERT INTO {CLAIMS_TABLE} (scope, key, fingerprint, positions, created_at)"  # noqa: S608
            f" VALUES ({p}, {p}, {p}, {p}, {p})",
            claims,
        )
    return frontier


class GroupCommit:
    """Commits the events of concurrent writers in shared transactions (group commit).

    A writer that finds no transaction in progress commits at once, so a lone writer
    waits for nothing. Writers that arrive while a transaction is in progress queue up;
    when it ends, the first of them leads the next transaction, which commits everything
    queued (up to ``max_events``). Each writer returns only after the transaction holding
    its events has committed, and gets its own positions and leaf indexes.

    When a shared transaction fails on a uniqueness conflict (a lost race on a stream's
    ``seq``, or an idempotency key already claimed), nothing of it was stored; each of its
    writes is then committed alone, so the conflict reaches only the writer it belongs to.
    Any other failure (the database is down) reaches every writer of the group, and the
    writers queued meanwhile, at once.
    """

    def __init__(
        self,
        commit: Callable[[Sequence[StoredEvent], Sequence[Write]], object],
        max_events: int = 1000,
    ) -> None:
        self._commit = commit
        self._max_events = max_events
        self._lock = threading.Lock()
        self._queue: list[Write] = []
        self._busy = False
        self.transactions = 0
        """Transactions committed so far (for tests and benchmarks: writes per transaction)."""

    def submit(self, stored: Sequence[StoredEvent], claim: Claim | None) -> Write:
        """Commit ``stored`` (claiming ``claim``), alone or with concurrent writers."""
        write = Write(stored, claim)
        with self._lock:
            self._queue.append(write)
            lead = not self._busy
            self._busy = True
        if not lead:
            write.ready.wait()
            if not write.lead:
                return write
        self._lead()
        return write

    def _lead(self) -> None:
        with self._lock:
            batch: list[Write] = []
            count = 0
            while self._queue and (
                not batch or count + len(self._queue[0].stored) <= self._max_events
            ):
                write = self._queue.pop(0)
                batch.append(write)
                count += len(write.stored)
        failure: BaseException | None = None
        try:
            failure = self._run(batch)
        finally:
            with self._lock:
                # Writes that queued while the store was failing fail with it at once,
                # rather than each waiting out another connection timeout (fail fast).
                doomed, self._queue = (
                    (self._queue, []) if failure is not None else ([], self._queue)
                )
                successor = self._queue[0] if self._queue else None
                if successor is None:
                    self._busy = False
                else:
                    successor.lead = True
            for write in doomed:
                write.error = failure
            for write in [*batch, *doomed]:
                write.ready.set()
            if successor is not None:
                successor.ready.set()

    def _run(self, batch: list[Write]) -> BaseException | None:
        """Commit ``batch``; the store's failure, if it failed for another reason than a
        conflict (every write of the batch then carries it)."""
        if len(batch) > 1:
            try:
                self._commit([e for w in batch for e in w.stored], batch)
                self.transactions += 1
                return None
            except IntegrityError:
                pass  # one write's conflict: commit each alone so it reaches only its writer
            except BaseException as exc:
                for write in batch:
                    write.error = exc
                return exc
        for i, write in enumerate(batch):
            try:
                self._commit(write.stored, [write])
                self.transactions += 1
            except IntegrityError as exc:
                write.error = (
                    IdempotencyConflict.of(write.claim)
                    if CLAIMS_TABLE in str(exc) and write.claim
                    else exc
                )
            except BaseException as exc:
                for rest in batch[i:]:
                    rest.error = exc
                return exc
        return None


class GroupCommitting:
    """Recorder mixin: ``insert_events`` goes through a :class:`GroupCommit`.

    ``insert_events(stored, claim=…)`` takes the idempotency claim of the request the
    events belong to (``infra/idempotency.py``); ``_insert_batch`` is the backend's own
    single-transaction insert, whose hook calls :func:`record_batch`.
    """

    _group: GroupCommit | None = None
    _group_lock = threading.Lock()
    _frontier: Frontier | None = None
    """The tree's frontier after this process's last committed transaction."""
    _staged: Frontier | None = None
    """The frontier the transaction in progress will leave, once it commits."""

    def _insert_batch(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        raise NotImplementedError  # defined by each backend's recorder below

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """Insert events with their leaves (and claim), committed with concurrent writers."""
        if not stored_events:
            return None
        if self._group is None:
            with self._group_lock:
                if self._group is None:
                    self._group = GroupCommit(self._commit_batch)
        write = self._group.submit(stored_events, kwargs.get("claim"))
        if write.error is not None:
            raise write.error
        appended.leaves = write.leaves
        return write.positions

    def _commit_batch(self, stored: Sequence[StoredEvent], batch: Sequence[Write]) -> None:
        """One transaction for ``batch`` (the group commit runs one at a time)."""
        self._staged = None
        self._insert_batch(stored, batch=batch)
        self._frontier = self._staged

    def _record(
        self,
        cursor: Any,
        placeholder: str,
        positions: Sequence[int],
        stored: Sequence[StoredEvent],
        kwargs: dict[str, Any],
        size: int | None = None,
    ) -> None:
        """The hook each backend calls once its insert returned the events' positions."""
        batch = kwargs.get("batch") or [Write(stored, None)]
        self._staged = record_batch(
            cursor,
            placeholder,
            positions,
            batch,
            size=size,
            known=self._frontier,
            stream_key=self.stream_key,
        )

    @staticmethod
    def stream_key(originator_id: Any) -> Any:
        """The events table's form of a stream id (the backend's own)."""
        return originator_id

    def leaf_heads(self, stream: Any, seq: int) -> list[LeafHead]:
        """:func:`stream_heads` in a read transaction of the backend."""
        raise NotImplementedError  # defined by each backend's recorder below

    def alarm(self, stream: str, detail: str) -> None:
        """:func:`raise_alarm` in a transaction of its own."""
        raise NotImplementedError  # defined by each backend's recorder below


class SQLiteLedgerRecorder(GroupCommitting, SQLiteApplicationRecorder):
    """SQLite event recorder that also appends the log's leaves in the same transaction."""

    _insert_batch = SQLiteApplicationRecorder.insert_events

    def construct_create_table_statements(self) -> list[str]:
        """The event table, then the log tables."""
        return [*super().construct_create_table_statements(), *schema("BLOB", "TEXT")]

    def _create_table(self, c: SQLiteCursor) -> None:
        super()._create_table(c)
        c.execute("PRAGMA table_info(jz_log_leaves)")
        columns = {str(row[1]) for row in c.fetchall()}
        migrate_leaves(c, columns, self.events_table_name, "rowid", "TEXT")

    @staticmethod
    def stream_key(originator_id: Any) -> Any:
        """SQLite keeps originator ids as 32 hex digits."""
        return originator_id.hex if hasattr(originator_id, "hex") else originator_id

    def leaf_heads(self, stream: Any, seq: int) -> list[LeafHead]:
        """The stream's leaves from ``seq`` on (at most two)."""
        with self.datastore.transaction(commit=False) as c:
            return stream_heads(c.sqlite_cursor, "?", self.stream_key(stream), seq)

    def alarm(self, stream: str, detail: str) -> None:
        """Record a log alarm (:func:`raise_alarm`)."""
        with self.datastore.transaction(commit=True) as c:
            raise_alarm(c.sqlite_cursor, "?", stream, detail)

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._insert_events(c, stored_events, **kwargs)
        if positions:
            self._record(c, "?", positions, stored_events, kwargs)
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
            cursor = c.sqlite_cursor
            cursor.row_factory = None  # plain tuples, not the connection's sqlite3.Row
            cursor.execute(statement, params)
            return [(p, dashed(s), q, t, b) for p, s, q, t, b in cursor.fetchall()]


_FAIL_FAST = retry((InterfaceError, OperationalError), max_attempts=2, wait=0.1)
"""One retry (a stale pooled connection), not the library's ten: with a 2 s connect timeout a
request fails with 503 within about 4 s when the database is down, instead of hanging."""


class PostgresLedgerRecorder(GroupCommitting, PostgresApplicationRecorder):
    """PostgreSQL event recorder: log leaves in the same transaction, under the table lock.

    It also creates the tables under an advisory lock, since several processes starting
    at once would otherwise run ``CREATE TABLE IF NOT EXISTS`` concurrently, which
    PostgreSQL can refuse with "tuple concurrently updated"; and it fails fast when the
    database is unreachable (see :data:`_FAIL_FAST`).
    """

    _insert_batch = _FAIL_FAST(PostgresApplicationRecorder.insert_events.__wrapped__)
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
                    for statement in schema("BYTEA", "UUID"):
                        curs.execute(statement)
                    curs.execute(
                        "SELECT column_name FROM information_schema.columns"
                        " WHERE table_name = 'jz_log_leaves' AND table_schema = current_schema()"
                    )
                    columns = {str(row["column_name"]) for row in curs.fetchall()}
                    migrate_leaves(curs, columns, self.events_table_name, "notification_id", "UUID")
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK_KEY,))

    @_FAIL_FAST
    def leaf_heads(self, stream: Any, seq: int) -> list[LeafHead]:
        """The stream's leaves from ``seq`` on (at most two)."""
        with (
            self.datastore.get_connection() as conn,
            conn.cursor(row_factory=tuple_row) as c,
        ):
            return stream_heads(c, "%s", stream, seq)

    @_FAIL_FAST
    def alarm(self, stream: str, detail: str) -> None:
        """Record a log alarm (:func:`raise_alarm`)."""
        with self.datastore.transaction(commit=True) as curs:
            raise_alarm(curs, "%s", stream, detail)

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
        # Binary results: the state arrives as bytes, not as hex text to decode.
        with (
            self.datastore.get_connection() as conn,
            conn.cursor(row_factory=tuple_row, binary=True) as c,
        ):
            c.execute(statement, params, prepare=True)
            return c.fetchall()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One statement inserts the events and reads the tree's committed size under the
        # table lock taken just before, saving a round trip per transaction.
        self.insert_events_statement = SQL(
            "WITH ins AS ({insert}) SELECT ins.notification_id, top.n AS log_top"
            " FROM ins, (SELECT MAX(leaf_index) AS n FROM jz_log_leaves) AS top"
            " ORDER BY ins.notification_id"
        ).format(insert=self.insert_events_statement)

    def _fetch_ids_after_insert_events(
        self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        rows = curs.fetchall()
        if len(rows) != len(stored_events):
            raise ProgrammingError(
                f"inserted {len(stored_events)} events but got {len(rows)} notification ids"
            )
        positions = [int(r["notification_id"]) for r in rows]
        if positions:
            top = rows[0]["log_top"]
            size = 0 if top is None else int(top) + 1
            self._record(curs, "%s", positions, stored_events, kwargs, size=size)
        return positions
