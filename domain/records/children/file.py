"""The file itself (一人一档案, R-CH-1): personal details, location, categories (R-CH-2), the
key-child flag (R-AS-1), reads by others (R-CH-4), and the allowance after 18 (R-CH-5)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from domain.records import errors
from domain.records.actors import parse_role
from domain.records.children.dates import (
    add_months,
    age_reached_on,
    first_of_next_month,
    parse_past_day,
)
from domain.records.children.fields import check_role, require_text
from domain.records.children.left_behind import LeftBehindMixin
from domain.records.children.values import check_categories, check_location, check_personal
from domain.records.children.vocabulary import (
    ADULT_AGE,
    ALLOWANCE_MONTHS_AFTER_ADULTHOOD,
    FILE_KEEPERS,
    Category,
)
from domain.records.jurisdiction import covers


class FileMixin(LeftBehindMixin):
    """Keeping the file up to date (动态管理, R-CH-1…5)."""

    def check_jurisdiction(self, actor_jurisdiction: str) -> None:
        """The actor's jurisdiction covers the child's village (DESIGN §5, R-AC-3)."""
        if not covers(actor_jurisdiction, str(self.location["village"])):
            raise errors.WrongAgency("the child's household is outside the actor's jurisdiction")

    def update_personal(self, *, actor: str, actor_role: str, personal: dict[str, Any]) -> None:
        """Correct or update identity, address and contacts (动态管理, R-CH-1)."""
        role = check_role(actor_role, FILE_KEEPERS, "updating personal details")
        check_personal(personal)
        self._update_personal(actor=actor, recorded_role=role.value, personal=personal)

    def change_location(
        self,
        *,
        actor: str,
        actor_role: str,
        location: dict[str, Any],
        moved_on: str,
        now: datetime,
    ) -> None:
        """Record a move of the household (county / town / village codes)."""
        role = check_role(actor_role, FILE_KEEPERS, "changing the household location")
        check_location(location)
        moved = parse_past_day(moved_on, "moved_on", now, self.birth_date)
        self._change_location(
            actor=actor,
            recorded_role=role.value,
            location=location,
            moved_on=moved.isoformat(),
        )

    def change_categories(
        self,
        *,
        actor: str,
        actor_role: str,
        categories: list[str],
        changed_on: str,
        reason: str,
        now: datetime,
    ) -> None:
        """Set the child's categories of difficulty as of a day (R-CH-2)."""
        role = check_role(actor_role, FILE_KEEPERS, "changing categories")
        checked = check_categories(categories)
        day = parse_past_day(changed_on, "changed_on", now, self.birth_date)
        require_text(reason, "reason")
        if checked == self.categories:
            raise errors.InvalidInput("categories are unchanged", field="categories")
        self._change_categories(
            actor=actor,
            recorded_role=role.value,
            categories=checked,
            added=sorted(set(checked) - set(self.categories)),
            removed=sorted(set(self.categories) - set(checked)),
            changed_on=day.isoformat(),
            reason=reason,
        )

    def mark_key_child(
        self, *, actor: str, actor_role: str, marked_on: str, reason: str, now: datetime
    ) -> None:
        """Flag the child as a key child (重点对象), assessed at any time (R-AS-1)."""
        role = check_role(actor_role, FILE_KEEPERS, "marking a key child")
        day = parse_past_day(marked_on, "marked_on", now, self.birth_date)
        require_text(reason, "reason")
        if self.key_child:
            raise errors.RuleViolation("the child is already a key child")
        self._mark_key_child(
            actor=actor, recorded_role=role.value, marked_on=day.isoformat(), reason=reason
        )

    def unmark_key_child(
        self, *, actor: str, actor_role: str, unmarked_on: str, reason: str, now: datetime
    ) -> None:
        """Lift the key-child flag."""
        role = check_role(actor_role, FILE_KEEPERS, "unmarking a key child")
        day = parse_past_day(unmarked_on, "unmarked_on", now, self.birth_date)
        require_text(reason, "reason")
        if not self.key_child:
            raise errors.RuleViolation("the child is not a key child")
        self._unmark_key_child(
            actor=actor, recorded_role=role.value, unmarked_on=day.isoformat(), reason=reason
        )

    def record_read(self, *, actor: str, actor_role: str, purpose: str) -> None:
        """Record a read by a court, oversight or another department (R-CH-4, R-AC-3)."""
        role = parse_role(actor_role)
        require_text(purpose, "purpose")
        self._record_read(actor=actor, recorded_role=role.value, purpose=purpose)

    def categories_on(self, on: date) -> list[str]:
        """Categories on a day, ``left_behind`` included while the child is left behind."""
        current: list[str] = []
        for entry in self.category_history:
            if date.fromisoformat(entry["on"]) <= on:
                current = list(entry["categories"])
        if self.is_left_behind(on):
            current.append(Category.LEFT_BEHIND.value)
        return sorted(current)

    def allowance_end(
        self, *, able_to_work: bool, full_capacity: bool, in_full_time_school: bool
    ) -> date | None:
        """First day without the basic living allowance after turning 18 (R-CH-5), or None.

        A child in full-time school keeps it (None); so, under this rule, does one without
        the capacity to work or full civil capacity (other assistance applies). Otherwise
        the allowance runs at least six months from the day 18 is reached and stops from the
        following month: the first day of the month after those six months end.
        """
        if in_full_time_school or not (able_to_work and full_capacity):
            return None
        adult_on = age_reached_on(self.birth_date, ADULT_AGE)
        return first_of_next_month(add_months(adult_on, ALLOWANCE_MONTHS_AFTER_ADULTHOOD))
