"""Left-behind status (农村留守儿童, R-CH-3): entry and exit of the ledger, with the
parents' situation."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import domain.records.children.errors as ce
from domain.records.children.base import ChildFile
from domain.records.children.dates import is_under, parse_past_day
from domain.records.children.fields import check_role, check_term
from domain.records.children.values import check_parents
from domain.records.children.vocabulary import (
    FILE_KEEPERS,
    LEFT_BEHIND_AGE,
    LeftBehindExit,
    ParentSituation,
)


def is_left_behind_situation(parents: dict[str, str]) -> bool:
    """Both parents away, or one away and the other without capacity (R-CH-3)."""
    father, mother = parents["father"], parents["mother"]
    away = {ParentSituation.AWAY.value}
    unable = {ParentSituation.AWAY.value, ParentSituation.INCAPABLE.value}
    return (father in away and mother in unable) or (mother in away and father in unable)


class LeftBehindMixin(ChildFile):
    """Entry in and exit from the left-behind ledger (R-CH-3)."""

    def check_not_left_behind(self) -> None:
        """Entry only when no left-behind period is open."""
        if self.open_left_behind is not None:
            raise ce.LeftBehindStatusConflict("the child is already in the left-behind ledger")

    def enter_left_behind(
        self,
        *,
        actor: str,
        actor_role: str,
        entered_on: str,
        parents: dict[str, str],
        now: datetime,
    ) -> None:
        """Enter the child in the left-behind ledger (新增…及时更新台账, R-CH-3)."""
        role = check_role(actor_role, FILE_KEEPERS, "left-behind entry")
        self.check_not_left_behind()
        day = parse_past_day(entered_on, "entered_on", now, self.birth_date)
        situation = check_parents(parents)
        if day < self.registered_on:
            raise ce.InvalidField("entered_on must not be before registered_on", field="entered_on")
        last = self.left_behind_periods[-1] if self.left_behind_periods else None
        if last is not None and day < date.fromisoformat(last["exited_on"]):
            raise ce.InvalidField("entered_on must not be before the last exit", field="entered_on")
        if not is_under(self.birth_date, LEFT_BEHIND_AGE, day):
            raise ce.LeftBehindCriteriaNotMet(
                "entered_on: a left-behind child is under 16 on the day of entry (R-CH-3)",
                field="entered_on",
            )
        if not is_left_behind_situation(situation):
            raise ce.LeftBehindCriteriaNotMet(
                "parents: both away, or one away and the other without capacity (R-CH-3)",
                field="parents",
            )
        self._enter_left_behind(
            actor=actor, recorded_role=role.value, entered_on=day.isoformat(), parents=situation
        )

    def exit_left_behind(
        self,
        *,
        actor: str,
        actor_role: str,
        exited_on: str,
        reason: str,
        parents: dict[str, str],
        now: datetime,
    ) -> None:
        """Take the child out of the left-behind ledger (退出制度, R-CH-3)."""
        role = check_role(actor_role, FILE_KEEPERS, "left-behind exit")
        period = self.open_left_behind
        if period is None:
            raise ce.LeftBehindStatusConflict("the child is not in the left-behind ledger")
        day = parse_past_day(exited_on, "exited_on", now, self.birth_date)
        check_term(reason, LeftBehindExit, "reason")
        situation = check_parents(parents)
        if day < date.fromisoformat(period["entered_on"]):
            raise ce.InvalidField("exited_on must not be before entered_on", field="exited_on")
        if reason == LeftBehindExit.PARENTS_RETURNED and is_left_behind_situation(situation):
            raise ce.LeftBehindStatusConflict(
                "parents: with reason parents_returned, the parents given still meet the "
                "left-behind criteria (both away, or one away and the other incapable)",
                field="parents",
            )
        self._exit_left_behind(
            actor=actor,
            recorded_role=role.value,
            exited_on=day.isoformat(),
            reason=reason,
            parents=situation,
        )

    @property
    def open_left_behind(self) -> dict[str, Any] | None:
        """The left-behind period with no exit recorded, if any."""
        if self.left_behind_periods and self.left_behind_periods[-1]["exited_on"] is None:
            return self.left_behind_periods[-1]
        return None

    def is_left_behind(self, on: date) -> bool:
        """Whether the child counts as left behind on ``on`` (an open period, and under 16)."""
        if not is_under(self.birth_date, LEFT_BEHIND_AGE, on):
            return False
        for period in self.left_behind_periods:
            start = date.fromisoformat(period["entered_on"])
            end = period["exited_on"]
            if start <= on and (end is None or on < date.fromisoformat(end)):
                return True
        return False
