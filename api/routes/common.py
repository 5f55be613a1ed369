"""Request-body building blocks shared by route modules (the types live in
``api/schemas/base.py``, below both the routes and the nested models)."""

from __future__ import annotations

from typing import Any

from api.schemas.base import (
    ActorId,
    IsoDate,
    LongText,
    Name,
    Reason,
    Rfc3339,
    Sha256,
    StreamId,
    Strict,
    Text,
    Words,
)

__all__ = [
    "ActorId",
    "IsoDate",
    "LongText",
    "Name",
    "Reason",
    "Rfc3339",
    "Sha256",
    "StreamId",
    "Strict",
    "Text",
    "Words",
    "events_answer",
]


def events_answer(events: list[Any], **extra: Any) -> dict[str, Any]:
    """A write's answer: the new events (stream, seq, type, event_hash) and any extra fields."""
    return {**extra, "events": [e.as_dict() for e in events]}
