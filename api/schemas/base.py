"""The typed building blocks of request bodies: bounded text, real dates and times, hashes,
ids, and :class:`Strict` (closed, strictly typed models). Used by the nested models of
``api/schemas`` and by the route modules (through ``api/routes/common.py``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from domain.records.text import visible


def _says_something(text: str) -> str:
    """Text that holds a letter or digit and no control or bidi character
    (``domain.records.text.visible``): a title, reason or summary of blanks, ideographic
    spaces or invisible characters says nothing, and one with U+202E reads in another order
    than it was recorded."""
    if visible(text) is None:
        raise ValueError(
            "must hold a letter or digit, and no control character (but line breaks and tabs) "
            "nor bidi control (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C)"
        )
    return text


Text = Annotated[str, Field(min_length=1, max_length=200)]
"""A short string (a code, a name of a place or an agency; ``*`` is a jurisdiction)."""
Words = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_says_something)]
"""A short text a reader must be able to read: a title."""
LongText = Annotated[str, Field(min_length=1, max_length=20_000), AfterValidator(_says_something)]
Reason = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(_says_something)]


def _real_date(text: str) -> str:
    try:
        date.fromisoformat(text)  # "2026-02-30" and "0000-00-00" are not dates
    except ValueError:
        raise ValueError("not a day of the calendar (YYYY-MM-DD)") from None
    return text


def _real_time(text: str) -> str:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:  # "+25:00", "2026-02-30T…": the library's words name Python types
        raise ValueError("not a real time (RFC 3339, with its offset)") from None
    if moment.tzinfo is None:
        raise ValueError("a time needs its offset (Z or ±hh:mm)")
    return text


IsoDate = Annotated[str, Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), AfterValidator(_real_date)]
"""A real calendar date, ``YYYY-MM-DD``."""

Rfc3339 = Annotated[
    str,
    Field(
        pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
        r"(Z|[+-][0-9]{2}:[0-9]{2})$"
    ),
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
