"""Finding one's way as a reader: a month jump on phones, breadcrumbs, the right tab, a useful 404, printouts."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .helpers import DESKTOP, PHONE, read_articles

pytestmark = pytest.mark.browser

BRIEFING = "topics/north-korea-russia-relations/"
LONG_PAGES = [BRIEFING, "actors/kim-jong-un/", "regions/north-korea/", "archive/2024/"]


def month_headings(page: Page) -> list[str]:
    """The ids of the page's month headings: h3 under the timeline, or a year page's h2 months."""
    return page.evaluate("""() => [...document.querySelectorAll('article h2[id], article h3[id]')]
        .filter(h => /^(January|February|March|April|May|June|July|August|September|October|November|December)\\b/
                     .test(h.textContent.trim()))
        .map(h => h.id)""")


@pytest.mark.parametrize("path", LONG_PAGES)
def test_phone_reader_reaches_any_month_in_two_taps(open_page: Callable[..., Page], path: str) -> None:
    page = open_page(PHONE, touch=True)
    page.goto(path)
    months = month_headings(page)
    assert len(months) >= 3, f"{path} should be long enough to need a jump"
    for target in (months[-1], months[len(months) // 2]):  # the oldest month and one in the middle
        page.goto(path)
        page.locator("details.briefing-jump > summary").tap()  # tap 1
        link = page.locator(f"details.briefing-jump a[href='#{target}']")
        expect(link).to_be_visible()
        link.tap()  # tap 2
        heading = page.locator(f"[id='{target}']")
        expect(heading).to_be_in_viewport()
        box = heading.bounding_box()
        assert box is not None and box["y"] >= 48, "the heading is hidden under the sticky header"


def test_jump_is_left_to_materials_table_of_contents_on_a_desktop(page: Page) -> None:
    page.goto(BRIEFING)
    expect(page.locator("details.briefing-jump")).to_be_hidden()
    expect(page.locator(".md-sidebar--secondary nav.md-nav--secondary")).to_be_visible()


@pytest.mark.parametrize(("path", "trail", "tab"), [
    ("actors/kim-jong-un/", ["Actors", "Kim Jong Un"], "Actors"),
    ("topics/sanctions/", ["Topics", "Sanctions"], "Topics"),
    ("archive/2023/09/", ["Archive", "2023", "September 2023"], "Archive"),
])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_breadcrumbs_and_the_active_tab(open_page: Callable[..., Page], path: str, trail: list[str], tab: str,
                                        size: str) -> None:
    page = open_page(DESKTOP if size == "desktop" else PHONE)
    page.goto(path)
    crumbs = page.locator("nav.briefing-path li")
    expect(crumbs.first).to_be_visible()
    assert [t.strip() for t in crumbs.all_inner_texts()] == trail
    expect(page.locator("nav.briefing-path [aria-current=page]")).to_have_text(trail[-1])
    if size == "desktop":
        expect(page.locator(".md-tabs__item--active")).to_have_count(1)
        expect(page.locator(".md-tabs__item--active")).to_have_text(tab)


def test_an_article_highlights_the_archive_tab_and_leads_to_its_month(page: Page) -> None:
    newest = max(a.date for a in read_articles())
    page.goto("")
    with page.expect_navigation():
        page.locator("#latest-developments + ul a").first.click()
    expect(page.locator(".md-tabs__item--active")).to_have_text("Archive")
    with page.expect_navigation():
        page.locator("nav.briefing-path a").nth(2).click()
    assert page.url.endswith(f"/archive/{newest:%Y/%m}/")


def test_back_to_top_appears_after_scrolling_up(open_page: Callable[..., Page]) -> None:
    page = open_page(PHONE)
    page.goto(BRIEFING)
    page.mouse.wheel(0, 4000)
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -400)  # Material shows it when the reader scrolls back up
    top = page.locator(".md-top")
    expect(top).to_be_visible()
    top.click()
    page.wait_for_function("window.scrollY === 0")


def test_404_offers_search_the_ways_in_and_the_latest_developments(page: Page, site_dir: Path) -> None:
    """A static host answers a missing address with 404.html, as GitHub Pages does; http.server does not.

    Fulfilled with status 200: a 404 status makes Chromium log a console error, which the fixture counts.
    """
    missing = (site_dir / "404.html").read_bytes()
    page.route("**/no/such/page/", lambda route: route.fulfill(status=200, body=missing, content_type="text/html"))
    page.goto("no/such/page/")
    expect(page.locator("article h1")).to_have_text("Page not found")
    newest_date = max(a.date for a in read_articles())
    latest = page.locator("article li a").first
    title = latest.inner_text()
    assert title in {a.title for a in read_articles() if a.date == newest_date}
    with page.expect_navigation():
        latest.click()
    assert page.locator("article h1").inner_text().removesuffix("¶").strip() == title
    page.go_back()
    page.locator("article label[for='__search']").click()
    expect(page.locator("#__search")).to_be_checked()  # Material's search dialog is open


def test_printout_names_the_site_the_address_and_the_date(page: Page) -> None:
    page.goto(BRIEFING)
    page.emulate_media(media="print")
    note = page.locator(".briefing-print")
    expect(note).to_be_visible()
    expect(note).to_contain_text("North Korea–Russia Briefing")
    expect(note).to_contain_text(BRIEFING)
    expect(note).to_contain_text(re.compile(r"as of \d{4}-\d{2}-\d{2}"))
    for chrome in (".md-header", ".md-tabs", ".md-sidebar--secondary", ".md-footer", "details.briefing-jump"):
        expect(page.locator(chrome).first).to_be_hidden()
    page.emulate_media(media="screen")
    expect(note).to_be_hidden()


def test_month_headings_of_a_timeline_lead_to_that_archive_month(page: Page) -> None:
    page.goto(BRIEFING)
    month = page.locator("article h3[id] a:not(.headerlink)").last  # the oldest month
    name = month.inner_text()
    with page.expect_navigation():
        month.click()
    assert page.locator("article h1").inner_text().removesuffix("¶").strip() == name
    assert re.search(r"/archive/\d{4}/\d{2}/$", page.url)


def test_archive_months_lead_to_the_previous_and_next_months(page: Page) -> None:
    months = sorted({(a.date.year, a.date.month) for a in read_articles()})
    year, month = months[len(months) // 2]
    page.goto(f"archive/{year}/{month:02d}/")
    older, newer = months[len(months) // 2 - 1], months[len(months) // 2 + 1]
    with page.expect_navigation():
        page.locator("a.briefing-pager__older").click()
    assert page.url.endswith(f"/archive/{older[0]}/{older[1]:02d}/")
    expect(page.locator("a.briefing-pager__newer")).to_have_attribute("href", re.compile(
        rf"(\.\./)*({year}/)?{month:02d}/$"))
    page.goto(f"archive/{year}/{month:02d}/")
    with page.expect_navigation():
        page.locator("a.briefing-pager__newer").click()
    assert page.url.endswith(f"/archive/{newer[0]}/{newer[1]:02d}/")
    first, last = months[0], months[-1]
    page.goto(f"archive/{first[0]}/{first[1]:02d}/")
    expect(page.locator("a.briefing-pager__older")).to_have_count(0)
    page.goto(f"archive/{last[0]}/{last[1]:02d}/")
    expect(page.locator("a.briefing-pager__newer")).to_have_count(0)
