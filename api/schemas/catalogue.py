"""The data of a major-decision catalogue (重大执法决定目录清单, R-LR-2, R-LR-10), as
``domain.records.catalogue.validate_catalogue`` checks it. Every refusal inside it answers
``invalid-catalogue``, as the domain does; the domain also checks what a schema cannot say
(distinct rule ids, exactly one condition per rule, amounts not above the statutory floor).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from api.schemas.base import Strict
from api.schemas.terms import coded, term
from domain.records.vocabulary import VOCABULARIES

NonBlank = Annotated[str, Field(min_length=1, max_length=20_000, description="not blank")]
Fen = Annotated[int, Field(ge=0, description="in fen (分), 0 or more")]


class Thresholds(Strict):
    """An amount for each kind of party (较大数额 differs between them, R-LR-2)."""

    person: Fen
    organisation: Fen


class When(Strict):
    """When a rule makes a draft major: exactly one of ``measure_any``,
    ``fine_at_least_fen``, ``confiscation_at_least_fen``, ``flag``, optionally limited to
    ``action_types``."""

    measure_any: (
        Annotated[
            list[term("catalogue_measure")],  # type: ignore[valid-type]
            Field(
                min_length=1,
                max_length=len(VOCABULARIES["catalogue_measure"].codes),
                description="any of these measures, each once",
            ),
        ]
        | None
    ) = None
    fine_at_least_fen: Thresholds | None = None
    confiscation_at_least_fen: Thresholds | None = None
    flag: term("catalogue_flag") | None = None  # type: ignore[valid-type]
    action_types: (
        Annotated[
            list[term("catalogue_action_type")],  # type: ignore[valid-type]
            Field(
                min_length=1,
                max_length=len(VOCABULARIES["catalogue_action_type"].codes),
                description="only drafts of these action types, each once",
            ),
        ]
        | None
    ) = None


class Rule(Strict):
    """A rule of the catalogue."""

    id: Annotated[str, Field(min_length=1, max_length=200, description="unique in the catalogue")]
    title: NonBlank
    basis: NonBlank
    when: When
    collective: bool | None = Field(
        default=None,
        description="a penalty draft matching this rule is decided collectively by the "
        "agency's heads (集体讨论, R-EN-7), beside the statutory list",
    )


class CatalogueData(Strict):
    """A whole version of a catalogue."""

    review_all_non_simplified: bool = Field(
        description="review every decision outside the simplified procedure (R-LR-3)"
    )
    rules: Annotated[list[Rule], Field(max_length=500)]
    collective_quorum: Annotated[int, Field(ge=2, le=1000)] | None = Field(
        default=None,
        description="how many of the agency's heads a collective discussion needs at least "
        "(R-EN-7; never below 2)",
    )
    review_time_limit_workdays: Annotated[int, Field(ge=1, le=30)] | None = Field(
        default=None,
        description="the legal-review time limit in working days after the request (R-LR-7; "
        "default 5)",
    )


coded("data.*", "invalid-catalogue", field=False)
