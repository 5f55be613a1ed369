"""Request-body building blocks shared by route modules."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

Text = Annotated[str, Field(min_length=1, max_length=200)]
LongText = Annotated[str, Field(min_length=1, max_length=20_000)]
Reason = Annotated[str, Field(min_length=1, max_length=2000)]
IsoDate = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
_UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
ActorId = Annotated[str, Field(pattern=_UUID)]
Name = Annotated[str, Field(min_length=1, max_length=64)]


class Strict(BaseModel):
    """Request bodies refuse unknown members."""

    model_config = ConfigDict(extra="forbid")


def events_answer(events: list[Any], **extra: Any) -> dict[str, Any]:
    """A write's answer: the new events (stream, seq, type, event_hash) and any extra fields."""
    return {**extra, "events": [e.as_dict() for e in events]}
