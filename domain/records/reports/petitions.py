"""Court petitions to revoke or restore guardianship (监护干预, R-GD-8, R-IV-1): the
:class:`GuardianshipPetition` aggregate, its grounds, applicants and outcomes."""

from __future__ import annotations

import copy
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from eventsourcing.domain import event

import domain.records.children.errors as ce
from domain.records.actors import Role
from domain.records.aggregate import ChainedAggregate
from domain.records.children import (
    SINGLE_PARENT_RELATIONS,
    add_months,
    check_guardian,
    check_role,
    check_sha256,
    check_term,
    check_uuid,
    parse_past_day,
    relation_key,
    require_dict,
    require_text,
)

# -- court petitions (R-GD-8, R-IV-1) -----------------------------------------------------------


class PetitionKind(StrEnum):
    """Revoke a guardian's qualification, or restore it."""

    REVOKE = "revoke"  # 申请撤销监护人资格
    RESTORE = "restore"  # 申请恢复监护人资格


REVOCATION_GROUNDS = {
    "serious_harm": "性侵害、出卖、遗弃、虐待、暴力伤害, 严重损害身心健康 (seed c; 第35条(一))",
    "unsupervised_in_danger": "置于无人监管和照看状态面临危险, 经教育不改 (seed a; 第35条(二))",
    "refused_duty_six_months": "拒不履行监护职责六个月以上, 生活无着 (seed b; 第35条(三))",
    "unable_and_refused_to_entrust": "恶习或服刑无法履行且拒绝委托, 致处于困境或危险 (第35条(四))",
    "forced_begging": "胁迫、诱骗、利用乞讨, 经三次以上批评教育拒不改正 (第35条(五))",
    "used_for_crime": "教唆、利用实施违法犯罪行为, 情节恶劣 (第35条(六))",
    "other_serious_infringement": "其他严重侵害合法权益的行为 (第35条(七))",
}
"""Grounds for revocation (R-GD-8): the seed's three (a, b, c) within the seven of 2014 意见
第35条 (numbered 第35条(一)…(七))."""

DUTY_REFUSAL_MONTHS = 6
"""拒不履行监护职责长达六个月以上 (R-GD-8 b)."""

BEGGING_WARNINGS = 3
"""三次以上批评教育拒不改正 (2014 意见 第35条(五))."""

APPLICANT_KINDS = {
    "close_relative": "近亲属 (祖父母、外祖父母、兄、姐…)",
    "other_guardian": "未成年人的其他监护人",
    "relative_or_friend": "关系密切的其他亲属、朋友",
    "village_committee": "村(居)民委员会",
    "civil_affairs": "民政部门及其设立的未成年人救助保护机构",
    "school": "学校",
    "medical_institution": "医疗机构",
    "womens_federation": "妇女联合会",
    "youth_league": "共青团",
    "disabled_persons_federation": "残疾人联合会",
    "minor_protection_organisation": "未成年人保护组织",
    "parent_employer": "父、母所在单位",
    "revoked_parent": "被撤销监护人资格的父、母 (恢复)",
}
"""Who applies (R-GD-8; 民法典 第36条; 2014 意见 第27条); ``revoked_parent`` only restores."""

PETITION_FILERS = frozenset(
    {Role.VILLAGE_COMMITTEE, Role.CIVIL_AFFAIRS, Role.TOWN_OFFICE, Role.COURT}
)
"""Committee and civil affairs file their own applications; the court registers others'."""

RESTORATION_FILERS = frozenset({Role.COURT})
"""Only the revoked parent applies for restoration (民法典 第38条: 经其申请), to the court,
which registers the application; committees, towns and civil affairs do not apply for it."""

OUTCOMES = {
    PetitionKind.REVOKE: frozenset({"revoked", "dismissed"}),
    PetitionKind.RESTORE: frozenset({"restored", "dismissed"}),
}


class GuardianshipPetition(ChainedAggregate):
    """One petition to a court to revoke or restore guardianship, and its ruling (R-GD-8)."""

    STREAM_KIND = "petitions"

    @event("PetitionFiled")
    def __init__(
        self,
        actor: str,
        recorded_role: str,
        kind: str,
        child_id: str,
        applicant: dict[str, Any],
        guardian_concerned: dict[str, Any],
        grounds: list[str],
        particulars: dict[str, Any],
        filed_on: str,
        report_id: str | None,
    ) -> None:
        self.kind = PetitionKind(kind)
        self.child_id = child_id
        self.applicant = copy.deepcopy(applicant)
        self.guardian_concerned = copy.deepcopy(guardian_concerned)
        self.grounds = list(grounds)
        self.particulars = copy.deepcopy(particulars)
        self.filed_on = date.fromisoformat(filed_on)
        self.filed_by = actor
        self.report_id = report_id
        self.ruling: dict[str, Any] | None = None

    @classmethod
    def file(
        cls,
        *,
        actor: str,
        actor_role: str,
        kind: str,
        child_id: str,
        applicant: dict[str, Any],
        guardian_concerned: dict[str, Any],
        filed_on: str,
        now: datetime,
        grounds: list[str] | None = None,
        particulars: dict[str, Any] | None = None,
        report_id: str | None = None,
    ) -> GuardianshipPetition:
        """File a petition (R-GD-8).

        Revocation: ``grounds`` from :data:`REVOCATION_GROUNDS`, with ``particulars``
        where a ground has a threshold (``duty_refused_since`` for six months' refusal,
        ``warnings`` for forced begging, ``refused_correction`` for leaving a child in
        danger). Restoration: no grounds (omitted or empty; the parent's repentance goes in
        ``particulars``), the applicant is the revoked parent (``guardian_concerned``), and
        the court registers it (:data:`RESTORATION_FILERS`). Whether the child's file admits
        the petition — a restoration within its window, never after a crime against the
        child — is :meth:`domain.records.children.ChildRecord.check_petition`.
        """
        role = check_role(actor_role, PETITION_FILERS, "a guardianship petition")
        check_term(kind, PetitionKind, "kind")
        if kind == PetitionKind.RESTORE:
            role = check_role(actor_role, RESTORATION_FILERS, "a restoration petition")
        check_uuid(child_id, "child_id")
        who = require_dict(applicant, "applicant")
        check_term(who.get("kind"), APPLICANT_KINDS, "applicant.kind")
        concerned = check_guardian(guardian_concerned, "guardian_concerned")
        day = parse_past_day(filed_on, "filed_on", now)
        if report_id is not None:
            check_uuid(report_id, "report_id")
        extra = copy.deepcopy(require_dict(particulars or {}, "particulars"))
        chosen = list(grounds or [])
        if kind == PetitionKind.REVOKE:
            if who["kind"] == "revoked_parent":
                raise ce.InvalidField(
                    "applicant.kind: a revoked parent applies only to restore",
                    field="applicant.kind",
                )
            if not chosen:
                raise ce.InvalidField(
                    "grounds must name at least one ground (R-GD-8)",
                    field="grounds",
                    allowed=sorted(REVOCATION_GROUNDS),
                )
            for ground in chosen:
                check_term(ground, REVOCATION_GROUNDS, "grounds[]")
            _check_ground_thresholds(chosen, extra, day, now)
        else:
            if chosen:
                raise ce.InvalidField(
                    "grounds: a restoration petition has none (omit them, or give [])",
                    field="grounds",
                )
            if who["kind"] != "revoked_parent":
                raise ce.InvalidField(
                    "applicant.kind: restoration is applied for by the parent (民法典 第38条)",
                    field="applicant.kind",
                    allowed=["revoked_parent"],
                )
            if relation_key(concerned) not in SINGLE_PARENT_RELATIONS:
                raise ce.NotAParent(
                    "only a parent's guardianship is restored (R-GD-8)",
                    field="guardian_concerned.relation",
                    allowed=sorted(SINGLE_PARENT_RELATIONS),
                )
        return cls(
            actor=actor,
            recorded_role=role.value,
            kind=kind,
            child_id=child_id,
            applicant=copy.deepcopy(who),
            guardian_concerned=concerned,
            grounds=sorted(set(chosen)),
            particulars=extra,
            filed_on=day.isoformat(),
            report_id=report_id,
        )

    def rule(
        self,
        *,
        actor: str,
        actor_role: str,
        outcome: str,
        ruled_on: str,
        ruling_sha256: str | None,
        legal_basis: str,
        intentional_crime_against_child: bool,
        now: datetime,
        new_guardian: dict[str, Any] | None = None,
    ) -> None:
        """The court's ruling: revoked (naming the new guardian), restored, or dismissed."""
        role = check_role(actor_role, frozenset({Role.COURT}), "a court ruling")
        if self.ruling is not None:
            raise ce.PetitionAlreadyRuled("this petition was ruled on already", field="outcome")
        check_term(outcome, OUTCOMES[self.kind], "outcome")
        day = parse_past_day(ruled_on, "ruled_on", now)
        if day < self.filed_on:
            raise ce.InvalidField("ruled_on must not be before filed_on", field="ruled_on")
        if ruling_sha256 is None:
            raise ce.CourtRulingRequired(
                "ruling_sha256: the ruling document (R-GD-8)", field="ruling_sha256"
            )
        check_sha256(ruling_sha256, "ruling_sha256")
        require_text(legal_basis, "legal_basis")
        if not isinstance(intentional_crime_against_child, bool):
            raise ce.InvalidField(
                "intentional_crime_against_child must be true or false",
                field="intentional_crime_against_child",
            )
        appointed = None
        if outcome == "revoked":
            if new_guardian is None:
                raise ce.NewGuardianRequired(
                    "new_guardian: a revocation appoints another guardian (另行指定, R-GD-8)",
                    field="new_guardian",
                )
            appointed = check_guardian(new_guardian, "new_guardian")
        elif new_guardian is not None:
            raise ce.InvalidField(
                "new_guardian is named only when guardianship is revoked", field="new_guardian"
            )
        self._rule(
            actor=actor,
            recorded_role=role.value,
            outcome=outcome,
            ruled_on=day.isoformat(),
            ruling_sha256=ruling_sha256,
            legal_basis=legal_basis,
            intentional_crime_against_child=intentional_crime_against_child,
            new_guardian=appointed,
        )

    @event("PetitionRuled")
    def _rule(
        self,
        actor: str,
        recorded_role: str,
        outcome: str,
        ruled_on: str,
        ruling_sha256: str,
        legal_basis: str,
        intentional_crime_against_child: bool,
        new_guardian: dict[str, Any] | None,
    ) -> None:
        self.ruling = {
            "ruled_by": actor,
            "outcome": outcome,
            "ruled_on": ruled_on,
            "ruling_sha256": ruling_sha256,
            "legal_basis": legal_basis,
            "intentional_crime_against_child": intentional_crime_against_child,
            "new_guardian": copy.deepcopy(new_guardian),
        }

    def ruling_for_child(self) -> dict[str, Any]:
        """What :meth:`ChildRecord.apply_court_ruling` needs, once the court has ruled."""
        if self.ruling is None:
            raise ce.CourtRulingRequired("the petition has no ruling yet")
        return {
            "petition_id": str(self.id),
            "child_id": self.child_id,
            "kind": self.kind.value,
            "outcome": self.ruling["outcome"],
            "ruled_on": self.ruling["ruled_on"],
            "ruling_sha256": self.ruling["ruling_sha256"],
            "legal_basis": self.ruling["legal_basis"],
            "intentional_crime_against_child": self.ruling["intentional_crime_against_child"],
            "new_guardian": copy.deepcopy(self.ruling["new_guardian"]),
            "guardian_concerned": copy.deepcopy(self.guardian_concerned),
            "grounds": list(self.grounds),
            "applied_on": self.filed_on.isoformat(),
        }

    def state(self) -> dict[str, Any]:
        """The petition as a JSON-ready document."""
        return {
            "petition_id": str(self.id),
            "kind": self.kind.value,
            "child_id": self.child_id,
            "applicant": copy.deepcopy(self.applicant),
            "guardian_concerned": copy.deepcopy(self.guardian_concerned),
            "grounds": list(self.grounds),
            "particulars": copy.deepcopy(self.particulars),
            "filed_on": self.filed_on.isoformat(),
            "filed_by": self.filed_by,
            "report_id": self.report_id,
            "ruling": copy.deepcopy(self.ruling),
            "seq": self.version,
            "event_hash": self.chain_head,
        }


def _check_ground_thresholds(
    grounds: list[str], particulars: dict[str, Any], filed: date, now: datetime
) -> None:
    """Grounds with a threshold show it (R-GD-8: six months; 2014 意见: three warnings)."""
    if "refused_duty_six_months" in grounds:
        since = parse_past_day(
            particulars.get("duty_refused_since"), "particulars.duty_refused_since", now
        )
        if filed < add_months(since, DUTY_REFUSAL_MONTHS):
            raise ce.RevocationGroundNotMet(
                "refused_duty_six_months: the refusal must have lasted six months by filed_on",
                field="particulars.duty_refused_since",
            )
    if "forced_begging" in grounds:
        warnings = particulars.get("warnings")
        if isinstance(warnings, bool) or not isinstance(warnings, int):
            raise ce.InvalidField(
                "particulars.warnings must be an integer", field="particulars.warnings"
            )
        if warnings < BEGGING_WARNINGS:
            raise ce.RevocationGroundNotMet(
                "forced_begging: three or more rounds of criticism must have failed",
                field="particulars.warnings",
            )
    if "unsupervised_in_danger" in grounds and particulars.get("refused_correction") is not True:
        raise ce.RevocationGroundNotMet(
            "unsupervised_in_danger: particulars.refused_correction must be true (经教育不改)",
            field="particulars.refused_correction",
        )
