"""Guardianship taken up by the authorities: institutional (R-GD-6), temporary care in an
emergency (R-GD-7), no guardian present (R-GD-2), and the return from emergency care."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.records.actors import Role
from domain.records.children.arrangements import ArrangementsMixin
from domain.records.children.guardianship import check_change
from domain.records.children.vocabulary import (
    GuardianshipKind,
)


class PublicCareMixin(ArrangementsMixin):
    """The kinds the authorities record: institution, temporary care, none, return."""

    def place_in_institution(
        self,
        *,
        actor: str,
        actor_role: str,
        institution: dict[str, Any],
        legal_basis: str,
        effective_on: str,
        ground: str | None,
        admission_sha256: str | None,
        now: datetime,
        court_ruling: dict[str, Any] | None = None,
        recorded_ruling: dict[str, Any] | None = None,
        documents: list[dict[str, Any]] | None = None,
    ) -> None:
        """Institutional guardianship by civil affairs (收留抚养), R-GD-6.

        ``ground`` is one of :data:`INSTITUTIONAL_GROUNDS`.

        * ``orphan`` and ``no_guardian_available``: only when nobody guards the child
          (:meth:`check_no_parental_guardianship`, 民法典 第32条).
        * ``court_appointed_civil_affairs``: ``court_ruling`` (``{"petition_id",
          "ruling_sha256", "ruled_on"?}``) cites the ruling, and ``recorded_ruling`` is what
          the record holds under that petition id (``GuardianshipPetition.ruling_for_child``,
          or ``None`` when no petition has that id): a ruling of a court on this child's
          petition that appointed civil affairs and was applied to this file
          (:meth:`check_civil_affairs_appointed`; R-GD-6, R-GD-8, R-GD-10). The
          arrangement is then court-protected like the court's appointment it carries out.
        """
        change = check_change(
            self,
            "institutional",
            actor_role=actor_role,
            now=now,
            request={
                "institution": institution,
                "legal_basis": legal_basis,
                "effective_on": effective_on,
                "ground": ground,
                "court_ruling": court_ruling,
                "recorded_ruling": recorded_ruling,
                "admission_sha256": admission_sha256,
                "documents": documents,
            },
        )
        self._place_in_institution(
            actor=actor,
            recorded_role=change.role.value,
            arrangement=change.arrangement(
                approved_by={"role": Role.CIVIL_AFFAIRS.value, "by": actor},
                lead=("admission_sha256", "admission"),
            ),
        )

    def place_in_temporary_care(
        self,
        *,
        actor: str,
        actor_role: str,
        receiver: dict[str, Any],
        legal_basis: str,
        effective_on: str,
        handover_sha256: str | None,
        now: datetime,
        report_id: str | None = None,
        recorded_report: dict[str, Any] | None = None,
        documents: list[dict[str, Any]] | None = None,
    ) -> None:
        """Emergency hand-over to a relative, the committee or an institution (临时监护), R-GD-7.

        ``receiver`` is ``{"name", "relation"}`` with relation in :data:`TEMPORARY_RECEIVERS`;
        ``handover_sha256`` is the written hand-over record (书面交接手续). Always possible,
        also over a guardian appointed by a court (R-GD-10) and whatever the file's dates
        (:meth:`check_effective_on`); never to a person whose guardianship was revoked.
        """
        change = check_change(
            self,
            "temporary",
            actor_role=actor_role,
            now=now,
            request={
                "receiver": receiver,
                "legal_basis": legal_basis,
                "effective_on": effective_on,
                "handover_sha256": handover_sha256,
                "report_id": report_id,
                "recorded_report": recorded_report,
                "documents": documents,
            },
        )
        self._place_in_temporary_care(
            actor=actor,
            recorded_role=change.role.value,
            arrangement=change.arrangement(
                approved_by={"role": change.role.value, "by": actor},
                lead=("handover_sha256", "written_handover"),
            ),
        )

    def record_guardian_absent(
        self,
        *,
        actor: str,
        actor_role: str,
        effective_on: str,
        reason: str,
        now: datetime,
        report_id: str | None = None,
        recorded_report: dict[str, Any] | None = None,
    ) -> None:
        """No guardian is present ("none — emergency"); under 16, the alert opens (R-GD-2).

        An emergency record: possible whatever the file's dates (:meth:`check_effective_on`)
        and over a guardian appointed by a court, for whom it stands in (R-GD-10).
        """
        change = check_change(
            self,
            "absent",
            actor_role=actor_role,
            now=now,
            request={
                "reason": reason,
                "effective_on": effective_on,
                "report_id": report_id,
                "recorded_report": recorded_report,
            },
        )
        self._record_absent(
            actor=actor,
            recorded_role=change.role.value,
            arrangement=self._next(
                kind=GuardianshipKind.NONE_EMERGENCY,
                guardian=None,
                legal_basis="R-GD-2: no guardian present",
                documents=[],
                approved_by=None,
                filed_with=[],
                effective_on=change.effective_day,
                conditions=change.conditions,
            ),
        )

    def return_to_guardian(
        self,
        *,
        actor: str,
        actor_role: str,
        legal_basis: str,
        effective_on: str,
        now: datetime,
        home_assessment: dict[str, Any] | None = None,
        documents: list[dict[str, Any]] | None = None,
    ) -> None:
        """The emergency ends: the child returns to the guardian in force (R-GD-7, R-GD-10).

        The arrangement that emergency care or "none — emergency" stood in for
        (:meth:`standing_arrangement`) becomes current again, with the same kind and guardian
        — for a guardian appointed by a court, the only way back short of another ruling.
        From temporary care, civil affairs first assesses the home (``home_assessment``:
        ``{"by", "on", "suitable"}``; R-EM-1, 未成年人保护法 第93条).
        """
        change = check_change(
            self,
            "return",
            actor_role=actor_role,
            now=now,
            request={
                "legal_basis": legal_basis,
                "effective_on": effective_on,
                "home_assessment": home_assessment,
                "documents": documents,
            },
        )
        self._return_to_guardian(
            actor=actor,
            recorded_role=change.role.value,
            arrangement=change.arrangement(
                approved_by=None,
            ),
        )
