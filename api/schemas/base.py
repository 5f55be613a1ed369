"""The typed building blocks of request bodies: bounded text, real dates and times, hashes,
ids, and :class:`Strict` (closed, strictly typed models). Used by the nested models of
``api/schemas`` and by the route modules (through ``api/routes/common.py``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

Text = Annotated[str, Field(min_length=1, max_length=200)]
LongText = Annotated[str, Field(min_length=1, max_length=20_000)]
Reason = Annotated[str, Field(min_length=1, max_length=2000)]


def _real_date(text: str) -> str:
    date.fromisoformat(text)  # ValueError → 422: "2026-02-30" and "0000-00-00" are not dates
    return text


def _real_time(text: str) -> str:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("a time needs its offset (Z or ±hh:mm)")
    return text


IsoDate = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$"), AfterValidator(_real_date)]
"""A real calendar date, ``YYYY-MM-DD``."""

Rfc3339 = Annotated[
    str,
    Field(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$"),
    AfterValidator(_real_time),
]
"""A real RFC 3339 time with its offset."""
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
_UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
ActorId = Annotated[str, Field(pattern=_UUID)]
StreamId = Annotated[str, Field(pattern=_UUID, description="a UUID (lower case)")]
Name = Annotated[str, Field(min_length=1, max_length=64)]


class Strict(BaseModel):
    """Request bodies refuse unknown members."""

    model_config = ConfigDict(extra="forbid", strict=True)
