"""Fixtures for the browser tests: the sample site built once, served on 127.0.0.1, and headless Chromium."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Route,
    expect,
    sync_playwright,
)

from .helpers import CHROMIUM, CHROMIUM_ARGS, DESKTOP, REPO

expect.set_options(timeout=10_000)  # search builds its index in a worker: allow for a busy 2-core machine
NOT_LOCAL = re.compile(r"^(?!https?://127\.0\.0\.1[:/])")


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the built site without a log line per request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    """A threaded server that does not print a traceback when the browser drops a connection it no longer needs."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


class Reader:
    """One browser context and what it did wrong: JavaScript errors and requests that left 127.0.0.1."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.remote: list[str] = []

    def watch(self, page: Page) -> None:
        """Record console errors and uncaught exceptions of a page."""
        page.on("console", lambda m: self.console(page, m))
        page.on("pageerror", lambda e: self.errors.append(f"{page.url}: {e}"))

    def console(self, page: Page, message: ConsoleMessage) -> None:
        """Record a console error (a failed request included: the feed links must not make Material 404)."""
        if message.type == "error":
            self.errors.append(f"{page.url}: {message.text} ({message.location.get('url')})")

    def refuse(self, route: Route) -> None:
        """Record and refuse a request that would leave the machine, as a machine with no network would."""
        self.remote.append(route.request.url)
        route.abort()


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site (content/ and briefings/), built once per session exactly as `make build` does."""
    out = tmp_path_factory.mktemp("site")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out)]
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode:
        pytest.fail(f"mkdocs build --strict failed:\n{done.stdout}{done.stderr}")
    return out


@contextmanager
def serving(site: Path) -> Iterator[str]:
    """A built site served by a threaded http.server on a free port of 127.0.0.1; yields its address."""
    server = QuietServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The built site, served."""
    with serving(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Playwright's driver; it only ever drives Debian's Chromium, never a browser it downloads."""
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Headless Chromium from /usr/bin/chromium, launched once per session."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium)")
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
    yield browser
    browser.close()


def watched_context(browser: Browser, base_url: str, viewport: dict[str, int],
                    touch: bool = False) -> tuple[BrowserContext, Reader]:
    """A fresh browser context whose pages are watched and which has no network beyond 127.0.0.1."""
    reader = Reader()
    context = browser.new_context(viewport=viewport, base_url=base_url, has_touch=touch)  # type: ignore[arg-type]
    context.set_default_timeout(10_000)  # a local static site answers at once; fail fast when it doesn't
    context.route(NOT_LOCAL, reader.refuse)  # matched in the driver: local requests skip the round trip
    context.on("page", reader.watch)
    return context, reader


@pytest.fixture
def open_page(browser: Browser, base_url: str) -> Iterator[Callable[..., Page]]:
    """A factory of fresh pages; on teardown, fail if any logged a JS error or reached past 127.0.0.1."""
    opened: list[tuple[BrowserContext, Reader]] = []

    def make(viewport: dict[str, int] = DESKTOP, touch: bool = False) -> Page:
        opened.append(watched_context(browser, base_url, viewport, touch))
        return opened[-1][0].new_page()

    yield make
    for context, _ in opened:
        context.close()
    assert [e for _, r in opened for e in r.errors] == [], "pages logged JavaScript errors"
    assert [u for _, r in opened for u in r.remote] == [], "requests left 127.0.0.1"


@pytest.fixture
def page(open_page: Callable[..., Page]) -> Page:
    """A fresh desktop-sized page (1280×900)."""
    return open_page()
