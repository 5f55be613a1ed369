"""A small SQL helper for the tables Jianzheng keeps beside the events (views, log).

One connection per thread (SQLite or psycopg), ``?`` placeholders translated for
PostgreSQL, and write transactions serialised across processes: an advisory lock on
PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

from infra.settings import Settings


class Database:
    """See the module docstring."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.postgres = settings.backend == "postgres"
        self._local = threading.local()
        self._opened: list[Any] = []
        self._guard = threading.Lock()
        # A connection opened after close() (a background thread finishing its last batch
        # while the application shuts down) is closed when this object is dropped, never
        # left for the garbage collector to find open.
        weakref.finalize(self, _close_each, self._opened, self._guard)

    @property
    def blob(self) -> str:
        """The column type for bytes."""
        return "BYTEA" if self.postgres else "BLOB"

    def sql(self, text: str) -> str:
        """Translate ``?`` placeholders for the backend."""
        return text.replace("?", "%s") if self.postgres else text

    def _connection(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            if self.postgres:
                conn = psycopg.connect(self.settings.resolved_database_url, connect_timeout=2)
            else:
                conn = sqlite3.connect(
                    self.settings.sqlite_path,
                    timeout=30,
                    isolation_level=None,
                    check_same_thread=False,
                )
            self._local.conn = conn
            with self._guard:
                self._opened.append(conn)
        return conn

    @contextmanager
    def transaction(self, *, lock: int | None = None) -> Iterator[Any]:
        """A transaction; with ``lock`` it is serialised with every other holder of that key.

        Nested calls in one thread join the open transaction (so a locked operation may
        call reading helpers); only the outermost one commits.
        """
        outer = getattr(self._local, "cursor", None)
        if outer is not None:
            if self.postgres and lock is not None:
                outer.execute("SELECT pg_advisory_xact_lock(%s)", (lock,))
            yield outer
            return
        conn = self._connection()
        if self.postgres:
            if conn.closed or conn.broken:
                self._forget(conn)
                conn = self._connection()
            try:
                with conn.transaction(), conn.cursor() as cur:
                    if lock is not None:
                        cur.execute("SELECT pg_advisory_xact_lock(%s)", (lock,))
                    self._local.cursor = cur
                    try:
                        yield cur
                    finally:
                        self._local.cursor = None
            except psycopg.OperationalError:
                if conn.broken:  # the server went away: reconnect on the next transaction
                    self._forget(conn)
                raise
            return
        cur = conn.cursor()
        cur.execute("BEGIN IMMEDIATE" if lock is not None else "BEGIN")
        self._local.cursor = cur
        try:
            yield cur
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        finally:
            self._local.cursor = None
        cur.execute("COMMIT")

    def _forget(self, conn: Any) -> None:
        """Drop this thread's (broken) connection so the next call opens a new one."""
        with contextlib.suppress(Exception):
            conn.close()
        with self._guard:
            if conn in self._opened:
                self._opened.remove(conn)
        self._local.conn = None

    def close(self) -> None:
        """Close every connection opened, in any thread."""
        _close_each(self._opened, self._guard)
        self._local = threading.local()


def _close_each(opened: list[Any], guard: threading.Lock) -> None:
    """Close and forget the connections in ``opened`` (kept as one list for the finaliser)."""
    with guard:
        connections = list(opened)
        opened.clear()
    for conn in connections:
        with contextlib.suppress(Exception):
            conn.close()
