"""Evidence uploads into the content-addressed blob store (R-AV-2, R-AV-4, R-AV-6, R-GD-9)."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Header, Query, Request

from api.deps import App, Caller
from api.routes.common import events_answer
from api.schemas.terms import labelled
from domain.records.errors import InvalidInput

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
