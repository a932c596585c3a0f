"""Link previews and news metadata on every built page: Open Graph, Twitter card, JSON-LD, canonical, breadcrumbs.

Read from the built sample site with the standard library's HTML parser; the JSON-LD is checked with json.loads
and the properties schema.org and Google's article guidelines ask of a NewsArticle.
"""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from generator.share import head_tags

from .helpers import read_articles

pytestmark = pytest.mark.browser

NEWS_ARTICLE = ("headline", "datePublished", "dateModified", "author", "publisher", "mainEntityOfPage", "url")


class Head(HTMLParser):
    """What a link-preview crawler reads: <meta property|name>, <link rel=canonical>, JSON-LD, breadcrumbs."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.canonical: list[str] = []
        self.json_ld: list[str] = []
        self.crumbs: list[str] = []
        self.times: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta.setdefault(a.get("property") or a["name"], []).append(a.get("content", ""))
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a["href"])
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in = "ld"
            self.json_ld.append("")
        elif tag == "nav" and "briefing-path" in a.get("class", ""):
            self._in = "crumbs"
        elif tag == "time":
            self.times.append(a.get("datetime", ""))

    def handle_endtag(self, tag: str) -> None:
        if (tag, self._in) in {("script", "ld"), ("nav", "crumbs")}:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "ld":
            self.json_ld[-1] += data
        elif self._in == "crumbs" and data.strip():
            self.crumbs.append(data.strip())


def read_head(path: Path) -> Head:
    head = Head()
    head.feed(path.read_text("utf-8"))
    return head


def pages(site_dir: Path) -> list[Path]:
    return sorted(p for p in site_dir.rglob("*.html") if "pagefind" not in p.parts)


def test_every_page_has_open_graph_a_twitter_card_and_json_ld_that_parse(site_dir: Path) -> None:
    checked = 0
    for path in pages(site_dir):
        head = read_head(path)
        where = path.relative_to(site_dir).as_posix()
        for prop in ("og:title", "og:type", "og:url", "og:site_name"):
            assert len(head.meta.get(prop, [])) == 1 and head.meta[prop][0].strip(), (where, prop)
        assert head.meta["og:type"][0] in {"article", "website"}, where
        assert head.meta.get("twitter:card") == ["summary"], where
        assert len(head.json_ld) == 1, where
        data: dict[str, Any] = json.loads(head.json_ld[0])
        assert data["@context"] == "https://schema.org" and data["@type"] and data["name"], where
        assert data["url"] == head.meta["og:url"][0], where
        if where != "404.html":
            assert head.canonical == [data["url"]], where
        checked += 1
    assert checked > len(read_articles())


def test_articles_are_news_articles_with_the_required_properties(site_dir: Path) -> None:
    articles = sorted((site_dir / "articles").rglob("index.html"))
    assert len(articles) == len(read_articles())
    by_title = {a.title: a for a in read_articles()}
    for path in articles:
        head = read_head(path)
        data = json.loads(head.json_ld[0])
        assert data["@type"] == "NewsArticle"
        missing = [p for p in NEWS_ARTICLE if not data.get(p)]
        assert missing == [], (path, missing)
        source = by_title[data["headline"]]
        assert data["datePublished"] == source.date.isoformat()
        assert dt.date.fromisoformat(data["dateModified"]) >= source.date
        assert data["publisher"]["@type"] == "Organization" and data["publisher"]["name"]
        assert head.meta["og:type"] == ["article"]
        assert head.meta["article:published_time"] == [source.date.isoformat()]
        assert head.meta.get("article:tag"), "an article is tagged with its topics, regions and actors"
        assert source.date.isoformat() in head.times, "the article's date is machine-readable: <time datetime>"


def test_briefings_are_collection_pages_listing_their_newest_articles(site_dir: Path) -> None:
    head = read_head(site_dir / "topics/north-korea-russia-relations/index.html")
    data = json.loads(head.json_ld[0])
    assert data["@type"] == "CollectionPage"
    items = data["mainEntity"]["itemListElement"]
    assert data["mainEntity"]["@type"] == "ItemList" and 1 <= len(items) <= 10
    assert [i["position"] for i in items] == list(range(1, len(items) + 1))
    assert all("/articles/" in i["url"] and (site_dir / i["url"].split("/", 3)[3] / "index.html").exists()
               for i in items)


@pytest.mark.parametrize(("page", "trail"), [
    ("actors/kim-jong-un/index.html", ["Actors", "Kim Jong Un"]),
    ("archive/2023/09/index.html", ["Archive", "2023", "September 2023"]),
    ("archive/2023/index.html", ["Archive", "Archive 2023"]),
])
def test_generated_pages_carry_breadcrumbs(site_dir: Path, page: str, trail: list[str]) -> None:
    assert read_head(site_dir / page).crumbs == trail


def test_article_breadcrumbs_lead_through_its_archive_month(site_dir: Path) -> None:
    path = next((site_dir / "articles/2023/09").rglob("index.html"))
    assert read_head(path).crumbs[:3] == ["Archive", "2023", "September"]


def test_json_ld_cannot_be_closed_by_a_title() -> None:
    facts = {"kind": "article", "published": "2024-01-01"}
    meta = {"title": "&lt;/script&gt;&lt;script&gt;alert(1)", "briefing": facts}
    tags = str(head_tags(meta, title="", url="https://x.example/a/", site_name="S & T", site_url="https://x.example/"))
    assert tags.count("</script>") == 1 and "<script>alert" not in tags
    block = tags.split('<script type="application/ld+json">')[1].removesuffix("</script>")
    assert json.loads(block)["headline"] == "</script><script>alert(1)"
    assert 'content="S &amp; T"' in tags
