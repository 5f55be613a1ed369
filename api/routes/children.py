"""Children's files (困境儿童 / 农村留守儿童, R-CH, R-GD, R-AS) and their ledger.

Personal fields (name, ID number, address, contacts) are returned only by
``GET /v1/children/{id}`` to actors with authority over the child; the ledger and the
alerts carry ids and division codes only (R-CH-4).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from api.deps import App, Caller
from api.paging import (
    DEFAULT_LIMIT,
    CursorParam,
    LimitParam,
    OrderParam,
    labelled_choices,
    next_link,
    page_request,
)
from api.routes.common import (
    Strict,
    events_answer,
)
from api.schemas.child_bodies import (
    AssessmentIn,
    CapacityIn,
    CategoriesIn,
    ChildIn,
    CorrectionIn,
    GuardianshipIn,
    HelperIn,
    KeyChildIn,
    LeftBehindExitIn,
    LeftBehindIn,
    MoveIn,
    SchoolingIn,
    VisitIn,
)
from api.schemas.terms import dump, term
from domain.records.actors import Role
from domain.records.children.allowance import (
    ALLOWANCE_DUE_MAX_DAYS,
    ALLOWANCE_DUE_WITHIN_DAYS,
    is_due,
)
from domain.records.children.guardianship import GUARDIANSHIP_CHANGES
from domain.records.errors import FieldNotAllowed, PermissionDenied
from domain.records.jurisdiction import covers
from domain.records.reports import is_late
from domain.records.staff import in_force, level_of
from infra.application import Principal
from infra.cases import today
from infra.lists import ChildFilters
from infra.lists.children import (
    CHILD_LIST,
    child_overdue,
    guardian_alerts,
    in_area,
)
from projections.children import BAR_REFUSALS, CHILDREN, REPORTS

router = APIRouter(prefix="/v1/children", tags=["children"])

Obj = dict[str, Any]


def _members_of(kind: str) -> tuple[str, ...]:
    """The members of :class:`GuardianshipIn` that ``kind``'s domain command takes, as the
    guardianship table declares them (``domain/records/children/guardianship.py``)."""
    return tuple(member.name for member in GUARDIANSHIP_CHANGES[kind].members)


_DICT_DEFAULTS = ("signatures", "filings")


ReadReason = Annotated[
    str | None,
    Query(max_length=2000, description="required for police, court and oversight; recorded"),
]


@router.post("", status_code=201)
def register(body: ChildIn, jz: App, by: Caller) -> dict[str, Any]:
    """Open a child's file: one per child (R-CH-1). A child who has a file is refused 409
    ``child-already-registered`` (same ID number) or ``child-possibly-registered`` (same name,
    birth date and village); the problem carries ``child_id`` when the caller's area covers
    that file, else ``outside_your_area: true`` and nothing about where it is."""
    child, events = jz.children.register(by, **dump(body))
    return events_answer(events, child_id=str(child.id))


@router.post("/{child_id}/guardianship", status_code=201)
def guardianship(child_id: UUID, body: GuardianshipIn, jz: App, by: Caller) -> dict[str, Any]:
    """Record a change of guardianship; exactly one arrangement is current afterwards."""
    given = dump(body)
    takes = _members_of(body.kind)
    for name, value in given.items():
        if value is not None and name != "kind" and name not in takes:
            # A member the kind does not take would be dropped unseen: say so instead.
            refusal = FieldNotAllowed(
                f"{name}: a change of kind {body.kind} takes only {', '.join(takes)} "
                f"(GET /v1/law/guardianship-kinds)",
                field=name,
            )
            refusal.extra["allowed"] = list(takes)
            raise refusal
    kwargs = {name: given[name] for name in takes}
    for name in _DICT_DEFAULTS:
        if name in kwargs and kwargs[name] is None:
            kwargs[name] = {}
    return events_answer(jz.children.guardianship(by, child_id, body.kind, **kwargs))


def _command(name: str, path: str, model: type[Strict], summary: str) -> None:
    def handler(child_id: UUID, body: Any, jz: App, by: Caller) -> dict[str, Any]:
        return events_answer(jz.children.child_command(by, child_id, name, **dump(body)))

    handler.__annotations__["body"] = model
    router.add_api_route(
        f"/{{child_id}}/{path}", handler, methods=["POST"], status_code=201, summary=summary,
        name=name,
    )  # fmt: skip


_command("change_categories", "categories", CategoriesIn, "Change the child's categories")
_command("enter_left_behind", "left-behind", LeftBehindIn, "Left-behind status begins")
_command("exit_left_behind", "left-behind/exit", LeftBehindExitIn, "Left-behind status ends")
_command("record_assessment", "assessments", AssessmentIn, "Record an assessment")
_command("assign_helper", "helpers", HelperIn, "Assign a one-to-one helper")
_command("record_visit", "visits", VisitIn, "Record a visit")
_command("mark_key_child", "key-child", KeyChildIn, "Flag a key child")
_command("record_schooling", "schooling", SchoolingIn, "Record full-time schooling (R-CH-5)")
_command("record_adult_capacity", "capacity", CapacityIn, "Record capacity after 18 (R-CH-5)")


@router.post("/{child_id}/moves", status_code=201)
def move(child_id: UUID, body: MoveIn, jz: App, by: Caller) -> dict[str, Any]:
    """The household moved: the file and the authority over it follow (R-CH-1, R-AC-3)."""
    return events_answer(jz.children.identity_change(by, child_id, "move_household", **dump(body)))


@router.post("/{child_id}/corrections", status_code=201)
def correct(child_id: UUID, body: CorrectionIn, jz: App, by: Caller) -> dict[str, Any]:
    """Correct one personal field with a reason; the old value is sealed (R-CH-1, R-CH-4)."""
    return events_answer(
        jz.children.identity_change(by, child_id, "correct_personal", **dump(body))
    )


area_documents = in_area
"""The documents in the caller's area (``infra/lists/children.py``: child-protection roles,
police, oversight)."""

Filter = Annotated[str | None, Query(max_length=64)]

ChildSort = Annotated[
    Literal["village", "registered", "assessed", "adult"] | None,
    Query(json_schema_extra=labelled_choices(CHILD_LIST.labels(), "sort key (default: village)")),
]


@router.get("")
def ledger(
    request: Request,
    response: Response,
    jz: App,
    by: Caller,
    county: Filter = None,
    town: Filter = None,
    village: Filter = None,
    area: Annotated[
        str | None,
        Query(max_length=12, description="a division code covering the child's village"),
    ] = None,
    category: Annotated[term("category") | None, Query()] = None,  # type: ignore[valid-type]
    left_behind: bool | None = None,
    help_level: Annotated[term("help_level") | None, Query()] = None,  # type: ignore[valid-type]
    key_child: bool | None = None,
    possible_duplicate: bool | None = None,
    alert: Annotated[term("child_alert") | None, Query()] = None,  # type: ignore[valid-type]
    q: Annotated[
        str | None,
        Query(max_length=100, description="part of the file's number (its id); never a name"),
    ] = None,
    sort: ChildSort = None,
    order: OrderParam = None,
    cursor: CursorParam = None,
    limit: LimitParam = DEFAULT_LIMIT,
) -> dict[str, Any]:
    """The ledger (台账) of the caller's area, filtered, sorted and paged; no personal data:
    no name, ID number or address is listed, and none can be searched (`q` matches only the
    file's number). ``possible_duplicate``: files of one child found by the upgrade's
    backfill (ADR 0005), for civil affairs to merge or close. Each row: its alerts today and
    who is responsible (R-AC-2). ``count``: the rows that match, on every page."""
    filters = ChildFilters(
        county=county, town=town, village=village, area=area, category=category,
        left_behind=left_behind, help_level=help_level, key_child=key_child,
        possible_duplicate=possible_duplicate, alert=alert, q=q,
    )  # fmt: skip
    page = jz.lists.children(by, filters, page_request(sort, order, cursor, limit))
    nxt = next_link(request, response, page)
    return {"children": page.items, "count": page.total, "next": nxt}


@router.get("/allowance-due")
def allowance_due(
    jz: App,
    by: Caller,
    within_days: Annotated[int, Query(ge=0, le=ALLOWANCE_DUE_MAX_DAYS)] = ALLOWANCE_DUE_WITHIN_DAYS,
) -> dict[str, Any]:
    """The files of the caller's area whose basic living allowance stops within
    ``within_days`` (R-CH-5: status ``stops``, with ``stops_on`` and ``paid_through``), or
    whose capacity facts are needed because 18 is reached by then (``facts_needed``)."""
    views = jz.views
    views.catch_up()
    on = today()
    due = [
        {"child_id": d["child_id"], "village": d["village"], **d["allowance"]}
        for d in area_documents(by, views.documents("children_ledger", CHILDREN), "village")
        if d.get("allowance") and is_due(d["allowance"], on, within_days)
    ]
    due.sort(key=lambda row: (row["stops_on"] or row["adult_on"], row["child_id"]))
    return {"today": on.isoformat(), "within_days": within_days, "due": due}


@router.get("/alerts")
def alerts(
    jz: App,
    by: Caller,
    mine: Annotated[
        bool, Query(description="only the areas whose named staff the caller is (R-AC-2)")
    ] = False,
) -> dict[str, Any]:
    """Open alerts in the caller's area: under-16 without guardian (R-GD-2), assessments
    overdue (R-AS-1), reports without police response after the configured time and late
    reports not yet closed (R-RP-2); for civil affairs and oversight, towns and villages of
    the ledger without named child-protection staff today (R-AC-2). ``mine=true``: only
    the alerts of the areas whose named staff the caller is today."""
    views = jz.views
    views.catch_up()
    on = today()
    out: list[Obj] = []
    for doc in area_documents(by, views.documents("children_ledger", CHILDREN), "village"):
        for alert in guardian_alerts(jz.store, doc, on):
            out.append({"kind": alert["alert"], "rule": alert["rule"],
                        "child_id": doc["child_id"], "village": doc["village"],
                        "opened_on": alert["opened_on"]})  # fmt: skip
        if child_overdue(doc, on):
            out.append(
                {"kind": "assessment_overdue", "child_id": doc["child_id"],
                 "village": doc["village"], "last_assessed_on": doc["last_assessed_on"]}
            )  # fmt: skip
    limit = timedelta(minutes=jz.settings.report_response_minutes)
    now = datetime.now(UTC)
    for doc in area_documents(by, views.documents("children_ledger", REPORTS), "area"):
        reported = datetime.fromisoformat(doc["reported_at"].replace("Z", "+00:00"))
        if doc["stage"] == "reported" and now - reported > limit:
            out.append({"kind": "report_without_police_response", "report_id": doc["report_id"],
                        "area": doc["area"], "reported_at": doc["reported_at"]})  # fmt: skip
        noticed = datetime.fromisoformat(doc["noticed_at"].replace("Z", "+00:00"))
        if doc["stage"] != "closed" and is_late(noticed, reported):
            out.append({"kind": "late_report", "rule": "R-RP-2", "report_id": doc["report_id"],
                        "area": doc["area"], "noticed_at": doc["noticed_at"],
                        "reported_at": doc["reported_at"]})  # fmt: skip
    rosters = jz.staff.rosters()
    if by.has(Role.CIVIL_AFFAIRS, Role.OVERSIGHT):
        out.extend(areas_without_staff(by, views.documents("children_ledger", CHILDREN),
                                       rosters, on))  # fmt: skip
    if mine:
        areas = jz.staff.areas_of(rosters, by.actor_id, on)
        out = [a for a in out if any(covers(x, str(a.get("village") or a.get("area")))
                                     for x in areas)]  # fmt: skip
    return {"today": on.isoformat(), "alerts": out}


def areas_without_staff(
    by: Principal, docs: list[Obj], rosters: dict[str, list[Obj]], on: date
) -> list[Obj]:
    """Towns and villages of the caller's ledger (children under 18) with nobody named to
    their child-protection post today (R-AC-2): an alert for civil affairs."""
    areas = set()
    for doc in area_documents(by, docs, "village"):
        if on.isoformat() < doc["turns_18_on"]:
            areas.update({doc["town"], doc["village"]})
    return [
        {"kind": "area_without_staff", "rule": "R-AC-2", "area": area,
         "level": level_of(area)}
        for area in sorted(areas)
        if not any(in_force(a, on) for a in rosters.get(area, []))
    ]  # fmt: skip


@router.get("/guardian-bar-refusals")
def guardian_bar_refusals(jz: App, by: Caller) -> dict[str, Any]:
    """Refusals of a person barred by a court's revocation on another file (R-GD-8, ADR 0005
    §8), made by staff of the caller's area: who tried, on which file, which field, when — no
    name, no number — so that civil affairs and oversight see a village fishing for revoked
    persons by names and birth dates (FINDINGS2 #6)."""
    if not by.has(Role.CIVIL_AFFAIRS, Role.OVERSIGHT):
        raise PermissionDenied("the refusals are for civil affairs and oversight")
    views = jz.views
    views.catch_up()
    rows = [
        d for d in views.documents("children_ledger", BAR_REFUSALS)
        if covers(by.jurisdiction, str(d.get("area") or ""))
    ]  # fmt: skip
    rows.sort(key=lambda d: str(d["at"]))
    return {"refusals": rows, "count": len(rows)}


@router.get("/{child_id}")
def read(child_id: UUID, jz: App, by: Caller, reason: ReadReason = None) -> dict[str, Any]:
    """A child's file with its guardianship history; reads by another department (police,
    court, oversight) need ``?reason=`` and are recorded (R-CH-4, R-AC-3). ``responsible``:
    the town's and the village's named child-protection staff in force today (R-AC-2)."""
    document = jz.children.read_child(by, child_id, reason)
    village = str(document["location"]["village"])
    return {**document, "responsible": jz.staff.responsible(jz.staff.rosters(), village, today())}
