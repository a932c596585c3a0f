"""Validate: located front-matter → Article and Term values, with every problem reported."""

from __future__ import annotations

import datetime as dt
import difflib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from .load import InvalidDate, Located
from .model import ARTICLE_KEY, Article, Diagnostic, Kind, Name, Severity, Source, Term
from .schema import ARTICLE_FIELDS, MATCH_KEYS, SOURCE_FIELDS, TERM_FIELDS, Field
from .slugs import is_slug, slugify

MAX_NAME_LENGTH = 200
_INVALID = object()
_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FILE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}-")


@dataclass
class Reporter:
    """Collects one file's diagnostics."""

    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, line: int, severity: Severity, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.path, line, severity, message))

    def error(self, line: int, message: str) -> None:
        self.add(line, "error", message)

    def warning(self, line: int, message: str) -> None:
        self.add(line, "warning", message)


def describe_trap(value: Any, raw: str) -> str | None:
    """Explain a YAML value that is not text although the writer meant text."""
    if isinstance(value, bool):
        return f"is a boolean ({raw}): YAML reads yes/no/on/off/true/false as booleans; quote it: \"{raw}\""
    if isinstance(value, int | float):
        return f"is a number ({raw}); quote it if it is a name: \"{raw}\""
    if isinstance(value, dt.date):
        return f"is a date ({raw}); quote it: \"{raw}\""
    if value is None:
        return "is empty"
    if isinstance(value, tuple):
        return "must be text, not a list or a mapping"
    return None


def check_text(item: Located, what: str, report: Reporter) -> str | None:
    """A non-empty single string; YAML traps get a hint."""
    if item.kind == "scalar" and isinstance(item.value, str) and not isinstance(item.value, InvalidDate):
        text = item.value.strip()
        if text:
            return text
        report.error(item.line, f"{what} is empty")
        return None
    if isinstance(item.value, InvalidDate):
        report.error(item.line, f"{what} looks like a date but is not one ('{item.raw}'); quote it")
        return None
    problem = describe_trap(item.value, item.raw) or "must be text"
    report.error(item.line, f"{what} {problem}")
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
    names = [check_name(i, f"a name in '{spec.name}'", report) for i in items]
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
            return dt.date.fromisoformat(value)
        except ValueError:
            value = InvalidDate(value)
    if isinstance(value, dt.date):
        return value
    shown = item.raw if item.kind == "scalar" else "a list or a mapping"
    why = " (no such day)" if isinstance(value, InvalidDate) else ""
    report.error(item.line, f"'{spec.name}' must be a date (YYYY-MM-DD), got '{shown}'{why}")
    return _INVALID


def check_bool(item: Located, spec: Field, report: Reporter) -> Any:
    if isinstance(item.value, bool):
        return item.value
    report.error(item.line, f"'{spec.name}' must be true or false, got '{item.raw}'")
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
            f"got '{text}'; try '{slugify(text)}'",
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
        report.error(item.line, f"'{spec.name}' must be an ISO 3166-1 alpha-2 code like KP or RU, got '{text}'")
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
        report.error(item.line, f"a source's 'url' must start with http:// or https://, got '{url}'")
        return None
    return Source(values.get("publisher"), values.get("title"), url, values.get("date"))


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
            report.error(key.line, f"'{spec.name}' keys are {', '.join(MATCH_KEYS)}; got '{key.raw}'")
            return _INVALID
        names = check_names(value, Field(str(key.value), "names", "", non_empty=True), report)
        if names is _INVALID:
            return _INVALID
        out.append((kind, tuple(n.text for n in names)))
    return tuple(out)


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
        if not isinstance(name, str):
            report.error(key.line, f"{what} '{key.raw}' must be a word like 'title'")
            ok = False
        elif name in key_lines:
            report.error(key.line, f"{what} '{name}' appears twice (first on line {key_lines[name]})")
            ok = False
        elif name not in by_name:
            report.warning(key.line, f"unknown {what} '{name}'{_suggest(name, list(by_name))}")
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

_DANGEROUS_TAGS = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|frame|frameset|applet|base|meta|link|form)\b", re.I
)
_EVENT_ATTR = re.compile(r"<[a-z][^>]*?[\s/\"']on[a-z]+\s*=", re.I)
_BAD_SCHEME = re.compile(r"(javascript|vbscript|data\s*:\s*text/html)\s*:?", re.I)
_BAD_URL_CONTEXT = re.compile(r"(?:href|src|action|formaction|xlink:href)\s*=|\]\s*\(|<", re.I)
_FENCE_LINE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"`[^`\n]*`")


def check_body(body: str, body_line: int, report: Reporter) -> bool:
    """Refuse active content in a body written by a stranger; True when it is clean."""
    clean = True
    in_fence = False
    for offset, line in enumerate(body.split("\n")):
        if _FENCE_LINE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        for problem in _body_problems(_CODE_SPAN.sub("", line)):
            report.error(body_line + offset, problem)
            clean = False
    return clean


def _body_problems(line: str) -> list[str]:
    problems = []
    decoded = re.sub(r"\s+", "", html.unescape(html.unescape(line)))
    tag = _DANGEROUS_TAGS.search(line) or _DANGEROUS_TAGS.search(html.unescape(line))
    if tag:
        problems.append(f"<{tag.group(1).lower()}> is not allowed in an article body")
    if _EVENT_ATTR.search(line):
        problems.append("HTML event attributes (on...=) are not allowed in an article body")
    if re.search(r"(javascript|vbscript):|data:text/html", decoded, re.I):
        problems.append("javascript:, vbscript: and data:text/html links are not allowed")
    return problems


def default_slug(path: str) -> str:
    """`content/2023/2023-09-12-kim-train.md` → `kim-train`."""
    stem = _FILE_DATE.sub("", PurePosixPath(path).stem)
    return stem if is_slug(stem) else slugify(stem)


def first_paragraph(body: str, limit: int = 300) -> str:
    """The body's first prose paragraph as plain text, cut at a word near `limit`."""
    for block in re.split(r"\n\s*\n", body):
        text = block.strip()
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
    if values is None or not body_ok:
        return None
    if values.get("updated") and values["updated"] < values["date"]:
        report.error(_key_line(meta, "updated"), "'updated' is before 'date'")
        return None
    return _make_article(path, values, body)


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
        updated=values.get("updated"),
        draft=values.get("draft", False),
        name_lines=tuple((kind, n) for kind in Kind for n in names[kind]),
    )


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
    if values is None or not body_ok:
        return None
    slug = slugify(values["title"])
    if PurePosixPath(path).stem != slug:
        report.warning(_key_line(meta, "title"),
                       f"file name does not match the title '{values['title']}'; rename it to {slug}.md")
    parent = values.get("parent")
    return Term(
        kind=kind, slug=slug, title=" ".join(values["title"].split()), path=path,
        line=_key_line(meta, "title"), aliases=values.get("aliases", ()),
        summary=values.get("summary", ""), body=body.strip(), role=values.get("role", ""),
        country=values.get("country", ""), parent=parent.text if parent else "",
        countries=values.get("countries", ()), match=values.get("match", ()),
    )
