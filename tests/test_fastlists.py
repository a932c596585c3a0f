"""Generated entry lists skip Python-Markdown: the built site is byte-identical with the fast path on and off."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from generator.config import read_settings
from generator.fastlists import prerender
from generator.files import read_sources
from generator.plugin import BriefingPlugin
from generator.site import build_site

ROOT = Path(__file__).parent.parent


def built(site: Path, *, fast: bool, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """A full `mkdocs build` of the sample site by a new plugin instance; every output file's bytes."""
    monkeypatch.setattr(BriefingPlugin, "fast_lists", fast)
    cache = MkDocsConfig.plugins.plugin_cache
    saved = dict(cache)
    cache.clear()
    try:
        build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site)))
    finally:
        cache.clear()
        cache.update(saved)
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.suffix != ".gz"}


def test_fast_lists_build_the_same_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    fast = built(tmp_path / "fast", fast=True, monkeypatch=monkeypatch)
    slow = built(tmp_path / "slow", fast=False, monkeypatch=monkeypatch)
    assert sorted(fast) == sorted(slow)
    assert [name for name in slow if fast[name] != slow[name]] == []


def test_fast_lists_take_the_timelines_and_archives() -> None:
    """The fast path is taken (else it is only slower): every briefing's timeline, archive and home lists."""
    settings = read_settings(ROOT / "mkdocs.yml")
    pages = build_site(read_sources(ROOT, settings), settings).pages
    taken = {src: prerender(src, text, lambda href: href) for src, text in pages.items() if src.endswith(".md")}
    listing = [src for src in taken if (src.startswith(("topics/", "actors/", "regions/", "archive/2"))
               and not src.endswith("/index.md") and "## Timeline" in pages[src]) or src.startswith("archive/2")]
    assert listing and all(taken[src][1] for src in listing), sorted(src for src in listing if not taken[src][1])
    assert taken["index.md"][1]
    assert not any(taken[src][1] for src in taken if src.startswith("articles/"))  # bodies are contributors' text
    left = [src for src in listing if "\n- **" in taken[src][0].split("## Timeline", 1)[-1]]
    assert left == []
