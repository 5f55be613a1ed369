"""Mandatory reports and emergencies (强制报告 / 应急处置, R-RP, R-EM) and court petitions
on guardianship (R-GD-8, R-IV-1). The reporter's identity is hidden from roles that do not
need it (R-RP-3)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from pydantic import Field

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
    IsoDate,
    LongText,
    Reason,
    Rfc3339,
    Sha256,
    StreamId,
    Strict,
    Text,
    events_answer,
)
from api.schemas.children import Person
from api.schemas.reports import (
    Applicant,
    Care,
    Particulars,
    Reporter,
    TownAssessment,
    UnidentifiedChild,
)
from api.schemas.terms import dump, labelled, listed, term
from domain.records.actors import Role
from domain.records.errors import PermissionDenied
from domain.records.reports import check_step_role, is_late, parse_moment
from infra.lists import ReportFilters
from infra.lists.children import REPORT_ALERTS, REPORT_LIST
from projections.children import REPORTS

router = APIRouter(tags=["reports"])

At = Rfc3339


class ReportIn(Strict):
    """A mandatory report to the police (R-RP-1, R-RP-2)."""

    reporter: Reporter = Field(
        description="name, unit, phone, contacts — hidden from most roles (R-RP-3)"
    )
    institution_kind: listed("institution_kind")  # type: ignore[valid-type]
    situations: Annotated[list[listed("situation")], Field(min_length=1, max_length=10)]  # type: ignore[valid-type]
    noticed_at: At
    reported_at: At
    area: Text | None = Field(
        default=None,
        description="the 12-digit village code, only with unidentified_child (a child's file "
        "brings its own village)",
    )
    summary: LongText
    child_id: StreamId | None = None
    unidentified_child: UnidentifiedChild | None = Field(
        default=None, description="a child without a file yet: exactly one of this and child_id"
    )


class LinkIn(Strict):
    """Link a report to a child's file."""

    child_id: StreamId


class PoliceIn(Strict):
    """The police response (R-EM-1): actions must fit the situation."""

    responded_at: At
    actions: Annotated[list[listed("police_action")], Field(min_length=1, max_length=20)]  # type: ignore[valid-type]
    parents_reached: bool
    handover_sha256: Sha256 | None = None
    notes: Annotated[str, Field(max_length=20_000)] = ""


class TownInformedIn(Strict):
    """The police inform the town (R-EM-1); a report cannot close without it."""

    town: Text
    informed_at: At


class ArrangementIn(Strict):
    """The town's assessment-and-help arrangement (R-EM-2)."""

    departments: Annotated[list[listed("department")], Field(min_length=1, max_length=20)]  # type: ignore[valid-type]
    assessment: TownAssessment
    measures: Annotated[
        list[listed("help_measure")],  # type: ignore[valid-type]
        Field(max_length=30, description="may be empty: no help needed (R-EM-2)"),
    ]
    arranged_on: IsoDate


class FailureToReportIn(Strict):
    """An institution under the duty knew before this report and did not report (R-RP-1,
    R-RP-2); recorded by the police or civil affairs, listed for oversight."""

    institution_kind: listed("institution_kind")  # type: ignore[valid-type]
    institution: Text = Field(description="the unit (school, hospital…), never a person")
    known_since: At = Field(description="when the institution knew: before reported_at")
    basis: LongText = Field(description="what shows it (records, statements)")
    found_on: IsoDate
    evidence_sha256: Sha256 | None = None


class CommendationIn(Strict):
    """Commend a reporter without the duty (C5 "要给予表扬, 必要时可给予适当奖励")."""

    form: listed("commendation_form")  # type: ignore[valid-type]
    commended_on: IsoDate
    basis: Reason
    reward_fen: Annotated[int, Field(ge=1, le=10_000_000_00)] | None = Field(
        default=None, description="a reward's amount in fen (form reward only)"
    )


class DetentionIn(Strict):
    """A parent's detention, and whether and how the minor child is cared for (R-GD-7)."""

    child_id: StreamId
    parent: listed("detained_parent")  # type: ignore[valid-type]
    measure: listed("detention_measure")  # type: ignore[valid-type]
    detained_at: At
    needs_care: bool = Field(description="the police asked: does the child need care?")
    care: Care | None = Field(default=None, description="required when needs_care is true")
    no_care_reason: Reason | None = Field(
        default=None, description="required when needs_care is false: who cares for the child"
    )
    legal_basis: LongText


class CloseIn(Strict):
    """Close the report."""

    reason: Reason
    closed_at: At


class PetitionIn(Strict):
    """A petition to a court to revoke guardianship, or a revoked parent's application to
    restore it, registered by the court (R-GD-8, 民法典 第36、38条)."""

    kind: Annotated[
        Literal["revoke", "restore"], Field(json_schema_extra=labelled("petition_kind"))
    ]
    child_id: StreamId
    applicant: Applicant
    guardian_concerned: Person = Field(description="the guardian whose qualification is at issue")
    filed_on: IsoDate
    grounds: Annotated[list[listed("revocation_ground")], Field(max_length=10)] | None = Field(  # type: ignore[valid-type]
        default=None,
        description="revocation: at least one ground (R-GD-8); restoration: none (omit, or [])",
    )
    particulars: Particulars = Field(
        default_factory=Particulars, description="what shows a ground's threshold (R-GD-8)"
    )
    report_id: StreamId | None = None


class RulingIn(Strict):
    """The court's ruling: revokes and appoints, restores, or dismisses."""

    outcome: listed("ruling_outcome")  # type: ignore[valid-type]
    ruled_on: IsoDate
    ruling_sha256: Sha256
    legal_basis: LongText
    intentional_crime_against_child: bool = False
    new_guardian: Person | None = Field(
        default=None,
        description="revoked: the guardian the court appoints (另行指定); civil_affairs or "
        "institution as relation names civil affairs (R-GD-6)",
    )


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
