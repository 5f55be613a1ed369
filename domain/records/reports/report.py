# Long because: one aggregate whose events are one report's pipeline, in its order, with the
# duty findings beside them (their checks live in situations.py and duty.py).
"""One mandatory report and its emergency handling (强制报告 / 应急处置, R-RP, R-EM):
the :class:`Report` aggregate (pipeline in ``domain.records.reports``)."""

from __future__ import annotations

import copy
import secrets
from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from eventsourcing.domain import event

import domain.records.children.errors as ce
from domain.proof.chain import SYSTEM_ACTOR
from domain.proof.commitment import COMMITMENT_SCHEME, SALT_BYTES, commit
from domain.records.actors import Role
from domain.records.aggregate import ChainedAggregate
from domain.records.children import (
    check_moment_not_future,
    check_role,
    check_sha256,
    check_term,
    check_uuid,
    identity_key,
    parse_past_day,
    require_dict,
    require_text,
)
from domain.records.jurisdiction import TOWN, check_division_code, check_village_code
from domain.records.reports.duty import (
    COMMENDABLE_KINDS,
    COMMENDATION_FORMS,
    COMMENDING_ROLES,
    DUTY_BOUND_KINDS,
    FINDING_ROLES,
    CommendationForm,
    check_day_not_before,
    check_not_before,
    civil_day,
    is_late,
)
from domain.records.reports.situations import (
    ASSESSMENT_ASPECTS,
    CLOSING_ROLES,
    DEPARTMENTS,
    HANDOVER_ACTIONS,
    LINKING_ROLES,
    LOCATING_ROLES,
    MEASURES,
    POLICE_ACTIONS,
    REPORTER_VISIBLE_ROLES,
    REPORTING_ROLES,
    SITUATIONS,
    InstitutionKind,
    check_police_actions,
)

POLICE_ROLES = frozenset({Role.POLICE})
"""The police respond and inform the town (R-EM-1)."""

ARRANGING_ROLES = frozenset({Role.TOWN_OFFICE})
"""The town arranges the assessment and help (R-EM-2)."""

STEP_ROLES: dict[str, frozenset[Role]] = {
    "link_child": LINKING_ROLES,
    "record_police_response": POLICE_ROLES,
    "record_town_informed": POLICE_ROLES,
    "record_town_arrangement": ARRANGING_ROLES,
    "close": CLOSING_ROLES,
    "record_failure_to_report": FINDING_ROLES,
    "commend_reporter": COMMENDING_ROLES,
}
"""Who takes each step of a report after its filing, by the :class:`Report` method's name
(R-AC-1): each method checks it, and :func:`check_step_role` lets the edge refuse a caller
holding none of them before the report is loaded (attack finding #7)."""


def check_step_role(roles: Iterable[str], step: str) -> None:
    """Refuse a caller holding none of the roles that take ``step`` (:data:`STEP_ROLES`) —
    :class:`RoleNotAllowed`, in words that name neither the report nor its area, so that a
    refusal never depends on where the report's child lives (R-CH-4; attack finding #7: a
    reporter of the child's county was told ``role-not-allowed``, one of another county
    ``outside-authority``)."""
    allowed = STEP_ROLES[step]
    if not {r.value for r in allowed} & set(roles):
        may = sorted(r.value for r in allowed)
        raise ce.RoleNotAllowed(
            f"{step.replace('_', ' ')} is recorded by {', '.join(may)}", allowed=may
        )


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


def check_noticed_after_birth(
    noticed: datetime, born: date | None, field: str = "noticed_at"
) -> None:
    """A situation about a child is noticed not before the child's birth (China time); the
    message never gives the birth date (R-CH-4)."""
    if born is not None and civil_day(noticed) < born:
        raise ce.DateBeforeBirth(
            f"{field} lies before the birth of the child named (R-RP-2)", field=field
        )


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
        self.failures_to_report: list[dict[str, Any]] = []
        self.commendation: dict[str, Any] | None = None

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
        child_born_on: date | None = None,
        salt: bytes | None = None,
    ) -> Report:
        """File a mandatory report to the police (R-RP-1, R-RP-2).

        ``reporter`` (name, unit, contacts) is hidden from roles that do not need it
        (R-RP-3): the filing event carries only a salted commitment to it and to the filing
        actor (recorded as ``system``), and ``ReporterSealed`` their opening (``salt``: 32
        random bytes unless given). Exactly one of ``child_id`` (a child's file) and
        ``unidentified_child`` (a description, linked later with :meth:`link_child`). Neither
        time may lie in the future of the server's clock ``now`` (beyond a few minutes'
        skew), nor before the birth of the child named, ``child_born_on`` as the child's file
        records it (R-RP-2).
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
        for index, situation in enumerate(situations):
            check_term(situation, SITUATIONS, f"situations[{index}]")
        noticed = parse_past_moment(noticed_at, "noticed_at", now)
        reported = parse_past_moment(reported_at, "reported_at", now)
        if reported < noticed:
            raise ce.ReportedBeforeNoticed(
                "reported_at must not be before noticed_at (R-RP-2)", field="reported_at"
            )
        if (child_id is None) == (unidentified_child is None):
            raise ce.ChildReferenceRequired(
                "give exactly one of child_id (the child's file) and unidentified_child (a "
                "description of a child without a file yet)",
                field="child_id",
            )
        if child_id is not None:
            check_uuid(child_id, "child_id")
            check_noticed_after_birth(noticed, child_born_on)
        if unidentified_child is not None:
            require_dict(unidentified_child, "unidentified_child")
        check_village_code(area, "area")  # a real village someone covers (R-RP-2)
        require_text(summary, "summary")
        # R-RP-3: the filing commits to who reported (the reporter and the filing account)
        # and the opening follows in ReporterSealed, which a court's bundle withholds
        # (docs/spec.md §7.8). Filings stored before this name the reporter in clear.
        opening = {"actor": actor, "reporter": copy.deepcopy(person)}
        salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
        report = cls(
            actor=SYSTEM_ACTOR,
            recorded_role=role.value,
            reporter={"commitment": commit(salt, opening), "scheme": COMMITMENT_SCHEME},
            institution_kind=institution_kind,
            situations=sorted(set(situations)),
            noticed_at=noticed_at,
            reported_at=reported_at,
            child_id=child_id,
            unidentified_child=copy.deepcopy(unidentified_child),
            area=area,
            summary=summary,
        )
        report._seal_reporter(actor=actor, salt=salt.hex(), reporter=copy.deepcopy(person))
        return report

    @event("ReporterSealed")
    def _seal_reporter(self, actor: str, salt: str, reporter: dict[str, Any]) -> None:
        """Who reported (R-RP-3): the opening of the filing's ``reporter.commitment``, by the
        filing actor. Kept from every role but the police and the reporter; withheld from a
        court's bundle."""
        self.filed_by = actor
        self.reporter = copy.deepcopy(reporter)

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

    def check_responds_after_the_record(self, responded: datetime) -> None:
        """A police response lies not before the report, nor before a response on record: the
        times of the pipeline follow the record (R-EM-1; attack finding #9). Responses stored
        by earlier versions out of this order still apply; a new one follows the latest."""
        check_not_before(responded, parse_moment(self.reported_at, "reported_at"),
                         "responded_at", "the report")  # fmt: skip
        if self.responses:
            latest = max(parse_moment(r["responded_at"], "responded_at") for r in self.responses)
            check_not_before(responded, latest, "responded_at", "a police response")

    def first_response_at(self) -> datetime:
        """When the police first responded, as recorded (R-EM-1)."""
        self.check_police_responded()
        return min(parse_moment(r["responded_at"], "responded_at") for r in self.responses)

    def informed_at(self) -> datetime:
        """When the police informed the town, as recorded (R-EM-1)."""
        self.check_town_informed()
        informed = self.town_informed or {}
        return parse_moment(informed["informed_at"], "informed_at")

    def check_closes_after_every_step(self, closed: datetime) -> None:
        """A report closes after every step on record: each response, the town informed, and
        not before the day of the town's arrangement (R-EM-1, R-EM-2)."""
        for response in self.responses:
            moment = parse_moment(response["responded_at"], "responded_at")
            check_not_before(closed, moment, "closed_at", "a police response")
        check_not_before(closed, self.informed_at(), "closed_at", "informing the town")
        arranged = date.fromisoformat((self.arrangement or {})["arranged_on"])
        if civil_day(closed) < arranged:
            raise ce.ReportTimesOutOfOrder(
                "closed_at must not lie before the day of the town's arrangement on record "
                "(R-EM-2)",
                field="closed_at",
            )

    # -- steps ------------------------------------------------------------------------------

    def link_child(
        self,
        *,
        actor: str,
        actor_role: str,
        child_id: str,
        area: str | None = None,
        child_born_on: date | None = None,
    ) -> None:
        """Link a report about an unidentified child to the child's file.

        ``area`` is the child's village: the report moves there, as a report about a
        named child belongs to the child's own area (its police and staff see it). A report
        noticed before the child's birth (``child_born_on``, from the file) is not about it.
        """
        role = check_role(actor_role, STEP_ROLES["link_child"], "linking a child")
        if self.child_id is not None:
            raise ce.ChildAlreadyLinked("this report already names a child's file")
        check_uuid(child_id, "child_id")
        if area is not None:
            check_village_code(area, "area")
        check_noticed_after_birth(parse_moment(self.noticed_at, "noticed_at"), child_born_on)
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
        role = check_role(actor_role, STEP_ROLES["record_police_response"], "a police response")
        self.check_not_closed()
        moment = parse_past_moment(responded_at, "responded_at", now)
        self.check_responds_after_the_record(moment)
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
        role = check_role(actor_role, STEP_ROLES["record_town_informed"], "informing the town")
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
        check_not_before(moment, parse_moment(self.reported_at, "reported_at"), "informed_at",
                         "the report")  # fmt: skip
        check_not_before(moment, self.first_response_at(), "informed_at", "the police response")
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
        role = check_role(actor_role, STEP_ROLES["record_town_arrangement"], "a town arrangement")
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
        for index, measure in enumerate(measures):
            check_term(measure, MEASURES, f"measures[{index}]")
        day = parse_past_day(arranged_on, "arranged_on", now)
        check_day_not_before(day, self.informed_at(), "arranged_on", "informing the town")
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
        role = check_role(actor_role, STEP_ROLES["close"], "closing a report")
        self.check_not_closed()
        self.check_police_responded()
        self.check_town_informed()
        if self.arrangement is None:
            raise ce.TownArrangementRequired(
                "the town has not recorded its assessment-and-help arrangement (R-EM-2)"
            )
        require_text(reason, "reason")
        moment = parse_past_moment(closed_at, "closed_at", now)
        self.check_closes_after_every_step(moment)
        self._close(actor=actor, recorded_role=role.value, reason=reason, closed_at=closed_at)

    @event("ReportClosed")
    def _close(self, actor: str, recorded_role: str, reason: str, closed_at: str) -> None:
        self.closure = {"closed_by": actor, "reason": reason, "closed_at": closed_at}
        self.stage = Stage.CLOSED

    # -- the reporting duty (R-RP-1, R-RP-2; ``duty``) ---------------------------------------

    def record_failure_to_report(
        self,
        *,
        actor: str,
        actor_role: str,
        institution_kind: str,
        institution: str,
        known_since: str,
        basis: str,
        found_on: str,
        now: datetime,
        evidence_sha256: str | None = None,
        child_born_on: date | None = None,
    ) -> None:
        """Record that an institution under the duty (R-RP-1) knew before this report was
        made and did not report (C5 "未履行报告义务的 … 严肃追责"); listed for oversight.

        ``institution`` names the unit (a school, a hospital…), never a person, once per
        report (:meth:`check_failure_not_recorded`); ``known_since`` is when it knew, which
        lies before this report's ``reported_at`` on record and not before the birth of the
        child named, ``child_born_on`` as the child's file records it (R-RP-2).
        """
        role = check_role(
            actor_role, STEP_ROLES["record_failure_to_report"], "a finding of failure to report"
        )
        check_term(institution_kind, sorted(DUTY_BOUND_KINDS), "institution_kind")
        require_text(institution, "institution")
        self.check_failure_not_recorded(institution)
        require_text(basis, "basis")
        known = parse_past_moment(known_since, "known_since", now)
        check_noticed_after_birth(known, child_born_on, "known_since")
        if known >= parse_moment(self.reported_at, "reported_at"):
            raise ce.FailureToReportNotShown(
                "known_since must lie before this report's reported_at: an institution that "
                "learnt of the situation later did not fail to report it (R-RP-2)",
                field="known_since",
            )
        day = parse_past_day(found_on, "found_on", now)
        check_day_not_before(day, parse_moment(self.reported_at, "reported_at"), "found_on",
                             "the report")  # fmt: skip
        if evidence_sha256 is not None:
            check_sha256(evidence_sha256, "evidence_sha256")
        self._find_failure_to_report(
            actor=actor,
            recorded_role=role.value,
            institution_kind=institution_kind,
            institution=institution,
            known_since=known_since,
            basis=basis,
            found_on=day.isoformat(),
            evidence_sha256=evidence_sha256,
        )

    def check_failure_not_recorded(self, institution: str) -> None:
        """One finding per institution and report (R-RP-1; attack finding #8): the
        institution is compared as :func:`identity_key` compares a name (``某镇 卫生院`` is
        ``某镇卫生院``). Findings stored twice by earlier versions still apply."""
        key = identity_key(institution)
        if any(identity_key(f["institution"]) == key for f in self.failures_to_report):
            raise ce.FailureToReportAlreadyRecorded(
                "institution: this institution's failure to report is on this report's record "
                "already (R-RP-1)",
                field="institution",
            )

    @event("FailureToReportFound")
    def _find_failure_to_report(
        self,
        actor: str,
        recorded_role: str,
        institution_kind: str,
        institution: str,
        known_since: str,
        basis: str,
        found_on: str,
        evidence_sha256: str | None,
    ) -> None:
        self.failures_to_report.append(
            {
                "found_by": actor,
                "role": recorded_role,
                "institution_kind": institution_kind,
                "institution": institution,
                "known_since": known_since,
                "basis": basis,
                "found_on": found_on,
                "evidence_sha256": evidence_sha256,
            }
        )

    def commend_reporter(
        self,
        *,
        actor: str,
        actor_role: str,
        form: str,
        commended_on: str,
        basis: str,
        now: datetime,
        reward_fen: int | None = None,
    ) -> None:
        """Commend a reporter without the duty (C5 "要给予表扬, 必要时可给予适当奖励"), once the
        police have acted on the report; once per report. A ``reward`` names its amount in
        fen; ``praise`` none. The reporter stays hidden (R-RP-3): the event names no one."""
        role = check_role(actor_role, STEP_ROLES["commend_reporter"], "a commendation")
        if self.institution_kind not in COMMENDABLE_KINDS:
            raise ce.ReporterNotCommendable(
                "the reporter was under the duty to report (R-RP-1): reporting is its duty, "
                "commendations are for other citizens and organisations (C5)",
                field="form",
            )
        if self.commendation is not None:
            raise ce.ReporterNotCommendable("this report's reporter was commended already")
        self.check_police_responded()
        check_term(form, COMMENDATION_FORMS, "form")
        if form == CommendationForm.REWARD:
            if isinstance(reward_fen, bool) or not isinstance(reward_fen, int) or reward_fen < 1:
                raise ce.InvalidField(
                    "reward_fen: a reward names its amount in fen (a whole number, 1 or more)",
                    field="reward_fen",
                )
        elif reward_fen is not None:
            raise ce.InvalidField("reward_fen is given only with form reward", field="reward_fen")
        require_text(basis, "basis")
        day = parse_past_day(commended_on, "commended_on", now)
        check_day_not_before(day, self.first_response_at(), "commended_on", "the police response")
        self._commend(
            actor=actor,
            recorded_role=role.value,
            form=form,
            reward_fen=reward_fen,
            commended_on=day.isoformat(),
            basis=basis,
        )

    @event("ReporterCommended")
    def _commend(
        self,
        actor: str,
        recorded_role: str,
        form: str,
        reward_fen: int | None,
        commended_on: str,
        basis: str,
    ) -> None:
        self.commendation = {
            "commended_by": actor,
            "role": recorded_role,
            "form": form,
            "reward_fen": reward_fen,
            "commended_on": commended_on,
            "basis": basis,
        }

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
            "late": is_late(
                parse_moment(self.noticed_at, "noticed_at"),
                parse_moment(self.reported_at, "reported_at"),
            ),
            "failures_to_report": copy.deepcopy(self.failures_to_report),
            "commendation": copy.deepcopy(self.commendation),
            "seq": self.version,
            "event_hash": self.chain_head,
        }

    def reporter_visible_to(self, viewer_role: str, viewer_id: str) -> bool:
        """Whether a viewer may see who reported (R-RP-3): the police, or the reporter."""
        return viewer_id == self.filed_by or viewer_role in {
            r.value for r in REPORTER_VISIBLE_ROLES
        }

    def location_visible_to(self, viewer_role: str) -> bool:
        """Whether a viewer may see where the report's child lives (R-CH-4): the area's staff
        (:data:`LOCATING_ROLES`) always; anyone else (the reporter reading its own report)
        only the village it gave itself for a child without a file — once a file is named,
        the report lies in the child's village (attack finding #7)."""
        return self.child_id is None or viewer_role in {r.value for r in LOCATING_ROLES}

    def view(self, viewer_role: str, viewer_id: str) -> dict[str, Any]:
        """The report as a viewer may see it: reporter and filing actor hidden (R-RP-3), the
        child's village and town hidden outside the area's staff (R-CH-4,
        :meth:`location_visible_to`); ``reporter_hidden`` and ``location_hidden`` say so."""
        document = self.state()
        if not self.reporter_visible_to(viewer_role, viewer_id):
            document["reporter"] = None
            document["filed_by"] = None
            document["reporter_hidden"] = True
        else:
            document["reporter_hidden"] = False
        document["location_hidden"] = not self.location_visible_to(viewer_role)
        if document["location_hidden"]:
            document["area"] = None
            if document["town_informed"] is not None:
                document["town_informed"]["town"] = None
        return document
