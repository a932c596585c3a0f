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
from .dates import why_not_a_day
from .kinds import ARTICLE_ORDER, Kind
from .slugs import likeness_key, slugify
from .slugs import title_slug as title_slug  # where `new` and `import` have always found it

SUMMARY_LIMIT = 300
WRAP_WIDTH = 88
_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Kickers news sites print above a headline; compared by likeness ("BREAKING NEWS:" too).
_KICKERS = frozenset(likeness_key(k) for k in (
    "Breaking News", "Breaking", "Just In", "Exclusive", "Developing", "Developing Story",
    "Update", "Updated", "Live", "Latest", "News", "News Flash", "Analysis", "Urgent",
))
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“‘'(]?[A-Z0-9])")
# A wire dateline opening the first paragraph: "PYONGYANG, Oct 18 (Reuters) -", "SEOUL (AP) —",
# "MOSCOW, October 18. /TASS/." The place is in capitals; a date, an agency or a dash must follow.
_DATELINE = re.compile(
    r"^(?P<line>[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+){0,3}"
    r"(?:,\s*[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}(?=,))?"  # ", North Korea" before the date
    r"(?P<date>,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"(?P<agency>\s*\([A-Za-z][\w .&'-]{0,30}\))?"
    r"(?P<tass>\.?\s*/[A-Za-z-]{2,12}/\.?)?)"
    r"(?P<dash>\s*[-–—]+)?\s+(?=\S)")
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
        why = why_not_a_day(value) or "no such day"
        raise AuthoringError(f"{option} '{text}' is not a real day: {why}") from None
    if date is None:
        raise AuthoringError(f"{option} must be a date written YYYY-MM-DD, got '{text}'")
    if not FIRST_DATE <= date <= LAST_DATE:  # what `briefing check` accepts: a usage error, not bad content
        raise AuthoringError(f"{option} must lie between {FIRST_DATE} and {LAST_DATE}, got '{text}'")
    return date


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
    blocks = list(_block(g) for g in groups)
    if blocks and not blocks[0].heading:
        opening, dateline = strip_dateline(blocks[0].text)
        if dateline:
            dropped.append(f"the dateline '{dateline}'")
            blocks[0] = Block(opening)
    return NewsText(title.rstrip(":").strip() or title, tuple(b for b in blocks if b.text), tuple(dropped))


def strip_dateline(paragraph: str) -> tuple[str, str]:
    """(the paragraph without its wire dateline, the dateline or '')."""
    match = _DATELINE.match(paragraph)
    if not match or not (match["date"] or match["agency"] or match["tass"] or match["dash"]):
        return paragraph, ""
    return paragraph[match.end():], match["line"].strip()


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
    """Whole-word alternation, longest spelling first so 'Kim Jong Un' beats 'Kim'.

    Spaces and hyphens between words are interchangeable: 'Kim Jong-Un' is 'Kim Jong Un'.
    """
    ordered = sorted(set(spellings), key=lambda s: (-len(s), s))
    if not ordered:
        return None
    words = (_JOINER.join(re.escape(w) for w in _WORD_GAP.split(s.strip())) for s in ordered)
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.I if ignore_case else 0)


_WORD_GAP = re.compile(r"[\s\-‐‑–]+")
_JOINER = r"[\s\-‐‑–]+"
# Words that open a place mention: "in Wonsan", "flew into Pyongyang", "the port of Rajin".
_PLACE_WORDS = frozenset((
    "in", "at", "to", "from", "near", "into", "across", "outside", "around", "inside", "toward", "towards",
    "through", "via", "over", "off", "within", "throughout", "visit", "visits", "visited", "visiting", "arrived",
    "arrives", "reached", "reaching", "left", "leaving", "entered", "landed"
))
_PLACE_NOUNS = frozenset((
    "city", "port", "town", "region", "province", "capital", "village", "island", "coast", "border", "outskirts",
    "area", "county", "district", "krai", "oblast", "peninsula"
))
# "for" opens a place only after travel: "left for Moscow", "the train for the Russian Far East".
_TRAVEL_WORDS = frozenset((
    "bound", "left", "leave", "leaves", "leaving", "headed", "heading", "departed", "departs", "train", "flight",
    "flights", "flew", "sailed", "boarded", "set", "course",
))
_ARTICLES = frozenset(("the", "a", "an"))
# Last words that make an actor's name a body, not a person with a surname.
_BODY_WORDS = frozenset((
    "army", "navy", "force", "forces", "ministry", "council", "committee", "commission", "agency", "service",
    "office", "party", "assembly", "government", "union", "federation", "republic", "bank", "corporation",
    "company", "group", "command", "staff", "guard", "guards", "court", "parliament", "duma", "senate", "kremlin",
    "nations", "organization"
))
MIN_SURNAME = 4


def find_names(news: NewsText, book: NameBook) -> tuple[Found, ...]:
    """Each known name's first appearance, in reading order.

    Topics match in any case; actors by whole name in any case or by a surname of their own;
    regions only where the text names a place ("in Moscow"), not a government ("Moscow said").
    """
    places = _places(news)
    found = [f for kind in Kind for f in _find_kind(kind, places, book.get(kind, {}), book)]
    order = {place: index for index, (place, _) in enumerate(places)}
    return tuple(sorted(found, key=lambda f: (order[f.place], f.offset, f.kind.value)))


def _find_kind(kind: Kind, places: list[tuple[str, str]], known: Mapping[str, str],
               book: NameBook) -> list[Found]:
    spellings = dict(known)
    if kind is Kind.ACTOR:
        spellings.update(surnames(known, book))
    pattern = name_pattern(spellings, ignore_case=True)
    if pattern is None:
        return []
    # The known spelling, not the text's, so "sanctions" reads as the topic "Sanctions".
    lookup = {_key(s): s for s in sorted(spellings, reverse=True)}
    exact = {" ".join(s.split()): s for s in spellings}
    found: dict[str, Found] = {}
    for place, text in places:
        previous_end, previous_place = -1, False
        for match in pattern.finditer(text):
            spelling = exact.get(" ".join(match.group(0).split())) or lookup[_key(match.group(0))]
            if kind is not Kind.TOPIC and not _proper(match.group(0), spelling):
                continue
            if kind is Kind.REGION:
                is_place = _place_mention(text, match, previous_end, previous_place)
                previous_end, previous_place = match.end(), is_place
                if not is_place:
                    continue
            found.setdefault(spellings[spelling], Found(kind, spellings[spelling], spelling, place, match.start()))
    return list(found.values())


def _key(spelling: str) -> str:
    return " ".join(_WORD_GAP.split(spelling.strip())).casefold()


def _proper(text: str, spelling: str) -> bool:
    """A proper noun as written: capitalised like the known spelling ('Kim Jong-Un', not 'kim')."""
    return text[:1].isupper() or not spelling[:1].isupper()


def surnames(known: Mapping[str, str], book: NameBook) -> dict[str, str]:
    """A person's last name alone ('Putin' → 'Vladimir Putin') where no other name shares it."""
    candidates: dict[str, set[str]] = {}
    for canonical in set(known.values()):
        words = canonical.split()
        last = words[-1] if 2 <= len(words) <= 4 else ""
        if (len(last) >= MIN_SURNAME and last[:1].isupper() and last.isalpha()
                and all(w[:1].isupper() for w in words) and last.casefold() not in _BODY_WORDS):
            candidates.setdefault(last, set()).add(canonical)
    taken = {_key(s) for names in book.values() for s in names}
    return {last: next(iter(owners)) for last, owners in candidates.items()
            if len(owners) == 1 and _key(last) not in taken}


def _place_mention(text: str, match: re.Match[str], previous_end: int, previous_place: bool) -> bool:
    """True where a region is named as a place, not as its government ("Moscow said", "Seoul's")."""
    if re.match(r"['’]s\b", text[match.end():]):
        return False
    before = re.findall(r"[\w'’]+|,", text[:match.start()].casefold())
    while before and before[-1] in _ARTICLES:
        before.pop()
    if not before:
        return False
    word = before[-1]
    if word in ("and", "or", ","):  # "in Seoul and Tokyo": a list goes on as it began
        between = " ".join(text[previous_end:match.start()].casefold().split()) if previous_end >= 0 else ""
        return previous_place and between in ("and", "or", ",", ", and", ", or")
    if word in ("of", "for"):
        return len(before) > 1 and before[-2] in (_PLACE_NOUNS if word == "of" else _TRAVEL_WORDS)
    return word in _PLACE_WORDS


class NearNameError(AuthoringError):
    """A given name only looks like a known one: refused unless it is declared new."""


def resolve_given(kind: Kind, names: Iterable[str], book: NameBook, *, new_names: bool = False
                  ) -> tuple[tuple[str, ...], list[str]]:
    """Names from the command line → canonical where known, with notes for the user.

    A name that is a known one written differently (case, spacing, hyphens, another script)
    becomes the known spelling; one that is only close (a likely typo) raises NearNameError
    unless `new_names` says it is meant as a new name.
    """
    known = book.get(kind, {})
    resolved: list[str] = []
    notes: list[str] = []
    for raw in names:
        name = " ".join(raw.split())
        if not name:
            raise AuthoringError(f"an empty {kind.singular} name was given")
        canonical, note = _resolve_one(kind, name, known, new_names)
        resolved.append(canonical)
        if note:
            notes.append(note)
    return tuple(dict.fromkeys(resolved)), notes


def _resolve_one(kind: Kind, name: str, known: Mapping[str, str], new_names: bool) -> tuple[str, str]:
    """(the name to write, a note or '') for one given name."""
    canonical = known.get(name)
    if canonical == name:
        return name, ""
    if canonical is not None:
        return canonical, f"{kind.singular} '{name}' is an alias of '{canonical}'; writing '{canonical}'"
    same = same_name(name, known)
    if same:
        return same, f"{kind.singular} '{name}' is the known name '{same}' written differently; writing '{same}'"
    suggestion = close_name(name, known)
    if suggestion is None:
        return name, f"new {kind.singular} '{name}': no term file or article uses it yet"
    if not new_names:
        raise NearNameError(f"unknown {kind.singular} '{name}'; did you mean '{suggestion}'? Give the known "
                            f"name, or pass --new-name if '{name}' is a different {kind.singular}")
    return name, f"warning: new {kind.singular} '{name}' (--new-name), though it looks like '{suggestion}'"


def same_name(name: str, known: Mapping[str, str]) -> str | None:
    """The canonical name `name` spells differently: same letters, or the same in Latin letters."""
    key, slug = likeness_key(name), slugify(name)
    for spelling, canonical in sorted(known.items()):
        if likeness_key(spelling) == key or slugify(spelling) == slug:
            return canonical
    return None


def close_name(name: str, known: Mapping[str, str]) -> str | None:
    """The canonical name that `name` only looks like: same letters, or a likely typo."""
    same = same_name(name, known)
    if same:
        return same
    by_likeness: dict[str, str] = {}
    for spelling, canonical in sorted(known.items()):
        by_likeness.setdefault(likeness_key(spelling), canonical)
    close = difflib.get_close_matches(likeness_key(name), list(by_likeness), n=1, cutoff=0.85)
    return by_likeness[close[0]] if close else None
