"""The pure core in one call: sources in; read → load → validate → index → plan → render; pages and diagnostics out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .corpus import Corpus, build_corpus
from .index import build_index
from .load import LoadError, split_front_matter
from .memo import Memo
from .model import Article, Diagnostic, Settings, Sources
from .pages import Page, plan_pages
from .render import render_pages
from .urls import HOME_SRC, consumed_paths


@dataclass(frozen=True)
class SiteResult:
    """Generated pages by docs-relative path, the diagnostics, and the docs files folded in."""

    pages: Mapping[str, str]
    diagnostics: tuple[Diagnostic, ...]
    consumed: tuple[str, ...]
    corpus: Corpus
    plan: Mapping[str, Page] = field(default_factory=dict)  # the page models, by docs path

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")


def read_intro(sources: Mapping[str, bytes], settings: Settings) -> str:
    """The home page's introduction: briefings/index.md without its front-matter."""
    data = sources.get(f"{settings.docs_dir}/{HOME_SRC}")
    if data is None:
        return ""
    text = data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    try:
        return split_front_matter(text)[2]
    except LoadError:
        return text


def build_site(sources: Sources | Mapping[str, bytes], settings: Settings, *, corpus: Corpus | None = None,
               memo: Memo[str] | None = None, related: Memo[tuple[Article, ...]] | None = None,
               defer_charts: bool = False, render: bool = True) -> SiteResult:
    """Load, validate, index, plan and render; pages stay empty when there are errors (read problems included).

    `corpus`, `memo` and `related` carry parsed files, rendered pages and related articles over from an
    earlier build (`mkdocs serve`);
    `defer_charts` leaves a slot for each activity chart (`render.chart_slot`) that the plugin fills in;
    `render=False` stops after planning (`briefing check`: every problem, no pages).
    """
    read = Sources.of(sources)
    corpus = corpus or build_corpus(read, settings)
    consumed = consumed_paths(read.files, settings)
    if corpus.errors:
        return SiteResult({}, corpus.diagnostics, consumed, corpus)
    plan = plan_pages(build_index(corpus, settings), settings, read_intro(read.files, settings), related,
                      images=read.images)
    if plan.diagnostics:
        return SiteResult({}, tuple(sorted({*corpus.diagnostics, *plan.diagnostics})), consumed, corpus)
    pages = render_pages(plan.pages, memo, defer_charts=defer_charts) if render else {}
    return SiteResult(pages, corpus.diagnostics, consumed, corpus, plan.pages)
