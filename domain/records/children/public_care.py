"""Guardianship taken up by the authorities: institutional (R-GD-6), temporary care in an
emergency (R-GD-7), no guardian present (R-GD-2), and the return from emergency care."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from domain.records.actors import Role
from domain.records.children import errors as ce
from domain.records.children.arrangements import ArrangementsMixin, claimed_date
from domain.records.children.fields import (
    check_role,
    check_sha256,
    check_term,
    require_dict,
    require_text,
)
from domain.records.children.values import check_documents, check_guardian, check_home_assessment
from domain.records.children.vocabulary import (
    EMERGENCY_KINDS,
    GUARDIANSHIP_RECORDERS,
    INSTITUTIONAL_GROUNDS,
    NO_GUARDIAN_GROUNDS,
    RETURN_RECORDERS,
    TEMPORARY_RECEIVERS,
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
        role = check_role(
            actor_role,
            GUARDIANSHIP_RECORDERS[GuardianshipKind.INSTITUTIONAL],
            "institutional guardianship",
        )
        body = require_dict(institution, "institution")
        require_text(body.get("name"), "institution.name")
        require_text(legal_basis, "legal_basis")
        day = self.check_effective_on(effective_on, now=now)
        docs = check_documents(documents)
        guardian = {**copy.deepcopy(body), "relation": "institution"}
        self.check_not_revoked(guardian, "institution")
        if ground is None:
            raise ce.InstitutionalGroundRequired(
                f"ground: one of {', '.join(INSTITUTIONAL_GROUNDS)} (R-GD-6)",
                field="ground",
                allowed=list(INSTITUTIONAL_GROUNDS),
            )
        check_term(ground, INSTITUTIONAL_GROUNDS, "ground")
        conditions: dict[str, Any] = {"ground": ground}
        carries_out = None
        if ground == "court_appointed_civil_affairs":
            if court_ruling is None:
                raise ce.CourtRulingRequired(
                    "court_ruling: the ruling that appoints civil affairs (R-GD-6, R-GD-8)",
                    field="court_ruling",
                )
            cited = self.check_civil_affairs_appointed(court_ruling, recorded_ruling)
            conditions["court_ruling"] = cited
            carries_out = cited["petition_id"]
        self.check_may_replace(GuardianshipKind.INSTITUTIONAL, role, carries_out=carries_out)
        if ground in NO_GUARDIAN_GROUNDS:
            self.check_no_parental_guardianship()
        if admission_sha256 is None:
            raise ce.AdmissionDocumentRequired(
                "admission_sha256: the institution's admission record (R-GD-6)",
                field="admission_sha256",
            )
        admission = check_sha256(admission_sha256, "admission_sha256")
        conditions["admission_sha256"] = admission
        self._place_in_institution(
            actor=actor,
            recorded_role=role.value,
            arrangement=self._next(
                kind=GuardianshipKind.INSTITUTIONAL,
                guardian=guardian,
                legal_basis=legal_basis,
                documents=[{"sha256": admission, "title": "admission"}, *docs],
                approved_by={"role": Role.CIVIL_AFFAIRS.value, "by": actor},
                filed_with=[],
                effective_on=day,
                conditions=conditions,
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
        role = check_role(
            actor_role,
            GUARDIANSHIP_RECORDERS[GuardianshipKind.TEMPORARY],
            "temporary guardianship",
        )
        person = check_guardian(receiver, "receiver")
        check_term(person["relation"], TEMPORARY_RECEIVERS, "receiver.relation")
        require_text(legal_basis, "legal_basis")
        day = self.check_effective_on(effective_on, now=now, overriding=True)
        docs = check_documents(documents)
        self.check_not_revoked(person, "receiver")
        self.check_report_reference(report_id, recorded_report)
        if handover_sha256 is None:
            raise ce.WrittenHandoverRequired(
                "handover_sha256: the written hand-over record (书面交接手续, R-GD-7)",
                field="handover_sha256",
            )
        handover = check_sha256(handover_sha256, "handover_sha256")
        self._place_in_temporary_care(
            actor=actor,
            recorded_role=role.value,
            arrangement=self._next(
                kind=GuardianshipKind.TEMPORARY,
                guardian=person,
                legal_basis=legal_basis,
                documents=[{"sha256": handover, "title": "written_handover"}, *docs],
                approved_by={"role": role.value, "by": actor},
                filed_with=[],
                effective_on=day,
                conditions={
                    "handover_sha256": handover,
                    "report_id": report_id,
                    **claimed_date(effective_on, day),
                },
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
        role = check_role(
            actor_role,
            GUARDIANSHIP_RECORDERS[GuardianshipKind.NONE_EMERGENCY],
            "guardian absence",
        )
        require_text(reason, "reason")
        day = self.check_effective_on(effective_on, now=now, overriding=True)
        self.check_report_reference(report_id, recorded_report)
        if self.arrangements[-1]["kind"] == GuardianshipKind.NONE_EMERGENCY:
            raise ce.GuardianAlreadyAbsent(
                "the child is already recorded as without a guardian", field="kind"
            )
        self._record_absent(
            actor=actor,
            recorded_role=role.value,
            arrangement=self._next(
                kind=GuardianshipKind.NONE_EMERGENCY,
                guardian=None,
                legal_basis="R-GD-2: no guardian present",
                documents=[],
                approved_by=None,
                filed_with=[],
                effective_on=day,
                conditions={
                    "reason": reason,
                    "report_id": report_id,
                    **claimed_date(effective_on, day),
                },
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
        role = check_role(actor_role, RETURN_RECORDERS, "a return from emergency care")
        require_text(legal_basis, "legal_basis")
        current = self.arrangements[-1]
        if current["kind"] not in EMERGENCY_KINDS:
            raise ce.NotInEmergencyCare(
                "the child is neither in temporary care nor without a guardian: there is "
                "nothing to return from (R-GD-7)"
            )
        standing = self.standing_arrangement()
        if standing is None:
            raise ce.NoGuardianToReturnTo(
                "the file has had no guardian to return to; record the new arrangement (R-GD-1…8)"
            )
        day = self.check_effective_on(effective_on, now=now)
        docs = check_documents(documents)
        if standing["guardian"] is not None:
            self.check_not_revoked(standing["guardian"])
        conditions: dict[str, Any] = {
            "reinstates_no": standing["no"],
            "returned_from_no": current["no"],
        }
        if current["kind"] == GuardianshipKind.TEMPORARY:
            conditions["home_assessment"] = check_home_assessment(
                home_assessment, now, self.birth_date
            )
        self._return_to_guardian(
            actor=actor,
            recorded_role=role.value,
            arrangement=self._next(
                kind=GuardianshipKind(standing["kind"]),
                guardian=standing["guardian"],
                legal_basis=legal_basis,
                documents=docs,
                approved_by=None,
                filed_with=[],
                effective_on=day,
                conditions=conditions,
            ),
        )
