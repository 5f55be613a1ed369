"""The words of a child's file: thresholds, controlled vocabularies, who records what.

Every value here is data with its source (国发〔2016〕13号, C4, C5, 民法典, 未成年人保护法);
commands check input against these vocabularies and name them in refusals.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from domain.records.actors import Role

LEFT_BEHIND_AGE = 16
"""Left-behind children are under 16 (国发〔2016〕13号, R-CH-3)."""


LIVING_ALONE_AGE = 16
"""A child under 16 must never live alone without guardianship (R-GD-2)."""


ADULT_AGE = 18
"""Majority (民法典 第17条); the allowance rule of R-CH-5."""


ASSESSMENT_INTERVAL_MONTHS = 6
"""Assessments twice a year (评估每年进行两次, R-AS-1): overdue after six calendar months."""


ALLOWANCE_MONTHS_AFTER_ADULTHOOD = 6
"""At least six more months of the basic living allowance after turning 18 (R-CH-5)."""


RESTORATION_WINDOW_MONTHS = (3, 12)
"""Restoration applied for 3 months to 1 year after revocation (2014 意见 第38条, R-GD-8)."""


class Sex(StrEnum):
    """Sex as on the household register."""

    FEMALE = "female"
    MALE = "male"


class Category(StrEnum):
    """Categories of children in difficulty (R-CH-2); a child may be in several."""

    POVERTY_LIFE = "poverty_life"  # 因家庭贫困导致生活困难
    POVERTY_MEDICAL = "poverty_medical"  # 就医困难
    POVERTY_SCHOOLING = "poverty_schooling"  # 就学困难
    DISABILITY = "disability"  # 因自身残疾导致康复、照料、护理和社会融入等困难
    GUARDIANSHIP_MISSING = "guardianship_missing"  # 家庭监护缺失
    GUARDIANSHIP_IMPROPER = "guardianship_improper"  # 监护不当 (虐待、遗弃、意外伤害、不法侵害)
    ORPHAN = "orphan"  # 孤儿
    LEFT_BEHIND = "left_behind"  # 农村留守儿童: only through entry and exit (R-CH-3)


class GuardianshipKind(StrEnum):
    """Kinds of guardianship arrangement (R-GD-9)."""

    PARENT = "parent"  # 父母监护 (R-GD-1)
    ENTRUSTED_RELATIVE = "entrusted_relative"  # 委托祖父母、外祖父母、成年兄姐 (R-GD-3)
    ENTRUSTED_OTHER = "entrusted_other"  # 委托非直系亲属、朋友 (R-GD-4)
    APPOINTED = "appointed"  # 镇政府指定 (R-GD-5)
    INSTITUTIONAL = "institutional"  # 民政儿童福利机构 (R-GD-6)
    TEMPORARY = "temporary"  # 临时监护, emergency hand-over (R-GD-7)
    COURT_APPOINTED = "court_appointed"  # 撤销后另行指定 (R-GD-8)
    NONE_EMERGENCY = "none_emergency"  # no guardian present: the R-GD-2 alert


class ParentSituation(StrEnum):
    """Where a parent stands, for left-behind status (R-CH-3)."""

    AWAY = "away"  # 外出务工
    AT_HOME = "at_home"
    INCAPABLE = "incapable"  # 无监护能力 (重病、重残等)


class LeftBehindExit(StrEnum):
    """Why a child leaves the left-behind ledger (退出制度, R-CH-3)."""

    PARENTS_RETURNED = "parents_returned"  # 父母外出返乡
    MOVED_WITH_PARENTS = "moved_with_parents"  # 随迁
    TURNED_16 = "turned_16"
    OTHER = "other"


class AssessmentResult(StrEnum):
    """Assessment results (R-AS-2)."""

    GOOD = "good"  # 较好
    FAIR = "fair"  # 一般
    POOR = "poor"  # 差


class HelpLevel(StrEnum):
    """Help triggered by an assessment result (R-AS-2)."""

    REGULAR_CONTACT = "regular_contact"  # 关心式帮扶: 经常联系、定期走访
    FOCUSED_CARE = "focused_care"  # 关爱式帮扶: 重点关注心理健康和日常行为
    PROTECTIVE = "protective"  # 保护式帮扶: 解决实际困难, 组织专业服务


@dataclass(frozen=True)
class AssessmentOutcome:
    """One result of an assessment, the help it triggers and the criteria C5 gives for it."""

    result: AssessmentResult
    statement: str
    help_level: HelpLevel
    help_statement: str
    criteria: Mapping[str, str]
    """Criterion code → what C5 says (an assessment records those it observed)."""


ASSESSMENT_TABLE: tuple[AssessmentOutcome, ...] = (
    AssessmentOutcome(
        result=AssessmentResult.GOOD,
        statement="较好 — good",
        help_level=HelpLevel.REGULAR_CONTACT,
        help_statement="关心式帮扶: 经常联系、定期走访 — regular contact and visits",
        criteria={
            "guardian_fulfils_duties": "委托监护人较好履行监护职责",
            "needs_well_secured": "生活、教育、身心健康等方面得到较好保障",
        },
    ),
    AssessmentOutcome(
        result=AssessmentResult.FAIR,
        statement="一般 — fair",
        help_level=HelpLevel.FOCUSED_CARE,
        help_statement="关爱式帮扶: 重点关注心理健康和日常行为 — mental health and behaviour",
        criteria={
            "guardian_basically_fulfils_duties": "委托监护人能基本履行监护职责",
            "needs_basically_secured": "生活、教育、身心发展等方面得到基本保障",
            "risk_bad_behaviour": "有不良行为等潜在风险",
            "risk_psychological": "有心理失当等潜在风险",
        },
    ),
    AssessmentOutcome(
        result=AssessmentResult.POOR,
        statement="差 — poor",
        help_level=HelpLevel.PROTECTIVE,
        help_statement="保护式帮扶: 解决实际困难, 组织专业服务 — practical and professional help",
        criteria={
            "no_guardian": "无人监护",
            "one_parent_away_other_incapable": "父母一方外出务工, 另一方无监护能力",
            "guardian_lacks_capacity": "委托监护人监护教育能力不足",
            "needs_not_secured": "生活、教育、身心发展得不到有效保障",
            "psychological_disorder": "心理失当",
            "dropped_out": "辍学",
            "serious_bad_behaviour": "严重不良行为",
            "wandering_or_begging": "外出流浪乞讨",
        },
    ),
)
"""Assessment results (R-AS-2), each declared once: the help level and the criteria below
are read from here, and ``docs/guardianship.md`` prints it."""

HELP_LEVEL = {outcome.result: outcome.help_level for outcome in ASSESSMENT_TABLE}
"""Result → help level (R-AS-2)."""

ASSESSMENT_CRITERIA: dict[AssessmentResult, dict[str, str]] = {
    outcome.result: dict(outcome.criteria) for outcome in ASSESSMENT_TABLE
}
"""The criteria C5 gives for each result; an assessment records those it observed (R-AS-2)."""


HELPER_KINDS = {
    "party_cadre": "党员干部",
    "teacher": "教师",
    "village_cadre": "村干部",
    "social_worker": "社会工作者",
    "volunteer": "志愿者",
}
"""One-to-one helpers (一对一, R-AS-3)."""


VISIT_KINDS = {
    "home_visit": "党员干部上门家访",
    "resident_cadre_visit": "驻村干部探访",
    "social_worker_follow_up": "专业社会工作者随访",
    "committee_visit": "村(居)民委员会定期家访",
}
"""Visits (R-AS-3; C5 动态监测 by the committee)."""


PARENT_RELATIONS = frozenset({"father", "mother", "parents"})
"""Relations that make a guardian a parent (R-GD-1); ``parents`` is both jointly."""


DIRECT_RELATIVE_RELATIONS = frozenset(
    {
        "paternal_grandfather",
        "paternal_grandmother",
        "maternal_grandfather",
        "maternal_grandmother",
        "adult_brother",
        "adult_sister",
    }
)
"""祖父母、外祖父母、成年兄姐: entrusted after the committee's capacity assessment (R-GD-3)."""


TEMPORARY_RECEIVERS = frozenset(
    {"relative", "village_committee", "other_adult", "welfare_institution", "rescue_institution"}
)
"""Who receives a child in an emergency hand-over (R-GD-7; C4: 亲属、村(居)民委员会、其他成年人、
儿童福利机构、未成年人救助保护机构)."""


EXCLUSION_GROUNDS = {
    "prior_offence": "曾实施性侵害、虐待、遗弃、拐卖、暴力伤害等违法犯罪行为",
    "addiction": "有吸毒、酗酒、赌博等恶习",
    "neglected_guardianship": "曾拒不履行或者长期怠于履行监护、照护职责",
    "otherwise_unsuitable": "其他不适宜担任被委托人的情形",
}
"""Who may not be entrusted with a child (未成年人保护法 第22条, R-GD-4)."""


INSTITUTIONAL_GROUNDS = {
    "orphan": "孤儿、查找不到生父母的儿童",
    "no_guardian_available": "父母没有监护能力且无其他监护人 (民法典 第32条)",
    "court_appointed_civil_affairs": "人民法院指定由民政部门担任监护人",
}
"""Grounds for institutional guardianship by civil affairs (R-GD-6)."""


NO_GUARDIAN_GROUNDS = frozenset({"orphan", "no_guardian_available"})
"""Civil affairs guard on these grounds only when nobody guards the child (民法典 第32条;
未成年人保护法 第92、94条): see :meth:`ChildRecord.check_no_parental_guardianship`."""


CIVIL_AFFAIRS_RELATIONS = frozenset({"civil_affairs", "institution"})
"""How a ruling names civil affairs as the new guardian (民法典 第36条 另行指定: 民政部门, or
its child welfare institution): such a ruling is carried out by institutional guardianship on
the ground ``court_appointed_civil_affairs`` (R-GD-6)."""


FEE_PERIODS = frozenset({"month", "year", "lump_sum"})


FEE_PAYERS = frozenset({"parents", "subsidy", "parents_and_subsidy"})


# -- who may record what (R-AC-1) ---------------------------------------------------------

FILE_KEEPERS = frozenset({Role.CIVIL_AFFAIRS, Role.TOWN_OFFICE, Role.VILLAGE_COMMITTEE})
"""Register the child and keep the file up to date (R-CH-1: town ledger, committee 动态监测)."""


EMERGENCY_KINDS = frozenset({GuardianshipKind.TEMPORARY, GuardianshipKind.NONE_EMERGENCY})
"""Emergency records (R-GD-7, R-GD-2): they stand in for the guardian in force, never replace
it, and are recorded whatever guardian is in force (R-GD-10)."""


ENTRUSTED_KINDS = frozenset({GuardianshipKind.ENTRUSTED_RELATIVE, GuardianshipKind.ENTRUSTED_OTHER})
"""Entrustment (委托监护, R-GD-3, R-GD-4): the parents' choice, recorded by committee or town."""


PARENTAL_KINDS = frozenset({GuardianshipKind.PARENT, GuardianshipKind.APPOINTED} | ENTRUSTED_KINDS)
"""Arrangements under a parent's guardianship: the parents, and those caring under their
entrustment or the town's appointment — the parents stay the guardians (民法典 第27条)."""


ASSESSORS = frozenset({Role.TOWN_OFFICE})
"""The town assesses (R-AS-1)."""


HOME_ASSESSORS = frozenset({Role.CIVIL_AFFAIRS})
"""Civil affairs assesses the home before a child in temporary care returns (R-EM-1)."""
