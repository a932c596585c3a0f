"""Freshness: which editors' assessments (state of play) are older than their briefing's newest development.

Information for editors, never an error: an article must not turn a pull request red because an
overview is old. `briefing stale` lists them; `briefing diff` names the ones a change makes stale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import takewhile
from typing import Any

from .index import Briefing
from .kinds import Kind
from .model import Article


@dataclass(frozen=True)
class Stale:
    """One assessment older than its briefing's newest development."""

    kind: Kind
    slug: str
    name: str
    path: str  # the term file
    line: int  # the line of its `as_of`
    as_of: dt.date
    since: tuple[Article, ...]  # the developments dated after `as_of`, newest first

    @property
    def key(self) -> tuple[Kind, str]:
        return (self.kind, self.slug)

    def __str__(self) -> str:
        count = len(self.since)
        return (f"{self.path}:{self.line}: {self.kind.singular} '{self.name}' assessed as of {self.as_of}; "
                f"{count} development{'s' * (count != 1)} since, newest {self.since[0].date}")


def developments_since(articles: tuple[Article, ...], as_of: dt.date) -> tuple[Article, ...]:
    """The articles (newest first, as a briefing holds them) dated after `as_of`."""
    return tuple(takewhile(lambda a: a.date > as_of, articles))


def stale_assessments(briefings: Iterable[Briefing]) -> tuple[Stale, ...]:
    """Every briefing whose state of play predates a development, most developments since first."""
    found = []
    for b in briefings:
        state = b.term.state if b.term else None
        if b.term and state and (since := developments_since(b.articles, state.as_of)):
            found.append(Stale(b.kind, b.slug, b.name, b.term.path, state.line, state.as_of, since))
    return tuple(sorted(found, key=lambda s: (-len(s.since), -s.since[0].date.toordinal(), s.path)))


def newly_stale(base: Iterable[Stale], head: Iterable[Stale]) -> tuple[Stale, ...]:
    """The assessments a change makes stale (or staler): in `head` with developments `base` did not have."""
    before: Mapping[tuple[Kind, str], Stale] = {s.key: s for s in base}
    out = []
    for stale in head:
        old = before.get(stale.key)
        if old is None or old.as_of != stale.as_of or {a.slug for a in stale.since} - {a.slug for a in old.since}:
            out.append(stale)
    return tuple(out)


def stale_json(found: Iterable[Stale]) -> list[dict[str, Any]]:
    """The list as data, for bots and scripts."""
    return [{"kind": s.kind.singular, "slug": s.slug, "name": s.name, "path": s.path, "line": s.line,
             "as_of": s.as_of.isoformat(), "developments_since": len(s.since),
             "newest": s.since[0].date.isoformat(),
             "articles": [{"date": a.date.isoformat(), "title": a.title, "path": a.path} for a in s.since]}
            for s in found]
