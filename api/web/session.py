"""Who is at the screen: the session cookie, resolved on every request as a bearer token is.

``Screen`` is the dependency every page takes. It reads the cookie, opens the session
(``infra/sessions.py``) and authenticates the session's token with
``Jianzheng.authenticate`` — the very check the API makes — so a token revoked or an actor
suspended since sign-in is refused at the next request, and the page gets the same
``Principal`` the API would. Pages then call the same services as the routes, which check
the role themselves: one authorization path (ADR 0006 §2).

Forms prove they were made by our pages (CSRF, synchronizer pattern): each carries the
session's secret as ``csrf_token`` (scripts send it as ``X-CSRF-Token``), compared in
constant time; a request whose ``Origin`` names another site is refused as well, and the
cookie is ``SameSite=Strict``.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import Depends, Request
from starlette.datastructures import FormData

from api.deps import App
from domain.records.actors import Actor
from domain.records.errors import (
    AuthenticationError,
    InvalidInput,
    JianzhengError,
    PermissionDenied,
)
from infra.application import Jianzheng, Principal
from infra.sessions import Session

COOKIE = "jz_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class SignInRequired(AuthenticationError):
    """No live session: the page sends the person to the sign-in screen (HTML), a script
    gets 401 ``sign-in-required``."""

    code = "sign-in-required"
    title = "Sign in first"

    def __init__(self, detail: str, after: str = "/", why: str = "") -> None:
        super().__init__(detail)
        self.after = after
        self.why = why


class CsrfRefused(PermissionDenied):
    """A form or script request that did not come from our own page."""

    code = "csrf-refused"
    title = "The form did not come from this site's page"


class AmbiguousForm(InvalidInput):
    """A form naming its security token more than once: which copy counts would be a guess
    (the first? the last?), so none does — as the API refuses a repeated parameter."""

    code = "ambiguous-request"
    title = "Ambiguous request"


@dataclass(frozen=True)
class Signed:
    """A person signed in: their principal, their actor and their session."""

    principal: Principal
    actor: Actor
    session: Session

    @property
    def csrf(self) -> str:
        """The secret this session's forms carry."""
        return self.session.csrf


def _here(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def safe_next(value: str | None) -> str:
    """A local path to go to after sign-in (never another site: ``//host`` or a scheme)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return "/"
    return value


def sign_in_url(after: str, why: str = "") -> str:
    """Where a request without a live session is sent."""
    url = "/sign-in?next=" + quote(safe_next(after), safe="/")
    return url + (f"&why={quote(why)}" if why else "")


def authenticated(jz: Jianzheng, session: Session) -> Actor:
    """The session's actor, authenticated exactly as its token would be by the API."""
    return jz.authenticate(session.token)


def signed_in(request: Request, jz: App) -> Signed:
    """The signed-in person, or :class:`SignInRequired`."""
    session = jz.sessions.resolve(request.cookies.get(COOKIE))
    if session is None:
        expired = COOKIE in request.cookies
        raise SignInRequired(
            "your session has ended; sign in again" if expired else "sign in first",
            after=_here(request),
            why="expired" if expired else "",
        )
    try:
        actor = authenticated(jz, session)
    except JianzhengError as exc:  # revoked token, suspended or revoked actor
        jz.sessions.close(session)
        raise SignInRequired(exc.detail, after=_here(request), why=exc.code) from exc
    return Signed(Principal.of(actor), actor, session)


Screen = Annotated[Signed, Depends(signed_in)]


def same_origin(request: Request) -> bool:
    """Whether the request comes from this site: its ``Origin`` names it, or, where a browser
    sends no ``Origin``, its ``Referer`` (when sent) does. A request with neither passes here
    and is judged by its CSRF secret alone."""
    host = request.headers.get("host", "")
    sent = request.headers.get("origin") or request.headers.get("referer")
    if sent is None:
        return True
    parts = urlsplit(sent)
    return parts.netloc == host and parts.scheme in {"http", "https"}


async def checked_form(request: Request, signed: Signed) -> FormData:
    """The posted form, once its CSRF secret and origin are checked; a form naming
    ``csrf_token`` more than once is refused (:class:`AmbiguousForm`), whatever the copies
    hold."""
    if not same_origin(request):
        raise CsrfRefused("the form was posted from another site")
    form = await request.form()
    given = form.getlist(CSRF_FIELD)
    if len(given) > 1:  # which copy would count is a guess (first? last?): none does
        raise AmbiguousForm("the form names csrf_token more than once", field=CSRF_FIELD)
    sent = given[0] if given else None
    if not isinstance(sent, str) or not hmac.compare_digest(sent, signed.csrf):
        raise CsrfRefused("the form's security token is missing or out of date; reload the page")
    return form


def check_script_request(request: Request, signed: Signed) -> None:
    """A script's write: its ``X-CSRF-Token`` header must be the session's secret."""
    if not same_origin(request):
        raise CsrfRefused("the request came from another site")
    sent = request.headers.get(CSRF_HEADER, "")
    if not hmac.compare_digest(sent, signed.csrf):
        raise CsrfRefused("the request's security token is missing or out of date")
