"""What `mkdocs serve` keeps across rebuilds: parsed files (by path, settings and content hash) and rendered pages."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from .corpus import Corpus, LoadResult, build_corpus, classify_path, load_file
from .memo import Memo
from .model import Article, Settings, Sources
from .site import SiteResult, build_site


class LoadCache:
    """Re-parses only files whose bytes changed; a content hash beats mtime on coarse clocks."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, Settings], tuple[bytes, LoadResult]] = {}
        self.parsed: list[str] = []  # paths parsed by the last call, for tests and benchmarks

    def load(self, sources: Mapping[str, bytes], settings: Settings) -> dict[str, LoadResult]:
        """Every content and term file's load result; only new or changed files are parsed."""
        entries: dict[tuple[str, Settings], tuple[bytes, LoadResult]] = {}
        self.parsed = []
        for path, data in sources.items():
            if classify_path(path, settings) is None:
                continue
            digest = hashlib.blake2b(data, digest_size=16).digest()
            hit = self._entries.get((path, settings))
            if hit is None or hit[0] != digest:
                hit = (digest, load_file(path, data, settings))
                self.parsed.append(path)
            entries[(path, settings)] = hit
        self._entries = entries  # files gone from `sources` are dropped here
        return {path: result for (path, _), (_, result) in entries.items()}

    def build_corpus(self, sources: Sources | Mapping[str, bytes], settings: Settings) -> Corpus:
        """The corpus, as `corpus.build_corpus` makes it, from cached load results."""
        read = Sources.of(sources)
        return build_corpus(read, settings, loaded=self.load(read.files, settings))


class SiteCache:
    """The whole core with both caches: a rebuild parses changed files and renders changed pages only."""

    def __init__(self, *, defer_charts: bool = False) -> None:
        self.loads = LoadCache()
        self.pages: Memo[str] = Memo()  # page model → page text, for the renderer
        self.related: Memo[tuple[Article, ...]] = Memo()  # an article and its neighbours → its related articles
        self.defer_charts = defer_charts

    def build_site(self, sources: Sources | Mapping[str, bytes], settings: Settings) -> SiteResult:
        """Same result as `site.build_site(sources, settings)`, faster on a rebuild."""
        return build_site(sources, settings, corpus=self.loads.build_corpus(sources, settings), memo=self.pages,
                          related=self.related, defer_charts=self.defer_charts)
