"""The request bodies of the children's routes (``api/routes/children.py``): opening a file,
a change of guardianship, and the file's other records (R-CH, R-GD, R-AS).

Kept below the routes so that the screens (``api/web/children``) generate their forms from,
and validate their posts with, the very models the routes take, without importing the routes
(ADR 0006 §2; ``api.routes`` and ``api.web`` are siblings that must not import each other:
the dossier's route uses the screens' templates). The nested objects are in
``api/schemas/children.py``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from api.schemas.base import IsoDate, LongText, Reason, Sha256, StreamId, Strict
from api.schemas.children import (
    CapacityAssessment,
    CourtRulingCited,
    Dated,
    Document,
    ExclusionCheck,
    Fee,
    Filings,
    Helper,
    HomeAssessment,
    Institution,
    Location,
    Parents,
    Person,
    Personal,
    Receiver,
    Signatures,
)
from api.schemas.terms import labelled, listed

Docs = Annotated[list[Document], Field(max_length=20)]


class ChildIn(Strict):
    """Open a child's file (一人一档案, R-CH-1)."""

    personal: Personal = Field(description="name, id_number, address, contacts — sealed at rest")
    birth_date: IsoDate
    sex: Annotated[Literal["male", "female"], Field(json_schema_extra=labelled("sex"))]
    location: Location = Field(description="{county, town, village} division codes")
    categories: Annotated[list[listed("category")], Field(max_length=20)]  # type: ignore[valid-type]
    registered_on: IsoDate
    guardian: Person | None = Field(
        default=None,
        description="the parent(s) present (relation father, mother or parents), or null: "
        "none — emergency (R-GD-1, R-GD-2)",
    )
    key_child: bool = False
    distinct_child_reason: Reason | None = Field(
        default=None,
        description="only when a file for a child of the same name, birth date and village "
        "exists (409 child-possibly-registered): why this is another child; recorded on the "
        "identity claim (R-CH-1, ADR 0005). An ID number is never shared.",
    )


def _for(*kinds: str, what: str) -> str:
    return f"{what} — for {', '.join(kinds)}"


class GuardianshipIn(Strict):
    """A change of guardianship (R-GD-1…10). Each kind takes its own members (see each
    member's description, and the README's table); a precondition missing for the kind is
    refused with its own code (``committee-consent-required`` …), and members the kind does
    not take are ignored. ``return`` ends emergency care: the child returns to the guardian in
    force."""

    kind: Annotated[
        Literal[
            "parent", "entrusted_relative", "entrusted_other", "appointed", "institutional",
            "temporary", "absent", "return",
        ],
        Field(json_schema_extra=labelled("guardianship_change")),
    ]  # fmt: skip
    guardian: Person | None = Field(
        default=None,
        description=_for(
            "parent", "entrusted_relative", "entrusted_other", "appointed",
            what="the new guardian: a parent (father, mother, parents) for parent; a direct "
            "relative (paternal_grandmother …) for entrusted_relative",
        ),
    )  # fmt: skip
    institution: Institution | None = Field(
        default=None, description=_for("institutional", what="the welfare institution")
    )
    receiver: Receiver | None = Field(
        default=None, description=_for("temporary", what="who receives the child (R-GD-7)")
    )
    legal_basis: Annotated[str, Field(max_length=2000)] | None = Field(
        default=None, description="every kind but absent"
    )
    effective_on: IsoDate
    reason: Annotated[str, Field(max_length=2000)] | None = Field(
        default=None, description=_for("absent", what="why nobody guards the child")
    )
    home_assessment: HomeAssessment | None = Field(
        default=None,
        description=_for("parent", "return", what="required after temporary care (R-EM-1)"),
    )
    capacity_assessment: CapacityAssessment | None = Field(
        default=None, description=_for("entrusted_relative", "appointed", what="required")
    )
    exclusion_check: ExclusionCheck | None = Field(
        default=None,
        description=_for(
            "entrusted_relative", "entrusted_other", "appointed", what="required (第22条)"
        ),
    )
    committee_consent: Dated | None = Field(
        default=None, description=_for("entrusted_other", what="required (R-GD-4)")
    )
    agreement_sha256: Sha256 | None = Field(
        default=None, description=_for("entrusted_other", what="the written agreement")
    )
    signatures: Signatures | None = Field(
        default=None, description=_for("entrusted_other", what="all three required")
    )
    filings: Filings | None = Field(
        default=None, description=_for("entrusted_other", what="both required")
    )
    parents_unable_to_entrust: bool | None = Field(
        default=None, description=_for("appointed", what="no entrusted guardian found (R-GD-5)")
    )
    acceptance: Dated | None = Field(
        default=None, description=_for("appointed", what="the guardian is willing (有意愿)")
    )
    fee: Fee | None = Field(default=None, description=_for("appointed", what="required"))
    appointment_sha256: Sha256 | None = Field(
        default=None, description=_for("appointed", what="the appointment document")
    )
    ground: listed("institutional_ground", min_length=0) | None = Field(  # type: ignore[valid-type]
        default=None,
        description=_for(
            "institutional", what="orphan, no_guardian_available or court_appointed_civil_affairs"
        ),
    )
    admission_sha256: Sha256 | None = Field(
        default=None, description=_for("institutional", what="the admission record")
    )
    court_ruling: CourtRulingCited | None = Field(
        default=None,
        description=_for("institutional", what="with ground court_appointed_civil_affairs"),
    )
    handover_sha256: Sha256 | None = Field(
        default=None, description=_for("temporary", what="the written hand-over")
    )
    report_id: StreamId | None = Field(
        default=None, description=_for("temporary", "absent", what="a report on record")
    )
    documents: Docs | None = Field(
        default=None, description="further documents, by hash (every kind but absent)"
    )


class CategoriesIn(Strict):
    """Categories change over time (R-CH-2)."""

    categories: Annotated[list[listed("category")], Field(max_length=20)]  # type: ignore[valid-type]
    changed_on: IsoDate
    reason: Reason


class LeftBehindIn(Strict):
    """Entry into left-behind status (R-CH-3)."""

    entered_on: IsoDate
    parents: Parents


class LeftBehindExitIn(Strict):
    """Exit from left-behind status: parents returned (R-CH-3)."""

    exited_on: IsoDate
    reason: listed("left_behind_exit")  # type: ignore[valid-type]
    parents: Parents


class AssessmentIn(Strict):
    """Twice-yearly assessment (R-AS-1, R-AS-2)."""

    result: Annotated[
        Literal["good", "fair", "poor"], Field(json_schema_extra=labelled("assessment_result"))
    ]
    criteria: Annotated[list[listed("assessment_criterion")], Field(min_length=1, max_length=20)]  # type: ignore[valid-type]
    help_plan: LongText
    assessed_on: IsoDate


class HelperIn(Strict):
    """A one-to-one helper (R-AS-3)."""

    helper: Helper
    assigned_on: IsoDate


class VisitIn(Strict):
    """A visit (R-AS-3)."""

    visit_kind: listed("visit_kind")  # type: ignore[valid-type]
    visited_on: IsoDate
    summary: LongText
    helper_no: int | None = None


class MoveIn(Strict):
    """The household moved to another village, town or county: the file moves, and the new
    area's staff keep it (R-CH-1, R-AC-3). Recorded by the staff who kept the file."""

    location: Location = Field(description="the new {county, town, village} division codes")
    moved_on: IsoDate
    reason: Reason


class CorrectionIn(Strict):
    """A correction of one personal field, with a reason; the old value is not shown again
    (R-CH-1, R-CH-4). A correction of name, birth date or ID number moves the file's identity
    claims, and is refused (409 ``child-already-registered`` …) if another file holds the
    new identity (ADR 0005)."""

    field: listed("correctable_field")  # type: ignore[valid-type]
    value: Annotated[str, Field(max_length=200)] | None = Field(
        description="the corrected value (birth_date YYYY-MM-DD; sex male or female); null "
        "removes an id_number or address"
    )
    reason: Reason
    corrected_on: IsoDate


class SchoolingIn(Strict):
    """A period of full-time schooling (全日制学校就读), which keeps the allowance after 18
    (R-CH-5)."""

    level: listed("school_level")  # type: ignore[valid-type]
    from_on: IsoDate
    until_on: IsoDate | None = Field(
        default=None, description="the last day of school, or null while it runs"
    )


class CapacityIn(Strict):
    """Able to work (具备劳动能力) and full civil capacity (完全民事行为能力), as assessed,
    for the allowance after 18 (R-CH-5); the latest assessment stands."""

    able_to_work: bool
    full_civil_capacity: bool
    assessed_on: IsoDate
    basis: Reason


class KeyChildIn(Strict):
    """Flag a key child for any-time assessment (重点对象, R-AS-1)."""

    marked_on: IsoDate
    reason: Reason
