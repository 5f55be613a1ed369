"""Browser tests in real Chromium (Debian's ``/usr/bin/chromium``), driven by Playwright.

Every page a test opens is watched: a request to any host that is not loopback, or an error
on the console (or an uncaught exception in a page), fails the test at its end — the screens
must work on an intranet with no route out (ADR 0006). No browser is ever downloaded: the
executable is Debian's (``JIANZHENG_CHROMIUM`` to point elsewhere); if it is missing, the
tests fail with the command that installs it, they are never skipped.

``served`` starts the real app (``api.app.create_app``) under uvicorn on a free loopback port,
in a thread of the test process, over the test's store (SQLite and PostgreSQL through the
``jz`` fixture), so a test can set up its story with the services and then work through the
screens.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import uvicorn
from PIL import Image
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, sync_playwright

from api.app import create_app
from infra.application import Jianzheng

CHROMIUM = os.environ.get("JIANZHENG_CHROMIUM", "/usr/bin/chromium")
INSTALL = "apt-get install -y chromium chromium-driver fonts-noto-cjk poppler-utils"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--lang=zh-CN",
]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    """Playwright for one module of tests. Its sync API keeps an event loop running in the
    test thread while it is open, so it must not outlive the module: a later test of the run
    that calls ``asyncio.run`` (an upload through the services) would fail."""
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """One Chromium per module (each test gets its own context: no shared cookies)."""
    if shutil.which(CHROMIUM) is None and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}; install it with:\n    {INSTALL}")
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    try:
        yield chromium
    finally:
        chromium.close()


@dataclass
class Watch:
    """What the pages of one test did that they must not do."""

    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def request(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in {"data", "blob", "about", "file"}:
            return
        if parts.hostname not in LOOPBACK:
            self.outside.append(url)

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location.get('url')})")

    def crash(self, error: Exception) -> None:
        self.errors.append(f"page error: {error}")


@pytest.fixture
def watch() -> Watch:
    return Watch()


def _watched(page: Page, watch: Watch) -> Page:
    page.on("request", lambda r: watch.request(r.url))
    page.on("console", watch.console)
    page.on("pageerror", watch.crash)
    return page


@pytest.fixture
def new_page(browser: Browser, watch: Watch) -> Iterator[Any]:
    """A factory of watched pages, each in a context of its own (a person at a browser)."""
    contexts: list[Any] = []

    def make(**options: Any) -> Page:
        options.setdefault("locale", "zh-CN")
        options.setdefault("timezone_id", "Asia/Shanghai")
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        contexts.append(context)
        context.on("page", lambda p: _watched(p, watch))
        return _watched(context.new_page(), watch)

    yield make
    for context in contexts:
        context.close()
    assert not watch.outside, f"requests left the machine: {watch.outside}"
    assert not watch.errors, "\n".join(watch.errors)


@pytest.fixture
def page(new_page: Any) -> Page:
    """One watched page."""
    result: Page = new_page()
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Served:
    """The app served over a real socket, and the application behind it."""

    url: str
    jz: Jianzheng


@pytest.fixture
def served(jz: Jianzheng) -> Iterator[Served]:
    """The real app under uvicorn on a loopback port, over the test's store."""
    port = free_port()
    config = uvicorn.Config(
        create_app(jianzheng=jz), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the app did not start under uvicorn")
        time.sleep(0.05)
    try:
        yield Served(f"http://127.0.0.1:{port}", jz)
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def screenshot(page: Page, name: str) -> None:
    """Keep a full-page picture for the README (``docs/screenshots/NAME.png``), reduced to
    256 colours (screens are flat colours and text: a fifth of the bytes, no visible loss)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    picture = Image.open(io.BytesIO(page.screenshot(full_page=True))).convert("RGB")
    picture.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(
        SCREENSHOTS / f"{name}.png", optimize=True
    )
