"""Mandatory reports, emergency handling and court petitions (强制报告 / 应急处置 / 监护干预).

:class:`Report` is one chained stream per mandatory report (R-RP-1…4): the reporter
and their kind of institution, the situations noticed, when they were noticed and
reported, and the child (a file, or an unidentified child linked later). Its pipeline
is enforced in order::

    reported → police responded (R-EM-1) → town informed (R-EM-1)
             → town arrangement (R-EM-2) → closed

The police's actions must fit the situations (:data:`RESPONSES`, R-EM-1), and an
incident is never closed before the town was informed. The reporter's identity is
kept in one field, ``reporter``, so that it can be hidden from roles that do not need
it (:meth:`Report.view`, R-RP-3).

:class:`GuardianshipPetition` is one stream per court petition to revoke or restore
guardianship (R-GD-8, R-IV-1). It is its own aggregate rather than events on a Report:
a petition may come without any report (a close relative applies; a restoration is
applied for up to a year later), it has its own parties and lifecycle (filed → ruled),
and a court bundle can then export the proceeding as a stream of its own. It may name
the report that led to it. A ruling carries everything
:meth:`domain.records.children.ChildRecord.apply_court_ruling` needs
(:meth:`GuardianshipPetition.ruling_for_child`), so the application layer saves the
petition and the child's file in one transaction.

Error messages name fields and rules, never personal values (R-CH-4).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from eventsourcing.domain import event

from domain.records import children_errors as ce
from domain.records.actors import Role
from domain.records.aggregate import ChainedAggregate
from domain.records.children import (
    SINGLE_PARENT_RELATIONS,
    add_months,
    check_guardian,
    check_moment_not_future,
    check_role,
    check_sha256,
    check_term,
    check_uuid,
    parse_past_day,
    relation_key,
    require_dict,
    require_text,
)
from domain.records.jurisdiction import TOWN, check_division_code, check_village_code

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


def check_police_actions(situations: list[str], actions: list[str], parents_reached: bool) -> None:
    """The actions include what each situation requires and nothing that fits none (R-EM-1)."""
    done = set(actions)
    fitting = set(ALWAYS_FITTING)
    for situation in situations:
        response = response_for(situation, parents_reached)
        missing = sorted(response.all_of - done)
        if missing:
            raise ce.PoliceActionRequired(
                f"situation {situation} requires {', '.join(missing)} (R-EM-1)", field="actions"
            )
        if response.one_of and not response.one_of & done:
            raise ce.PoliceActionRequired(
                f"situation {situation} requires one of {', '.join(sorted(response.one_of))} "
                "(R-EM-1)",
                field="actions",
                allowed=sorted(response.one_of),
            )
        fitting |= response.all_of | response.one_of | response.may
    unfit = sorted(done - fitting)
    if unfit:
        raise ce.PoliceActionUnfit(
            f"{', '.join(unfit)} fits none of the situations {', '.join(situations)} (R-EM-1)",
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


class Stage(StrEnum):
    """Where a report stands."""

    REPORTED = "reported"
    RESPONDED = "responded"
    TOWN_INFORMED = "town_informed"
    ARRANGED = "arranged"
    CLOSED = "closed"


def parse_past_moment(value: object, field: str, now: datetime) -> datetime:
    """:func:`parse_moment`, at most a few minutes ahead of the server's clock ``now``."""
    return check_moment_not_future(parse_moment(value, field), field, now)


def parse_moment(value: object, field: str) -> datetime:
    """An RFC 3339 time with a UTC offset; the error names ``field``, never the value."""
    if not isinstance(value, str) or "T" not in value:
        raise ce.InvalidField(f"{field} must be an RFC 3339 time with an offset", field=field)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ce.InvalidField(
            f"{field} must be an RFC 3339 time with an offset", field=field
        ) from None
    if moment.tzinfo is None:
        raise ce.InvalidField(f"{field} must carry a UTC offset", field=field)
    return moment


class Report(ChainedAggregate):
    """One mandatory report and its emergency handling (R-RP, R-EM)."""

    STREAM_KIND = "reports"

    @event("ReportFiled")
    def __init__(
        self,
        actor: str,
        recorded_role: str,
        reporter: dict[str, Any],
        institution_kind: str,
        situations: list[str],
        noticed_at: str,
        reported_at: str,
        child_id: str | None,
        unidentified_child: dict[str, Any] | None,
        area: str,
        summary: str,
    ) -> None:
        self.filed_by = actor
        self.filed_role = recorded_role
        self.reporter = copy.deepcopy(reporter)
        self.institution_kind = institution_kind
        self.situations = list(situations)
        self.noticed_at = noticed_at
        self.reported_at = reported_at
        self.child_id = child_id
        self.unidentified_child = copy.deepcopy(unidentified_child)
        self.area = area
        self.summary = summary
        self.stage = Stage.REPORTED
        self.responses: list[dict[str, Any]] = []
        self.town_informed: dict[str, Any] | None = None
        self.arrangement: dict[str, Any] | None = None
        self.closure: dict[str, Any] | None = None
        self.child_linked: dict[str, Any] | None = None

    @classmethod
    def file(
        cls,
        *,
        actor: str,
        actor_role: str,
        reporter: dict[str, Any],
        institution_kind: str,
        situations: list[str],
        noticed_at: str,
        reported_at: str,
        area: str,
        summary: str,
        now: datetime,
        child_id: str | None = None,
        unidentified_child: dict[str, Any] | None = None,
    ) -> Report:
        """File a mandatory report to the police (R-RP-1, R-RP-2).

        ``reporter`` (name, unit, contacts) is hidden from roles that do not need it
        (R-RP-3). Exactly one of ``child_id`` (a child's file) and ``unidentified_child``
        (a description, linked later with :meth:`link_child`). Neither time may lie in the
        future of the server's clock ``now`` (beyond a few minutes' skew).
        """
        role = check_role(actor_role, REPORTING_ROLES, "a mandatory report")
        person = require_dict(reporter, "reporter")
        require_text(person.get("name"), "reporter.name")
        check_term(institution_kind, InstitutionKind, "institution_kind")
        if not isinstance(situations, list) or not situations:
            raise ce.InvalidField(
                "situations must name at least one situation (R-RP-2)",
                field="situations",
                allowed=sorted(SITUATIONS),
            )
        for situation in situations:
            check_term(situation, SITUATIONS, "situations[]")
        noticed = parse_past_moment(noticed_at, "noticed_at", now)
        reported = parse_past_moment(reported_at, "reported_at", now)
        if reported < noticed:
            raise ce.ReportedBeforeNoticed(
                "reported_at must not be before noticed_at (R-RP-2)", field="reported_at"
            )
        if (child_id is None) == (unidentified_child is None):
            raise ce.ChildReferenceRequired("give exactly one of child_id and unidentified_child")
        if child_id is not None:
            check_uuid(child_id, "child_id")
        if unidentified_child is not None:
            require_dict(unidentified_child, "unidentified_child")
        check_village_code(area, "area")  # a real village someone covers (R-RP-2)
        require_text(summary, "summary")
        return cls(
            actor=actor,
            recorded_role=role.value,
            reporter=copy.deepcopy(person),
            institution_kind=institution_kind,
            situations=sorted(set(situations)),
            noticed_at=noticed_at,
            reported_at=reported_at,
            child_id=child_id,
            unidentified_child=copy.deepcopy(unidentified_child),
            area=area,
            summary=summary,
        )

    # -- invariants -------------------------------------------------------------------------

    def check_not_closed(self) -> None:
        """A closed report takes no further steps."""
        if self.stage is Stage.CLOSED:
            raise ce.ReportAlreadyClosed(f"report {self.id} is closed")

    def check_police_responded(self) -> None:
        """The police respond before anything else follows (R-EM-1)."""
        if not self.responses:
            raise ce.ReportStepOutOfOrder("the police have not responded to this report (R-EM-1)")

    def check_town_informed(self) -> None:
        """The town is informed by the police before it arranges help or the report closes."""
        if self.town_informed is None:
            raise ce.TownNotificationRequired(
                "the police have not recorded informing the town (R-EM-1)"
            )

    # -- steps ------------------------------------------------------------------------------

    def link_child(
        self, *, actor: str, actor_role: str, child_id: str, area: str | None = None
    ) -> None:
        """Link a report about an unidentified child to the child's file.

        ``area`` is the child's village: the report moves there, as a report about a
        named child belongs to the child's own area (its police and staff see it).
        """
        role = check_role(actor_role, LINKING_ROLES, "linking a child")
        if self.child_id is not None:
            raise ce.ChildAlreadyLinked("this report already names a child's file")
        check_uuid(child_id, "child_id")
        if area is not None:
            check_village_code(area, "area")
        self._link_child(actor=actor, recorded_role=role.value, child_id=child_id, area=area)

    @event("ChildLinked")
    def _link_child(
        self, actor: str, recorded_role: str, child_id: str, area: str | None = None
    ) -> None:
        self.child_id = child_id
        self.child_linked = {"linked_by": actor, "role": recorded_role}
        if area is not None:  # links stored by earlier versions left the report in place
            self.area = area

    def record_police_response(
        self,
        *,
        actor: str,
        actor_role: str,
        responded_at: str,
        actions: list[str],
        parents_reached: bool,
        now: datetime,
        handover_sha256: str | None = None,
        notes: str = "",
    ) -> None:
        """The police attend and act by situation (R-EM-1); a hand-over needs its record (R-GD-7).

        ``parents_reached`` decides the response for a child living alone or whose guardian
        fails: the parents are ordered back, or the child is escorted to temporary care.
        """
        role = check_role(actor_role, frozenset({Role.POLICE}), "a police response")
        self.check_not_closed()
        moment = parse_past_moment(responded_at, "responded_at", now)
        if moment < parse_moment(self.reported_at, "reported_at"):
            raise ce.InvalidField(
                "responded_at must not be before reported_at", field="responded_at"
            )
        if not isinstance(parents_reached, bool):
            raise ce.InvalidField("parents_reached must be true or false", field="parents_reached")
        if not isinstance(actions, list) or not actions:
            raise ce.PoliceActionRequired(
                "actions must name what the police did (R-EM-1)",
                field="actions",
                allowed=sorted(POLICE_ACTIONS),
            )
        for action in actions:
            check_term(action, POLICE_ACTIONS, "actions[]")
        check_police_actions(self.situations, actions, parents_reached)
        if HANDOVER_ACTIONS & set(actions):
            if handover_sha256 is None:
                raise ce.WrittenHandoverRequired(
                    "handover_sha256: handing the child over needs a written record (R-GD-7)",
                    field="handover_sha256",
                )
            check_sha256(handover_sha256, "handover_sha256")
        elif handover_sha256 is not None:
            check_sha256(handover_sha256, "handover_sha256")
        if not isinstance(notes, str):
            raise ce.InvalidField("notes must be a string", field="notes")
        self._respond(
            actor=actor,
            recorded_role=role.value,
            responded_at=responded_at,
            actions=sorted(set(actions)),
            parents_reached=parents_reached,
            handover_sha256=handover_sha256,
            notes=notes,
        )

    @event("PoliceResponded")
    def _respond(
        self,
        actor: str,
        recorded_role: str,
        responded_at: str,
        actions: list[str],
        parents_reached: bool,
        handover_sha256: str | None,
        notes: str,
    ) -> None:
        self.responses.append(
            {
                "responded_by": actor,
                "responded_at": responded_at,
                "actions": list(actions),
                "parents_reached": parents_reached,
                "handover_sha256": handover_sha256,
                "notes": notes,
            }
        )
        if self.stage is Stage.REPORTED:
            self.stage = Stage.RESPONDED

    def record_town_informed(
        self, *, actor: str, actor_role: str, town: str, informed_at: str, now: datetime
    ) -> None:
        """The police inform the child's town (通报镇(街道)), R-EM-1."""
        role = check_role(actor_role, frozenset({Role.POLICE}), "informing the town")
        self.check_not_closed()
        self.check_police_responded()
        if self.town_informed is not None:
            raise ce.ReportStepOutOfOrder("the town was informed already")
        check_division_code(town, "town", (TOWN,))
        if town != self.area[:TOWN]:
            raise ce.InvalidField(
                "town must be the town of the report's area (R-EM-1)", field="town"
            )
        moment = parse_past_moment(informed_at, "informed_at", now)
        if moment < parse_moment(self.reported_at, "reported_at"):
            raise ce.InvalidField("informed_at must not be before reported_at", field="informed_at")
        self._inform_town(actor=actor, recorded_role=role.value, town=town, informed_at=informed_at)

    @event("TownInformed")
    def _inform_town(self, actor: str, recorded_role: str, town: str, informed_at: str) -> None:
        self.town_informed = {"informed_by": actor, "town": town, "informed_at": informed_at}
        self.stage = Stage.TOWN_INFORMED

    def record_town_arrangement(
        self,
        *,
        actor: str,
        actor_role: str,
        departments: list[str],
        assessment: dict[str, str],
        measures: list[str],
        arranged_on: str,
        now: datetime,
    ) -> None:
        """The town's assessment with other departments, and the help it arranges (R-EM-2).

        ``assessment`` covers ``safety``, ``guardianship`` and ``health``; ``measures`` may
        be empty when the assessment finds no help needed.
        """
        role = check_role(actor_role, frozenset({Role.TOWN_OFFICE}), "a town arrangement")
        self.check_not_closed()
        self.check_town_informed()
        if self.arrangement is not None:
            raise ce.ReportStepOutOfOrder("the town's arrangement was recorded already")
        if not isinstance(departments, list) or not departments:
            raise ce.InvalidField(
                "departments must name who took part (R-EM-2)",
                field="departments",
                allowed=sorted(DEPARTMENTS),
            )
        for department in departments:
            check_term(department, DEPARTMENTS, "departments[]")
        body = require_dict(assessment, "assessment")
        for aspect in ASSESSMENT_ASPECTS:
            require_text(body.get(aspect), f"assessment.{aspect}")
        if not isinstance(measures, list):
            raise ce.InvalidField("measures must be a list", field="measures")
        for measure in measures:
            check_term(measure, MEASURES, "measures[]")
        day = parse_past_day(arranged_on, "arranged_on", now)
        self._arrange(
            actor=actor,
            recorded_role=role.value,
            departments=sorted(set(departments)),
            assessment={aspect: body[aspect] for aspect in ASSESSMENT_ASPECTS},
            measures=sorted(set(measures)),
            arranged_on=day.isoformat(),
        )

    @event("TownArrangementMade")
    def _arrange(
        self,
        actor: str,
        recorded_role: str,
        departments: list[str],
        assessment: dict[str, str],
        measures: list[str],
        arranged_on: str,
    ) -> None:
        self.arrangement = {
            "arranged_by": actor,
            "departments": list(departments),
            "assessment": dict(assessment),
            "measures": list(measures),
            "arranged_on": arranged_on,
        }
        self.stage = Stage.ARRANGED

    def close(
        self, *, actor: str, actor_role: str, reason: str, closed_at: str, now: datetime
    ) -> None:
        """Close the incident (R-EM-1, R-EM-2).

        Only after the police responded and informed the town, and the town made its
        arrangement.
        """
        role = check_role(actor_role, CLOSING_ROLES, "closing a report")
        self.check_not_closed()
        self.check_police_responded()
        self.check_town_informed()
        if self.arrangement is None:
            raise ce.TownArrangementRequired(
                "the town has not recorded its assessment-and-help arrangement (R-EM-2)"
            )
        require_text(reason, "reason")
        parse_past_moment(closed_at, "closed_at", now)
        self._close(actor=actor, recorded_role=role.value, reason=reason, closed_at=closed_at)

    @event("ReportClosed")
    def _close(self, actor: str, recorded_role: str, reason: str, closed_at: str) -> None:
        self.closure = {"closed_by": actor, "reason": reason, "closed_at": closed_at}
        self.stage = Stage.CLOSED

    # -- reading ----------------------------------------------------------------------------

    def report_delay_seconds(self) -> int:
        """Seconds between noticing and reporting (R-RP-2: 在第一时间)."""
        noticed = parse_moment(self.noticed_at, "noticed_at")
        reported = parse_moment(self.reported_at, "reported_at")
        return int((reported - noticed).total_seconds())

    def state(self) -> dict[str, Any]:
        """The whole report as a JSON-ready document, reporter included."""
        return {
            "report_id": str(self.id),
            "filed_by": self.filed_by,
            "filed_role": self.filed_role,
            "reporter": copy.deepcopy(self.reporter),
            "institution_kind": self.institution_kind,
            "situations": list(self.situations),
            "noticed_at": self.noticed_at,
            "reported_at": self.reported_at,
            "report_delay_seconds": self.report_delay_seconds(),
            "child_id": self.child_id,
            "unidentified_child": copy.deepcopy(self.unidentified_child),
            "child_linked": copy.deepcopy(self.child_linked),
            "area": self.area,
            "summary": self.summary,
            "stage": self.stage.value,
            "responses": copy.deepcopy(self.responses),
            "town_informed": copy.deepcopy(self.town_informed),
            "arrangement": copy.deepcopy(self.arrangement),
            "closure": copy.deepcopy(self.closure),
            "seq": self.version,
            "event_hash": self.chain_head,
        }

    def reporter_visible_to(self, viewer_role: str, viewer_id: str) -> bool:
        """Whether a viewer may see who reported (R-RP-3): the police, or the reporter."""
        return viewer_id == self.filed_by or viewer_role in {
            r.value for r in REPORTER_VISIBLE_ROLES
        }

    def view(self, viewer_role: str, viewer_id: str) -> dict[str, Any]:
        """The report as a viewer may see it: reporter and filing actor hidden (R-RP-3)."""
        document = self.state()
        if not self.reporter_visible_to(viewer_role, viewer_id):
            document["reporter"] = None
            document["filed_by"] = None
            document["reporter_hidden"] = True
        else:
            document["reporter_hidden"] = False
        return document


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
