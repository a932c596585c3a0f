"""Time Briefing's pipeline stages on one site, and a `mkdocs serve` rebuild with a warm LoadCache; prints JSON."""

from __future__ import annotations

import argparse
import json
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from generator.cache import SiteCache
from generator.config import read_settings
from generator.corpus import build_corpus
from generator.files import read_sources
from generator.index import build_index
from generator.pages import plan_pages
from generator.render import render_pages
from generator.site import read_intro

T = TypeVar("T")


def timed(results: dict[str, Any], name: str, call: Callable[[], T]) -> T:
    """Run `call`, storing its wall and CPU seconds under `name`."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = call()
    results[name] = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
    return value


def run_stages(root: Path) -> dict[str, Any]:
    """read → load+validate → index → render, each timed once, as the MkDocs plugin runs them."""
    settings = read_settings(root / "mkdocs.yml")
    out: dict[str, Any] = {}
    sources = timed(out, "read", lambda: read_sources(root, settings)).files
    corpus = timed(out, "load_validate", lambda: build_corpus(sources, settings))
    assert not corpus.errors, corpus.errors[:3]
    index = timed(out, "index", lambda: build_index(corpus, settings))
    plan = timed(out, "plan", lambda: plan_pages(index, settings, read_intro(sources, settings)))
    pages = timed(out, "render", lambda: render_pages(plan.pages))
    out["pages"] = len(pages)
    out["generated_bytes"] = sum(len(text.encode("utf-8")) for text in pages.values())
    stages = ("read", "load_validate", "index", "plan", "render")
    out["total"] = {k: sum(out[s][k] for s in stages) for k in ("wall", "cpu")}
    out["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def run_serve_rebuild(root: Path) -> dict[str, Any]:
    """The generator's part of a `mkdocs serve` rebuild after one article's title is edited."""
    settings = read_settings(root / "mkdocs.yml")
    cache = SiteCache(defer_charts=True)  # as the MkDocs plugin keeps it
    sources = read_sources(root, settings).files
    cache.build_site(sources, settings)  # the first build warms both caches
    article = sorted((root / settings.content_dir).rglob("*.md"))[len(sources) // 3]
    original = article.read_bytes()
    article.write_bytes(original.replace(b'title: "', b'title: "Edited ', 1))
    out: dict[str, Any] = {}
    try:
        def rebuild() -> Any:
            fresh = read_sources(root, settings).files
            return cache.build_site(fresh, settings)
        result = timed(out, "rebuild", rebuild)
    finally:
        article.write_bytes(original)
    out["parsed"] = len(cache.loads.parsed)
    out["edited_title_shown"] = any("# Edited " in text for text in result.pages.values())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--serve", action="store_true", help="time a serve rebuild instead of the stages")
    args = parser.parse_args()
    print(json.dumps(run_serve_rebuild(args.root) if args.serve else run_stages(args.root)))


if __name__ == "__main__":
    main()
