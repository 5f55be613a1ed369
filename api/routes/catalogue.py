"""The major-decision catalogue (重大执法决定目录清单, R-LR-2, R-LR-3): versioned data."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import Field

from api.deps import App, Caller, requires
from api.routes.common import Reason, Strict, events_answer
from domain.actors import Role

router = APIRouter(prefix="/v1/catalogue", tags=["catalogue"])


class CatalogueIn(Strict):
    """A whole new version: rules with thresholds as data, and why it changed."""

    data: dict[str, Any] = Field(description="{review_all_non_simplified, rules: [...]}")
    note: Reason


@router.get("", dependencies=[requires(*Role)])
def current(jz: App) -> dict[str, Any]:
    """The current version, its number and the hash of the event that made it."""
    catalogue = jz.catalogue()
    return {
        "version": catalogue.version,
        "event_hash": catalogue.version_hash,
        "data": catalogue.data,
    }


@router.post("", status_code=201)
def revise(body: CatalogueIn, jz: App, by: Caller) -> dict[str, Any]:
    """Publish a new version (admin or legal reviewer); drafts cite the version they used."""
    events = jz.revise_catalogue(by, body.data, body.note)
    return events_answer(events, version=jz.catalogue().version)
