"""The vocabularies the API accepts, each code with its Chinese label, for the screens
(``domain.records.vocabulary``): show the label, send the code."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from api.deps import current_principal
from domain.records.vocabulary import VOCABULARIES

router = APIRouter(prefix="/v1/vocabularies", tags=["vocabularies"])


class TermOut(BaseModel):
    """A code and its label."""

    code: str = Field(description="the stable code a request sends")
    label: str = Field(description="中文标签, for display")


class VocabularyOut(BaseModel):
    """One vocabulary, its terms in the domain's order."""

    name: str = Field(description="the name a schema's x-vocabulary gives")
    about: str
    rule: str = Field(description="the rule ids it serves (domain-rules.md)")
    terms: list[TermOut]


class VocabulariesOut(BaseModel):
    """Every vocabulary the API accepts."""

    vocabularies: list[VocabularyOut]


@router.get("", response_model=VocabulariesOut, dependencies=[Depends(current_principal)])
def vocabularies() -> VocabulariesOut:
    """Every vocabulary the API accepts, each code with its Chinese label (any role)."""
    return VocabulariesOut(
        vocabularies=[
            VocabularyOut(
                name=v.name,
                about=v.about,
                rule=v.rule,
                terms=[TermOut(code=c, label=v.label(c)) for c in v.codes],
            )
            for v in VOCABULARIES.values()
        ]
    )
