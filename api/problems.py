"""RFC 9457 problem details: errors answer ``application/problem+json`` with a stable ``code``.

Domain errors are mapped here, once, by class — never per route.

Refusals by the request models (pydantic) answer 422 in the domain's words where the domain
has words of its own, so that a client meets one contract whichever side refuses:

==========================================================  =================================
pydantic error                                              answer (``code``, members)
==========================================================  =================================
malformed JSON (``json_invalid``)                            ``malformed-json``
a member whose domain check has its own code — a document   that code: ``invalid-document-
hash, a division code, a vocabulary member the domain looks  hash``, ``invalid-jurisdiction``,
up even when absent, anything inside the catalogue data      ``unknown-term`` (+ ``allowed``),
(``api.schemas.terms.CODED_MEMBERS``)                        ``invalid-catalogue``; ``field``
a term outside its vocabulary (``unknown_term``)             ``unknown-term``, ``field``,
                                                             ``allowed`` (the codes)
a nested member missing, mistyped or out of its range        ``invalid-field``, ``field``
(inside an object of the body: ``receiver.relation``)
anything else (a top-level member, a query or path          ``invalid-request`` (``field`` when
parameter, the body as a whole)                              it is about one member)
==========================================================  =================================

With several errors: if any is one the domain has no words for, the answer is
``invalid-request`` as it was before the members were typed (the domain never saw such a
request); else the first decides, as the domain stops at its first refusal. All are listed in
``errors``. A ``field`` names a vocabulary list's member as the domain does
(``exclusion_check.found[]``), any other list member by its index (``documents[0].sha256``).
No answer echoes the input value (it may hold personal data, R-CH-4).
"""

from __future__ import annotations

import logging
import re
import sqlite3
from typing import Any

import eventsourcing.persistence as es_persistence
import psycopg
import psycopg_pool
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from api.schemas.terms import UNKNOWN_TERM, coded_member
from domain.records import errors
from domain.records.catalogue import InvalidCatalogue
from domain.records.children import errors as children_errors

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://jianzheng.example/problems/"

log = logging.getLogger("jianzheng.api")

STATUS_BY_ERROR: list[tuple[type[errors.JianzhengError], int]] = [
    (errors.PayloadTooLarge, 413),
    (errors.InvalidInput, 422),
    (errors.AuthenticationError, 401),
    (errors.PermissionDenied, 403),
    (errors.NotFound, 404),
    (errors.RuleViolation, 409),
    (errors.ChainConflict, 409),
    (errors.ChainBroken, 500),
    (errors.EvidenceCorrupt, 500),
    (errors.StorageUnavailable, 503),
]

_CODE_BY_STATUS = {
    400: "bad-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    413: "body-too-large",
    415: "unsupported-media-type",
    422: "invalid-request",
    429: "too-many-requests",
    500: "internal-error",
    503: "unavailable",
}


def problem(
    status: int,
    code: str,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """A problem+json response."""
    body = {
        "type": TYPE_BASE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }
    if status == 401:
        headers = {"WWW-Authenticate": "Bearer", **(headers or {})}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def status_of(error: errors.JianzhengError) -> int:
    """HTTP status for a domain error."""
    for cls, status in STATUS_BY_ERROR:
        if isinstance(error, cls):
            return status
    return 500


async def _domain_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, errors.JianzhengError)
    status = status_of(exc)
    if status >= 500:
        log.error("server-side error: %s", exc.code)
    headers = {"Retry-After": "5"} if status == 503 else None
    return problem(status, exc.code, exc.title, exc.detail, headers=headers, **exc.extra)


_DOMAIN_ERRORS: dict[str, type[errors.JianzhengError]] = {
    e.code: e
    for e in (
        children_errors.InvalidField,
        children_errors.UnknownTerm,
        children_errors.InvalidDocumentHash,
        errors.InvalidJurisdiction,
        InvalidCatalogue,
    )
}
"""The domain errors a model's refusal may answer as (their ``code`` and ``title``)."""


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # Echo where and why, never the offending input (it may hold personal data, R-CH-4).
    found = [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", ""), "type": e.get("type")}
        for e in exc.errors()
    ]
    malformed = any(e["type"] == "json_invalid" for e in found)
    detail = "; ".join(f"{_where(e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors())
    worded = [None if malformed else _in_domain_words(e) for e in exc.errors()]
    first = worded[0] if worded and all(w is not None for w in worded) else None
    if first is not None:
        code, members = first
        cls = _DOMAIN_ERRORS[code]
        # In the route's words: the member's path in the body, then why (no ``body.`` prefix).
        said = "; ".join(
            f"{_field_path(e.get('loc', ())) or 'body'}: {e.get('msg', '')}" for e in exc.errors()
        )
        return problem(422, code, cls.title, said, **members, errors=found)
    code = "malformed-json" if malformed else "invalid-request"
    title = "Malformed JSON" if malformed else "Invalid request"
    # ``field`` as before the members were typed: from the errors the domain has no words for.
    fields = {
        _field_path(e.get("loc", ()))
        for e, w in zip(exc.errors(), worded, strict=True)
        if w is None
    }
    extra: dict[str, Any] = {"errors": found}
    if len(fields) == 1 and None not in fields:  # about one member: name it, as domain errors do
        extra["field"] = fields.pop()
        allowed = _allowed(exc.errors())
        if allowed:  # a value outside a closed list: say which values it may take
            extra["allowed"] = allowed
    return problem(422, code, title, detail, **extra)


_QUOTED = re.compile(r"'([^']*)'")


def _allowed(found: Any) -> list[str] | None:
    """The values a member may take, when the one error is a value outside a closed list (a
    ``Literal``/enum member, or a vocabulary term of a query parameter)."""
    if len(found) != 1:
        return None
    error = found[0]
    ctx = error.get("ctx") or {}
    if error.get("type") == UNKNOWN_TERM and "allowed" in ctx:
        return list(ctx["allowed"])
    if error.get("type") in {"literal_error", "enum"} and isinstance(ctx.get("expected"), str):
        return _QUOTED.findall(ctx["expected"]) or None
    return None


def _where(loc: Any) -> str:
    """Where a validation error is, in the route's words: the member's JSON path in the body
    (no ``body.`` prefix), or the query or path parameter by name."""
    parts = list(loc)
    path = _field_path(parts)
    if not parts or parts[0] == "body":
        return path or "body"
    return f"{parts[0]} parameter {path}" if path else str(parts[0])


def _in_domain_words(error: Any) -> tuple[str, dict[str, Any]] | None:
    """The domain's ``code`` and members (``field``, ``allowed``) for a model's refusal of a
    body member, or None where the domain has no words of its own (module docstring)."""
    loc = list(error.get("loc", ()))
    if len(loc) < 2 or loc[0] != "body":
        return None
    path = _field_path(loc)
    assert path is not None  # a member of the body: loc names at least one
    pattern = _field_path([p if isinstance(p, str) else "[]" for p in loc])
    assert pattern is not None
    pattern = pattern.replace(".[]", "[]")
    coded = coded_member(pattern)
    if coded is not None:
        extra: dict[str, Any] = {"field": path} if coded.with_field else {}
        if coded.allowed is not None:
            extra["allowed"] = list(coded.allowed)
        return coded.code, extra
    if error.get("type") == UNKNOWN_TERM:
        # A vocabulary list's member is named as the domain names it: ``categories[]``.
        where = path if not isinstance(loc[-1], int) else f"{_field_path(loc[:-1])}[]"
        return "unknown-term", {"field": where, "allowed": list(error["ctx"]["allowed"])}
    if len(loc) > 2 and any(isinstance(p, str) for p in loc[2:]):
        return "invalid-field", {"field": path}
    return None


def _field_path(loc: Any) -> str | None:
    """A validation error's location as the JSON path a domain error's ``field`` uses
    (``receiver.name``, ``categories[0]``), without the ``body``/``query``/``path`` part;
    None for the body as a whole."""
    parts = list(loc)[1:]
    if not parts:
        return None
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _CODE_BY_STATUS.get(exc.status_code, "http-error")
    detail = exc.detail if isinstance(exc.detail, str) else code
    return problem(exc.status_code, code, code.replace("-", " ").capitalize(), detail)


async def _storage_unavailable(_: Request, exc: Exception) -> JSONResponse:
    log.warning("storage unavailable: %s", type(exc).__name__)
    return problem(
        503,
        "storage-unavailable",
        "Storage unavailable",
        "the database cannot be reached or is busy; nothing was recorded — retry later",
        headers={"Retry-After": "5"},
    )


STORAGE_ERRORS: tuple[type[Exception], ...] = (
    es_persistence.OperationalError,
    es_persistence.InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
    psycopg_pool.PoolTimeout,
    sqlite3.OperationalError,
)
"""Failures of the store itself (down, unreachable, locked): 503 with ``Retry-After``."""


async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    log.error("unexpected %s", type(exc).__name__, exc_info=exc)
    return problem(
        500, "internal-error", "Internal error", "the server could not complete the request"
    )


async def _client_gone(request: Request, _: Exception) -> JSONResponse:
    # Not a fault of the server: one line, no traceback (an upload cut off by the client).
    log.info("client disconnected mid-request: %s %s", request.method, request.url.path)
    return problem(400, "client-disconnected", "Client disconnected", "the request was cut off")


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(errors.JianzhengError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(ClientDisconnect, _client_gone)
    for storage_error in STORAGE_ERRORS:
        app.add_exception_handler(storage_error, _storage_unavailable)
    app.add_exception_handler(Exception, _unexpected)
