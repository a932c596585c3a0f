"""Accessibility: axe-core (bundled by axe-playwright-python) finds nothing serious; charts are labelled."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from .helpers import PHONE

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "briefing": "topics/north-korea-russia-relations/",
    "actor": "actors/kim-jong-un/",
    "index": "topics/",
    "archive": "archive/2023/09/",
    "404": "404.html",
}
SERIOUS = {"serious", "critical"}


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page, one line per rule with its first targets."""
    response: dict[str, Any] = Axe().run(page).response
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in response["violations"]
        if v["impact"] in SERIOUS
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_axe_finds_no_serious_violations(page: Page, path: str, scheme: str) -> None:
    page.goto(path)
    if scheme == "dark":
        page.locator("label[title='Switch to dark mode']").click()
    assert serious_violations(page) == []


def test_axe_finds_no_serious_violations_in_an_article(page: Page) -> None:
    page.goto("")
    with page.expect_navigation():
        page.locator("#latest-developments + ul a").first.click()
    assert serious_violations(page) == []


def test_axe_finds_no_serious_violations_on_a_phone(open_page: Callable[..., Page]) -> None:
    page = open_page(PHONE)
    page.goto(PAGES["briefing"])
    page.locator("label.md-header__button[for='__drawer']").click()  # the open drawer too
    assert serious_violations(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [PAGES["briefing"], "actors/", "archive/2024/"], ids=["briefing", "index", "year"])
def test_axe_finds_no_serious_violations_on_a_phone_in_both_palettes(open_page: Callable[..., Page], path: str,
                                                                    scheme: str) -> None:
    """With the month jump and the chart's table open, so what they hold is checked too."""
    page = open_page(PHONE)
    page.goto(path)
    if scheme == "dark":
        page.locator("label[title='Switch to dark mode']").click()
    for summary in page.locator("article details > summary").all():
        summary.click()
    assert serious_violations(page) == []


CONTRAST = r"""([a, b]) => {
  const rgb = c => c.match(/[\d.]+/g).slice(0, 3).map(Number);
  const linear = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = c => { const [r, g, b] = rgb(c).map(linear); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_bars_stand_out_at_three_to_one_in_both_palettes(page: Page, scheme: str) -> None:
    """WCAG 1.4.11 (non-text contrast): graphics need 3:1 against what is next to them."""
    page.goto(PAGES["briefing"])
    if scheme == "dark":
        page.locator("label[title='Switch to dark mode']").click()
    bar = page.locator("svg.briefing-chart rect").first
    fill = bar.evaluate("r => getComputedStyle(r).fill")
    background = page.locator("body").evaluate("b => getComputedStyle(b).backgroundColor")
    assert page.evaluate(CONTRAST, [fill, background]) >= 3, (scheme, fill, background)


def test_axe_notices_a_serious_violation(page: Page) -> None:
    """The check is not vacuous: an image without a text alternative is reported."""
    page.goto(PAGES["home"])
    unlabelled = "<img src='assets/images/favicon.png'>"
    page.locator("article").evaluate("(article, html) => article.insertAdjacentHTML('beforeend', html)", unlabelled)
    assert any(line.startswith("image-alt") for line in serious_violations(page))


def test_activity_charts_carry_a_title_and_description(page: Page) -> None:
    page.goto(PAGES["briefing"])
    charts = page.locator("svg.briefing-chart")
    assert charts.count() >= 1
    for chart in charts.all():
        title = chart.locator(":scope > title").text_content() or ""
        desc = chart.locator(":scope > desc").text_content() or ""
        assert title.strip() and desc.strip()
        assert chart.get_attribute("role") == "img"
        labelled_by = (chart.get_attribute("aria-labelledby") or "").split()
        names = [page.locator(f"[id='{i}']").text_content() for i in labelled_by]
        assert names == [title, desc], "aria-labelledby should name the chart by its title and description"
