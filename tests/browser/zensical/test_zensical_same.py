"""The same site from either builder: tab titles, feed links and Pagefind's results agree page for page.

One copy of the sample repository with `search: pagefind` is built twice: by `mkdocs build` (the plugin marks
the pages and runs Pagefind) and by `generate --for zensical` + `zensical build` + `briefing pagefind`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser
from selectolax.lexbor import LexborHTMLParser

from generator.cli import cli

from ..conftest import serving
from ..helpers import REPO, read_articles, unique_word
from .conftest import ZENSICAL
from .test_zensical_pagefind import query

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def both_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """builder → its built site, from one copy of the repository with `search: pagefind`."""
    root = tmp_path_factory.mktemp("both") / "repo"
    for folder in ("content", "briefings"):
        shutil.copytree(REPO / folder, root / folder)
    text = (REPO / "mkdocs.yml").read_text("utf-8")
    config = text.replace("      content_dir: content\n", "      content_dir: content\n      search: pagefind\n")
    assert "search: pagefind" in config
    (root / "mkdocs.yml").write_text(config, "utf-8")
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", "mk"], cwd=root,
                           capture_output=True, text=True, check=False, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    generated = CliRunner().invoke(cli, ["-f", str(root / "mkdocs.yml"), "generate", "--for", "zensical",
                                         "--out", str(root / "z")])
    assert generated.exit_code == 0, generated.output
    built = subprocess.run([str(ZENSICAL), "build", "--strict"], cwd=root / "z", capture_output=True, text=True,
                           check=False, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    indexed = CliRunner().invoke(cli, ["pagefind", str(root / "z" / "site")])
    assert indexed.exit_code == 0, indexed.output
    return {"mkdocs": root / "mk", "zensical": root / "z" / "site"}


@pytest.fixture(scope="module")
def both_urls(both_sites: dict[str, Path]) -> Iterator[dict[str, str]]:
    with ExitStack() as stack:
        yield {name: stack.enter_context(serving(site)) for name, site in both_sites.items()}


def heads(site: Path) -> dict[str, tuple[str, list[str]]]:
    """Every page → (its <title>, the addresses of its Atom feed links)."""
    out: dict[str, tuple[str, list[str]]] = {}
    for path in sorted(site.rglob("*.html")):
        tree = LexborHTMLParser(path.read_text("utf-8"))
        title = tree.css_first("head title")
        feeds = [node.attributes.get("href") or "" for node in tree.css("head link[type='application/atom+xml']")]
        out[path.relative_to(site).as_posix()] = (title.text() if title else "", feeds)
    return out


def test_every_page_has_the_same_tab_title_and_feed_links(both_sites: dict[str, Path]) -> None:
    mkdocs, zensical = heads(both_sites["mkdocs"]), heads(both_sites["zensical"])
    pages = [p for p in mkdocs if not p.startswith(("pagefind/", "assets/"))]
    assert len(pages) > len(read_articles()) and set(pages) <= set(zensical)
    assert {p: zensical[p] for p in pages} == {p: mkdocs[p] for p in pages}
    briefing = mkdocs["actors/kim-jong-un/index.html"]
    assert briefing == ("Kim Jong Un - North Korea–Russia Briefing", ["feed.xml"])  # the comparison compares
    assert mkdocs["index.html"][1] == ["feed.xml"] and "'" in "".join(t for t, _ in mkdocs.values())


def pagefind_results(browser: Browser, url: str, words: str) -> dict[str, Any]:
    """What Pagefind finds for `words`: each result's URL, title and filters, and the filter counts."""
    found = query(browser, url, words)
    results = sorted(zip(found["urls"], found["titles"], map(repr, map(sorted_filters, found["filters"])),
                         strict=True))
    return {"results": results, "filters": found["all"]}


def sorted_filters(filters: dict[str, list[str]]) -> dict[str, list[str]]:
    return {name: sorted(values) for name, values in sorted(filters.items())}


def test_pagefind_finds_the_same_under_both_builders(browser: Browser, both_urls: dict[str, str]) -> None:
    from ..test_search import alias_and_articles

    word, _ = unique_word(read_articles())
    alias = alias_and_articles()[0]
    for words in (word, alias, "Kim", "korea", "timeline"):
        mkdocs = pagefind_results(browser, both_urls["mkdocs"], words)
        zensical = pagefind_results(browser, both_urls["zensical"], words)
        assert zensical == mkdocs, words
    kim = pagefind_results(browser, both_urls["mkdocs"], "Kim")
    assert len(kim["results"]) > 10 and set(kim["filters"]) == {"region", "actor", "topic", "year"}
    assert not [url for url, *_ in kim["results"] if re.match(r"/(topics|regions|actors|archive)?/?$", url)]
