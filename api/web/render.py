"""Templates (Jinja2, autoescaped) and the security headers every screen answers with."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from api.web.labels import beijing, role_label

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent.parent / "static"

SCREEN_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
"""Screens load nothing but their own files: no inline script, no other origin (ADR 0006)."""

SECURITY_HEADERS = {
    "Content-Security-Policy": SCREEN_CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
"""Every screen: its own files only, never framed, never cached (it may show a child's
file), no referrer sent elsewhere."""

REFUSAL_HEADER = "Jianzheng-Refusal"
"""A form refused on a screen is shown again with the refusal in words, answered ``200``
(the page is what the person asked for, and browsers log a 4xx page as an error); the
problem's ``code`` rides in this header for tools and tests. The API answers the status."""


class _Environment(Environment):
    """Jinja's environment, reading a member of a plain ``dict`` first as an item.

    The pages hand templates plain dicts (what the services and the API answer); Jinja's
    ``x.name`` tries ``getattr`` first and takes the exception of a dict that has no such
    attribute on every lookup, which made rendering a 200-event case page the slowest part
    of serving it. A dict's key wins over its method of the same name, so ``d.items()`` still
    calls the method unless the dict has an ``items`` member (then ``d['items']`` is meant).
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


environment = _Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.filters["beijing"] = beijing
environment.filters["role_label"] = role_label


def render(name: str, **context: Any) -> str:
    """The template ``name`` rendered with ``context``."""
    return environment.get_template(name).render(**context)


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A screen: ``name`` rendered with ``context`` (plus the request) and the headers above."""
    body = render(name, request=request, **context)
    return HTMLResponse(body, status_code=status_code, headers=SECURITY_HEADERS)
