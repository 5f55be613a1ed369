"""The nested objects of the reports' and petitions' routes (R-RP, R-EM, R-GD-8), as the
domain checks them in ``domain/records/reports.py`` (``Report.file``, ``Report.arrange``,
``GuardianshipPetition.file``, ``_check_ground_thresholds``, ``GuardianshipPetition.rule``).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from api.schemas.base import IsoDate, Sha256, Strict
from api.schemas.children import Contact, Receiver
from api.schemas.terms import coded, term

Maybe = Annotated[str | None, Field(max_length=200, description="as written; not blank when given")]


class Reporter(Strict):
    """Who reports; hidden from every role but the police and the reporter (R-RP-3)."""

    name: Annotated[str, Field(max_length=200, description="as written; not blank")]
    unit: Maybe = Field(default=None, description="the school, hospital… the reporter works in")
    phone: Maybe = None
    contacts: Annotated[list[Contact], Field(max_length=20)] | None = None


class UnidentifiedChild(Strict):
    """A child without a file yet, described; linked to its file later
    (``POST /v1/reports/{id}/child``)."""

    apparent_age: Annotated[int | None, Field(ge=0, description="in years, as it appears")] = None
    sex: term("sex") | None = None  # type: ignore[valid-type]
    description: Annotated[str | None, Field(max_length=2000)] = Field(
        default=None, description="what identifies the child"
    )


class TownAssessment(Strict):
    """The town's assessment of safety, guardianship and health (R-EM-2)."""

    safety: Annotated[str, Field(max_length=20_000, description="安全情况; not blank")]
    guardianship: Annotated[str, Field(max_length=20_000, description="监护情况; not blank")]
    health: Annotated[str, Field(max_length=20_000, description="身心健康状况; not blank")]


class Applicant(Strict):
    """Who applies to the court (R-GD-8; 民法典 第36条); ``revoked_parent`` only restores
    (民法典 第38条)."""

    kind: term("applicant_kind")  # type: ignore[valid-type]
    name: Maybe = None


coded("applicant.kind", "unknown-term", vocabulary_name="applicant_kind")


class Particulars(Strict):
    """What shows a revocation ground's threshold (R-GD-8; 2014 意见 第35条), checked when that
    ground is claimed."""

    refused_correction: bool | None = Field(
        default=None, description="unsupervised_in_danger: 经教育不改 — must be true"
    )
    duty_refused_since: Annotated[
        IsoDate | None,
        Field(
            description="refused_duty_six_months: since when (YYYY-MM-DD), six months or more "
            "before filed_on",
        ),
    ] = None
    warnings: int | None = Field(
        default=None, description="forced_begging: rounds of criticism that failed (3 or more)"
    )


class Care(Strict):
    """What was arranged for a detained parent's child (R-GD-7): who took the child, and the
    written hand-over (C4 "办理书面交接手续")."""

    receiver: Receiver = Field(description="who took the child: {name, relation}")
    handover_sha256: Sha256 | None = Field(
        default=None, description="the written hand-over's SHA-256 (required)"
    )


coded("care.handover_sha256", "invalid-document-hash")
