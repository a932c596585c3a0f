"""Fuzzing the whole pipeline: valid-looking articles with hostile titles and names.

tests/test_fuzz_load.py throws arbitrary bytes at the loader; this one keeps the front-matter valid so the
input gets all the way through index and render, then checks every page as a reader gets it: build_site
never raises, every generated Markdown page renders (with the site's Markdown extensions) to HTML with no
element or attribute the templates do not make, every title reads back exactly from the article's <h1>,
the feed and the data file carry the raw values.

`BRIEFING_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/adversarial/test_adv_fuzz.py` searches longer.
"""

from __future__ import annotations

import json
import os
from functools import cache

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from generator.model import Settings
from generator.site import SiteResult, build_site

from .kit import article, entry_titles, markdown_html, scan_html, yaml_quote

EXAMPLES = int(os.environ.get("BRIEFING_FUZZ_EXAMPLES", "60"))
ALARM_SECONDS = 300 + 2 * EXAMPLES  # an example takes about 0.1 s; tests/adversarial/conftest.py
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
SETTINGS = Settings(site_url="https://example.org/")

PIECES = ["<script>", "</script>", "<img src=x onerror=alert(1)>", "<b>", "<!--", "-->", "<![CDATA[", "]]>",
          "[x](javascript:alert(1))", "![p](https://evil.example/p.png)", "<https://evil.example>", "{: onclick=x }",
          "{ #id .c }", "*", "_", "**", "`", "~~", "#", "|", "\\", "&amp;", "&#60;", "&lt;", "&", "<", ">", '"', "'",
          "{{ 1 }}", "{%", "%}", "!!! note", ":material-rss:", "[^1]", "<br>", "---", "- ", "1. ", "> ", "    ",
          "\t", "=", ":", "\u200b", "\u00ad", "e\u0301", "김정은", "Путин", "محمد", "🚂", "Kim Jong Un", "x"]
# Random characters are printable ones: control characters are refused by the YAML reader (tested in
# tests/test_fuzz_load.py) and would leave few examples that get as far as the pages.
printable = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cf"), blacklist_characters="\ufffe\uffff")
text = st.lists(st.sampled_from(PIECES) | st.text(printable, min_size=1, max_size=3), min_size=1, max_size=8
                ).map("".join)


@st.composite
def articles(draw: st.DrawFn) -> dict[str, str]:
    """One to four articles with hostile titles, names, summaries and source titles."""
    files = {}
    for i in range(draw(st.integers(1, 4))):
        names = {key: draw(st.lists(text, min_size=low, max_size=3)) for key, low in
                 (("region", 1), ("actors", 1), ("topics", 0))}
        source = f"[{{publisher: {yaml_quote(draw(text))}, title: {yaml_quote(draw(text))}}}]"
        files[f"content/2023/2023-09-1{i}-a{i}.md"] = article(
            title=draw(text), date=f"2023-09-1{i}", region=names["region"], actors=names["actors"],
            topics=names["topics"], summary=yaml_quote(draw(text)), sources=source)
    return files


@cache
def template_vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """Every tag and attribute name the templates produce, from a site of harmless names."""
    files = {f"content/2023/2023-09-1{i}-a{i}.md": article(
        title=f"Title {i}", date=f"2023-09-1{i}", region=["Region"], actors=[f"Actor {i}", "Kim"],
        topics=["Topic"], summary='"Summary"', sources="[{publisher: P, title: T, url: 'https://example.org/'}]")
        for i in range(3)}
    tags, attributes = set(), set()
    for page in build(files).pages.values():
        if page.lstrip().startswith("---"):
            html = markdown_html(page)
            tags |= set(_tags(html))
            attributes |= set(_attributes(html))
    return frozenset(tags), frozenset(attributes)


def _tags(html: str) -> list[str]:
    return [tag for tag, _ in _elements(html)]


def _attributes(html: str) -> list[str]:
    return [name for _, attrs in _elements(html) for name in attrs]


def _elements(html: str) -> list[tuple[str, list[str]]]:
    from html.parser import HTMLParser

    found: list[tuple[str, list[str]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, [name for name, _ in attrs]))

    collect = Collect()
    collect.feed(html)
    collect.close()
    return found


def build(files: dict[str, str]) -> SiteResult:
    return build_site({path: data.encode() for path, data in files.items()}, SETTINGS)


def check_pages(result: SiteResult) -> None:
    """Every Markdown page renders to HTML made only of the templates' own elements and attributes."""
    tags, attributes = template_vocabulary()
    for path, page in result.pages.items():
        if not path.endswith(".md"):
            continue
        html = markdown_html(page)
        scan = scan_html(html)
        assert scan.problems == [] and scan.scripts == [], (path, scan.problems)
        assert not [u for u in scan.urls if "evil.example" in u or u.lower().startswith("javascript")], path
        assert set(_tags(html)) <= tags, (path, set(_tags(html)) - tags)
        assert set(_attributes(html)) <= attributes, (path, set(_attributes(html)) - attributes)


def check_titles(result: SiteResult) -> None:
    """Each article's <h1> reads back exactly as its title; the feed and data file carry it raw."""
    for a in result.corpus.articles:
        html = markdown_html(result.pages[f"articles/2023/09/{a.slug}.md"])
        shown = " ".join(scan_html(html).texts["h1"][0].split()).removesuffix("¶").strip()
        assert shown == " ".join(a.title.split())
    assert sorted(entry_titles(result.pages["feed.xml"])) == sorted(a.title for a in result.corpus.articles)
    data = json.loads(result.pages["data/articles.json"])
    assert sorted(x["title"] for x in data["articles"]) == sorted(a.title for a in result.corpus.articles)
    assert "<" not in result.pages["data/articles.json"]


@FUZZ
@given(files=articles())
@example(files={"content/2023/2023-09-10-a0.md": article(title="<b>x</b> {: onclick=y }",
                                                        actors=["[a](javascript:b)"], region=["a | b"])})
@example(files={"content/2023/2023-09-10-a0.md": article(title="<script>", summary='"𐀀"')})  # found: see yaml_str
def test_hostile_names_never_break_or_leak_into_pages(files: dict[str, str]) -> None:
    result = build(files)  # must not raise, whatever the names
    assert all(d.severity in ("error", "warning") and "\n" not in d.message for d in result.diagnostics)
    event("refused" if result.errors else "built")  # `--hypothesis-show-statistics` shows the mix
    if result.errors:
        assert result.pages == {}
        return
    check_pages(result)
    check_titles(result)
