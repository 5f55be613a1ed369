"""Guardianship under the parents: the parents (R-GD-1), entrustment to a relative (R-GD-3) or
another adult (R-GD-4), appointment by the town (R-GD-5)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.records.actors import Role
from domain.records.children.arrangements import ArrangementsMixin
from domain.records.children.guardianship import check_change


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
        change = check_change(
            self,
            "parent",
            actor_role=actor_role,
            now=now,
            request={
                "guardian": guardian,
                "legal_basis": legal_basis,
                "effective_on": effective_on,
                "home_assessment": home_assessment,
                "documents": documents,
            },
        )
        self._record_parental(
            actor=actor,
            recorded_role=change.role.value,
            arrangement=change.arrangement(
                approved_by=None,
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
        change = check_change(
            self,
            "entrusted_relative",
            actor_role=actor_role,
            now=now,
            request={
                "guardian": guardian,
                "legal_basis": legal_basis,
                "effective_on": effective_on,
                "capacity_assessment": capacity_assessment,
                "exclusion_check": exclusion_check,
                "documents": documents,
            },
        )
        self._entrust(
            actor=actor,
            recorded_role=change.role.value,
            arrangement=change.arrangement(
                approved_by={"role": Role.VILLAGE_COMMITTEE.value, "by": change.found["approver"]},
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
        change = check_change(
            self,
            "entrusted_other",
            actor_role=actor_role,
            now=now,
            request={
                "guardian": guardian,
                "legal_basis": legal_basis,
                "effective_on": effective_on,
                "committee_consent": committee_consent,
                "agreement_sha256": agreement_sha256,
                "signatures": signatures,
                "filings": filings,
                "exclusion_check": exclusion_check,
                "documents": documents,
            },
        )
        filed = change.found["filings"]
        self._entrust(
            actor=actor,
            recorded_role=change.role.value,
            arrangement=change.arrangement(
                approved_by={"role": Role.VILLAGE_COMMITTEE.value, "by": change.found["approver"]},
                lead=("agreement_sha256", "entrusted_guardianship_agreement"),
                filed_with=[{"with": where, **filed[where]} for where in ("town", "committee")],
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
        change = check_change(
            self,
            "appointed",
            actor_role=actor_role,
            now=now,
            request={
                "guardian": guardian,
                "legal_basis": legal_basis,
                "effective_on": effective_on,
                "parents_unable_to_entrust": parents_unable_to_entrust,
                "capacity_assessment": capacity_assessment,
                "acceptance": acceptance,
                "fee": fee,
                "appointment_sha256": appointment_sha256,
                "exclusion_check": exclusion_check,
                "documents": documents,
            },
        )
        self._appoint(
            actor=actor,
            recorded_role=change.role.value,
            arrangement=change.arrangement(
                approved_by={"role": Role.TOWN_OFFICE.value, "by": actor},
                lead=("appointment_sha256", "appointment"),
            ),
        )
