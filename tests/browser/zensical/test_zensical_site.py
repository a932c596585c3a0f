"""The Zensical site: built strictly from `generate --for zensical`, every link resolves, a reader's journeys work.

The journeys and the link crawl are the MkDocs site's own tests, run here against the Zensical build
(this folder's conftest swaps the site); what differs between the builders is said in README's table.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from ..helpers import read_articles
from ..test_links import test_every_internal_reference_resolves  # noqa: F401  (collected here again)
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
