"""The project the `briefing` commands work on: its root, its settings and its sources.

Below every command module (cli.py, cli_authoring.py, cli_review.py), so none imports another.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .config import read_settings
from .corpus import Corpus, build_corpus
from .files import read_sources
from .guards import body_line, broken_links, strict_refusals
from .model import Diagnostic, Settings, Sources
from .site import build_site
from .urls import article_src


class Project:
    """The repository root and its settings, found from mkdocs.yml."""

    def __init__(self, config_file: Path) -> None:
        self.config_file = config_file
        self.root = config_file.parent
        self.settings: Settings = read_settings(config_file)

    def read(self) -> Sources:
        """The read step: every source file and the problems met reading them."""
        return read_sources(self.root, self.settings)

    def corpus(self, *, strict: bool = False) -> Corpus:
        """The validated content, read problems included, and broken links in article bodies.

        `strict` adds what only the pull-request check refuses: no sources, an unchanged skeleton.
        """
        sources = self.read()
        corpus = build_corpus(sources, self.settings)
        texts = {a.path: sources.files[a.path].decode("utf-8-sig", "replace") for a in corpus.articles}
        problems = [d for a in corpus.articles for d in strict_refusals(a, texts[a.path])] if strict else []
        if not corpus.errors:
            problems += self.link_problems(sources, corpus, texts)
        if not problems:
            return corpus
        return Corpus(corpus.articles, corpus.terms, tuple(sorted({*corpus.diagnostics, *problems})))

    def link_problems(self, sources: Sources, corpus: Corpus, texts: Mapping[str, str]) -> list[Diagnostic]:
        """Links and images in article bodies that lead to no page or file of the built site."""
        pages = set(build_site(sources, self.settings, corpus=corpus).pages)
        docs = self.root / self.settings.docs_dir
        pages |= {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()} if docs.is_dir() else set()
        own = {a.path: article_src(a) for a in corpus.articles}
        return [d for a in corpus.articles
                for d in broken_links(a, body_line(texts[a.path]), pages.__contains__, own)]
