"""Assessments, one-to-one helpers and visits (R-AS-1…3)."""

from __future__ import annotations

import copy
from datetime import date, datetime
from typing import Any

import domain.records.children.errors as ce
from domain.records import errors
from domain.records.children.base import ChildFile
from domain.records.children.dates import add_months, is_under, parse_past_day
from domain.records.children.fields import check_role, check_term, require_text
from domain.records.children.values import Helper
from domain.records.children.vocabulary import (
    ADULT_AGE,
    ASSESSMENT_CRITERIA,
    ASSESSMENT_INTERVAL_MONTHS,
    ASSESSORS,
    FILE_KEEPERS,
    HELP_LEVEL,
    VISIT_KINDS,
    AssessmentResult,
)


class AssessmentsMixin(ChildFile):
    """Assessments, one-to-one helpers and visits (R-AS-1…3)."""

    def record_assessment(
        self,
        *,
        actor: str,
        actor_role: str,
        result: str,
        criteria: list[str],
        help_plan: str,
        assessed_on: str,
        now: datetime,
    ) -> None:
        """Record an assessment of safety, guardianship and health, and the help it triggers.

        ``result`` good | fair | poor (较好 / 一般 / 差) maps to the help level
        regular_contact | focused_care | protective (关心式 / 关爱式 / 保护式), R-AS-2;
        ``criteria`` are those C5 lists for that result.
        """
        role = check_role(actor_role, ASSESSORS, "an assessment")
        check_term(result, AssessmentResult, "result")
        outcome = AssessmentResult(result)
        if not isinstance(criteria, list) or not criteria:
            raise ce.AssessmentCriteriaMismatch(
                "criteria: name at least one criterion C5 gives for the result (R-AS-2)",
                field="criteria",
                allowed=list(ASSESSMENT_CRITERIA[outcome]),
            )
        allowed = ASSESSMENT_CRITERIA[outcome]
        unfit = [c for c in criteria if c not in allowed]
        if unfit:
            raise ce.AssessmentCriteriaMismatch(
                f"criteria for {outcome.value} must be among {', '.join(allowed)} (R-AS-2)",
                field="criteria",
                allowed=list(allowed),
            )
        require_text(help_plan, "help_plan")
        day = parse_past_day(assessed_on, "assessed_on", now, self.birth_date)
        if day < self.registered_on:
            raise ce.InvalidField(
                "assessed_on must not be before registered_on", field="assessed_on"
            )
        self._record_assessment(
            actor=actor,
            recorded_role=role.value,
            assessment_no=len(self.assessments) + 1,
            result=outcome.value,
            help_level=HELP_LEVEL[outcome].value,
            criteria=sorted(set(criteria)),
            help_plan=help_plan,
            assessed_on=day.isoformat(),
        )

    def last_assessment(self, on: date) -> dict[str, Any] | None:
        """The latest assessment made on or before ``on``."""
        made = [a for a in self.assessments if date.fromisoformat(a["assessed_on"]) <= on]
        if not made:
            return None
        return copy.deepcopy(max(made, key=lambda a: (a["assessed_on"], a["assessment_no"])))

    def assessment_due(self, on: date) -> date:
        """When the next assessment is due, as known on ``on`` (R-AS-1, twice a year).

        Six calendar months after the last assessment made by ``on``, or after registration.
        """
        last = self.last_assessment(on)
        since = date.fromisoformat(last["assessed_on"]) if last else self.registered_on
        return add_months(since, ASSESSMENT_INTERVAL_MONTHS)

    def assessment_overdue(self, on: date) -> bool:
        """Whether, on ``on``, more than six months have passed since the last assessment.

        Key children (重点对象) are assessed at any time as well, but the six-month limit is
        the same for them (R-AS-1). An adult's file is never overdue.
        """
        if not is_under(self.birth_date, ADULT_AGE, on):
            return False
        return on > self.assessment_due(on)

    def assign_helper(
        self,
        *,
        actor: str,
        actor_role: str,
        helper: dict[str, Any],
        assigned_on: str,
        now: datetime,
    ) -> int:
        """Assign a one-to-one helper (党员干部、教师 "一对一", R-AS-3); returns its number."""
        role = check_role(actor_role, FILE_KEEPERS, "a one-to-one helper")
        person = Helper.parse(helper)
        day = parse_past_day(assigned_on, "assigned_on", now, self.birth_date)
        number = len(self.helpers) + 1
        self._assign_helper(
            actor=actor,
            recorded_role=role.value,
            helper_no=number,
            helper=person.stored(),
            assigned_on=day.isoformat(),
        )
        return number

    def release_helper(
        self,
        *,
        actor: str,
        actor_role: str,
        helper_no: int,
        released_on: str,
        reason: str,
        now: datetime,
    ) -> None:
        """End a one-to-one helper's assignment."""
        role = check_role(actor_role, FILE_KEEPERS, "a one-to-one helper")
        helper = self._helper(helper_no)
        if helper["released_on"] is not None:
            raise errors.RuleViolation(
                f"helper_no: helper {helper_no} was released already", field="helper_no"
            )
        day = parse_past_day(released_on, "released_on", now, self.birth_date)
        if day < date.fromisoformat(helper["assigned_on"]):
            raise ce.InvalidField(
                "released_on must not be before the helper's assigned_on", field="released_on"
            )
        require_text(reason, "reason")
        self._release_helper(
            actor=actor,
            recorded_role=role.value,
            helper_no=helper_no,
            released_on=day.isoformat(),
            reason=reason,
        )

    def _helper(self, helper_no: int) -> dict[str, Any]:
        if isinstance(helper_no, bool) or not isinstance(helper_no, int):
            raise ce.InvalidField("helper_no must be an integer", field="helper_no")
        if not 1 <= helper_no <= len(self.helpers):
            raise ce.HelperNotFound(
                f"helper_no: no helper {helper_no} on this file", field="helper_no"
            )
        return self.helpers[helper_no - 1]

    def record_visit(
        self,
        *,
        actor: str,
        actor_role: str,
        visit_kind: str,
        visited_on: str,
        summary: str,
        now: datetime,
        helper_no: int | None = None,
    ) -> None:
        """Record a visit (家访、探访、随访), R-AS-3."""
        role = check_role(actor_role, FILE_KEEPERS, "a visit")
        check_term(visit_kind, VISIT_KINDS, "visit_kind")
        day = parse_past_day(visited_on, "visited_on", now, self.birth_date)
        require_text(summary, "summary")
        if helper_no is not None:
            self._helper(helper_no)
        self._record_visit(
            actor=actor,
            recorded_role=role.value,
            visit_kind=visit_kind,
            visited_on=day.isoformat(),
            summary=summary,
            helper_no=helper_no,
        )
