"""``Idempotency-Key`` on writes (DESIGN §6; storage and guarantees in ``infra/idempotency.py``).

For a ``POST``/``PUT``/``PATCH``/``DELETE`` carrying the header:

* the key was claimed before by the same caller for the same request → the first answer
  is sent again, with ``Idempotent-Replayed: true``, and nothing is appended;
* claimed for a different request (other path or body) → 422 ``idempotency-key-reused``;
* not claimed → the request runs; its first transaction claims the key together with its
  events, and its answer is kept for retries. A request that appends nothing (refused
  before any event) claims nothing: a retry runs again.

A claim becomes visible only when its events commit, so a claim without an answer belongs
to a request between its commit and its answer: a retry waits for that answer (up to
:data:`WAIT_FOR_ANSWER_SECONDS`). If none comes — the server stopped in between — the
retry gets 200 with the events that request appended (``Idempotent-Replayed:
reconstructed``). A retry that races its original and loses the claim at commit, or is
refused because the original's events already changed the state (a second decision, say),
gets the original's answer the same way.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.deps import bearer_token
from api.problems import problem
from domain.records.errors import JianzhengError
from infra import idempotency
from infra.application import Jianzheng
from infra.idempotency import Claim, Recorded
from infra.store import Appended

HEADER = b"idempotency-key"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_KEY_LENGTH = 255
WAIT_FOR_ANSWER_SECONDS = 2.0
"""How long a retry waits for the answer of an original that committed but has not answered."""
GONE = (
    "idempotency-key-expired",
    "Idempotency-Key expired",
    "this Idempotency-Key's answer was forgotten while waiting for it; check before retrying",
)
log = logging.getLogger("jianzheng.api")


def scope_of(headers: dict[bytes, bytes]) -> str:
    """Whose keys: a hash of the caller's credentials (never stored in clear)."""
    credentials = headers.get(b"authorization", b"")
    return hashlib.sha256(b"jianzheng:idempotency-scope:v1\n" + credentials).hexdigest()


def valid_key(raw: bytes) -> str | None:
    """The key, if it is 1–255 visible ASCII characters."""
    if not 1 <= len(raw) <= MAX_KEY_LENGTH or any(b < 0x21 or b > 0x7E for b in raw):
        return None
    return raw.decode("ascii")


class IdempotencyMiddleware:
    """See the module docstring. Sits inside the JSON checks, outside the routes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WRITE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        raw = headers.get(HEADER)
        if raw is None:
            await self.app(scope, receive, send)
            return
        key = valid_key(raw)
        if key is None:
            invalid = problem(
                422,
                "idempotency-key-invalid",
                "Invalid Idempotency-Key",
                f"an Idempotency-Key is 1 to {MAX_KEY_LENGTH} visible ASCII characters",
            )
            await invalid(scope, receive, send)
            return
        jz: Jianzheng = scope["app"].state.jianzheng
        claim = Claim(scope_of(headers), key)
        for part in (
            scope["method"],
            scope["path"],
            scope.get("query_string", b"").decode("latin-1"),
            headers.get(b"content-type", b"").decode("latin-1"),
        ):
            claim.request.update(part.encode() + b"\n")
        body_done = False

        async def hashing_receive() -> Message:
            nonlocal body_done
            message = await receive()
            if message["type"] == "http.request":
                claim.request.update(message.get("body", b""))
                body_done = not message.get("more_body", False)
            return message

        async def drain() -> None:
            while not body_done:
                if (await hashing_receive())["type"] != "http.request":
                    return

        recorded = await run_in_threadpool(jz.idempotency.lookup, claim.scope, key)
        if recorded is not None and not await self._still_authorised(jz, scope):
            await self.app(scope, receive, send)  # answers 401/403, records nothing
            return
        if recorded is not None:
            await drain()
            await (await self._answer_from(recorded, claim, jz))(scope, receive, send)
            return

        started: Message | None = None
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        token = idempotency.current.set(claim)
        try:
            await self.app(scope, hashing_receive, keep)
        finally:
            idempotency.current.reset(token)
        assert started is not None
        if claim.conflicted or (not claim.recorded and int(started["status"]) >= 400):
            # Lost the key to the original at commit, or refused because the original's
            # events had already changed the state: the original's answer is the answer.
            recorded = await run_in_threadpool(jz.idempotency.lookup, claim.scope, key)
            if recorded is not None:
                await drain()
                await (await self._answer_from(recorded, claim, jz))(scope, receive, send)
                return
        body = b"".join(chunks)
        if claim.recorded:
            response_headers = dict(started.get("headers", []))
            content_type = response_headers.get(b"content-type", b"application/json").decode()
            try:
                await run_in_threadpool(
                    jz.idempotency.store_answer,
                    claim.scope,
                    key,
                    int(started["status"]),
                    content_type,
                    body,
                )
            except Exception:  # the events are stored: answer; a retry gets them reconstructed
                log.warning("could not keep the answer for an Idempotency-Key", exc_info=True)
        await send(started)
        await send({"type": "http.response.body", "body": body})

    @staticmethod
    async def _still_authorised(jz: Jianzheng, scope: Scope) -> bool:
        """A kept answer goes only to a caller whose token still authenticates."""
        token = bearer_token(Request(scope))
        if token is None:
            return False
        try:
            await run_in_threadpool(jz.authenticate, token)
        except JianzhengError:
            return False
        return True

    async def _answer_from(self, recorded: Recorded, claim: Claim, jz: Jianzheng) -> Response:
        """The answer to a request whose key is claimed (see the module docstring)."""
        if recorded.fingerprint != claim.fingerprint():
            return problem(
                422,
                "idempotency-key-reused",
                "Idempotency-Key reused",
                "this Idempotency-Key was used for a different request (path or body)",
            )
        deadline = time.monotonic() + WAIT_FOR_ANSWER_SECONDS
        while recorded.body is None and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
            again = await run_in_threadpool(jz.idempotency.lookup, claim.scope, claim.key)
            if again is None:  # forgotten meanwhile (expired): nothing to replay
                return problem(409, *GONE)
            recorded = again
        if recorded.body is not None and recorded.status is not None:
            return _replayed(
                recorded.status, recorded.content_type or "application/json", recorded.body, "true"
            )
        events = await run_in_threadpool(reconstruct, jz, recorded.positions)
        return _replayed(200, "application/json", json.dumps({"events": events}).encode(),
                         "reconstructed")  # fmt: skip


def reconstruct(jz: Jianzheng, positions: list[int]) -> list[dict[str, Any]]:
    """What a write answers for its events (DESIGN §6), rebuilt from the stored rows."""
    leaves = jz.log.leaf_indexes(positions)
    events = []
    for position in positions:
        for row in jz.store.rows(batch=1, after=position - 1):
            if row.position == position:
                event_hash = row.state[:64].decode("ascii")
                appended = Appended(
                    row.stream, row.seq, row.topic, event_hash, position, leaves.get(position)
                )
                events.append(appended.as_dict())
            break
    return events


def _replayed(status: int, content_type: str, body: bytes, how: str) -> Response:
    return Response(body, status, {"Idempotent-Replayed": how}, content_type)
