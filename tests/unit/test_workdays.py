"""Publication deadlines in Chinese working days (R-PB-2).

Every expected date below was worked out by hand from the State Council's holiday
notices and checked against ``chinese_calendar`` 1.11.0. The notices used:

* 2025 (State Council notice of November 2024) — Spring Festival: off Tue 28 Jan – Tue 4 Feb 2025,
  working Sun 26 Jan and Sat 8 Feb. National Day and Mid-Autumn: off Wed 1 Oct –
  Wed 8 Oct 2025, working Sun 28 Sep and Sat 11 Oct.
* 2026 (State Council notice of November 2025) — New Year: off Thu 1 Jan – Sat 3 Jan 2026, working
  Sun 4 Jan. Spring Festival: off Sun 15 Feb – Mon 23 Feb 2026, working Sat 14 Feb
  and Sat 28 Feb. No holiday between 1 Dec and 31 Dec 2026.
* 2027: no notice in the package, so Monday–Friday count (provisional) — including
  Fri 1 Jan 2027, which will in fact be New Year's Day.

Counting starts the day after the decision; "(n)" marks the n-th working day.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.records.workdays import (
    PUBLICATION_WORKING_DAYS,
    Deadline,
    UnknownActionType,
    add_working_days,
    is_working_day,
    publication_deadline,
)

DEADLINES = [
    pytest.param(
        # Ordinary week, March 2025 has no holiday: Tue 4 (1), Wed 5 (2), Thu 6 (3),
        # Fri 7 (4), Mon 10 (5), Tue 11 (6), Wed 12 (7).
        "penalty",
        date(2025, 3, 3),
        Deadline(date(2025, 3, 12), provisional=False),
        id="ordinary-week-monday-penalty",
    ),
    pytest.param(
        # Decided on a Friday: Sat 8 / Sun 9 are off; Mon 10 – Fri 14 (1–5),
        # Sat 15 / Sun 16 off, Mon 17 (6), Tue 18 (7).
        "licensing",
        date(2025, 3, 7),
        Deadline(date(2025, 3, 18), provisional=False),
        id="ordinary-week-friday-licensing",
    ),
    pytest.param(
        # 20 working days in an ordinary month: Mar 4–7 (1–4), 10–14 (5–9),
        # 17–21 (10–14), 24–28 (15–19), Mon 31 (20). Qingming 2025 is only 4–6 Apr.
        "levy",
        date(2025, 3, 3),
        Deadline(date(2025, 3, 31), provisional=False),
        id="ordinary-month-20-days-levy",
    ),
    pytest.param(
        # Spring Festival 2025, decided Fri 24 Jan: Sat 25 off, Sun 26 调休 (1),
        # Mon 27 (2), 28 Jan – 4 Feb off, Wed 5 (3), Thu 6 (4), Fri 7 (5),
        # Sat 8 调休 (6), Sun 9 off, Mon 10 Feb (7). (Mon–Fri alone would give 4 Feb.)
        "penalty",
        date(2025, 1, 24),
        Deadline(date(2025, 2, 10), provisional=False),
        id="spring-festival-2025",
    ),
    pytest.param(
        # Spring Festival 2026, decided Thu 12 Feb: Fri 13 (1), Sat 14 调休 (2),
        # 15–23 Feb off, Tue 24 (3), Wed 25 (4), Thu 26 (5), Fri 27 (6),
        # Sat 28 调休 (7): the deadline itself is an adjusted working Saturday.
        "penalty",
        date(2026, 2, 12),
        Deadline(date(2026, 2, 28), provisional=False),
        id="spring-festival-2026-due-on-adjusted-saturday",
    ),
    pytest.param(
        # Spring Festival 2026, decided Fri 13 Feb: Sat 14 调休 (1), 15–23 Feb off,
        # Tue 24 – Fri 27 (2–5), Sat 28 调休 (6), Sun 1 Mar off, Mon 2 Mar (7).
        "licensing",
        date(2026, 2, 13),
        Deadline(date(2026, 3, 2), provisional=False),
        id="spring-festival-2026-licensing",
    ),
    pytest.param(
        # National Day 2025, decided Fri 26 Sep: Sat 27 off, Sun 28 调休 (1),
        # Mon 29 (2), Tue 30 (3), 1–8 Oct off, Thu 9 (4), Fri 10 (5),
        # Sat 11 调休 (6), Sun 12 off, Mon 13 Oct (7).
        "penalty",
        date(2025, 9, 26),
        Deadline(date(2025, 10, 13), provisional=False),
        id="national-day-2025",
    ),
    pytest.param(
        # 20 working days across National Day 2025, decided Thu 25 Sep: Fri 26 (1),
        # Sat 27 off, Sun 28 调休 (2), Mon 29 (3), Tue 30 (4), 1–8 Oct off,
        # Thu 9 (5), Fri 10 (6), Sat 11 调休 (7), Sun 12 off, 13–17 Oct (8–12),
        # 20–24 Oct (13–17), Mon 27 (18), Tue 28 (19), Wed 29 Oct (20).
        "inspection",
        date(2025, 9, 25),
        Deadline(date(2025, 10, 29), provisional=False),
        id="national-day-2025-20-days-inspection",
    ),
    pytest.param(
        # Decided on a holiday itself (Fri 3 Oct 2025): 4–8 Oct off, Thu 9 (1),
        # Fri 10 (2), Sat 11 调休 (3), Sun 12 off, Mon 13 – Thu 16 (4–7).
        "penalty",
        date(2025, 10, 3),
        Deadline(date(2025, 10, 16), provisional=False),
        id="decided-on-a-holiday",
    ),
    pytest.param(
        # Late December 2026, still within 2026: Tue 22 – Fri 25 (1–4),
        # Sat 26 / Sun 27 off, Mon 28 (5), Tue 29 (6), Wed 30 (7). Official data.
        "penalty",
        date(2026, 12, 21),
        Deadline(date(2026, 12, 30), provisional=False),
        id="late-december-2026-within-the-year",
    ),
    pytest.param(
        # Late December 2026 into 2027, decided Thu 24 Dec: Fri 25 (1), weekend off,
        # Mon 28 – Thu 31 (2–5), Fri 1 Jan 2027 counted by the fallback (6),
        # Sat 2 / Sun 3 off, Mon 4 Jan 2027 (7) — provisional.
        "penalty",
        date(2026, 12, 24),
        Deadline(date(2027, 1, 4), provisional=True),
        id="late-december-2026-into-2027-provisional",
    ),
    pytest.param(
        # 20 working days from Tue 15 Dec 2026: Wed 16 – Fri 18 (1–3), 21–25 Dec
        # (4–8), 28–31 Dec (9–12), Fri 1 Jan 2027 by the fallback (13),
        # 4–8 Jan (14–18), Mon 11 (19), Tue 12 Jan 2027 (20) — provisional.
        "fee",
        date(2026, 12, 15),
        Deadline(date(2027, 1, 12), provisional=True),
        id="december-2026-20-days-into-2027-provisional",
    ),
]


@pytest.mark.parametrize(("action_type", "decided_on", "expected"), DEADLINES)
def test_the_publication_deadline_counts_official_working_days(
    action_type: str, decided_on: date, expected: Deadline
) -> None:
    """Deadlines skip statutory holidays and count adjusted working weekend days (R-PB-2)."""
    assert publication_deadline(action_type, decided_on) == expected


WORKING_DAYS = [
    # 调休: Sun 28 Sep 2025 and Sun 26 Jan 2025 and Sun 4 Jan 2026 are working days.
    pytest.param(date(2025, 9, 28), True, id="adjusted-working-sunday-national-day-2025"),
    pytest.param(date(2025, 1, 26), True, id="adjusted-working-sunday-spring-festival-2025"),
    pytest.param(date(2026, 1, 4), True, id="adjusted-working-sunday-new-year-2026"),
    pytest.param(date(2026, 2, 14), True, id="adjusted-working-saturday-spring-festival-2026"),
    # Statutory holidays on weekdays are days off.
    pytest.param(date(2025, 10, 1), False, id="national-day-2025-wednesday"),
    pytest.param(date(2025, 10, 6), False, id="mid-autumn-2025-monday"),
    pytest.param(date(2026, 2, 16), False, id="spring-festival-2026-monday"),
    # An ordinary Saturday and an ordinary Monday.
    pytest.param(date(2025, 3, 8), False, id="ordinary-saturday"),
    pytest.param(date(2025, 3, 10), True, id="ordinary-monday"),
    # 2027 has no data: Monday–Friday fallback (Fri 1 Jan 2027 is a working day here).
    pytest.param(date(2027, 1, 1), True, id="fallback-friday-2027"),
    pytest.param(date(2027, 1, 2), False, id="fallback-saturday-2027"),
]


@pytest.mark.parametrize(("day", "expected"), WORKING_DAYS)
def test_is_working_day_follows_the_official_calendar(day: date, expected: bool) -> None:
    """Adjusted working weekend days count and statutory holidays do not (R-PB-2)."""
    assert is_working_day(day) is expected


def test_the_number_of_working_days_is_data_per_action_type() -> None:
    """Licensing and penalties get 7 working days, the four other action types 20 (R-PB-2)."""
    assert dict(PUBLICATION_WORKING_DAYS) == {
        "penalty": 7,
        "licensing": 7,
        "coercion": 20,
        "levy": 20,
        "fee": 20,
        "inspection": 20,
    }


def test_an_unknown_action_type_is_refused_with_the_valid_ones_named() -> None:
    """Only the six action types of R-EN-1 have a publication deadline."""
    with pytest.raises(UnknownActionType, match="valid action types: penalty, licensing"):
        publication_deadline("reprimand", date(2025, 3, 3))


def test_a_deadline_wholly_in_a_year_without_data_is_provisional() -> None:
    """Every day of 2027 uses the Monday–Friday fallback, so the deadline is flagged."""
    # Mon 1 Mar 2027: Tue 2 – Fri 5 (1–4), Mon 8 – Wed 10 (5–7).
    assert add_working_days(date(2027, 3, 1), 7) == Deadline(date(2027, 3, 10), provisional=True)


def test_zero_working_days_is_the_start_and_negative_counts_are_refused() -> None:
    """`add_working_days` counts forward only; zero days is the start day itself."""
    assert add_working_days(date(2025, 10, 3), 0) == Deadline(date(2025, 10, 3), False)
    with pytest.raises(ValueError, match="must not be negative"):
        add_working_days(date(2025, 10, 3), -1)


def test_deadline_is_immutable() -> None:
    """A computed deadline cannot be changed after the fact."""
    deadline = add_working_days(date(2025, 3, 3), 1)
    with pytest.raises(AttributeError):
        deadline.due = date(2025, 3, 5)  # type: ignore[misc]
