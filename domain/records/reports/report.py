"""One mandatory report and its emergency handling (强制报告 / 应急处置, R-RP, R-EM):
the :class:`Report` aggregate (pipeline in ``domain.records.reports``)."""

from __future__ import annotations

import copy
import secrets
from datetime import datetime
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
    parse_past_day,
    require_dict,
    require_text,
)
from domain.records.jurisdiction import TOWN, check_division_code, check_village_code
from domain.records.reports.situations import (
    ASSESSMENT_ASPECTS,
    CLOSING_ROLES,
    DEPARTMENTS,
    HANDOVER_ACTIONS,
    LINKING_ROLES,
    MEASURES,
    POLICE_ACTIONS,
    REPORTER_VISIBLE_ROLES,
    REPORTING_ROLES,
    SITUATIONS,
    InstitutionKind,
    check_police_actions,
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
        salt: bytes | None = None,
    ) -> Report:
        """File a mandatory report to the police (R-RP-1, R-RP-2).

        ``reporter`` (name, unit, contacts) is hidden from roles that do not need it
        (R-RP-3): the filing event carries only a salted commitment to it and to the filing
        actor (recorded as ``system``), and ``ReporterSealed`` their opening (``salt``: 32
        random bytes unless given). Exactly one of ``child_id`` (a child's file) and
        ``unidentified_child`` (a description, linked later with :meth:`link_child`). Neither
        time may lie in the future of the server's clock ``now`` (beyond a few minutes' skew).
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
        for index, measure in enumerate(measures):
            check_term(measure, MEASURES, f"measures[{index}]")
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
