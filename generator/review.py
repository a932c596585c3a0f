"""Review: what a change does to the site — two versions of the sources built and compared page by page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from .freshness import Stale, newly_stale, stale_assessments
from .index import build_index
from .model import Diagnostic, Kind, Settings
from .render import page_url
from .site import build_site, consumed_paths

#: Rounds of leaving out files with errors before giving up on building one side.
MAX_ROUNDS = 5
_HIDDEN = (".", "_")


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
    stale: tuple[Stale, ...] = ()  # assessments older than their briefing's newest development


@dataclass(frozen=True)
class SiteDiff:
    """Generated pages and editors' docs files that differ between a base and a head."""

    pages: Changes
    docs: Changes
    base_errors: tuple[Diagnostic, ...]
    head_errors: tuple[Diagnostic, ...]
    stale: tuple[Stale, ...] = ()  # assessments the change makes stale, or staler


def is_source_path(path: str, settings: Settings, *, with_intro: bool = True) -> bool:
    """True for a repository path `files.read_sources` would read: for a tree listed by git."""
    pure = PurePosixPath(path)
    if pure.suffix != ".md" or pure.name.startswith(_HIDDEN):
        return False
    content, docs = PurePosixPath(settings.content_dir), PurePosixPath(settings.docs_dir)
    if pure.is_relative_to(content):
        return not any(part.startswith(_HIDDEN) for part in pure.relative_to(content).parts)
    if not pure.is_relative_to(docs):
        return False
    parts = pure.relative_to(docs).parts
    if with_intro and parts == ("index.md",):
        return True
    return len(parts) == 2 and parts[0] in {k.value for k in Kind}


def docs_files(files: Mapping[str, bytes], settings: Settings, consumed: tuple[str, ...]) -> dict[str, bytes]:
    """The editors' own docs files, docs-relative, as `writer.docs_tree` copies them."""
    prefix = settings.docs_dir + "/"
    out: dict[str, bytes] = {}
    for path, data in files.items():
        rel = path.removeprefix(prefix)
        if path.startswith(prefix) and rel not in consumed and not rel.startswith("."):
            out[rel] = data
    return out


def build_side(files: Mapping[str, bytes], settings: Settings,
               problems: tuple[Diagnostic, ...] = ()) -> Built:
    """One side's generated pages and docs files, from all its files under content/ and docs/."""
    sources = {p: data for p, data in files.items() if is_source_path(p, settings)}
    pages, errors, stale = build_what_builds(sources, settings)
    docs = docs_files(files, settings, consumed_paths(sources, settings))
    return Built(pages, docs, tuple(sorted({*problems, *errors})), stale)


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


def site_url(src: str) -> str:
    """The URL MkDocs serves a docs file at: `topics/x.md` → `/topics/x/`, `feed.xml` → `/feed.xml`."""
    return "/" + (page_url(src) if src.endswith(".md") else src)


def compare(base: Mapping[str, bytes], head: Mapping[str, bytes]) -> Changes:
    """Which docs-relative files were added, changed and removed, as sorted site URLs."""
    def urls(paths: set[str]) -> tuple[str, ...]:
        return tuple(sorted({site_url(p) for p in paths}))

    both = base.keys() & head.keys()
    return Changes(added=urls(set(head.keys() - base.keys())),
                   changed=urls({p for p in both if base[p] != head[p]}),
                   removed=urls(set(base.keys() - head.keys())))


def diff_sites(base: Built, head: Built) -> SiteDiff:
    """Compare two built sides."""
    return SiteDiff(compare(base.pages, head.pages), compare(base.docs, head.docs),
                    base.errors, head.errors, newly_stale(base.stale, head.stale))
