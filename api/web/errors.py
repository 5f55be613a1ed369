"""Refusals on the screens: the API's problem, shown as a page to a person.

The API's handlers (``api/problems.py``) stay the one place that maps an error to its status
and ``code``; for a browser asking a screen for HTML, the same problem is rendered as a page
in Chinese with the code beside it, and a request without a session is sent to sign in.
Scripts (``Accept`` without ``text/html``) keep getting ``application/problem+json``.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.strict_json import is_screen_path
from api.web.render import page
from api.web.session import SignInRequired, sign_in_url
from domain.records.errors import JianzhengError

Handler = Callable[[Request, Exception], Awaitable[Response]]

NOT_SCREENS = ("/openapi.json", "/static/")

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
    if not is_screen_path(path) or path.startswith(NOT_SCREENS):
        return False
    return "text/html" in request.headers.get("accept", "")


def _screen_aware(original: Handler) -> Handler:
    async def handle(request: Request, exc: Exception) -> Response:
        if isinstance(exc, SignInRequired) and wants_page(request):
            return RedirectResponse(sign_in_url(exc.after, exc.why), status_code=303)
        answer = await original(request, exc)
        if not wants_page(request) or answer.status_code < 400:
            return answer
        problem: dict[str, Any] = json.loads(bytes(answer.body))
        return page(
            request,
            "error.html",
            status_code=answer.status_code,
            problem=problem,
            heading=STATUS_TITLES.get(answer.status_code, "出错了"),
        )

    return handle


def install(app: FastAPI) -> None:
    """Wrap the API's handlers so that a screen shows its refusals as pages."""
    for kind in (JianzhengError, RequestValidationError, StarletteHTTPException):
        original = app.exception_handlers[kind]
        app.exception_handlers[kind] = _screen_aware(original)  # type: ignore[arg-type]
