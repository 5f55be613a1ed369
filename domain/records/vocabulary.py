# Long because: the one registry of every vocabulary the API accepts (codes beside their Chinese
# labels); one list a reader scans, each entry a short call naming its source table and rule.
"""Every vocabulary the API accepts, each stable code beside its Chinese label (中文标签).

The codes are the domain's own — taken from the enums, tables and constants where the rules
are kept (``children``, ``reports``, ``enforcement``, ``catalogue``, ``actors``), never
written a second time here — and the labels are the terms of the law texts (seed C4, C5, T74;
民法典, 未成年人保护法, 行政处罚法; ``docs`` and ``domain-rules.md``). Where the domain already
keeps a Chinese term beside a code (police actions, measures, grounds, helper kinds…), that
term is the label.

Screens show the label and send the code; error messages may name both. A label is display
text: changing one changes no stored byte, no event hash and no error ``code``. Adding a code
to a domain vocabulary needs its label here (``tests/unit/test_vocabulary.py`` fails
otherwise, and so does the walk of the served OpenAPI in
``tests/integration/test_openapi_typed.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from domain.records import catalogue, enforcement, file_review, oversight, reports, staff
from domain.records import children as ch
from domain.records.actors import Role, Status
from domain.records.children.alerts import FILE_ALERTS
from domain.records.children.allowance import SchoolLevel
from domain.records.children.file import CorrectableField
from domain.records.enforcement import deadlines, lifecycle, progress


@dataclass(frozen=True)
class Vocabulary:
    """A controlled vocabulary: its ``codes`` in the domain's order, the ``labels`` of those
    codes (中文), what it is ``about`` and the rule it serves."""

    name: str
    codes: tuple[str, ...]
    labels: Mapping[str, str]
    about: str
    rule: str

    def label(self, code: str) -> str:
        """The Chinese label of ``code`` (KeyError for a code outside the vocabulary)."""
        return self.labels[code]

    def missing_labels(self) -> list[str]:
        """Codes without a non-blank label: empty for a complete vocabulary."""
        return [c for c in self.codes if not self.labels.get(c, "").strip()]


def _vocabulary(
    name: str, codes: Iterable[object], labels: Mapping[str, str], about: str, rule: str
) -> Vocabulary:
    ordered = tuple(str(c) for c in codes)
    return Vocabulary(
        name=name,
        codes=ordered,
        labels=MappingProxyType({c: labels[c] for c in ordered if c in labels}),
        about=about,
        rule=rule,
    )


def _situation_label(source: str) -> str:
    """The law's words of a reportable situation, without where they come from."""
    return source.split(": ", 1)[-1].removeprefix("C5 ")


ROLE_LABELS: dict[str, str] = {
    Role.OFFICER: "行政执法人员",
    Role.LEGAL_REVIEWER: "法制审核人员",
    Role.AGENCY_HEAD: "行政机关负责人",
    Role.OVERSIGHT: "行政执法监督机构",
    Role.COURT: "人民法院",
    Role.CIVIL_AFFAIRS: "民政部门",
    Role.TOWN_OFFICE: "镇政府(街道办事处)",
    Role.VILLAGE_COMMITTEE: "村(居)民委员会",
    Role.POLICE: "公安机关",
    Role.REPORTER: "强制报告义务人",
    Role.ADMIN: "系统管理员",
}

_ACTION_TYPE_LABELS = {
    "penalty": "行政处罚",
    "licensing": "行政许可",
    "coercion": "行政强制",
    "levy": "行政征收",
    "fee": "行政收费",
    "inspection": "行政检查",
}

_STEP_KIND_LABELS = {
    "credentials_shown": "出示执法证件、告知",
    "on_site_inspection": "现场检查",
    "random_check": "随机抽查",
    "investigation": "调查取证",
    "evidence_preservation": "证据保全",
    "hearing": "听证",
    "coercive_measure": "行政强制",
    "service": "送达",
    "other": "其他",
}

_GUARDIANSHIP_KIND_LABELS = {
    "parent": "父母监护",
    "entrusted_relative": "委托祖父母、外祖父母、成年兄姐监护",
    "entrusted_other": "委托其他亲属、朋友监护",
    "appointed": "镇政府(街道办事处)指定监护",
    "institutional": "民政部门儿童福利机构监护",
    "temporary": "临时监护",
    "court_appointed": "人民法院另行指定监护",
    "none_emergency": "无人监护(应急)",
}

_BY_RULING_OR_EMERGENCY = {ch.GuardianshipKind.COURT_APPOINTED, ch.GuardianshipKind.NONE_EMERGENCY}

VOCABULARIES: Mapping[str, Vocabulary] = MappingProxyType(
    {
        v.name: v
        for v in (
            _vocabulary("role", Role, ROLE_LABELS, "roles of actors", "R-AC-1"),
            _vocabulary(
                "action_type",
                enforcement.ActionType,
                _ACTION_TYPE_LABELS,
                "kinds of enforcement action (case kinds)",
                "R-EN-1",
            ),
            _vocabulary(
                "step_kind", enforcement.StepKind, _STEP_KIND_LABELS, "steps of a case", "R-AV-1"
            ),
            _vocabulary(
                "touches",
                enforcement.Touches,
                {
                    "personal_freedom": "人身自由",
                    "life_health": "生命健康",
                    "major_property": "重大财产权益",
                },
                "what a step directly touches",
                "R-AV-3",
            ),
            _vocabulary(
                "party_kind",
                enforcement.PartyKind,
                {"person": "公民", "organisation": "法人或者其他组织"},
                "the party of a case",
                "R-LR-9",
            ),
            _vocabulary(
                "review_result",
                ("passed", "rejected"),
                {"passed": "审核通过", "rejected": "审核未通过"},
                "outcome of a legal review",
                "R-LR-6",
            ),
            _vocabulary(
                "collective_conclusion",
                enforcement.Conclusion,
                {
                    "decide_as_drafted": "同意按草案作出决定",
                    "revise_draft": "退回修改草案",
                    "no_penalty": "不予行政处罚",
                    "transfer_to_judiciary": "移送司法机关",
                },
                "conclusion of the heads' collective discussion (集体讨论)",
                "R-EN-7",
            ),
            _vocabulary(
                "file_review_rating",
                file_review.RATINGS,
                {"excellent": "优秀", "qualified": "合格", "unqualified": "不合格"},
                "rating of a case-file review (案卷评查)",
                "R-SV-1",
            ),
            _vocabulary(
                "file_review_item",
                file_review.ITEM_LABELS,
                file_review.ITEM_LABELS,
                "headings of the case-file review checklist (案卷评查)",
                "R-SV-1",
            ),
            _vocabulary(
                "complaint_channel",
                oversight.CHANNELS,
                oversight.CHANNELS,
                "how a complaint about enforcement reached oversight (投诉举报渠道)",
                "R-SV-3",
            ),
            _vocabulary(
                "complaint_outcome",
                oversight.Outcome,
                oversight.OUTCOME_LABELS,
                "what the investigation of a complaint concluded",
                "R-SV-3",
            ),
            _vocabulary(
                "reply_channel",
                oversight.REPLY_CHANNELS,
                oversight.REPLY_CHANNELS,
                "how the complainant was answered",
                "R-SV-3",
            ),
            _vocabulary(
                "complaint_stage",
                oversight.Stage,
                oversight.STAGE_LABELS,
                "where a complaint stands",
                "R-SV-3",
            ),
            _vocabulary(
                "complaint_queue_status",
                oversight.QUEUE_STATUSES,
                {
                    "open": "办理中",
                    "due_soon": "即将到期",
                    "overdue": "逾期未答复",
                    "replied": "已答复",
                },
                "which complaints the oversight queue lists",
                "R-SV-3",
            ),
            _vocabulary(
                "sanction_kind",
                oversight.SANCTION_KINDS,
                oversight.SANCTION_KINDS,
                "sanctions on an officer (S75 暂扣或者没收行政执法证件)",
                "R-SV-4",
            ),
            _vocabulary(
                "sanction_basis",
                oversight.BASIS_KINDS,
                oversight.BASIS_KINDS,
                "the finding a sanction rests on",
                "R-SV-4",
            ),
            _vocabulary(
                "publication_status",
                ("published", "due", "overdue"),
                {"published": "已公示", "due": "待公示", "overdue": "逾期未公示"},
                "where a decision's publication stands",
                "R-PB-2",
            ),
            # The end of a case (domain/records/enforcement/lifecycle.py, deadlines.py).
            _vocabulary(
                "case_ending",
                lifecycle.Ending,
                lifecycle.ENDING_LABELS,
                "how a case ended",
                "R-EN-5",
            ),
            _vocabulary(
                "no_penalty_ground",
                lifecycle.NO_PENALTY_GROUNDS,
                lifecycle.NO_PENALTY_GROUNDS,
                "legal grounds of 不予行政处罚",
                "R-EN-5",
            ),
            _vocabulary(
                "transfer_kind",
                lifecycle.TRANSFER_KINDS,
                lifecycle.TRANSFER_KINDS,
                "to whom a case is transferred (移送)",
                "R-LR-4",
            ),
            _vocabulary(
                "service_method",
                lifecycle.SERVICE_METHODS,
                lifecycle.SERVICE_METHODS,
                "how a decision is served (送达)",
                "R-EN-6",
            ),
            _vocabulary(
                "publication_exemption",
                lifecycle.PUBLICATION_EXEMPTIONS,
                lifecycle.PUBLICATION_EXEMPTIONS,
                "grounds for not publishing a decision",
                "R-PB-2",
            ),
            _vocabulary(
                "execution_status",
                lifecycle.EXECUTION_STATUSES,
                lifecycle.EXECUTION_STATUSES,
                "where a decision's execution stands (执行)",
                "R-AV-1",
            ),
            _vocabulary(
                "set_aside_how",
                lifecycle.SET_ASIDE_HOW,
                lifecycle.SET_ASIDE_HOW,
                "what happened to a decision (行政处罚法 第48条)",
                "R-PB-2",
            ),
            _vocabulary(
                "set_aside_authority",
                lifecycle.SET_ASIDE_AUTHORITIES,
                lifecycle.SET_ASIDE_AUTHORITIES,
                "who set a decision aside",
                "R-PB-2",
            ),
            _vocabulary(
                "deadline_kind",
                deadlines.DeadlineKind,
                {
                    "decision": "作出处罚决定期限",
                    "service": "送达期限",
                    "withdrawal": "撤回公开期限",
                },
                "deadlines oversight follows",
                "R-EN-5, R-EN-6, R-PB-2",
            ),
            _vocabulary(
                "deadline_status",
                deadlines.DeadlineStatus,
                {"overdue": "已逾期", "due_soon": "即将到期", "on_time": "期限内"},
                "where an open deadline stands against today (a case's time limits, legal reviews)",
                "R-EN-5, R-EN-6, R-LR-7, R-PB-2",
            ),
            # Where a case stands, as lists show it (domain/records/enforcement/progress.py).
            _vocabulary(
                "case_status",
                progress.CaseStatus,
                progress.CASE_STATUS_LABELS,
                "where a case stands: open, ended one of the four recorded ways, or closed",
                "R-EN-5",
            ),
            _vocabulary(
                "gate_state",
                progress.GateState,
                progress.GATE_STATE_LABELS,
                "the legal-review gate of a case's current draft",
                "R-LR-1",
            ),
            _vocabulary(
                "next_step",
                progress.NextStep,
                progress.NEXT_STEP_LABELS,
                "what must happen next on a case",
                "R-AV-1",
            ),
            _vocabulary(
                "case_overdue",
                progress.Overdue,
                progress.OVERDUE_LABELS,
                "a time limit of a case run out unmet",
                "R-EN-5, R-EN-6, R-LR-7, R-PB-2",
            ),
            _vocabulary(
                "review_state",
                (s for s in enforcement.ReviewStatus if s is not enforcement.ReviewStatus.NONE),
                {
                    "pending": "待审核",
                    "passed": "审核通过",
                    "rejected": "审核未通过",
                    "stale": "已失效(草案已修改或其后记录了新的环节)",
                },
                "where a requested legal review stands",
                "R-LR-6",
            ),
            _vocabulary(
                "child_alert",
                FILE_ALERTS,
                FILE_ALERTS,
                "alerts a child's file raises",
                "R-GD-2, R-AS-1",
            ),
            _vocabulary(
                "actor_status",
                Status,
                {"active": "在岗", "suspended": "已暂停", "revoked": "已撤销"},
                "an actor's standing",
                "R-SV-4",
            ),
            _vocabulary(
                "grant_status",
                ("granted", "pending", "rejected"),
                {"granted": "已授予", "pending": "待批准", "rejected": "已驳回"},
                "where a role grant stands",
                "R-AC-1",
            ),
            _vocabulary(
                "evidence_purpose",
                ("case", "child"),
                {"case": "执法案件", "child": "儿童档案"},
                "what an upload belongs to",
                "R-AV-4",
            ),
            _vocabulary(
                "catalogue_measure",
                catalogue.MEASURES,
                catalogue.MEASURES,
                "measures of a draft decision",
                "R-LR-2",
            ),
            _vocabulary(
                "catalogue_flag", catalogue.FLAGS, catalogue.FLAGS, "facts about a draft", "R-LR-2"
            ),
            _vocabulary(
                "catalogue_action_type",
                catalogue.ACTION_TYPES,
                _ACTION_TYPE_LABELS,
                "action types a catalogue rule is limited to",
                "R-LR-2",
            ),
            _vocabulary(
                "sex",
                ch.Sex,
                {"female": "女", "male": "男"},
                "as on the household register",
                "R-CH-1",
            ),
            _vocabulary(
                "category",
                ch.Category,
                {
                    "poverty_life": "因家庭贫困导致生活困难",
                    "poverty_medical": "因家庭贫困导致就医困难",
                    "poverty_schooling": "因家庭贫困导致就学困难",
                    "disability": "因自身残疾导致康复、照料、护理和社会融入等困难",
                    "guardianship_missing": "家庭监护缺失",
                    "guardianship_improper": "监护不当",
                    "orphan": "孤儿",
                    "left_behind": "农村留守儿童",
                },
                "categories of children in difficulty",
                "R-CH-2",
            ),
            _vocabulary(
                "school_level",
                SchoolLevel,
                {
                    "primary": "小学",
                    "junior_secondary": "初中",
                    "senior_secondary": "普通高中",
                    "secondary_vocational": "中等职业学校",
                    "higher_vocational": "高等职业学校",
                    "undergraduate": "本科",
                    "special_education": "特殊教育学校",
                },
                "full-time schooling (全日制学校就读) that keeps the allowance after 18",
                "R-CH-5",
            ),
            _vocabulary(
                "correctable_field",
                CorrectableField,
                {
                    "name": "姓名",
                    "id_number": "公民身份号码",
                    "address": "住址",
                    "birth_date": "出生日期",
                    "sex": "性别",
                },
                "personal data a correction changes, with a reason",
                "R-CH-1",
            ),
            _vocabulary(
                "guardianship_kind",
                ch.GuardianshipKind,
                _GUARDIANSHIP_KIND_LABELS,
                "kinds of guardianship arrangement",
                "R-GD-9",
            ),
            _vocabulary(
                "guardianship_change",
                # The kinds a file keeper, the town, civil affairs or the police record, and
                # the two emergency verbs: ``absent`` (recorded as none_emergency) and
                # ``return``; a court's kinds come by ruling (POST /v1/petitions/{id}/ruling).
                [
                    *(k for k in ch.GuardianshipKind if k not in _BY_RULING_OR_EMERGENCY),
                    "absent",
                    "return",
                ],
                {
                    **_GUARDIANSHIP_KIND_LABELS,
                    "absent": "无人监护(应急)",
                    "return": "结束临时监护, 回归原监护人",
                },
                "changes of guardianship a file records (POST /guardianship ``kind``)",
                "R-GD-9",
            ),
            _vocabulary(
                "parent_situation",
                ch.ParentSituation,
                {"away": "外出务工", "at_home": "在家", "incapable": "无监护能力"},
                "where a parent stands",
                "R-CH-3",
            ),
            _vocabulary(
                "left_behind_exit",
                ch.LeftBehindExit,
                {
                    "parents_returned": "父母外出返乡",
                    "moved_with_parents": "随父母迁居",
                    "turned_16": "年满十六周岁",
                    "other": "其他",
                },
                "why a child leaves the left-behind ledger (退出制度)",
                "R-CH-3",
            ),
            _vocabulary(
                "assessment_result",
                ch.AssessmentResult,
                {"good": "较好", "fair": "一般", "poor": "差"},
                "results of an assessment",
                "R-AS-2",
            ),
            _vocabulary(
                "help_level",
                ch.HelpLevel,
                {
                    "regular_contact": "关心式帮扶",
                    "focused_care": "关爱式帮扶",
                    "protective": "保护式帮扶",
                },
                "help an assessment result triggers",
                "R-AS-2",
            ),
            _vocabulary(
                "assessment_criterion",
                [c for criteria in ch.ASSESSMENT_CRITERIA.values() for c in criteria],
                {c: t for criteria in ch.ASSESSMENT_CRITERIA.values() for c, t in criteria.items()},
                "criteria an assessment observed, by result",
                "R-AS-2",
            ),
            _vocabulary(
                "helper_kind", ch.HELPER_KINDS, ch.HELPER_KINDS, "one-to-one helpers", "R-AS-3"
            ),
            _vocabulary("visit_kind", ch.VISIT_KINDS, ch.VISIT_KINDS, "visits", "R-AS-3"),
            _vocabulary(
                "parent_relation",
                sorted(ch.PARENT_RELATIONS),
                {"father": "父亲", "mother": "母亲", "parents": "父母(共同)"},
                "relations that make a guardian a parent",
                "R-GD-1",
            ),
            _vocabulary(
                "direct_relative_relation",
                sorted(ch.DIRECT_RELATIVE_RELATIONS),
                {
                    "paternal_grandfather": "祖父",
                    "paternal_grandmother": "祖母",
                    "maternal_grandfather": "外祖父",
                    "maternal_grandmother": "外祖母",
                    "adult_brother": "成年兄",
                    "adult_sister": "成年姐",
                },
                "relatives entrusted after the committee's capacity assessment",
                "R-GD-3",
            ),
            _vocabulary(
                "temporary_receiver",
                sorted(ch.TEMPORARY_RECEIVERS),
                {
                    "relative": "亲属",
                    "village_committee": "村(居)民委员会",
                    "other_adult": "其他成年人",
                    "welfare_institution": "儿童福利机构",
                    "rescue_institution": "未成年人救助保护机构",
                },
                "who receives a child in an emergency hand-over",
                "R-GD-7",
            ),
            _vocabulary(
                "exclusion_ground",
                ch.EXCLUSION_GROUNDS,
                ch.EXCLUSION_GROUNDS,
                "who may not be entrusted with a child (未成年人保护法 第22条)",
                "R-GD-4",
            ),
            _vocabulary(
                "institutional_ground",
                ch.INSTITUTIONAL_GROUNDS,
                ch.INSTITUTIONAL_GROUNDS,
                "grounds for institutional guardianship",
                "R-GD-6",
            ),
            _vocabulary(
                "fee_period",
                sorted(ch.FEE_PERIODS),
                {"month": "按月", "year": "按年", "lump_sum": "一次性"},
                "period of a guardianship fee (监护报酬)",
                "R-GD-5",
            ),
            _vocabulary(
                "fee_payer",
                sorted(ch.FEE_PAYERS),
                {
                    "parents": "父母承担",
                    "subsidy": "县、镇财政补贴",
                    "parents_and_subsidy": "父母承担并由财政补贴",
                },
                "who pays a guardianship fee",
                "R-GD-5",
            ),
            _vocabulary(
                "institution_kind",
                reports.InstitutionKind,
                {
                    "school": "学校",
                    "kindergarten": "幼儿园",
                    "medical": "医疗机构",
                    "village_committee": "村(居)民委员会",
                    "social_work": "社会工作服务机构",
                    "relief_welfare": "救助管理机构、福利机构",
                    "other_state_organ": "其他国家机关",
                    "close_contact_unit": "密切接触未成年人的单位",
                    "citizen": "其他公民、社会组织",
                },
                "who reports",
                "R-RP-1",
            ),
            _vocabulary(
                "situation",
                reports.SITUATIONS,
                {code: _situation_label(s.source) for code, s in reports.SITUATIONS.items()},
                "situations to report",
                "R-RP-2, R-RP-4",
            ),
            _vocabulary(
                "police_action",
                reports.POLICE_ACTIONS,
                reports.POLICE_ACTIONS,
                "what the police did",
                "R-EM-1",
            ),
            _vocabulary(
                "department",
                reports.DEPARTMENTS,
                reports.DEPARTMENTS,
                "who the town organises with",
                "R-EM-2",
            ),
            _vocabulary(
                "help_measure",
                reports.MEASURES,
                reports.MEASURES,
                "help the town arranges",
                "R-EM-2",
            ),
            _vocabulary(
                "assessment_aspect",
                reports.ASSESSMENT_ASPECTS,
                {"safety": "安全情况", "guardianship": "监护情况", "health": "身心健康状况"},
                "what the town's assessment covers",
                "R-EM-2",
            ),
            _vocabulary(
                "report_stage",
                # The stages of the report pipeline as the ledger names them
                # (``projections/children.py``, above this room): ``assessed`` once the town
                # has arranged assessment and help (R-EM-2).
                ("reported", "responded", "town_informed", "assessed", "closed"),
                {
                    "reported": "已报告",
                    "responded": "公安已处置",
                    "town_informed": "已通报镇政府",
                    "assessed": "已评估帮扶",
                    "closed": "已结案",
                },
                "where a report stands in the pipeline",
                "R-EM-1, R-EM-2",
            ),
            _vocabulary(
                "commendation_form",
                reports.COMMENDATION_FORMS,
                reports.COMMENDATION_FORMS,
                "how a reporter without the duty is commended (C5)",
                "R-RP-2",
            ),
            _vocabulary(
                "staff_title",
                staff.STAFF_TITLES,
                staff.STAFF_TITLES,
                "posts of named child-protection staff of towns and villages (C4)",
                "R-AC-2",
            ),
            _vocabulary(
                "detention_measure",
                reports.DETENTION_MEASURES,
                reports.DETENTION_MEASURES,
                "measures that take a parent's liberty (C4)",
                "R-GD-7",
            ),
            _vocabulary(
                "detained_parent",
                reports.DETAINED_PARENTS,
                reports.DETAINED_PARENTS,
                "which parent is detained",
                "R-GD-7",
            ),
            _vocabulary(
                "petition_kind",
                reports.PetitionKind,
                {"revoke": "申请撤销监护人资格", "restore": "申请恢复监护人资格"},
                "petitions to a court on guardianship",
                "R-GD-8",
            ),
            _vocabulary(
                "revocation_ground",
                reports.REVOCATION_GROUNDS,
                reports.REVOCATION_GROUNDS,
                "grounds for revoking a guardian's qualification",
                "R-GD-8",
            ),
            _vocabulary(
                "applicant_kind",
                reports.APPLICANT_KINDS,
                reports.APPLICANT_KINDS,
                "who applies to the court",
                "R-GD-8",
            ),
            _vocabulary(
                "ruling_outcome",
                sorted({o for outcomes in reports.OUTCOMES.values() for o in outcomes}),
                {
                    "revoked": "撤销监护人资格",
                    "restored": "恢复监护人资格",
                    "dismissed": "驳回申请",
                },
                "what a court ruled",
                "R-GD-8",
            ),
        )
    }
)
"""Every vocabulary the API accepts, by name."""


def vocabulary(name: str) -> Vocabulary:
    """The vocabulary called ``name`` (KeyError for an unknown one)."""
    return VOCABULARIES[name]
