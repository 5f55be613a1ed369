"""Children's files (困境儿童 / 农村留守儿童, R-CH, R-GD, R-AS) and their ledger.

Personal fields (name, ID number, address, contacts) are returned only by
``GET /v1/children/{id}`` to actors with authority over the child; the ledger and the
alerts carry ids and division codes only (R-CH-4).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import Field

from api.deps import App, Caller
from api.routes.common import (
    IsoDate,
    LongText,
    Reason,
    Sha256,
    StreamId,
    Strict,
    Text,
    events_answer,
)
from domain.records.actors import Role
from domain.records.children import ASSESSMENT_INTERVAL_MONTHS, ChildRecord, add_months
from domain.records.errors import PermissionDenied
from domain.records.jurisdiction import covers
from infra.application import Principal
from infra.cases import today
from projections.children import CHILDREN, REPORTS

router = APIRouter(prefix="/v1/children", tags=["children"])

Obj = dict[str, Any]
Docs = Annotated[list[Obj], Field(max_length=20)]


class ChildIn(Strict):
    """Open a child's file (一人一档案, R-CH-1)."""

    personal: Obj = Field(description="name, id_number, address, contacts — sealed at rest")
    birth_date: IsoDate
    sex: Literal["male", "female"]
    location: Obj = Field(description="{county, town, village} division codes")
    categories: Annotated[list[Text], Field(max_length=20)]
    registered_on: IsoDate
    guardian: Obj | None = Field(default=None, description="the parent(s) present, or null")
    key_child: bool = False


class GuardianshipIn(Strict):
    """A change of guardianship (R-GD-1…10); the members each kind needs are documented per
    kind in the README and refused with their own code when missing. ``return`` ends
    emergency care: the child returns to the guardian in force."""

    kind: Literal[
        "parent", "entrusted_relative", "entrusted_other", "appointed", "institutional",
        "temporary", "absent", "return",
    ]  # fmt: skip
    guardian: Obj | None = None
    institution: Obj | None = None
    receiver: Obj | None = None
    legal_basis: Annotated[str, Field(max_length=2000)] | None = None
    effective_on: IsoDate
    reason: Annotated[str, Field(max_length=2000)] | None = None
    home_assessment: Obj | None = None
    capacity_assessment: Obj | None = None
    exclusion_check: Obj | None = None
    committee_consent: Obj | None = None
    agreement_sha256: Sha256 | None = None
    signatures: Obj | None = None
    filings: Obj | None = None
    parents_unable_to_entrust: bool | None = None
    acceptance: Obj | None = None
    fee: Obj | None = None
    appointment_sha256: Sha256 | None = None
    ground: Annotated[str, Field(max_length=200)] | None = None
    admission_sha256: Sha256 | None = None
    court_ruling: Obj | None = None
    handover_sha256: Sha256 | None = None
    report_id: StreamId | None = None
    documents: Docs | None = None


_PARAMS = {
    "parent": ("guardian", "legal_basis", "effective_on", "home_assessment", "documents"),
    "entrusted_relative": ("guardian", "legal_basis", "effective_on", "capacity_assessment",
                           "exclusion_check", "documents"),
    "entrusted_other": ("guardian", "legal_basis", "effective_on", "committee_consent",
                        "agreement_sha256", "signatures", "filings", "exclusion_check",
                        "documents"),
    "appointed": ("guardian", "legal_basis", "effective_on", "parents_unable_to_entrust",
                  "capacity_assessment", "acceptance", "fee", "appointment_sha256",
                  "exclusion_check", "documents"),
    "institutional": ("institution", "legal_basis", "effective_on", "ground",
                      "admission_sha256", "court_ruling", "documents"),
    "temporary": ("receiver", "legal_basis", "effective_on", "handover_sha256", "report_id",
                  "documents"),
    "absent": ("effective_on", "reason", "report_id"),
    "return": ("legal_basis", "effective_on", "home_assessment", "documents"),
}  # fmt: skip
"""Which members of :class:`GuardianshipIn` each kind's domain command takes."""

_DICT_DEFAULTS = ("signatures", "filings")


class CategoriesIn(Strict):
    """Categories change over time (R-CH-2)."""

    categories: Annotated[list[Text], Field(max_length=20)]
    changed_on: IsoDate
    reason: Reason


class LeftBehindIn(Strict):
    """Entry into left-behind status (R-CH-3)."""

    entered_on: IsoDate
    parents: Obj


class LeftBehindExitIn(Strict):
    """Exit from left-behind status: parents returned (R-CH-3)."""

    exited_on: IsoDate
    reason: Text
    parents: Obj


class AssessmentIn(Strict):
    """Twice-yearly assessment (R-AS-1, R-AS-2)."""

    result: Literal["good", "fair", "poor"]
    criteria: Annotated[list[Text], Field(min_length=1, max_length=20)]
    help_plan: LongText
    assessed_on: IsoDate


class HelperIn(Strict):
    """A one-to-one helper (R-AS-3)."""

    helper: Obj
    assigned_on: IsoDate


class VisitIn(Strict):
    """A visit (R-AS-3)."""

    visit_kind: Text
    visited_on: IsoDate
    summary: LongText
    helper_no: int | None = None


class KeyChildIn(Strict):
    """Flag a key child for any-time assessment (重点对象, R-AS-1)."""

    marked_on: IsoDate
    reason: Reason


ReadReason = Annotated[
    str | None,
    Query(max_length=2000, description="required for police, court and oversight; recorded"),
]


@router.post("", status_code=201)
def register(body: ChildIn, jz: App, by: Caller) -> dict[str, Any]:
    """Open a child's file."""
    child, events = jz.children.register(by, **body.model_dump())
    return events_answer(events, child_id=str(child.id))


@router.post("/{child_id}/guardianship", status_code=201)
def guardianship(child_id: UUID, body: GuardianshipIn, jz: App, by: Caller) -> dict[str, Any]:
    """Record a change of guardianship; exactly one arrangement is current afterwards."""
    given = body.model_dump()
    kwargs = {name: given[name] for name in _PARAMS[body.kind]}
    for name in _DICT_DEFAULTS:
        if name in kwargs and kwargs[name] is None:
            kwargs[name] = {}
    return events_answer(jz.children.guardianship(by, child_id, body.kind, **kwargs))


def _command(name: str, path: str, model: type[Strict], summary: str) -> None:
    def handler(child_id: UUID, body: Any, jz: App, by: Caller) -> dict[str, Any]:
        return events_answer(jz.children.child_command(by, child_id, name, **body.model_dump()))

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


def area_documents(by: Principal, docs: list[Obj], area_key: str) -> list[Obj]:
    """The documents in the caller's area (child-protection roles, police, oversight)."""
    if not by.has(Role.CIVIL_AFFAIRS, Role.TOWN_OFFICE, Role.VILLAGE_COMMITTEE, Role.POLICE,
                  Role.OVERSIGHT):  # fmt: skip
        raise PermissionDenied(
            "the ledger is for civil affairs, towns, villages, police, oversight"
        )
    return [d for d in docs if covers(by.jurisdiction, str(d.get(area_key) or ""))]


Filter = Annotated[str | None, Query(max_length=64)]


@router.get("")
def ledger(
    jz: App,
    by: Caller,
    county: Filter = None,
    town: Filter = None,
    village: Filter = None,
    category: Filter = None,
    left_behind: bool | None = None,
    help_level: Filter = None,
    key_child: bool | None = None,
) -> dict[str, Any]:
    """The ledger (台账) of the caller's area, filtered; no personal data."""
    views = jz.views
    views.catch_up()
    docs = area_documents(by, views.documents("children_ledger", CHILDREN), "village")
    wanted = {"county": county, "town": town, "village": village, "help_level": help_level,
              "left_behind": left_behind, "key_child": key_child}  # fmt: skip
    rows = [
        d for d in docs
        if all(v is None or d.get(k) == v for k, v in wanted.items())
        and (category is None or category in d["categories"])
    ]  # fmt: skip
    return {"children": rows, "count": len(rows)}


@router.get("/alerts")
def alerts(jz: App, by: Caller) -> dict[str, Any]:
    """Open alerts in the caller's area: under-16 without guardian (R-GD-2), assessments
    overdue (R-AS-1), reports without police response after the configured time (R-RP-2)."""
    views = jz.views
    views.catch_up()
    on = today()
    out: list[Obj] = []
    for doc in area_documents(by, views.documents("children_ledger", CHILDREN), "village"):
        if on.isoformat() < doc["turns_18_on"] and (
            doc["guardianship"] == "none_emergency" or doc["left_behind"]
        ):
            child = jz.store.load(ChildRecord, UUID(doc["child_id"]))
            for alert in child.alerts(on):
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
    return {"today": on.isoformat(), "alerts": out}


def child_overdue(doc: Obj, on: date) -> bool:
    """Twice a year (R-AS-1): overdue more than six calendar months after the last one."""
    last = date.fromisoformat(doc["last_assessed_on"] or doc["registered_on"])
    adult = on.isoformat() >= doc["turns_18_on"]
    return not adult and on > add_months(last, ASSESSMENT_INTERVAL_MONTHS)


@router.get("/{child_id}")
def read(child_id: UUID, jz: App, by: Caller, reason: ReadReason = None) -> dict[str, Any]:
    """A child's file with its guardianship history; reads by another department (police,
    court, oversight) need ``?reason=`` and are recorded (R-CH-4, R-AC-3)."""
    return jz.children.read_child(by, child_id, reason)
