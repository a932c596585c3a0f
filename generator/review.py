"""Review: what a change does to the site — two versions of the sources built and compared page by page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .corpus import Corpus, build_corpus
from .freshness import Stale, newly_stale, stale_assessments
from .index import build_index
from .kinds import Kind
from .model import Article, Diagnostic, Settings, Sources
from .redirects import Moved, moved_pages
from .schedule import held_back
from .site import build_site
from .slugs import slugify
from .urls import consumed_paths, docs_src, site_path, source_role

#: Rounds of leaving out files with errors before giving up on building one side.
MAX_ROUNDS = 5
_BRIEFING_URL = re.compile(r"/(" + "|".join(k.value for k in Kind) + r")/([^/]+)/")


@dataclass(frozen=True)
class Changes:
    """Site URLs added, changed and removed, each sorted."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.added) + len(self.changed) + len(self.removed)


@dataclass(frozen=True)
class Built:
    """One side of a comparison: its site files by docs-relative path, and what stopped parts of it."""

    pages: Mapping[str, bytes]
    docs: Mapping[str, bytes]
    errors: tuple[Diagnostic, ...] = ()
    sources: Mapping[str, bytes] | None = None
    corpus: Corpus | None = None
    stale: tuple[Stale, ...] = ()  # assessments older than their briefing's newest development


@dataclass(frozen=True)
class NewBriefing:
    """A briefing page a change adds: a name no page had before, and the first file:line using it."""

    kind: Kind
    name: str
    url: str
    where: str


@dataclass(frozen=True)
class DraftChange:
    """A draft article added or changed: builds leave drafts out, so no page shows it. `until`: not a draft
    but held back for a later day (`publish:` or a future `date:`)."""

    change: str
    path: str
    title: str
    until: dt.date | None = None


@dataclass(frozen=True)
class SiteDiff:
    """Generated pages and editors' docs files that differ between a base and a head."""

    pages: Changes
    docs: Changes
    base_errors: tuple[Diagnostic, ...]
    head_errors: tuple[Diagnostic, ...]
    new_briefings: tuple[NewBriefing, ...] = ()
    drafts: tuple[DraftChange, ...] = ()
    stale: tuple[Stale, ...] = ()  # assessments the change makes stale, or staler
    moved: tuple[Moved, ...] = ()  # removed addresses whose page lives on elsewhere, without a redirect


def is_source_path(path: str, settings: Settings) -> bool:
    """True for a repository path the read step would read: for a tree listed by git."""
    return source_role(path, settings) is not None


def docs_files(files: Mapping[str, bytes], settings: Settings, consumed: tuple[str, ...]) -> dict[str, bytes]:
    """The editors' own docs files, docs-relative, as `writer.docs_tree` copies them."""
    out: dict[str, bytes] = {}
    for path, data in files.items():
        rel = docs_src(path, settings)
        if rel is not None and rel not in consumed and not rel.startswith("."):
            out[rel] = data
    return out


def build_side(files: Sources, settings: Settings) -> Built:
    """One side's generated pages and docs files, from all its files under content/ and docs/.

    Read problems are listed, but do not stop the pages: the diff shows what the rest would build.
    """
    sources = {p: data for p, data in files.files.items() if is_source_path(p, settings)}
    pages, errors, stale = build_what_builds(sources, settings)
    docs = docs_files(files.files, settings, consumed_paths(sources, settings))
    return Built(pages, docs, tuple(sorted({*files.problems, *errors})), sources, build_corpus(sources, settings),
                 stale)


def build_what_builds(sources: Mapping[str, bytes], settings: Settings
                      ) -> tuple[dict[str, bytes], list[Diagnostic], tuple[Stale, ...]]:
    """The pages, leaving out files with errors until the rest builds; every error met; the stale assessments."""
    errors: list[Diagnostic] = []
    for _ in range(MAX_ROUNDS):
        result = build_site(sources, settings)
        errors.extend(result.errors)
        bad = {d.path for d in result.errors} & sources.keys()
        if not result.errors or not bad:  # built, or stuck on errors no file can be left out for
            stale = stale_assessments(build_index(result.corpus, settings).briefings.values())
            return {src: text.encode("utf-8") for src, text in result.pages.items()}, errors, stale
        sources = {p: data for p, data in sources.items() if p not in bad}
    return {}, errors, ()


def compare(base: Mapping[str, bytes], head: Mapping[str, bytes]) -> Changes:
    """Which docs-relative files were added, changed and removed, as sorted site URLs."""
    def urls(paths: set[str]) -> tuple[str, ...]:
        return tuple(sorted({site_path(p) for p in paths}))

    both = base.keys() & head.keys()
    return Changes(added=urls(set(head.keys() - base.keys())),
                   changed=urls({p for p in both if base[p] != head[p]}),
                   removed=urls(set(base.keys() - head.keys())))


def diff_sites(base: Built, head: Built, build_date: dt.date | None = None) -> SiteDiff:
    """Compare two built sides; `build_date` tells which articles are held back for a later day."""
    pages = compare(base.pages, head.pages)
    corpus = head.corpus or Corpus((), {}, ())
    drafts = draft_changes(base.sources or {}, head.sources or {}, corpus, build_date)
    moved = moved_pages(base.corpus or Corpus((), {}, ()), corpus, pages.removed)
    return SiteDiff(pages, compare(base.docs, head.docs), base.errors, head.errors,
                    new_briefings(pages.added, corpus), drafts, newly_stale(base.stale, head.stale), moved)


def new_briefings(added: Iterable[str], corpus: Corpus) -> tuple[NewBriefing, ...]:
    """The briefing pages among `added`, each with its name and where it is first used."""
    out = []
    for url in sorted(added):
        match = _BRIEFING_URL.fullmatch(url)
        if match:
            kind, slug = Kind(match[1]), match[2]
            name, where = _first_use(kind, slug, corpus)
            out.append(NewBriefing(kind, name, url, where))
    return tuple(out)


def _first_use(kind: Kind, slug: str, corpus: Corpus) -> tuple[str, str]:
    """(name, 'path:line') of a briefing's term file, else of the first article naming it."""
    term = corpus.terms.get((kind, slug))
    if term is not None:
        return term.title, f"{term.path}:{term.line}"
    for article in sorted(corpus.articles, key=lambda a: a.path):
        for name in article.names(kind):
            if slugify(name) == slug:
                return name, f"{article.path}:{_name_line(article, kind, slug)}"
    return slug, "?"


def _name_line(article: Article, kind: Kind, slug: str) -> int:
    lines = [n.line for k, n in article.name_lines if k is kind and slugify(n.text) == slug]
    return lines[0] if lines else 1


def draft_changes(base: Mapping[str, bytes], head: Mapping[str, bytes], corpus: Corpus,
                  build_date: dt.date | None = None) -> tuple[DraftChange, ...]:
    """Drafts and held-back articles of the head (`corpus`) that the base lacks or holds with other bytes."""
    out = []
    for article in sorted(corpus.articles, key=lambda a: a.path):
        held = not article.draft and held_back(article, build_date)
        if not (article.draft or held) or base.get(article.path) == head.get(article.path):
            continue
        change = "added" if article.path not in base else "changed"
        out.append(DraftChange(change, article.path, article.title, article.release if held else None))
    return tuple(out)
