"""Authoring: pasted news text → article Markdown, known names found in it, file names.

Pure functions for `briefing new` and `briefing import`; the CLI does the reading and writing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import yaml

from .checks import FIRST_DATE, LAST_DATE
from .corpus import Corpus
from .kinds import ARTICLE_ORDER, Kind
from .slugs import likeness_key, slugify

MAX_SLUG = 80
SUMMARY_LIMIT = 300
WRAP_WIDTH = 88
_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Kickers news sites print above a headline; compared by likeness ("BREAKING NEWS:" too).
_KICKERS = frozenset(likeness_key(k) for k in (
    "Breaking News", "Breaking", "Just In", "Exclusive", "Developing", "Developing Story",
    "Update", "Updated", "Live", "Latest", "News", "News Flash", "Analysis", "Urgent",
))
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“‘'(]?[A-Z0-9])")
# Characters Python-Markdown reads as inline syntax; plain text must show them as they are.
_INLINE = re.compile(r"([\\`*_\[\]])")
# Line starts Python-Markdown reads as a heading, quote, list item or rule, even mid-paragraph.
_LINE_START = re.compile(r"^(?:[#>+-]|\d+[.)](?=\s|$))")


class AuthoringError(Exception):
    """Input that cannot become an article; the message says what to do instead."""


# --- dates, slugs and paths ----------------------------------------------------------------

def parse_date_option(text: str, option: str = "--date") -> dt.date:
    """`YYYY-MM-DD` → a date; anything else raises AuthoringError naming the option."""
    value = text.strip()
    try:
        date = dt.date.fromisoformat(value) if _DATE_TEXT.match(value) else None
    except ValueError:
        raise AuthoringError(f"{option} '{text}' is not a real day; write it as YYYY-MM-DD") from None
    if date is None:
        raise AuthoringError(f"{option} must be a date written YYYY-MM-DD, got '{text}'")
    if not FIRST_DATE <= date <= LAST_DATE:  # what `briefing check` accepts: a usage error, not bad content
        raise AuthoringError(f"{option} must lie between {FIRST_DATE} and {LAST_DATE}, got '{text}'")
    return date


def title_slug(title: str, limit: int = MAX_SLUG) -> str:
    """The file-name slug for a title, cut at a hyphen so long headlines make sane file names."""
    slug = slugify(title)
    if len(slug) <= limit:
        return slug
    cut = slug[:limit + 1].rsplit("-", 1)[0]
    return cut or slug[:limit]


def article_path(content_dir: str, date: dt.date, slug: str) -> str:
    """Repository-relative path of a new article: `content/YYYY/YYYY-MM-DD-<slug>.md`."""
    return f"{content_dir}/{date.year:04d}/{date.isoformat()}-{slug}.md"


# --- front-matter --------------------------------------------------------------------------

@dataclass(frozen=True)
class ArticleDraft:
    """What a new article's front-matter says, before it is written."""

    title: str
    date: dt.date
    names: Mapping[Kind, tuple[str, ...]]
    summary: str = ""
    draft: bool = False

    def fields(self) -> dict[str, object]:
        """Front-matter keys in the order DESIGN.md shows them."""
        fields: dict[str, object] = {"title": self.title, "date": self.date}
        for kind in ARTICLE_ORDER:
            fields[kind.spec.article_key] = list(self.names.get(kind, ()))
        if self.summary:
            fields["summary"] = self.summary
        fields["sources"] = []
        if self.draft:
            fields["draft"] = True
        return fields


def article_text(draft: ArticleDraft, body: str) -> str:
    """The whole Markdown file: YAML front-matter (quoted where YAML needs it) and the body."""
    dumped = yaml.safe_dump(draft.fields(), sort_keys=False, allow_unicode=True,
                            default_flow_style=None, width=10_000)
    return f"---\n{dumped}---\n\n{body.strip()}\n"


SKELETON_BODY = """\
<!-- Write in your own words and cite every report you used under `sources:`.
     Without `summary:`, the first paragraph is the summary in listings and feeds. -->

## What happened

<!-- Who did what, where and when. -->

## Background

<!-- The earlier developments this follows; what each side wants. -->

## Reactions

<!-- What other governments and officials said, each attributed. -->
"""


# --- pasted news text ----------------------------------------------------------------------

@dataclass(frozen=True)
class Block:
    """A paragraph or a section heading of the pasted text, whitespace normalised."""

    text: str
    heading: bool = False


@dataclass(frozen=True)
class NewsText:
    """Pasted news text: its title, its blocks, and the lines left out (kicker, repeated title)."""

    title: str
    blocks: tuple[Block, ...]
    dropped: tuple[str, ...] = ()

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if not b.heading)


def _groups(text: str) -> list[list[str]]:
    """Runs of non-blank lines; a heading line opening a run becomes a run of its own."""
    groups: list[list[str]] = []
    current: list[str] = []
    for raw in [*text.splitlines(), ""]:
        line = " ".join(raw.split())
        if line:
            current.append(line)
            continue
        if current and len(current) > 1 and is_heading_line(current[0]):
            groups.append(current[:1])
            current = current[1:]
        if current:
            groups.append(current)
        current = []
    return groups


def is_heading_line(line: str) -> bool:
    """A short line ending in a colon, like 'Summit Details:'."""
    return line.endswith(":") and len(line) <= 80 and len(line.split()) <= 10 and ". " not in line


def parse_news_text(text: str) -> NewsText:
    """Kicker, title (maybe repeated), paragraphs and 'Heading:' lines → a NewsText."""
    groups = _groups(text)
    dropped: list[str] = []
    if groups and len(groups[0]) == 1 and likeness_key(groups[0][0]) in _KICKERS:
        dropped.append(f"kicker '{groups.pop(0)[0]}'")
    if not groups:
        raise AuthoringError("found no title: the text needs a headline line and paragraphs")
    first = groups.pop(0)
    title = first[0]
    if first[1:]:
        groups.insert(0, first[1:])
    if groups and likeness_key(title) and likeness_key(groups[0][0]) == likeness_key(title):
        groups[0].pop(0)
        dropped.append("the repeated title")
        if not groups[0]:
            groups.pop(0)
    blocks = tuple(_block(g) for g in groups)
    return NewsText(title.rstrip(":").strip() or title, blocks, tuple(dropped))


def _block(lines: list[str]) -> Block:
    if len(lines) == 1 and is_heading_line(lines[0]):
        return Block(lines[0][:-1].strip(), heading=True)
    return Block(" ".join(lines))


def summary_from(paragraph: str, limit: int = SUMMARY_LIMIT) -> str:
    """Whole sentences from the start of a paragraph up to `limit`; a long first one is cut."""
    sentences = _SENTENCE_END.split(paragraph.strip())
    summary = sentences[0]
    for sentence in sentences[1:]:
        if len(summary) + 1 + len(sentence) > limit:
            break
        summary += " " + sentence
    if len(summary) > limit:
        summary = summary[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return summary


def escape_inline(text: str) -> str:
    """Plain text as Markdown that renders the same characters; `<` never opens a tag."""
    return _INLINE.sub(r"\\\1", text).replace("<", "&lt;")


def _escape_line_start(line: str) -> str:
    match = _LINE_START.match(line)
    if not match:
        return line
    marker = match.group(0)
    if marker[0].isdigit():  # "1984. " would open an ordered list
        return f"{marker[:-1]}\\{marker[-1]}{line[len(marker):]}"
    return "\\" + line


def news_body(news: NewsText, width: int = WRAP_WIDTH) -> str:
    """The blocks as Markdown: `##` headings, paragraphs wrapped at `width`."""
    parts: list[str] = []
    for block in news.blocks:
        text = escape_inline(block.text)
        if block.heading:
            parts.append("## " + text)
            continue
        lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)
        parts.append("\n".join(_escape_line_start(line) for line in lines))
    return "\n\n".join(parts) + "\n"


# --- known names ---------------------------------------------------------------------------

#: Per kind, every known spelling → its canonical name.
NameBook = Mapping[Kind, Mapping[str, str]]


def name_book(corpus: Corpus) -> dict[Kind, dict[str, str]]:
    """Term titles and aliases, then names existing articles use; a term's spelling wins."""
    book: dict[Kind, dict[str, str]] = {kind: {} for kind in Kind}
    for (kind, _), term in sorted(corpus.terms.items()):
        for spelling in (term.title, *(a.text for a in term.aliases)):
            book[kind].setdefault(spelling, term.title)
    for article in corpus.articles:
        for kind in Kind:
            for name in article.names(kind):
                book[kind].setdefault(name, name)
    return book


@dataclass(frozen=True)
class Found:
    """A known name found in the text: the spelling used, its canonical name, where."""

    kind: Kind
    canonical: str
    spelling: str
    place: str
    offset: int = 0

    def describe(self) -> str:
        alias = f" (alias of {self.canonical})" if self.spelling != self.canonical else ""
        return f"{self.spelling}{alias} in {self.place}"


def _places(news: NewsText) -> list[tuple[str, str]]:
    """(where, text) for the title, each heading and each numbered paragraph."""
    places = [("the title", news.title)]
    number = 0
    for block in news.blocks:
        if block.heading:
            places.append((f"the heading '{block.text}'", block.text))
        else:
            number += 1
            places.append((f"paragraph {number}", block.text))
    return places


def name_pattern(spellings: Iterable[str], *, ignore_case: bool) -> re.Pattern[str] | None:
    """Whole-word alternation, longest spelling first so 'Kim Jong Un' beats 'Kim'."""
    ordered = sorted(set(spellings), key=lambda s: (-len(s), s))
    if not ordered:
        return None
    words = (r"\s+".join(re.escape(w) for w in s.split()) for s in ordered)
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.I if ignore_case else 0)


def find_names(news: NewsText, book: NameBook) -> tuple[Found, ...]:
    """Each known name's first appearance, in reading order; topics match in any case."""
    places = _places(news)
    found = [f for kind in Kind for f in _find_kind(kind, places, book.get(kind, {}))]
    order = {place: index for index, (place, _) in enumerate(places)}
    return tuple(sorted(found, key=lambda f: (order[f.place], f.offset, f.kind.value)))


def _find_kind(kind: Kind, places: list[tuple[str, str]], known: Mapping[str, str]) -> list[Found]:
    ignore_case = kind.spec.ignore_case  # topics are phrases ("sanctions"); the rest are proper nouns
    pattern = name_pattern(known, ignore_case=ignore_case)
    if pattern is None:
        return []
    # The known spelling, not the text's, so "sanctions" reads as the topic "Sanctions".
    lookup = {_key(s, ignore_case): s for s in sorted(known, reverse=True)}
    found: dict[str, Found] = {}
    for place, text in places:
        for match in pattern.finditer(text):
            spelling = lookup[_key(match.group(0), ignore_case)]
            found.setdefault(known[spelling], Found(kind, known[spelling], spelling, place, match.start()))
    return list(found.values())


def _key(spelling: str, ignore_case: bool) -> str:
    spelling = " ".join(spelling.split())
    return spelling.casefold() if ignore_case else spelling


def resolve_given(kind: Kind, names: Iterable[str], book: NameBook) -> tuple[tuple[str, ...], list[str]]:
    """Names from the command line → canonical where known exactly, with notes for the user."""
    known = book.get(kind, {})
    resolved: list[str] = []
    notes: list[str] = []
    for raw in names:
        name = " ".join(raw.split())
        if not name:
            raise AuthoringError(f"an empty {kind.singular} name was given")
        canonical = known.get(name)
        if canonical is None:
            notes.append(_unknown_note(kind, name, known))
            resolved.append(name)
            continue
        if canonical != name:
            notes.append(f"{kind.singular} '{name}' is an alias of '{canonical}'; writing '{canonical}'")
        resolved.append(canonical)
    return tuple(dict.fromkeys(resolved)), notes


def _unknown_note(kind: Kind, name: str, known: Mapping[str, str]) -> str:
    suggestion = close_name(name, known)
    if suggestion:
        return f"warning: unknown {kind.singular} '{name}'; did you mean '{suggestion}'?"
    return f"new {kind.singular} '{name}': no term file or article uses it yet"


def close_name(name: str, known: Mapping[str, str]) -> str | None:
    """The canonical name that `name` only looks like: same letters, or a likely typo."""
    by_likeness: dict[str, str] = {}
    for spelling, canonical in sorted(known.items()):
        by_likeness.setdefault(likeness_key(spelling), canonical)
    key = likeness_key(name)
    if key in by_likeness:
        return by_likeness[key]
    close = difflib.get_close_matches(key, list(by_likeness), n=1, cutoff=0.85)
    return by_likeness[close[0]] if close else None
