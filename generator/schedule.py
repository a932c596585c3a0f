"""Scheduled publication: the articles a build holds back for a later day, and the notes `check` gives them.

The day a build publishes up to is an input (Settings.build_date, from builddate.py), never the clock, so
the same sources and build date give the same site.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from .model import Article, Diagnostic, Settings


def held_back(article: Article, build_date: dt.date | None) -> bool:
    """Whether a build dated `build_date` leaves the article out until its `publish` (or `date`) day."""
    return build_date is not None and article.release > build_date


def shown_articles(articles: Iterable[Article], settings: Settings) -> tuple[Article, ...]:
    """The articles a build shows: drafts and held-back articles only under `mkdocs serve`, marked there."""
    shown = []
    for article in articles:
        held = held_back(article, settings.build_date)
        if settings.include_drafts:  # serve: every article, a held-back one marked like a draft
            shown.append(dataclasses.replace(article, scheduled=article.release) if held else article)
        elif not article.draft and not held:
            shown.append(article)
    return tuple(shown)


def schedule_notes(articles: Iterable[Article], build_date: dt.date | None) -> list[Diagnostic]:
    """A note at the `publish` (or `date`) line of each finished article a build on `build_date` holds back."""
    return [Diagnostic(a.path, a.schedule_line, "note",
                       f"held back until {a.release} (the build date is {build_date}): published builds "
                       "show it from that day; `mkdocs serve` shows it now")
            for a in articles if not a.draft and held_back(a, build_date)]
