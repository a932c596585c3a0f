"""The sample site and a small hostile site built by MkDocs itself, checked as files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

from generator.config import read_settings
from generator.files import read_sources
from generator.model import Settings
from generator.site import build_site

ROOT = Path(__file__).parent.parent
BASIC = Path(__file__).parent / "sites" / "render_basic"


def mkdocs_build(config: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)],
                          capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""})


def built(factory: pytest.TempPathFactory, config: Path) -> Path:
    out = factory.mktemp(config.parent.name) / "site"
    run = mkdocs_build(config, out)
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(tmp_path_factory, ROOT / "mkdocs.yml")


@pytest.fixture(scope="module")
def basic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(tmp_path_factory, BASIC / "mkdocs.yml")


def sample_articles() -> list[dict[str, object]]:
    settings = read_settings(ROOT / "mkdocs.yml")
    sources = read_sources(ROOT, settings).files
    data = build_site(sources, settings).pages["data/articles.json"]
    articles: list[dict[str, object]] = json.loads(data)["articles"]
    return articles


def test_every_page_kind_is_built(sample_site: Path) -> None:
    for page in ("index.html", "topics/index.html", "regions/index.html", "actors/index.html",
                 "archive/index.html", "archive/2023/index.html", "archive/2023/09/index.html",
                 "topics/north-korea-russia-relations/index.html", "actors/kim-jong-un/index.html",
                 "regions/russian-far-east/index.html", "feed.xml", "data/articles.json",
                 "articles/2023/09/kim-jong-un-train-arrives-in-russia/index.html",
                 "topics/north-korea-russia-relations/feed.xml", "about/index.html"):
        assert (sample_site / page).is_file(), page


def test_article_links_to_its_briefings(sample_site: Path) -> None:
    html = (sample_site / "articles/2023/09/kim-jong-un-train-arrives-in-russia/index.html").read_text()
    for target in ("actors/kim-jong-un/", "actors/vladimir-putin/", "regions/russian-far-east/",
                   "topics/north-korea-russia-relations/"):
        assert f'href="../../../../{target}"' in html, target
    briefing = (sample_site / "actors/kim-jong-un/index.html").read_text()
    assert 'href="../../articles/2023/09/kim-jong-un-train-arrives-in-russia/"' in briefing
    assert "<svg" in briefing and "<title" in briefing and "<desc" in briefing


def test_feeds_are_valid_atom_with_absolute_links(sample_site: Path) -> None:
    site_url = read_settings(ROOT / "mkdocs.yml").site_url
    count = len(sample_articles())
    for feed_path in ("feed.xml", "topics/north-korea-russia-relations/feed.xml", "actors/kim-jong-un/feed.xml"):
        feed = feedparser.parse((sample_site / feed_path).read_bytes())
        assert not feed.bozo, (feed_path, feed.get("bozo_exception"))
        assert feed.version == "atom10"
        assert feed.entries and all(e.link.startswith(site_url) for e in feed.entries)
    site_feed = feedparser.parse((sample_site / "feed.xml").read_bytes())
    assert len(site_feed.entries) == min(50, count)
    dates = [e.published for e in site_feed.entries]
    assert dates == sorted(dates, reverse=True)


def test_search_index_holds_each_article_once(sample_site: Path) -> None:
    docs = json.loads((sample_site / "search/search_index.json").read_text())["docs"]
    pages = [d["location"] for d in docs if "#" not in d["location"]]
    articles = [p for p in pages if p.startswith("articles/")]
    assert len(articles) == len(set(articles)) == len(sample_articles())
    listed = [p for p in pages if p.startswith("archive/") or p in ("", "topics/", "regions/", "actors/")]
    assert listed == [], "generated lists must be excluded from search"
    timeline_sections = [d for d in docs if d["location"].startswith(("topics/", "actors/", "regions/"))
                         and "timeline" in d["location"]]
    assert timeline_sections == []


def test_hostile_title_is_text_everywhere(basic_site: Path) -> None:
    html = (basic_site / "articles/2024/03/trade-deal/index.html").read_text()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *[x](y)*" in html.replace("&#39;", "'")
    assert '<a href="y"' not in html
    feed = feedparser.parse((basic_site / "feed.xml").read_bytes())
    assert "Trade deal <script>alert(1)</script> *[x](y)*" in [e.title for e in feed.entries]
    raw_json = (basic_site / "data/articles.json").read_text()
    assert "<script>" not in raw_json
    titles = [a["title"] for a in json.loads(raw_json)["articles"]]
    assert "Trade deal <script>alert(1)</script> *[x](y)*" in titles


def test_drafts_only_when_serving(basic_site: Path) -> None:
    assert not (basic_site / "articles/2024/03/draft-note").exists()
    settings = read_settings(BASIC / "mkdocs.yml")
    sources = read_sources(BASIC, settings).files
    serving = Settings(**{**settings.__dict__, "include_drafts": True})
    assert "articles/2024/03/draft-note.md" in build_site(sources, serving).pages
    assert "articles/2024/03/draft-note.md" not in build_site(sources, settings).pages


def test_build_fails_with_one_error_listing_all(tmp_path: Path) -> None:
    for name in ("mkdocs.yml", "briefings/index.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text((BASIC / name).read_text())
    (tmp_path / "content").mkdir()
    (tmp_path / "content/a.md").write_text("---\ntitle: A\ndate: 2024-13-01\nregion: X\nactors: [Y]\n---\n")
    (tmp_path / "content/b.md").write_text("---\ntitle: B\ndate: 2024-01-01\nregion: NO\nactors: [Y]\n---\n")
    run = mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert run.returncode != 0
    assert "content/a.md:3: error: 'date: 2024-13-01' is not a real day: there is no month 13" in run.stderr
    assert "content/b.md:4: error: " in run.stderr and "boolean" in run.stderr
