"""The `briefing` command: check, new, import, generate, schema, stale, diff."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .cli_authoring import import_article, new_article
from .cli_review import diff, schema, stale
from .config import ConfigError
from .corpus import Corpus
from .kinds import Kind
from .model import Diagnostic
from .project import Project
from .search import SEARCH_JS, PagefindError, article_filters, mark_tree, run_pagefind, search_page, search_script
from .site import build_site
from .urls import SEARCH_SRC
from .writer import WriteError, check_target, docs_tree, write_tree
from .zensical import BUILDER_OUTPUT, TranslateError, search_option, zensical_tree

EXIT_CONTENT = 1
EXIT_USAGE = 2


pass_project = click.make_pass_decorator(Project)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True,
              help="The site's mkdocs.yml; the briefing plugin's entry holds the settings.")
@click.pass_context
def cli(ctx: click.Context, config_file: Path) -> None:
    """Briefing: turn news articles into topic, region and actor briefings."""
    if ctx.invoked_subcommand == "pagefind":
        return  # indexes any built site: no mkdocs.yml needed
    try:
        ctx.obj = Project(config_file)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None


def summary_line(corpus: Corpus) -> str:
    """`16 articles, 24 terms: 0 errors, 2 warnings`."""
    errors = sum(d.severity == "error" for d in corpus.diagnostics)
    warnings = sum(d.severity == "warning" for d in corpus.diagnostics)
    counts = ((len(corpus.articles), "article"), (len(corpus.terms), "term"),
              (errors, "error"), (warnings, "warning"))
    a, t, e, w = (f"{n} {word}{'s' * (n != 1)}" for n, word in counts)
    held = sum(d.severity == "note" and d.message.startswith("held back until") for d in corpus.diagnostics)
    return f"{a}, {t}: {e}, {w}" + (f"; {held} held back for a later day" if held else "")


@cli.command()
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@pass_project
def check(project: Project, strict: bool, fmt: str) -> None:
    """Validate content/ and the term files; exit 1 on errors."""
    corpus = project.checked(strict=strict)
    if fmt == "json":
        click.echo(json.dumps(_diagnostics_json(corpus), indent=2, ensure_ascii=False))
    else:
        for diagnostic in corpus.diagnostics:
            click.echo(str(diagnostic))
        click.echo(summary_line(corpus))
    failing = {"error", "warning"} if strict else {"error"}
    sys.exit(EXIT_CONTENT if any(d.severity in failing for d in corpus.diagnostics) else 0)


def _diagnostics_json(corpus: Corpus) -> dict[str, object]:
    def one(d: Diagnostic) -> dict[str, object]:
        return {"path": d.path, "line": d.line, "severity": d.severity, "message": d.message}

    counts = {kind.value: sum(k is kind for k, _ in corpus.terms) for kind in Kind}
    errors = sum(d.severity == "error" for d in corpus.diagnostics)
    return {"articles": len(corpus.articles), "terms": counts, "errors": errors,
            "warnings": sum(d.severity == "warning" for d in corpus.diagnostics),
            "diagnostics": [one(d) for d in corpus.diagnostics]}


@cli.command()
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write into: the docs tree, or with --for zensical DIR/docs/ and DIR/zensical.toml.")
@click.option("--for", "builder", type=click.Choice(["docs", "zensical"]), default="docs", show_default=True,
              help="docs: the docs tree alone, for any builder; zensical: plus a zensical.toml from mkdocs.yml.")
@click.option("--atomic", is_flag=True,
              help="Replace the whole folder at once (all or nothing) instead of only the files that changed; "
                   "a running `serve` then loses the folder.")
@pass_project
def generate(project: Project, out: Path, builder: str, atomic: bool) -> None:
    """Write the whole docs tree (editors' pages + generated pages) for any builder.

    An existing output folder is updated in place: only files whose content changed are rewritten and only
    files generate wrote before are removed, so `zensical serve` (or any watcher) running on it sees edits.
    """
    result = build_site(project.read(), project.settings)
    for diagnostic in result.diagnostics:
        click.echo(str(diagnostic), err=True)
    if result.errors:
        click.echo("generate: content has errors; nothing written", err=True)
        sys.exit(EXIT_CONTENT)
    try:
        tree = mark_tree(docs_tree(project.root, project.settings, result.pages, result.consumed),
                         generated=result.pages.keys(), filters=article_filters(result.corpus.articles))
        if search_option(project.config_file) == "pagefind" and SEARCH_SRC not in tree:
            tree[SEARCH_SRC] = search_page("../").encode("utf-8")  # as the plugin adds it
        if search_option(project.config_file) == "pagefind":
            tree[SEARCH_JS] = search_script().encode("utf-8")
        extra: tuple[str, ...] = ()
        if builder == "zensical":
            tree, extra = zensical_tree(project.config_file, tree), BUILDER_OUTPUT
        check_target(out, project.root, project.settings, builder_output=extra)
        changed = write_tree(out, tree, atomic=atomic)
    except (WriteError, TranslateError) as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"wrote {len(tree)} files to {out} ({changed} written or removed)")


@cli.command()
@click.argument("site_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
def pagefind(site_dir: Path) -> None:
    """Index a built site (MkDocs' or Zensical's) with Pagefind into SITE_DIR/pagefind/.

    Pages built from `briefing generate` carry the marks: what to index, what to skip, each article's
    region, actor, topic and year filters.
    """
    try:
        click.echo(run_pagefind(site_dir))
    except PagefindError as exc:
        raise click.ClickException(str(exc)) from None


for _command in (new_article, import_article, schema, stale, diff):
    cli.add_command(_command)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="briefing")
