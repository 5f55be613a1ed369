"""Sign-in and sign-out, the home page, "me", the offline API docs and the screens' upload.

Sign-in exchanges an actor's token, typed or pasted once, for a session cookie
(``HttpOnly``, ``SameSite=Strict``, ``Secure`` when ``JIANZHENG_PUBLIC_URL`` is ``https``);
the token is checked exactly as the API checks a bearer token. ``/docs`` serves Swagger UI
from ``api/static/vendor`` (``VENDORED.md``): nothing is fetched from another host, so it
works on an intranet with no route out.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.deps import App
from api.strict_json import is_form
from api.web import nav
from api.web.render import REFUSAL_HEADER, SECURITY_HEADERS, page
from api.web.screen import show
from api.web.session import (
    COOKIE,
    CsrfRefused,
    Screen,
    check_script_request,
    checked_form,
    safe_next,
    same_origin,
)
from domain.records.errors import InvalidInput, JianzhengError

SCREEN_UPLOAD_PATH = "/screens/evidence"
"""Where the screens' upload widget streams a file (raw body, like ``POST /v1/evidence``)."""

router = APIRouter(include_in_schema=False)

WHY = {
    "expired": "会话已超时，请重新登录。",
    "token-revoked": "该令牌已被撤销，请使用新的令牌登录。",
    "actor-revoked": "该账户已被撤销。",
    "actor-suspended": "该账户已被暂停，请联系系统管理员。",
    "signed-out": "您已安全退出。",
}
"""Why the sign-in screen is shown again, in the words people read there."""


class AmbiguousSignIn(InvalidInput):
    """A sign-in form naming its token (or where to go) twice."""

    code = "ambiguous-request"
    title = "Ambiguous request"


REFUSED = {
    "ambiguous-request": "表单中令牌填写了不止一次，请重新登录。",
    "unauthenticated": "令牌无效：请检查是否完整粘贴（以 jz_ 开头）。",
    "token-revoked": "该令牌已被撤销。",
    "actor-revoked": "该账户已被撤销，不能登录。",
    "actor-suspended": "该账户已被暂停，不能登录。",
}


def _cookie_secure(request: Request) -> bool:
    public = request.app.state.jianzheng.settings.public_url
    return bool(public.startswith("https://")) or request.url.scheme == "https"


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_form(
    request: Request,
    next: Annotated[str, Query(max_length=2000)] = "/",  # noqa: A002 -- the query's name
    why: Annotated[str, Query(max_length=40)] = "",
) -> HTMLResponse:
    """The sign-in screen: one field for the actor's token."""
    return page(request, "sign_in.html", after=safe_next(next), notice=WHY.get(why, ""), refusal="")


@router.post("/sign-in", response_class=HTMLResponse)
async def sign_in(request: Request, jz: App) -> Response:
    """Check the token as the API would and open a session."""
    if not same_origin(request):
        raise CsrfRefused("the sign-in form was posted from another site")
    if not is_form(request.headers.getlist("content-type")):
        raise StarletteHTTPException(415, "the sign-in form posts a form, nothing else")
    form = await request.form()
    token = str(form.get("token") or "").strip()
    after = safe_next(str(form.get("next") or "/"))
    try:
        if len(form.getlist("token")) > 1 or len(form.getlist("next")) > 1:
            # read one way only: a proxy may take the first token where this takes the last
            raise AmbiguousSignIn("the sign-in form names a field more than once")
        actor = jz.authenticate(token)
    except JianzhengError as exc:
        refusal = REFUSED.get(exc.code, "无法登录。")
        refused = page(request, "sign_in.html", after=after, notice="", refusal=refusal)
        refused.headers[REFUSAL_HEADER] = exc.code
        return refused
    earlier = jz.sessions.resolve(request.cookies.get(COOKIE))
    if earlier is not None:  # a shared desk: who signed in before is signed out, not kept
        jz.sessions.close(earlier)
    session_id, _ = jz.sessions.open(token, str(actor.id))
    answer = RedirectResponse(after, status_code=303)
    answer.set_cookie(
        COOKIE,
        session_id,
        max_age=jz.settings.session_max_hours * 3600,
        path="/",
        secure=_cookie_secure(request),
        httponly=True,
        samesite="strict",
    )
    return answer


@router.post("/sign-out")
async def sign_out(request: Request, jz: App, signed: Screen) -> Response:
    """End the session and forget the cookie."""
    await checked_form(request, signed)
    jz.sessions.close(signed.session)
    answer = RedirectResponse("/sign-in?why=signed-out", status_code=303)
    answer.delete_cookie(
        COOKIE, path="/", secure=_cookie_secure(request), httponly=True, samesite="strict"
    )
    return answer


@router.get("/")
def home(signed: Screen) -> Response:
    """The home page of the person's first role (``api/web/nav.py``)."""
    return RedirectResponse(nav.home_of(signed.principal), status_code=303)


@router.get("/me", response_class=HTMLResponse)
def me(request: Request, jz: App, signed: Screen) -> HTMLResponse:
    """Who is signed in: name, roles, agency, area, and when the session ends."""
    settings = jz.settings
    return show(
        request,
        signed,
        "me.html",
        idle_minutes=settings.session_idle_minutes,
        max_hours=settings.session_max_hours,
        actor_id=str(signed.actor.id),
    )


@router.post(SCREEN_UPLOAD_PATH)
async def upload(
    request: Request,
    jz: App,
    signed: Screen,
    purpose: Annotated[Literal["case", "child"], Query()],
    subject_id: Annotated[UUID, Query()],
    content_type: Annotated[str, Header(max_length=255)] = "application/octet-stream",
) -> dict[str, Any]:
    """Stream a file from a screen's upload widget into the blob store.

    The same service as ``POST /v1/evidence`` with the same checks (role, subject, media
    type, size); the widget proves it is our page with ``X-CSRF-Token``. A restarted upload
    of the same bytes registers nothing twice (evidence is content-addressed).
    """
    check_script_request(request, signed)
    if not content_type:
        raise InvalidInput("the file's media type is missing", field="content-type")
    evidence, _ = await jz.store_evidence(
        signed.principal, request.stream(), content_type, purpose=purpose, subject_id=subject_id
    )
    return evidence.ref()


DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self' data:; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'"
)
"""Swagger UI styles itself inline; it still loads nothing from another host."""


def _docs(request: Request, template: str) -> HTMLResponse:
    answer = page(request, template)
    answer.headers.update(
        {**SECURITY_HEADERS, "Content-Security-Policy": DOCS_CSP, "Cache-Control": "no-cache"}
    )
    return answer


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI over ``/openapi.json``, from vendored files."""
    return _docs(request, "swagger.html")
