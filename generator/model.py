"""The data the generator passes between stages: frozen values, tuples for lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from .kinds import KINDS, Kind

# A note adds to an error elsewhere ("first defined here"); it neither fails a build nor counts as a warning.
Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one file, printed like a compiler message."""

    path: str
    line: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class Source:
    """A report an article draws on."""

    publisher: str | None
    title: str | None
    url: str | None
    date: dt.date | None
    via: str | None = None  # where a syndicated copy ran (publisher: the agency that wrote it)


@dataclass(frozen=True)
class Name:
    """A name as written in a file, with its line, before aliases are resolved."""

    text: str
    line: int


@dataclass(frozen=True)
class Article:
    """A validated article; names are canonical once `resolve_corpus` has run."""

    path: str
    slug: str
    title: str
    date: dt.date
    regions: tuple[str, ...]
    actors: tuple[str, ...]
    topics: tuple[str, ...]
    summary: str
    body: str
    sources: tuple[Source, ...] = ()
    updated: dt.date | None = None
    draft: bool = False
    corrections: tuple[Correction, ...] = ()  # oldest first
    summary_written: bool = True  # False: `summary` is the body's first paragraph as plain text
    publish: dt.date | None = None  # the day published builds start showing it; default: `date`
    # Set by index.published under `mkdocs serve` when the build date is before that day: shown as a draft is.
    scheduled: dt.date | None = None
    redirect_from: tuple[Name, ...] = ()  # old addresses (site paths without the leading '/') that lead here
    name_lines: tuple[tuple[Kind, Name], ...] = field(default=(), compare=False, repr=False)
    schedule_line: int = field(default=0, compare=False, repr=False)  # the line of `publish`, else of `date`

    def __hash__(self) -> int:  # page models and memo keys hold articles, so hashing must be cheap
        return self._hash

    @cached_property
    def _hash(self) -> int:
        return hash((self.path, self.slug, self.date, self.title))  # equal articles agree on these

    def names(self, kind: Kind) -> tuple[str, ...]:
        names: tuple[str, ...] = getattr(self, KINDS[kind].attribute)
        return names

    @property
    def release(self) -> dt.date:
        """The day from which published builds show the article."""
        return self.publish or self.date

    @property
    def unpublished(self) -> bool:
        """A draft, or held back for a later day: `mkdocs serve` marks it, published builds leave it out."""
        return self.draft or self.scheduled is not None


@dataclass(frozen=True)
class Correction:
    """A dated correction of an article: shown at its end, in its feed entry and on /corrections/."""

    date: dt.date
    text: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class KeyFact:
    """One key fact of a state of play, with the articles that support it."""

    text: str
    refs: tuple[Name, ...] = ()  # the articles as written: slugs or file names, with their lines
    articles: tuple[str, ...] = ()  # their slugs, once the corpus has resolved `refs`


@dataclass(frozen=True)
class WatchItem:
    """Something to watch next, with the date it is expected, if known."""

    text: str
    date: dt.date | None = None


@dataclass(frozen=True)
class StateOfPlay:
    """The editors' dated assessment of a briefing: bottom line, status, key facts, what to watch."""

    as_of: dt.date
    line: int  # the line of `as_of`, for `briefing stale`
    bottom_line: str = ""
    status: str = ""  # one of kinds.STATUSES, or "" (actors have none)
    key_facts: tuple[KeyFact, ...] = ()
    watch: tuple[WatchItem, ...] = ()


@dataclass(frozen=True)
class Term:
    """A term file: the editors' page for one topic, region or actor."""

    kind: Kind
    slug: str
    title: str
    path: str
    line: int
    aliases: tuple[Name, ...] = ()
    summary: str = ""
    body: str = ""
    role: str = ""
    country: str = ""
    parent: str = ""
    countries: tuple[str, ...] = ()
    match: tuple[tuple[Kind, tuple[str, ...]], ...] = ()
    state: StateOfPlay | None = None
    featured: bool = False
    sort_as: str = ""
    redirect_from: tuple[Name, ...] = ()  # old addresses (site paths without the leading '/') that lead here


@dataclass(frozen=True)
class Settings:
    """What the plugin's entry in mkdocs.yml sets; the CLI and the plugin share it."""

    content_dir: str = "content"
    docs_dir: str = "briefings"
    site_url: str = ""
    site_name: str = "Briefing"
    feed_size: int = 50
    include_drafts: bool = False
    max_file_bytes: int = 256 * 1024  # news articles are 5-50 KB; bigger ones cost every build (issue 12)
    related_count: int = 5
    active_days: int = 90
    trusted_pages: tuple[str, ...] = ()  # docs files whose HTML or script is not held to the allowlist
    # "declared": every name needs a term file (an error otherwise); "open": any name makes a briefing.
    names: str = "open"
    # The day the build publishes up to (builddate.py: SOURCE_DATE_EPOCH, else the newest commit); articles
    # whose `publish` (or `date`) is later are held back. None: nothing is held back (the core has no clock).
    build_date: dt.date | None = None
    # `briefing diff`: the files of the base revision. A conflict is blamed on a file not among them (the one
    # the pull request brings), whatever its date; the rest of the time, on the newer file.
    established: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Sources:
    """What the read step found: repository path → bytes of each source file, and the problems met
    reading them (unsafe links, unreadable files). Every command and the plugin take this one value."""

    files: Mapping[str, bytes]
    problems: tuple[Diagnostic, ...] = ()
    # Width and height of each image in the docs folder's media/, by docs path (`media/2024/x.png`).
    images: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, files: Sources | Mapping[str, bytes]) -> Sources:
        """Sources as given; a plain mapping is files read without problems (tests, `briefing diff`)."""
        return files if isinstance(files, Sources) else cls(files)
