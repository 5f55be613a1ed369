"""The FastAPI application factory."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import openapi, problems
from api.head import HeadAsGet
from api.idempotency import IdempotencyMiddleware
from api.routes import (
    actors,
    cases,
    catalogue,
    children,
    complaints,
    court,
    dossier,
    evidence,
    health,
    lists,
    oversight,
    reports,
    staff,
    verification,
    verify_page,
    vocabularies,
)
from api.routes import log as log_routes
from api.routes.law import router as law_router
from api.strict_json import StrictJSONMiddleware
from api.web import site as web
from api.web.errors import ScreenFaults
from domain.records.errors import LogInconsistent
from infra.application import Initialised, Jianzheng
from infra.settings import Settings

log = logging.getLogger("jianzheng.api")


def announce_initialisation(result: Initialised) -> None:
    """Show the first admin token, once, on the operator's console (never in a log)."""
    if result.created and result.admin_token:
        print(f"Initialised a new store. First admin: {result.admin_id}", flush=True)
        print(f"Admin token (shown once, keep it safe): {result.admin_token}", flush=True)


def _follow(jz: Jianzheng, stop: threading.Event, interval: float = 0.5) -> None:
    """While the server runs: keep projections caught up (SQLite has no subscriptions) and
    sign a checkpoint whenever the log has grown for ``checkpoint_interval_seconds``, and then
    forget idempotency keys older than ``idempotency_ttl_hours``."""
    next_checkpoint = time.monotonic()
    while not stop.wait(interval):
        try:
            jz.views.catch_up()
            if time.monotonic() >= next_checkpoint:
                jz.log.sign_checkpoint()
                jz.idempotency.purge(jz.settings.idempotency_ttl_hours * 3600)
                jz.sessions.purge()
                next_checkpoint = time.monotonic() + jz.settings.checkpoint_interval_seconds
        except LogInconsistent as exc:  # signing waits for `jianzheng verify`
            log.error("checkpoint not signed: %s", exc.code)
        except Exception:  # a failed batch rolled back; try again next tick
            log.exception("background catch-up failed")


def create_app(settings: Settings | None = None, jianzheng: Jianzheng | None = None) -> FastAPI:
    """Build the API over ``jianzheng`` (or a new application from ``settings``)."""
    settings = settings or (jianzheng.settings if jianzheng else Settings())
    owned = jianzheng is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        jz = jianzheng or Jianzheng(settings)
        announce_initialisation(jz.initialise())
        jz.log.check_consistent()  # refuse to start over a log that no longer matches
        app.state.jianzheng = jz
        stop = threading.Event()
        follower = threading.Thread(
            target=_follow, args=(jz, stop), name="projections", daemon=True
        )
        follower.start()
        try:
            yield
        finally:
            stop.set()
            follower.join(timeout=10)
            if owned:
                jz.close()

    app = FastAPI(
        title="Jianzheng (见证)",
        version="0.1.0",
        summary="Hash-chained audit trail for administrative enforcement and child protection",
        lifespan=lifespan,
        docs_url=None,  # served by api.web from vendored files (offline intranets)
        redoc_url=None,
    )
    # Starlette runs the last added middleware first: the JSON checks, then idempotency.
    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(
        StrictJSONMiddleware,
        max_body_bytes=settings.max_body_bytes,
        raw_body_paths=evidence.RAW_BODY_PATHS | web.RAW_BODY_PATHS,
    )
    app.add_middleware(ScreenFaults)  # a fault on a screen: a 500 page, the connection kept
    app.add_middleware(HeadAsGet)  # outermost: a screen's HEAD is its GET without the body
    problems.install(app)
    openapi.install(app)
    app.include_router(health.router)
    app.include_router(actors.router)
    app.include_router(verification.router)
    app.include_router(cases.router)
    app.include_router(dossier.router)
    app.include_router(catalogue.router)
    app.include_router(evidence.router)
    app.include_router(oversight.router)
    app.include_router(complaints.router)
    app.include_router(log_routes.router)
    app.include_router(children.router)
    app.include_router(court.router)
    app.include_router(reports.router)
    app.include_router(staff.router)
    app.include_router(law_router)
    app.include_router(vocabularies.router)
    app.include_router(lists.router)
    app.include_router(verify_page.router)
    web.install(app)  # after the handlers: the screens wrap them
    return app
