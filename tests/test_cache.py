"""The caches `mkdocs serve` keeps across rebuilds: parsed files and rendered pages, invalidated exactly."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from generator import render
from generator.cache import LoadCache, SiteCache
from generator.model import Settings
from generator.pages import BriefingPage, Page
from generator.site import build_site

BASIC = Path(__file__).parent / "sites" / "render_basic"
SETTINGS = Settings(site_url="https://briefing.example/", site_name="Test")


def article(title: str, date: str, actors: str, topics: str = "[Talks]", region: str = "[Northland]",
            body: str = "A body.") -> bytes:
    return (f"---\ntitle: {title}\ndate: {date}\nregion: {region}\nactors: {actors}\ntopics: {topics}\n---\n"
            f"{body}\n").encode()


def corpus_sources() -> dict[str, bytes]:
    return {
        "content/2024/2024-01-10-first.md": article("First meeting", "2024-01-10", "[Alice Archer, Bob Baker]"),
        "content/2024/2024-02-05-second.md": article("Second meeting", "2024-02-05", "[Alice Archer, Carol Cole]"),
        "content/2024/2024-03-01-deal.md": article("Trade deal", "2024-03-01", "[Bob Baker]", "[Trade]"),
        "content/2024/2024-03-20-visit.md": article("State visit", "2024-03-20", "[Carol Cole, Bob Baker]"),
        "briefings/actors/alice-archer.md": b"---\ntitle: Alice Archer\naliases: [A. Archer]\n---\nOverview.\n",
        "briefings/index.md": b"Welcome.\n",
    }


def titles(cache: LoadCache, sources: dict[str, bytes], settings: Settings = SETTINGS) -> set[str]:
    return {a.title for a in cache.build_corpus(sources, settings).articles}


def test_unchanged_corpus_parses_nothing() -> None:
    cache, sources = LoadCache(), corpus_sources()
    titles(cache, sources)
    assert len(cache.parsed) == 5  # four articles and one term file; briefings/index.md is no content file
    titles(cache, dict(sources))
    assert cache.parsed == []


def test_only_the_changed_article_is_parsed_again() -> None:
    cache, sources = LoadCache(), corpus_sources()
    titles(cache, sources)
    path = "content/2024/2024-02-05-second.md"
    sources[path] = sources[path].replace(b"Second meeting", b"Second meeting, renamed")
    assert "Second meeting, renamed" in titles(cache, sources)
    assert cache.parsed == [path]


def test_a_deleted_file_disappears() -> None:
    cache, sources = LoadCache(), corpus_sources()
    titles(cache, sources)
    del sources["content/2024/2024-03-01-deal.md"]
    assert titles(cache, sources) == {"First meeting", "Second meeting", "State visit"}
    assert cache.parsed == []


def test_a_settings_change_parses_everything_again() -> None:
    cache, sources = LoadCache(), corpus_sources()
    titles(cache, sources)
    titles(cache, sources, dataclasses.replace(SETTINGS, max_file_bytes=10_000))
    assert len(cache.parsed) == 5


def test_cached_corpus_equals_a_fresh_one() -> None:
    cache, sources = LoadCache(), corpus_sources()
    cache.build_corpus(sources, SETTINGS)
    sources["content/2024/2024-01-10-first.md"] = article("First meeting", "2024-01-11", "[A. Archer]")
    assert cache.build_corpus(sources, SETTINGS) == build_site(sources, SETTINGS).corpus


EDITS: list[tuple[str, str, bytes | None]] = [
    ("title", "content/2024/2024-02-05-second.md", article("Second meeting, renamed", "2024-02-05",
                                                           "[Alice Archer, Carol Cole]")),
    ("date moves month", "content/2024/2024-03-01-deal.md", article("Trade deal", "2024-01-02", "[Bob Baker]",
                                                                   "[Trade]")),
    ("alias and new actor", "content/2024/2024-03-20-visit.md", article("State visit", "2024-03-20",
                                                                       "[A. Archer, Dan Dale]")),
    ("body only", "content/2024/2024-01-10-first.md", article("First meeting", "2024-01-10",
                                                              "[Alice Archer, Bob Baker]", body="New body.")),
    ("term file", "briefings/actors/alice-archer.md", b"---\ntitle: Alice Archer\nrole: Envoy\n---\nNew.\n"),
    ("home intro", "briefings/index.md", b"Welcome back.\n"),
    ("deleted article", "content/2024/2024-03-01-deal.md", None),
    ("new article", "content/2024/2024-04-01-new.md", article("New talks", "2024-04-01", "[Erin Eve]")),
]


def test_rebuilds_match_fresh_builds_after_each_edit() -> None:
    cache, sources = SiteCache(), corpus_sources()
    before = cache.build_site(sources, SETTINGS).pages
    for name, path, data in EDITS:  # in sequence, as an editor works under `mkdocs serve`
        if data is None:
            del sources[path]
        else:
            sources[path] = data
        rebuilt = cache.build_site(sources, SETTINGS).pages
        assert rebuilt == build_site(sources, SETTINGS).pages, name
        assert rebuilt != before, name  # each edit shows somewhere, so a stale memo would fail the line above
        before = rebuilt


def count_renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    rendered: list[str] = []
    page = render.Renderer.render_page

    def counting(self: render.Renderer, model: Page) -> str:
        rendered.append(model.src)
        return page(self, model)

    monkeypatch.setattr(render.Renderer, "render_page", counting)
    return rendered


def test_an_unchanged_rebuild_renders_no_page(monkeypatch: pytest.MonkeyPatch) -> None:
    cache, sources = SiteCache(), corpus_sources()
    rendered = count_renders(monkeypatch)
    pages = cache.build_site(sources, SETTINGS).pages
    assert sorted(rendered) == sorted(pages)
    rendered.clear()
    assert cache.build_site(dict(sources), SETTINGS).pages == pages
    assert rendered == []
    assert cache.pages.made == 0  # nor a feed entry, a data part or a chart


def test_a_body_edit_renders_only_pages_that_show_the_article(monkeypatch: pytest.MonkeyPatch) -> None:
    cache, sources = SiteCache(), corpus_sources()
    cache.build_site(sources, SETTINGS)
    rendered = count_renders(monkeypatch)
    path = "content/2024/2024-03-01-deal.md"
    sources[path] = article("Trade deal", "2024-03-01", "[Bob Baker]", "[Trade]", body="A body.\n\nMore.")
    cache.build_site(sources, SETTINGS)
    assert rendered == ["articles/2024/03/deal.md"]  # the body shows on its own page only (not the summary)


def test_a_site_name_change_renders_the_pages_that_show_it(monkeypatch: pytest.MonkeyPatch) -> None:
    cache, sources = SiteCache(), corpus_sources()
    cache.build_site(sources, SETTINGS)
    rendered = count_renders(monkeypatch)
    renamed = cache.build_site(sources, dataclasses.replace(SETTINGS, site_name="Renamed")).pages
    assert sorted(rendered) == sorted(src for src in renamed if src.endswith((".xml", ".json")))
    assert renamed == build_site(sources, dataclasses.replace(SETTINGS, site_name="Renamed")).pages


def test_an_edited_template_changes_the_digest() -> None:
    def digest(text: str) -> str:
        return render._templates_digest(Environment(loader=DictLoader({"a.md": text})))

    assert digest("{{ x }}") == digest("{{ x }}")
    assert digest("{{ x }}") != digest("{{ x }}!")


def test_the_plugin_shows_an_edited_title_on_the_next_rebuild(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(BASIC, site, ignore=shutil.ignore_patterns("expected"))
    config = load_config(config_file=str(site / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    plugin = config.plugins["briefing"]
    config.plugins.on_startup(command="serve", dirty=False)  # MkDocs' own event runner, as `serve` calls it
    config = config.plugins.on_config(config)

    def page_text() -> str:
        files = config.plugins.on_files(Files([]), config=config)
        file = files.get_file_from_path("articles/2024/01/first-meeting.md")
        assert file is not None
        return str(file.content_string)

    assert "# First meeting of A and B" in page_text()
    source = site / "content" / "2024" / "2024-01-10-first-meeting.md"
    source.write_text(source.read_text().replace("First meeting of A and B", "A renamed meeting"))
    assert "# A renamed meeting" in page_text()
    assert plugin.cache.loads.parsed == ["content/2024/2024-01-10-first-meeting.md"]


def test_deferred_charts_are_the_inline_charts_moved_out() -> None:
    sources = corpus_sources()
    inline = build_site(sources, SETTINGS).pages
    result = SiteCache(defer_charts=True).build_site(sources, SETTINGS)
    charts = {src: page.chart for src, page in result.plan.items() if isinstance(page, BriefingPage) and page.chart}
    assert "actors/bob-baker.md" in charts
    for src, chart in charts.items():
        slot, svg = render.chart_slot(chart), render.chart_svg(chart)
        assert svg.startswith("<svg") and slot in result.pages[src] and svg not in result.pages[src]
        assert result.pages[src].replace(slot, svg) == inline[src]
    assert {src for src, text in inline.items() if "<svg" in text} == set(charts)
