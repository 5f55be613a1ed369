"""The body model an API route takes, found on the app itself.

A form of these screens is checked by the very model its API route declares (``CaseIn`` for
``POST /v1/cases`` …: ``forms.validated``), so a screen accepts exactly what the API accepts.
The models are defined beside their routes (``api/routes/cases.py``), and the routes import
the screens' shared timeline (``api/routes/dossier.py``), so the screens do not import the
routes (no import circle inside ``api``, ``make lint``): they look each model up on the
running app by the route's method and path, once.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from pydantic import BaseModel

try:
    from fastapi.routing import iter_route_contexts
except ImportError:  # FastAPI before lazily included routers: the routes are flat
    iter_route_contexts = None  # type: ignore[assignment]


def _routes(app: FastAPI) -> list[Any]:
    if iter_route_contexts is None:
        return list(app.routes)
    return list(iter_route_contexts(app.routes))


FOUND: dict[tuple[str, str], type[BaseModel]] = {}
"""Models found, by method and path (the same classes for every app built from this code)."""


def route_model(app: FastAPI, method: str, path: str) -> type[BaseModel]:
    """The body model of ``app``'s route ``method path`` (LookupError if it has none)."""
    for route in _routes(app):
        methods = getattr(route, "methods", None) or ()
        if getattr(route, "path", None) == path and method in methods:
            field = getattr(route, "body_field", None)
            annotation = None if field is None else field.field_info.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                return annotation
    raise LookupError(f"the app has no route {method} {path} taking a body model")


def body_model(request: Request, method: str, path: str) -> type[BaseModel]:
    """The model of the body the API route ``method path`` takes (e.g. ``POST``,
    ``/v1/cases/{case_id}/steps``)."""
    key = (method, path)
    if key not in FOUND:
        FOUND[key] = route_model(request.app, method, path)
    return FOUND[key]
