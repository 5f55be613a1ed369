"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import App

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(jz: App) -> dict[str, object]:
    """The server answers and its store is reachable."""
    jz.store.recorder.max_notification_id()
    return {"status": "ok", "backend": jz.settings.backend}
