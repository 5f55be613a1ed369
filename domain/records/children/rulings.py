"""Court rulings (R-GD-8): revocation with a new guardian, restoration, dismissal."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import domain.records.children.errors as ce
from domain.records.actors import Role
from domain.records.children.arrangements import ArrangementsMixin
from domain.records.children.fields import (
    check_role,
    check_term,
    require_dict,
)
from domain.records.children.guardianship import RESTORERS, RULING_DISMISSED, check_change
from domain.records.children.preconditions import Change
from domain.records.children.vocabulary import GuardianshipKind


class RulingsMixin(ArrangementsMixin):
    """Court rulings (R-GD-8): revocation with a new guardian, restoration, dismissal."""

    def appoint_by_court(
        self, *, actor: str, actor_role: str, ruling: dict[str, Any] | None, now: datetime
    ) -> None:
        """A court revokes a guardian and appoints another (撤销监护人资格, 另行指定), R-GD-8.

        Only a current guardian is revoked (:meth:`check_is_guardian`), and the new guardian
        is not a person whose guardianship is revoked. Possible whatever the file's dates
        (:meth:`check_effective_on`); ``ruled_on`` stays the date of the revocation.
        """
        change = check_change(
            self, "court_appointed", actor_role=actor_role, now=now, request={"ruling": ruling}
        )
        checked = change.found["ruling"]
        self._appoint_by_court(
            actor=actor,
            recorded_role=change.role.value,
            arrangement=self._next(
                kind=GuardianshipKind.COURT_APPOINTED,
                guardian=change.guardian,
                legal_basis=checked["legal_basis"],
                documents=[{"sha256": checked["ruling_sha256"], "title": "court_ruling"}],
                approved_by={"role": Role.COURT.value, "by": actor},
                filed_with=[],
                effective_on=change.effective_day,
                conditions={
                    "petition_id": checked["petition_id"],
                    "ruling_sha256": checked["ruling_sha256"],
                    "revoked_guardian": checked["guardian_concerned"],
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
        change = check_change(
            self, "restoration", actor_role=actor_role, now=now, request={"ruling": ruling}
        )
        checked = change.found["ruling"]
        revocation = change.found["revocation"]
        self._restore(
            actor=actor,
            recorded_role=change.role.value,
            arrangement=self._next(
                kind=GuardianshipKind.PARENT,
                guardian=change.guardian,
                legal_basis=checked["legal_basis"],
                documents=[{"sha256": checked["ruling_sha256"], "title": "court_ruling"}],
                approved_by={"role": Role.COURT.value, "by": actor},
                filed_with=[],
                effective_on=change.effective_day,
                conditions={
                    "restored": True,
                    "petition_id": checked["petition_id"],
                    "ruling_sha256": checked["ruling_sha256"],
                    "applied_on": change.found["applied_on"],
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
        role = check_role(actor_role, RESTORERS, "a court ruling")
        change = Change(
            record=self, kind=GuardianshipKind.COURT_APPOINTED, role=role, now=now,
            request={"ruling": ruling},
        )  # fmt: skip
        for precondition in RULING_DISMISSED:
            precondition.check(change, precondition.rule)
        return False
