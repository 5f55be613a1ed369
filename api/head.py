"""``HEAD`` wherever ``GET`` is served outside the API (RFC 9110 §9.3.2): screens, ``/healthz``,
``/verify``, ``/docs``, static files — monitoring probes and link checkers ask with ``HEAD``.

The request is answered as the ``GET`` would be, headers included (``Content-Length`` too),
without the body. Under ``/v1/`` the routes that take ``HEAD`` declare it (evidence); a
``HEAD`` there is left to the router.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.strict_json import is_screen_path


class HeadAsGet:
    """See the module docstring."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "HEAD"
            or not is_screen_path(scope["path"])
        ):
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body"):
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)
