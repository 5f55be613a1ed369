"""Evidence uploads into the content-addressed blob store (R-AV-4, R-AV-6)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request

from api.deps import App, Caller
from api.routes.common import events_answer

router = APIRouter(prefix="/v1/evidence", tags=["evidence"])


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
    content_type: Annotated[str, Header(max_length=255)] = "application/octet-stream",
) -> dict[str, Any]:
    """Stream the raw body (audio, video, photo, document) into the blob store.

    The body is the file itself; ``Content-Type`` is its media type. Answers
    ``{sha256, size, media_type}``; the same content uploaded twice registers once.
    """
    evidence, events = await jz.store_evidence(by, request.stream(), content_type)
    return events_answer(events, **evidence.ref())
