"""Whole-store verification for oversight bodies (DESIGN §2)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter

from api.deps import App, requires
from domain.records.actors import Role
from infra.application import Principal

router = APIRouter(prefix="/v1", tags=["verification"])


@router.get("/verification")
def verification(
    jz: App, by: Annotated[Principal, requires(Role.OVERSIGHT, Role.ADMIN)]
) -> dict[str, Any]:
    """Recompute every event hash and ``prev`` link (the report of ``jianzheng verify --json``).

    The run is recorded with who asked for it; the screens of oversight and admins show the
    last run (``infra/verification_runs.py``).
    """
    return jz.verifications.run(by, via="api").as_dict()
