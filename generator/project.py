"""The project the `briefing` commands work on: its root, its settings and its sources.

Below every command module (cli.py, cli_authoring.py, cli_review.py), so none imports another.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

from .config import read_settings
from .corpus import Corpus, build_corpus
from .files import read_sources
from .guards import body_line, broken_links, strict_refusals
from .model import Diagnostic, Settings, Sources
from .redirects import docs_clashes
from .schedule import schedule_notes
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

    def corpus(self) -> Corpus:
        """The validated content, read problems included."""
        return build_corpus(self.read(), self.settings)

    def checked(self, *, strict: bool = False) -> Corpus:
        """The validated content with every problem a build would find: also pages that would share a path,
        and links in article bodies that lead nowhere. `strict` adds what only the pull-request check
        refuses: finished articles without sources or with the unchanged `briefing new` skeleton. Articles held
        back for a later day get a note."""
        sources = self.read()
        result = build_site(sources, self.settings, render=False)
        corpus = result.corpus
        texts = {a.path: sources.files[a.path].decode("utf-8-sig", "replace") for a in corpus.articles}
        found = [d for a in corpus.articles for d in strict_refusals(a, texts[a.path])] if strict else []
        found += schedule_notes(corpus.articles, self.settings.build_date)
        if not result.errors:
            found += self.link_problems(corpus, {*result.plan, *result.pages}, texts)
            found += docs_clashes(result.plan.values(), set(self.docs_files()) - set(result.consumed))
        return dataclasses.replace(corpus, diagnostics=tuple(sorted({*result.diagnostics, *found})))

    def docs_files(self) -> list[str]:
        """The docs path of every file in the docs folder."""
        docs = self.root / self.settings.docs_dir
        return [p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()] if docs.is_dir() else []

    def link_problems(self, corpus: Corpus, pages: set[str], texts: Mapping[str, str]) -> list[Diagnostic]:
        """Links and images in article bodies that lead to no page of the site nor file of the docs folder."""
        known = pages | set(self.docs_files())
        own = {a.path: article_src(a) for a in corpus.articles}
        return [d for a in corpus.articles
                for d in broken_links(a, body_line(texts[a.path]), known.__contains__, own)]
