"""Evidence: uploads into the content-addressed blob store and downloads from it, whole or by
byte range (R-AV-2, R-AV-4, R-AV-5, R-AV-6, R-GD-9, R-CH-4, R-AC-3; ``docs/evidence.md``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Header, Path, Query, Request, Response
from fastapi.responses import StreamingResponse

from api import ranges
from api.deps import SESSION_COOKIE, App, Caller, bearer_token
from api.problems import PROBLEM_JSON, problem
from api.routes.common import Reason, Strict, events_answer
from api.schemas.terms import labelled
from domain.records.errors import InvalidInput, JianzhengError
from domain.records.media import TEXT_TYPES, extension
from infra.application import Jianzheng
from infra.evidence_reads import EvidenceAccess
from infra.principal import Principal

UPLOAD_PATH = "/v1/evidence"
RAW_BODY_PATHS = frozenset({UPLOAD_PATH})
"""Routes whose body is a file, streamed unparsed (``api/strict_json.py`` leaves it be)."""

router = APIRouter(prefix=UPLOAD_PATH, tags=["evidence"])


@router.post(
    "",
    status_code=201,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
async def upload(
    request: Request,
    jz: App,
    by: Caller,
    purpose: Annotated[
        Literal["case", "child"], Query(json_schema_extra=labelled("evidence_purpose"))
    ],
    case_id: Annotated[UUID | None, Query()] = None,
    child_id: Annotated[UUID | None, Query()] = None,
    content_type: Annotated[str, Header(max_length=255)] = "application/octet-stream",
) -> dict[str, Any]:
    """Stream the raw body (audio, video, photo, document) into the blob store.

    The body is the file itself, stored as its bytes (JSON included); ``Content-Type`` is its
    media type, one of an allow-list (recordings, photos, PDF, UTF-8 text and CSV, JSON:
    ``domain/records/media.py``; SVG, HTML, scripts, executables, office formats and
    ``application/octet-stream`` are ``evidence-type-unsupported``), and the content must fit
    it (``evidence-type-mismatch``); audio and video must be at least
    ``JIANZHENG_MIN_AV_BYTES`` long. ``purpose=case&case_id=…`` (an officer of the case's
    agency and area) or ``purpose=child&child_id=…`` (civil affairs, town, village
    committee or police of the child's area) says what it is for. Answers
    ``{sha256, size, media_type}``: the first upload of some bytes registers them
    (``evidence.Registered``), another uploader or subject records the upload
    (``evidence.UploadRecorded``), a repeat of both adds no event. Uploads for a child's file
    are registered in a stream of their own, never cited by a case.
    """
    subject = case_id if purpose == "case" else child_id
    other = child_id if purpose == "case" else case_id
    if subject is None or other is not None:
        raise InvalidInput(f"purpose={purpose} takes {purpose}_id, and no other subject")
    evidence, events = await jz.store_evidence(
        by, request.stream(), content_type, purpose=purpose, subject_id=subject
    )
    return events_answer(events, **evidence.ref())


# -- downloads ---------------------------------------------------------------------------------

Sha256Path = Annotated[
    str,
    Path(
        pattern=r"^[0-9a-f]{64}$",
        description="the evidence's SHA-256, 64 lower-case hex digits, as events cite it",
    ),
]
ReadReason = Annotated[
    str | None,
    Query(
        max_length=2000,
        description="why: required of another department (court, oversight, police, the "
        "staff of an area a child left) without a ticket; recorded with each request",
    ),
]
TicketQuery = Annotated[
    str | None,
    Query(
        max_length=1000,
        description="a read ticket from POST /v1/evidence/{sha256}/reads, used with the "
        "credentials of the actor it was issued to (its bearer token, or the screens' session "
        "cookie jz_session); nothing more recorded while it is valid",
    ),
]


def _headers(access: EvidenceAccess) -> dict[str, str]:
    """The headers of every answer carrying or describing the evidence (docs/evidence.md)."""
    media_type = access.media_type
    if media_type in TEXT_TYPES:
        media_type += "; charset=utf-8"  # uploads of text are checked to be UTF-8
    return {
        "Content-Type": media_type,
        "ETag": f'"{access.sha256}"',
        "Accept-Ranges": "bytes",
        # Evidence of children and of people in a case: kept in no cache, shared or not, so
        # that a shared office computer keeps nothing once the page is closed (R-CH-4).
        "Cache-Control": "private, no-store",
        # A name from the hash, never one someone typed: nothing to inject, nothing personal.
        "Content-Disposition": f'inline; filename="{access.sha256}.{extension(access.media_type)}"',
        "X-Content-Type-Options": "nosniff",
        "Cross-Origin-Resource-Policy": "same-origin",
    }


PROBLEM = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
DOWNLOAD_ANSWERS: dict[int | str, dict[str, Any]] = {
    200: {"description": "the whole file", "content": {"*/*": {}}},
    206: {"description": "the one byte range asked for (Content-Range)", "content": {"*/*": {}}},
    304: {"description": "If-None-Match matched: not sent again"},
    412: {"description": "If-Match did not match (precondition-failed)", "content": PROBLEM},
    416: {
        "description": "no requested range lies in the file (range-not-satisfiable); "
        "Content-Range: bytes */size",
        "content": PROBLEM,
    },
}
"""The answers besides the problems every operation documents (``api/openapi.py``): 404 is
``evidence-unknown``, 500 ``evidence-corrupt`` among them."""


@router.get(
    "/{sha256}",
    response_class=Response,
    responses=DOWNLOAD_ANSWERS,
    operation_id="download_evidence",
)
@router.head(
    "/{sha256}",
    response_class=Response,
    responses=DOWNLOAD_ANSWERS,
    operation_id="download_evidence_headers",
)
def download(
    request: Request,
    jz: App,
    sha256: Sha256Path,
    reason: ReadReason = None,
    ticket: TicketQuery = None,
) -> Response:
    """Download evidence, whole or one byte range (`Range: bytes=a-b`, `a-`, `-n`), to be
    played, shown or saved; `HEAD` answers the same headers without the file.

    Who may: as the case or the child's file it was uploaded for is read — the case's agency;
    the court and oversight of the case's area; a child's area staff; the police, oversight
    and courts that read the child's file. Another department gives `?reason=` (recorded, one
    record per request) or uses a ticket from `POST /v1/evidence/{sha256}/reads` (`?ticket=`;
    recorded once for all its requests), with its own credentials: its bearer token or its
    screens' session cookie `jz_session` (which a `<video>` element sends) — a ticket without
    them, or with another actor's, is 401 `read-ticket-invalid`. Evidence the caller may not
    read answers as if it did not exist (404 `evidence-unknown`). Several ranges are answered
    with the whole file (200). The bytes are proved to be the hash's before they are sent, or
    the read is cut off (`docs/evidence.md`).
    """
    if ticket is not None:
        holder = _ticket_holder(request, jz)
        by, access = jz.evidence_reads.through_ticket(ticket, sha256, holder)
        reason_to_record = None
    else:
        by = Principal.of(jz.authenticate(bearer_token(request)))
        access = jz.evidence_reads.access(by, sha256)
        reason_to_record = jz.evidence_reads.require_reason(access, reason)
    return _answer(request, jz, by, access, reason_to_record)


def _ticket_holder(request: Request, jz: Jianzheng) -> str | None:
    """The actor whose credentials come with a ticket: its bearer token, else the screens'
    session cookie (a ``<video>`` element sends cookies, never ``Authorization``), resolved
    and authenticated as the screens do (``api/web/session.py``). The cookie is read here
    alone, on this GET/HEAD with a ticket, which changes nothing: everywhere else the API
    ignores cookies (no cross-site request can act with them). A cookie of no live session,
    or whose token or actor no longer acts, brings no one (401 ``read-ticket-invalid``)."""
    bearer = bearer_token(request)
    if bearer:
        return str(jz.authenticate(bearer).id)
    session = jz.sessions.resolve(request.cookies.get(SESSION_COOKIE))
    if session is None:
        return None
    try:
        return str(jz.authenticate(session.token).id)
    except JianzhengError:
        return None


def _answer(
    request: Request, jz: Jianzheng, by: Principal, access: EvidenceAccess, reason: str | None
) -> Response:
    """The answer to a read the caller may make: conditions, range, proof, record, bytes."""
    headers = _headers(access)
    etag = headers["ETag"]
    size = access.size
    if ranges.if_match_fails(request.headers.get("if-match"), etag):
        detail = "If-Match names no tag of this evidence (its tag is its SHA-256)"
        return problem(412, "precondition-failed", "Precondition failed", detail)
    if ranges.if_none_match_holds(request.headers.get("if-none-match"), etag):
        _record(jz, by, access, reason)
        kept = {k: headers[k] for k in ("ETag", "Cache-Control", "Accept-Ranges")}
        return Response(status_code=304, headers=kept)
    wanted: ranges.ByteRange | None = None
    if request.method == "GET" and ranges.if_range_allows(request.headers.get("if-range"), etag):
        try:
            wanted = ranges.parse_range(request.headers.get("range"), size)
        except ranges.RangeNotSatisfiable:
            return problem(
                416,
                "range-not-satisfiable",
                "Range not satisfiable",
                f"no requested range lies within the {size} bytes of this evidence",
                headers={"Content-Range": f"bytes */{size}", "Accept-Ranges": "bytes"},
            )
    start, end = (wanted.start, wanted.end) if wanted else (0, size)
    headers["Content-Length"] = str(end - start)
    if request.method == "HEAD":
        _record(jz, by, access, reason)
        return Response(status_code=200, headers=headers)
    body: Iterator[bytes] = jz.evidence_reads.open(access, start, end)  # proved, or 500
    _record(jz, by, access, reason)
    if wanted is None:
        return StreamingResponse(body, status_code=200, headers=headers)
    headers["Content-Range"] = wanted.content_range
    return StreamingResponse(body, status_code=206, headers=headers)


def _record(jz: Jianzheng, by: Principal, access: EvidenceAccess, reason: str | None) -> None:
    """Record another department's read (nothing for a ticket's requests, nor for the
    subject's own staff)."""
    if reason is not None:
        jz.evidence_reads.record(by, access, reason)


class ReadIn(Strict):
    """Why another department reads this evidence (recorded); the subject's own staff need
    not say."""

    reason: Reason | None = None


@router.post("/{sha256}/reads", status_code=201)
def open_reads(
    request: Request, sha256: Sha256Path, jz: App, by: Caller, body: ReadIn | None = None
) -> dict[str, Any]:
    """A read ticket for this evidence: one read recorded now (with the reason, from another
    department) and a URL a `<video>`, `<img>` or download link fetches — range requests
    included — for `JIANZHENG_EVIDENCE_TICKET_MINUTES`, recording nothing more. The ticket is
    bound to the caller, the token it asked with and this evidence, and works only with the
    caller's own credentials (its bearer token, or its screens' session cookie); revoking the
    token or suspending the actor ends it. Answers `{url, ticket, expires_at, media_type, size,
    recorded_as, events}`.
    """
    _, token_id = jz.authenticate_token(bearer_token(request))
    reason = body.reason if body is not None else None
    issued = jz.evidence_reads.issue_ticket(by, token_id, sha256, reason)
    access = issued.access
    return events_answer(
        issued.events,
        url=f"{UPLOAD_PATH}/{sha256}?ticket={issued.ticket}",
        ticket=issued.ticket,
        expires_at=issued.expires_at,
        media_type=access.media_type,
        size=access.size,
        recorded_as=access.recorded_as.value if access.recorded_as else None,
    )
