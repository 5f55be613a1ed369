"""Direct access to the stored rows, as an attacker with database access would have.

Used only to tamper with a store in tests; the application never reads rows this way.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from uuid import UUID

import psycopg

from infra.settings import Settings


@dataclass(frozen=True)
class Row:
    """One stored row."""

    position: int
    stream: str
    seq: int
    topic: str
    state: bytes


class RawStore:
    """SQL on either backend's event table (``stored_events`` or ``jianzheng_events``)."""

    def __init__(self, settings: Settings) -> None:
        self.backend = settings.backend
        if self.backend == "sqlite":
            self.conn: sqlite3.Connection | psycopg.Connection[tuple[object, ...]] = (
                sqlite3.connect(settings.sqlite_path, isolation_level=None)
            )
            self.table, self.pos = "stored_events", "rowid"
        else:
            self.conn = psycopg.connect(settings.resolved_database_url, autocommit=True)
            self.table, self.pos = "jianzheng_events", "notification_id"

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.backend == "postgres" else sql

    def _id(self, stream: str) -> object:
        return UUID(stream).hex if self.backend == "sqlite" else UUID(stream)

    def execute(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        """Run one statement (``?`` placeholders) and return its rows, if any."""
        cur = self.conn.execute(self._sql(sql), params)  # type: ignore[arg-type]
        return list(cur.fetchall()) if cur.description else []

    def rows(self, stream: str) -> list[Row]:
        """A stream's rows by seq."""
        found = self.execute(
            f"SELECT {self.pos}, originator_version, topic, state FROM {self.table} "
            "WHERE originator_id = ? ORDER BY originator_version",
            self._id(stream),
        )
        return [Row(int(p), stream, int(v), str(t), bytes(s)) for p, v, t, s in found]  # type: ignore[call-overload]

    def set_state(self, stream: str, seq: int, state: bytes) -> None:
        """Overwrite a row's state column."""
        self.execute(
            f"UPDATE {self.table} SET state = ? WHERE originator_id = ? AND originator_version = ?",
            state,
            self._id(stream),
            seq,
        )

    def delete(self, stream: str, seq: int) -> None:
        """Delete a row."""
        self.execute(
            f"DELETE FROM {self.table} WHERE originator_id = ? AND originator_version = ?",
            self._id(stream),
            seq,
        )

    def move(self, stream: str, seq: int, to_stream: str, to_seq: int) -> None:
        """Change a row's stream id and version."""
        self.execute(
            f"UPDATE {self.table} SET originator_id = ?, originator_version = ? "
            "WHERE originator_id = ? AND originator_version = ?",
            self._id(to_stream),
            to_seq,
            self._id(stream),
            seq,
        )

    def insert(self, stream: str, seq: int, topic: str, state: bytes) -> None:
        """Insert a row."""
        self.execute(
            f"INSERT INTO {self.table} (originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?)",
            self._id(stream),
            seq,
            topic,
            state,
        )

    def count(self) -> int:
        """Number of rows."""
        return int(self.execute(f"SELECT COUNT(*) FROM {self.table}")[0][0])  # type: ignore[call-overload]
