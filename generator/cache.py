"""Parsed files kept across rebuilds of `mkdocs serve`, keyed by path, settings and content hash."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from .corpus import Corpus, LoadResult, build_corpus, classify_path, load_file
from .model import Settings


class LoadCache:
    """Re-parses only files whose bytes changed; a content hash beats mtime on coarse clocks."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, Settings], tuple[bytes, LoadResult]] = {}
        self.parsed = 0  # files parsed by the last call, for tests and benchmarks

    def load(self, sources: Mapping[str, bytes], settings: Settings) -> dict[str, LoadResult]:
        entries: dict[tuple[str, Settings], tuple[bytes, LoadResult]] = {}
        self.parsed = 0
        for path, data in sources.items():
            if classify_path(path, settings) is None:
                continue
            digest = hashlib.blake2b(data, digest_size=16).digest()
            hit = self._entries.get((path, settings))
            if hit is None or hit[0] != digest:
                hit = (digest, load_file(path, data, settings))
                self.parsed += 1
            entries[(path, settings)] = hit
        self._entries = entries
        return {path: result for (path, _), (_, result) in entries.items()}

    def build_corpus(self, sources: Mapping[str, bytes], settings: Settings) -> Corpus:
        return build_corpus(sources, settings, loaded=self.load(sources, settings))
