"""The bodies of the staff rosters' routes (R-AC-2), as ``domain/records/staff.py`` checks
them (``StaffRoster.appoint``, ``StaffRoster.end_appointment``)."""

from __future__ import annotations

from pydantic import Field

from api.schemas.base import ActorId, IsoDate, Reason, Sha256, Strict
from api.schemas.terms import listed


class AppointmentIn(Strict):
    """Name an actor to the area's child-protection post (R-AC-2)."""

    staff_actor: ActorId = Field(
        description="the actor named: active, holding town_office (a town) or "
        "village_committee (a village) with this very area as jurisdiction"
    )
    title: listed("staff_title")  # type: ignore[valid-type]
    from_on: IsoDate
    until_on: IsoDate | None = Field(default=None, description="end of the term, if fixed")
    basis: Reason = Field(description="the appointing decision or document number")
    document_sha256: Sha256 | None = None


class AppointmentEndIn(Strict):
    """End an appointment: from ``ended_on`` on, the person is no longer the area's staff."""

    ended_on: IsoDate
    reason: Reason
