"""What is reported and what must follow: who reports (R-RP-1), the situations (R-RP-2,
R-RP-4) and the police response each needs (R-EM-1), the town's arrangement (R-EM-2).

Adding a situation is one entry in :data:`SITUATIONS`: its source and the response it
needs; :func:`check_police_actions` reads the police's obligations from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import domain.records.children.errors as ce
from domain.records.actors import Role

# -- who reports (R-RP-1) ------------------------------------------------------------------


class InstitutionKind(StrEnum):
    """Who reports (R-RP-1); all but ``citizen`` are under the mandatory-reporting duty."""

    SCHOOL = "school"  # 学校
    KINDERGARTEN = "kindergarten"  # 幼儿园
    MEDICAL = "medical"  # 医疗机构
    VILLAGE_COMMITTEE = "village_committee"  # 村(居)民委员会
    SOCIAL_WORK = "social_work"  # 社会工作服务机构
    RELIEF_WELFARE = "relief_welfare"  # 救助管理机构、福利机构
    OTHER_STATE_ORGAN = "other_state_organ"  # 其他国家机关 (未成年人保护法 第11条)
    CLOSE_CONTACT_UNIT = "close_contact_unit"  # 密切接触未成年人的单位
    CITIZEN = "citizen"  # 其他公民、社会组织: not a duty, commended (R-RP-2)


REPORTING_ROLES = frozenset({Role.REPORTER, Role.VILLAGE_COMMITTEE, Role.POLICE})
"""Mandatory reporters file; the police also record reports received from the public."""

REPORTER_VISIBLE_ROLES = frozenset({Role.POLICE})
"""Roles that see who reported (R-RP-3): the police, who investigate with the reporter."""

LOCATING_ROLES = frozenset(
    {Role.CIVIL_AFFAIRS, Role.TOWN_OFFICE, Role.VILLAGE_COMMITTEE, Role.POLICE, Role.OVERSIGHT}
)
"""Roles that see where the child of a report lives (its ``area``, the town informed): those
that read a report as the staff of its area (R-CH-4; ADR 0005 — outside the area a caller
learns neither a file's id nor its area). A reporter (a school, a hospital) names children
from anywhere and sees its own report without the child's village or town (attack finding
#7), unless it gave the village itself for a child without a file."""

LINKING_ROLES = frozenset(
    {Role.POLICE, Role.CIVIL_AFFAIRS, Role.TOWN_OFFICE, Role.VILLAGE_COMMITTEE}
)
CLOSING_ROLES = frozenset({Role.TOWN_OFFICE, Role.POLICE})


# -- what is reported, and what the police must do (R-RP-2, R-RP-4, R-EM-1) -----------------


@dataclass(frozen=True)
class Situation:
    """A reportable situation: where the duty comes from and which response it needs."""

    source: str
    response: str


SITUATIONS: dict[str, Situation] = {
    # R-RP-2 (C5)
    "living_alone": Situation("C5 脱离监护单独居住生活", "unsupervised"),
    "missing": Situation("C5 失踪", "missing"),
    "guardian_incapable": Situation("C5 监护人丧失监护能力", "guardian_problem"),
    "guardian_failing": Situation("C5 监护人不履行监护责任", "guardian_problem"),
    "domestic_violence": Situation("C5 疑似遭受家庭暴力", "domestic_violence"),
    "accidental_injury": Situation("C5 疑似遭受意外伤害", "injury"),
    "unlawful_harm": Situation("C5 疑似遭受不法侵害", "harm"),
    # R-RP-4 (2020 强制报告 意见; names ours, wording to be checked before display)
    "private_parts_injury": Situation("2020 意见: 隐私部位非正常损伤", "harm"),
    "sexual_abuse_suspected": Situation("2020 意见: 遭受或疑似遭受性侵害、怀孕、流产", "harm"),
    "multiple_injuries": Situation("2020 意见: 多处损伤、严重营养不良、意识不清", "harm"),
    "abnormal_injury_or_death": Situation("2020 意见: 非正常原因导致伤残、死亡", "harm"),
    "abandonment": Situation("2020 意见: 被遗弃或长期处于无人照料状态", "abandonment"),
    "unknown_origin": Situation("2020 意见: 来源不明", "origin"),
    "trafficking_suspected": Situation("2020 意见: 被拐卖、收买", "origin"),
    "organised_begging": Situation("2020 意见: 被组织乞讨", "begging"),
    "other_serious_harm": Situation("2020 意见: 其他严重侵害或面临不法侵害危险", "harm"),
}
"""The situation vocabulary (R-RP-2 + R-RP-4); extend it by adding entries."""

POLICE_ACTIONS = {
    "investigate": "出警调查",
    "order_parents_return": "责令父母立即返回",
    "name_entrusted_guardian": "责令确定受委托监护人",
    "admonish_parents": "对父母进行训诫",
    "entrust_other_relative": "委托其他亲属监护照料",
    "escort_to_relatives": "护送至其他近亲属予以临时监护照料",
    "escort_to_committee": "护送至村(居)民委员会予以临时监护照料",
    "escort_to_institution": "护送至救助管理机构、福利机构予以临时监护照料",
    "notify_parents": "协助通知父母立即返回或重新确定受委托监护人",
    "missing_child_search": "按照儿童失踪快速查找机制开展调查",
    "stop_violence": "依法制止家庭暴力",
    "place_in_shelter": "协助民政部门安置到临时庇护场所、救助管理机构或者福利机构",
    "stop_harm": "依法制止侵害行为",
    "protect_child": "实施保护",
    "collect_evidence": "调查取证",
    "assist_medical_care": "协助就医",
    "injury_assessment": "鉴定伤情",
}
"""Police actions (R-EM-1)."""

ESCORTS = frozenset({"escort_to_relatives", "escort_to_committee", "escort_to_institution"})
HANDOVER_ACTIONS = ESCORTS | {"place_in_shelter"}
"""Actions that hand the child over: each needs a written hand-over (R-GD-7)."""

ALWAYS_FITTING = frozenset({"investigate"})


@dataclass(frozen=True)
class Response:
    """What R-EM-1 asks of the police for one situation.

    Every action of ``all_of``, at least one of ``one_of`` (when not empty), and any
    further actions from ``may``.
    """

    all_of: frozenset[str] = frozenset()
    one_of: frozenset[str] = frozenset()
    may: frozenset[str] = frozenset()


_PARENTS_UNREACHABLE = Response(all_of=frozenset({"notify_parents"}), one_of=ESCORTS)

RESPONSES: dict[tuple[str, bool | None], Response] = {
    # 单独居住生活: 责令父母立即返回或确定受委托监护人, 并对父母进行训诫
    ("unsupervised", True): Response(
        all_of=frozenset({"admonish_parents"}),
        one_of=frozenset({"order_parents_return", "name_entrusted_guardian"}),
    ),
    # 联系不上父母: 就近护送…予以临时监护照料, 并协助通知父母
    ("unsupervised", False): _PARENTS_UNREACHABLE,
    # 监护人丧失监护能力或不履行监护责任: 联系父母立即返回或委托其他亲属监护照料
    ("guardian_problem", True): Response(
        one_of=frozenset({"order_parents_return", "entrust_other_relative"}),
        may=frozenset({"admonish_parents"}),
    ),
    ("guardian_problem", False): _PARENTS_UNREACHABLE,
    # 失踪: 儿童失踪快速查找机制
    ("missing", None): Response(all_of=frozenset({"missing_child_search"})),
    # 家庭暴力: 依法制止, 必要时安置; 调查取证, 协助就医、鉴定伤情
    ("domestic_violence", None): Response(
        all_of=frozenset({"stop_violence", "collect_evidence"}),
        may=frozenset({"place_in_shelter", "assist_medical_care", "injury_assessment"}),
    ),
    # 其他不法侵害: 依法制止侵害行为、实施保护; 调查取证…
    ("harm", None): Response(
        all_of=frozenset({"stop_harm", "protect_child", "collect_evidence"}),
        may=frozenset({"place_in_shelter", "assist_medical_care", "injury_assessment"}),
    ),
    # 意外伤害: 实施保护; 调查取证…
    ("injury", None): Response(
        all_of=frozenset({"protect_child", "collect_evidence"}),
        may=frozenset({"stop_harm", "assist_medical_care", "injury_assessment"}),
    ),
    ("abandonment", None): Response(
        all_of=frozenset({"protect_child"}),
        one_of=ESCORTS | {"place_in_shelter"},
        may=frozenset({"collect_evidence", "notify_parents", "assist_medical_care"}),
    ),
    ("origin", None): Response(
        all_of=frozenset({"protect_child", "collect_evidence"}),
        one_of=ESCORTS | {"place_in_shelter"},
        may=frozenset({"missing_child_search", "assist_medical_care"}),
    ),
    ("begging", None): Response(
        all_of=frozenset({"stop_harm", "protect_child", "collect_evidence"}),
        may=ESCORTS | {"place_in_shelter", "notify_parents", "assist_medical_care"},
    ),
}
"""Situation response → what the police must and may do, by whether the parents were reached."""

PARENT_DEPENDENT = frozenset({"unsupervised", "guardian_problem"})
"""Responses that depend on whether the parents could be reached (R-EM-1)."""


def response_for(situation: str, parents_reached: bool) -> Response:
    """The R-EM-1 response for one situation."""
    group = SITUATIONS[situation].response
    return RESPONSES[(group, parents_reached if group in PARENT_DEPENDENT else None)]


def situation_words(situation: str) -> str:
    """A situation in the user's words: its code and where the duty is written."""
    return f"{situation} ({SITUATIONS[situation].source})"


def action_words(actions: Iterable[str]) -> str:
    """Police actions in the user's words: each code with its Chinese name (R-EM-1)."""
    return ", ".join(f"{a} ({POLICE_ACTIONS[a]})" for a in sorted(actions))


def check_police_actions(situations: list[str], actions: list[str], parents_reached: bool) -> None:
    """The actions include what each situation requires and nothing that fits none (R-EM-1).

    What a situation requires is read from its entry in :data:`SITUATIONS` (its response,
    :func:`response_for`), so adding a situation is one entry. Refusals name the field
    ``actions``, the situation and the actions in words, and the actions allowed.
    """
    done = set(actions)
    fitting = set(ALWAYS_FITTING)
    for situation in situations:
        response = response_for(situation, parents_reached)
        missing = sorted(response.all_of - done)
        if missing:
            raise ce.PoliceActionRequired(
                f"actions: the situation {situation_words(situation)} requires "
                f"{action_words(missing)} (R-EM-1)",
                field="actions",
                allowed=sorted(response.all_of | response.one_of | response.may | ALWAYS_FITTING),
            )
        if response.one_of and not response.one_of & done:
            raise ce.PoliceActionRequired(
                f"actions: the situation {situation_words(situation)} requires one of "
                f"{action_words(response.one_of)} (R-EM-1)",
                field="actions",
                allowed=sorted(response.one_of),
            )
        fitting |= response.all_of | response.one_of | response.may
    unfit = sorted(done - fitting)
    if unfit:
        reported = "; ".join(situation_words(s) for s in situations)
        raise ce.PoliceActionUnfit(
            f"actions: {action_words(unfit)} fits none of the situations reported: {reported} "
            "(R-EM-1)",
            field="actions",
            allowed=sorted(fitting),
        )


# -- the town's arrangement (R-EM-2) ----------------------------------------------------------

DEPARTMENTS = {
    "police": "公安",
    "civil_affairs": "民政",
    "education": "教育",
    "justice": "司法",
    "human_resources": "人力资源社会保障",
    "health": "卫计",
    "womens_federation": "妇联",
    "youth_league": "共青团",
}
"""Who the town organises with (R-EM-2)."""

MEASURES = {
    "guardianship_guidance": "监护指导",
    "medical_care": "医疗救治",
    "counselling": "心理疏导",
    "behaviour_correction": "行为矫治",
    "legal_services": "法律服务",
    "legal_aid": "法律援助",
}
"""Help the town arranges (R-EM-2)."""

ASSESSMENT_ASPECTS = ("safety", "guardianship", "health")
"""安全情况、监护情况、身心健康状况 (R-EM-2)."""
