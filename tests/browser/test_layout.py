"""Phone and desktop layout: no sideways scrolling, the chart fits, the navigation is reachable; screenshots."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from .helpers import DESKTOP, PHONE, SCREENSHOTS

pytestmark = pytest.mark.browser

BRIEFING = "topics/north-korea-russia-relations/"
PAGES = {"home": "", "briefing": BRIEFING, "index": "actors/", "archive": "archive/2023/09/"}


def latest_article(page: Page) -> str:
    """The path of the newest article, as the home page links it."""
    page.goto("")
    href = page.locator("#latest-developments + ul a").first.get_attribute("href")
    assert href
    return href


def overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when it needs no sideways scrolling)."""
    return int(page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth"))


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_phone_pages_have_no_horizontal_scroll(open_page: Callable[..., Page], path: str) -> None:
    page = open_page(PHONE)
    page.goto(path)
    assert overflow(page) <= 0


def test_phone_article_has_no_horizontal_scroll(open_page: Callable[..., Page]) -> None:
    page = open_page(PHONE)
    page.goto(latest_article(page))
    assert overflow(page) <= 0


def test_phone_briefing_chart_fits_the_screen(open_page: Callable[..., Page]) -> None:
    page = open_page(PHONE)
    page.goto(BRIEFING)
    chart = page.locator("svg.briefing-chart")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert box["height"] >= 60, "the chart is squashed to a sliver"


def test_phone_navigation_opens_from_the_drawer(open_page: Callable[..., Page]) -> None:
    page = open_page(PHONE)
    page.goto(BRIEFING)
    tabs = page.locator(".md-tabs")
    expect(tabs).to_be_hidden()  # on a phone the tabs give way to the drawer
    page.locator("label.md-header__button[for='__drawer']").click()
    link = page.locator("nav.md-nav--primary a.md-nav__link", has_text="Archive").first
    expect(link).to_be_visible()
    with page.expect_navigation():
        link.click()
    assert page.url.endswith("/archive/")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_screenshots_for_a_person_to_look_at(open_page: Callable[..., Page], size: str) -> None:
    """Full-page screenshots under test-artifacts/screenshots/ (git-ignored)."""
    page = open_page(DESKTOP if size == "desktop" else PHONE)
    shots = {"home": "", "briefing": BRIEFING, "article": latest_article(page)}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in shots.items():
        page.goto(path)
        target = SCREENSHOTS / f"{name}-{size}.png"
        page.screenshot(path=target, full_page=True, animations="disabled")
        assert target.stat().st_size > 10_000, f"{target} looks blank"
