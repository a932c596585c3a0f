"""Hostile titles and names through `mkdocs build`: the site shows them as text and runs nothing.

One site holds every payload in every field a contributor controls (title, summary, region, actor and
topic names, source publisher and title) plus a term file; the built HTML is parsed like a browser
would, the feeds as XML, the data file as JSON.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import feedparser
import pytest
import yaml

from .kit import (
    ATOM,
    article,
    atom_entries,
    entry_categories,
    entry_titles,
    heading,
    html_pages,
    injection_problems,
    make_repo,
    mkdocs_build,
    run_check,
    scan_html,
    title_element,
    yaml_quote,
)

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)' x='",
    "Tom & Jerry &amp; &lt;b&gt; &#60;i&#62;",
    "[click](javascript:alert(1))",
    "![pixel](https://evil.example/p.png)",
    "a | b | c",
    '{: onclick="alert(1)" }',
    "</title><script>alert(1)</script>",
    "]]><x/><![CDATA[",
    "{{ 7*7 }} {% raw %}",
    "*em* _u_ `code` \\ ~~s~~ # not a heading",
    "<!-- never closed",
    "javascript:alert(1)",
    "<https://evil.example/auto>",
    ":material-rss: !!! note",
    "[ref]: https://evil.example/r",
    "<svg/onload=alert(1)>",
    "&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;",
    "Kim's 🚂 train 𐀀",  # beyond U+FFFF: once broke the generated front-matter (found by the fuzz test)
]
TERM_TITLE = HOSTILE[0] + " A0"


def hostile_article(i: int, text: str) -> str:
    source = f"{{publisher: {yaml_quote(text)}, title: {yaml_quote(text)}, url: 'https://example.org/a?b=1&c=2'}}"
    return article(title=text, date=f"2023-09-{i + 1:02d}", region=[f"{text} R{i}"],
                   actors=[f"{text} A{i}", "Kim Jong Un"], topics=[f"{text} T{i}"], summary=yaml_quote(text),
                   sources=f"[{source}]")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {f"content/2023/2023-09-{i + 1:02d}-h{i}.md": hostile_article(i, text) for i, text in enumerate(HOSTILE)}
    files["briefings/about.md"] = "# About\n\nNothing contributed here.\n"
    files["briefings/actors/script-alert-1-script-a0.md"] = (
        f"---\ntitle: {yaml_quote(TERM_TITLE)}\nrole: {yaml_quote(HOSTILE[1])}\nsummary: {yaml_quote(HOSTILE[8])}\n"
        f"aliases: [{yaml_quote(HOSTILE[4])}]\n---\nAn overview.\n")
    root = make_repo(tmp_path_factory.mktemp("hostile"), files)
    check = run_check(root)
    # The hostile names differ only in markup and a number, so they look alike once transliterated:
    # near-name warnings are right here. Anything else would be a problem.
    assert check.exit_code == 0, check.lines
    assert [d for d in check.diagnostics if "did you mean" not in d] == [], check.lines
    build = mkdocs_build(root)
    assert build.returncode == 0, build.stderr
    return root / "site"


def test_no_injected_script_element_or_attribute(hostile: Path) -> None:
    assert len(html_pages(hostile)) > 3 * len(HOSTILE)
    assert injection_problems(hostile) == []


def test_no_injected_url_loads_anything(hostile: Path) -> None:
    for page in html_pages(hostile):
        urls = scan_html(page.read_text("utf-8")).urls
        assert not [u for u in urls if "evil.example" in u], page


@pytest.mark.parametrize("i", range(len(HOSTILE)))
def test_article_page_shows_the_title_as_text(hostile: Path, i: int) -> None:
    page = f"articles/2023/09/h{i}/index.html"
    assert heading(hostile, page) == HOSTILE[i]
    assert title_element(hostile, page).startswith(HOSTILE[i] + " - ")


@pytest.mark.parametrize("kind", ["actors", "regions", "topics"])
def test_briefing_pages_show_names_as_text(hostile: Path, kind: str) -> None:
    letter = {"actors": "A", "regions": "R", "topics": "T"}[kind]
    headings = {heading(hostile, p.relative_to(hostile).as_posix()) for p in (hostile / kind).glob("*/index.html")}
    assert {f"{text} {letter}{i}" for i, text in enumerate(HOSTILE)} <= headings


def test_term_file_values_are_text(hostile: Path) -> None:
    page = "actors/script-alert-1-script-a0/index.html"
    text = (hostile / page).read_text("utf-8")
    assert heading(hostile, page) == TERM_TITLE
    assert "&lt;/title&gt;&lt;script&gt;" in text or "&#60;&#47;title&#62;" in text  # the summary, escaped


def test_site_feed_carries_raw_titles_and_names(hostile: Path) -> None:
    feed = (hostile / "feed.xml").read_bytes()
    assert sorted(entry_titles(feed)) == sorted(HOSTILE)
    by_title = dict(zip(entry_titles(feed), entry_categories(feed), strict=True))
    for i, text in enumerate(HOSTILE):
        assert by_title[text] == {f"{text} R{i}", f"{text} A{i}", f"{text} T{i}", "Kim Jong Un"}
    summaries = {e.findtext(f"{ATOM}summary") for e in atom_entries(feed)}
    assert summaries == set(HOSTILE)
    parsed = feedparser.parse(feed)
    assert not parsed.bozo and len(parsed.entries) == len(HOSTILE)


def test_every_briefing_feed_is_well_formed(hostile: Path) -> None:
    feeds = sorted(hostile.glob("*/*/feed.xml"))
    assert len(feeds) >= 3 * len(HOSTILE)
    for feed in feeds:
        assert atom_entries(feed.read_bytes()), feed


def test_data_file_round_trips_and_holds_no_markup(hostile: Path) -> None:
    text = (hostile / "data/articles.json").read_text("utf-8")
    assert not re.search(r"[<>]", text)
    articles = json.loads(text)["articles"]
    assert sorted(a["title"] for a in articles) == sorted(HOSTILE)
    for a in articles:
        i = HOSTILE.index(a["title"])
        assert a["summary"] == a["title"] and a["actors"] == [f"{a['title']} A{i}", "Kim Jong Un"]
        assert a["sources"][0]["publisher"] == a["title"]


def test_search_index_holds_no_markup_from_contributors(hostile: Path) -> None:
    """Material shows search results as HTML: titles and texts must hold escaped text only."""
    docs = json.loads((hostile / "search/search_index.json").read_text("utf-8"))["docs"]
    assert any(HOSTILE[1] in doc["title"].replace("&gt;", ">").replace("&lt;", "<") for doc in docs)
    for doc in docs:
        scan = scan_html(doc["title"] + " " + doc["text"])
        assert (scan.problems, scan.scripts) == ([], []), doc["location"]
        assert not [u for u in scan.urls if "evil.example" in u], doc["location"]


def test_pagefind_filters_hold_names_as_text() -> None:
    """With `search: pagefind` the plugin writes each article's names into hidden filter spans."""
    from generator.search import mark_content

    html = mark_content("<p>Body.</p>", indexed=True, filters={"actor": HOSTILE})
    scan = scan_html(html)
    assert (scan.problems, scan.scripts, scan.urls) == ([], [], [])
    spans = re.findall(r'<span data-pagefind-filter="actor">(.*?)</span>', html)
    assert [unescape(s) for s in spans] == HOSTILE


@pytest.mark.parametrize("text", HOSTILE)
def test_page_titles_are_escaped_for_html_text_only(text: str) -> None:
    """Themes print a page's title raw between tags and escape it in attributes; Zensical's search shows it."""
    from generator.escape import meta_text

    title = yaml.safe_load(f"title: {meta_text(text)}")["title"]
    assert not re.search(r"[<>]", title) and unescape(title) == " ".join(text.split())
    assert ("'" in title) == ("'" in text) and ('"' in title) == ('"' in text)  # quotes read as typed
