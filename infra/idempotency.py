"""``Idempotency-Key`` on writes (DESIGN §6): a retried request appends nothing and gets the
first answer.

A write that carries a key runs with a :class:`Claim` in :data:`current`. The event
store hands the claim to the recorder, which inserts it into ``jz_idempotency`` in the
same transaction as the request's events (``infra/ledger.py``); the table's primary key
``(scope, key)`` makes a second transaction with the same key fail like a lost race, with
nothing stored. So however a retry and its original interleave — one after the other,
racing each other, across processes or a crash — the events are appended once.

After the request the API stores its answer in the claimed row (sealed with the data
key: an answer may hold a new token or a child's data) and answers every retry with it.
``scope`` is a hash of the caller's credentials, so one caller's keys never meet
another's; ``fingerprint`` is a hash of the request (method, path, query, content type,
body), so a key reused for a different request is refused, not replayed.
"""

from __future__ import annotations

import hashlib
import json
import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from domain.records.errors import RuleViolation
from infra.sealing import Sealer
from infra.sql import Database

CLAIMS_TABLE = "jz_idempotency"

current: ContextVar[Claim | None] = ContextVar("jianzheng_idempotency_claim", default=None)
"""The claim of the request being served, if it carries an ``Idempotency-Key``."""


@dataclass(eq=False)
class Claim:
    """One request's idempotency key, claimed by the first transaction that appends for it."""

    scope: str
    key: str
    request: Any = field(default_factory=hashlib.sha256)
    """Running SHA-256 of the request, fed as the request body is read."""
    recorded: bool = False
    """Whether a transaction of this request committed the claim."""
    conflicted: bool = False
    """Whether another request had already claimed the key when this one tried to."""

    def fingerprint(self) -> bytes:
        """The request's hash so far (the whole request once its body has been read)."""
        return bytes(self.request.copy().digest())

    def row(self, positions: list[int], now: int) -> tuple[str, str, bytes, str, int]:
        """The claim's row, for the events at ``positions``."""
        return (self.scope, self.key, self.fingerprint(), json.dumps(positions), now)


class IdempotencyConflict(RuleViolation):
    """Another request with the same ``Idempotency-Key`` was recorded first."""

    code = "idempotency-key-in-flight"
    title = "A request with this Idempotency-Key is in progress"

    @classmethod
    def of(cls, claim: Claim) -> IdempotencyConflict:
        """The conflict for ``claim`` (and mark the claim as conflicted)."""
        claim.conflicted = True
        return cls(
            "a request with this Idempotency-Key was recorded first; retry to get its answer"
        )


@dataclass(frozen=True)
class Recorded:
    """A claimed key: the request it was claimed for and, once stored, the answer."""

    fingerprint: bytes
    positions: list[int]
    status: int | None
    content_type: str | None
    body: bytes | None


class IdempotencyRecords:
    """Reads claims and stores answers in ``jz_idempotency`` (created with the event table)."""

    def __init__(self, db: Database, sealer: Sealer) -> None:
        self.db = db
        self.sealer = sealer

    @staticmethod
    def _aad(scope: str, key: str) -> str:
        return f"idempotency:{scope}:{key}"

    def lookup(self, scope: str, key: str) -> Recorded | None:
        """The claim of ``key`` in ``scope``, with its answer opened, or ``None``."""
        with self.db.transaction() as cur:
            cur.execute(
                self.db.sql(
                    f"SELECT fingerprint, positions, status, content_type, response"  # noqa: S608
                    f" FROM {CLAIMS_TABLE} WHERE scope = ? AND key = ?"
                ),
                (scope, key),
            )
            row = cur.fetchone()
        if row is None:
            return None
        fingerprint, positions, status, content_type, response = row
        body = None
        if response is not None:
            body = self.sealer.open(self._aad(scope, key), 0, bytes(response))
        return Recorded(bytes(fingerprint), json.loads(positions), status, content_type, body)

    def store_answer(
        self, scope: str, key: str, status: int, content_type: str, body: bytes
    ) -> None:
        """Keep the first answer to the request that claimed ``key``."""
        sealed = self.sealer.seal(self._aad(scope, key), 0, body)
        with self.db.transaction() as cur:
            cur.execute(
                self.db.sql(
                    f"UPDATE {CLAIMS_TABLE} SET status = ?, content_type = ?, response = ?"  # noqa: S608
                    " WHERE scope = ? AND key = ? AND response IS NULL"
                ),
                (status, content_type, sealed, scope, key),
            )

    def purge(self, older_than_seconds: int) -> int:
        """Forget keys claimed more than ``older_than_seconds`` ago; how many were forgotten."""
        cutoff = int(time.time()) - older_than_seconds
        with self.db.transaction() as cur:
            cur.execute(
                self.db.sql(f"DELETE FROM {CLAIMS_TABLE} WHERE created_at < ?"),  # noqa: S608
                (cutoff,),
            )
            return int(cur.rowcount or 0)
