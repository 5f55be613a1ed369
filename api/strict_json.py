"""ASGI middleware: size limit and strict JSON on every request body, before any route runs.

Refused bodies never reach a handler, so they cannot change the store:

* larger than ``max_body_bytes`` → 413 ``body-too-large``;
* JSON bodies that do not parse → 422 ``malformed-json``;
* a number with a fraction or exponent anywhere → 422 ``float-not-allowed`` (DESIGN §2:
  no floats; money in fen as integers);
* integers outside ±(2^53−1) → 422 ``integer-out-of-range``; ``NaN``/``Infinity`` → malformed;
* nesting deeper than ``domain.jcs.MAX_DEPTH`` → 422 ``invalid-event-data``.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import problem
from domain.errors import FloatNotAllowed, InvalidInput
from domain.jcs import check_json_value


class _Malformed(ValueError):
    pass


def _reject_float(text: str) -> Any:
    raise FloatNotAllowed(f"{text} is a float; use integers (money in fen) or strings")


def _reject_constant(text: str) -> Any:
    raise _Malformed(f"{text} is not JSON")


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


class StrictJSONMiddleware:
    """See the module docstring."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in {"GET", "HEAD", "OPTIONS"}:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if not _is_json(headers.get("content-type", "application/json")):
            await self.app(scope, receive, send)  # uploads stream on, with their own limits
            return
        declared = headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                await self._too_large(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if body:
            refusal = self._check(body)
            if refusal is not None:
                await refusal(scope, receive, send)
                return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem(
            413,
            "body-too-large",
            "Request body too large",
            f"the body exceeds {self.max_body_bytes} bytes",
        )
        await response(scope, receive, send)

    def _check(self, body: bytes) -> Any:
        try:
            value = json.loads(body, parse_float=_reject_float, parse_constant=_reject_constant)
        except InvalidInput as exc:
            return problem(422, exc.code, exc.title, exc.detail)
        except (_Malformed, UnicodeDecodeError, json.JSONDecodeError) as exc:
            return problem(422, "malformed-json", "Malformed JSON", f"the body is not JSON: {exc}")
        except RecursionError:
            return problem(
                422, "invalid-event-data", "Invalid event data", "the body nests too deep"
            )
        try:
            check_json_value(value, "body")
        except InvalidInput as exc:
            return problem(422, exc.code, exc.title, exc.detail)
        return None
