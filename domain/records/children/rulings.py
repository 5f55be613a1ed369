"""Court rulings (R-GD-8): revocation with a new guardian, restoration, dismissal."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from domain.records.actors import Role
from domain.records.children import errors as ce
from domain.records.children.arrangements import ArrangementsMixin
from domain.records.children.dates import parse_past_day
from domain.records.children.fields import (
    check_role,
    check_sha256,
    check_term,
    require_dict,
    require_text,
)
from domain.records.children.identity import (
    SINGLE_PARENT_RELATIONS,
    may_be_revoked_person,
    relation_key,
    same_person,
)
from domain.records.children.values import check_guardian
from domain.records.children.vocabulary import GUARDIANSHIP_RECORDERS, RESTORERS, GuardianshipKind


class RulingsMixin(ArrangementsMixin):
    """Court rulings (R-GD-8): revocation with a new guardian, restoration, dismissal."""

    def check_ruling(
        self, ruling: dict[str, Any] | None, outcome: str, now: datetime
    ) -> dict[str, Any]:
        """A ruling (``GuardianshipPetition.ruling_for_child``) for this child, with ``outcome``."""
        if ruling is None:
            raise ce.CourtRulingRequired(
                "ruling: this change is made by a court ruling (R-GD-8)", field="ruling"
            )
        checked = require_dict(ruling, "ruling")
        if checked.get("child_id") != str(self.id):
            raise ce.RulingForAnotherChild(
                "ruling.child_id does not name this child's file", field="ruling.child_id"
            )
        if checked.get("outcome") != outcome:
            raise ce.InvalidField(
                f"ruling.outcome must be {outcome} for this change", field="ruling.outcome"
            )
        require_text(checked.get("petition_id"), "ruling.petition_id")
        if checked["petition_id"] in self.applied_rulings:
            raise ce.RulingAlreadyApplied(
                "this ruling was applied to the file already", field="ruling.petition_id"
            )
        if checked.get("ruling_sha256") is None:
            raise ce.CourtRulingRequired(
                "ruling.ruling_sha256: the ruling document (R-GD-8)", field="ruling.ruling_sha256"
            )
        check_sha256(checked["ruling_sha256"], "ruling.ruling_sha256")
        parse_past_day(checked.get("ruled_on"), "ruling.ruled_on", now, self.birth_date)
        require_text(checked.get("legal_basis"), "ruling.legal_basis")
        check_guardian(checked.get("guardian_concerned"), "ruling.guardian_concerned")
        if not isinstance(checked.get("intentional_crime_against_child"), bool):
            raise ce.InvalidField(
                "ruling.intentional_crime_against_child must be true or false",
                field="ruling.intentional_crime_against_child",
            )
        return copy.deepcopy(checked)

    def appoint_by_court(
        self, *, actor: str, actor_role: str, ruling: dict[str, Any] | None, now: datetime
    ) -> None:
        """A court revokes a guardian and appoints another (撤销监护人资格, 另行指定), R-GD-8.

        Only a current guardian is revoked (:meth:`check_is_guardian`), and the new guardian
        is not a person whose guardianship is revoked. Possible whatever the file's dates
        (:meth:`check_effective_on`); ``ruled_on`` stays the date of the revocation.
        """
        role = check_role(
            actor_role,
            GUARDIANSHIP_RECORDERS[GuardianshipKind.COURT_APPOINTED],
            "court appointment",
        )
        checked = self.check_ruling(ruling, "revoked", now)
        if checked.get("new_guardian") is None:
            raise ce.NewGuardianRequired(
                "ruling.new_guardian: a revocation appoints another guardian (R-GD-8)",
                field="ruling.new_guardian",
            )
        new_guardian = check_guardian(checked["new_guardian"], "ruling.new_guardian")
        concerned = checked["guardian_concerned"]
        if any(same_person(r["guardian"], concerned) for r in self._unrestored_revocations()):
            raise ce.GuardianRevoked(
                "this guardian's guardianship is already revoked (R-GD-8)",
                field="ruling.guardian_concerned",
            )
        self.check_is_guardian(concerned)
        self.check_not_revoked(new_guardian, "ruling.new_guardian")
        if may_be_revoked_person(concerned, new_guardian):
            raise ce.GuardianRevoked(
                "ruling.new_guardian: the ruling revokes this person's guardianship (R-GD-8)",
                field="ruling.new_guardian",
            )
        day = self.check_effective_on(
            checked["ruled_on"], "ruling.ruled_on", now=now, overriding=True
        )
        self._appoint_by_court(
            actor=actor,
            recorded_role=role.value,
            arrangement=self._next(
                kind=GuardianshipKind.COURT_APPOINTED,
                guardian=new_guardian,
                legal_basis=checked["legal_basis"],
                documents=[{"sha256": checked["ruling_sha256"], "title": "court_ruling"}],
                approved_by={"role": Role.COURT.value, "by": actor},
                filed_with=[],
                effective_on=day,
                conditions={
                    "petition_id": checked["petition_id"],
                    "ruling_sha256": checked["ruling_sha256"],
                    "revoked_guardian": concerned,
                    "grounds": list(checked.get("grounds") or []),
                    "intentional_crime_against_child": checked["intentional_crime_against_child"],
                    "ruled_on": checked["ruled_on"],
                },
            ),
        )

    def restore_guardianship(
        self, *, actor: str, actor_role: str, ruling: dict[str, Any] | None, now: datetime
    ) -> None:
        """A court restores a parent's guardianship (恢复监护人资格), R-GD-8.

        Only a parent whose guardianship was revoked on this file; never after an
        intentional crime against the child (民法典 第38条); applied for 3 months to 1 year
        after the revocation (2014 意见 第38条; ``ruling.applied_on``). The court-appointed
        guardianship ends at the same moment.
        """
        role = check_role(actor_role, RESTORERS, "restoration")
        checked = self.check_ruling(ruling, "restored", now)
        parent = checked["guardian_concerned"]
        if relation_key(parent) not in SINGLE_PARENT_RELATIONS:
            raise ce.NotAParent(
                "only a parent's guardianship is restored (R-GD-8, 民法典 第38条)",
                field="ruling.guardian_concerned",
            )
        applied = parse_past_day(
            checked.get("applied_on"), "ruling.applied_on", now, self.birth_date
        )
        revocation = self.restorable_revocation(
            parent,
            applied,
            "ruling.applied_on",
            crime_found=checked["intentional_crime_against_child"],
        )
        day = self.check_effective_on(
            checked["ruled_on"], "ruling.ruled_on", now=now, overriding=True
        )
        self._restore(
            actor=actor,
            recorded_role=role.value,
            arrangement=self._next(
                kind=GuardianshipKind.PARENT,
                guardian=parent,
                legal_basis=checked["legal_basis"],
                documents=[{"sha256": checked["ruling_sha256"], "title": "court_ruling"}],
                approved_by={"role": Role.COURT.value, "by": actor},
                filed_with=[],
                effective_on=day,
                conditions={
                    "restored": True,
                    "petition_id": checked["petition_id"],
                    "ruling_sha256": checked["ruling_sha256"],
                    "applied_on": applied.isoformat(),
                    "revoked_on": revocation["revoked_on"],
                    "revocation_petition_id": revocation["petition_id"],
                    "ruled_on": checked["ruled_on"],
                },
            ),
        )

    def apply_court_ruling(
        self, *, actor: str, actor_role: str, ruling: dict[str, Any] | None, now: datetime
    ) -> bool:
        """Apply a ruling: revoked → court appointment, restored → restoration, dismissed → nothing.

        Returns whether the guardianship changed. The application layer saves the petition
        and this file in one transaction.
        """
        if ruling is None:
            raise ce.CourtRulingRequired(
                "ruling: this change is made by a court ruling (R-GD-8)", field="ruling"
            )
        outcome = require_dict(ruling, "ruling").get("outcome")
        if outcome == "revoked":
            self.appoint_by_court(actor=actor, actor_role=actor_role, ruling=ruling, now=now)
            return True
        if outcome == "restored":
            self.restore_guardianship(actor=actor, actor_role=actor_role, ruling=ruling, now=now)
            return True
        check_term(outcome, {"revoked", "restored", "dismissed"}, "ruling.outcome")
        check_role(actor_role, RESTORERS, "a court ruling")
        self.check_ruling(ruling, "dismissed", now)
        return False
