"""Refusals on the screens: the API's problem, shown as a page to a person.

The API's handlers (``api/problems.py``) stay the one place that maps an error to its status
and ``code``; for a browser asking a screen for HTML, the same problem is rendered as a page
in Chinese with the code beside it, and a request without a session is sent to sign in.
Scripts (``Accept`` without ``text/html``, and always the upload endpoint
``POST /screens/evidence``, which only scripts call) keep getting ``application/problem+json``,
with the refusal in Chinese as its ``words`` member.

A court or an oversight body opening any page that reads a case before giving this visit's
reason gets the reason form (``ReasonRequired``), never a server error.

No screen error may drop the connection: an exception no handler knows reaches Starlette's
``ServerErrorMiddleware``, which answers 500 and then RE-RAISES it, and uvicorn, seeing an
exception after the response began, closes the transport — the browser's next request on that
keep-alive connection is reset. :class:`ScreenFaults` catches such an exception on a screen
path first, logs it (its type and traceback, as ``api/problems.py`` does) and answers the 500
page itself, so the connection stays usable; an exception after a response began (a stream cut
mid-way) still propagates, as nothing sound can be sent then.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import problem as problem_answer
from api.strict_json import is_screen_path
from api.web.core import SCREEN_UPLOAD_PATH
from api.web.enforcement.reading import ReasonRequired
from api.web.enforcement.words import refusal_words
from api.web.render import page
from api.web.screen import show
from api.web.session import SignInRequired, safe_next, sign_in_url
from domain.records.errors import JianzhengError

log = logging.getLogger("jianzheng.api")

Handler = Callable[[Request, Exception], Awaitable[Response]]

NOT_SCREENS = ("/openapi.json", "/static/")

SCRIPT_ENDPOINTS = frozenset({SCREEN_UPLOAD_PATH})
"""Screen paths only scripts call: they answer problem+json whatever ``Accept`` says."""

STATUS_TITLES = {
    400: "请求有误",
    401: "需要登录",
    403: "无权办理",
    404: "未找到",
    405: "不支持此操作",
    409: "不符合规则，已拒绝",
    413: "文件过大",
    415: "不支持的类型",
    422: "填写有误",
    503: "服务暂不可用",
}


def wants_page(request: Request) -> bool:
    """Whether a person's browser asked a screen for a page (not a script, not the API)."""
    path = request.url.path
    if not is_screen_path(path) or path.startswith(NOT_SCREENS) or path in SCRIPT_ENDPOINTS:
        return False
    return "text/html" in request.headers.get("accept", "")


def _with_words(request: Request, answer: Response) -> Response:
    """A screen script's problem with the refusal in Chinese (``words``) beside its code."""
    path = request.url.path
    if not is_screen_path(path) or path.startswith(NOT_SCREENS) or answer.status_code < 400:
        return answer
    body: dict[str, Any] = json.loads(bytes(answer.body))
    body.setdefault("words", refusal_words(str(body.get("code", ""))))
    headers = {k: v for k, v in answer.headers.items() if k.lower() != "content-length"}
    return Response(
        json.dumps(body, ensure_ascii=False),
        status_code=answer.status_code,
        headers=headers,
        media_type=answer.media_type,
    )


def _screen_aware(original: Handler) -> Handler:
    async def handle(request: Request, exc: Exception) -> Response:
        if isinstance(exc, SignInRequired) and wants_page(request):
            return RedirectResponse(sign_in_url(exc.after, exc.why), status_code=303)
        answer = await original(request, exc)
        if not wants_page(request):
            return _with_words(request, answer)
        if answer.status_code < 400:
            return answer
        problem: dict[str, Any] = json.loads(bytes(answer.body))
        problem.setdefault("words", refusal_words(str(problem.get("code", ""))))
        return page(
            request,
            "error.html",
            status_code=answer.status_code,
            problem=problem,
            heading=STATUS_TITLES.get(answer.status_code, "出错了"),
        )

    return handle


def _reason_form(refuse: Handler) -> Handler:
    async def handle(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ReasonRequired)
        if not wants_page(request):
            return await refuse(request, exc.refusal)
        case_page = f"/cases/{exc.case_id}"
        after = safe_next(request.url.path) if request.method == "GET" else case_page
        return show(
            request,
            exc.signed,
            "enforcement/reason.html",
            case_id=str(exc.case_id),
            after=after,
            refusal=None,
        )

    return handle


class ScreenFaults:
    """ASGI middleware: an unexpected exception on a screen path answered as a 500 page (or
    problem) without re-raising it, so the server keeps the connection (module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or not is_screen_path(path) or path.startswith(NOT_SCREENS):
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            if started:
                raise
            log.error("unexpected %s on a screen", type(exc).__name__, exc_info=exc)
            request = Request(scope)
            answer: Response = problem_answer(
                500, "internal-error", "Internal error", "the server could not complete the request"
            )
            if wants_page(request):
                answer = page(
                    request,
                    "error.html",
                    status_code=500,
                    problem={
                        **json.loads(bytes(answer.body)),
                        "words": "服务器内部错误，未办理。",
                    },
                    heading="出错了",
                )
            await answer(scope, receive, send)


def install(app: FastAPI) -> None:
    """Wrap the API's handlers so that a screen shows its refusals as pages, and ask a court's
    or oversight body's reason where a page reads a case (:class:`ScreenFaults` is added by
    ``api/app.py`` among the middleware)."""
    for kind in (JianzhengError, RequestValidationError, StarletteHTTPException):
        original = app.exception_handlers[kind]
        app.exception_handlers[kind] = _screen_aware(original)  # type: ignore[arg-type]
    refuse = app.exception_handlers[JianzhengError]
    app.exception_handlers[ReasonRequired] = _reason_form(refuse)  # type: ignore[arg-type]
