"""The under-16 alert (R-GD-2), derived from the events.

It is open on a day when the child is under 16 and no guardian is present — the current
arrangement is "none — emergency", or it is the parents while the child is left behind
(parents away, nobody entrusted). Its opening and closing days follow from the events
(:meth:`AlertsMixin.alert_history`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Any, Final

from domain.records.children.arrangements import ArrangementsMixin
from domain.records.children.dates import age_reached_on, is_under
from domain.records.children.left_behind import LeftBehindMixin
from domain.records.children.vocabulary import ADULT_AGE, LIVING_ALONE_AGE, GuardianshipKind

FILE_ALERTS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "under_16_without_guardian": "未满十六周岁无人监护",  # R-GD-2
        "minor_without_guardian": "未成年人无人监护",  # R-GD-1, 16 and 17
        "assessment_overdue": "逾期未评估",  # R-AS-1: twice a year
    }
)
"""The alerts a child's file itself raises, by code (the ledger lists and filters by them):
the two of :meth:`AlertsMixin.alerts` and an assessment overdue (R-AS-1). Reports raise their
own (``GET /v1/children/alerts``)."""


class AlertsMixin(ArrangementsMixin, LeftBehindMixin):
    """The under-16 alert (R-GD-2), derived from the events."""

    def _alert_status(self, on: date) -> tuple[str, str, str, int] | None:
        """(alert, rule, reason, arrangement no) on ``on``, or None when no alert is open."""
        arrangement = self.arrangement_on(on)
        if arrangement is None or not is_under(self.birth_date, ADULT_AGE, on):
            return None
        if arrangement["kind"] == GuardianshipKind.NONE_EMERGENCY:
            reason = "no_guardian"  # none — emergency
        elif arrangement["kind"] == GuardianshipKind.PARENT and self.is_left_behind(on):
            reason = "parents_away"  # parents away and nobody entrusted (R-GD-2)
        else:
            return None
        if is_under(self.birth_date, LIVING_ALONE_AGE, on):
            return ("under_16_without_guardian", "R-GD-2", reason, arrangement["no"])
        # 16 and 17: R-GD-2 no longer applies, but a minor still needs a guardian (R-GD-1).
        return ("minor_without_guardian", "R-GD-1", reason, arrangement["no"])

    def _change_days(self) -> list[date]:
        """Every day on which the alert status can change."""
        days = {self.registered_on}
        days.update(date.fromisoformat(a["effective_on"]) for a in self.arrangements)
        for period in self.left_behind_periods:
            days.add(date.fromisoformat(period["entered_on"]))
            if period["exited_on"] is not None:
                days.add(date.fromisoformat(period["exited_on"]))
        days.add(age_reached_on(self.birth_date, LIVING_ALONE_AGE))
        days.add(age_reached_on(self.birth_date, ADULT_AGE))
        return sorted(days)

    def alert_history(self, until: date) -> list[dict[str, Any]]:
        """Every alert up to ``until``: opened and closed days (closed ``None``: still open).

        Derived from the events: the alert's status only changes on an arrangement's
        effective day, a left-behind entry or exit, or the 16th / 18th birthday.
        """
        history: list[dict[str, Any]] = []
        for day in self._change_days():
            if day > until:
                break
            status = self._alert_status(day)
            open_alert = history[-1] if history and history[-1]["closed_on"] is None else None
            if open_alert is not None:
                if status is not None and status[:3] == (
                    open_alert["alert"],
                    open_alert["rule"],
                    open_alert["reason"],
                ):
                    continue
                open_alert["closed_on"] = day.isoformat()
            if status is not None:
                history.append(
                    {
                        "alert": status[0],
                        "rule": status[1],
                        "reason": status[2],
                        "opened_on": day.isoformat(),
                        "closed_on": None,
                        "arrangement_no": status[3],
                    }
                )
        return history

    def alerts(self, on: date) -> list[dict[str, Any]]:
        """Alerts open on ``on``: a child under 16 (or a minor) with no guardian present."""
        return [a for a in self.alert_history(on) if a["closed_on"] is None]
