"""The Chinese working-day calendar for publication deadlines (工作日, R-PB-2).

国办发〔2018〕118号 asks for licensing and penalty decisions to be published within
7 working days of the decision, and other enforcement decisions within 20 working
days. A working day is a day the State Council's yearly holiday notice does not
make a day off: Monday–Friday except statutory holidays (法定节假日), plus the
weekend days it turns into working days (调休上班日). The ``chinesecalendar``
package (import name ``chinese_calendar``) carries those notices; it has data
only for the years it was released with (2004–2026 in 1.11.0) and raises
``NotImplementedError`` for any other year.

For such a year this module falls back to "Monday–Friday are working days" and
marks the deadline ``provisional``: the next year's notice is published only in
the autumn, yet a decision taken in late December still needs a deadline. The
fallback counts New Year's Day and any later holiday as working days, so a
provisional deadline can only be *earlier* than the official one, never later.

Counting starts on the day after the decision: the day an interval begins is not
counted (民法典 第201条, as commonly cited).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Final

import chinese_calendar

from domain.records.errors import InvalidInput

PUBLICATION_WORKING_DAYS: Final[Mapping[str, int]] = MappingProxyType(
    {
        # 国办发〔2018〕118号: 行政许可、行政处罚 — 7 个工作日内公开
        "penalty": 7,  # 行政处罚
        "licensing": 7,  # 行政许可
        # 其他行政执法决定 — 20 个工作日内公开
        "coercion": 20,  # 行政强制
        "levy": 20,  # 行政征收
        "fee": 20,  # 行政收费
        "inspection": 20,  # 行政检查
    }
)
"""Working days allowed for publishing a decision, by action type (R-EN-1, R-PB-2)."""


class UnknownActionType(InvalidInput):
    """An action type outside the six of R-EN-1."""

    code = "unknown-action-type"
    title = "Unknown action type"


@dataclass(frozen=True)
class Deadline:
    """A due date; ``provisional`` when it relied on the Monday–Friday fallback."""

    due: date
    provisional: bool


def _official_working_day(day: date) -> bool | None:
    """The official answer for ``day``, or ``None`` for a year the package has no data for."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


def _weekday_fallback(day: date) -> bool:
    """Monday–Friday: the guess used where no holiday notice is known."""
    return day.weekday() < 5


def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day (statutory holidays off, adjusted weekend days on).

    Outside the years the calendar data covers, Monday–Friday count as working days.
    """
    official = _official_working_day(day)
    return _weekday_fallback(day) if official is None else official


def add_working_days(start: date, n: int) -> Deadline:
    """The ``n``-th working day after ``start`` (``start`` itself is not counted).

    ``provisional`` is set when any day counted or skipped lies in a year without
    calendar data. ``n == 0`` gives ``start``; a negative ``n`` raises ``ValueError``.
    """
    if n < 0:
        raise ValueError(f"n must not be negative, got {n}")
    day = start
    provisional = False
    remaining = n
    while remaining > 0:
        day += timedelta(days=1)
        official = _official_working_day(day)
        if official is None:
            provisional = True
            official = _weekday_fallback(day)
        if official:
            remaining -= 1
    return Deadline(due=day, provisional=provisional)


def add_calendar_days(start: date, n: int) -> Deadline:
    """The ``n``-th calendar day after ``start``, moved past a closing day off.

    ``start`` itself is not counted (民法典 第201条). When the last day is a day off (法定休假日:
    a statutory holiday or a weekend rest day that no notice made a working day), the period
    ends on the first working day after it (民法典 第203条): a day off is never the last day.
    ``provisional`` as for :func:`add_working_days`; a negative ``n`` raises ``ValueError``.
    """
    if n < 0:
        raise ValueError(f"n must not be negative, got {n}")
    day = start + timedelta(days=n)
    provisional = False
    while True:
        official = _official_working_day(day)
        if official is None:
            provisional = True
            official = _weekday_fallback(day)
        if official:
            return Deadline(due=day, provisional=provisional)
        day += timedelta(days=1)


def publication_deadline(action_type: str, decided_on: date) -> Deadline:
    """The last day to publish a decision of ``action_type`` taken on ``decided_on`` (R-PB-2)."""
    try:
        working_days = PUBLICATION_WORKING_DAYS[action_type]
    except KeyError:
        valid = ", ".join(PUBLICATION_WORKING_DAYS)
        raise UnknownActionType(
            f"unknown action type {action_type!r}; valid action types: {valid}"
        ) from None
    return add_working_days(decided_on, working_days)


__all__ = [
    "PUBLICATION_WORKING_DAYS",
    "Deadline",
    "UnknownActionType",
    "add_calendar_days",
    "add_working_days",
    "is_working_day",
    "publication_deadline",
]
