"""Dates in a child's file: claimed days and times, ages, calendar months.

Claimed dates may not lie in the future. The aggregate reads no clock: each dated command
takes ``now``, the server's clock, from the application service; dates are compared with
today in China Standard Time, times with ``now`` plus a few minutes of skew. Nor may they lie
before the child's birth, or anywhere before 1949-10-01 (:func:`check_not_before`). Ages are
reached the day after the birthday (:func:`age_reached_on`); a 29 February birthday is 28
February in common years (:func:`birthday`) — one convention for the domain and the
projections.

Shared with :mod:`domain.records.reports` and the enforcement cases (``infra/cases.py``).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import domain.records.children.errors as ce
from domain.records import errors

CHINA_STANDARD_TIME = timezone(timedelta(hours=8))
"""The authorities' civil time (UTC+8): a claimed *date* is compared with today there."""


CLOCK_SKEW = timedelta(minutes=5)
"""How far a claimed *time* may run ahead of the server's clock (a reporter's phone or PC)."""


EARLIEST_DAY = date(1949, 10, 1)
"""No claimed date lies before the People's Republic was founded: none of these authorities'
records is older. A date of a child's file lies, besides, not before the child's birth."""


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(value: object, field: str) -> date:
    """A ``YYYY-MM-DD`` date; the error names ``field``, never the value (R-CH-4)."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ce.InvalidField(f"{field} must be a date written YYYY-MM-DD", field=field)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ce.InvalidField(f"{field} is not a calendar date", field=field) from None


def civil_today(now: datetime) -> date:
    """Today in China Standard Time, from the server's clock reading ``now`` (timezone-aware).

    The aggregate reads no clock: the application service hands every dated command the
    time it received the command, so the domain stays pure and testable.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise TypeError("now must be a timezone-aware datetime (the server's clock)")
    return now.astimezone(CHINA_STANDARD_TIME).date()


def check_not_future(day: date, field: str, now: datetime) -> date:
    """A claimed date lies in the past or is today (China Standard Time), never later.

    A back-dated entry stays allowed and visible: the event's recorded ``at`` beside the
    claimed date shows that it was entered after the fact (R-EN-2).
    """
    today = civil_today(now)
    if day > today:
        raise errors.DateInFuture(
            f"{field} must not lie in the future (today is {today.isoformat()}, "
            "China Standard Time)",
            field=field,
        )
    return day


def check_not_before(day: date, field: str, born: date | None = None) -> date:
    """A claimed date lies not before the child's birth ``born`` (when the child is known:
    :class:`~domain.records.children.errors.DateBeforeBirth`, never echoing the birth date,
    R-CH-4), and never before :data:`EARLIEST_DAY`
    (:class:`~domain.records.children.errors.DateTooEarly`)."""
    if born is not None and day < born:
        raise ce.DateBeforeBirth(f"{field} must not lie before the child's birth", field=field)
    if day < EARLIEST_DAY:
        raise ce.DateTooEarly(
            f"{field} must not lie before {EARLIEST_DAY.isoformat()}",
            field=field,
            earliest=EARLIEST_DAY.isoformat(),
        )
    return day


def parse_past_day(value: object, field: str, now: datetime, born: date | None = None) -> date:
    """:func:`parse_day`, not in the future (:func:`check_not_future`) and not too early
    (:func:`check_not_before`: before the child's birth ``born``, or before 1949-10-01)."""
    return check_not_before(check_not_future(parse_day(value, field), field, now), field, born)


EARLIEST_MOMENT = datetime.combine(EARLIEST_DAY, datetime.min.time(), CHINA_STANDARD_TIME)
"""The first moment of :data:`EARLIEST_DAY` in China Standard Time."""


def check_moment_not_future(moment: datetime, field: str, now: datetime) -> datetime:
    """A claimed time runs at most :data:`CLOCK_SKEW` ahead of the server's clock ``now``,
    and lies not before :data:`EARLIEST_DAY` (China Standard Time)."""
    civil_today(now)
    if moment > now + CLOCK_SKEW:
        minutes = int(CLOCK_SKEW.total_seconds() // 60)
        raise errors.DateInFuture(
            f"{field} must not lie in the future (more than {minutes} minutes ahead)",
            field=field,
        )
    if moment < EARLIEST_MOMENT:
        raise ce.DateTooEarly(
            f"{field} must not lie before {EARLIEST_DAY.isoformat()}",
            field=field,
            earliest=EARLIEST_DAY.isoformat(),
        )
    return moment


def entered_after_the_fact(claimed: date | datetime, recorded: datetime) -> bool:
    """Whether an entry recorded at ``recorded`` (the server's clock: the envelope's ``at``)
    was made after the fact it claims, ``claimed`` (R-EN-2: records are made as things
    happen; a back-dated entry is allowed, and this is how it shows).

    A claimed *date* was entered late when it lies before the day of the recording in China
    Standard Time. A claimed *time* was, when it lies before the recording by more than
    :data:`CLOCK_SKEW` — the one tolerance for clocks that :func:`check_moment_not_future`
    grants ahead, granted here behind: no second threshold exists.
    """
    if isinstance(claimed, datetime):
        if claimed.tzinfo is None or claimed.utcoffset() is None:
            raise TypeError("a claimed time must carry its offset")
        return claimed < recorded - CLOCK_SKEW
    return claimed < civil_today(recorded)


def add_months(day: date, months: int) -> date:
    """``day`` plus calendar months; the 31st becomes the month's last day (Aug 31 + 6 → Feb 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, min(day.day, (first_of_next - timedelta(days=1)).day))


def birthday(birth: date, years: int) -> date:
    """The ``years``-th birthday: the last day of ``years`` years counted from the birth.

    **The one convention** for every age in the domain and the projections
    (``tests/unit/test_turning_18.py`` fails if a projection counts another way). A period
    in years ends on the corresponding day of the last year, or, when that year has none,
    on the month's last day (民法典 第202条): a child born on 29 February has its birthday on
    28 February in common years, and reaches its age on 1 March (:func:`age_reached_on`).
    """
    return add_months(birth, 12 * years)


def age_reached_on(birth: date, years: int) -> date:
    """First day on which the child has reached ``years`` full years (已满…周岁).

    An age is reached from the day *after* the birthday (周岁从生日的第二天起算; 最高人民法院
    2006 年《关于审理未成年人刑事案件具体应用法律若干问题的解释》第2条; 民法典 第201条 counts
    periods from the next day), so a child is still "under 16" on the 16th birthday.
    """
    return birthday(birth, years) + timedelta(days=1)


def is_under(birth: date, years: int, on: date) -> bool:
    """Whether the child has not yet reached ``years`` full years on ``on``."""
    return on < age_reached_on(birth, years)


def first_of_next_month(day: date) -> date:
    """The first day of the month after ``day``'s."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)
