"""Validate: located front-matter → Article and Term values, with every problem reported."""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import html
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from .load import InvalidDate, Located
from .model import (
    ARTICLE_KEY,
    Article,
    Correction,
    Diagnostic,
    KeyFact,
    Kind,
    Name,
    Severity,
    Source,
    StateOfPlay,
    Term,
    WatchItem,
)
from .schema import (
    ARTICLE_FIELDS,
    CORRECTION_FIELDS,
    KEY_FACT_FIELDS,
    KEY_FACTS_MAX,
    KEY_FACTS_MIN,
    MATCH_KEYS,
    SOURCE_FIELDS,
    TERM_FIELDS,
    WATCH_FIELDS,
    Field,
)
from .slugs import is_slug, slugify

MAX_NAME_LENGTH = 200
# More names than this on one article is a list pasted in, not a news story; the cap also keeps the
# briefings' co-occurrence counts (quadratic in one article's names) linear in the corpus.
MAX_NAMES = 50
# Four-digit years only: URLs and archives are by YYYY, and date arithmetic stays in range.
FIRST_DATE, LAST_DATE = dt.date(1000, 1, 1), dt.date(2999, 12, 31)
MAX_SHOWN = 60
_INVALID = object()
_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FILE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}-")


@dataclass
class Reporter:
    """Collects one file's diagnostics."""

    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, line: int, severity: Severity, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.path, line, severity, one_line(message)))

    def error(self, line: int, message: str) -> None:
        self.add(line, "error", message)

    def warning(self, line: int, message: str) -> None:
        self.add(line, "warning", message)


def one_line(message: str) -> str:
    """A message as one printable line: values quoted from a file may hold newlines or escapes."""
    if message.isprintable():
        return message
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                   for ch in message)


def shown(raw: str) -> str:
    """A value quoted in a message, cut short when long."""
    return raw if len(raw) <= MAX_SHOWN else raw[: MAX_SHOWN - 1] + "…"


def describe_trap(value: Any, raw: str) -> str | None:
    """Explain a YAML value that is not text although the writer meant text."""
    raw = shown(raw)
    if isinstance(value, bool):
        return f"is a boolean ({raw}): YAML reads yes/no/on/off/true/false as booleans; quote it: \"{raw}\""
    if isinstance(value, int | float):
        return f"is a number ({raw}); quote it to make it text: \"{raw}\""
    if isinstance(value, dt.date):
        return f"is a date ({raw}); quote it to make it text: \"{raw}\""
    if value is None:
        return "is empty"
    if isinstance(value, tuple):
        return "must be text, not a list or a mapping"
    return None


def check_text(item: Located, what: str, report: Reporter) -> str | None:
    """A non-empty single string; YAML traps get a hint."""
    if item.kind == "scalar" and isinstance(item.value, str) and not isinstance(item.value, InvalidDate):
        text = item.value.strip()
        bad = next((ch for ch in text if _refused_character(ch)), None)
        if bad is not None:
            report.error(item.line, f"{what} holds {_refused_character(bad)} U+{ord(bad):04X}; delete it")
            return None
        if text and all(unicodedata.category(ch) == "Cf" for ch in text):
            report.error(item.line, f"{what} holds only invisible characters")
            return None
        if text:
            return text
        report.error(item.line, f"{what} is empty")
        return None
    if isinstance(item.value, InvalidDate):
        report.error(item.line, f"{what} looks like a date but is not one ('{shown(item.raw)}'); quote it")
        return None
    problem = describe_trap(item.value, item.raw) or "must be text"
    report.error(item.line, f"{what} {problem}")
    return None


# Explicit embeddings, overrides and isolates can make text read differently from its bytes.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _refused_character(ch: str) -> str | None:
    """What is wrong with a character in a front-matter value, or None; tab and newline are fine."""
    if ch in "\t\n":
        return None
    category = unicodedata.category(ch)
    if category in ("Cc", "Zl", "Zp"):  # from YAML escapes such as "\\e", or line separators
        return "the invisible control character"
    if ch in _BIDI_CONTROLS:
        return "the text-direction control character"
    if category == "Cs" or ch in "\ufffe\uffff":  # not allowed in XML: the feeds would break
        return "the non-character"
    return None


def check_name(item: Located, what: str, report: Reporter) -> Name | None:
    """One display name: text on one line, not too long."""
    text = check_text(item, what, report)
    if text is None:
        return None
    if "\n" in text:
        report.error(item.line, f"{what} spans several lines; a name is one line")
        return None
    if len(text) > MAX_NAME_LENGTH:
        report.error(item.line, f"{what} is {len(text)} characters long; the limit is {MAX_NAME_LENGTH}")
        return None
    return Name(" ".join(text.split()), item.line)


def check_names(item: Located, spec: Field, report: Reporter) -> Any:
    """One name or a list of names."""
    items = item.value if item.kind == "seq" else (item,)
    if item.kind == "map":
        report.error(item.line, f"'{spec.name}' must be a name or a list of names, not a mapping")
        return _INVALID
    if item.kind == "scalar" and item.value is None:
        items = ()
    if len(items) > MAX_NAMES:
        report.error(item.line, f"'{spec.name}' lists {len(items):,} names; the limit is {MAX_NAMES}: "
                                "keep the main ones")
        return _INVALID
    what = f"a name in '{spec.name}'" if item.kind == "seq" else f"'{spec.name}'"
    names = [check_name(i, what, report) for i in items]
    if any(n is None for n in names):
        return _INVALID
    if spec.non_empty and not names:
        report.error(item.line, f"'{spec.name}' needs at least one name")
        return _INVALID
    return _dedupe(tuple(n for n in names if n is not None), spec.name, report)


def _dedupe(names: tuple[Name, ...], key: str, report: Reporter) -> tuple[Name, ...]:
    seen: dict[str, Name] = {}
    for name in names:
        if name.text in seen:
            report.warning(name.line, f"'{name.text}' is listed twice in '{key}'")
        seen.setdefault(name.text, name)
    return tuple(seen.values())


def check_date(item: Located, spec: Field, report: Reporter) -> Any:
    """A real calendar date; quoted ISO text is accepted too."""
    value = item.value
    if isinstance(value, str) and not isinstance(value, InvalidDate) and _DATE_TEXT.match(value):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            value = InvalidDate(value)
    if isinstance(value, dt.date) and FIRST_DATE <= value <= LAST_DATE:
        return value
    if isinstance(value, dt.date):
        report.error(item.line, f"'{spec.name}' must lie between {FIRST_DATE} and {LAST_DATE}, "
                                f"got '{shown(item.raw)}'; is the year a typo?")
        return _INVALID
    if value is None:
        report.error(item.line, f"'{spec.name}' is empty; write a date as YYYY-MM-DD")
        return _INVALID
    why = " (no such day)" if isinstance(value, InvalidDate) else ""
    report.error(item.line, f"'{spec.name}' must be a date (YYYY-MM-DD), got {_got(item)}{why}")
    return _INVALID


def _got(item: Located) -> str:
    """What a message says was found instead."""
    if item.kind != "scalar":
        return "a list or a mapping"
    return "nothing" if item.value is None else f"'{shown(item.raw)}'"


def check_bool(item: Located, spec: Field, report: Reporter) -> Any:
    if isinstance(item.value, bool):
        return item.value
    report.error(item.line, f"'{spec.name}' must be true or false, got {_got(item)}")
    return _INVALID


def check_slug(item: Located, spec: Field, report: Reporter) -> Any:
    text = check_text(item, f"'{spec.name}'", report)
    if text is None:
        return _INVALID
    if not is_slug(text):
        hint = " (a slug is a name, never a path)" if "/" in text or "\\" in text or ".." in text else ""
        report.error(
            item.line,
            f"'{spec.name}' must be lowercase letters, digits and single hyphens{hint}, "
            f"got '{shown(text)}'; try '{shown(slugify(text))}'",
        )
        return _INVALID
    return text


def check_field_text(item: Located, spec: Field, report: Reporter) -> Any:
    text = check_text(item, f"'{spec.name}'", report)
    return _INVALID if text is None else text


def check_name_field(item: Located, spec: Field, report: Reporter) -> Any:
    name = check_name(item, f"'{spec.name}'", report)
    return _INVALID if name is None else name


def check_country(item: Located, spec: Field, report: Reporter) -> Any:
    from .countries import country_name

    if isinstance(item.value, bool):
        report.error(item.line, f"'{spec.name}' {describe_trap(item.value, item.raw)} (Norway is NO)")
        return _INVALID
    text = check_text(item, f"'{spec.name}'", report)
    if text is None:
        return _INVALID
    if country_name(text.upper()) is None:
        report.error(item.line, f"'{spec.name}' must be an ISO 3166-1 alpha-2 code like KP or RU, "
                                f"got '{shown(text)}'")
        return _INVALID
    return text.upper()


def check_countries(item: Located, spec: Field, report: Reporter) -> Any:
    items = item.value if item.kind == "seq" else (item,)
    codes = [check_country(i, spec, report) for i in items]
    return _INVALID if any(c is _INVALID for c in codes) else tuple(dict.fromkeys(codes))


def check_sources(item: Located, spec: Field, report: Reporter) -> Any:
    if item.kind != "seq":
        report.error(item.line, f"'{spec.name}' must be a list of sources, each '- publisher: ...'")
        return _INVALID
    sources = [_check_source(i, report) for i in item.value]
    return _INVALID if any(s is None for s in sources) else tuple(sources)


def _check_source(item: Located, report: Reporter) -> Source | None:
    if item.kind != "map":
        report.error(item.line, "a source must be a mapping like {publisher: TASS, title: ..., url: ...}")
        return None
    values = read_mapping(item, SOURCE_FIELDS, report, what="source key")
    if values is None:
        return None
    if "publisher" not in values and "title" not in values:
        report.error(item.line, "a source needs a 'publisher' or a 'title'")
        return None
    url = values.get("url")
    if url is not None and not _is_web_url(url):
        report.error(_key_line(item, "url"),
                     f"a source's 'url' must start with http:// or https://, got '{shown(url)}'")
        return None
    return Source(values.get("publisher"), values.get("title"), url, values.get("date"), values.get("via"))


def _is_web_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not re.search(r"[\s\"'<>]", url)


def check_match(item: Located, spec: Field, report: Reporter) -> Any:
    if item.kind != "map":
        report.error(item.line, f"'{spec.name}' must be a mapping like {{actors: [A, B]}}")
        return _INVALID
    out: list[tuple[Kind, tuple[str, ...]]] = []
    for key, value in item.items():
        kind = MATCH_KEYS.get(str(key.value))
        if kind is None:
            report.error(key.line, f"'{spec.name}' keys are {', '.join(MATCH_KEYS)}; got '{shown(key.raw)}'")
            return _INVALID
        names = check_names(value, Field(str(key.value), "names", "", non_empty=True), report)
        if names is _INVALID:
            return _INVALID
        out.append((kind, tuple(n.text for n in names)))
    return tuple(out)


def check_choice(item: Located, spec: Field, report: Reporter) -> Any:
    """One word of a fixed vocabulary."""
    text = check_text(item, f"'{spec.name}'", report)
    if text is None:
        return _INVALID
    if text not in spec.choices:
        hint = f"; write it in lower case: '{text.lower()}'" if text.lower() in spec.choices else ""
        report.error(item.line, f"'{spec.name}' must be one of {', '.join(spec.choices)}; "
                                f"got '{shown(text)}'{hint}")
        return _INVALID
    return text


def _check_items(item: Located, spec: Field, report: Reporter, shape: str,
                 one: Callable[[Located, Reporter], Any]) -> Any:
    """A list whose items `one` checks; `shape` tells a contributor what an item looks like."""
    if item.kind != "seq":
        report.error(item.line, f"'{spec.name}' must be a list, each item {shape}")
        return _INVALID
    items = [one(i, report) for i in item.value]
    return _INVALID if any(i is None for i in items) else tuple(items)


def _item_mapping(item: Located, fields: tuple[Field, ...], what: str, shape: str,
                  report: Reporter, *, key: str) -> dict[str, Any] | None:
    """One list item that must be a mapping of `fields`; `key` names its keys in messages."""
    if item.kind != "map":
        report.error(item.line, f"{what} must be {shape}")
        return None
    return read_mapping(item, fields, report, what=key)


def _check_fact(item: Located, report: Reporter) -> KeyFact | None:
    if item.kind == "scalar":
        text = check_text(item, "a key fact", report)
        return None if text is None else KeyFact(text)
    values = _item_mapping(item, KEY_FACT_FIELDS, "a key fact", _FACT_SHAPE, report, key="fact key")
    return None if values is None else KeyFact(values["text"], refs=values.get("articles", ()))


def _check_watch(item: Located, report: Reporter) -> WatchItem | None:
    if item.kind == "scalar":
        text = check_text(item, "a watch item", report)
        return None if text is None else WatchItem(text)
    values = _item_mapping(item, WATCH_FIELDS, "a watch item", _WATCH_SHAPE, report, key="watch key")
    return None if values is None else WatchItem(values["text"], values.get("date"))


def _check_correction(item: Located, report: Reporter) -> Correction | None:
    values = _item_mapping(item, CORRECTION_FIELDS, "a correction", _CORRECTION_SHAPE, report, key="correction key")
    return None if values is None else Correction(values["date"], values["text"], line=item.line)


_FACT_SHAPE = "text, or {text: ..., articles: [slug or file name]}"
_WATCH_SHAPE = "text, or {text: ..., date: YYYY-MM-DD}"
_CORRECTION_SHAPE = "{date: YYYY-MM-DD, text: ...}"


def check_facts(item: Located, spec: Field, report: Reporter) -> Any:
    return _check_items(item, spec, report, _FACT_SHAPE, _check_fact)


def check_watch(item: Located, spec: Field, report: Reporter) -> Any:
    return _check_items(item, spec, report, _WATCH_SHAPE, _check_watch)


def check_corrections(item: Located, spec: Field, report: Reporter) -> Any:
    return _check_items(item, spec, report, _CORRECTION_SHAPE, _check_correction)


_CHECKS: dict[str, Callable[[Located, Field, Reporter], Any]] = {
    "text": check_field_text,
    "date": check_date,
    "names": check_names,
    "sources": check_sources,
    "bool": check_bool,
    "slug": check_slug,
    "country": check_country,
    "countries": check_countries,
    "name": check_name_field,
    "match": check_match,
    "choice": check_choice,
    "facts": check_facts,
    "watch": check_watch,
    "corrections": check_corrections,
}


def read_mapping(
    meta: Located, fields: tuple[Field, ...], report: Reporter, *, what: str = "key"
) -> dict[str, Any] | None:
    """Check each key of a mapping against its Field; None if any error was found."""
    by_name = {f.name: f for f in fields}
    values: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    ok = True
    for key, value in meta.items():
        name = key.value
        if key.kind != "scalar":
            report.error(key.line, f"a {what} must be a word like 'title', not a list or a mapping")
            ok = False
        elif not isinstance(name, str):
            report.error(key.line, f"{what} '{shown(key.raw)}' must be a word like 'title'")
            ok = False
        elif name in key_lines:
            report.error(key.line, f"{what} '{name}' appears twice (first on line {key_lines[name]})")
            ok = False
        elif name not in by_name:
            report.warning(key.line, f"unknown {what} '{shown(name)}'{_suggest(name, list(by_name))}")
            key_lines[name] = key.line
        else:
            key_lines[name] = key.line
            checked = _CHECKS[by_name[name].type](value, by_name[name], report)
            ok = ok and checked is not _INVALID
            values[name] = checked
    for spec in fields:
        if spec.required and spec.name not in key_lines:
            report.error(meta.line, f"missing required {what} '{spec.name}' ({spec.description})")
            ok = False
    return values if ok else None


def _suggest(name: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(name.lower(), choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


# --- articles ---------------------------------------------------------------------------

# Active content, by the rules every Markdown dialect we might render with agrees on.
# Every pattern here runs in linear time: a body may be 2 MB written to stall the check.
_DANGEROUS_TAGS = re.compile(
    r"<[\s/]*(script|iframe|object|embed|frame|frameset|applet|base|meta|link|form)\b", re.I
)
_TAG_START = re.compile(r"<[a-z]", re.I)
_EVENT_ATTR = re.compile(r"[\s/\"'](on[a-z]+)\s*=", re.I)
# A tag ends at the first `>` outside quotes (`<img alt=">" onerror=...>`); a quote that is never
# closed is an ordinary character, as in browsers.
_TAG_REST = re.compile(r"""(?:"[^"]*"|'[^']*'|[^>])*+""")
# attr_list sets attributes with no `<` at all: `# Title {: onclick=x }`, `[a](b){ onclick=x }`.
_ATTR_LIST_EVENT = re.compile(r"(?<![\w-])(on[a-z]+)\s*=", re.I)
# Run over the body with entities decoded and all whitespace removed (browsers drop tabs and
# newlines inside URLs): a bad scheme right where a URL starts, after an attribute's `=` or
# quote, a link's `(` or `<`, or a link reference's `:`. "JavaScript: the language" stays prose.
_BAD_URL = re.compile(r"[=\"'`(<:](javascript:|vbscript:|data:text/html)", re.I)
# Python-Markdown's fenced_code: a fence at column 0 with an optional language, closed by the
# very same fence at column 0.
_OPEN_FENCE = re.compile(r"^(`{3,}|~{3,})[ ]*(?:\{[^\n]*\}|\.?[\w#.+-]+[ ]*)?$")
_MAYBE_CLOSE = re.compile(r"^[> \t]*(`{3,}|~{3,})[ \t]*$")


def check_body(body: str, body_line: int, report: Reporter) -> bool:
    """Refuse active content in a body written by a stranger; True when it is clean.

    Code spans are not exempt: inside a raw HTML block a backtick is plain text.
    """
    lines = body.split("\n")
    for index in fenced_code_lines(lines):
        lines[index] = ""
    before = len(report.diagnostics)
    for index, problem in sorted(_body_problems(lines)):
        report.error(body_line + index, problem)
    return len(report.diagnostics) == before


def fenced_code_lines(lines: list[str]) -> set[int]:
    """Indexes of lines in fenced code blocks, counting only fences no dialect reads otherwise.

    A fence that is never closed, or whose first closing candidate (same character, at least as
    long, any indent) is not the very same fence at column 0, is not code: some renderer would
    show what follows as HTML. One pass, so a body of a million fences cannot stall the check.
    """
    code: set[int] = set()
    start: int | None = None
    fence = ""
    for index, line in enumerate(lines):
        if start is None:
            opening = _OPEN_FENCE.match(line)
            start, fence = (index, opening.group(1)) if opening else (None, "")
            continue
        close = _MAYBE_CLOSE.match(line)
        if close and close.group(1)[0] == fence[0] and len(close.group(1)) >= len(fence):
            if line.rstrip(" ") == fence:
                code.update(range(start, index + 1))
            start = None
    return code


def _body_problems(lines: list[str]) -> set[tuple[int, str]]:
    """(line index, message) for each dangerous tag, event attribute and script URL."""
    text = "\n".join(lines)
    ends = list(itertools.accumulate(len(line) + 1 for line in lines))  # offset just past each line

    def line_of(offset: int) -> int:  # counting newlines per match would be quadratic in matches
        return bisect.bisect_right(ends, offset)

    found: set[tuple[int, str]] = set()
    for match in _DANGEROUS_TAGS.finditer(text):
        name = match.group(1).lower()
        found.add((line_of(match.start()),
                   f"<{name}> is not allowed in the body; to show it as text write "
                   f"&lt;{name}&gt; or put it in a fenced code block"))
    for match in [*_event_attributes(text), *_attr_list_events(text)]:
        found.add((line_of(match.start(1)),
                   f"HTML event attribute '{match.group(1).lower()}=' is not allowed in the body"))
    starts, decoded = _decoded_stream(lines)
    for match in _BAD_URL.finditer(decoded):
        index = bisect.bisect_right(starts, match.start(1)) - 1
        found.add((index, f"'{match.group(1).lower()}' links are not allowed in the body; "
                          "link to an http(s) page"))
    return found


def _event_attributes(text: str) -> Iterator[re.Match[str]]:
    """`on...=` inside tags. Tags opened before the same `>` share one search: `<a <a <a ...`
    must not rescan the rest of the body once per `<`."""
    index = 0
    while start := _TAG_START.search(text, index):
        rest = _TAG_REST.match(text, start.end())
        end = rest.end() if rest else len(text)
        yield from _EVENT_ATTR.finditer(text, start.end(), end)
        index = end + 1


def _attr_list_events(text: str) -> Iterator[re.Match[str]]:
    """`on...=` between a `{` and the last `}` of its line, where attr_list reads attributes."""
    index = 0
    while (brace := text.find("{", index)) >= 0:
        end = text.find("\n", brace)
        end = len(text) if end < 0 else end
        yield from _ATTR_LIST_EVENT.finditer(text, brace, max(brace, text.rfind("}", brace, end)))
        index = end + 1


def _decoded_stream(lines: list[str]) -> tuple[list[int], str]:
    """Every line entity-decoded (twice, to see through `&amp;#106;`) without whitespace,
    joined; with the offset each line starts at."""
    starts: list[int] = []
    parts: list[str] = []
    offset = 0
    for line in lines:
        part = re.sub(r"[\s\x00-\x20]+", "", html.unescape(html.unescape(line)))
        starts.append(offset)
        parts.append(part)
        offset += len(part)
    return starts, "".join(parts)


_KEY_LINE = re.compile(r"^[A-Za-z_][\w-]*:(?:\s|$)")
_SECOND_BLOCK_LINES = 60


def check_second_block(body: str, body_line: int, report: Reporter) -> None:
    """Warn when the body starts with another front-matter block: it would show as text."""
    lines = body.split("\n", _SECOND_BLOCK_LINES)[:_SECOND_BLOCK_LINES]  # only the top matters
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None or lines[start].rstrip() != "---":
        return
    end = next((i for i in range(start + 1, len(lines)) if lines[i].rstrip() == "---"), None)
    if end is not None and any(_KEY_LINE.match(line) for line in lines[start + 1:end]):
        report.warning(body_line + start, f"a second front-matter block (lines {body_line + start}–"
                                          f"{body_line + end}) is read as body text; merge it into the first")


def default_slug(path: str) -> str:
    """`content/2023/2023-09-12-kim-train.md` → `kim-train`."""
    stem = _FILE_DATE.sub("", PurePosixPath(path).stem)
    return stem if is_slug(stem) else slugify(stem)


def first_paragraph(body: str, limit: int = 300) -> str:
    """The body's first prose paragraph as plain text, cut at a word near `limit`."""
    for block in re.split(r"\n\s*\n", body):
        text = block.strip()[: limit * 8]  # the link pattern below is quadratic on '[[[[...'; bound it
        if not text or text.startswith(("#", "<", "|", "```", "~~~", "!", ">", "-", "*")):
            continue
        text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
        text = re.sub(r"[*_`]+", "", " ".join(text.split()))
        if len(text) > limit:
            text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
        return text
    return ""


def validate_article(path: str, meta: Located | None, body: str, body_line: int,
                     report: Reporter) -> Article | None:
    """One article's front-matter and body → an Article, or None with diagnostics."""
    if meta is None:
        report.error(1, "no front-matter: an article starts with a line '---', its YAML keys, "
                        "and another '---' (try `briefing new`)")
        return None
    if meta.kind != "map":
        report.error(meta.line, "front-matter must be 'key: value' lines")
        return None
    values = read_mapping(meta, ARTICLE_FIELDS, report)
    body_ok = check_body(body, body_line, report)
    check_second_block(body, body_line, report)
    if values is None or not body_ok:
        return None
    if values.get("updated") and values["updated"] < values["date"]:
        report.error(_key_line(meta, "updated"),
                     f"'updated' ({values['updated']}) is before 'date' ({values['date']})")
        return None
    early = [c for c in values.get("corrections", ()) if c.date < values["date"]]
    for correction in early:
        report.error(correction.line, f"a correction dated {correction.date} is before the article's "
                                      f"'date' ({values['date']})")
    return None if early else _make_article(path, values, body)


def _make_article(path: str, values: dict[str, Any], body: str) -> Article:
    names = {kind: values.get(key, ()) for kind, key in ARTICLE_KEY.items()}
    return Article(
        path=path,
        slug=values.get("slug") or default_slug(path),
        title=values["title"],
        date=values["date"],
        regions=tuple(n.text for n in names[Kind.REGION]),
        actors=tuple(n.text for n in names[Kind.ACTOR]),
        topics=tuple(n.text for n in names[Kind.TOPIC]),
        summary=values.get("summary") or first_paragraph(body),
        body=body,
        sources=values.get("sources", ()),
        updated=_updated(values.get("updated"), values.get("corrections", ())),
        draft=values.get("draft", False),
        corrections=tuple(sorted(values.get("corrections", ()), key=lambda c: c.date)),
        name_lines=tuple((kind, n) for kind in Kind for n in names[kind]),
    )


def _updated(updated: dt.date | None, corrections: tuple[Correction, ...]) -> dt.date | None:
    """A correction revises the article: `updated` is the newest correction's date when that is later."""
    return max((d for d in (updated, *(c.date for c in corrections)) if d is not None), default=None)


def _key_line(meta: Located, name: str) -> int:
    return next((k.line for k, _ in meta.items() if k.value == name), meta.line)


# --- term files -------------------------------------------------------------------------

def validate_term(kind: Kind, path: str, meta: Located | None, body: str, body_line: int,
                  report: Reporter) -> Term | None:
    """One term file → a Term, or None with diagnostics."""
    if meta is None or meta.kind != "map":
        report.error(1, f"a {kind.singular} file starts with front-matter: '---', 'title: ...', '---'")
        return None
    values = read_mapping(meta, TERM_FIELDS[kind], report)
    body_ok = check_body(body, body_line, report)
    check_second_block(body, body_line, report)
    if values is None or not body_ok:
        return None
    slug = slugify(values["title"])
    if PurePosixPath(path).stem != slug:
        report.warning(_key_line(meta, "title"),
                       f"file name does not match the title '{values['title']}'; rename it to {slug}.md")
    state = _state_of_play(meta, values, TERM_FIELDS[kind], report)
    if state is _INVALID:
        return None
    parent = values.get("parent")
    return Term(
        kind=kind, slug=slug, title=" ".join(values["title"].split()), path=path,
        line=_key_line(meta, "title"), aliases=values.get("aliases", ()),
        summary=values.get("summary", ""), body=body.strip(), role=values.get("role", ""),
        country=values.get("country", ""), parent=parent.text if parent else "",
        countries=values.get("countries", ()), match=values.get("match", ()),
        state=state, featured=values.get("featured", False),
    )


def _state_of_play(meta: Located, values: dict[str, Any], fields: tuple[Field, ...], report: Reporter) -> Any:
    """The state of play of a term file, None when it has none, `_INVALID` when it is wrong."""
    present = [f.name for f in fields if f.needs == "as_of" and f.name in values]
    as_of = values.get("as_of")
    if as_of is None:
        if not present:
            return None
        report.error(_key_line(meta, present[0]), f"'{present[0]}' is part of a state of play, which needs "
                                                  "'as_of': the day the editors made the assessment (YYYY-MM-DD)")
        return _INVALID
    if not present:
        report.warning(_key_line(meta, "as_of"), "'as_of' dates a state of play, but there is no "
                                                 "bottom_line, status, key_facts or watch")
    facts = values.get("key_facts", ())
    if "key_facts" in values and not KEY_FACTS_MIN <= len(facts) <= KEY_FACTS_MAX:
        report.error(_key_line(meta, "key_facts"), f"'key_facts' lists {len(facts)} fact{'s' * (len(facts) != 1)}; "
                                                   f"a state of play has {KEY_FACTS_MIN} to {KEY_FACTS_MAX}")
        return _INVALID
    return StateOfPlay(as_of, _key_line(meta, "as_of"), values.get("bottom_line", ""), values.get("status", ""),
                       facts, values.get("watch", ()))
