"""A child's file as one chained stream (困境儿童 / 农村留守儿童 台账, R-CH-1): its events.

:class:`ChildRecord` is the aggregate. This module holds its registration and every event it
records, each ``@event`` method applying one event to the file's state — the stored format
of a child's file in one place. The commands that check and record them live with their
concern: ``file.py``, ``left_behind.py``, ``arrangements.py`` with ``parental.py``,
``public_care.py`` and ``rulings.py`` (guardianship, R-GD-1…10), ``alerts.py`` (R-GD-2),
``assessments.py`` (R-AS-1…3).

Event type names are ``children.<EventName>`` (:mod:`domain.records.aggregate`); they do not
depend on this module's path, so moving the class does not change any stored byte.
"""

from __future__ import annotations

import copy
from datetime import date, datetime
from typing import Any

from eventsourcing.domain import event

import domain.records.children.errors as ce
from domain.records.aggregate import ChainedAggregate
from domain.records.children.alerts import AlertsMixin
from domain.records.children.arrangements import new_arrangement
from domain.records.children.assessments import AssessmentsMixin
from domain.records.children.dates import is_under, parse_past_day
from domain.records.children.fields import check_role, check_term
from domain.records.children.file import FileMixin
from domain.records.children.identity import is_parent_record, same_person_as_first_recorded
from domain.records.children.parental import ParentalKindsMixin
from domain.records.children.public_care import PublicCareMixin
from domain.records.children.rulings import RulingsMixin
from domain.records.children.values import (
    check_categories,
    check_guardian,
    check_location,
    check_personal,
)
from domain.records.children.vocabulary import (
    ADULT_AGE,
    FILE_KEEPERS,
    PARENT_RELATIONS,
    GuardianshipKind,
    Sex,
)


class ChildRecord(
    FileMixin,
    ParentalKindsMixin,
    PublicCareMixin,
    RulingsMixin,
    AlertsMixin,
    AssessmentsMixin,
    ChainedAggregate,
):
    """One child's file (一人一档案, R-CH-1), with guardianship, assessments and help."""

    STREAM_KIND = "children"

    @event("Registered")
    def __init__(
        self,
        actor: str,
        recorded_role: str,
        personal: dict[str, Any],
        birth_date: str,
        sex: str,
        location: dict[str, Any],
        categories: list[str],
        key_child: bool,
        registered_on: str,
        guardianship: dict[str, Any],
    ) -> None:
        self.registered_by = actor
        self.registered_role = recorded_role
        self.personal = copy.deepcopy(personal)
        self.birth_date = date.fromisoformat(birth_date)
        self.sex = sex
        self.location = copy.deepcopy(location)
        self.categories: list[str] = list(categories)
        self.category_history: list[dict[str, Any]] = [
            {"on": registered_on, "categories": list(categories)}
        ]
        self.key_child = key_child
        self.registered_on = date.fromisoformat(registered_on)
        self.arrangements: list[dict[str, Any]] = []
        self.revocations: list[dict[str, Any]] = []
        self.applied_rulings: list[str] = []
        self.left_behind_periods: list[dict[str, Any]] = []
        self.assessments: list[dict[str, Any]] = []
        self.helpers: list[dict[str, Any]] = []
        self.visits: list[dict[str, Any]] = []
        self.reads: list[dict[str, Any]] = []
        self.moves: list[dict[str, Any]] = []
        self.corrections: list[dict[str, Any]] = []
        self.schooling: list[dict[str, Any]] = []
        self.capacity: dict[str, Any] | None = None
        self._install(actor, recorded_role, guardianship)

    @classmethod
    def register(
        cls,
        *,
        actor: str,
        actor_role: str,
        personal: dict[str, Any],
        birth_date: str,
        sex: str,
        location: dict[str, Any],
        categories: list[str],
        registered_on: str,
        guardian: dict[str, Any] | None,
        now: datetime,
        key_child: bool = False,
    ) -> ChildRecord:
        """Open a child's file (R-CH-1) with the parents as guardians, or none (R-GD-1, R-GD-2).

        ``guardian`` is the parent (or ``relation: "parents"``) present at registration;
        ``None`` records "none — emergency", which opens the R-GD-2 alert for a child under 16.
        ``now`` is the server's clock: no date may lie in the future.
        """
        role = check_role(actor_role, FILE_KEEPERS, "registering a child")
        check_personal(personal)
        born = parse_past_day(birth_date, "birth_date", now)
        registered = parse_past_day(registered_on, "registered_on", now, born)
        if not is_under(born, ADULT_AGE, registered):
            raise ce.InvalidField(
                "birth_date: the child must be under 18 on registered_on", field="birth_date"
            )
        check_term(sex, Sex, "sex")
        check_location(location)
        checked_categories = check_categories(categories)
        if not isinstance(key_child, bool):
            raise ce.InvalidField("key_child must be true or false", field="key_child")
        if guardian is None:
            first = new_arrangement(
                no=1,
                previous=None,
                kind=GuardianshipKind.NONE_EMERGENCY,
                guardian=None,
                legal_basis="R-GD-2: no guardian present at registration",
                documents=[],
                approved_by=None,
                filed_with=[],
                effective_on=registered.isoformat(),
                conditions={},
            )
        else:
            parent = check_guardian(guardian)
            if not is_parent_record(parent):
                raise ce.NotAParent(
                    "guardian.relation: at registration the guardian is a parent "
                    "(father, mother, parents), or none (R-GD-1)",
                    field="guardian.relation",
                    allowed=sorted(PARENT_RELATIONS),
                )
            first = new_arrangement(
                no=1,
                previous=None,
                kind=GuardianshipKind.PARENT,
                guardian=parent,
                legal_basis="民法典 第27条 (R-GD-1)",
                documents=[],
                approved_by=None,
                filed_with=[],
                effective_on=registered.isoformat(),
                conditions={},
            )
        return cls(
            actor=actor,
            recorded_role=role.value,
            personal=copy.deepcopy(personal),
            birth_date=born.isoformat(),
            sex=sex,
            location=copy.deepcopy(location),
            categories=checked_categories,
            key_child=key_child,
            registered_on=registered.isoformat(),
            guardianship=first,
        )

    @event("PersonalDetailsUpdated")
    def _update_personal(self, actor: str, recorded_role: str, personal: dict[str, Any]) -> None:
        self.personal = copy.deepcopy(personal)

    @event("LocationChanged")
    def _change_location(
        self, actor: str, recorded_role: str, location: dict[str, Any], moved_on: str
    ) -> None:
        self.moves.append(
            {"from": copy.deepcopy(self.location), "to": copy.deepcopy(location),
             "moved_on": moved_on, "reason": None, "recorded_by": actor}
        )  # fmt: skip
        self.location = copy.deepcopy(location)

    @event("HouseholdMoved")
    def _move_household(
        self,
        actor: str,
        recorded_role: str,
        location: dict[str, Any],
        previous: dict[str, Any],
        moved_on: str,
        reason: str,
    ) -> None:
        self.moves.append(
            {"from": copy.deepcopy(previous), "to": copy.deepcopy(location),
             "moved_on": moved_on, "reason": reason, "recorded_by": actor}
        )  # fmt: skip
        self.location = copy.deepcopy(location)

    @event("PersonalDataCorrected")
    def _correct_personal(
        self,
        actor: str,
        recorded_role: str,
        field: str,
        value: str | None,
        reason: str,
        corrected_on: str,
    ) -> None:
        if field == "birth_date":
            self.birth_date = date.fromisoformat(str(value))
        elif field == "sex":
            self.sex = str(value)
        elif value is None:
            self.personal.pop(field, None)
        else:
            self.personal[field] = value
        # What was corrected, when, by whom and why — never the old value (R-CH-4).
        self.corrections.append(
            {"field": field, "corrected_on": corrected_on, "reason": reason,
             "corrected_by": actor}
        )  # fmt: skip

    @event("SchoolingRecorded")
    def _record_schooling(
        self, actor: str, recorded_role: str, level: str, from_on: str, until_on: str | None
    ) -> None:
        self.schooling.append(
            {"level": level, "from_on": from_on, "until_on": until_on, "recorded_by": actor}
        )

    @event("AdultCapacityRecorded")
    def _record_adult_capacity(
        self,
        actor: str,
        recorded_role: str,
        able_to_work: bool,
        full_civil_capacity: bool,
        assessed_on: str,
        basis: str,
    ) -> None:
        self.capacity = {
            "able_to_work": able_to_work,
            "full_civil_capacity": full_civil_capacity,
            "assessed_on": assessed_on,
            "basis": basis,
            "recorded_by": actor,
        }

    @event("CategoriesChanged")
    def _change_categories(
        self,
        actor: str,
        recorded_role: str,
        categories: list[str],
        added: list[str],
        removed: list[str],
        changed_on: str,
        reason: str,
    ) -> None:
        self.categories = list(categories)
        self.category_history.append({"on": changed_on, "categories": list(categories)})

    @event("KeyChildMarked")
    def _mark_key_child(self, actor: str, recorded_role: str, marked_on: str, reason: str) -> None:
        self.key_child = True

    @event("KeyChildUnmarked")
    def _unmark_key_child(
        self, actor: str, recorded_role: str, unmarked_on: str, reason: str
    ) -> None:
        self.key_child = False

    @event("FileRead")
    def _record_read(self, actor: str, recorded_role: str, purpose: str) -> None:
        self.reads.append({"actor": actor, "role": recorded_role, "purpose": purpose})

    @event("LeftBehindEntered")
    def _enter_left_behind(
        self, actor: str, recorded_role: str, entered_on: str, parents: dict[str, str]
    ) -> None:
        self.left_behind_periods.append(
            {
                "entered_on": entered_on,
                "parents": dict(parents),
                "exited_on": None,
                "exit_reason": None,
                "parents_at_exit": None,
            }
        )

    @event("LeftBehindExited")
    def _exit_left_behind(
        self,
        actor: str,
        recorded_role: str,
        exited_on: str,
        reason: str,
        parents: dict[str, str],
    ) -> None:
        period = self.left_behind_periods[-1]
        period["exited_on"] = exited_on
        period["exit_reason"] = reason
        period["parents_at_exit"] = dict(parents)

    @event("ParentalGuardianshipRecorded")
    def _record_parental(self, actor: str, recorded_role: str, arrangement: dict[str, Any]) -> None:
        self._install(actor, recorded_role, arrangement)

    @event("GuardianEntrusted")
    def _entrust(self, actor: str, recorded_role: str, arrangement: dict[str, Any]) -> None:
        self._install(actor, recorded_role, arrangement)

    @event("GuardianAppointed")
    def _appoint(self, actor: str, recorded_role: str, arrangement: dict[str, Any]) -> None:
        self._install(actor, recorded_role, arrangement)

    @event("InstitutionalGuardianshipAssumed")
    def _place_in_institution(
        self, actor: str, recorded_role: str, arrangement: dict[str, Any]
    ) -> None:
        self._install(actor, recorded_role, arrangement)

    @event("TemporaryGuardianshipStarted")
    def _place_in_temporary_care(
        self, actor: str, recorded_role: str, arrangement: dict[str, Any]
    ) -> None:
        self._install(actor, recorded_role, arrangement)

    @event("GuardianAbsenceRecorded")
    def _record_absent(self, actor: str, recorded_role: str, arrangement: dict[str, Any]) -> None:
        self._install(actor, recorded_role, arrangement)

    @event("ReturnedToGuardian")
    def _return_to_guardian(
        self, actor: str, recorded_role: str, arrangement: dict[str, Any]
    ) -> None:
        self._install(actor, recorded_role, arrangement)

    @event("CourtGuardianAppointed")
    def _appoint_by_court(
        self, actor: str, recorded_role: str, arrangement: dict[str, Any]
    ) -> None:
        conditions = arrangement["conditions"]
        self.revocations.append(
            {
                "guardian": copy.deepcopy(conditions["revoked_guardian"]),
                # The ruling's date, also when the file records it taking effect later.
                "revoked_on": conditions.get("ruled_on", arrangement["effective_on"]),
                "petition_id": conditions["petition_id"],
                "intentional_crime_against_child": conditions["intentional_crime_against_child"],
                "restored_on": None,
            }
        )
        self.applied_rulings.append(conditions["petition_id"])
        self._install(actor, recorded_role, arrangement)

    @event("GuardianshipRestored")
    def _restore(self, actor: str, recorded_role: str, arrangement: dict[str, Any]) -> None:
        # The revocation the ruling restored: named by its petition (newer events), or found
        # as the command found it when older events were recorded.
        conditions = arrangement["conditions"]
        parent = arrangement["guardian"]
        named = conditions.get("revocation_petition_id")
        for revocation in self.revocations:
            if revocation["restored_on"] is not None:
                continue
            if (named is not None and revocation["petition_id"] == named) or (
                named is None and same_person_as_first_recorded(revocation["guardian"], parent)
            ):
                revocation["restored_on"] = arrangement["effective_on"]
                break
        self.applied_rulings.append(arrangement["conditions"]["petition_id"])
        self._install(actor, recorded_role, arrangement)

    @event("AssessmentRecorded")
    def _record_assessment(
        self,
        actor: str,
        recorded_role: str,
        assessment_no: int,
        result: str,
        help_level: str,
        criteria: list[str],
        help_plan: str,
        assessed_on: str,
    ) -> None:
        self.assessments.append(
            {
                "assessment_no": assessment_no,
                "result": result,
                "help_level": help_level,
                "criteria": list(criteria),
                "help_plan": help_plan,
                "assessed_on": assessed_on,
                "assessed_by": actor,
            }
        )

    @event("HelperAssigned")
    def _assign_helper(
        self,
        actor: str,
        recorded_role: str,
        helper_no: int,
        helper: dict[str, Any],
        assigned_on: str,
    ) -> None:
        self.helpers.append(
            {
                "helper_no": helper_no,
                "helper": copy.deepcopy(helper),
                "assigned_on": assigned_on,
                "released_on": None,
            }
        )

    @event("HelperReleased")
    def _release_helper(
        self, actor: str, recorded_role: str, helper_no: int, released_on: str, reason: str
    ) -> None:
        self.helpers[helper_no - 1]["released_on"] = released_on

    @event("VisitRecorded")
    def _record_visit(
        self,
        actor: str,
        recorded_role: str,
        visit_kind: str,
        visited_on: str,
        summary: str,
        helper_no: int | None,
    ) -> None:
        self.visits.append(
            {
                "visit_kind": visit_kind,
                "visited_on": visited_on,
                "summary": summary,
                "helper_no": helper_no,
                "recorded_by": actor,
            }
        )

    def state(self) -> dict[str, Any]:
        """The file as a JSON-ready document; ``personal`` is for the API to redact (R-CH-4)."""
        return {
            "child_id": str(self.id),
            "personal": copy.deepcopy(self.personal),
            "birth_date": self.birth_date.isoformat(),
            "sex": self.sex,
            "location": copy.deepcopy(self.location),
            "categories": list(self.categories),
            "category_history": copy.deepcopy(self.category_history),
            "key_child": self.key_child,
            "registered_on": self.registered_on.isoformat(),
            "registered_by": self.registered_by,
            "registered_role": self.registered_role,
            "guardianship": copy.deepcopy(self.arrangements),
            "revocations": copy.deepcopy(self.revocations),
            "left_behind": copy.deepcopy(self.left_behind_periods),
            "assessments": copy.deepcopy(self.assessments),
            "helpers": copy.deepcopy(self.helpers),
            "visits": copy.deepcopy(self.visits),
            "reads": copy.deepcopy(self.reads),
            "moves": copy.deepcopy(self.moves),
            "corrections": copy.deepcopy(self.corrections),
            "schooling": copy.deepcopy(self.schooling),
            "adult_capacity": copy.deepcopy(self.capacity),
            "allowance": self.allowance_outlook().as_dict(),
            "seq": self.version,
            "event_hash": self.chain_head,
        }
