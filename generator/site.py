"""The pure core in one call: source files in, generated pages and diagnostics out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .corpus import Corpus, build_corpus
from .index import build_index
from .load import LoadError, split_front_matter
from .model import Diagnostic, Settings, Sources
from .render import Intro, PageMemo, render_site
from .urls import HOME_SRC, consumed_paths


@dataclass(frozen=True)
class SiteResult:
    """Generated pages by docs-relative path, the diagnostics, and the docs files folded in."""

    pages: Mapping[str, str]
    diagnostics: tuple[Diagnostic, ...]
    consumed: tuple[str, ...]
    corpus: Corpus

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")


def read_intro(sources: Mapping[str, bytes], settings: Settings) -> Intro:
    """The home page's introduction: briefings/index.md without its front-matter."""
    data = sources.get(f"{settings.docs_dir}/{HOME_SRC}")
    if data is None:
        return Intro()
    text = data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    try:
        return Intro(home=split_front_matter(text)[2])
    except LoadError:
        return Intro(home=text)


def build_site(sources: Sources | Mapping[str, bytes], settings: Settings, *, corpus: Corpus | None = None,
               memo: PageMemo | None = None) -> SiteResult:
    """Load, validate, index and render; pages stay empty when there are errors (read problems included).

    `corpus` and `memo` carry parsed files and rendered pages over from an earlier build (`mkdocs serve`).
    """
    read = Sources.of(sources)
    corpus = corpus or build_corpus(read, settings)
    consumed = consumed_paths(read.files, settings)
    if corpus.errors:
        return SiteResult({}, corpus.diagnostics, consumed, corpus)
    pages = render_site(build_index(corpus, settings), read_intro(read.files, settings), memo)
    return SiteResult(pages, corpus.diagnostics, consumed, corpus)
