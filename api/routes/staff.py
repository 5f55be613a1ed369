"""Named child-protection staff of towns and villages (R-AC-2): rosters, and the staff's own
inbox of what concerns their areas (alerts, new reports)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from api.deps import App, Caller
from api.routes.children import alerts, area_documents
from api.routes.common import events_answer
from api.schemas.staff import AppointmentEndIn, AppointmentIn
from api.schemas.terms import dump
from domain.records.children import civil_today
from domain.records.errors import PermissionDenied
from domain.records.jurisdiction import covers
from infra.children import server_now
from projections.children import REPORTS

router = APIRouter(prefix="/v1/staff", tags=["staff"])

Area = Annotated[
    str, Path(max_length=12, description="a town's (9 digits) or a village's (12) code")
]


@router.get("/inbox")
def inbox(jz: App, by: Caller) -> dict[str, Any]:
    """What concerns the areas whose named staff the caller is today (R-AC-2): their open
    alerts, and their reports not yet closed (new ones first). Ids and codes, no personal
    data. An actor named nowhere gets 403: the inbox is for named staff."""
    on = civil_today(server_now())
    areas = jz.staff.areas_of(jz.staff.rosters(), by.actor_id, on)
    if not areas:
        raise PermissionDenied("the caller is not named child-protection staff of any area today")

    def mine(code: object) -> bool:
        return any(covers(area, str(code or "")) for area in areas)

    open_alerts = [a for a in alerts(jz, by)["alerts"] if mine(a.get("village") or a.get("area"))]
    reports = [
        d for d in area_documents(by, jz.views.documents("children_ledger", REPORTS), "area")
        if mine(d["area"]) and d["stage"] != "closed"
    ]  # fmt: skip
    reports.sort(key=lambda d: d["reported_at"], reverse=True)
    return {"today": on.isoformat(), "areas": areas, "alerts": open_alerts, "reports": reports}


@router.get("/{area}")
def roster(area: Area, jz: App, by: Caller) -> dict[str, Any]:
    """The area's roster: every appointment, and those in force today (R-AC-2)."""
    return jz.staff.roster(by, area)


@router.post("/{area}/appointments", status_code=201)
def appoint(area: Area, body: AppointmentIn, jz: App, by: Caller) -> dict[str, Any]:
    """Name an actor to the area's post: civil affairs or the town for a town; civil affairs,
    the town or the committee for a village (R-AC-2)."""
    return events_answer(jz.staff.appoint(by, area, **dump(body)))


@router.post("/{area}/appointments/{appointment_no}/end", status_code=201)
def end_appointment(
    area: Area, appointment_no: int, body: AppointmentEndIn, jz: App, by: Caller
) -> dict[str, Any]:
    """End an appointment; the roster keeps it with its end (R-AC-2)."""
    return events_answer(jz.staff.end(by, area, appointment_no, **dump(body)))
