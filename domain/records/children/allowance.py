"""The basic living allowance after 18 (R-CH-5, seed C4 三(一)): when it stops, from facts.

C4: "孤儿等困境儿童成年后仍在全日制学校就读的,继续享受基本生活费等相应福利保障待遇。具备劳动能力
和完全民事行为能力且未在全日制学校继续就读的孤儿等困境儿童年满18周岁的,发放不低于6个月的基本
生活费后,自下月起停止困境儿童福利保障待遇。"

The ledger computes the outlook from recorded facts only — the child's categories
(:data:`ALLOWANCE_CATEGORIES`), schooling periods (``SchoolingRecorded``) and the capacity
facts (``AdultCapacityRecorded``) — never from a caller's claim (:func:`allowance_outlook`):

======================  ===================================================================
status                  when
======================  ===================================================================
``not_applicable``      no category of difficulty (a left-behind child only): no allowance
``continues_in_school`` in full-time school from the day 18 is reached, no end recorded
``facts_needed``        18 is reached (or near) and the capacity facts are not recorded
``not_stopped``         not able to work, or without full civil capacity: R-CH-5 does not
                        stop it (other assistance, e.g. 特困人员救助供养, is decided apart)
``stops``               able to work, full capacity, not in full-time school: it stops on
                        ``stops_on``
======================  ===================================================================

**The date rule** (:func:`stop_date`). The six months are a period counted in months from
the day of the event (民法典 第201条: the day itself is not counted; 第202条: the period ends
on the corresponding day of the last month, or that month's last day when it has none): from
the 18th birthday, which is the last day before 18 is reached (``dates.age_reached_on``).
The allowance is paid for every month the period touches and stops from the following
month: the first day of the month after the one in which the six months end. 18th birthday
2026-03-15 → six months end 2026-09-15 → paid through September → stops 2026-10-01.
29 February: the 18th birthday in a common year is 28 February (``dates.birthday``).

**Schooling that ends after 18** (a doubt of the text, decided here): C4 keeps the benefits
while in full-time school and says nothing of the day school ends. We count the same six
months from the last day of the schooling that was running when 18 was reached, if the child
is then able to work with full capacity — the reading that never pays less than the child
who left school at 18. Schooling that starts after 18 is not "继续就读" and does not count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from domain.records.children.dates import add_months, age_reached_on, birthday, first_of_next_month
from domain.records.children.vocabulary import ADULT_AGE, ALLOWANCE_MONTHS_AFTER_ADULTHOOD, Category

ALLOWANCE_CATEGORIES = frozenset(Category) - {Category.LEFT_BEHIND}
"""孤儿等困境儿童: orphans and children in difficulty receive the basic living allowance (C4
三(一)); a child who is only left behind (C5) does not."""

ALLOWANCE_DUE_WITHIN_DAYS = 60
"""How far ahead the allowance queue looks (``GET /v1/children/allowance-due``): files whose
allowance stops, or whose facts are needed, within this many days (R-CH-5)."""

ALLOWANCE_DUE_MAX_DAYS = 366
"""The furthest a caller may ask the queue to look ahead."""


class SchoolLevel(StrEnum):
    """Full-time schooling (全日制学校) a file records (R-CH-5)."""

    PRIMARY = "primary"  # 小学
    JUNIOR_SECONDARY = "junior_secondary"  # 初中
    SENIOR_SECONDARY = "senior_secondary"  # 普通高中
    SECONDARY_VOCATIONAL = "secondary_vocational"  # 中等职业学校
    HIGHER_VOCATIONAL = "higher_vocational"  # 高等职业学校 (专科)
    UNDERGRADUATE = "undergraduate"  # 本科
    SPECIAL_EDUCATION = "special_education"  # 特殊教育学校


class AllowanceStatus(StrEnum):
    """Where a file stands under R-CH-5 (see the module's table)."""

    NOT_APPLICABLE = "not_applicable"
    CONTINUES_IN_SCHOOL = "continues_in_school"
    FACTS_NEEDED = "facts_needed"
    NOT_STOPPED = "not_stopped"
    STOPS = "stops"


@dataclass(frozen=True)
class AllowanceOutlook:
    """The R-CH-5 outlook of one file: its status, the day 18 is reached, the day the six
    months are counted from, and the first day without the allowance (``stops_on``)."""

    status: AllowanceStatus
    adult_on: date
    counted_from: date | None = None
    stops_on: date | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (dates ``YYYY-MM-DD``; ``paid_through`` the last month paid)."""
        last_month = None
        if self.stops_on is not None:
            last_month = add_months(self.stops_on, -1).isoformat()[:7]
        return {
            "status": self.status.value,
            "adult_on": self.adult_on.isoformat(),
            "counted_from": None if self.counted_from is None else self.counted_from.isoformat(),
            "stops_on": None if self.stops_on is None else self.stops_on.isoformat(),
            "paid_through": last_month,
            "rule": "R-CH-5",
        }


def stop_date(counted_from: date) -> date:
    """The first day without the allowance: the first of the month after the one in which
    six months counted from ``counted_from`` end (民法典 第201、202条; module docstring)."""
    return first_of_next_month(add_months(counted_from, ALLOWANCE_MONTHS_AFTER_ADULTHOOD))


def _schooling_at(schooling: list[dict[str, Any]], on: date) -> dict[str, Any] | None:
    """The schooling period running on ``on`` (from ≤ on ≤ until, or no until yet)."""
    for period in schooling:
        began = date.fromisoformat(period["from_on"])
        until = period.get("until_on")
        if began <= on and (until is None or on <= date.fromisoformat(until)):
            return period
    return None


def allowance_outlook(
    *,
    birth: date,
    categories: list[str],
    schooling: list[dict[str, Any]],
    capacity: dict[str, Any] | None,
) -> AllowanceOutlook:
    """The R-CH-5 outlook from the recorded facts (module docstring)."""
    adult_on = age_reached_on(birth, ADULT_AGE)
    if not set(categories) & {c.value for c in ALLOWANCE_CATEGORIES}:
        return AllowanceOutlook(AllowanceStatus.NOT_APPLICABLE, adult_on)
    counted_from = birthday(birth, ADULT_AGE)
    school = _schooling_at(schooling, adult_on)
    if school is not None:
        if school.get("until_on") is None:
            return AllowanceOutlook(AllowanceStatus.CONTINUES_IN_SCHOOL, adult_on)
        counted_from = date.fromisoformat(school["until_on"])
    if capacity is None:
        return AllowanceOutlook(AllowanceStatus.FACTS_NEEDED, adult_on, counted_from)
    if not (capacity["able_to_work"] and capacity["full_civil_capacity"]):
        return AllowanceOutlook(AllowanceStatus.NOT_STOPPED, adult_on, counted_from)
    return AllowanceOutlook(AllowanceStatus.STOPS, adult_on, counted_from, stop_date(counted_from))


def is_due(outlook: dict[str, Any], today: date, within_days: int) -> bool:
    """Whether a file belongs in the allowance queue: it stops between today and
    ``within_days`` ahead, or its facts are needed and 18 is reached by then (or was)."""
    horizon = date.fromordinal(today.toordinal() + within_days)
    status = outlook["status"]
    if status == AllowanceStatus.STOPS:
        return today <= date.fromisoformat(outlook["stops_on"]) <= horizon
    if status == AllowanceStatus.FACTS_NEEDED:
        return date.fromisoformat(outlook["adult_on"]) <= horizon
    return False
