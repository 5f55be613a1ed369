"""A parent's detention and the care of the child (R-GD-7; C4 "对于决定执行行政拘留的被处罚人或
采取刑事拘留等限制人身自由刑事强制措施的犯罪嫌疑人, 公安机关应当询问其是否有未成年子女需要委托亲属、
村(居)民委员会、其他成年人或民政部门设立的儿童福利机构、未成年救助保护机构监护, 并协助其联系有关人员
或民政部门予以安排, 办理书面交接手续").

:class:`ParentDetention` is one stream per detention of a child's parent, recorded by the
police. It is its own aggregate rather than an event of a report: a detention comes without
any mandatory report, and C4 puts the duty on the police who detain, not on a reporter. It
records the measure, when, which parent, that the police asked whether the child needs care,
the answer, and — when the child needs care — **what was arranged**: who took the child
(``receiver``, a relation of :data:`TEMPORARY_RECEIVERS`) and the written hand-over
(``handover_sha256``). "Needs care" without an arrangement is refused
(``care-arrangement-required``); "no care needed" says why (e.g. the other parent guards the
child).

An arrangement is a temporary-care change of guardianship on the child's file: the
application service records it with the guardianship table's ``temporary`` change
(``domain/records/children/guardianship.py``, its recorders and preconditions, R-GD-7) in the
same transaction as the detention, so the two can never disagree.
"""

from __future__ import annotations

import copy
from datetime import date, datetime
from typing import Any

from eventsourcing.domain import event

import domain.records.children.errors as ce
from domain.records.actors import Role
from domain.records.aggregate import ChainedAggregate
from domain.records.children import (
    TEMPORARY_RECEIVERS,
    check_role,
    check_sha256,
    check_term,
    check_uuid,
    require_dict,
    require_text,
)
from domain.records.reports.duty import civil_day
from domain.records.reports.report import check_noticed_after_birth, parse_past_moment

DETENTION_MEASURES = {
    "administrative_detention": "行政拘留",
    "criminal_detention": "刑事拘留",
    "arrest": "逮捕",
    "pretrial_custody": "羁押",
    "imprisonment": "服刑(在押)",
    "compulsory_drug_rehabilitation": "强制隔离戒毒",
}
"""Measures that take a parent's liberty (C4: 行政拘留, 刑事拘留等限制人身自由的刑事强制措施;
父母服刑(在押)、强制隔离戒毒)."""

DETAINED_PARENTS = {"father": "父亲", "mother": "母亲"}
"""Which parent is detained."""

DETENTION_RECORDERS = frozenset({Role.POLICE})
"""The police ask and arrange (C4 "公安机关应当询问…并协助…安排")."""


class ParentDetention(ChainedAggregate):
    """One detention of a child's parent, and the care arranged for the child (R-GD-7)."""

    STREAM_KIND = "detentions"

    @event("ParentDetained")
    def __init__(
        self,
        actor: str,
        recorded_role: str,
        child_id: str,
        parent: str,
        measure: str,
        detained_at: str,
        needs_care: bool,
        care: dict[str, Any] | None,
        no_care_reason: str | None,
        legal_basis: str,
    ) -> None:
        self.recorded_by = actor
        self.child_id = child_id
        self.parent = parent
        self.measure = measure
        self.detained_at = detained_at
        self.needs_care = needs_care
        self.care = copy.deepcopy(care)
        self.no_care_reason = no_care_reason
        self.legal_basis = legal_basis

    @classmethod
    def record(
        cls,
        *,
        actor: str,
        actor_role: str,
        child_id: str,
        parent: str,
        measure: str,
        detained_at: str,
        needs_care: bool,
        legal_basis: str,
        now: datetime,
        child_born_on: date | None = None,
        care: dict[str, Any] | None = None,
        no_care_reason: str | None = None,
    ) -> ParentDetention:
        """Record a parent's detention with the answer to "does a minor child need care?".

        ``care`` (when ``needs_care``) is ``{"receiver": {"name", "relation"},
        "handover_sha256"}``; without it the detention is refused. ``no_care_reason`` (when
        not) says who cares for the child. ``child_born_on`` comes from the child's file.
        """
        role = check_role(actor_role, DETENTION_RECORDERS, "a parent's detention")
        check_uuid(child_id, "child_id")
        check_term(parent, DETAINED_PARENTS, "parent")
        check_term(measure, DETENTION_MEASURES, "measure")
        moment = parse_past_moment(detained_at, "detained_at", now)
        check_noticed_after_birth(moment, child_born_on, "detained_at")
        if not isinstance(needs_care, bool):
            raise ce.InvalidField("needs_care must be true or false", field="needs_care")
        require_text(legal_basis, "legal_basis")
        if needs_care:
            if care is None:
                raise ce.CareArrangementRequired(
                    "care: the child needs care, so record what was arranged — who took the "
                    "child and the written hand-over (C4 书面交接, R-GD-7)",
                    field="care",
                )
            care = check_care(care)
            if no_care_reason is not None:
                raise ce.InvalidField(
                    "no_care_reason is given only when the child needs no care",
                    field="no_care_reason",
                )
        else:
            if care is not None:
                raise ce.InvalidField(
                    "care is given only when the child needs care (needs_care true)", field="care"
                )
            require_text(no_care_reason, "no_care_reason")
        return cls(
            actor=actor,
            recorded_role=role.value,
            child_id=child_id,
            parent=parent,
            measure=measure,
            detained_at=detained_at,
            needs_care=needs_care,
            care=care,
            no_care_reason=no_care_reason,
            legal_basis=legal_basis,
        )

    def care_starts_on(self) -> str:
        """The day (China time) the child's temporary care starts: the detention's day."""
        return civil_day(datetime.fromisoformat(self.detained_at)).isoformat()

    def state(self) -> dict[str, Any]:
        """The detention as a JSON-ready document (personal: for the child's area only)."""
        return {
            "detention_id": str(self.id),
            "recorded_by": self.recorded_by,
            "child_id": self.child_id,
            "parent": self.parent,
            "measure": self.measure,
            "detained_at": self.detained_at,
            "needs_care": self.needs_care,
            "care": copy.deepcopy(self.care),
            "no_care_reason": self.no_care_reason,
            "legal_basis": self.legal_basis,
            "seq": self.version,
            "event_hash": self.chain_head,
        }


def check_care(care: object) -> dict[str, Any]:
    """The arrangement: a receiver of :data:`TEMPORARY_RECEIVERS` and the hand-over's hash."""
    body = require_dict(care, "care")
    receiver = require_dict(body.get("receiver"), "care.receiver")
    require_text(receiver.get("name"), "care.receiver.name")
    check_term(receiver.get("relation"), TEMPORARY_RECEIVERS, "care.receiver.relation")
    handover = body.get("handover_sha256")
    if handover is None:
        raise ce.WrittenHandoverRequired(
            "care.handover_sha256: the hand-over is made in writing (C4 书面交接, R-GD-7)",
            field="care.handover_sha256",
        )
    check_sha256(handover, "care.handover_sha256")
    kept = {k: receiver[k] for k in ("name", "relation", "id_number", "phone") if k in receiver}
    return {"receiver": kept, "handover_sha256": handover}
