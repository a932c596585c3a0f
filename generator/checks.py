"""Field checks: one located front-matter value → a typed value, or None with the problem reported.

`read_mapping` checks a whole mapping against its `Field`s and returns `Checked`, whose getters hand
each value back with the type its field promises: no untyped value reaches `Article(...)` or `Term(...)`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urlsplit

from .dates import why_not_a_day
from .kinds import BY_ARTICLE_KEY, Field, Kind
from .load import InvalidDate, Located
from .model import Correction, Diagnostic, KeyFact, Name, Severity, Source, WatchItem
from .schema import CORRECTION_FIELDS, KEY_FACT_FIELDS, SOURCE_FIELDS, WATCH_FIELDS
from .slugs import is_slug, slugify

MAX_NAME_LENGTH = 200
# More names than this on one article is a list pasted in, not a news story; the cap also keeps the
# briefings' co-occurrence counts (quadratic in one article's names) linear in the corpus.
MAX_NAMES = 50
# Four-digit years only: URLs and archives are by YYYY, and date arithmetic stays in range.
FIRST_DATE, LAST_DATE = dt.date(1000, 1, 1), dt.date(2999, 12, 31)
MAX_SHOWN = 60
_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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


def describe_trap(value: object, raw: str) -> str | None:
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


def check_names(item: Located, spec: Field, report: Reporter) -> tuple[Name, ...] | None:
    """One name or a list of names."""
    items = item.value if item.kind == "seq" else (item,)
    if item.kind == "map":
        report.error(item.line, f"'{spec.name}' must be a name or a list of names, not a mapping")
        return None
    if item.kind == "scalar" and item.value is None:
        items = ()
    if len(items) > MAX_NAMES:
        report.error(item.line, f"'{spec.name}' lists {len(items):,} names; the limit is {MAX_NAMES}: "
                                "keep the main ones")
        return None
    what = f"a name in '{spec.name}'" if item.kind == "seq" else f"'{spec.name}'"
    names = [check_name(i, what, report) for i in items]
    if any(n is None for n in names):
        return None
    if spec.non_empty and not names:
        report.error(item.line, f"'{spec.name}' needs at least one name")
        return None
    return _dedupe(tuple(n for n in names if n is not None), spec.name, report)


def _dedupe(names: tuple[Name, ...], key: str, report: Reporter) -> tuple[Name, ...]:
    seen: dict[str, Name] = {}
    for name in names:
        if name.text in seen:
            report.warning(name.line, f"'{name.text}' is listed twice in '{key}'")
        seen.setdefault(name.text, name)
    return tuple(seen.values())


def check_date(item: Located, spec: Field, report: Reporter) -> dt.date | None:
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
        return None
    if value is None:
        report.error(item.line, f"'{spec.name}' is empty; write a date as YYYY-MM-DD")
        return None
    if isinstance(value, InvalidDate):  # written right, so say why it is no day rather than how to write one
        report.error(item.line, f"'{spec.name}: {shown(item.raw)}' is not a real day: "
                                f"{why_not_a_day(value) or 'no such day'}")
        return None
    report.error(item.line, f"'{spec.name}' must be a date (YYYY-MM-DD), got {_got(item)}")
    return None


def _got(item: Located) -> str:
    """What a message says was found instead."""
    if item.kind != "scalar":
        return "a list or a mapping"
    return "nothing" if item.value is None else f"'{shown(item.raw)}'"


def check_bool(item: Located, spec: Field, report: Reporter) -> bool | None:
    if isinstance(item.value, bool):
        return item.value
    report.error(item.line, f"'{spec.name}' must be true or false, got {_got(item)}")
    return None


def check_slug(item: Located, spec: Field, report: Reporter) -> str | None:
    text = check_text(item, f"'{spec.name}'", report)
    if text is None:
        return None
    if not is_slug(text):
        hint = " (a slug is a name, never a path)" if "/" in text or "\\" in text or ".." in text else ""
        report.error(
            item.line,
            f"'{spec.name}' must be lowercase letters, digits and single hyphens{hint}, "
            f"got '{shown(text)}'; try '{shown(slugify(text))}'",
        )
        return None
    return text


#: An old address: a site path of URL-safe segments, ending in `/` (a page's folder) or `.html`.
_OLD_PATH = re.compile(r"/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*/)*(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*\.html)?")
MAX_REDIRECTS = 20


def check_paths(item: Located, spec: Field, report: Reporter) -> tuple[Name, ...] | None:
    """Old addresses of a page: one site path or a list, each kept without its leading `/`."""
    items = item.value if item.kind == "seq" else (item,)
    if item.kind == "map" or len(items) > MAX_REDIRECTS:
        report.error(item.line, f"'{spec.name}' must be an address or a list of at most {MAX_REDIRECTS}, "
                                "like [/articles/2024/01/old-slug/]")
        return None
    paths = [_check_path(i, spec.name, report) for i in items]
    return None if any(p is None for p in paths) else _dedupe(tuple(p for p in paths if p), spec.name, report)


def _check_path(item: Located, key: str, report: Reporter) -> Name | None:
    text = check_text(item, f"an address in '{key}'", report)
    if text is None:
        return None
    if _OLD_PATH.fullmatch(text) is None or text == "/":  # no segment can be '.' or '..'; '/' is the home page
        report.error(item.line, f"'{shown(text)}' in '{key}' must be the path of an old address on this site, "
                                "from its first '/' to the last, like /articles/2024/01/old-slug/ (letters, "
                                "digits, '-', '_', '.' and '~'; no host, query or '..')")
        return None
    return Name(text.removeprefix("/"), item.line)


def check_field_text(item: Located, spec: Field, report: Reporter) -> str | None:
    return check_text(item, f"'{spec.name}'", report)


def check_name_field(item: Located, spec: Field, report: Reporter) -> Name | None:
    return check_name(item, f"'{spec.name}'", report)


def check_country(item: Located, spec: Field, report: Reporter) -> str | None:
    from .countries import country_name

    if isinstance(item.value, bool):
        report.error(item.line, f"'{spec.name}' {describe_trap(item.value, item.raw)} (Norway is NO)")
        return None
    text = check_text(item, f"'{spec.name}'", report)
    if text is None:
        return None
    if country_name(text.upper()) is None:
        report.error(item.line, f"'{spec.name}' must be an ISO 3166-1 alpha-2 code like KP or RU, "
                                f"got '{shown(text)}'")
        return None
    return text.upper()


def check_countries(item: Located, spec: Field, report: Reporter) -> tuple[str, ...] | None:
    items = item.value if item.kind == "seq" else (item,)
    codes = [check_country(i, spec, report) for i in items]
    return None if any(c is None for c in codes) else tuple(dict.fromkeys(c for c in codes if c is not None))


def check_sources(item: Located, spec: Field, report: Reporter) -> tuple[Source, ...] | None:
    if item.kind != "seq":
        report.error(item.line, f"'{spec.name}' must be a list of sources, each '- publisher: ...'")
        return None
    sources = [_check_source(i, report) for i in item.value]
    return None if any(s is None for s in sources) else tuple(s for s in sources if s is not None)


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
    url = values.optional_text("url")
    if url is not None and not _is_web_url(url):
        report.error(key_line(item, "url"),
                     f"a source's 'url' must start with http:// or https://, got '{shown(url)}'")
        return None
    return Source(values.optional_text("publisher"), values.optional_text("title"), url, values.date("date"),
                  values.optional_text("via"))


def _is_web_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not re.search(r"[\s\"'<>]", url)


def check_match(item: Located, spec: Field, report: Reporter) -> MatchRule | None:
    if item.kind != "map":
        report.error(item.line, f"'{spec.name}' must be a mapping like {{actors: [A, B]}}")
        return None
    out: list[tuple[Kind, tuple[str, ...]]] = []
    for key, value in item.items():
        kind = BY_ARTICLE_KEY.get(str(key.value))
        if kind is None:
            report.error(key.line, f"'{spec.name}' keys are {', '.join(BY_ARTICLE_KEY)}; got '{shown(key.raw)}'")
            return None
        names = check_names(value, Field(str(key.value), "names", "", non_empty=True), report)
        if names is None:
            return None
        out.append((kind, tuple(n.text for n in names)))
    return tuple(out)


def check_choice(item: Located, spec: Field, report: Reporter) -> str | None:
    """One word of a fixed vocabulary."""
    text = check_text(item, f"'{spec.name}'", report)
    if text is None or text in spec.choices:
        return text
    hint = f"; write it in lower case: '{text.lower()}'" if text.lower() in spec.choices else ""
    report.error(item.line, f"'{spec.name}' must be one of {', '.join(spec.choices)}; got '{shown(text)}'{hint}")
    return None


def _check_items(item: Located, spec: Field, report: Reporter, shape: str,
                 one: Callable[[Located, Reporter], _T | None]) -> tuple[_T, ...] | None:
    """A list whose items `one` checks; `shape` tells a contributor what an item looks like."""
    if item.kind != "seq":
        report.error(item.line, f"'{spec.name}' must be a list, each item {shape}")
        return None
    items = [one(i, report) for i in item.value]
    return None if any(i is None for i in items) else tuple(i for i in items if i is not None)


def _item_mapping(item: Located, fields: tuple[Field, ...], what: str, shape: str, report: Reporter,
                  *, key: str) -> Checked | None:
    """One list item that must be a mapping of `fields`; `key` names its keys in messages."""
    if item.kind != "map":
        report.error(item.line, f"{what} must be {shape}")
        return None
    return read_mapping(item, fields, report, what=key)


_FACT_SHAPE = "text, or {text: ..., articles: [slug or file name]}"
_WATCH_SHAPE = "text, or {text: ..., date: YYYY-MM-DD}"
_CORRECTION_SHAPE = "{date: YYYY-MM-DD, text: ...}"


def _check_fact(item: Located, report: Reporter) -> KeyFact | None:
    if item.kind == "scalar":
        text = check_text(item, "a key fact", report)
        return None if text is None else KeyFact(text)
    values = _item_mapping(item, KEY_FACT_FIELDS, "a key fact", _FACT_SHAPE, report, key="fact key")
    return None if values is None else KeyFact(values.text("text"), refs=values.names("articles"))


def _check_watch(item: Located, report: Reporter) -> WatchItem | None:
    if item.kind == "scalar":
        text = check_text(item, "a watch item", report)
        return None if text is None else WatchItem(text)
    values = _item_mapping(item, WATCH_FIELDS, "a watch item", _WATCH_SHAPE, report, key="watch key")
    return None if values is None else WatchItem(values.text("text"), values.date("date"))


def _check_correction(item: Located, report: Reporter) -> Correction | None:
    values = _item_mapping(item, CORRECTION_FIELDS, "a correction", _CORRECTION_SHAPE, report,
                           key="correction key")
    day = values.date("date") if values is not None else None
    return None if values is None or day is None else Correction(day, values.text("text"), line=item.line)


def check_facts(item: Located, spec: Field, report: Reporter) -> tuple[KeyFact, ...] | None:
    return _check_items(item, spec, report, _FACT_SHAPE, _check_fact)


def check_watch(item: Located, spec: Field, report: Reporter) -> tuple[WatchItem, ...] | None:
    return _check_items(item, spec, report, _WATCH_SHAPE, _check_watch)


def check_corrections(item: Located, spec: Field, report: Reporter) -> tuple[Correction, ...] | None:
    return _check_items(item, spec, report, _CORRECTION_SHAPE, _check_correction)


_CHECKS: dict[str, Callable[[Located, Field, Reporter], FieldValue | None]] = {
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
    "paths": check_paths,
}


def read_mapping(
    meta: Located, fields: tuple[Field, ...], report: Reporter, *, what: str = "key"
) -> Checked | None:
    """Check each key of a mapping against its Field; None if any error was found."""
    by_name = {f.name: f for f in fields}
    values: dict[str, FieldValue] = {}
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
            if checked is None:
                ok = False
            else:
                values[name] = checked
    for spec in fields:
        if spec.required and spec.name not in key_lines:
            report.error(meta.line, f"missing required {what} '{spec.name}' ({spec.description})")
            ok = False
    return Checked(values) if ok else None


def _suggest(name: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(name.lower(), choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


MatchRule = tuple[tuple[Kind, tuple[str, ...]], ...]
FieldValue = (str | bool | dt.date | Name | tuple[Name, ...] | tuple[str, ...] | tuple[Source, ...] | MatchRule
              | tuple[KeyFact, ...] | tuple[WatchItem, ...] | tuple[Correction, ...])
_T = TypeVar("_T")


@dataclass(frozen=True)
class Checked:
    """One mapping's checked values by key, read back with the type each key's Field promises."""

    values: Mapping[str, FieldValue]

    def __contains__(self, key: str) -> bool:
        return key in self.values

    def text(self, key: str, default: str = "") -> str:
        return _one(self.values.get(key, default), str)

    def optional_text(self, key: str) -> str | None:
        return None if key not in self.values else self.text(key)

    def date(self, key: str) -> dt.date | None:
        return None if key not in self.values else _one(self.values[key], dt.date)

    def flag(self, key: str) -> bool:
        return _one(self.values.get(key, False), bool)

    def name(self, key: str) -> Name | None:
        return None if key not in self.values else _one(self.values[key], Name)

    def names(self, key: str) -> tuple[Name, ...]:
        return _many(self.values.get(key, ()), Name)

    def codes(self, key: str) -> tuple[str, ...]:
        return _many(self.values.get(key, ()), str)

    def sources(self, key: str) -> tuple[Source, ...]:
        return _many(self.values.get(key, ()), Source)

    def facts(self, key: str) -> tuple[KeyFact, ...]:
        return _many(self.values.get(key, ()), KeyFact)

    def watch(self, key: str) -> tuple[WatchItem, ...]:
        return _many(self.values.get(key, ()), WatchItem)

    def corrections(self, key: str) -> tuple[Correction, ...]:
        return _many(self.values.get(key, ()), Correction)

    def match(self, key: str) -> MatchRule:
        rule = _many(self.values.get(key, ()), tuple)
        return tuple((_one(kind, Kind), _many(names, str)) for kind, names in rule)


def _one(value: object, kind: type[_T]) -> _T:
    """`value` as `kind`; a mismatch is a bug in the field table, not in the content."""
    if not isinstance(value, kind):
        raise TypeError(f"expected {kind.__name__}, got {value!r}")
    return value


def _many(value: object, kind: type[_T]) -> tuple[_T, ...]:
    items = _one(value, tuple)
    for item in items:
        _one(item, kind)
    return items


def key_line(meta: Located, name: str) -> int:
    """The line of key `name` in a mapping, else the mapping's own line."""
    return next((k.line for k, _ in meta.items() if k.value == name), meta.line)
