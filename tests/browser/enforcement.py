"""What the enforcement screens' browser tests share: signing in, a file dropped on a drop
zone, and a case set up through the services (``tests/integration/casekit.py``)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from playwright.sync_api import Page, expect

from tests.browser.conftest import Served

T = TypeVar("T")


def off_the_loop(work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``work`` in a thread of its own: Playwright's sync API keeps an event loop in the
    test's thread, so a service call that runs its own (an upload) runs beside it."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work, *args, **kwargs).result()


def sign_in(page: Page, served: Served, token: str) -> None:
    """Sign in with ``token`` on the sign-in screen; the person lands on their home page."""
    page.goto(served.url + "/sign-in")
    page.fill("#token", token)
    page.click("button[type=submit]")
    expect(page.locator("header .who")).to_be_visible()


def drop_file(page: Page, selector: str, name: str, media_type: str, data: bytes) -> None:
    """Drop a file on the element ``selector``, as a person dragging it from the desktop."""
    transfer: Any = page.evaluate_handle(
        """([name, type, b64]) => {
            const raw = atob(b64);
            const bytes = new Uint8Array(raw.length);
            for (let i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, { type }));
            return transfer;
        }""",
        [name, media_type, base64.b64encode(data).decode()],
    )
    page.dispatch_event(selector, "dragenter", {"dataTransfer": transfer})
    page.dispatch_event(selector, "drop", {"dataTransfer": transfer})
