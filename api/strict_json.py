"""ASGI middleware: one reading of each request, checked before any route runs.

Every request, reads included, is refused with 400 ``ambiguous-request`` when a header that
decides who asks or what is asked appears more than once (:data:`SINGLE_HEADERS`): with two
``Authorization`` headers this app would take the first and a proxy might take the last —
someone else; two ``Idempotency-Key``, ``Cookie`` or ``Host`` headers are as ambiguous.

Every write (any method but ``GET``, ``HEAD``, ``OPTIONS``) is read here exactly as the
route will read it, so the size limit and the JSON rules cannot be stepped around:

* framing that two readers could take differently is refused with 400
  ``ambiguous-request``: more than one ``Content-Type`` or ``Content-Length``, a
  ``Content-Length`` that is not a decimal number, ``Transfer-Encoding`` beside
  ``Content-Length``, or a transfer coding other than ``chunked``. (Served by uvicorn, the
  HTTP layer (h11) answers first: ``Content-Length`` lines with *different* values get its
  plain-text 400 before this app runs; lines repeating the *same* value are merged into one,
  which RFC 9110 §8.6 allows — every reader then frames the body alike.);
* a route that takes JSON gets only bodies checked here: a non-empty body whose media type
  is not exactly ``application/json`` (optionally ``; charset=utf-8``) is 415
  ``unsupported-media-type`` — ``application/json-patch+json``, ``application/problem+json``
  and other ``+json`` types included, whose meaning the routes do not implement — otherwise
  FastAPI would hand the route bytes that this filter never looked at. The raw upload
  routes (``raw_body_paths``: evidence) take any allowed media type, unparsed, and stream
  under their own limit;
* larger than ``max_body_bytes`` → 413 ``body-too-large``;
* not UTF-8 (RFC 8259 §8.1: a byte-order mark or UTF-16 included), not JSON, or an object
  naming a member twice (RFC 7493 §2.3) → 422 ``malformed-json``;
* a number with a fraction or exponent anywhere → 422 ``float-not-allowed`` (DESIGN §2:
  no floats; money in fen as integers);
* integers outside ±(2^53−1) → 422 ``integer-out-of-range`` — decided on the digits,
  before Python converts them (a 4,301-digit integer would otherwise raise);
  ``NaN``/``Infinity`` → malformed;
* nesting deeper than ``domain.proof.jcs.MAX_DEPTH`` → 422 ``invalid-event-data``.

The screens (every path outside ``/v1/``, ADR 0006) post forms: a form body there is read
under the same size limit and framing rules and handed to the page, which parses it; the
JSON rules above are for the API's JSON bodies and do not apply to it.

A client that goes away before its body arrived is logged as one line and answered nothing.
"""

from __future__ import annotations

import email.message
import json
import logging
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import problem
from domain.proof.jcs import MAX_SAFE_INTEGER, check_json_value
from domain.records.errors import FloatNotAllowed, IntegerOutOfRange, InvalidInput

log = logging.getLogger("jianzheng.api")

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_INTEGER_DIGITS = len(str(MAX_SAFE_INTEGER))
"""More digits than this is out of range whatever they are (checked before ``int()``)."""


class _Malformed(ValueError):
    pass


def _reject_float(text: str) -> Any:
    raise FloatNotAllowed(f"{text} is a float; use integers (money in fen) or strings")


def _reject_constant(text: str) -> Any:
    raise _Malformed(f"{text} is not JSON")


def _bounded_int(text: str) -> int:
    digits = text.lstrip("-")
    if len(digits) > MAX_INTEGER_DIGITS:
        raise IntegerOutOfRange(f"an integer of {len(digits)} digits is outside ±(2^53−1)")
    return int(text)


def _unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _Malformed(f"the member {key[:64]!r} appears twice in one object")
        found[key] = value
    return found


def parse_strict(body: bytes) -> Any:
    """The JSON value of ``body`` under the rules of the module docstring, or a domain error.

    Raises :class:`InvalidInput` (its subclasses name the rule), ``_Malformed``,
    ``UnicodeDecodeError``, ``json.JSONDecodeError`` or ``RecursionError``.
    """
    text = body.decode("utf-8")  # strict: no other encoding; a BOM stays and fails below
    try:
        return json.loads(
            text,
            parse_float=_reject_float,
            parse_int=_bounded_int,
            parse_constant=_reject_constant,
            object_pairs_hook=_unique_members,
        )
    except (FloatNotAllowed, IntegerOutOfRange) as refused:
        where = _first_unfit_number(text)
        if where is not None:  # name the member, as every refusal about one member does
            refused.extra["field"] = where
            refused.detail = f"{where}: {refused.detail}"
        raise


class _Unfit:
    """A number the rules refuse, found again to name where it is."""


def _first_unfit_number(text: str) -> str | None:
    """The JSON path (``fee.amount_fen``, ``items[2]``) of the first float or out-of-range
    integer in ``text``, a document that parses once numbers are not judged; None for the
    document itself or when it does not parse so."""
    unfit = _Unfit()

    def judge_int(digits: str) -> Any:
        return unfit if len(digits.lstrip("-")) > MAX_INTEGER_DIGITS else 0

    try:
        document = json.loads(
            text, parse_float=lambda _: unfit, parse_int=judge_int, parse_constant=lambda _: 0
        )
    except (ValueError, RecursionError):
        return None

    def walk(node: Any, path: str) -> str | None:
        if node is unfit:
            return path or None
        members = (
            [(f"{path}.{k}" if path else k, v) for k, v in node.items()]
            if isinstance(node, dict)
            else [(f"{path}[{i}]", v) for i, v in enumerate(node)]
            if isinstance(node, list)
            else []
        )
        for at, value in members:
            found = walk(value, at)
            if found is not None:
                return found
        return None

    try:
        return walk(document, "")
    except RecursionError:  # nested deeper than is worth naming
        return None


def json_media(content_type: str) -> tuple[bool, str | None]:
    """(whether this is ``application/json``, the charset it names if any).

    Read with the same parser FastAPI uses (``email.message``), so the two cannot disagree
    on a type with odd spacing, case or parameters. Only ``application/json`` itself: the
    routes take plain JSON documents, not JSON Patch, problem documents or vendor types.
    """
    message = email.message.Message()
    message["content-type"] = content_type
    is_json = (message.get_content_maintype(), message.get_content_subtype()) == (
        "application",
        "json",
    )
    charset = message.get_param("charset")
    return is_json, charset if isinstance(charset, str) else None


FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
"""What the screens' forms post (ADR 0006 §1); only screens take them."""


def is_screen_path(path: str) -> bool:
    """Whether ``path`` is a screen (everything the app serves outside ``/v1/``): screens take
    form posts, parsed by their handlers under the same size limit; the API takes JSON only."""
    return not path.startswith("/v1/")


def is_form(content_types: list[str]) -> bool:
    """Whether the request's one ``Content-Type`` is a form's."""
    if len(content_types) != 1:
        return False
    message = email.message.Message()
    message["content-type"] = content_types[0]
    return message.get_content_type() in FORM_TYPES


def repeated_cookie(headers: Iterable[tuple[bytes, bytes]]) -> str | None:
    """The first cookie named twice in the ``Cookie`` header, if any: ``jz_session=a;
    jz_session=b`` names two sessions, and which one a proxy or this app reads is luck."""
    seen: set[str] = set()
    for name, value in headers:
        if name.lower() != b"cookie":
            continue
        for pair in value.decode("latin-1").split(";"):
            key = pair.partition("=")[0].strip()
            if key in seen:
                return key
            if key:
                seen.add(key)
    return None


SINGLE_HEADERS = (b"authorization", b"idempotency-key", b"cookie", b"host")
"""Headers that say who asks or which request this is: one of each at most. (A client sends
one ``Cookie`` header, RFC 6265 §5.4; an HTTP/2 proxy joins split cookies into one before
HTTP/1.1, RFC 9113 §8.2.3; RFC 9112 §3.2 answers 400 to a second ``Host``.)"""


def _all(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> list[str]:
    return [v.decode("latin-1") for k, v in headers if k.lower() == name]


def repeated_header(headers: Iterable[tuple[bytes, bytes]]) -> str | None:
    """The first of :data:`SINGLE_HEADERS` that appears more than once, if any."""
    seen: set[bytes] = set()
    for name, _ in headers:
        lowered = name.lower()
        if lowered in SINGLE_HEADERS:
            if lowered in seen:
                return lowered.decode("latin-1")
            seen.add(lowered)
    return None


def repeated_query_parameter(query_string: bytes) -> str | None:
    """The first query parameter named more than once, if any: no route takes a list in
    its query, so ``?reason=a&reason=b`` can only be read one way by luck (the route takes
    the last; a log or a proxy may show the first)."""
    seen: set[str] = set()
    for name, _ in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if name in seen:
            return name
        seen.add(name)
    return None


class StrictJSONMiddleware:
    """See the module docstring."""

    def __init__(
        self, app: ASGIApp, max_body_bytes: int, raw_body_paths: frozenset[str] = frozenset()
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.raw_body_paths = raw_body_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = scope["headers"]
        repeated = repeated_header(headers)
        parameter = repeated_query_parameter(scope.get("query_string", b""))
        cookie = repeated_cookie(headers)
        if repeated is not None or parameter is not None or cookie is not None:
            detail = (
                f"the request has more than one {repeated.title()} header"
                if repeated is not None
                else f"the query names {parameter!r} more than once"
                if parameter is not None
                else f"the Cookie header names {cookie!r} more than once"
            )
            await problem(400, "ambiguous-request", "Ambiguous request", detail)(
                scope, receive, send
            )
            return
        if scope["method"] in READ_METHODS:
            await self.app(scope, receive, send)
            return
        content_types = _all(headers, b"content-type")
        ambiguity = self._ambiguity(headers, content_types)
        if ambiguity is not None:
            await problem(400, "ambiguous-request", "Ambiguous request", ambiguity)(
                scope, receive, send
            )
            return
        if scope["path"] in self.raw_body_paths:
            await self.app(scope, receive, send)  # uploads stream on, with their own limits
            return
        lengths = _all(headers, b"content-length")
        if lengths and (len(lengths[0]) > 19 or int(lengths[0]) > self.max_body_bytes):
            await self._too_large(scope, receive, send)
            return
        body = await self._read(scope, receive, send)
        if body is None:
            return
        if body and not (is_screen_path(scope["path"]) and is_form(content_types)):
            refusal = self._check(content_types[0] if content_types else None, body)
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

    @staticmethod
    def _ambiguity(headers: Iterable[tuple[bytes, bytes]], content_types: list[str]) -> str | None:
        """Why two readers could frame or type this request differently, if they could."""
        lengths = _all(headers, b"content-length")
        codings = _all(headers, b"transfer-encoding")
        if len(content_types) > 1:
            return "the request has more than one Content-Type header"
        if len(lengths) > 1:
            return "the request has more than one Content-Length header"
        if lengths and not (lengths[0].isascii() and lengths[0].isdigit()):
            return "Content-Length is not a decimal number of bytes"
        if codings and lengths:
            return "the request has both Transfer-Encoding and Content-Length (RFC 9112 §6.3)"
        if codings and [c.strip().lower() for c in ",".join(codings).split(",")] != ["chunked"]:
            return "the only transfer coding accepted is chunked"
        return None

    async def _read(self, scope: Scope, receive: Receive, send: Send) -> bytes | None:
        """The whole body, or None when it was refused (413) or the client went away."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                log.info(
                    "client disconnected before its request body arrived: %s %s",
                    scope["method"],
                    scope["path"],
                )
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                await self._too_large(scope, receive, send)
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem(
            413,
            "body-too-large",
            "Request body too large",
            f"the body exceeds {self.max_body_bytes} bytes",
        )
        await response(scope, receive, send)

    def _check(self, content_type: str | None, body: bytes) -> Any:
        if content_type is None:
            return problem(
                415,
                "unsupported-media-type",
                "Unsupported media type",
                "a request body needs Content-Type: application/json",
            )
        is_json, charset = json_media(content_type)
        if not is_json:
            return problem(
                415,
                "unsupported-media-type",
                "Unsupported media type",
                "this route takes application/json, and no other JSON media type (evidence "
                "files go to POST /v1/evidence)",
            )
        if charset is not None and charset.lower() not in {"utf-8", "utf8"}:
            return problem(
                415,
                "unsupported-media-type",
                "Unsupported media type",
                "JSON is UTF-8 (RFC 8259 §8.1); no other charset is accepted",
            )
        try:
            value = parse_strict(body)
        except InvalidInput as exc:
            return problem(422, exc.code, exc.title, exc.detail, headers=None, **exc.extra)
        except (_Malformed, UnicodeDecodeError, json.JSONDecodeError) as exc:
            return problem(422, "malformed-json", "Malformed JSON", f"the body is not JSON: {exc}")
        except RecursionError:
            return problem(
                422, "invalid-event-data", "Invalid event data", "the body nests too deep"
            )
        try:
            check_json_value(value, "body")
        except InvalidInput as exc:
            # The checker names the member as ``body.<path>: why``; answer with the request's
            # path in ``field``, as every refusal about one member does.
            where, _, why = exc.detail.partition(": ")
            if where.startswith("body.") or where.startswith("body["):
                member = where.removeprefix("body").removeprefix(".")
                return problem(
                    422,
                    exc.code,
                    exc.title,
                    f"{member}: {why}",
                    headers=None,
                    **{**exc.extra, "field": member},
                )
            return problem(422, exc.code, exc.title, exc.detail, headers=None, **exc.extra)
        return None
