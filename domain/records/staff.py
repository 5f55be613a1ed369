"""Named child-protection staff of towns and villages (R-AC-2): one roster per area.

Seed C4: "镇(街道)要明确儿童关爱保护工作人员 … 村(居)民委员会要设立儿童关爱联络员、儿童福利督导员
或儿童权利监察员"; C5: "在镇(街道)设立农村留守儿童关爱保护专门工作人员, 在村(居)民委员会设立农村
留守儿童关爱联络员", with "民政牵头" and "镇政府(街道办事处)和村(居)民委员会承担具体责任".

Each town and each village has a :class:`StaffRoster`, its own chained stream (id from the
area's division code), whose events appoint a named actor to a post and end an appointment.
Who may do what is the table :data:`POSTS`, one entry per level of area:

* town (9 digits): 儿童关爱保护工作人员, an actor holding ``town_office`` with the town as
  jurisdiction, appointed by civil affairs or the town;
* village (12 digits): 儿童关爱联络员, 儿童福利督导员 or 儿童权利监察员, an actor holding
  ``village_committee`` with the village as jurisdiction, appointed by civil affairs, the town
  or the committee.

"Who appoints" follows the seed's words: the town "明确" (names) its own staff, the committee
"设立" (sets up) its own posts, civil affairs leads the work in the county (民政牵头), and the
town carries the concrete responsibility for its villages (属地管理). Each appointer acts only
within its jurisdiction (checked by the application service, as every area authority).

The staff member is checked from the actor's recorded stream (:class:`Actor`), never from
the caller's word: active, holding the post's role in force, with the area itself as its
jurisdiction. An appointment runs from ``from_on`` to ``until_on`` (inclusive, open when
absent); ending it (``ended_on``) takes it out of force from that day on. Nothing is erased:
the roster keeps every appointment ever made.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

import domain.records.children.errors as ce
from domain.records.actors import Actor, Role, Status
from domain.records.aggregate import ChainedAggregate
from domain.records.children import (
    check_role,
    check_sha256,
    check_term,
    parse_day,
    parse_past_day,
    require_text,
)
from domain.records.jurisdiction import TOWN, VILLAGE, check_division_code

STAFF_NAMESPACE = UUID("5d0c6a7e-2f41-4b9e-a3c8-7e1f0b9d2c64")


@dataclass(frozen=True)
class Post:
    """The child-protection post of one level of area (R-AC-2)."""

    width: int
    staff_role: Role
    titles: dict[str, str]
    appointers: frozenset[Role]
    source: str


POSTS: dict[str, Post] = {
    "town": Post(
        width=TOWN,
        staff_role=Role.TOWN_OFFICE,
        titles={"child_protection_worker": "儿童关爱保护工作人员"},
        appointers=frozenset({Role.CIVIL_AFFAIRS, Role.TOWN_OFFICE}),
        source="C4 镇(街道)要明确儿童关爱保护工作人员; C5 在镇(街道)设立…专门工作人员",
    ),
    "village": Post(
        width=VILLAGE,
        staff_role=Role.VILLAGE_COMMITTEE,
        titles={
            "child_care_liaison": "儿童关爱联络员",
            "child_welfare_supervisor": "儿童福利督导员",
            "child_rights_inspector": "儿童权利监察员",
        },
        appointers=frozenset({Role.CIVIL_AFFAIRS, Role.TOWN_OFFICE, Role.VILLAGE_COMMITTEE}),
        source="C4 村(居)民委员会要设立儿童关爱联络员、儿童福利督导员或儿童权利监察员",
    ),
}
"""One post per level of area: its titles, who holds it and who appoints (R-AC-2)."""

STAFF_TITLES = {code: label for post in POSTS.values() for code, label in post.titles.items()}
"""Every title of every post (the ``staff_title`` vocabulary)."""


def level_of(area: object, field: str = "area") -> str:
    """``town`` or ``village``, for a town's or a village's division code; else
    :class:`InvalidJurisdiction` naming ``field``."""
    code = check_division_code(area, field, (TOWN, VILLAGE))
    return "town" if len(code) == TOWN else "village"


def in_force(appointment: dict[str, Any], day: date) -> bool:
    """Whether ``appointment`` holds on ``day``: begun, not past ``until_on``, not ended."""
    if day < date.fromisoformat(appointment["from_on"]):
        return False
    until = appointment.get("until_on")
    if until is not None and day > date.fromisoformat(until):
        return False
    ended = appointment.get("ended_on")
    return ended is None or day < date.fromisoformat(ended)


class StaffRoster(ChainedAggregate):
    """The named child-protection staff of one town or village (R-AC-2)."""

    STREAM_KIND = "staff"

    @event("RosterOpened")
    def __init__(self, actor: str, recorded_role: str, area: str) -> None:
        self.area = area
        self.level = "town" if len(area) == TOWN else "village"
        self.opened_by = actor
        self.appointments: list[dict[str, Any]] = []

    @staticmethod
    def create_id(area: str) -> UUID:
        """One roster per area: the stream id follows from the division code."""
        return uuid.uuid5(STAFF_NAMESPACE, f"staff:{area}")

    @classmethod
    def open(cls, *, actor: str, actor_role: str, area: str) -> StaffRoster:
        """Open the roster of a town or a village, by one who may appoint its staff."""
        level = level_of(area)
        role = check_role(actor_role, POSTS[level].appointers, "a staff roster")
        return cls(actor=actor, recorded_role=role.value, area=area)

    @property
    def post(self) -> Post:
        """The post this roster's area has (:data:`POSTS`)."""
        return POSTS[self.level]

    # -- invariants -------------------------------------------------------------------------

    def check_staff_fits(self, staff: Actor) -> None:
        """The actor named is active, holds the post's role in force, and has this very area
        as its jurisdiction (R-AC-2): a town's staff works for that town, a village's for it."""
        post = self.post
        if staff.status is not Status.ACTIVE:
            raise ce.StaffActorUnfit(
                "staff_actor: the actor named is not active", field="staff_actor"
            )
        if post.staff_role not in staff.roles_in_force():
            raise ce.StaffActorUnfit(
                f"staff_actor: the {self.level}'s child-protection staff holds the role "
                f"{post.staff_role.value} (R-AC-2)",
                field="staff_actor",
            )
        if staff.jurisdiction != self.area:
            raise ce.StaffActorUnfit(
                f"staff_actor: the actor's jurisdiction must be this {self.level} itself (R-AC-2)",
                field="staff_actor",
            )

    def check_not_appointed(self, staff_actor: str, from_on: date) -> None:
        """One actor holds one appointment at a time on a roster."""
        for appointment in self.appointments:
            if appointment["staff_actor"] != staff_actor or appointment["ended_on"] is not None:
                continue
            until = appointment["until_on"]
            if until is None or date.fromisoformat(until) >= from_on:
                raise ce.StaffAlreadyAppointed(
                    f"staff_actor already holds appointment {appointment['appointment_no']} "
                    "on this roster; end it first",
                    field="staff_actor",
                )

    def appointment(self, appointment_no: int) -> dict[str, Any]:
        """The appointment numbered ``appointment_no`` (from 1), or AppointmentNotFound."""
        if isinstance(appointment_no, bool) or not isinstance(appointment_no, int):
            raise ce.AppointmentNotFound(f"no appointment {appointment_no} on this roster")
        if not 1 <= appointment_no <= len(self.appointments):
            raise ce.AppointmentNotFound(f"no appointment {appointment_no} on this roster")
        return self.appointments[appointment_no - 1]

    # -- commands ---------------------------------------------------------------------------

    def appoint(
        self,
        *,
        actor: str,
        actor_role: str,
        staff: Actor,
        title: str,
        from_on: str,
        basis: str,
        now: datetime,
        until_on: str | None = None,
        document_sha256: str | None = None,
    ) -> None:
        """Name ``staff`` (the actor's recorded stream) to the area's post under ``title``,
        from ``from_on`` (until ``until_on`` when given), on ``basis`` (the appointing
        document's number or the decision), R-AC-2."""
        role = check_role(actor_role, self.post.appointers, "a staff appointment")
        check_term(title, self.post.titles, "title")
        self.check_staff_fits(staff)
        start = parse_past_day(from_on, "from_on", now)
        end: date | None = None
        if until_on is not None:
            end = parse_day(until_on, "until_on")  # a term of office may end in the future
            if end < start:
                raise ce.InvalidField("until_on must not lie before from_on", field="until_on")
        require_text(basis, "basis")
        if document_sha256 is not None:
            check_sha256(document_sha256, "document_sha256")
        self.check_not_appointed(str(staff.id), start)
        self._appoint(
            actor=actor,
            recorded_role=role.value,
            appointment_no=len(self.appointments) + 1,
            staff_actor=str(staff.id),
            staff_role=self.post.staff_role.value,
            title=title,
            from_on=start.isoformat(),
            until_on=None if end is None else end.isoformat(),
            basis=basis,
            document_sha256=document_sha256,
        )

    @event("StaffAppointed")
    def _appoint(
        self,
        actor: str,
        recorded_role: str,
        appointment_no: int,
        staff_actor: str,
        staff_role: str,
        title: str,
        from_on: str,
        until_on: str | None,
        basis: str,
        document_sha256: str | None,
    ) -> None:
        self.appointments.append(
            {
                "appointment_no": appointment_no,
                "staff_actor": staff_actor,
                "staff_role": staff_role,
                "title": title,
                "from_on": from_on,
                "until_on": until_on,
                "basis": basis,
                "document_sha256": document_sha256,
                "appointed_by": actor,
                "ended_on": None,
                "end_reason": None,
            }
        )

    def end_appointment(
        self,
        *,
        actor: str,
        actor_role: str,
        appointment_no: int,
        ended_on: str,
        reason: str,
        now: datetime,
    ) -> None:
        """End an appointment: from ``ended_on`` on, the person is no longer the area's
        staff (R-AC-2). The appointment stays on the roster, with its end."""
        role = check_role(actor_role, self.post.appointers, "ending a staff appointment")
        appointment = self.appointment(appointment_no)
        if appointment["ended_on"] is not None:
            raise ce.AppointmentAlreadyEnded(f"appointment {appointment_no} has ended already")
        day = parse_past_day(ended_on, "ended_on", now)
        if day < date.fromisoformat(appointment["from_on"]):
            raise ce.InvalidField("ended_on must not lie before the appointment's from_on",
                                  field="ended_on")  # fmt: skip
        require_text(reason, "reason")
        self._end(actor=actor, recorded_role=role.value, appointment_no=appointment_no,
                  ended_on=day.isoformat(), reason=reason)  # fmt: skip

    @event("StaffAppointmentEnded")
    def _end(
        self, actor: str, recorded_role: str, appointment_no: int, ended_on: str, reason: str
    ) -> None:
        appointment = self.appointments[appointment_no - 1]
        appointment["ended_on"] = ended_on
        appointment["end_reason"] = reason

    # -- reading ----------------------------------------------------------------------------

    def in_force_on(self, day: date) -> list[dict[str, Any]]:
        """The appointments that hold on ``day``."""
        return [dict(a) for a in self.appointments if in_force(a, day)]

    def state(self) -> dict[str, Any]:
        """The roster as a JSON-ready document."""
        return {
            "area": self.area,
            "level": self.level,
            "appointments": [dict(a) for a in self.appointments],
            "seq": self.version,
            "event_hash": self.chain_head,
        }
