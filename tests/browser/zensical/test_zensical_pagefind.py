"""Pagefind under Zensical: `generate` writes the marks into the pages; `briefing pagefind SITE_DIR` indexes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser

from generator.cli import cli

from ..conftest import serving, watched_context
from ..helpers import DESKTOP, REPO, read_articles, unique_word

pytestmark = pytest.mark.browser

QUERY = """async (query) => {
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.init();
  const search = await pagefind.search(query);
  const found = await Promise.all(search.results.map(r => r.data()));
  return {urls: found.map(d => d.url), titles: found.map(d => d.meta.title),
          filters: found.map(d => d.filters), all: await pagefind.filters()};
}"""


@pytest.fixture(scope="module")
def indexed(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A copy of the Zensical site indexed by `briefing pagefind`, served."""
    site = tmp_path_factory.mktemp("pagefind") / "site"
    shutil.copytree(site_dir, site)
    result = CliRunner().invoke(cli, ["pagefind", str(site)])
    assert result.exit_code == 0, result.output
    assert "pagefind indexed" in result.output and "0 filters" not in result.output
    with serving(site) as url:
        yield url


def query(browser: Browser, url: str, words: str) -> dict[str, Any]:
    context, reader = watched_context(browser, url, DESKTOP)
    page = context.new_page()
    page.goto("")
    found: dict[str, Any] = page.evaluate(QUERY, words)
    context.close()
    assert reader.errors == [] and reader.remote == []
    return found


def test_pagefind_finds_an_article_by_a_word_of_its_body(browser: Browser, indexed: str) -> None:
    word, article = unique_word(read_articles())
    found = query(browser, indexed, word)
    assert len(found["urls"]) == 1, found["urls"]
    assert found["titles"] == [article.title]  # as written: no ¶, no &#39;
    post = article.path.read_text("utf-8")
    filters = found["filters"][0]
    assert filters["year"] == [str(article.date.year)]
    assert filters["region"] and all(name in post for name in filters["region"] + filters["actor"])


def test_pagefind_offers_the_four_filters(browser: Browser, indexed: str) -> None:
    found = query(browser, indexed, "Kim")
    assert set(found["all"]) == {"region", "actor", "topic", "year"}
    assert sum(found["all"]["year"].values()) == len(read_articles())


def test_generated_lists_and_excluded_pages_stay_out(browser: Browser, indexed: str) -> None:
    """Every briefing's "Timeline of developments" is a generated list; the home page is search-excluded."""
    pages = {REPO / "briefings/index.md", REPO / "briefings/about.md"}  # the home, and the page describing it
    sources = " ".join(p.read_text("utf-8").lower() for folder in ("content", "briefings")
                       for p in (REPO / folder).rglob("*.md") if p not in pages)
    assert "timeline" not in sources  # so only the generated heading (and About, which names it) could match
    assert set(query(browser, indexed, "timeline")["urls"]) <= {"/about/"}
    # "Korea" is on the home page and in the indexes and archive (all `search: exclude`): none is found.
    urls = query(browser, indexed, "korea")["urls"]
    excluded = {"/", "/topics/", "/regions/", "/actors/"}
    assert len(urls) > len(read_articles()) / 2 and not [u for u in urls if u in excluded or u.startswith("/archive/")]


def test_pagefind_finds_a_briefings_articles_by_its_alias(browser: Browser, indexed: str) -> None:
    """'DPRK' (a term file's alias) finds North Korea's articles that never write it, as Material's search does."""
    from ..test_search import alias_and_articles

    alias, _, silent = alias_and_articles()
    found = query(browser, indexed, alias)
    assert len(set(found["titles"]) & silent) >= 3, (alias, found["titles"][:10])
    assert not [u for u in found["urls"] if u.startswith("/contributing/")]
