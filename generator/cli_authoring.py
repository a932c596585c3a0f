"""`briefing new` and `briefing import`: create articles under content/, never overwriting."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import NoReturn

import click

from .authoring import (
    ArticleDraft,
    AuthoringError,
    NameBook,
    NearNameError,
    NewsText,
    article_path,
    article_text,
    find_names,
    name_book,
    news_body,
    parse_date_option,
    parse_news_text,
    resolve_given,
    summary_from,
    title_slug,
)
from .corpus import build_corpus
from .files import link_problems
from .guards import SKELETON_BODY
from .kinds import Kind
from .model import Diagnostic, Settings
from .project import Project
from .slugs import is_slug, slugify
from .tree import tree_problems

EXIT_CONTENT = 1
_BOM = b"\xef\xbb\xbf"
IMPORT_CHECKLIST = (
    "rewrite the title, summary and every paragraph in your own words: the imported text is "
    "someone else's prose and must not be published as is",
    "add the reports you used under `sources:` (publisher, title, date, url)",
    "verify the names above: drop wrong matches, add people and places it missed (--actor, --region)",
    "verify the date: it is the day the events happened",
    "delete the line `draft: true` once the article is yours; until then builds leave it out",
)


@click.command("new")
@click.argument("title")
@click.option("--date", "date_text", required=True, metavar="YYYY-MM-DD", help="The day it happened.")
@click.option("--region", "regions", multiple=True, required=True, help="Where it happened; repeatable.")
@click.option("--actor", "actors", multiple=True, required=True, help="Who acted; repeatable.")
@click.option("--topic", "topics", multiple=True, help="A briefing it belongs to; repeatable.")
@click.option("--summary", default="", help="One or two sentences for listings and feeds.")
@click.option("--slug", default=None, help="URL name; default: from the title.")
@click.option("--new-name", "new_names", is_flag=True,
              help="Write given names that only look like known ones as they are: they are new names.")
@click.pass_obj
def new_article(project: Project, title: str, date_text: str, regions: tuple[str, ...],
                actors: tuple[str, ...], topics: tuple[str, ...], summary: str, slug: str | None,
                new_names: bool) -> None:
    """Scaffold an article at content/YYYY/YYYY-MM-DD-<slug>.md."""
    try:
        title = _one_line(title, "TITLE")
        date = parse_date_option(date_text)
        sources = _read_sources(project)
        book = name_book(build_corpus(sources, project.settings))
        names, notes = _given_names(book, {Kind.REGION: regions, Kind.ACTOR: actors, Kind.TOPIC: topics},
                                    new_names)
    except NearNameError as exc:
        _refuse_near_name(exc)
    except AuthoringError as exc:
        raise click.UsageError(str(exc)) from None
    draft = ArticleDraft(title, date, names, summary=" ".join(summary.split()))
    rel = article_path(project.settings.content_dir, date, _slug_option(slug) or title_slug(title))
    _write_article(project, sources, Path(project.root, rel), article_text(draft, SKELETON_BODY), notes)
    click.echo("next: write the body in your own words and list your sources, "
               "then run `briefing check` and `make serve` to preview it")


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--date", "date_text", default=None, metavar="YYYY-MM-DD",
              help="The day the reported events happened (required).")
@click.option("--region", "regions", multiple=True, help="Add a region; repeatable.")
@click.option("--actor", "actors", multiple=True, help="Add an actor; repeatable.")
@click.option("--topic", "topics", multiple=True, help="Add a topic; repeatable.")
@click.option("--slug", default=None, help="URL name; default: from the title.")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Write here instead of content/YYYY/YYYY-MM-DD-<slug>.md (a file, or a folder for it).")
@click.option("--new-name", "new_names", is_flag=True,
              help="Write given names that only look like known ones as they are: they are new names.")
@click.pass_obj
def import_article(project: Project, file: Path, date_text: str | None, regions: tuple[str, ...],
                   actors: tuple[str, ...], topics: tuple[str, ...], slug: str | None,
                   out: Path | None, new_names: bool) -> None:
    """Convert pasted plain news text into a draft article under content/."""
    try:
        if not date_text:
            raise AuthoringError("no date given: pass --date YYYY-MM-DD, the day the reported "
                                 "events happened (the text is not searched for one)")
        date = parse_date_option(date_text)
        news = parse_news_text(read_text_file(file, project.settings.max_file_bytes))
        sources = _read_sources(project)
        book = name_book(build_corpus(sources, project.settings))
        given = {Kind.REGION: regions, Kind.ACTOR: actors, Kind.TOPIC: topics}
        names, notes = _given_names(book, given, new_names)
        names = _add_found(names, news, book)
    except NearNameError as exc:
        _refuse_near_name(exc)
    except AuthoringError as exc:
        raise click.UsageError(str(exc)) from None
    summary = summary_from(news.paragraphs[0]) if news.paragraphs else ""
    draft = ArticleDraft(news.title, date, names, summary=summary, draft=True)
    target = _import_target(project, out, article_path(
        project.settings.content_dir, date, _slug_option(slug) or title_slug(news.title)))
    _write_article(project, sources, target, article_text(draft, news_body(news)), notes)
    _report_import(news, book)


# --- reading and choosing ------------------------------------------------------------------

def read_text_file(path: Path, max_bytes: int) -> str:
    """A pasted text file as text; too big, not UTF-8, empty or binary raises AuthoringError.

    The size is checked before reading: a 30 MB file would otherwise be read and processed for seconds.
    """
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise AuthoringError(f"{path} is {size:,} bytes; an article may be at most {max_bytes:,} "
                                 "('max_file_bytes'): paste only the news story's own text")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may grow between the two calls
    except OSError as exc:
        raise AuthoringError(f"cannot read {path}: {exc.strerror}") from None
    try:
        text = data.removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AuthoringError(f"{path} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset "
                             f"{exc.start}); save it as UTF-8 and try again") from None
    if "\x00" in text:
        raise AuthoringError(f"{path} holds NUL bytes; is it a binary file?")
    if not text.strip():
        raise AuthoringError(f"{path} is empty; paste the news text into it first")
    return text


def _read_sources(project: Project) -> Mapping[str, bytes]:
    """Existing articles and term files; unreadable ones simply contribute no names.

    A link out of the repository is refused first: the new file would be written through it.
    """
    settings = project.settings
    linked_folders = [d for d in tree_problems(project.root, settings)  # content/ itself a link out
                      if d.path in (settings.content_dir, settings.docs_dir)]
    links = linked_folders + [d for d in link_problems(project.root, settings) if d.severity == "error"]
    if links:
        raise AuthoringError("unsafe links in the repository; nothing written:\n" + "\n".join(map(str, links)))
    return project.read().files


def _one_line(text: str, what: str) -> str:
    line = " ".join(text.split())
    if not line:
        raise AuthoringError(f"{what} is empty")
    return line


def _slug_option(slug: str | None) -> str | None:
    if slug is not None and not is_slug(slug):
        raise click.UsageError(f"--slug must be lowercase letters, digits and single hyphens, "
                               f"got '{slug}'; try '{slugify(slug)}'")
    return slug


def _given_names(book: NameBook, given: Mapping[Kind, tuple[str, ...]], new_names: bool
                 ) -> tuple[dict[Kind, tuple[str, ...]], list[str]]:
    names: dict[Kind, tuple[str, ...]] = {}
    notes: list[str] = []
    for kind, raw in given.items():
        names[kind], kind_notes = resolve_given(kind, raw, book, new_names=new_names)
        notes.extend(kind_notes)
    return names, notes


def _add_found(names: dict[Kind, tuple[str, ...]], news: NewsText, book: NameBook
               ) -> dict[Kind, tuple[str, ...]]:
    """Given names first, then those found in the text; refuse when regions or actors stay empty."""
    found = find_names(news, book)
    merged = {kind: tuple(dict.fromkeys([*names.get(kind, ()), *(f.canonical for f in found if f.kind is kind)]))
              for kind in Kind}
    for kind, option in ((Kind.REGION, "--region"), (Kind.ACTOR, "--actor")):
        if not merged[kind]:
            examples = ", ".join(sorted(set(book.get(kind, {}).values()))[:8]) or "none yet"
            raise AuthoringError(f"found no known {kind.singular} in the text and none was given: pass "
                                 f"{option} NAME (repeatable; known {kind.value}: {examples})")
    return merged


def _import_target(project: Project, out: Path | None, default_rel: str) -> Path:
    if out is None:
        return Path(project.root, default_rel)
    return out / Path(default_rel).name if out.is_dir() else out


# --- writing and reporting -----------------------------------------------------------------

def _write_article(project: Project, sources: Mapping[str, bytes], target: Path, text: str,
                   notes: list[str]) -> None:
    """Check the new file against the existing content, then create it; never overwrite."""
    shown = _shown(project.root, target)
    if target.exists():
        _refuse_existing(shown)
    data = text.encode("utf-8")
    problems = _new_file_problems(project.settings, sources, _check_path(project, target), data)
    for note in notes:
        click.echo(note)
    said = {note.removeprefix("warning: ") for note in notes}
    for problem in problems:
        if problem.message not in said:  # the notes already gave the near-name warnings
            click.echo(str(problem), err=True)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        # Only a slug taken by another article is fixed by --slug; other errors name their own fix.
        hint = " (try --slug)" if any(p.message.startswith("slug '") for p in errors) else ""
        click.echo(f"nothing written: {shown} would not pass `briefing check`{hint}", err=True)
        sys.exit(EXIT_CONTENT)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as handle:  # 'x' refuses a file created since the check above
            handle.write(data)
    except FileExistsError:
        _refuse_existing(shown)
    except OSError as exc:
        raise click.UsageError(f"cannot write {shown}: {exc.strerror}") from None
    click.echo(f"wrote {shown}")


def _refuse_near_name(exc: NearNameError) -> NoReturn:
    """A likely typo of a known name is a content error: nothing is written (exit 1)."""
    click.echo(f"error: {exc}", err=True)
    click.echo("nothing written", err=True)
    sys.exit(EXIT_CONTENT)


def _refuse_existing(shown: str) -> None:
    click.echo(f"refusing to overwrite {shown}: it already exists; edit that file, "
               "or choose another name with --slug", err=True)
    sys.exit(EXIT_CONTENT)


def _new_file_problems(settings: Settings, sources: Mapping[str, bytes], rel: str,
                       data: bytes) -> list[Diagnostic]:
    """What `briefing check` would say about the new file among the existing ones."""
    corpus = build_corpus({**sources, rel: data}, settings)
    return [d for d in corpus.diagnostics if d.path == rel]


def _check_path(project: Project, target: Path) -> str:
    """The path `briefing check` would see; a file written elsewhere is checked as if in content/."""
    rel = _shown(project.root, target)
    if rel.startswith(project.settings.content_dir + "/") and rel.endswith(".md"):
        return rel
    return f"{project.settings.content_dir}/{target.stem}.md"


def _shown(root: Path, target: Path) -> str:
    """A path relative to the repository root where it lies inside it."""
    absolute = Path(os.path.abspath(target))
    try:
        return absolute.relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return str(target)


def _report_import(news: NewsText, book: NameBook) -> None:
    if news.dropped:
        click.echo("left out: " + ", ".join(news.dropped))
    found = find_names(news, book)
    click.echo("found:" if found else "found no known names in the text")
    for item in found:
        click.echo(f"  {item.kind.singular:<7} {item.describe()}")
    click.echo("still to do before it can be published:")
    for step in IMPORT_CHECKLIST:
        click.echo(f"  [ ] {step}")
    click.echo("next: run `briefing check`, then `make serve` to preview it (drafts show there)")
