"""The Zensical site: built strictly from `generate --for zensical`, every link resolves, a reader's journeys work.

The journeys, the link crawl, axe, the phone layout and the offline scan are the MkDocs site's own tests, run here
against the Zensical build (this folder's conftest swaps the site); what differs between the builders is said in
README's table.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ..helpers import PHONE, read_articles
from ..test_a11y import (  # noqa: F401  (axe in both palettes, desktop and phone)
    test_activity_charts_carry_a_title_and_description,
    test_axe_finds_no_serious_violations,
    test_axe_finds_no_serious_violations_in_an_article,
    test_axe_finds_no_serious_violations_on_a_phone,
    test_axe_finds_no_serious_violations_on_a_phone_in_both_palettes,
    test_chart_bars_stand_out_at_three_to_one_in_both_palettes,
)
from ..test_layout import (  # noqa: F401
    test_phone_article_has_no_horizontal_scroll,
    test_phone_briefing_chart_fits_the_screen,
    test_phone_navigation_opens_from_the_drawer,
    test_phone_pages_have_no_horizontal_scroll,
)
from ..test_links import test_every_internal_reference_resolves  # noqa: F401  (collected here again)
from ..test_offline import test_built_pages_fetch_nothing_from_other_hosts  # noqa: F401
from ..test_reader import (  # noqa: F401
    test_archive_for_september_2023_lists_that_month,
    test_article_links_to_briefings_whose_timeline_holds_it,
    test_feed_link_gives_a_valid_atom_document,
    test_home_latest_development_leads_to_the_newest_article,
    test_no_page_logs_a_javascript_error,
    test_palette_toggle_switches_to_dark_mode,
    test_search_finds_an_article_by_a_word_only_its_body_holds,
    test_tab_titles_read_as_written,
)
from ..test_wayfinding import (  # noqa: F401  (theme/common: the jump list and the print header)
    test_month_headings_of_a_timeline_lead_to_that_archive_month,
    test_phone_reader_reaches_any_month_in_two_taps,
    test_printout_names_the_site_the_address_and_the_date,
)

pytestmark = pytest.mark.browser


def test_every_page_of_the_mkdocs_site_is_built(site_dir: Path) -> None:
    """Same paths as `mkdocs build`: every article, briefing, index, archive page, feed and the data file."""
    pages = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("index.html")}
    articles = read_articles()
    assert len([p for p in pages if p.startswith("articles/")]) == len(articles)
    for path in ("index.html", "topics/index.html", "actors/kim-jong-un/index.html", "archive/2023/09/index.html",
                 "regions/russian-far-east/index.html", "about/index.html"):
        assert path in pages, path
    assert (site_dir / "feed.xml").is_file() and (site_dir / "data/articles.json").is_file()
    assert (site_dir / "actors/kim-jong-un/feed.xml").is_file()


def test_the_journeys_here_run_on_the_zensical_site(page: Page) -> None:
    """The journeys above get this folder's site: the browser is on pages Zensical made."""
    page.goto("")
    generator = page.locator("head meta[name=generator]").get_attribute("content") or ""
    assert generator.startswith("zensical-"), generator


@pytest.mark.parametrize(("path", "trail"), [
    ("actors/kim-jong-un/", ["Actors", "Kim Jong Un"]),
    ("archive/2023/09/", ["Archive", "2023", "September 2023"]),
])
def test_generated_pages_show_their_breadcrumbs(open_page: Callable[..., Page], path: str, trail: list[str]) -> None:
    """theme/common/partials/path.html: the trail a generated page names in front-matter, as under MkDocs."""
    page = open_page(PHONE)
    page.goto(path)
    crumbs = page.locator("nav.briefing-path li")
    expect(crumbs.first).to_be_visible()
    assert [t.strip() for t in crumbs.all_inner_texts()] == trail
    with page.expect_navigation():
        page.locator("nav.briefing-path a").first.click()
    assert page.url.endswith(f"/{trail[0].lower()}/")


def test_404_offers_search_and_the_ways_in(page: Page, site_dir: Path) -> None:
    """theme/common/404.html; the latest developments come from the MkDocs plugin, so Zensical's 404 has none."""
    missing = (site_dir / "404.html").read_bytes()
    page.route("**/no/such/page/", lambda route: route.fulfill(status=200, body=missing, content_type="text/html"))
    page.goto("no/such/page/")
    expect(page.locator("article h1")).to_have_text("Page not found")
    with page.expect_navigation():
        page.locator("article a", has_text="regions").click()
    assert page.url.endswith("/regions/")
    page.go_back()
    page.locator("article label[for='__search']").click()
    expect(page.locator("#__search")).to_be_checked()  # Zensical's search dialog is open
