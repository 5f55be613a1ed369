"""Named child-protection staff (R-AC-2): the rosters of towns and villages, and who is
responsible for a child and for an area today.

Authority: an appointer acts on the rosters of the areas its jurisdiction covers (civil
affairs its county, a town its town and villages, a committee its village); the domain
(:class:`domain.records.staff.StaffRoster`) decides which role appoints at which level and
checks the staff member from the actor's own recorded stream. Rosters carry actor ids and
titles, no personal data; any child-protection role, the police and oversight of an area
covering the roster read it.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import domain.records.children.errors as ce
from domain.records import errors
from domain.records.actors import Actor, Role
from domain.records.children import civil_today
from domain.records.jurisdiction import TOWN, covers
from domain.records.staff import StaffRoster, in_force, level_of
from infra.children import as_role, server_now
from infra.context import Context
from infra.principal import Principal
from infra.store import Appended
from projections.children import STAFF, STANDING

ROSTER_READERS = (
    Role.CIVIL_AFFAIRS, Role.TOWN_OFFICE, Role.VILLAGE_COMMITTEE, Role.POLICE, Role.OVERSIGHT,
)  # fmt: skip
"""Who reads an area's roster: the area's child-protection chain, its police and oversight."""


class StaffService:
    """Appointments to and readings of the staff rosters (R-AC-2)."""

    def __init__(self, app: Context) -> None:
        self.app = app
        self.store = app.store

    def _check_area(self, by: Principal, area: str) -> None:
        if not covers(by.jurisdiction, area):
            raise errors.WrongAgency("area: outside the actor's jurisdiction")

    def _staff_actor(self, staff_actor: str) -> Actor:
        """The actor named, from its recorded stream; an unknown id is unfit alike."""
        try:
            return self.store.load(Actor, UUID(staff_actor))
        except (ValueError, errors.NotFound):
            raise ce.StaffActorUnfit(
                "staff_actor: no actor with this id is registered", field="staff_actor"
            ) from None

    def appoint(self, by: Principal, area: str, **fields: Any) -> list[Appended]:
        """Name an actor to the area's child-protection post (R-AC-2)."""
        level_of(area)
        self._check_area(by, area)
        staff = self._staff_actor(str(fields.pop("staff_actor")))
        now = server_now()
        for _ in range(4):
            try:
                roster = self.store.load(StaffRoster, StaffRoster.create_id(area))
            except errors.NotFound:
                roster = as_role(
                    by,
                    lambda role: StaffRoster.open(actor=by.actor_id, actor_role=role, area=area),
                )

            def appoint(role: str, roster: StaffRoster = roster) -> None:
                roster.appoint(actor=by.actor_id, actor_role=role, staff=staff, now=now, **fields)

            as_role(by, appoint)
            try:
                return self.store.append(roster)
            except errors.ChainConflict:
                continue
        raise errors.ChainConflict("the roster kept changing; retry the appointment")

    def end(self, by: Principal, area: str, appointment_no: int, **fields: Any) -> list[Appended]:
        """End an appointment (R-AC-2); the roster keeps it, with its end."""
        level_of(area)
        self._check_area(by, area)
        now = server_now()

        def action(roster: StaffRoster) -> None:
            as_role(
                by,
                lambda role: roster.end_appointment(
                    actor=by.actor_id, actor_role=role, appointment_no=appointment_no, now=now,
                    **fields,
                ),
            )  # fmt: skip

        try:
            return self.store.command(StaffRoster, StaffRoster.create_id(area), action)
        except ce.AppointmentNotFound:
            raise  # the roster's own words: "no appointment N on this roster"
        except errors.NotFound:
            raise ce.AppointmentNotFound(
                f"no appointment {appointment_no}: this area has no staff roster yet"
            ) from None

    def roster(self, by: Principal, area: str) -> dict[str, Any]:
        """The area's roster with the appointments in force today (empty when none)."""
        level = level_of(area)
        if not by.has(*ROSTER_READERS):
            raise errors.PermissionDenied("rosters are for child protection, police, oversight")
        self._check_area(by, area)
        today = civil_today(server_now())
        try:
            state = self.store.load(StaffRoster, StaffRoster.create_id(area)).state()
        except errors.NotFound:
            state = {"area": area, "level": level, "appointments": [], "seq": 0,
                     "event_hash": None}  # fmt: skip
        state["in_force"] = [a for a in state["appointments"] if in_force(a, today)]
        return state

    # -- who is responsible (read from the projection) ----------------------------------------

    def rosters(self) -> dict[str, list[dict[str, Any]]]:
        """Every area's appointments whose staff member may act, by division code (the
        projection, caught up)."""
        views = self.app.views
        views.catch_up()
        # A suspended or revoked staff member is nobody's staff while so (R-AC-2).
        standing = views.documents("children_ledger", STANDING)
        away = {d["actor_id"] for d in standing if d["status"] != "active"}
        return {
            d["area"]: [a for a in d["appointments"] if a["staff_actor"] not in away]
            for d in views.documents("children_ledger", STAFF)
        }

    @staticmethod
    def responsible(
        rosters: dict[str, list[dict[str, Any]]], village: str, on: date
    ) -> dict[str, list[dict[str, Any]]]:
        """The town's and the village's staff in force on ``on`` for a child of ``village``."""

        def held(area: str) -> list[dict[str, Any]]:
            return [
                {"staff_actor": a["staff_actor"], "title": a["title"],
                 "appointment_no": a["appointment_no"]}
                for a in rosters.get(area, []) if in_force(a, on)
            ]  # fmt: skip

        return {"town": held(village[:TOWN]), "village": held(village)}

    @staticmethod
    def areas_of(rosters: dict[str, list[dict[str, Any]]], actor_id: str, on: date) -> list[str]:
        """The areas whose staff ``actor_id`` is on ``on`` (its "mine" view)."""
        return sorted(
            area
            for area, appointments in rosters.items()
            if any(a["staff_actor"] == actor_id and in_force(a, on) for a in appointments)
        )
