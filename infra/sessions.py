"""Screen sessions (ADR 0006 §3): a person signs in once with an actor's token and gets a cookie.

The cookie holds an opaque random id; the server keeps only its SHA-256, the actor's token
sealed with the data key (so a copy of the table opens nothing), a CSRF secret and two times.
Every request through the screens opens the token and authenticates it exactly as a bearer
token is authenticated (``Jianzheng.authenticate``): a token revoked or an actor suspended
since sign-in ends the session at the next request, with one authorization path for the API
and the screens.

A session ends when it is closed (sign-out), after ``idle_seconds`` without a request, and in
any case ``max_seconds`` after sign-in. Ended sessions are deleted when met and by
:meth:`SessionStore.purge` (run by the server's background thread).

A visit's reason: a court or another department opening a case or a child's file gives its
reason once per visit (R-CH-4, R-AC-3); the screen keeps it with the session, per subject,
and passes it with every read it records — each read is still recorded by the service.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from infra.sealing import Sealer
from infra.sql import Database

SESSIONS_TABLE = "jz_sessions"
REASONS_TABLE = "jz_session_reasons"

TOUCH_EVERY_SECONDS = 30
"""``last_seen`` is written at most this often per session (a page's burst of requests for
its assets does not become a burst of writes)."""


@dataclass(frozen=True)
class Session:
    """A live session: whose token it carries and the secret its forms must echo."""

    digest: str
    token: str
    csrf: str
    actor_id: str
    created_at: int
    last_seen: int


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class SessionStore:
    """See the module docstring."""

    def __init__(self, db: Database, sealer: Sealer, idle_seconds: int, max_seconds: int) -> None:
        self.db = db
        self.sealer = sealer
        self.idle_seconds = idle_seconds
        self.max_seconds = max_seconds
        with self.db.transaction() as cur:
            cur.execute(
                f"CREATE TABLE IF NOT EXISTS {SESSIONS_TABLE} ("
                " digest TEXT PRIMARY KEY, token BYTEA NOT NULL, csrf TEXT NOT NULL,"
                " actor_id TEXT NOT NULL, created_at BIGINT NOT NULL, last_seen BIGINT NOT NULL)"
                if db.postgres
                else f"CREATE TABLE IF NOT EXISTS {SESSIONS_TABLE} ("
                " digest TEXT PRIMARY KEY, token BLOB NOT NULL, csrf TEXT NOT NULL,"
                " actor_id TEXT NOT NULL, created_at INTEGER NOT NULL,"
                " last_seen INTEGER NOT NULL)"
            )
            cur.execute(
                f"CREATE TABLE IF NOT EXISTS {REASONS_TABLE} ("
                " digest TEXT NOT NULL, subject TEXT NOT NULL, reason TEXT NOT NULL,"
                " PRIMARY KEY (digest, subject))"
            )

    @staticmethod
    def _aad(digest: str) -> str:
        return f"session:{digest}"

    def open(self, token: str, actor_id: str) -> tuple[str, Session]:
        """A new session for an authenticated ``token``: the cookie's value and the session."""
        session_id = secrets.token_urlsafe(32)
        digest = _digest(session_id)
        now = int(time.time())
        csrf = secrets.token_urlsafe(32)
        sealed = self.sealer.seal(self._aad(digest), 0, token.encode())
        with self.db.transaction() as cur:
            cur.execute(
                self.db.sql(
                    f"INSERT INTO {SESSIONS_TABLE}"  # noqa: S608
                    " (digest, token, csrf, actor_id, created_at, last_seen)"
                    " VALUES (?, ?, ?, ?, ?, ?)"
                ),
                (digest, sealed, csrf, actor_id, now, now),
            )
        return session_id, Session(digest, token, csrf, actor_id, now, now)

    def resolve(self, session_id: str | None) -> Session | None:
        """The live session of a cookie's value, or ``None`` (unknown, idle too long, too old)."""
        if not session_id or len(session_id) > 128:
            return None
        digest = _digest(session_id)
        now = int(time.time())
        with self.db.transaction() as cur:
            cur.execute(
                self.db.sql(
                    f"SELECT token, csrf, actor_id, created_at, last_seen"  # noqa: S608
                    f" FROM {SESSIONS_TABLE} WHERE digest = ?"
                ),
                (digest,),
            )
            row = cur.fetchone()
            if row is None:
                return None
            sealed, csrf, actor_id, created_at, last_seen = row
            if now - last_seen > self.idle_seconds or now - created_at > self.max_seconds:
                cur.execute(
                    self.db.sql(f"DELETE FROM {SESSIONS_TABLE} WHERE digest = ?"),  # noqa: S608
                    (digest,),
                )
                return None
            if now - last_seen >= TOUCH_EVERY_SECONDS:
                cur.execute(
                    self.db.sql(
                        f"UPDATE {SESSIONS_TABLE} SET last_seen = ? WHERE digest = ?"  # noqa: S608
                    ),
                    (now, digest),
                )
                last_seen = now
        token = self.sealer.open(self._aad(digest), 0, bytes(sealed)).decode()
        return Session(digest, token, csrf, actor_id, int(created_at), int(last_seen))

    def remember_reason(self, session: Session, subject: str, reason: str) -> None:
        """Keep the reason this visit gave for reading ``subject`` (a case's or child's id)."""
        sealed = self.sealer.seal(self._aad(session.digest), 1, reason.encode()).hex()
        with self.db.transaction() as cur:
            cur.execute(
                self.db.sql(
                    f"DELETE FROM {REASONS_TABLE} WHERE digest = ? AND subject = ?"  # noqa: S608
                ),
                (session.digest, subject),
            )
            cur.execute(
                self.db.sql(
                    f"INSERT INTO {REASONS_TABLE} (digest, subject, reason)"  # noqa: S608
                    " VALUES (?, ?, ?)"
                ),
                (session.digest, subject, sealed),
            )

    def reason_for(self, session: Session, subject: str) -> str | None:
        """The reason this visit gave for reading ``subject``, if it gave one."""
        with self.db.transaction() as cur:
            cur.execute(
                self.db.sql(
                    f"SELECT reason FROM {REASONS_TABLE}"  # noqa: S608
                    " WHERE digest = ? AND subject = ?"
                ),
                (session.digest, subject),
            )
            row = cur.fetchone()
        if row is None:
            return None
        return self.sealer.open(self._aad(session.digest), 1, bytes.fromhex(row[0])).decode()

    def close(self, session: Session) -> None:
        """End a session (sign-out) and forget its visit's reasons."""
        with self.db.transaction() as cur:
            for table in (SESSIONS_TABLE, REASONS_TABLE):
                cur.execute(
                    self.db.sql(f"DELETE FROM {table} WHERE digest = ?"),  # noqa: S608
                    (session.digest,),
                )

    def purge(self) -> int:
        """Delete every ended session; how many were deleted."""
        now = int(time.time())
        with self.db.transaction() as cur:
            cur.execute(
                self.db.sql(
                    f"DELETE FROM {SESSIONS_TABLE}"  # noqa: S608
                    " WHERE last_seen < ? OR created_at < ?"
                ),
                (now - self.idle_seconds, now - self.max_seconds),
            )
            ended = int(cur.rowcount or 0)
            cur.execute(
                f"DELETE FROM {REASONS_TABLE} WHERE digest NOT IN"  # noqa: S608
                f" (SELECT digest FROM {SESSIONS_TABLE})"
            )
            return ended
