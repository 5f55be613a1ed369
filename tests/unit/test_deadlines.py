"""Time limits of a case (R-EN-5, R-EN-6, R-PB-2), with every date spelled out.

Every expected date was worked out by hand from the State Council's holiday notices and
checked against ``chinese_calendar`` (:func:`test_the_holiday_facts_the_dates_below_rely_on`):

* 2025 Spring Festival: off Tue 28 Jan – Tue 4 Feb, working Sun 26 Jan and Sat 8 Feb.
* 2025 Dragon Boat: off Sat 31 May – Mon 2 Jun.
* 2025 National Day and Mid-Autumn: off Wed 1 Oct – Wed 8 Oct, working Sun 28 Sep and
  Sat 11 Oct.
* 2027: no notice in the package; Monday–Friday count and the date is provisional.

Counting never counts the day that starts the period (民法典 第201条). The 90 days of
行政处罚法 第60条 are calendar days whose closing day off rolls over to the next working day
(民法典 第203条); the 7 and 3 days of 第61条 and 第48条 are working days (第85条).
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.records.enforcement.deadlines import (
    DECISION_TIME_LIMITS,
    DeadlineStatus,
    deadline_status,
    decision_deadline,
    service_deadline,
    withdrawal_deadline,
)
from domain.records.workdays import Deadline, add_calendar_days, is_working_day


def test_the_holiday_facts_the_dates_below_rely_on() -> None:
    """The calendar says what the docstring says about 2025's holidays and adjusted days."""
    assert not any(is_working_day(date(2025, 10, d)) for d in range(1, 9))
    assert is_working_day(date(2025, 9, 28))
    assert is_working_day(date(2025, 10, 11))
    assert not any(is_working_day(date(2025, 1, d)) for d in range(28, 32))
    assert not any(is_working_day(date(2025, 2, d)) for d in range(1, 5))
    assert is_working_day(date(2025, 1, 26))
    assert is_working_day(date(2025, 2, 8))
    assert not is_working_day(date(2025, 6, 2))


DECISIONS = [
    pytest.param(
        # 5 Jul + 90 days = Fri 3 Oct, inside National Day (1–8 Oct): the period ends on the
        # day after the holiday, Thu 9 Oct (民法典 第203条).
        date(2025, 7, 5), Deadline(date(2025, 10, 9), provisional=False),
        id="90th-day-in-national-day-rolls-to-9-october",
    ),
    pytest.param(
        # 31 Oct 2024 + 90 days = Wed 29 Jan 2025, inside Spring Festival (28 Jan – 4 Feb):
        # ends Wed 5 Feb.
        date(2024, 10, 31), Deadline(date(2025, 2, 5), provisional=False),
        id="90th-day-in-spring-festival-rolls-to-5-february",
    ),
    pytest.param(
        # 30 Jun + 90 days = Sun 28 Sep, an adjusted working day (调休): no roll-over.
        date(2025, 6, 30), Deadline(date(2025, 9, 28), provisional=False),
        id="90th-day-on-an-adjusted-working-sunday-stays",
    ),
    pytest.param(
        # 3 Mar + 90 days = Sun 1 Jun, inside Dragon Boat (31 May – 2 Jun): ends Tue 3 Jun.
        date(2025, 3, 3), Deadline(date(2025, 6, 3), provisional=False),
        id="90th-day-in-dragon-boat-rolls-to-3-june",
    ),
    pytest.param(
        # 5 Apr + 90 days = Fri 4 Jul, an ordinary working day.
        date(2025, 4, 5), Deadline(date(2025, 7, 4), provisional=False),
        id="90th-day-on-a-working-friday",
    ),
    pytest.param(
        # 15 Nov 2026 + 90 days = Sat 13 Feb 2027: no 2027 notice, so Monday Feb 15, provisional.
        date(2026, 11, 15), Deadline(date(2027, 2, 15), provisional=True),
        id="90th-day-in-a-year-without-notice-is-provisional",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("filed_on", "expected"), DECISIONS)
def test_a_penalty_is_decided_within_90_days_of_filing_r_en_5(
    filed_on: date, expected: Deadline
) -> None:
    """R-EN-5 (行政处罚法 第60条): 90 calendar days, a closing day off rolls over."""
    assert decision_deadline("penalty", filed_on) == expected
    assert add_calendar_days(filed_on, 90) == expected


def test_other_action_types_record_no_decision_time_limit_here() -> None:
    """Only the penalty's limit is written in 行政处罚法; the others' laws set their own."""
    assert set(DECISION_TIME_LIMITS) == {"penalty"}
    assert decision_deadline("licensing", date(2025, 7, 5)) is None


SERVICES = [
    pytest.param(
        # Decided Mon 29 Sep 2025: Tue 30 Sep (1); 1–8 Oct off; Thu 9 (2), Fri 10 (3),
        # Sat 11 adjusted working day (4); Sun 12 off; Mon 13 (5), Tue 14 (6), Wed 15 (7).
        date(2025, 9, 29), date(2025, 10, 15), id="decided-29-september-served-by-15-october",
    ),
    pytest.param(
        # Decided Fri 24 Jan 2025: Sat 25 off; Sun 26 adjusted (1), Mon 27 (2); 28 Jan – 4 Feb
        # off; Wed 5 (3), Thu 6 (4), Fri 7 (5), Sat 8 adjusted (6); Sun 9 off; Mon 10 (7).
        date(2025, 1, 24), date(2025, 2, 10), id="decided-24-january-served-by-10-february",
    ),
    pytest.param(
        # An ordinary week: Mon 3 Mar 2025 → Tue 4 (1) … Fri 7 (4), Mon 10 (5) … Wed 12 (7).
        date(2025, 3, 3), date(2025, 3, 12), id="ordinary-week",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("decided_on", "due"), SERVICES)
def test_service_is_due_within_7_working_days_r_en_6(decided_on: date, due: date) -> None:
    """R-EN-6 (行政处罚法 第61条, 第85条): seven *working* days after the decision."""
    assert service_deadline("penalty", decided_on) == Deadline(due, provisional=False)


def test_only_the_penalty_service_limit_is_recorded_here() -> None:
    """第61条 is 行政处罚法's; a licensing decision has no service deadline computed here."""
    assert service_deadline("licensing", date(2025, 9, 29)) is None


def test_a_withdrawal_is_due_within_3_working_days_r_pb_2() -> None:
    """R-PB-2 (第48条第2款, 第85条): set aside Tue 30 Sep 2025 → 1–8 Oct off; Thu 9 (1),
    Fri 10 (2), Sat 11 Oct adjusted working day (3): due Sat 11 Oct."""
    assert withdrawal_deadline(date(2025, 9, 30)) == Deadline(date(2025, 10, 11), False)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 10, 16), DeadlineStatus.OVERDUE),  # the day after the last day
        (date(2025, 10, 15), DeadlineStatus.DUE_SOON),  # the last day itself
        (date(2025, 10, 10), DeadlineStatus.DUE_SOON),  # 5 days ahead
        (date(2025, 10, 9), DeadlineStatus.ON_TIME),  # 6 days ahead
    ],
)
def test_an_open_deadline_is_overdue_due_soon_or_on_time(today: date, expected: str) -> None:
    """Due 15 Oct 2025 with a 5-day look-ahead."""
    assert deadline_status(date(2025, 10, 15), today, 5) == expected
