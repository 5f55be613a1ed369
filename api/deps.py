"""FastAPI dependencies, declared once: the application and the authenticated principal."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from domain.records.actors import Role
from infra.application import Jianzheng, Principal, require_role


async def get_jianzheng(request: Request) -> Jianzheng:
    """The application created at startup (async: no thread-pool hop for an attribute)."""
    app: Jianzheng = request.app.state.jianzheng
    return app


App = Annotated[Jianzheng, Depends(get_jianzheng)]


SESSION_COOKIE = "jz_session"
"""The screens' session cookie (``api/web/session.py``). The API reads it on one request
alone: an evidence download with a read ticket (``api/routes/evidence.py``)."""


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer …`` header, if any."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def current_principal(request: Request, jz: App) -> Principal:
    """The active actor behind the request's bearer token (401/403 otherwise)."""
    return Principal.of(jz.authenticate(bearer_token(request)))


Caller = Annotated[Principal, Depends(current_principal)]


def current_principal_even_suspended(request: Request, jz: App) -> Principal:
    """The actor behind the bearer token, also while suspended (then holding no role).

    Only for revoking one's own token: a suspended actor whose token leaked must be able to
    stop it; everything else it asks answers 403 ``actor-suspended``
    (``infra.application.require_role``).
    """
    return Principal.of(jz.authenticate(bearer_token(request), allow_suspended=True))


CallerEvenSuspended = Annotated[Principal, Depends(current_principal_even_suspended)]


def requires(*roles: Role) -> Any:
    """A dependency that refuses callers without one of ``roles``."""

    async def check(principal: Caller) -> Principal:
        require_role(principal, *roles)
        return principal

    return Depends(check)
