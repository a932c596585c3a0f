"""Search that finds the news: aliases lead to their briefing's articles, editors' pages rank below articles,
and each result says what it is and when."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import frontmatter
import pytest
from playwright.sync_api import Page, expect

from .helpers import REPO, read_articles
from .test_reader import search

pytestmark = pytest.mark.browser

EDITORS_PAGES = ("/about/", "/contributing/")
KEYS = {"topics": "topics", "regions": "region", "actors": "actors"}


def result_pages(page: Page, query: str) -> list[str]:
    """The paths of the pages search lists for `query`, best first, each once."""
    links = search(page, query)
    page.wait_for_timeout(300)  # Material renders the first batch at once; let it finish
    paths = [urlsplit(h).path for h in links.evaluate_all("links => links.map(a => a.href)")]
    return list(dict.fromkeys(paths))


def alias_and_articles() -> tuple[str, set[str], set[str]]:
    """A one-word alias from a term file, the titles of its briefing's articles, and those of them that never
    write the alias (only the alias can lead search to those)."""
    for kind, key in KEYS.items():
        for path in sorted((REPO / "briefings" / kind).glob("*.md")):
            term = frontmatter.loads(path.read_text("utf-8"))
            names = {str(term["title"]), *map(str, term.get("aliases") or [])}
            for alias in sorted(map(str, term.get("aliases") or [])):
                if not re.fullmatch(r"[A-Za-z]{4,}", alias):
                    continue
                listed = [a for a in read_articles() if names & set(_listed(a.path, key))]
                silent = {a.title for a in listed if alias.lower() not in a.path.read_text("utf-8").lower()}
                if len(silent) >= 3:
                    return alias, spelled_by(alias), silent
    raise AssertionError("no term file has a one-word alias that its articles do not write")


def spelled_by(word: str) -> set[str]:
    """Titles of the articles that write `word` or belong to a briefing with a name or alias holding it."""
    found = set()
    pattern = re.compile(rf"\b{re.escape(word.lower())}\b")
    for kind, key in KEYS.items():
        for path in (REPO / "briefings" / kind).glob("*.md"):
            term = frontmatter.loads(path.read_text("utf-8"))
            names = {str(term["title"]), *map(str, term.get("aliases") or [])}
            if any(pattern.search(n.lower()) for n in names):
                found |= {a.title for a in read_articles() if names & set(_listed(a.path, key))}
    return found | {a.title for a in read_articles() if pattern.search(a.path.read_text("utf-8").lower())}


def _listed(path: Path, key: str) -> list[str]:
    value = frontmatter.loads(path.read_text("utf-8")).get(key) or []
    return [str(v) for v in ([value] if isinstance(value, str) else value)]


def test_search_for_an_alias_finds_the_articles_of_its_briefing(page: Page) -> None:
    alias, titles, silent = alias_and_articles()  # e.g. 'DPRK', which most articles write as 'North Korea'
    page.goto("")
    links = search(page, alias)
    page.wait_for_timeout(300)
    found = [t.split("\n")[0].strip() for t in links.all_inner_texts()]
    articles = [t for t in found if t in {a.title for a in read_articles()}]
    assert articles and articles[0] == found[0], f"{alias!r}: the first result should be an article, got {found[:3]}"
    assert set(articles) <= titles, f"{alias!r} found unrelated articles: {set(articles) - titles}"
    assert len(set(articles) & silent) >= 3, f"{alias!r} should find articles that never write it: {articles}"


def test_results_carry_the_kind_and_the_date(page: Page) -> None:
    articles = read_articles()
    newest = max(articles, key=lambda a: (a.date, a.title))
    words = sorted(re.findall(r"[A-Za-z]{4,}", newest.title), key=len)[-2:]  # a short query: typing is slow
    page.goto("")
    search(page, " ".join(words))
    page.wait_for_timeout(300)
    result = page.locator(".md-search-result__article", has=page.locator("h1", has_text=newest.title)).first
    expect(result).to_be_visible()
    assert result.locator(".md-tag").all_inner_texts() == ["Article", f"{newest.date.day} {newest.date:%B %Y}"]


def shared_words() -> list[str]:
    """Words of six letters or more that both an article's body and the About or Contributing page use."""
    editors = " ".join((REPO / "briefings" / f"{n}.md").read_text("utf-8") for n in ("about", "contributing"))
    bodies = " ".join(a.body for a in read_articles())
    words = set(re.findall(r"\b[A-Za-z]{6,}\b", editors)) & set(re.findall(r"\b[A-Za-z]{6,}\b", bodies))
    return sorted(words)


@pytest.mark.parametrize("query", ["Khasan", "treaty article 4", "troops", "Pyongyang"])
def test_no_editors_page_ranks_above_an_article(page: Page, query: str) -> None:
    assert all(w.lower() in " ".join(shared_words()).lower() for w in query.split() if len(w) >= 6), \
        f"{query!r} should be a word both an article and an editors' page use"
    page.goto("")
    pages = result_pages(page, query)
    articles = [i for i, p in enumerate(pages) if "/articles/" in p]
    editors = [i for i, p in enumerate(pages) if p.endswith(EDITORS_PAGES)]
    assert articles, f"{query!r} found no article: {pages}"
    assert not editors or min(editors) > max(articles), f"{query!r}: {pages}"


def test_the_contributing_page_is_left_out_of_search(page: Page) -> None:
    page.goto("")
    search(page, "Pyongyang")
    expect(page.locator(".md-search-result__link[href*='contributing']")).to_have_count(0)
