"""The file itself (一人一档案, R-CH-1): personal details and their corrections, the household
and its moves, categories (R-CH-2), the key-child flag (R-AS-1), reads by others (R-CH-4),
and the facts that decide the allowance after 18 (R-CH-5, ``allowance.py``).

**Corrections** (动态管理, R-CH-1) change one personal field with a reason
(:meth:`FileMixin.correct_personal`, ``PersonalDataCorrected``). The file then shows the
corrected value and, in ``corrections``, which field was corrected, when, by whom and why —
never the old value: that stays only in the earlier, sealed events of the chain (R-CH-4), which
still verify, and reaches a court only through the court's export.

**Moves** of the household (:meth:`FileMixin.move_household`, ``HouseholdMoved``) move the
file: the new area's staff keep it; the former area's staff no longer act on it, and read it
only as another department does, with a reason, recorded (``infra/children.py``, R-AC-3).
"""

from __future__ import annotations

import copy
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from domain.records import errors
from domain.records.actors import parse_role
from domain.records.children.allowance import (
    AllowanceOutlook,
    SchoolLevel,
    allowance_outlook,
    stop_date,
)
from domain.records.children.dates import (
    birthday,
    is_under,
    parse_day,
    parse_past_day,
)
from domain.records.children.errors import DateBeforeBirth, InvalidField
from domain.records.children.fields import check_role, check_term, require_text
from domain.records.children.identity import check_id_number
from domain.records.children.left_behind import LeftBehindMixin
from domain.records.children.values import (
    Location,
    check_categories,
    check_location,
    check_personal,
)
from domain.records.children.vocabulary import (
    ADULT_AGE,
    FILE_KEEPERS,
    Category,
    Sex,
)
from domain.records.jurisdiction import covers


class CorrectableField(StrEnum):
    """The personal data a correction changes, one field at a time (R-CH-1). The household
    changes by a move (:meth:`FileMixin.move_household`)."""

    NAME = "name"  # 姓名
    ID_NUMBER = "id_number"  # 公民身份号码
    ADDRESS = "address"  # 住址
    BIRTH_DATE = "birth_date"  # 出生日期
    SEX = "sex"  # 性别


DATED_RECORDS = (
    ("a guardianship arrangement", "arrangements", "effective_on"),
    ("a move of the household", "moves", "moved_on"),
    ("a change of categories", "category_history", "on"),
    ("a correction", "corrections", "corrected_on"),
    ("schooling", "schooling", "from_on"),
    ("a left-behind entry", "left_behind_periods", "entered_on"),
    ("an assessment", "assessments", "assessed_on"),
    ("a visit", "visits", "visited_on"),
    ("a helper's assignment", "helpers", "assigned_on"),
    ("a court's revocation", "revocations", "revoked_on"),
)
"""The file's dated records (``what``, state list, day member) that a corrected birth date
may not follow (:meth:`FileMixin.check_nothing_before_birth`)."""


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
        """First day without the basic living allowance after turning 18 (R-CH-5), or None,
        for the facts given (``allowance.py`` says the date rule): a child in full-time school
        keeps it (None); so, under this rule, does one without the capacity to work or full
        civil capacity (other assistance applies)."""
        if in_full_time_school or not (able_to_work and full_capacity):
            return None
        return stop_date(birthday(self.birth_date, ADULT_AGE))

    def allowance_outlook(self) -> AllowanceOutlook:
        """The R-CH-5 outlook from the facts on the file (``allowance.py``)."""
        return allowance_outlook(
            birth=self.birth_date,
            categories=self.categories,
            schooling=self.schooling,
            capacity=self.capacity,
        )

    # -- facts for the allowance after 18 (R-CH-5) --------------------------------------------

    def record_schooling(
        self,
        *,
        actor: str,
        actor_role: str,
        level: str,
        from_on: str,
        until_on: str | None,
        now: datetime,
    ) -> None:
        """A period of full-time schooling (全日制学校就读, R-CH-5): ``until_on`` null while it
        runs, or the day it ends (a planned end may lie ahead)."""
        role = check_role(actor_role, FILE_KEEPERS, "recording schooling")
        check_term(level, SchoolLevel, "level")
        began = parse_past_day(from_on, "from_on", now, self.birth_date)
        until = None
        if until_on is not None:
            ends = parse_day(until_on, "until_on")
            if ends < began:
                raise InvalidField("until_on must not lie before from_on", field="until_on")
            until = ends.isoformat()
        self._record_schooling(
            actor=actor, recorded_role=role.value, level=level, from_on=began.isoformat(),
            until_on=until,
        )  # fmt: skip

    def record_adult_capacity(
        self,
        *,
        actor: str,
        actor_role: str,
        able_to_work: bool,
        full_civil_capacity: bool,
        assessed_on: str,
        basis: str,
        now: datetime,
    ) -> None:
        """Whether the young person is able to work (具备劳动能力) and has full civil capacity
        (完全民事行为能力), as assessed on a day, on a stated basis (R-CH-5). The latest
        assessment stands."""
        role = check_role(actor_role, FILE_KEEPERS, "recording capacity")
        for name, value in (("able_to_work", able_to_work),
                            ("full_civil_capacity", full_civil_capacity)):  # fmt: skip
            if not isinstance(value, bool):
                raise InvalidField(f"{name} must be true or false", field=name)
        day = parse_past_day(assessed_on, "assessed_on", now, self.birth_date)
        require_text(basis, "basis")
        self._record_adult_capacity(
            actor=actor, recorded_role=role.value, able_to_work=able_to_work,
            full_civil_capacity=full_civil_capacity, assessed_on=day.isoformat(), basis=basis,
        )  # fmt: skip

    # -- corrections and moves (R-CH-1 动态管理) ------------------------------------------------

    def correct_personal(
        self,
        *,
        actor: str,
        actor_role: str,
        field: str,
        value: str | None,
        reason: str,
        corrected_on: str,
        now: datetime,
        recorded_elsewhere: list[tuple[str, date]] | None = None,
    ) -> None:
        """Correct one personal field (``name``, ``id_number``, ``address``, ``birth_date``,
        ``sex``) with a reason; the old value is not shown again (module docstring).

        A corrected birth date leaves no record of the file before the birth: the file's own
        dates, and ``recorded_elsewhere`` (the reports and petitions about the child, as the
        service finds them) — refused ``date-before-birth`` naming the earliest such record
        (:meth:`check_nothing_before_birth`). An ID number is checked as at registration."""
        role = check_role(actor_role, FILE_KEEPERS, "correcting personal data")
        check_term(field, CorrectableField, "field")
        require_text(reason, "reason")
        day = parse_past_day(corrected_on, "corrected_on", now, self.birth_date)
        checked = self._corrected_value(field, value, now)
        if field == "birth_date" and checked is not None:
            self.check_nothing_before_birth(
                date.fromisoformat(checked), [*(recorded_elsewhere or []), ("correction", day)]
            )
        current = self.birth_date.isoformat() if field == "birth_date" else (
            self.sex if field == "sex" else self.personal.get(field)
        )  # fmt: skip
        if checked == current:
            raise InvalidField(f"value: {field} already has this value", field="value")
        self._correct_personal(
            actor=actor, recorded_role=role.value, field=field, value=checked, reason=reason,
            corrected_on=day.isoformat(),
        )  # fmt: skip

    def dated_records(self) -> list[tuple[str, date]]:
        """Every dated record of the file, as ``(what, day)``: the registration, each
        arrangement, move, category change, correction, schooling, left-behind entry,
        assessment, visit, helper, revocation and capacity assessment."""
        found: list[tuple[str, Any]] = [("registration", self.registered_on)]
        for what, entries, key in DATED_RECORDS:
            for entry in getattr(self, entries, None) or []:
                found.append((what, entry.get(key)))
        if self.capacity is not None:
            found.append(("capacity assessment", self.capacity.get("assessed_on")))
        days: list[tuple[str, date]] = []
        for what, day in found:
            if isinstance(day, str):
                day = date.fromisoformat(day[:10])
            if isinstance(day, date):
                days.append((what, day))
        return days

    def check_nothing_before_birth(self, born: date, elsewhere: list[tuple[str, date]]) -> None:
        """Refuse a birth date after a recorded date of the child (R-CH-1): the earliest such
        record is named by kind and day — records the keeper already sees — never by id."""
        earlier = [(day, what) for what, day in [*self.dated_records(), *elsewhere] if day < born]
        if earlier:
            day, what = min(earlier)
            raise DateBeforeBirth(
                f"value: the file records {what} on {day.isoformat()}, before this birth date; "
                "a child's records do not precede the birth (R-CH-1)",
                field="value",
            )

    def _corrected_value(self, field: str, value: str | None, now: datetime) -> str | None:
        """The corrected value as the file keeps it, checked as at registration."""
        if field == "birth_date":
            born = parse_past_day(value, "value", now)
            if not is_under(born, ADULT_AGE, self.registered_on):
                raise InvalidField(
                    "value: the child must be under 18 on the day the file was opened",
                    field="value",
                )
            return born.isoformat()
        if field == "sex":
            return check_term(value, Sex, "value")
        if field in {"id_number", "address"} and value is None:
            return None
        checked = require_text(value, "value")
        if field == "id_number":
            check_id_number(checked, "value")  # as at registration (R-CH-1)
        return checked

    def move_household(
        self,
        *,
        actor: str,
        actor_role: str,
        location: dict[str, Any],
        moved_on: str,
        reason: str,
        now: datetime,
    ) -> None:
        """The household moved to another village, town or county: the file moves with it,
        and authority with the file (module docstring)."""
        role = check_role(actor_role, FILE_KEEPERS, "recording a move of the household")
        moved_to = Location.parse(location)
        day = parse_past_day(moved_on, "moved_on", now, self.birth_date)
        require_text(reason, "reason")
        if moved_to.village == self.location["village"]:
            raise InvalidField(
                "location.village: the household already lives in this village",
                field="location.village",
            )
        self._move_household(
            actor=actor, recorded_role=role.value,
            location={"county": moved_to.county, "town": moved_to.town,
                      "village": moved_to.village},
            previous=copy.deepcopy(self.location), moved_on=day.isoformat(), reason=reason,
        )  # fmt: skip
