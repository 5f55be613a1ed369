"""The screens (ADR 0006): pages for the people of the mission, served by the same app.

Server-rendered from Jinja2 templates (``api/web/templates``), every asset vendored in
``api/static`` (``VENDORED.md``), signed in with a session cookie (``api/web/session.py``),
authorized by the same services as the API. Each module of screens adds its router and
declares its navigation entries (``api/web/nav.py``).
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.web import admin, core, court, enforcement, errors, log_health, oversight
from api.web.render import STATIC

SCREEN_ROUTERS = (
    core.router,
    enforcement.router,
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
