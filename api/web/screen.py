"""Rendering a screen for a signed-in person: the page, its navigation, its CSRF secret."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from api.web import nav
from api.web.labels import role_label
from api.web.render import page
from api.web.session import Signed
from domain.records.actors import Role


def show(
    request: Request, signed: Signed, template: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """``template`` for ``signed``: with the navigation of its roles and its forms' secret."""
    roles = [r for r in Role if r in signed.principal.roles]
    return page(
        request,
        template,
        status_code=status_code,
        signed=signed,
        me={
            "name": signed.actor.name,
            "roles": [role_label(r) for r in roles],
            "agency": signed.actor.agency,
            "jurisdiction": signed.actor.jurisdiction,
        },
        nav=nav.for_principal(signed.principal),
        here=request.url.path,
        csrf=signed.csrf,
        **context,
    )
