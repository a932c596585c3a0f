"""The pure core in one call: source files in, generated pages and diagnostics out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .corpus import Corpus, build_corpus
from .index import build_index
from .load import LoadError, split_front_matter
from .model import Diagnostic, Kind, Settings
from .render import Intro, PageMemo, render_site


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


def consumed_paths(sources: Mapping[str, bytes], settings: Settings) -> tuple[str, ...]:
    """Docs-relative paths of the editors' files that generated pages replace."""
    prefix = settings.docs_dir + "/"
    kinds = tuple(f"{k.value}/" for k in Kind)
    out = []
    for path in sorted(sources):
        rel = path.removeprefix(prefix)
        if path.startswith(prefix) and (rel == "index.md" or (rel.startswith(kinds) and rel.count("/") == 1)):
            out.append(rel)
    return tuple(out)


def read_intro(sources: Mapping[str, bytes], settings: Settings) -> Intro:
    """The home page's introduction: briefings/index.md without its front-matter."""
    data = sources.get(f"{settings.docs_dir}/index.md")
    if data is None:
        return Intro()
    text = data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    try:
        return Intro(home=split_front_matter(text)[2])
    except LoadError:
        return Intro(home=text)


def build_site(sources: Mapping[str, bytes], settings: Settings, *, corpus: Corpus | None = None,
               memo: PageMemo | None = None) -> SiteResult:
    """Load, validate, index and render; pages stay empty when there are errors.

    `corpus` and `memo` carry parsed files and rendered pages over from an earlier build (`mkdocs serve`).
    """
    corpus = corpus or build_corpus(sources, settings)
    consumed = consumed_paths(sources, settings)
    if corpus.errors:
        return SiteResult({}, corpus.diagnostics, consumed, corpus)
    pages = render_site(build_index(corpus, settings), read_intro(sources, settings), memo)
    return SiteResult(pages, corpus.diagnostics, consumed, corpus)
