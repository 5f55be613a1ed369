"""The in-browser bundle verifier, served at ``GET /verify`` (ADR 0006 §7; docs/spec.md §8).

The page is one self-contained HTML file — inline CSS and JavaScript, nothing fetched — that a
court's clerk uses to verify a bundle with the log's and the witnesses' vkeys, in the clerk's
own browser. It lives in the package as ``api/static/verify.html`` so that an installed wheel
serves it (``[tool.setuptools.package-data]``); ``docs/verify.html`` is the same file, byte for
byte, for a clerk to open from disk with no server at all (tests/browser/test_verify_page.py
checks that the two are identical). The route is public: the page holds no data, and nothing
it does reaches the server.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from fastapi import APIRouter
from fastapi.responses import Response

router = APIRouter(tags=["verify"])

PAGE = files("api") / "static" / "verify.html"

HEADERS = {
    # The page's own policy, repeated as a header so that it also forbids framing: nothing
    # may be loaded or sent, whatever a bundle holds (a bundle is untrusted input).
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "img-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


@cache
def page_bytes() -> bytes:
    """The page, read once from the package."""
    return PAGE.read_bytes()


@router.get("/verify", include_in_schema=False)
def verify_page() -> Response:
    """Verify a court bundle in the browser (Chinese first); see README "Courts"."""
    return Response(page_bytes(), media_type="text/html; charset=utf-8", headers=HEADERS)
