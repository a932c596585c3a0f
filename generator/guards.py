"""Guard rails: mistakes a well-formed article can still hold, each told at its line.

A time in a date, a file in another year's folder or named for another day, a draft whose file
name no longer follows its title; and for `check --strict`, no sources or the unchanged
`briefing new` skeleton. Pure: one loaded file in, diagnostics out.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from .body import fenced_code_lines
from .checks import key_line
from .kinds import BY_ARTICLE_KEY, Kind
from .load import Located
from .media import MEDIA_DIR, images_without_alt
from .model import Article, Diagnostic, Name
from .slugs import slugify, title_slug

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

_DATE_KEYS = frozenset(("date", "updated"))
_WITH_TIME = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})[Tt ]\s*\d")
_FILE_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})-")
_YEAR = re.compile(r"^\d{4}$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s.*$", re.M)


@dataclass(frozen=True)
class NamesOnly:
    """The names of an article that failed validation, so its errors hide none of the name warnings."""

    path: str
    date: dt.date
    name_lines: tuple[tuple[Kind, Name], ...]


def names_only(path: str, meta: Located | None) -> NamesOnly | None:
    """The text names under region/actors/topics of a front-matter that did not validate."""
    if meta is None or meta.kind != "map":
        return None
    values = {str(k.value): v for k, v in meta.items()}
    date = values["date"].value if "date" in values else None
    found: list[tuple[Kind, Name]] = []
    for key, kind in BY_ARTICLE_KEY.items():
        node = values.get(key)
        items = node.value if node is not None and node.kind == "seq" else (node,) if node is not None else ()
        found += [(kind, Name(" ".join(i.value.split()), i.line)) for i in items
                  if i.kind == "scalar" and isinstance(i.value, str) and i.value.strip()]
    day = date if isinstance(date, dt.date) else dt.date.max  # no date: counted as the newest file
    return NamesOnly(path, day, tuple(found)) if found else None


def article_guards(path: str, meta: Located | None, article: Article | None, body_line: int = 1
                   ) -> list[Diagnostic]:
    """Every guard-rail diagnostic for one article file."""
    found = list(_times_in_dates(path, meta))
    if article is not None and meta is not None:
        found += list(_place_and_name(article, meta))
        found += [Diagnostic(path, line, "error", f"image '{target}' has no alt text: say what it shows, for "
                                                  f"readers who cannot see it, e.g. {_with_alt(target)}")
                  for line, target in images_without_alt(article.body, body_line)]
    return found


def _with_alt(target: str) -> str:
    if target == "<img>":
        return "<img alt=\"Kim's train at Khasan station\" src=...>"
    return f"![Kim's train at Khasan station]({target})"


def _times_in_dates(path: str, meta: Located | None) -> Iterator[Diagnostic]:
    """A date with a time is an error: articles are dated by day, and the time would be dropped unseen."""
    for key, value in _pairs(meta):
        # Only a timestamp YAML read (and the loader cut to its day); other text is refused as no date.
        read_as_day = key.value in _DATE_KEYS and value.kind == "scalar" and isinstance(value.value, dt.date)
        match = _WITH_TIME.match(value.raw) if read_as_day else None
        if match:
            yield Diagnostic(path, value.line, "error",
                             f"'{key.value}' holds a time ('{value.raw}'); dates are days: write "
                             f"{key.value}: {match.group(1)}")


def _pairs(node: Located | None) -> Iterator[tuple[Located, Located]]:
    """Every key/value pair in a front-matter tree, sources' own dates included."""
    if node is None:
        return
    if node.kind == "map":
        for key, value in node.items():
            yield key, value
            yield from _pairs(value)
    elif node.kind == "seq":
        for item in node.value:
            yield from _pairs(item)


def _place_and_name(article: Article, meta: Located) -> Iterator[Diagnostic]:
    """The year folder and the file name's date should agree with `date:`; a draft's name with its title."""
    pure, line, day = PurePosixPath(article.path), key_line(meta, "date"), article.date.isoformat()
    year = next((part for part in reversed(pure.parent.parts) if _YEAR.match(part)), None)
    if year is not None and year != f"{article.date.year:04d}":
        yield Diagnostic(article.path, line, "warning",
                         f"the file is in the folder {year}/ but 'date' is {day}: move it to the "
                         f"{article.date.year:04d}/ folder, or correct the date")
    named = _FILE_DATE.match(pure.stem)
    if named and named.group(1) != day:
        yield Diagnostic(article.path, line, "warning",
                         f"the file name says {named.group(1)} but 'date' is {day}: rename it to "
                         f"{day}-{pure.stem[len(named.group(0)):]}.md, or correct the date")
    if article.draft and "slug" not in {k.value for k, _ in meta.items()} and _title_moved_on(article, pure.stem):
        suggested = f"{day}-{title_slug(article.title)}.md"
        yield Diagnostic(article.path, key_line(meta, "title"), "warning",
                         f"the file name no longer follows the title; while the article is a draft, rename it "
                         f"to {suggested} (its address comes from the file name and should not change later)")


def _title_moved_on(article: Article, stem: str) -> bool:
    """Fewer than half the file name's words are still in the title: it was rewritten."""
    named = [w for w in slugify(_FILE_DATE.sub("", stem)).split("-") if w]
    title = set(slugify(article.title).split("-"))
    return bool(named) and sum(w in title for w in named) * 2 < len(named)


def strict_refusals(article: Article, text: str) -> list[Diagnostic]:
    """What `check --strict` (the pull-request check) refuses in a finished article: no sources, a skeleton body.

    Not diagnostics of the build: the fixtures and previews of a work in progress may lack sources.
    """
    if article.draft:
        return []  # a draft is work in progress; builds leave it out
    found = []
    if not article.sources:
        found.append(Diagnostic(article.path, _line_of(text, "sources:") or _line_of(text, "title:") or 1, "error",
                                "no sources: list the reports this article draws on under 'sources:' "
                                "(publisher or title, and url and date where there are)"))
    if not _HEADING.sub("", _without_comments(article.body)).strip():
        found.append(Diagnostic(article.path, body_line(text), "error",
                                "the body is still the `briefing new` template (headings and comments only): "
                                "write the article in your own words"))
    return found


def _without_comments(text: str) -> str:
    """The text without its HTML comments; str.find keeps '<!--' * 100,000 linear, as a lazy regex would not."""
    kept, at = [], 0
    while (start := text.find("<!--", at)) >= 0:
        kept.append(text[at:start])
        end = text.find("-->", start + 4)
        at = len(text) if end < 0 else end + 3
    kept.append(text[at:])
    return "".join(kept)


def _line_of(text: str, start: str) -> int:
    """The first line starting with `start` within the front-matter, or 0."""
    for number, line in enumerate(text.splitlines()[1:], start=2):
        if line.rstrip() == "---":
            return 0
        if line.startswith(start):
            return number
    return 0


def body_line(text: str) -> int:
    """The first line after the closing '---' of the front-matter."""
    lines = text.splitlines()
    closing = next((i for i, line in enumerate(lines[1:], start=1) if line.rstrip() == "---"), 0)
    return closing + 2


# --- links and images in article bodies -----------------------------------------------------------

# Every repetition is bounded, so a hostile body ('<a ' * 300,000 on one line) is scanned in linear time.
_MD_LINK = re.compile(r"(!?)\[(?:[^\[\]\n]|\[[^\[\]\n]{0,200}\]){0,500}\]\(\s{0,20}<?([^()\s<>]{1,2000})>?"
                      r"(?:\s{1,20}[\"'(][^\n]{0,300}?[\"')])?\s{0,20}\)")
_HTML_LINK = re.compile(r"<(a|img)\b[^>]{0,200}?\s(?:href|src)\s{0,20}=\s{0,20}[\"']([^\"']{1,2000})[\"']", re.I)
_CODE_SPAN = re.compile(r"(`{1,20})[^`\n]{0,5000}?\1")
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")


def body_links(body: str, body_line: int) -> list[tuple[int, str, str]]:
    """(file line, target, 'link', 'image' or 'img': an HTML image) of each Markdown or HTML link in a body,
    code left out."""
    lines = body.split("\n")
    code = fenced_code_lines(lines)
    found = []
    for index, line in enumerate(lines):
        if index in code:
            continue
        text = _CODE_SPAN.sub("", line)
        found += [(body_line + index, m.group(2), "image" if m.group(1) else "link") for m in _MD_LINK.finditer(text)]
        found += [(body_line + index, m.group(2), "img" if m.group(1).lower() == "img" else "link")
                  for m in _HTML_LINK.finditer(text)]
    return found


def broken_links(article: Article, body_line: int, exists: Callable[[str], bool],
                 sources: Mapping[str, str]) -> list[Diagnostic]:
    """Links and images in an article's body that lead to no page or file of the site, at their lines.

    `exists` answers for a docs-relative path; `sources` maps article source paths to their page paths,
    so a link written to another article's file gets its page's address as the fix.
    """
    page = article_page(article)
    found = []
    for line, target, kind in body_links(article.body, body_line):
        image = kind != "link"
        path = target.split("#", 1)[0].split("?", 1)[0]
        if not path or _EXTERNAL.match(target):
            continue
        # A Markdown image `media/...` is written relative to the page by the plan (media.media_links).
        resolved = posixpath.normpath(path) if kind == "image" and path.startswith(f"{MEDIA_DIR}/") else _resolve(
            page, path)
        if any(exists(c) for c in _candidates(resolved, path.endswith("/"))):
            continue
        what, shown = "image" if image else "link", resolved + "/" * path.endswith("/")
        fix = _markdown_form(page, path, exists) or _fix(article, path, sources)
        found.append(Diagnostic(article.path, line, "warning",
                                f"{what} '{target}' leads nowhere: from this article's page it is "
                                f"/{shown}, which the site does not have{fix}"))
    return found


def _markdown_form(page: str, path: str, exists: Callable[[str], bool]) -> str:
    """A page's address written from the Markdown file's folder: name its .md file, which MkDocs resolves."""
    if path.startswith("/") or not path.endswith("/"):
        return ""
    meant = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    for candidate in (f"{meant}.md", f"{meant}/index.md"):
        if exists(candidate):
            return f"; write it as {posixpath.relpath(candidate, posixpath.dirname(page))}, which MkDocs resolves"
    return ""


def article_page(article: Article) -> str:
    """The docs-relative page an article is rendered to."""
    return f"articles/{article.date:%Y}/{article.date:%m}/{article.slug}.md"


def _resolve(page: str, path: str) -> str:
    """The docs path a link means. MkDocs rewrites links to files it has (from the Markdown file's
    folder); anything else is left to the browser, which reads it from the page's own address."""
    if path.startswith("/"):
        return posixpath.normpath(path.lstrip("/"))
    has_file = "." in posixpath.basename(path.rstrip("/")) and not path.endswith("/")
    base = posixpath.dirname(page) if has_file else page[:-3]
    return posixpath.normpath(posixpath.join(base, path))


def _candidates(resolved: str, directory: bool) -> tuple[str, ...]:
    """Docs files a resolved link may mean: a file, or a page's directory URL."""
    if directory or "." not in posixpath.basename(resolved):
        return (f"{resolved}.md", f"{resolved}/index.md", "index.md" if resolved == "." else resolved)
    return (resolved,)


def _fix(article: Article, path: str, sources: Mapping[str, str]) -> str:
    """For a link to another article's source file, the relative address of its page."""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(article.path), path))
    page = sources.get(target)
    if page is None:
        if path.startswith(f"{MEDIA_DIR}/"):
            return f"; add the file to the docs folder as {path}"
        return (f"; put images in the docs folder's {MEDIA_DIR}/ and write {MEDIA_DIR}/<file>"
                if _IMAGE.search(path) else "")
    relative = posixpath.relpath(page, posixpath.dirname(article_page(article)))
    return f"; that is another article's file: link its page instead, {relative}"


_IMAGE = re.compile(r"\.(?:png|jpe?g|gif|svg|webp|avif)$", re.I)
