"""What the law requires before a change of guardianship, shown up front and checked against
THIS child's file (R-GD-1…10, R-EM-1, R-CH-3).

Every form of a change of guardianship lists, before the person fills anything in, who may
record it, what must already be on the file, what the form itself must show and which
documents are needed — each precondition of the law's table
(``domain/records/children/guardianship.py``: its order, its rule, its refusal code and its
Chinese statement) with its standing for this child:

* ``met`` ✓ — the file already shows it (the role, the arrangement in force …);
* ``unmet`` ✗ — the file shows it cannot be recorded now, and why;
* ``form`` ✎ — this form supplies it (the field is named and linked);
* ``na`` — it does not apply to this child (no home assessment unless returning from
  temporary care);
* ``submit`` ○ — checked when the form is posted (a person a court revoked on another file).

The screen never decides: the service checks the same table on submit. What is here only
reads the file the service handed the page (never the store) and says in advance what the
law will ask, so that a village worker recording an entrustment meets no refusal.
"""

# Every check of the file takes the same three arguments (the file, the kind, the person),
# whether or not it needs them all: one signature for the table below.
# ruff: noqa: ARG001

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from api.web.children.words import ARRANGEMENT_KINDS, KIND_TITLES, label_of
from api.web.labels import role_label
from domain.records.actors import Role
from domain.records.children.arrangements import is_court_made, made_by_petition
from domain.records.children.guardianship import GUARDIANSHIP_CHANGES, GuardianshipChange
from domain.records.children.vocabulary import EMERGENCY_KINDS, ENTRUSTED_KINDS, PARENTAL_KINDS
from infra.principal import Principal

Doc = dict[str, Any]

DIRECT_KINDS = ("entrusted_relative", "entrusted_other", "appointed", "parent",
                "temporary", "absent", "return", "institutional")  # fmt: skip
"""The changes recorded on the file's screen, in the order offered (the court's come by
ruling), entrustment first: it is the village's everyday change."""

RELATION_VOCABULARIES: Mapping[str, str] = {
    "parent": "parent_relation",
    "entrusted_relative": "direct_relative_relation",
}
"""Where the law closes a guardian's relation, the form offers it as a list (R-GD-1, R-GD-3)."""

PRECONDITION_MEMBERS: Mapping[str, str] = {
    "guardian_named": "guardian",
    "receiver_named": "receiver",
    "institution_named": "institution",
    "legal_basis_named": "legal_basis",
    "reason_given": "reason",
    "documents_by_hash": "documents",
    "guardian_is_a_parent": "guardian.relation",
    "guardian_is_a_direct_relative": "guardian.relation",
    "guardian_is_not_a_parent": "guardian.relation",
    "receiver_may_receive": "receiver.relation",
    "capacity_assessed": "capacity_assessment",
    "found_capable": "capacity_assessment.capable",
    "exclusion_check_recorded": "exclusion_check",
    "no_exclusion_found": "exclusion_check.found",
    "committee_consented": "committee_consent",
    "agreement_in_writing": "agreement_sha256",
    "signed_by_the_guardian": "signatures.guardian",
    "signed_by_the_entrusted_guardian": "signatures.entrusted_guardian",
    "signed_by_the_supervisor": "signatures.supervisor",
    "filed_with_the_town": "filings.town",
    "filed_with_the_committee": "filings.committee",
    "parents_could_not_entrust": "parents_unable_to_entrust",
    "guardian_accepted": "acceptance",
    "fee_set": "fee",
    "subsidy_only_on_minimum_living_support": "fee.paid_by",
    "appointment_formalities": "appointment_sha256",
    "ground_given": "ground",
    "ruling_cited": "court_ruling",
    "ruling_on_record": "court_ruling",
    "admission_recorded": "admission_sha256",
    "report_on_record": "report_id",
    "written_handover": "handover_sha256",
    "takes_effect_in_order": "effective_on",
    "takes_effect_overriding": "effective_on",
    "home_assessed": "home_assessment",
    "home_found_suitable": "home_assessment.suitable",
    "guardian_not_revoked": "guardian",
    "receiver_not_revoked": "receiver",
    "institution_not_revoked": "institution",
}
"""The form member that shows each precondition (a test checks every precondition of every
kind recorded here has one, or a check of the file below)."""


@dataclass(frozen=True)
class Standing:
    """One line of what the law requires, and where this child's file stands on it."""

    text: str
    rule: str
    code: str
    status: str
    """``met``, ``unmet``, ``form``, ``na``, ``submit`` or ``advice`` (module docstring)."""
    note: str = ""
    member: str | None = None

    @property
    def anchor(self) -> str | None:
        """The HTML id of the field that supplies it (as ``FormField.id`` makes it)."""
        if self.member is None:
            return None
        return "f-" + re.sub(r"[^0-9A-Za-z]+", "-", self.member).strip("-")

    @property
    def mark(self) -> str:
        """The sign shown beside it."""
        return {"met": "✓", "unmet": "✗", "form": "✎", "na": "—", "submit": "○",
                "advice": "!"}[self.status]  # fmt: skip


@dataclass(frozen=True)
class Guide:
    """A kind of change as its form presents it: what it is, who records it, the documents it
    needs, and every precondition with its standing for this child."""

    kind: str
    title: str
    statement: str
    rules: tuple[str, ...]
    recorders: tuple[str, ...]
    documents: tuple[str, ...]
    lines: tuple[Standing, ...]
    advice: tuple[Standing, ...] = ()

    @property
    def blocked(self) -> bool:
        """Whether the file already shows this change cannot be recorded now."""
        return any(line.status == "unmet" for line in self.lines)


def chinese(statement: str) -> str:
    """The Chinese part of a table statement (before its English gloss)."""
    return statement.split(" — ", 1)[0].strip()


# -- what the file shows ----------------------------------------------------------------------


def current(file: Doc) -> Doc:
    """The current arrangement (the last one: exactly one is current, R-GD-9)."""
    arrangements: list[Doc] = file["guardianship"]
    return arrangements[-1]


def standing_arrangement(file: Doc) -> Doc | None:
    """The ordinary arrangement in force while emergency care stands in for it (as
    ``ArrangementsMixin.standing_arrangement`` reads it, R-GD-10)."""
    arrangements: list[Doc] = file["guardianship"]
    for arrangement in reversed(arrangements):
        if arrangement["kind"] in EMERGENCY_KINDS:
            continue
        original = (arrangement.get("conditions") or {}).get("reinstates_no")
        return arrangements[original - 1] if original else arrangement
    return None


def _court_made(file: Doc, arrangement: Doc) -> bool:
    if not is_court_made(arrangement):
        return False
    if arrangement["kind"] != "institutional":
        return True
    applied = {(a.get("conditions") or {}).get("petition_id") for a in file["guardianship"]}
    return made_by_petition(arrangement) in applied


def who(arrangement: Doc | None) -> str:
    """An arrangement in words: its kind and guardian, since when."""
    if arrangement is None:
        return "无"
    guardian = arrangement.get("guardian") or {}
    name = guardian.get("name")
    kind = ARRANGEMENT_KINDS.get(arrangement["kind"], arrangement["kind"])
    return f"{kind}{f'（{name}）' if name else ''}，自 {arrangement['effective_on']} 起"


FileCheck = Callable[[Doc, str, Principal], tuple[str, str]]


def _in_order(file: Doc, kind: str, by: Principal) -> tuple[str, str]:
    since = current(file)["effective_on"]
    return "form", f"当前安排自 {since} 起生效：生效日期填此日或以后、且不晚于今天"


def _overriding(file: Doc, kind: str, by: Principal) -> tuple[str, str]:
    return "form", "紧急情况：生效日期不晚于今天即可，不受档案日期先后限制"


def _may_replace(file: Doc, kind: str, by: Principal) -> tuple[str, str]:
    standing = standing_arrangement(file)
    if standing is None:
        return "met", "档案中尚无在任监护安排"
    if _court_made(file, standing):
        return "unmet", f"在任监护人由人民法院指定（{who(standing)}），只能依法院裁判变更"
    recorders = GUARDIANSHIP_CHANGES[kind].recorders
    mine = {r for r in by.roles if r in recorders}
    if (
        standing["kind"] == "appointed"
        and kind in ENTRUSTED_KINDS
        and mine == {Role.VILLAGE_COMMITTEE}
    ):
        return "unmet", "在任监护人由镇政府指定：须由镇政府变更，村(居)委会不能自行委托"
    return "met", f"在任：{who(standing)}；可以变更"


def _not_revoked(file: Doc, kind: str, by: Principal) -> tuple[str, str]:
    revoked = [r for r in file.get("revocations", []) if r.get("restored_on") is None]
    if not revoked:
        return "submit", "本档案无被撤销监护资格的人；提交时还将核对其他档案"
    names = "、".join(str((r.get("guardian") or {}).get("name", "")) for r in revoked)
    return "submit", f"本档案中被人民法院撤销资格的人（{names}）不得担任；提交时还将核对其他档案"


def _not_absent(file: Doc, kind: str, by: Principal) -> tuple[str, str]:
    now = current(file)
    if now["kind"] == "none_emergency":
        return "unmet", f"档案已记录无人监护（自 {now['effective_on']} 起）"
    return "met", f"当前：{who(now)}"


def _in_emergency(file: Doc, kind: str, by: Principal) -> tuple[str, str]:
    now = current(file)
    if now["kind"] in EMERGENCY_KINDS:
        return "met", f"当前：{who(now)}"
    return "unmet", f"当前不是临时监护或无人监护（{who(now)}），没有可结束的紧急情况"


def _return_to(file: Doc, kind: str, by: Principal) -> tuple[str, str]:
    standing = standing_arrangement(file)
    if standing is None:
        return "unmet", "档案中没有紧急情况之前的监护人：请改为记录新的监护安排"
    return "met", f"将回到：{who(standing)}"


def _home(file: Doc, kind: str, by: Principal) -> tuple[str, str]:
    if current(file)["kind"] == "temporary":
        return "form", "儿童正处于临时监护：须填写民政部门的家庭监护能力评估"
    return "na", "不是从临时监护结束，无需家庭评估"


def _nobody_guards(file: Doc, kind: str, by: Principal) -> tuple[str, str]:
    now = current(file)
    if now["kind"] in PARENTAL_KINDS:
        return "unmet", (
            f"父母监护在任（{who(now)}）：不能以孤儿或无人监护为由收留；"
            "须先记录无人监护，或依人民法院指定民政部门的裁判"
        )
    return "met", f"当前：{who(now)}"


def _report(file: Doc, kind: str, by: Principal) -> tuple[str, str]:
    return "form", "选填：所依据的报告须在案并已关联本儿童档案"


def _ruling(file: Doc, kind: str, by: Principal) -> tuple[str, str]:
    return "form", "仅在“人民法院指定由民政部门担任监护人”时填写：该裁判须在案并已适用于本档案"


FILE_CHECKS: Mapping[str, FileCheck] = {
    "takes_effect_in_order": _in_order,
    "takes_effect_overriding": _overriding,
    "may_replace": _may_replace,
    "guardian_not_revoked": _not_revoked,
    "receiver_not_revoked": _not_revoked,
    "institution_not_revoked": _not_revoked,
    "not_already_absent": _not_absent,
    "in_emergency_care": _in_emergency,
    "a_guardian_to_return_to": _return_to,
    "home_assessed": _home,
    "home_found_suitable": _home,
    "nobody_guards_the_child": _nobody_guards,
    "report_on_record": _report,
    "ruling_cited": _ruling,
    "ruling_on_record": _ruling,
}
"""Preconditions whose standing the file shows before anything is filled in."""


def _left_behind_registered(file: Doc) -> tuple[str, str]:
    periods = file.get("left_behind") or []
    open_period = next((p for p in reversed(periods) if p.get("exited_on") is None), None)
    if open_period is not None and "away" in (open_period.get("parents") or {}).values():
        return "met", f"已登记父母外出务工（自 {open_period['entered_on']} 起）"
    return (
        "advice",
        "未登记父母外出务工：父母外出时请先在档案中“纳入留守儿童台账”（不影响本次记录）",
    )


ADVICE: Mapping[str, tuple[tuple[str, str, Callable[[Doc], tuple[str, str]]], ...]] = {
    kind: (
        (
            "委托照护通常因父母外出务工：档案中宜先有父母外出务工登记",
            "R-CH-3",
            _left_behind_registered,
        ),
    )
    for kind in ENTRUSTED_KINDS
}
"""Facts of the file worth having before a change, that the law does not make a condition
(shown apart from the law's preconditions, never refused)."""


def _documents(change: GuardianshipChange) -> tuple[str, ...]:
    found = [
        label_of(m.name)
        for m in change.members
        if m.required and (m.name.endswith("_sha256") or m.name == "signatures")
    ]
    if any(m.name == "documents" for m in change.members):
        found.append("其他相关文书（选填）")
    return tuple(found)


def guide(kind: str, file: Doc, by: Principal) -> Guide:
    """The kind ``kind`` as its form presents it for this child and this person."""
    change = GUARDIANSHIP_CHANGES[kind]
    recorders = tuple(role_label(r) for r in Role if r in change.recorders)
    holds = [r for r in Role if r in change.recorders and by.has(r)]
    lines = [
        Standing(
            text="由" + "、".join(recorders) + "记录",
            rule="R-AC-1",
            code="role-not-allowed",
            status="met" if holds else "unmet",
            note=f"您的角色：{role_label(holds[0])}" if holds else "您的角色不能记录此项变更",
        )
    ]
    for pre in change.preconditions:
        member = PRECONDITION_MEMBERS.get(pre.name)
        check = FILE_CHECKS.get(pre.name)
        if check is not None:
            status, note = check(file, kind, by)
        else:
            status, note = "form", f"在下方“{label_of(member or pre.name)}”填写"
        lines.append(Standing(chinese(pre.statement), pre.rule, pre.code, status, note, member))
    advice = []
    for text, rule, check_file in ADVICE.get(kind, ()):
        status, note = check_file(file)
        advice.append(Standing(text, rule, "", status, note))
    return Guide(
        kind=kind,
        title=KIND_TITLES.get(kind, kind),
        statement=chinese(change.statement),
        rules=change.rules,
        recorders=recorders,
        documents=_documents(change),
        lines=tuple(lines),
        advice=tuple(advice),
    )
