"""Guardianship under the parents: the parents (R-GD-1), entrustment to a relative (R-GD-3) or
another adult (R-GD-4), appointment by the town (R-GD-5)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.records.actors import Role
from domain.records.children import errors as ce
from domain.records.children.arrangements import ArrangementsMixin
from domain.records.children.fields import check_role, check_sha256, require_dict, require_text
from domain.records.children.identity import is_parent_record
from domain.records.children.values import (
    check_capacity,
    check_dated,
    check_documents,
    check_exclusions,
    check_fee,
    check_filings,
    check_guardian,
    check_home_assessment,
    check_signatures,
)
from domain.records.children.vocabulary import (
    DIRECT_RELATIVE_RELATIONS,
    GUARDIANSHIP_RECORDERS,
    PARENT_RELATIONS,
    GuardianshipKind,
)


class ParentalKindsMixin(ArrangementsMixin):
    """The kinds under a parent's guardianship (R-GD-1, R-GD-3…5)."""

    def record_parental_guardianship(
        self,
        *,
        actor: str,
        actor_role: str,
        guardian: dict[str, Any],
        legal_basis: str,
        effective_on: str,
        now: datetime,
        home_assessment: dict[str, Any] | None = None,
        documents: list[dict[str, Any]] | None = None,
    ) -> None:
        """The parents (or one parent) guard the child again, e.g. on returning (R-GD-1, R-GD-2).

        From temporary care the child returns to a parent only after civil affairs has
        assessed the home (``home_assessment``: ``{"by", "on", "suitable"}``), R-EM-1. Not
        over a guardian appointed by a court (R-GD-10), nor for a revoked parent (R-GD-8).
        """
        role = check_role(
            actor_role, GUARDIANSHIP_RECORDERS[GuardianshipKind.PARENT], "parental guardianship"
        )
        parent = check_guardian(guardian)
        if not is_parent_record(parent):
            raise ce.NotAParent(
                "guardian.relation must be father, mother or parents (R-GD-1)",
                field="guardian.relation",
                allowed=sorted(PARENT_RELATIONS),
            )
        require_text(legal_basis, "legal_basis")
        day = self.check_effective_on(effective_on, now=now)
        docs = check_documents(documents)
        self.check_not_revoked(parent)
        self.check_may_replace(GuardianshipKind.PARENT, role)
        conditions: dict[str, Any] = {}
        if self.arrangements[-1]["kind"] == GuardianshipKind.TEMPORARY:
            conditions["home_assessment"] = check_home_assessment(
                home_assessment, now, self.birth_date
            )
        self._record_parental(
            actor=actor,
            recorded_role=role.value,
            arrangement=self._next(
                kind=GuardianshipKind.PARENT,
                guardian=parent,
                legal_basis=legal_basis,
                documents=docs,
                approved_by=None,
                filed_with=[],
                effective_on=day,
                conditions=conditions,
            ),
        )

    def entrust_to_relative(
        self,
        *,
        actor: str,
        actor_role: str,
        guardian: dict[str, Any],
        legal_basis: str,
        effective_on: str,
        capacity_assessment: dict[str, Any] | None,
        exclusion_check: dict[str, Any] | None,
        now: datetime,
        documents: list[dict[str, Any]] | None = None,
    ) -> None:
        """Entrusted to a grandparent or adult sibling (委托监护), R-GD-3.

        ``capacity_assessment`` (``{"by", "on", "capable"}``) is the committee's; a guardian
        found not capable is refused. ``exclusion_check`` (``{"by", "on", "found": []}``)
        records the 未成年人保护法 第22条 check (R-GD-4).
        """
        role = check_role(
            actor_role,
            GUARDIANSHIP_RECORDERS[GuardianshipKind.ENTRUSTED_RELATIVE],
            "entrustment to a relative",
        )
        person = check_guardian(guardian)
        if person["relation"] not in DIRECT_RELATIVE_RELATIONS:
            raise ce.NotADirectRelative(
                "guardian.relation must be a grandparent or an adult sibling "
                f"({', '.join(sorted(DIRECT_RELATIVE_RELATIONS))}); others: entrust_to_other "
                "(R-GD-3, R-GD-4)",
                field="guardian.relation",
                allowed=sorted(DIRECT_RELATIVE_RELATIONS),
            )
        require_text(legal_basis, "legal_basis")
        day = self.check_effective_on(effective_on, now=now)
        docs = check_documents(documents)
        self.check_not_revoked(person)
        self.check_may_replace(GuardianshipKind.ENTRUSTED_RELATIVE, role)
        capacity = check_capacity(capacity_assessment, "R-GD-3", now, self.birth_date)
        exclusions = check_exclusions(exclusion_check, now, self.birth_date)
        self._entrust(
            actor=actor,
            recorded_role=role.value,
            arrangement=self._next(
                kind=GuardianshipKind.ENTRUSTED_RELATIVE,
                guardian=person,
                legal_basis=legal_basis,
                documents=docs,
                approved_by={"role": Role.VILLAGE_COMMITTEE.value, "by": capacity["by"]},
                filed_with=[],
                effective_on=day,
                conditions={"capacity_assessment": capacity, "exclusion_check": exclusions},
            ),
        )

    def entrust_to_other(
        self,
        *,
        actor: str,
        actor_role: str,
        guardian: dict[str, Any],
        legal_basis: str,
        effective_on: str,
        committee_consent: dict[str, Any] | None,
        agreement_sha256: str | None,
        signatures: dict[str, Any],
        filings: dict[str, Any],
        exclusion_check: dict[str, Any] | None,
        now: datetime,
        documents: list[dict[str, Any]] | None = None,
    ) -> None:
        """Entrusted to a non-direct relative or friend (委托监护), R-GD-4.

        All required: ``committee_consent`` (``{"by", "on"}``); the written agreement
        ``agreement_sha256``; ``signatures`` of ``guardian`` (the entrusting parent),
        ``entrusted_guardian`` and ``supervisor`` (each ``{"on", …}``); ``filings`` with
        the ``town`` and the ``committee`` (each ``{"on", …}``); and the 第22条
        ``exclusion_check``.
        """
        role = check_role(
            actor_role,
            GUARDIANSHIP_RECORDERS[GuardianshipKind.ENTRUSTED_OTHER],
            "entrustment to a non-direct relative or friend",
        )
        person = check_guardian(guardian)
        if is_parent_record(person):
            raise ce.InvalidField(
                "guardian.relation: a parent is not an entrusted guardian",
                field="guardian.relation",
            )
        require_text(legal_basis, "legal_basis")
        day = self.check_effective_on(effective_on, now=now)
        docs = check_documents(documents)
        self.check_not_revoked(person)
        self.check_may_replace(GuardianshipKind.ENTRUSTED_OTHER, role)
        if committee_consent is None:
            raise ce.CommitteeConsentRequired(
                "committee_consent: the village or residents' committee must consent (R-GD-4)",
                field="committee_consent",
            )
        consent = check_dated(
            require_dict(committee_consent, "committee_consent"),
            "committee_consent",
            now,
            self.birth_date,
        )
        if agreement_sha256 is None:
            raise ce.AgreementDocumentRequired(
                "agreement_sha256: the written entrusted-guardianship agreement (R-GD-4)",
                field="agreement_sha256",
            )
        agreement = check_sha256(agreement_sha256, "agreement_sha256")
        signed = check_signatures(require_dict(signatures, "signatures"), now, self.birth_date)
        filed = check_filings(require_dict(filings, "filings"), now, self.birth_date)
        exclusions = check_exclusions(exclusion_check, now, self.birth_date)
        self._entrust(
            actor=actor,
            recorded_role=role.value,
            arrangement=self._next(
                kind=GuardianshipKind.ENTRUSTED_OTHER,
                guardian=person,
                legal_basis=legal_basis,
                documents=[
                    {"sha256": agreement, "title": "entrusted_guardianship_agreement"},
                    *docs,
                ],
                approved_by={"role": Role.VILLAGE_COMMITTEE.value, "by": consent["by"]},
                filed_with=[{"with": where, **filed[where]} for where in ("town", "committee")],
                effective_on=day,
                conditions={
                    "committee_consent": consent,
                    "agreement_sha256": agreement,
                    "signatures": signed,
                    "exclusion_check": exclusions,
                },
            ),
        )

    def appoint_guardian(
        self,
        *,
        actor: str,
        actor_role: str,
        guardian: dict[str, Any],
        legal_basis: str,
        effective_on: str,
        parents_unable_to_entrust: bool,
        capacity_assessment: dict[str, Any] | None,
        acceptance: dict[str, Any] | None,
        fee: dict[str, Any] | None,
        appointment_sha256: str | None,
        exclusion_check: dict[str, Any] | None,
        now: datetime,
        documents: list[dict[str, Any]] | None = None,
    ) -> None:
        """The town appoints a willing, capable neighbour or volunteer (指定监护), R-GD-5.

        Only when the parents could not name an entrusted guardian
        (``parents_unable_to_entrust``); with the guardian's ``capacity_assessment`` and
        ``acceptance`` (``{"by", "on"}``), the ``fee`` (``{"amount_fen", "period",
        "paid_by", "minimum_living_support"}`` — a subsidy only for families on minimum
        living support), the appointment formalities ``appointment_sha256`` and the
        第22条 ``exclusion_check``.
        """
        role = check_role(
            actor_role, GUARDIANSHIP_RECORDERS[GuardianshipKind.APPOINTED], "appointment"
        )
        person = check_guardian(guardian)
        if is_parent_record(person):
            raise ce.InvalidField(
                "guardian.relation: a parent is not appointed by the town",
                field="guardian.relation",
            )
        require_text(legal_basis, "legal_basis")
        day = self.check_effective_on(effective_on, now=now)
        docs = check_documents(documents)
        self.check_not_revoked(person)
        self.check_may_replace(GuardianshipKind.APPOINTED, role)
        if parents_unable_to_entrust is not True:
            raise ce.AppointmentGroundRequired(
                "parents_unable_to_entrust: the town appoints only when the parents could not "
                "name an entrusted guardian (R-GD-5)",
                field="parents_unable_to_entrust",
            )
        capacity = check_capacity(capacity_assessment, "R-GD-5", now, self.birth_date)
        if acceptance is None:
            raise ce.GuardianAcceptanceRequired(
                "acceptance: the appointed guardian must be willing (有意愿, R-GD-5)",
                field="acceptance",
            )
        accepted = check_dated(
            require_dict(acceptance, "acceptance"), "acceptance", now, self.birth_date
        )
        if fee is None:
            raise ce.GuardianshipFeeRequired(
                "fee: the appointment sets the guardianship fee (R-GD-5)",
                field="fee",
            )
        checked_fee = check_fee(require_dict(fee, "fee"))
        if appointment_sha256 is None:
            raise ce.AppointmentDocumentRequired(
                "appointment_sha256: the appointment formalities (相关手续, R-GD-5)",
                field="appointment_sha256",
            )
        appointment = check_sha256(appointment_sha256, "appointment_sha256")
        exclusions = check_exclusions(exclusion_check, now, self.birth_date)
        self._appoint(
            actor=actor,
            recorded_role=role.value,
            arrangement=self._next(
                kind=GuardianshipKind.APPOINTED,
                guardian=person,
                legal_basis=legal_basis,
                documents=[{"sha256": appointment, "title": "appointment"}, *docs],
                approved_by={"role": Role.TOWN_OFFICE.value, "by": actor},
                filed_with=[],
                effective_on=day,
                conditions={
                    "parents_unable_to_entrust": True,
                    "capacity_assessment": capacity,
                    "acceptance": accepted,
                    "fee": checked_fee,
                    "appointment_sha256": appointment,
                    "exclusion_check": exclusions,
                },
            ),
        )
