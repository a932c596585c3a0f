"""Validate: located front-matter and body → Article and Term values, with every problem reported.

The field checks live in `checks.py`, the body scanner in `body.py`; this module puts their
results together and checks what spans several keys.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from .body import scan_body, second_block
from .checks import Checked, Reporter, key_line, read_mapping
from .kinds import KINDS, Kind
from .load import Located
from .model import Article, Term
from .schema import ARTICLE_FIELDS
from .slugs import is_slug, slugify

_FILE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def check_body(body: str, body_line: int, report: Reporter) -> bool:
    """Report active content and a second front-matter block; True when the body is safe."""
    problems = scan_body(body, body_line)
    for line, message in problems:
        report.error(line, message)
    if (found := second_block(body, body_line)) is not None:
        report.warning(*found)
    return not problems


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


# --- articles ---------------------------------------------------------------------------

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
    date, updated = values.date("date"), values.date("updated")
    assert date is not None  # a required field
    if updated and updated < date:
        report.error(key_line(meta, "updated"), f"'updated' ({updated}) is before 'date' ({date})")
        return None
    return _make_article(path, values, body)


def _make_article(path: str, values: Checked, body: str) -> Article:
    names = {kind: values.names(spec.article_key) for kind, spec in KINDS.items()}
    date = values.date("date")
    assert date is not None
    return Article(
        path=path,
        slug=values.text("slug") or default_slug(path),
        title=values.text("title"),
        date=date,
        regions=tuple(n.text for n in names[Kind.REGION]),
        actors=tuple(n.text for n in names[Kind.ACTOR]),
        topics=tuple(n.text for n in names[Kind.TOPIC]),
        summary=values.text("summary") or first_paragraph(body),
        body=body,
        sources=values.sources("sources"),
        updated=values.date("updated"),
        draft=values.flag("draft"),
        name_lines=tuple((kind, n) for kind in KINDS for n in names[kind]),
    )


# --- term files -------------------------------------------------------------------------

def validate_term(kind: Kind, path: str, meta: Located | None, body: str, body_line: int,
                  report: Reporter) -> Term | None:
    """One term file → a Term, or None with diagnostics."""
    if meta is None or meta.kind != "map":
        report.error(1, f"a {kind.singular} file starts with front-matter: '---', 'title: ...', '---'")
        return None
    values = read_mapping(meta, kind.spec.term_fields, report)
    body_ok = check_body(body, body_line, report)
    if values is None or not body_ok:
        return None
    title = values.text("title")
    slug = slugify(title)
    if PurePosixPath(path).stem != slug:
        report.warning(key_line(meta, "title"),
                       f"file name does not match the title '{title}'; rename it to {slug}.md")
    parent = values.name("parent")
    return Term(
        kind=kind, slug=slug, title=" ".join(title.split()), path=path,
        line=key_line(meta, "title"), aliases=values.names("aliases"),
        summary=values.text("summary"), body=body.strip(), role=values.text("role"),
        country=values.text("country"), parent=parent.text if parent else "",
        countries=values.codes("countries"), match=values.match("match"),
    )
