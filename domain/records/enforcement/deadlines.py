"""Time limits of an enforcement case, as data: the decision (R-EN-5), the service of the
decision (R-EN-6) and the withdrawal of a published decision that was set aside (R-PB-2).

Each due date is computed **once**, at the event that starts the period, and stored in that
event; a later calendar upgrade never moves a recorded deadline. A case recorded before the
due dates were stored computes its dates on load in the same way and says so
(``source: computed_on_load``).

How the days are counted, by the law that sets each limit:

* 行政处罚法 (2021) 第60条: a penalty decision within **90 days** of filing — calendar days;
  the day of filing is not counted (民法典 第201条), and a period whose last day is a day off
  ends on the first working day after it (民法典 第203条), see
  :func:`domain.records.workdays.add_calendar_days`.
* 第61条: the decision is handed over on the spot when announced; otherwise served within
  **7 days**; 第48条第2款: a published decision that is changed, revoked or found unlawful is
  withdrawn within **3 days**. 第85条: "本法中'二日''三日''五日''七日'的规定是指工作日，不含法定
  节假日" — so both are *working days* (:func:`domain.records.workdays.add_working_days`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final

from domain.records import errors
from domain.records.workdays import Deadline, add_calendar_days, add_working_days


class Counting(StrEnum):
    """How a time limit counts its days."""

    CALENDAR = "calendar"  # 自然日, a closing day off rolls over (民法典 第203条)
    WORKING = "working"  # 工作日, 不含法定节假日 (行政处罚法 第85条)


@dataclass(frozen=True)
class TimeLimit:
    """A period the law sets: so many days of a kind, after the day that starts it."""

    days: int
    counting: Counting
    rule: str
    basis: str

    def due_after(self, start: date) -> Deadline:
        """The last day of the period that starts on ``start`` (not counted)."""
        if self.counting is Counting.WORKING:
            return add_working_days(start, self.days)
        return add_calendar_days(start, self.days)


DECISION_TIME_LIMITS: Final[Mapping[str, TimeLimit]] = MappingProxyType(
    {
        "penalty": TimeLimit(
            90, Counting.CALENDAR, "R-EN-5",
            "行政处罚法 第60条: 自立案之日起九十日内作出行政处罚决定",
        ),
    }
)  # fmt: skip
"""The time limit for deciding, by action type (R-EN-1); an action type not listed has none
recorded here (its own law sets it, e.g. 行政许可法 第42条)."""

DECISION_EXTENSION_LIMITS: Final[Mapping[str, TimeLimit]] = MappingProxyType(
    {
        "penalty": TimeLimit(
            30, Counting.CALENDAR, "R-EN-5",
            "行政处罚法 第60条 \"法律、法规、规章另有规定的, 从其规定\"; 市场监督管理行政处罚程序"
            "规定 第64条: 经负责人批准, 可以延长三十日; 经延期仍不能作出处理决定的, 由负责人集体"
            "讨论决定是否继续延期并确定合理期限",
        ),
    }
)  # fmt: skip
"""How far one extension of the decision's time limit may reach past the limit in force, by
action type (R-EN-5): an extension is approved while the limit runs, never after its last day,
and each further extension is approved again, within this reach."""

HEAD_APPROVED_EXTENSIONS: Final[Mapping[str, tuple[int, str]]] = MappingProxyType(
    {
        "penalty": (
            1,
            "市场监督管理行政处罚程序规定 第64条: 经负责人批准, 可以延长三十日; 经延期仍不能作出"
            "处理决定的, 由负责人集体讨论决定是否继续延期并确定合理期限",
        ),
    }
)
"""How many extensions of the decision's time limit one head approves, by action type, and
why (R-EN-5): a further one is for the heads' collective discussion (集体讨论), which the
service does not record for extensions — so it is refused, never granted by one head."""

SERVICE_TIME_LIMIT: Final = TimeLimit(
    7, Counting.WORKING, "R-EN-6",
    "行政处罚法 第61条: 当事人不在场的, 七日内送达; 第85条: 七日指工作日",
)  # fmt: skip
"""Service of the decision when it was not handed over on the spot (R-EN-6)."""

SERVICE_TIME_LIMITS: Final[Mapping[str, TimeLimit]] = MappingProxyType(
    {"penalty": SERVICE_TIME_LIMIT}
)
"""The time limit for serving a decision, by action type: 行政处罚法 sets the penalty's; the
other action types' own laws set theirs (e.g. 行政许可法 第44条), not recorded here."""

WITHDRAWAL_TIME_LIMIT: Final = TimeLimit(
    3, Counting.WORKING, "R-PB-2",
    "行政处罚法 第48条第2款: 三日内撤回行政处罚决定信息并公开说明理由; 第85条: 三日指工作日",
)  # fmt: skip
"""Withdrawal of a published decision that was changed, revoked or found unlawful (R-PB-2)."""

DUE_SOON_DAYS: Final = 5
"""Default look-ahead of the oversight deadline queue: a deadline within this many calendar
days of today is *due soon* (settings ``JIANZHENG_DEADLINE_DUE_SOON_DAYS`` overrides it)."""


class DeadlineKind(StrEnum):
    """The deadlines the oversight queue follows."""

    DECISION = "decision"  # 作出处罚决定 (R-EN-5)
    SERVICE = "service"  # 送达处罚决定书 (R-EN-6)
    WITHDRAWAL = "withdrawal"  # 撤回已公开的决定信息 (R-PB-2)


class DeadlineStatus(StrEnum):
    """Where an open deadline stands against today."""

    OVERDUE = "overdue"  # 已逾期
    DUE_SOON = "due_soon"  # 即将到期
    ON_TIME = "on_time"  # 期限内


DEADLINE_KINDS: Final[Mapping[str, TimeLimit]] = MappingProxyType(
    {
        DeadlineKind.DECISION: DECISION_TIME_LIMITS["penalty"],
        DeadlineKind.SERVICE: SERVICE_TIME_LIMIT,
        DeadlineKind.WITHDRAWAL: WITHDRAWAL_TIME_LIMIT,
    }
)
"""Each followed deadline with the time limit that sets it."""


def recorded_deadline(limit: TimeLimit, deadline: Deadline, *, source: str) -> dict[str, Any]:
    """A deadline as a case keeps and shows it: its date, the rule, and where it came from."""
    return {
        "due_on": deadline.due.isoformat(),
        "provisional": deadline.provisional,
        "days": limit.days,
        "counting": limit.counting.value,
        "rule": limit.rule,
        "basis": limit.basis,
        "source": source,
    }


def decision_deadline(action_type: str, filed_on: date) -> Deadline | None:
    """When a case filed on ``filed_on`` must be decided (R-EN-5), if its type has a limit."""
    limit = DECISION_TIME_LIMITS.get(action_type)
    return None if limit is None else limit.due_after(filed_on)


def service_deadline(action_type: str, decided_on: date) -> Deadline | None:
    """The last day to serve a decision not handed over on the spot (R-EN-6), if its action
    type has a time limit here."""
    limit = SERVICE_TIME_LIMITS.get(action_type)
    return None if limit is None else limit.due_after(decided_on)


def withdrawal_deadline(set_aside_on: date) -> Deadline:
    """The last day to withdraw a published decision set aside on ``set_aside_on`` (R-PB-2)."""
    return WITHDRAWAL_TIME_LIMIT.due_after(set_aside_on)


def deadline_status(
    due_on: date, today: date, due_soon_days: int, counting: Counting = Counting.CALENDAR
) -> DeadlineStatus:
    """An open deadline against ``today``: overdue after its last day, due soon when its last
    day is at most ``due_soon_days`` days away (calendar or working days, as ``counting``
    says; the last day itself included), else on time. One scale for every queue: the
    decision, service and withdrawal deadlines (calendar look-ahead) and the legal reviews
    (R-LR-7, a look-ahead in working days)."""
    if today > due_on:
        return DeadlineStatus.OVERDUE
    if counting is Counting.WORKING:
        horizon = add_working_days(today, due_soon_days).due
    else:
        horizon = today + timedelta(days=due_soon_days)
    if due_on <= horizon:
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.ON_TIME


def check_head_may_extend(action_type: str, extensions: list[dict[str, Any]]) -> None:
    """One head approves at most :data:`HEAD_APPROVED_EXTENSIONS` extensions of a case's
    decision time limit; beyond them the heads decide collectively (R-EN-5, 第64条)."""
    allowed = HEAD_APPROVED_EXTENSIONS.get(action_type)
    if allowed is None or len(extensions) < allowed[0]:
        return
    last = extensions[-1]
    raise errors.CollectiveExtensionRequired(
        f"the decision's time limit was already extended to {last['due_on']} on a head's "
        f"approval; a further extension is decided by the heads' collective discussion, not by "
        f"one head ({allowed[1]}); this service records no such extension, so the case stays "
        "due on that day"
    )


def check_extension(action_type: str, current_due_on: str, due_on: str, on: str | None) -> None:
    """An extension of the decision's time limit is approved before the limit in force has
    run out (``on``: the day it is recorded; None: not checked) and reaches at most the
    action type's :data:`DECISION_EXTENSION_LIMITS` past it (R-EN-5)."""
    if on is not None and on > current_due_on:
        raise errors.ExtensionAfterExpiry(
            f"the decision's time limit ended on {current_due_on}; an extension is approved "
            f"before it runs out, not on {on} (R-EN-5): the case stays overdue"
        )
    reach = DECISION_EXTENSION_LIMITS.get(action_type)
    if reach is None:
        return
    latest = date.fromisoformat(current_due_on) + timedelta(days=reach.days)
    if date.fromisoformat(due_on) > latest:
        raise errors.ExtensionTooLong(
            f"due_on {due_on}: one extension reaches at most {reach.days} days past the time "
            f"limit in force ({current_due_on}), so {latest.isoformat()} at the latest "
            f"({reach.basis})",
            field="due_on",
        )
