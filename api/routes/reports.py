"""Mandatory reports and emergencies (强制报告 / 应急处置, R-RP, R-EM) and court petitions
on guardianship (R-GD-8, R-IV-1). The reporter's identity is hidden from roles that do not
need it (R-RP-3)."""

from __future__ import annotations

from datetime import date
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
from api.routes.children import area_documents
from api.routes.common import (
    Strict,
    events_answer,
)
from api.schemas.report_bodies import (
    ArrangementIn,
    CloseIn,
    CommendationIn,
    DetentionIn,
    FailureToReportIn,
    LinkIn,
    PetitionIn,
    PoliceIn,
    ReportIn,
    RulingIn,
    TownInformedIn,
)
from api.schemas.terms import dump, labelled, term
from domain.records.actors import Role
from domain.records.errors import PermissionDenied
from domain.records.reports import check_step_role, is_late, parse_moment
from infra.lists import ReportFilters
from infra.lists.children import REPORT_ALERTS, REPORT_LIST
from projections.children import REPORTS

router = APIRouter(tags=["reports"])


@router.post("/v1/reports", status_code=201)
def file_report(body: ReportIn, jz: App, by: Caller) -> dict[str, Any]:
    """File a mandatory report."""
    fields = dump(body)
    if fields["area"] is None:
        fields.pop("area")
    report, events = jz.children.file_report(by, **fields)
    return events_answer(events, report_id=str(report.id))


def _step(name: str, path: str, model: type[Strict], summary: str) -> None:
    def handler(report_id: UUID, body: Any, jz: App, by: Caller) -> dict[str, Any]:
        check_step_role([r.value for r in by.roles], name)  # before the report's area
        return events_answer(jz.children.report_command(by, report_id, name, **dump(body)))

    handler.__annotations__["body"] = model
    router.add_api_route(
        f"/v1/reports/{{report_id}}/{path}", handler, methods=["POST"], status_code=201,
        summary=summary, name=name,
    )  # fmt: skip


@router.post("/v1/reports/{report_id}/child", status_code=201, name="link_child",
             summary="Link the report to a child's file")  # fmt: skip
def link_child(report_id: UUID, body: LinkIn, jz: App, by: Caller) -> dict[str, Any]:
    """Link an unidentified child's report to the child's file; the report moves to the
    child's village. The caller's area covers both the report's and the child's."""
    check_step_role([r.value for r in by.roles], "link_child")  # before either area
    return events_answer(jz.children.link_child(by, report_id, body.child_id))


_step("record_police_response", "police-response", PoliceIn, "The police response")
_step("record_town_informed", "town-informed", TownInformedIn, "The town is informed")
_step("record_town_arrangement", "town-arrangement", ArrangementIn, "The town's arrangement")
_step("close", "closure", CloseIn, "Close the report")
_step("record_failure_to_report", "failures-to-report", FailureToReportIn,
      "Record an institution's failure to report")  # fmt: skip
_step("commend_reporter", "commendation", CommendationIn, "Commend the reporter")

DUTY_READERS = (Role.OVERSIGHT, Role.CIVIL_AFFAIRS)
"""Who reads the reporting-duty list: oversight (追责) and civil affairs, which leads."""


@router.get("/v1/reports/duty")
def reporting_duty(jz: App, by: Caller) -> dict[str, Any]:
    """The reporting duty in the caller's area (R-RP-1, R-RP-2), for oversight and civil
    affairs: late reports, failures to report found, commendations. No reporter, no child's
    personal data; an institution's name is not a person's."""
    if not by.has(*DUTY_READERS):
        raise PermissionDenied("the reporting-duty list is for oversight and civil affairs")
    views = jz.views
    views.catch_up()
    late, failures, commended = [], [], []
    for d in area_documents(by, views.documents("children_ledger", REPORTS), "area"):
        if is_late(parse_moment(d["noticed_at"], "noticed_at"),
                   parse_moment(d["reported_at"], "reported_at")):  # fmt: skip
            late.append({k: d[k] for k in ("report_id", "area", "noticed_at", "reported_at",
                                           "institution_kind")})  # fmt: skip
        for found in d.get("failures_to_report", []):
            failures.append({"report_id": d["report_id"], "area": d["area"], **found})
        if d.get("commended"):
            commended.append({"report_id": d["report_id"], "area": d["area"], **d["commended"]})
    return {"late_reports": late, "failures_to_report": failures, "commendations": commended}


ReportSort = Annotated[
    Literal["reported", "noticed"] | None,
    Query(json_schema_extra=labelled_choices(REPORT_LIST.labels(), "sort key (default: reported)")),
]


@router.get("/v1/reports")
def pipeline(
    request: Request,
    response: Response,
    jz: App,
    by: Caller,
    stage: Annotated[
        Literal["reported", "responded", "town_informed", "assessed", "closed"] | None,
        Query(json_schema_extra=labelled("report_stage")),
    ] = None,
    area: Annotated[
        str | None,
        Query(max_length=12, description="a division code covering the report's village"),
    ] = None,
    situation: Annotated[term("situation") | None, Query()] = None,  # type: ignore[valid-type]
    institution_kind: Annotated[term("institution_kind") | None, Query()] = None,  # type: ignore[valid-type]
    child_id: UUID | None = None,
    reported_from: Annotated[
        date | None, Query(description="China Standard Time, inclusive")
    ] = None,
    reported_to: Annotated[date | None, Query(description="China Standard Time, inclusive")] = None,
    alert: Annotated[
        Literal["no_police_response", "late_report"] | None,
        Query(json_schema_extra=labelled_choices(REPORT_ALERTS, "an alert the report raises")),
    ] = None,
    q: Annotated[
        str | None, Query(max_length=100, description="part of the report's number (its id)")
    ] = None,
    sort: ReportSort = None,
    order: OrderParam = None,
    cursor: CursorParam = None,
    limit: LimitParam = DEFAULT_LIMIT,
) -> dict[str, Any]:
    """The report pipeline of the caller's area (reported → responded → town informed →
    assessed → closed), without reporters or personal data, filtered, sorted (oldest report
    first) and paged; each with its alerts (`no_police_response`, `late_report`, R-RP-2).
    ``count``: the rows that match, on every page."""
    filters = ReportFilters(
        stage=stage, area=area, situation=situation, institution_kind=institution_kind,
        child_id=None if child_id is None else str(child_id), reported_from=reported_from,
        reported_to=reported_to, alert=alert, q=q,
    )  # fmt: skip
    page = jz.lists.reports(by, filters, page_request(sort, order, cursor, limit))
    nxt = next_link(request, response, page)
    return {"reports": page.items, "count": page.total, "next": nxt}


ReadReason = Annotated[
    str | None,
    Query(max_length=2000, description="required for police and oversight; recorded"),
]


@router.get("/v1/reports/{report_id}")
def read_report(report_id: UUID, jz: App, by: Caller, reason: ReadReason = None) -> dict[str, Any]:
    """A report; the reporter is shown only to the police and to the reporter (R-RP-3).
    Police and oversight reads need ``?reason=`` and are recorded (R-CH-4, R-AC-3)."""
    return jz.children.read_report(by, report_id, reason)


@router.post("/v1/detentions", status_code=201)
def record_detention(body: DetentionIn, jz: App, by: Caller) -> dict[str, Any]:
    """The police record a parent's detention (R-GD-7): a child who needs care is placed in
    temporary care with the receiver and the written hand-over, in the same transaction."""
    detention, events = jz.detentions.record(by, **dump(body))
    return events_answer(events, detention_id=str(detention.id))


@router.get("/v1/detentions/{detention_id}")
def read_detention(
    detention_id: UUID, jz: App, by: Caller, reason: ReadReason = None
) -> dict[str, Any]:
    """A detention, for the police who recorded it and the child's area's staff; the police,
    oversight and courts who may read the child's file give ``?reason=`` and the read is
    recorded (R-GD-7, R-AC-3)."""
    return jz.detentions.read(by, detention_id, reason)


@router.post("/v1/petitions", status_code=201)
def file_petition(body: PetitionIn, jz: App, by: Caller) -> dict[str, Any]:
    """Petition a court on guardianship."""
    petition, events = jz.children.file_petition(by, **dump(body))
    return events_answer(events, petition_id=str(petition.id))


@router.post("/v1/petitions/{petition_id}/ruling", status_code=201)
def rule(petition_id: UUID, body: RulingIn, jz: App, by: Caller) -> dict[str, Any]:
    """The court's ruling; the child's guardianship changes in the same transaction."""
    return events_answer(jz.children.rule(by, petition_id, **dump(body)))
