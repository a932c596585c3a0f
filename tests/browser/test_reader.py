"""Journeys of a reader through the built site, in headless Chromium."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from playwright.sync_api import Locator, Page, expect

from .helpers import REPO, article_url, read_articles, unique_word

pytestmark = pytest.mark.browser

TIMELINE_LINKS = """() => {
  const links = [];
  for (let el = document.getElementById('timeline'); (el = el.nextElementSibling) && el.tagName !== 'H2';)
    el.querySelectorAll('a[href]').forEach(a => links.push(a.href));
  return links;
}"""


def follow(page: Page, link: Locator) -> None:
    """Click a link and wait for the page it leads to (Material without instant loading: a full load)."""
    with page.expect_navigation():
        link.click()


def heading(page: Page) -> str:
    """The page's h1 as a reader sees it, without Material's permalink sign."""
    return page.locator("article h1").inner_text().removesuffix("¶").strip()


def search(page: Page, query: str) -> Locator:
    """Type a query into the site's search and return the result links once they show.

    Material has a search box in its header; Zensical a button that opens a search dialog (a combobox and
    a listbox of results). Material searches on keyup and drops queries typed before its worker has built
    the index, so type again (as a person would) until results appear.
    """
    if page.locator("input.md-search__input").count():
        box = page.locator("input.md-search__input")
        results = page.locator(".md-search-result__item > .md-search-result__link")
        box.click()
    else:
        page.locator(".md-search__button").click()
        box = page.get_by_role("combobox", name="Search")
        results = page.get_by_role("listbox", name="Search results").get_by_role("option")
    for _ in range(10):
        box.fill("")
        box.press_sequentially(query)
        try:
            expect(results.first).to_be_visible(timeout=1_000)
            return results
        except AssertionError:
            continue
    raise AssertionError(f"search for {query!r} showed no results")


def test_home_latest_development_leads_to_the_newest_article(page: Page) -> None:
    articles = read_articles()
    newest = max(a.date for a in articles)
    page.goto("")
    follow(page, page.locator("#latest-developments + ul a").first)
    assert heading(page) in {a.title for a in articles if a.date == newest}
    expect(page.locator(".briefing-date")).to_contain_text(f"{newest.day} {newest:%B %Y}")


@pytest.mark.parametrize("kind", ["actors", "topics"])
def test_article_links_to_briefings_whose_timeline_holds_it(page: Page, kind: str) -> None:
    page.goto("")
    follow(page, page.locator("#latest-developments + ul a").first)
    article_url = page.url
    link = page.locator(f".briefing-meta a[href*='/{kind}/']").first
    name = link.inner_text()
    follow(page, link)
    assert heading(page) == name
    assert article_url in page.evaluate(TIMELINE_LINKS)


def test_search_finds_an_article_by_a_word_only_its_body_holds(page: Page) -> None:
    word, article = unique_word(read_articles())
    page.goto("")
    results = search(page, word)
    # Material adds ?h=<word> (highlighting) and #section to each result; the page is what counts.
    hrefs = {urlsplit(h).path for h in results.evaluate_all("links => links.map(a => a.href)")}
    assert len(hrefs) == 1, f"'{word}' is in one article only, yet search found {sorted(hrefs)}"
    follow(page, results.first)
    assert heading(page) == article.title
    expect(page.locator("article")).to_contain_text(word)


def test_archive_for_september_2023_lists_that_month(page: Page) -> None:
    expected = {a.title for a in read_articles() if (a.date.year, a.date.month) == (2023, 9)}
    page.goto("")
    follow(page, page.locator(".md-tabs__link", has_text="Archive"))
    follow(page, page.locator("article a[href$='2023/09/']"))
    assert page.url.endswith("/archive/2023/09/")
    assert heading(page) == "September 2023"
    titles = page.locator("article li a").all_inner_texts()
    assert set(titles) == expected and len(titles) == len(expected)


@pytest.mark.parametrize("path", ["", "topics/north-korea-russia-relations/"])
def test_feed_link_gives_a_valid_atom_document(page: Page, path: str) -> None:
    """The page names its feed for readers (autodiscovery), and people find its address and how to use it."""
    page.goto(path)
    autodiscovery = page.locator("head link[rel~=alternate][type='application/atom+xml']")
    feed_url = autodiscovery.evaluate("link => link.href")
    page_title = heading(page) if path else None
    addresses = {urlsplit(code.strip()).path for code in page.locator("article pre code").all_inner_texts()}
    follow(page, page.locator("article a", has_text=re.compile("follow", re.I)).last)
    assert heading(page) == "Follow the news"
    addresses |= {urlsplit(code.strip()).path for code in page.locator("article pre code").all_inner_texts()}
    assert urlsplit(feed_url).path in addresses, "the page's feed address is shown to copy"
    response = page.request.get(feed_url)
    assert response.ok
    feed = feedparser.parse(response.body())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10" and feed.entries
    assert page_title is None or page_title in feed.feed.title


def test_tab_titles_read_as_written(page: Page) -> None:
    """The home tab is the site name alone; an article's is its title as its author typed it, then the site."""
    site_name = re.search(r"(?m)^site_name: (.+)$", (REPO / "mkdocs.yml").read_text("utf-8"))[1]  # type: ignore[index]
    page.goto("")
    assert page.title() == site_name
    article = next(a for a in read_articles() if "'" in a.title)
    page.goto(urlsplit(article_url(article)).path.lstrip("/"))
    assert page.title() == f"{article.title} - {site_name}"


def test_palette_toggle_switches_to_dark_mode(page: Page) -> None:
    page.goto("topics/north-korea-russia-relations/")
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    light = body.evaluate("b => getComputedStyle(b).backgroundColor")
    page.locator("label[title='Switch to dark mode']").click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    assert body.evaluate("b => getComputedStyle(b).backgroundColor") != light
    page.reload()  # the choice persists, as a reader expects
    expect(body).to_have_attribute("data-md-color-scheme", "slate")


def test_no_page_logs_a_javascript_error(open_page: Callable[..., Page], site_dir: Path) -> None:
    """Visit every generated page; the fixture fails on console errors, page errors and remote requests."""
    page = open_page()
    tabs = [page, *(page.context.new_page() for _ in range(3))]  # a few at once: the 2 cores wait less
    paths = sorted(p.relative_to(site_dir).as_posix().removesuffix("index.html") for p in site_dir.rglob("index.html"))
    for start in range(0, len(paths), len(tabs)):
        batch = list(zip(tabs, paths[start:start + len(tabs)], strict=False))
        responses = [(path, tab.goto(path, wait_until="commit")) for tab, path in batch]
        for tab, _ in batch:
            tab.wait_for_load_state("load")
        assert all(r is not None and r.ok for _, r in responses), [p for p, r in responses if not (r and r.ok)]
    assert len(paths) > len(read_articles())
