"""Whole-store verification for oversight bodies (DESIGN §2)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import App, requires
from domain.records.actors import Role

router = APIRouter(prefix="/v1", tags=["verification"])


@router.get("/verification", dependencies=[requires(Role.OVERSIGHT, Role.ADMIN)])
def verification(jz: App) -> dict[str, Any]:
    """Recompute every event hash and ``prev`` link (the report of ``jianzheng verify --json``)."""
    return jz.verify().as_dict()
