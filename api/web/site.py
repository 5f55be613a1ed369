"""The screens on the app: their routers, static files and error pages (``install``)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.web import (
    admin,
    children,
    core,
    court,
    enforcement,
    errors,
    log_health,
    oversight,
    reports,
)
from api.web.render import STATIC

SCREEN_ROUTERS = (
    core.router,
    enforcement.router,
    children.router,
    reports.router,
    log_health.router,
    oversight.router,
    admin.router,
    court.router,
)
"""Every screen module's router, in the order they are matched."""

RAW_BODY_PATHS = frozenset({core.SCREEN_UPLOAD_PATH}) | enforcement.RAW_BODY_PATHS
"""Screen routes whose body is a file streamed unparsed (``api/strict_json.py``)."""


def install(app: FastAPI) -> None:
    """Serve the screens, their static files and the offline API docs on ``app``."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in SCREEN_ROUTERS:
        app.include_router(router)
    errors.install(app)
