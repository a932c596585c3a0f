"""Indexes as a reader sees them on a phone: compact rows, people by surname, actors by country; screenshots."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from .helpers import PHONE, SCREENSHOTS

pytestmark = pytest.mark.browser

INDEXES = ["topics/", "regions/", "actors/"]


@pytest.mark.parametrize("path", INDEXES)
def test_index_is_at_most_two_and_a_half_screens_per_thirty_entries(open_page: Callable[..., Page], path: str) -> None:
    page = open_page(PHONE)
    page.goto(path)
    entries = page.locator(".briefing-index li").count()
    assert entries >= 5
    height = page.evaluate("document.scrollingElement.scrollHeight")
    allowed = 2.5 * PHONE["height"] * max(1.0, entries / 30)
    assert height <= allowed, f"{path}: {height} px for {entries} entries (at most {allowed:.0f})"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"index-{path.strip('/')}-phone.png"
    page.screenshot(path=target, full_page=True, animations="disabled")
    assert target.stat().st_size > 10_000


@pytest.mark.parametrize("path", INDEXES)
def test_each_index_row_is_name_count_and_date_over_one_description_line(open_page: Callable[..., Page],
                                                                         path: str) -> None:
    page = open_page(PHONE)
    page.goto(path)
    for row in page.locator(".briefing-index li").all()[:12]:
        # a region's row holds the rows of the regions within it: only its own name, count and date count here
        link, meta = row.locator(":scope > a"), row.locator(":scope > .briefing-index__meta")
        expect(meta.locator("time")).to_have_count(1)
        a, m, r = link.bounding_box(), meta.bounding_box(), row.bounding_box()
        assert a and m and r
        if a["width"] + m["width"] + 16 < r["width"]:  # a name too long to share its line may push them down
            assert abs(a["y"] - m["y"]) < a["height"] / 2, "count and date sit on the name's line"
        desc = row.locator(":scope > .briefing-index__desc")
        if desc.count():
            box = desc.bounding_box()
            assert box and box["height"] < 1.6 * m["height"] * 1.5, "the description takes one line"


def test_people_are_filed_by_surname_within_their_country(page: Page) -> None:
    page.goto("actors/")
    russia = page.locator("h2#country-russia + .briefing-index li > a").all_inner_texts()
    assert "Vladimir Putin" in russia and "Sergei Lavrov" in russia
    assert russia.index("Sergei Lavrov") < russia.index("Vladimir Putin") < russia.index("Sergei Shoigu")
    countries = page.locator(".briefing-letters a").all_inner_texts()
    assert countries[-1] == "International and other" and countries[:-1] == sorted(countries[:-1])


def test_briefing_on_a_phone_screenshot(open_page: Callable[..., Page]) -> None:
    page = open_page(PHONE)
    page.goto("actors/kim-jong-un/")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / "briefing-actor-phone.png"
    page.screenshot(path=target, full_page=True, animations="disabled")
    assert target.stat().st_size > 10_000
