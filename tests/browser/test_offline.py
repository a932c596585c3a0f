"""Offline by design: the built site loads everything from itself, so it works on a machine with no network."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from .conftest import watched_context
from .helpers import DESKTOP

pytestmark = pytest.mark.browser

REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)  # http://, https://, protocol-relative //
LOADED = {("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"),
          ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}
NAVIGATION_RELS = {"canonical", "alternate", "next", "prev", "author", "license"}  # named, not fetched


class Resources(HTMLParser):
    """The addresses a page makes the browser fetch as it loads (not the links a reader may follow)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "link" and NAVIGATION_RELS & set((dict(attrs).get("rel") or "").split()):
            return
        self.urls += [value for name, value in attrs if value and (tag, name) in LOADED]


def remote_resources(site: Path) -> list[str]:
    """`file: url` for everything in the built site that would be fetched from another host."""
    found = []
    for html in sorted(site.rglob("*.html")):
        parser = Resources()
        parser.feed(html.read_text("utf-8"))
        found += [f"{html.relative_to(site)}: {u}" for u in parser.urls if REMOTE.match(u)]
    for css in sorted(site.rglob("*.css")):
        urls = re.findall(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", css.read_text("utf-8"))
        found += [f"{css.relative_to(site)}: {u}" for u in urls if REMOTE.match(u)]
    return found


def test_built_pages_fetch_nothing_from_other_hosts(site_dir: Path) -> None:
    assert list(site_dir.rglob("*.html")) and list(site_dir.rglob("*.css"))
    assert remote_resources(site_dir) == []


def test_scan_notices_a_web_font(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<link rel="canonical" href="https://example.org/"><a href="https://example.org/">fine</a>'
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<script src="//cdn.example/x.js">')
    (tmp_path / "a.css").write_text("@font-face { src: url(https://fonts.gstatic.com/r.woff2) }")
    assert remote_resources(tmp_path) == [
        "index.html: https://fonts.googleapis.com/css?family=Roboto",
        "index.html: //cdn.example/x.js",
        "a.css: https://fonts.gstatic.com/r.woff2",
    ]


def test_a_reader_session_makes_no_request_beyond_127_0_0_1(page: Page) -> None:
    """Home, a briefing, an article, search and dark mode, with every non-local request refused and recorded.

    The `page` fixture fails the test on any such request, and on the errors a missing asset would log.
    """
    page.goto("")
    # `font: false`: the system font stack, and no font face declared anywhere to download one
    assert page.evaluate("[...document.fonts].map(f => f.family)") == []
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert family.rsplit(",", 1)[-1].strip() == "sans-serif" and "Roboto" not in family, family
    with page.expect_navigation():
        page.locator("#latest-developments + ul a").first.click()
    page.goto("topics/north-korea-russia-relations/")
    page.locator("label[title='Switch to dark mode']").click()
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("treaty")
    page.wait_for_load_state("networkidle")


def test_refused_requests_are_recorded(browser: Browser, base_url: str) -> None:
    """The offline guard is not vacuous: a request to another host is refused and recorded."""
    context, reader = watched_context(browser, base_url, DESKTOP)
    try:
        page = context.new_page()
        page.goto("")
        # An image: the pages' Content-Security-Policy stops a fetch() to another host before it is requested.
        failed = page.evaluate("new Promise(done => { const image = new Image();"
                               " image.onload = () => done(false); image.onerror = () => done(true);"
                               " image.src = 'https://fonts.googleapis.com/x.png'; })")
    finally:
        context.close()
    assert failed and reader.remote == ["https://fonts.googleapis.com/x.png"]
