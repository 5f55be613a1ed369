# Long because: one table, one entry per kind of guardianship change, read as the law is.
"""Guardianship as the law lays it down: one table of the kinds of change (R-GD-1…10).

Each kind of change of a child's guardianship is declared once, in :data:`GUARDIANSHIP_CHANGES`:
its code (the request's ``kind``), what the law says (``statement``, Chinese first), its rule
ids, who may record it, the request members it takes, and its preconditions **in the order
they are checked**, each with the error code it refuses with, its rule id and what the law
requires. The commands of :class:`~domain.records.children.record.ChildRecord` read the
recorders and the preconditions from here (:func:`check_change`); the check behind each
precondition is the function of the same name in ``preconditions.py``. Adding a
precondition is one entry here and one function there.

The same table is printed as ``docs/guardianship.md`` (:func:`domain.records.children.law.
guardianship_markdown`) and served read-only at ``GET /v1/law/guardianship-kinds``.

The module runs over 600 lines because it is one table, one entry per kind, to be read top to
bottom as the law is; splitting it would scatter what a reader comes to see in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import domain.records.children.preconditions as p
from domain.records.actors import Role
from domain.records.children.arrangements import ArrangementsMixin
from domain.records.children.fields import check_role
from domain.records.children.preconditions import Change, Check
from domain.records.children.vocabulary import FILE_KEEPERS, GuardianshipKind


@dataclass(frozen=True)
class Member:
    """A member of the request for one kind of change."""

    name: str
    required: bool
    description: str


@dataclass(frozen=True)
class Precondition:
    """What the law requires before a change is recorded, and the refusal when it is not met."""

    name: str
    """The precondition's stable name: the name of its check in ``preconditions.py``."""
    code: str
    """The error ``code`` a request that does not meet it is refused with."""
    rule: str
    statement: str
    check: Check = field(repr=False, compare=False)
    also: tuple[str, ...] = ()
    """Further codes the same check refuses with, for a more precise reason."""


def _pre(
    check: Check, code: str, rule: str, statement: str, also: tuple[str, ...] = ()
) -> Precondition:
    return Precondition(
        name=check.__name__, code=code, rule=rule, statement=statement, check=check, also=also
    )


@dataclass(frozen=True)
class GuardianshipChange:
    """One kind of change of guardianship, as the law lays it down."""

    code: str
    """The request's ``kind`` (stable)."""
    title: str
    """What it is called in a refusal: "entrustment to a relative is recorded by …"."""
    installs: GuardianshipKind | None
    """The kind of the arrangement it installs; None for a return (the kind it reinstates)."""
    event: str
    """The stored event type that records it."""
    rules: tuple[str, ...]
    statement: str
    recorders: frozenset[Role]
    members: tuple[Member, ...]
    preconditions: tuple[Precondition, ...]


# -- what every change names (R-GD-9) -----------------------------------------------------------

GUARDIAN = Member("guardian", True, "the new guardian: {name, relation, id_number?, …}")
LEGAL_BASIS = Member("legal_basis", True, "the legal basis of the change, in words")
EFFECTIVE_ON = Member("effective_on", True, "the day it takes effect, YYYY-MM-DD")
DOCUMENTS = Member("documents", False, "further documents, each {sha256, title}")
EXCLUSION_CHECK = Member(
    "exclusion_check", True, "the 第22条 check: {by, on, found: [ground…]} (found empty)"
)
CAPACITY = Member("capacity_assessment", True, "the capacity assessment: {by, on, capable}")
HOME_ASSESSMENT = Member(
    "home_assessment", False, "from temporary care: civil affairs' {by, on, suitable}"
)
REPORT_ID = Member("report_id", False, "the mandatory report the change follows (a stream id)")

NAMED = _pre(
    p.guardian_named, "invalid-field", "R-GD-9",
    "变更须写明新监护人 — the change names the new guardian (name and relation)",
)  # fmt: skip
BASIS = _pre(
    p.legal_basis_named, "invalid-field", "R-GD-9",
    "写明法律依据 — the change names its legal basis",
)  # fmt: skip
IN_ORDER = _pre(
    p.takes_effect_in_order, "effective-date-before-current", "R-GD-9",
    "写明生效日期 — it takes effect on a day not in the future and not before the current "
    "arrangement took effect: changes are recorded in the order they take effect",
)  # fmt: skip
OVERRIDING = _pre(
    p.takes_effect_overriding, "date-in-future", "R-GD-7",
    "紧急情况不受档案日期限制 — an emergency takes effect on a day not in the future, and is "
    "never refused for the file's order; a claimed earlier day is kept beside it",
)  # fmt: skip
DOCS = _pre(
    p.documents_by_hash, "invalid-document-hash", "R-GD-9",
    "文书以哈希值记载 — documents are named by their SHA-256",
)  # fmt: skip
NOT_REVOKED = _pre(
    p.guardian_not_revoked, "guardian-revoked", "R-GD-8",
    "被撤销监护人资格者, 非经恢复不得再任监护人 — a person whose guardianship a court revoked "
    "comes back only by a restoration ruling (民法典 第38条)",
)  # fmt: skip
MAY_REPLACE = _pre(
    p.may_replace, "court-appointment-in-force", "R-GD-10",
    "指定监护人后, 不得擅自变更 — a guardian appointed by a court is replaced only by a ruling; "
    "the committee does not undo the town's appointment (town-appointment-in-force) "
    "(民法典 第31条)",
)  # fmt: skip
EXCLUSION_RECORDED = _pre(
    p.exclusion_check_recorded, "exclusion-check-required", "R-GD-4",
    "被委托人须经 未成年人保护法 第22条 审查 — the person is checked against the grounds that "
    "exclude an entrusted guardian",
)  # fmt: skip
NOT_EXCLUDED = _pre(
    p.no_exclusion_found, "guardian-excluded", "R-GD-4",
    "有性侵害、虐待、遗弃、拐卖、暴力伤害等违法犯罪记录, 有吸毒、酗酒、赌博等恶习, 或曾怠于履行监护"
    "职责者, 不得被委托 — nobody with such a record, addiction or past neglect is entrusted",
)  # fmt: skip
HOME_ASSESSED = _pre(
    p.home_assessed, "home-assessment-required", "R-EM-1",
    "临时监护结束前, 民政部门评估家庭监护能力 — from temporary care, civil affairs first "
    "assesses the home (未成年人保护法 第93条)",
)  # fmt: skip
HOME_SUITABLE = _pre(
    p.home_found_suitable, "guardian-not-capable", "R-EM-1",
    "评估认为家庭具备监护条件 — the assessment found the home ready to resume care",
)  # fmt: skip
REPORT_ON_RECORD = _pre(
    p.report_on_record, "report-not-on-record", "R-RP-2",
    "所依据的强制报告须在案并与该儿童关联 — a report the change follows is on record and linked "
    "to this child",
)  # fmt: skip


def _capacity(rule: str, who: str) -> tuple[Precondition, Precondition]:
    return (
        _pre(
            p.capacity_assessed, "guardian-capacity-assessment-required", rule,
            f"{who}对其监护能力进行评估 — the guardian's capacity is assessed",
        ),
        _pre(
            p.found_capable, "guardian-not-capable", rule,
            "不具备监护能力的, 应更换监护人 — a guardian found not capable is not recorded",
        ),
    )  # fmt: skip


def _ruling(outcome: Check, word: str) -> tuple[Precondition, ...]:
    """The preconditions of a ruling that ``word`` (revoked, restored, dismissed), R-GD-8."""
    return (
        _pre(
            p.ruling_given, "court-ruling-required", "R-GD-8",
            "仅依人民法院裁判 — the change is made by a court's ruling",
        ),
        _pre(
            p.ruling_about_this_child, "ruling-for-another-child", "R-GD-8",
            "裁判针对该儿童 — the ruling is on a petition about this child",
        ),
        _pre(
            outcome, "invalid-field", "R-GD-8",
            f"裁判结果 — the ruling {word}, on a petition",
        ),
        _pre(
            p.ruling_not_applied_before, "ruling-already-applied", "R-GD-9",
            "同一裁判只适用一次 — a ruling is applied to the file once",
        ),
        _pre(
            p.ruling_documented, "court-ruling-required", "R-GD-9",
            "裁判文书以哈希值记载, 写明裁判日期、法律依据和被申请人 — the ruling's document, date, "
            "legal basis and the guardian concerned",
        ),
    )  # fmt: skip


GUARDIANSHIP_CHANGES: Mapping[str, GuardianshipChange] = {
    change.code: change
    for change in (
        GuardianshipChange(
            code="parent",
            title="parental guardianship",
            installs=GuardianshipKind.PARENT,
            event="children.ParentalGuardianshipRecorded",
            rules=("R-GD-1", "R-GD-2"),
            statement="父母是未成年子女的监护人 (民法典 第27条) — the parents guard the child, "
            "e.g. again on returning home",
            recorders=FILE_KEEPERS,
            members=(GUARDIAN, LEGAL_BASIS, EFFECTIVE_ON, HOME_ASSESSMENT, DOCUMENTS),
            preconditions=(
                NAMED,
                _pre(
                    p.guardian_is_a_parent,
                    "not-a-parent",
                    "R-GD-1",
                    "监护人为父母 — the guardian is the father, the mother or both (parents)",
                ),
                BASIS,
                IN_ORDER,
                DOCS,
                NOT_REVOKED,
                MAY_REPLACE,
                HOME_ASSESSED,
                HOME_SUITABLE,
            ),
        ),
        GuardianshipChange(
            code="entrusted_relative",
            title="entrustment to a relative",
            installs=GuardianshipKind.ENTRUSTED_RELATIVE,
            event="children.GuardianEntrusted",
            rules=("R-GD-3", "R-GD-4"),
            statement="委托祖父母、外祖父母、成年兄姐监护的, "
            "村(居)民委员会应当对其监护能力进行评估 — "
            "entrusted to a grandparent or adult sibling, whose capacity the committee assesses",
            recorders=frozenset({Role.VILLAGE_COMMITTEE, Role.TOWN_OFFICE}),
            members=(GUARDIAN, LEGAL_BASIS, EFFECTIVE_ON, CAPACITY, EXCLUSION_CHECK, DOCUMENTS),
            preconditions=(
                NAMED,
                _pre(
                    p.guardian_is_a_direct_relative,
                    "not-a-direct-relative",
                    "R-GD-3",
                    "被委托人为祖父母、外祖父母或成年兄姐 — a grandparent or an adult sibling; "
                    "anyone else is kind entrusted_other",
                ),
                BASIS,
                IN_ORDER,
                DOCS,
                NOT_REVOKED,
                MAY_REPLACE,
                *_capacity("R-GD-3", "村(居)民委员会"),
                EXCLUSION_RECORDED,
                NOT_EXCLUDED,
            ),
        ),
        GuardianshipChange(
            code="entrusted_other",
            title="entrustment to a non-direct relative or friend",
            installs=GuardianshipKind.ENTRUSTED_OTHER,
            event="children.GuardianEntrusted",
            rules=("R-GD-4",),
            statement="委托非直系亲属或朋友监护的, 须经村(居)民委员会同意, "
            "在监督人监督下签订委托监护"
            "协议, 监督人签字后在镇政府(街道办事处)和村(居)民委员会备案 — the committee consents, "
            "a written agreement is signed under a supervisor and filed with town and committee",
            recorders=frozenset({Role.VILLAGE_COMMITTEE, Role.TOWN_OFFICE}),
            members=(
                GUARDIAN,
                LEGAL_BASIS,
                EFFECTIVE_ON,
                Member("committee_consent", True, "the committee's consent: {by, on}"),
                Member("agreement_sha256", True, "the written agreement's SHA-256"),
                Member(
                    "signatures", True, "{guardian, entrusted_guardian, supervisor}: each {on, …}"
                ),
                Member("filings", True, "{town, committee}: each {on, …}"),
                EXCLUSION_CHECK,
                DOCUMENTS,
            ),
            preconditions=(
                NAMED,
                _pre(
                    p.guardian_is_not_a_parent,
                    "invalid-field",
                    "R-GD-4",
                    "父母是法定监护人, 不是被委托人 — a parent is not an entrusted guardian",
                ),
                BASIS,
                IN_ORDER,
                DOCS,
                NOT_REVOKED,
                MAY_REPLACE,
                _pre(
                    p.committee_consented,
                    "committee-consent-required",
                    "R-GD-4",
                    "须经村(居)民委员会同意 — the village or residents' committee consents",
                ),
                _pre(
                    p.agreement_in_writing,
                    "agreement-document-required",
                    "R-GD-4",
                    "签订书面委托监护协议 — a written entrusted-guardianship agreement",
                ),
                _pre(
                    p.signed_by_the_guardian,
                    "guardian-signature-required",
                    "R-GD-4",
                    "监护人在协议上签字 — the entrusting parent signs",
                ),
                _pre(
                    p.signed_by_the_entrusted_guardian,
                    "entrusted-guardian-signature-required",
                    "R-GD-4",
                    "被委托监护人在协议上签字 — the entrusted guardian signs",
                ),
                _pre(
                    p.signed_by_the_supervisor,
                    "supervisor-signature-required",
                    "R-GD-4",
                    "监督人在协议上签字 — the supervisor signs",
                ),
                _pre(
                    p.filed_with_the_town,
                    "town-filing-required",
                    "R-GD-4",
                    "在镇政府(街道办事处)备案 — filed with the town government",
                ),
                _pre(
                    p.filed_with_the_committee,
                    "committee-filing-required",
                    "R-GD-4",
                    "在村(居)民委员会备案 — filed with the committee",
                ),
                EXCLUSION_RECORDED,
                NOT_EXCLUDED,
            ),
        ),
        GuardianshipChange(
            code="appointed",
            title="appointment",
            installs=GuardianshipKind.APPOINTED,
            event="children.GuardianAppointed",
            rules=("R-GD-5",),
            statement="确实无法委托的, 由镇政府指定有意愿、有能力的邻居或志愿者担任, "
            "办理相关手续并确定监护"
            "报酬 — the town appoints a willing, capable neighbour or volunteer and sets the fee",
            recorders=frozenset({Role.TOWN_OFFICE}),
            members=(
                GUARDIAN,
                LEGAL_BASIS,
                EFFECTIVE_ON,
                Member("parents_unable_to_entrust", True, "true: the parents could entrust nobody"),
                CAPACITY,
                Member("acceptance", True, "the guardian's acceptance: {by, on}"),
                Member("fee", True, "{amount_fen, period, paid_by, minimum_living_support}"),
                Member("appointment_sha256", True, "the appointment formalities' SHA-256"),
                EXCLUSION_CHECK,
                DOCUMENTS,
            ),
            preconditions=(
                NAMED,
                _pre(
                    p.guardian_is_not_a_parent,
                    "invalid-field",
                    "R-GD-5",
                    "父母是法定监护人, 不由镇政府指定 — a parent is not appointed by the town",
                ),
                BASIS,
                IN_ORDER,
                DOCS,
                NOT_REVOKED,
                MAY_REPLACE,
                _pre(
                    p.parents_could_not_entrust,
                    "appointment-ground-required",
                    "R-GD-5",
                    "父母确实无法委托监护人 — only when the parents could name no entrusted "
                    "guardian",
                ),
                *_capacity("R-GD-5", "镇政府"),
                _pre(
                    p.guardian_accepted,
                    "guardian-acceptance-required",
                    "R-GD-5",
                    "被指定人有意愿 — the appointed guardian is willing",
                ),
                _pre(
                    p.fee_set,
                    "guardianship-fee-required",
                    "R-GD-5",
                    "确定监护报酬 — the appointment sets the guardianship fee",
                ),
                _pre(
                    p.subsidy_only_on_minimum_living_support,
                    "subsidy-not-eligible",
                    "R-GD-5",
                    "低保家庭的监护报酬可由县、镇补贴 — a subsidy only for families on minimum "
                    "living support",
                ),
                _pre(
                    p.appointment_formalities,
                    "appointment-document-required",
                    "R-GD-5",
                    "办理相关手续 — the appointment formalities, by document",
                ),
                EXCLUSION_RECORDED,
                NOT_EXCLUDED,
            ),
        ),
        GuardianshipChange(
            code="institutional",
            title="institutional guardianship",
            installs=GuardianshipKind.INSTITUTIONAL,
            event="children.InstitutionalGuardianshipAssumed",
            rules=("R-GD-6",),
            statement="孤儿、父母无监护能力且无其他监护人的儿童, "
            "或人民法院指定由民政部门担任监护人的, "
            "由民政部门儿童福利机构收留抚养 (民法典 第32条; 未成年人保护法 第92、94条) — civil "
            "affairs takes the child into its welfare institution",
            recorders=frozenset({Role.CIVIL_AFFAIRS}),
            members=(
                Member("institution", True, "the institution: {name, …}"),
                LEGAL_BASIS,
                EFFECTIVE_ON,
                Member(
                    "ground", True, "orphan | no_guardian_available | court_appointed_civil_affairs"
                ),
                Member(
                    "court_ruling",
                    False,
                    "on a court's appointment: {petition_id, ruling_sha256, ruled_on?}",
                ),
                Member("admission_sha256", True, "the admission record's SHA-256"),
                DOCUMENTS,
            ),
            preconditions=(
                _pre(
                    p.institution_named,
                    "invalid-field",
                    "R-GD-9",
                    "写明收留的机构 — the change names the institution",
                ),
                BASIS,
                IN_ORDER,
                DOCS,
                _pre(
                    p.institution_not_revoked,
                    "guardian-revoked",
                    "R-GD-8",
                    "被撤销监护人资格者, 非经恢复不得再任监护人 — not an institution whose "
                    "guardianship a court revoked",
                ),
                _pre(
                    p.ground_given,
                    "institutional-ground-required",
                    "R-GD-6",
                    "写明收留抚养的情形 — the ground: orphan, no guardian available, or a court's "
                    "appointment of civil affairs",
                ),
                _pre(
                    p.ruling_cited,
                    "court-ruling-required",
                    "R-GD-6",
                    "人民法院指定的, 引用该裁判 — on a court's appointment, the ruling is cited",
                ),
                _pre(
                    p.ruling_on_record,
                    "court-ruling-not-on-record",
                    "R-GD-8",
                    "该裁判在案, 指定民政部门并已适用于本档案 — that ruling is on record, "
                    "appointed "
                    "civil affairs and was applied to this file",
                    also=("ruling-for-another-child", "ruling-does-not-appoint-civil-affairs"),
                ),
                MAY_REPLACE,
                _pre(
                    p.nobody_guards_the_child,
                    "parental-guardianship-in-force",
                    "R-GD-6",
                    "父母监护未经撤销的, 民政部门不得以孤儿或无人监护为由收留 — on the grounds "
                    "orphan "
                    "or no guardian available, no parent's guardianship is in force",
                ),
                _pre(
                    p.admission_recorded,
                    "admission-document-required",
                    "R-GD-6",
                    "机构的收留记录 — the institution's admission record, by document",
                ),
            ),
        ),
        GuardianshipChange(
            code="temporary",
            title="temporary guardianship",
            installs=GuardianshipKind.TEMPORARY,
            event="children.TemporaryGuardianshipStarted",
            rules=("R-GD-7",),
            statement="紧急情况下, 公安机关将儿童交由亲属、村(居)民委员会或救助保护机构临时照料, "
            "办理书面"
            "交接手续 — in an emergency the police hand the child over in writing",
            recorders=frozenset({Role.POLICE, Role.CIVIL_AFFAIRS}),
            members=(
                Member("receiver", True, "who receives the child: {name, relation}"),
                LEGAL_BASIS,
                EFFECTIVE_ON,
                Member("handover_sha256", True, "the written hand-over record's SHA-256"),
                REPORT_ID,
                DOCUMENTS,
            ),
            preconditions=(
                _pre(
                    p.receiver_named,
                    "invalid-field",
                    "R-GD-9",
                    "写明接收人 — the change names who receives the child",
                ),
                _pre(
                    p.receiver_may_receive,
                    "unknown-term",
                    "R-GD-7",
                    "交由亲属、村(居)民委员会、其他成年人、儿童福利机构或未成年人救助保护机构 — a "
                    "relative, the committee, another adult, or a welfare or rescue institution",
                ),
                BASIS,
                OVERRIDING,
                DOCS,
                _pre(
                    p.receiver_not_revoked,
                    "guardian-revoked",
                    "R-GD-8",
                    "不得交由被撤销监护人资格者 — never to a person whose guardianship was revoked",
                ),
                REPORT_ON_RECORD,
                _pre(
                    p.written_handover,
                    "written-handover-required",
                    "R-GD-7",
                    "办理书面交接手续 — the written hand-over record, by document",
                ),
            ),
        ),
        GuardianshipChange(
            code="absent",
            title="guardian absence",
            installs=GuardianshipKind.NONE_EMERGENCY,
            event="children.GuardianAbsenceRecorded",
            rules=("R-GD-2",),
            statement="不得让不满十六周岁的子女脱离监护单独居住生活 — no guardian is present; "
            "for a "
            "child under 16 the alert opens",
            recorders=FILE_KEEPERS | {Role.POLICE},
            members=(
                EFFECTIVE_ON,
                Member("reason", True, "why no guardian is present, in words"),
                REPORT_ID,
            ),
            preconditions=(
                _pre(
                    p.reason_given,
                    "invalid-field",
                    "R-GD-9",
                    "写明无人监护的原因 — the change says why no guardian is present",
                ),
                OVERRIDING,
                REPORT_ON_RECORD,
                _pre(
                    p.not_already_absent,
                    "guardian-already-absent",
                    "R-GD-9",
                    "同一时间只有一种监护安排 — the child is not already recorded without a "
                    "guardian",
                ),
            ),
        ),
        GuardianshipChange(
            code="return",
            title="a return from emergency care",
            installs=None,
            event="children.ReturnedToGuardian",
            rules=("R-GD-7", "R-GD-10", "R-EM-1"),
            statement="紧急情况结束, 儿童回到原监护人 — the emergency ends and the child returns "
            "to "
            "the guardian in force, with the same kind and guardian",
            recorders=FILE_KEEPERS | {Role.POLICE},
            members=(LEGAL_BASIS, EFFECTIVE_ON, HOME_ASSESSMENT, DOCUMENTS),
            preconditions=(
                BASIS,
                _pre(
                    p.in_emergency_care,
                    "not-in-emergency-care",
                    "R-GD-7",
                    "儿童处于临时监护或无人监护 — the child is in temporary care or without a "
                    "guardian",
                ),
                _pre(
                    p.a_guardian_to_return_to,
                    "no-guardian-to-return-to",
                    "R-GD-10",
                    "档案中有可回到的监护人 — the file had a guardian before the emergency",
                ),
                IN_ORDER,
                DOCS,
                _pre(
                    p.guardian_not_revoked,
                    "guardian-revoked",
                    "R-GD-8",
                    "原监护人资格未被撤销 — that guardian's guardianship was not revoked since",
                ),
                HOME_ASSESSED,
                HOME_SUITABLE,
            ),
        ),
        GuardianshipChange(
            code="court_appointed",
            title="court appointment",
            installs=GuardianshipKind.COURT_APPOINTED,
            event="children.CourtGuardianAppointed",
            rules=("R-GD-8", "R-GD-10"),
            statement="人民法院根据申请撤销监护人资格, 另行指定监护人 (民法典 第36条) — a court "
            "revokes a guardian and appoints another; recorded by applying its ruling",
            recorders=frozenset({Role.COURT}),
            members=(
                Member(
                    "ruling", True, "the ruling on a petition about this child (outcome revoked)"
                ),
                Member("new_guardian", True, "the guardian the court appoints (in the ruling)"),
            ),
            preconditions=(
                *_ruling(p.ruling_revoked, "revoked"),
                _pre(
                    p.new_guardian_named,
                    "new-guardian-required",
                    "R-GD-8",
                    "另行指定监护人 — the ruling names the new guardian",
                ),
                _pre(
                    p.not_revoked_already,
                    "guardian-revoked",
                    "R-GD-8",
                    "被申请人的监护资格尚未被撤销 — the guardian concerned is not revoked already",
                ),
                _pre(
                    p.concerned_is_a_guardian,
                    "not-current-guardian",
                    "R-GD-8",
                    "被申请人是父母或现任监护人 — the guardian concerned is a parent or the "
                    "guardian "
                    "in force",
                ),
                _pre(
                    p.new_guardian_not_revoked,
                    "guardian-revoked",
                    "R-GD-8",
                    "新监护人不是被撤销资格者 — the new guardian is nobody whose guardianship is "
                    "revoked",
                ),
                _pre(
                    p.takes_effect_when_ruled,
                    "date-in-future",
                    "R-GD-8",
                    "自裁判之日起生效, 不受档案日期限制 — it takes effect when ruled, whatever the "
                    "file's dates",
                ),
            ),
        ),
        GuardianshipChange(
            code="restoration",
            title="restoration",
            installs=GuardianshipKind.PARENT,
            event="children.GuardianshipRestored",
            rules=("R-GD-8",),
            statement="被撤销监护人资格的父母, 确有悔改表现的, 经其申请可恢复监护人资格; "
            "对被监护人实施"
            "故意犯罪的除外 (民法典 第38条) — a court restores a parent's guardianship",
            recorders=frozenset({Role.COURT}),
            members=(
                Member(
                    "ruling", True, "the ruling on a petition about this child (outcome restored)"
                ),
                Member("filed_on", True, "the day the parent applied: the restoration petition's"),
            ),
            preconditions=(
                *_ruling(p.ruling_restored, "restored"),
                _pre(
                    p.concerned_is_a_parent,
                    "not-a-parent",
                    "R-GD-8",
                    "仅限父母 — only a parent's guardianship is restored",
                ),
                _pre(
                    p.restorable,
                    "restoration-not-allowed",
                    "R-GD-8",
                    "对被监护人实施故意犯罪的不得恢复; 撤销后三个月至一年内申请 (2014 意见 "
                    "第38条) — "
                    "a revocation on this file, not for an intentional crime against the child, "
                    "applied for 3 months to 1 year after it",
                    also=("no-revocation-to-restore", "restoration-outside-window"),
                ),
                _pre(
                    p.takes_effect_when_ruled,
                    "date-in-future",
                    "R-GD-8",
                    "自裁判之日起生效 — it takes effect when ruled; the court-appointed "
                    "guardianship ends at the same moment",
                ),
            ),
        ),
    )
}
"""Every kind of change of guardianship, by its code (R-GD-1…10)."""


def check_change(
    record: ArrangementsMixin,
    code: str,
    *,
    actor_role: str,
    now: datetime,
    request: dict[str, Any],
) -> Change:
    """Check a change of kind ``code``: the actor's role among its recorders, then each
    precondition in the table's order. Returns what the checks found."""
    entry = GUARDIANSHIP_CHANGES[code]
    role = check_role(actor_role, entry.recorders, entry.title)
    change = Change(
        record=record,
        kind=entry.installs or GuardianshipKind.NONE_EMERGENCY,
        role=role,
        now=now,
        request=request,
    )
    for precondition in entry.preconditions:
        precondition.check(change, precondition.rule)
    return change


GUARDIANSHIP_RECORDERS: Mapping[GuardianshipKind, frozenset[Role]] = {
    GuardianshipKind.PARENT: GUARDIANSHIP_CHANGES["parent"].recorders,
    GuardianshipKind.ENTRUSTED_RELATIVE: GUARDIANSHIP_CHANGES["entrusted_relative"].recorders,
    GuardianshipKind.ENTRUSTED_OTHER: GUARDIANSHIP_CHANGES["entrusted_other"].recorders,
    GuardianshipKind.APPOINTED: GUARDIANSHIP_CHANGES["appointed"].recorders,
    GuardianshipKind.INSTITUTIONAL: GUARDIANSHIP_CHANGES["institutional"].recorders,
    GuardianshipKind.TEMPORARY: GUARDIANSHIP_CHANGES["temporary"].recorders,
    GuardianshipKind.COURT_APPOINTED: GUARDIANSHIP_CHANGES["court_appointed"].recorders,
    GuardianshipKind.NONE_EMERGENCY: GUARDIANSHIP_CHANGES["absent"].recorders,
}
"""Who may record each kind of arrangement (R-GD-3…R-GD-8), read from the table."""

RULING_DISMISSED = _ruling(p.ruling_dismissed, "dismissed the petition")
"""What a dismissal is checked for: a court's ruling about this child, applied once (R-GD-8)."""

RETURN_RECORDERS = GUARDIANSHIP_CHANGES["return"].recorders
"""Who records that a child returns from emergency care to the guardian in force (R-EM-1)."""

RESTORERS = GUARDIANSHIP_CHANGES["restoration"].recorders
"""Restoration is by court ruling only (R-GD-8)."""
