"""The request bodies of the reports', detentions' and petitions' routes
(``api/routes/reports.py``): a mandatory report and the steps after it (R-RP, R-EM), a
parent's detention (R-GD-7), a petition to a court and its ruling (R-GD-8).

Kept below the routes so that the screens (``api/web/reports.py``) generate their forms from,
and validate their posts with, the very models the routes take, without importing the routes
(``api.routes`` and ``api.web`` are siblings that must not import each other). The nested
objects are in ``api/schemas/reports.py``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from api.schemas.base import IsoDate, LongText, Reason, Rfc3339, Sha256, StreamId, Strict, Text
from api.schemas.children import Person
from api.schemas.reports import (
    Applicant,
    Care,
    Particulars,
    Reporter,
    TownAssessment,
    UnidentifiedChild,
)
from api.schemas.terms import labelled, listed

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
