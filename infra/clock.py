"""The authorities' clock: today's civil date in China Standard Time, and the check that a
claimed date or time is not in the future (R-EN-2) nor before 1949-10-01 — the children's
files' rule, applied to cases too."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from domain.records import errors
from domain.records.children import check_moment_not_future, check_not_before, check_not_future

CHINA_STANDARD_TIME = timezone(timedelta(hours=8))


def now() -> datetime:
    """The server's clock (UTC): when a bundle is exported. Tests set it, as they set
    :func:`today`, to make a bundle's bytes reproducible."""
    return datetime.now(UTC)


def today() -> date:
    """The authorities' civil date (China Standard Time, UTC+8), for filing and deadlines."""
    return datetime.now(CHINA_STANDARD_TIME).date()


def check_not_future_day(day: date, field: str) -> date:
    """Refuse a claimed date after today in China Standard Time (R-EN-2), or before
    1949-10-01 (no record of these authorities is older): the children's files' rule."""
    return check_not_before(check_not_future(day, field, datetime.now(UTC)), field)


def check_not_future_time(text: str | None, field: str) -> str | None:
    """Refuse a claimed time more than a few minutes ahead of now (R-EN-2), or before
    1949-10-01: the children's files' rule (:func:`check_moment_not_future`)."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise errors.InvalidInput(
            f"{field}: {text!r} is not an RFC 3339 time", field=field
        ) from None
    if moment.tzinfo is None:
        raise errors.InvalidInput(f"{field}: {text!r} needs its offset (Z or ±hh:mm)", field=field)
    check_moment_not_future(moment, field, datetime.now(UTC))
    return text
