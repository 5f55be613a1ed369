"""The law tables, read-only: guardianship changes (R-GD-1…10) and assessment results (R-AS-2).

What ``docs/guardianship.md`` prints, as JSON for the screens: each kind of change of a
child's guardianship with who may record it, the request members it takes and its
preconditions in the order they are checked (each with the error code it refuses with);
and each assessment result with the help it triggers and the criteria C5 gives for it.
Any authenticated actor may read them; they hold no personal data.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from api.deps import current_principal
from domain.records.children.guardianship import GUARDIANSHIP_CHANGES
from domain.records.children.vocabulary import ASSESSMENT_TABLE

router = APIRouter(prefix="/v1/law", tags=["law"], dependencies=[Depends(current_principal)])
"""Any authenticated actor reads the law tables."""


class Closed(BaseModel):
    """An answer with exactly the members declared."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class MemberOut(Closed):
    """A member of the request for one kind of change."""

    name: str
    required: bool
    description: str


class PreconditionOut(Closed):
    """A precondition: its name, the error code it refuses with, its rule, what the law says."""

    name: str
    code: str
    also: list[str] = Field(description="further codes the same check refuses with")
    rule: str
    statement: str


class GuardianshipKindOut(Closed):
    """One kind of change of guardianship."""

    code: str
    title: str
    installs: str | None
    event: str
    rules: list[str]
    statement: str
    recorded_by: list[str]
    members: list[MemberOut]
    preconditions: list[PreconditionOut]


class GuardianshipKindsOut(Closed):
    """Every kind of change of guardianship, in the table's order."""

    kinds: list[GuardianshipKindOut]


class CriterionOut(Closed):
    """A criterion C5 gives for an assessment result."""

    code: str
    statement: str


class AssessmentResultOut(Closed):
    """An assessment result, the help it triggers and its criteria (R-AS-2)."""

    result: str
    statement: str
    help_level: str
    help_statement: str
    criteria: list[CriterionOut]


class AssessmentCriteriaOut(Closed):
    """Every assessment result (R-AS-1, R-AS-2)."""

    results: list[AssessmentResultOut]


@router.get("/guardianship-kinds")
def guardianship_kinds() -> GuardianshipKindsOut:
    """Each kind of change of guardianship, as the commands check it (R-GD-1…10)."""
    return GuardianshipKindsOut(
        kinds=[
            GuardianshipKindOut(
                code=change.code,
                title=change.title,
                installs=None if change.installs is None else change.installs.value,
                event=change.event,
                rules=list(change.rules),
                statement=change.statement,
                recorded_by=sorted(role.value for role in change.recorders),
                members=[
                    MemberOut(name=m.name, required=m.required, description=m.description)
                    for m in change.members
                ],
                preconditions=[
                    PreconditionOut(
                        name=p.name,
                        code=p.code,
                        also=list(p.also),
                        rule=p.rule,
                        statement=p.statement,
                    )
                    for p in change.preconditions
                ],
            )
            for change in GUARDIANSHIP_CHANGES.values()
        ]
    )


@router.get("/assessment-criteria")
def assessment_criteria() -> AssessmentCriteriaOut:
    """Each assessment result, the help it triggers and the criteria C5 gives (R-AS-2)."""
    return AssessmentCriteriaOut(
        results=[
            AssessmentResultOut(
                result=outcome.result.value,
                statement=outcome.statement,
                help_level=outcome.help_level.value,
                help_statement=outcome.help_statement,
                criteria=[
                    CriterionOut(code=code, statement=text)
                    for code, text in outcome.criteria.items()
                ],
            )
            for outcome in ASSESSMENT_TABLE
        ]
    )
