"""Validate: located front-matter and body → Article and Term values, with every problem reported.

The field checks live in `checks.py`, the body scanner in `body.py`; this module puts their
results together and checks what spans several keys.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import PurePosixPath
from typing import Literal

from .body import fenced_code_lines, scan_body, second_block
from .budget import ENTITIES, MAX_ARTICLE_OUTPUT, MAX_SCAN, markdown_cost, output_estimate
from .characters import check_xml_characters
from .checks import Checked, Reporter, key_line, read_mapping
from .kinds import KEY_FACTS_MAX, KEY_FACTS_MIN, KINDS, Field, Kind
from .load import Located
from .model import Article, Correction, StateOfPlay, Term
from .schema import ARTICLE_FIELDS
from .slugs import is_slug, slugify

_FILE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def check_body(body: str, body_line: int, report: Reporter) -> bool:
    """Report active content and a second front-matter block; True when the body is safe."""
    problems = scan_body(body, body_line)
    for line, message in problems:
        report.error(line, message)
    characters_ok = check_xml_characters(body, body_line, report)
    budget_ok = check_budget(body, body_line, report)
    if (found := second_block(body, body_line)) is not None:
        report.warning(*found)
    return not problems and characters_ok and budget_ok


def check_budget(body: str, body_line: int, report: Reporter) -> bool:
    """Refuse a body whose Markdown would take too long to render (budget.py); True when within budget."""
    lines = body.split("\n")
    for index in fenced_code_lines(lines):  # code is not scanned for links
        lines[index] = ""
    cost = markdown_cost(lines)
    if cost.scan <= MAX_SCAN:
        return True
    report.error(body_line + cost.line,
                 f"this body would take Markdown too long to render ({cost.scan:,} characters to scan for "
                 f"brackets left open; the limit is {MAX_SCAN:,}): the first '{cost.opener}' left open is here; "
                 f"close it or write it as {ENTITIES.get(cost.opener, '')}")
    return False


#: Headlines and listing summaries; past these they are pasted text, and each copy multiplies through
#: every briefing, feed and listing the article appears in.
TEXT_LIMITS = {"title": 200, "summary": 600}


def check_lengths(meta: Located, values: Checked, report: Reporter) -> bool:
    """Title and summary within TEXT_LIMITS; True when they are."""
    ok = True
    for key, limit in TEXT_LIMITS.items():
        text = values.text(key)
        if len(text) > limit:
            report.error(key_line(meta, key), f"'{key}' is {len(text):,} characters long; the limit is {limit}")
            ok = False
    return ok


def default_slug(path: str) -> str:
    """`content/2023/2023-09-12-kim-train.md` → `kim-train`."""
    stem = _FILE_DATE.sub("", PurePosixPath(path).stem)
    return stem if is_slug(stem) else slugify(stem)


def _is_prose(text: str) -> bool:
    """A block Markdown reads as a plain paragraph (not a heading, HTML, table, fence, image, quote or list)."""
    return bool(text) and not text.startswith(("#", "<", "|", "```", "~~~", "!", ">", "-", "*"))


def lead_paragraph(body: str) -> tuple[str, str]:
    """(the body's opening paragraph as written, the rest) when the body opens with one, else ("", body).

    An article without a `summary:` shows that paragraph as its standfirst, so it must not follow again.
    """
    first, blank, rest = body.strip().partition("\n\n")
    if not _is_prose(first) or _NOT_PLAIN.search(first):
        return "", body  # lists, setext headings, attributes, definitions: the contributor's text stays as written
    return first, rest.lstrip("\n") if blank else ""


#: A line that makes a block more than a paragraph, or ties it to the lines after it.
_NOT_PLAIN = re.compile(r"^(?:\[[^\]\n]*\]:|\d+[.)]\s|[-+*]\s|[=-]+\s*$|:\s|\[\^|\{:|\s|\*\*\*)", re.MULTILINE)


def first_paragraph(body: str, limit: int = 300) -> str:
    """The body's first prose paragraph as plain text, cut at a word near `limit`."""
    for block in re.split(r"\n\s*\n", body):
        text = block.strip()[: limit * 8]  # the link pattern below is quadratic on '[[[[...'; bound it
        if not _is_prose(text):
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
    if values is None or not body_ok or not check_lengths(meta, values, report):
        return None
    date, updated = values.date("date"), values.date("updated")
    assert date is not None  # a required field
    if updated and updated < date:
        report.error(key_line(meta, "updated"), f"'updated' ({updated}) is before 'date' ({date})")
        return None
    early = [c for c in values.corrections("corrections") if c.date < date]
    for correction in early:
        report.error(correction.line, f"a correction dated {correction.date} is before the article's 'date' ({date})")
    if early:
        return None
    article = _make_article(path, values, body, key_line(meta, "publish" if "publish" in values else "date"))
    return article if check_output(meta, article, report) else None


def check_output(meta: Located, article: Article, report: Reporter) -> bool:
    """Refuse an article that would add more than MAX_ARTICLE_OUTPUT to the site; True when it would not."""
    names = [name for kind in Kind for name in article.names(kind)]
    estimate = output_estimate(article.title, article.summary, names)
    if estimate <= MAX_ARTICLE_OUTPUT:
        return True
    report.error(meta.line, f"this article would add about {estimate / 1e6:.1f} MB to the site ({len(names)} "
                            f"names, each listing it with its title, summary and every name; the limit is "
                            f"{MAX_ARTICLE_OUTPUT / 1e6:.1f} MB): list only the main names")
    return False


def _make_article(path: str, values: Checked, body: str, schedule_line: int) -> Article:
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
        summary_written=bool(values.text("summary")),
        body=body,
        sources=values.sources("sources"),
        updated=_updated(values.date("updated"), values.corrections("corrections")),
        draft=values.flag("draft"),
        corrections=tuple(sorted(values.corrections("corrections"), key=lambda c: c.date)),
        publish=values.date("publish"),
        redirect_from=values.names("redirect_from"),
        name_lines=tuple((kind, n) for kind in KINDS for n in names[kind]),
        schedule_line=schedule_line,
    )


def _updated(updated: dt.date | None, corrections: tuple[Correction, ...]) -> dt.date | None:
    """A correction revises the article: `updated` is the newest correction's date when that is later."""
    return max((d for d in (updated, *(c.date for c in corrections)) if d is not None), default=None)


# --- term files -------------------------------------------------------------------------

def validate_term(kind: Kind, path: str, meta: Located | None, body: str, body_line: int,
                  report: Reporter) -> Term | None:
    """One term file → a Term, or None with diagnostics."""
    if meta is None or meta.kind != "map":
        report.error(1, f"a {kind.singular} file starts with front-matter: '---', 'title: ...', '---'")
        return None
    if not kind.spec.has_status and (status := next((k for k, _ in meta.items() if k.value == "status"), None)):
        report.warning(status.line, f"'status' is for topics and regions; a state of play of an {kind.singular} "
                                    "has none: delete it")
        meta = dataclasses.replace(meta, value=tuple(pair for pair in meta.items() if pair[0] is not status))
    values = read_mapping(meta, kind.spec.term_fields, report)
    body_ok = check_body(body, body_line, report)
    if values is None or not body_ok:
        return None
    title = values.text("title")
    slug = slugify(title)
    if PurePosixPath(path).stem != slug:
        report.warning(key_line(meta, "title"),
                       f"file name does not match the title '{title}'; rename it to {slug}.md")
    state = _state_of_play(meta, values, kind.spec.term_fields, report)
    if state is False:
        return None
    parent = values.name("parent")
    return Term(
        kind=kind, slug=slug, title=" ".join(title.split()), path=path,
        line=key_line(meta, "title"), aliases=values.names("aliases"),
        summary=values.text("summary"), body=body.strip(), role=values.text("role"),
        country=values.text("country"), parent=parent.text if parent else "",
        countries=values.codes("countries"), match=values.match("match"),
        state=state, featured=values.flag("featured"),
        sort_as=" ".join(values.text("sort_as").split()),
        redirect_from=values.names("redirect_from"),
    )


def _state_of_play(meta: Located, values: Checked, fields: tuple[Field, ...],
                   report: Reporter) -> StateOfPlay | Literal[False] | None:
    """A term file's state of play: None when it has none, False when it is wrong (reported)."""
    present = [f.name for f in fields if f.needs == "as_of" and f.name in values]
    as_of = values.date("as_of")
    if as_of is None:
        if present:
            report.error(key_line(meta, present[0]), f"'{present[0]}' is part of a state of play, which needs "
                                                     "'as_of': the day the editors made the assessment (YYYY-MM-DD)")
        return False if present else None
    if not present:
        report.warning(key_line(meta, "as_of"), "'as_of' dates a state of play, but there is no "
                                                "bottom_line, status, key_facts or watch")
    facts = values.facts("key_facts")
    if "key_facts" in values and not KEY_FACTS_MIN <= len(facts) <= KEY_FACTS_MAX:
        report.error(key_line(meta, "key_facts"), f"'key_facts' lists {len(facts)} fact{'s' * (len(facts) != 1)}; "
                                                  f"a state of play has {KEY_FACTS_MIN} to {KEY_FACTS_MAX}")
        return False
    return StateOfPlay(as_of, key_line(meta, "as_of"), values.text("bottom_line"), values.text("status"),
                       facts, values.watch("watch"))
