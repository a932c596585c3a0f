"""`briefing schema`, `briefing stale` and `briefing diff`: tools for editors and reviewers."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path

import click

from .checks import one_line
from .corpus import Corpus
from .freshness import Stale, stale_assessments, stale_json
from .index import build_index
from .kinds import Kind
from .model import Diagnostic, Sources
from .project import Project
from .review import Changes, DraftChange, SiteDiff, build_side, diff_sites
from .schema import ARTICLE_FIELDS, json_schema_for

EXIT_CONTENT = 1
_SYMLINK, _BLOB_MODES = "120000", ("100644", "100755")


# --- briefing schema ---------------------------------------------------------------------

def schema_documents() -> dict[str, str]:
    """File name → JSON text of each front-matter schema, byte-stable (sorted keys, final newline)."""
    schemas = {"article": json_schema_for(ARTICLE_FIELDS, title="Briefing article front-matter")}
    for kind in Kind:
        title = f"Briefing {kind.singular} file front-matter"
        schemas[kind.singular] = json_schema_for(kind.spec.term_fields, title=title)
    return {f"{name}.schema.json": json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
            for name, schema in sorted(schemas.items())}


@click.command("schema")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write the schema files into.  [default: schema/ beside mkdocs.yml]")
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 if the files there are missing or out of date.")
@click.pass_obj
def schema(project: Project, out: Path | None, check_only: bool) -> None:
    """Write the JSON Schemas of article and term-file front-matter, made from the validator's fields."""
    folder = out if out is not None else project.root / "schema"
    documents = schema_documents()
    stale = [name for name, text in documents.items() if _read_text(folder / name) != text]
    if check_only:
        for name in stale:
            click.echo(f"{folder / name}: out of date; run `briefing schema`", err=True)
        sys.exit(EXIT_CONTENT if stale else 0)
    folder.mkdir(parents=True, exist_ok=True)
    for name in stale:
        (folder / name).write_text(documents[name], encoding="utf-8")
    click.echo(f"{len(documents)} schema files in {folder} ({len(stale)} written)")


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


# --- briefing stale ----------------------------------------------------------------------

@click.command("stale")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.pass_obj
def stale(project: Project, fmt: str) -> None:
    """List the briefings whose state of play is older than their newest development, most behind first.

    Information for editors, not a failure: it exits 0 whatever it finds (1 only on content errors).
    """
    corpus = project.corpus()
    found = stale_assessments(build_index(corpus, project.settings).briefings.values())
    for diagnostic in corpus.errors:
        click.echo(str(diagnostic), err=True)
    if fmt == "json":
        click.echo(json.dumps({"stale": stale_json(found), "assessed": _assessed(corpus)}, indent=2,
                              ensure_ascii=False))
    else:
        click.echo("\n".join(stale_lines(found, _assessed(corpus))))
    sys.exit(EXIT_CONTENT if corpus.errors else 0)


def _assessed(corpus: Corpus) -> int:
    return sum(term.state is not None for term in corpus.terms.values())


def stale_lines(found: tuple[Stale, ...], assessed: int) -> list[str]:
    """The text report: each stale assessment at its `as_of` line, with the developments since."""
    lines = []
    for item in found:
        lines.append(str(item))
        lines.extend(f"  {a.date}  {a.title} ({a.path})" for a in item.since)
    lines.append(f"{len(found)} of {assessed} assessment{'s' * (assessed != 1)} older than their newest development")
    return lines


# --- briefing diff -----------------------------------------------------------------------

class GitError(Exception):
    """git refused: a bad revision, no repository, or no git at all; the message is git's."""


def run_git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git in `root` and return its output; read-only commands only, so nothing is disturbed."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, check=False)
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise GitError(message or f"git {args[0]} failed with exit code {done.returncode}")
    return done.stdout


def read_git_tree(root: Path, revision: str, folders: list[str]) -> dict[str, bytes]:
    """Path (relative to `root`) → bytes of every file under `folders` at `revision`, from git's objects."""
    if revision.startswith("-"):
        raise GitError(f"'{revision}' is not a revision")
    listing = run_git(root, "ls-tree", "-r", "-z", revision, "--", *folders)
    blobs: dict[str, str] = {}
    for entry in filter(None, listing.split(b"\0")):
        meta, _, path = entry.decode("utf-8", "surrogateescape").partition("\t")
        mode, kind, oid = meta.split(" ")
        # Symbolic links and submodules are skipped: git stores a link's target, not the file's bytes.
        if kind == "blob" and mode in _BLOB_MODES:
            blobs[path] = oid
    return dict(zip(blobs, _cat_blobs(root, list(blobs.values())), strict=True))


def _cat_blobs(root: Path, oids: list[str]) -> list[bytes]:
    """The contents of many blobs with one `git cat-file --batch`."""
    if not oids:
        return []
    out = run_git(root, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid in oids).encode("ascii"))
    contents, at = [], 0
    for _ in oids:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split(b" ")[2])
        contents.append(out[header_end + 1: header_end + 1 + size])
        at = header_end + 1 + size + 1  # the blob is followed by a newline
    return contents


def read_working_tree(project: Project) -> Sources:
    """The sources as the read step reads them, plus every regular file of the docs folder."""
    read = project.read()
    docs = project.root / project.settings.docs_dir
    files = {path.relative_to(project.root).as_posix(): path.read_bytes()
             for path in sorted(docs.rglob("*")) if path.is_file() and not path.is_symlink()}
    files.update(read.files)
    return Sources(files, read.problems)


@click.command("diff")
@click.argument("base")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="Output format (markdown: the text report as one code block, for a PR summary).")
@click.pass_obj
def diff(project: Project, base: str, fmt: str) -> None:
    """List pages added, changed and removed between git revision BASE and the working tree.

    Both sides are built with the working tree's generator and mkdocs.yml, so the list shows
    what the content change does. BASE is read from git's objects; no checkout is touched.
    """
    settings = project.settings
    try:
        base_files = read_git_tree(project.root, base, [settings.content_dir, settings.docs_dir])
    except GitError as exc:
        raise click.UsageError(str(exc)) from None
    # A conflict the change brings is blamed on the file it adds, not on the published one, whatever the dates.
    head = dataclasses.replace(settings, established=frozenset(base_files))
    result = diff_sites(build_side(Sources(base_files), settings), build_side(read_working_tree(project), head),
                        settings.build_date)
    if fmt == "json":
        click.echo(json.dumps(diff_json(base, result), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(diff_markdown(base, result))
    else:
        click.echo("\n".join(diff_lines(base, result)))


def diff_markdown(base: str, result: SiteDiff) -> str:
    """The text report as one fenced code block: the fence is longer than any run of backticks in it, and
    every line is one printable line, so no file name can close the block or add Markdown of its own."""
    body = "\n".join(diff_lines(base, result))
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{body}\n{fence}"


def diff_lines(base: str, result: SiteDiff) -> list[str]:
    """The text report: errors first, then each group's URLs, one per line (names with newlines spelled out)."""
    return [one_line(line) for line in _report_lines(base, result)]


def _report_lines(base: str, result: SiteDiff) -> list[str]:
    lines = [f"briefing diff: {base} → working tree"]
    for side, errors in ((base, result.base_errors), ("the working tree", result.head_errors)):
        if errors:
            lines.append(f"{side} has content errors; pages of the files with errors are left out:")
            lines.extend(f"  {d}" for d in errors)
    for label, changes in (("Generated pages", result.pages), ("Editors' pages", result.docs)):
        lines.append(f"{label}: {_counts(changes)}")
        for verb, urls in _groups(changes):
            lines.extend(f"  {verb:<8} {url}" for url in urls)
    if result.new_briefings:
        lines.append(f"New briefing pages, one per new name (is each spelled as intended?): "
                     f"{len(result.new_briefings)}")
        lines.extend(f"  {b.kind.singular:<7} '{b.name}' {b.url} ({b.where})" for b in result.new_briefings)
    if result.drafts:
        lines.append(f"Drafts and held-back articles, left out of the built site: {len(result.drafts)}")
        lines.extend(f"  {_held(d)} {d.change:<8} {d.path} '{d.title}'" for d in result.drafts)
    if result.moved:
        lines.append(f"Pages that moved, with no redirect from their old address: {len(result.moved)}")
        lines.extend(f"  {m.old} → {m.new}: add `redirect_from: [{m.old}]` to {m.path}" for m in result.moved)
    if result.stale:  # information for editors: never a failure
        lines.append(f"Assessments this change makes stale: {len(result.stale)}")
        lines.extend(f"  {item}" for item in result.stale)
    return lines


def _groups(changes: Changes) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return (("added", changes.added), ("changed", changes.changed), ("removed", changes.removed))


def _counts(changes: Changes) -> str:
    if not changes:
        return "no changes"
    return ", ".join(f"{len(urls)} {verb}" for verb, urls in _groups(changes) if urls)


def _held(draft: DraftChange) -> str:
    return f"held back until {draft.until}," if draft.until else "draft"


def diff_json(base: str, result: SiteDiff) -> dict[str, object]:
    """The report as data, for bots and scripts."""
    def errors(found: tuple[Diagnostic, ...]) -> list[dict[str, object]]:
        return [{"path": d.path, "line": d.line, "severity": d.severity, "message": d.message} for d in found]

    return {"base": base,
            "pages": dict(_groups(result.pages)), "docs": dict(_groups(result.docs)),
            "errors": {"base": errors(result.base_errors), "head": errors(result.head_errors)},
            "new_briefings": [{"kind": b.kind.singular, "name": b.name, "url": b.url, "where": b.where}
                              for b in result.new_briefings],
            "drafts": [{"change": d.change, "path": d.path, "title": d.title,
                        "held_until": d.until.isoformat() if d.until else None} for d in result.drafts],
            "moved": [{"old": m.old, "new": m.new, "path": m.path} for m in result.moved],
            "stale": stale_json(result.stale)}

