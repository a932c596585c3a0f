"""The `briefing` command: check, new, import, generate, schema, stale, diff."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .config import ConfigError, read_settings
from .corpus import Corpus, build_corpus
from .files import read_sources
from .model import Diagnostic, Kind, Settings
from .site import build_site
from .writer import WriteError, check_target, docs_tree, write_tree

EXIT_CONTENT = 1
EXIT_USAGE = 2


class Project:
    """The repository root and its settings, found from mkdocs.yml."""

    def __init__(self, config_file: Path) -> None:
        self.config_file = config_file
        self.root = config_file.parent
        self.settings: Settings = read_settings(config_file)

    def corpus(self) -> Corpus:
        sources, problems = read_sources(self.root, self.settings)
        corpus = build_corpus(sources, self.settings)
        if not problems:
            return corpus
        merged = tuple(sorted(set(corpus.diagnostics) | set(problems)))
        return Corpus(corpus.articles, corpus.terms, merged)


pass_project = click.make_pass_decorator(Project)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True,
              help="The site's mkdocs.yml; the briefing plugin's entry holds the settings.")
@click.pass_context
def cli(ctx: click.Context, config_file: Path) -> None:
    """Briefing: turn news articles into topic, region and actor briefings."""
    try:
        ctx.obj = Project(config_file)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None


def summary_line(corpus: Corpus) -> str:
    """`16 articles, 24 terms: 0 errors, 2 warnings`."""
    errors = sum(d.severity == "error" for d in corpus.diagnostics)
    counts = ((len(corpus.articles), "article"), (len(corpus.terms), "term"),
              (errors, "error"), (len(corpus.diagnostics) - errors, "warning"))
    a, t, e, w = (f"{n} {word}{'s' * (n != 1)}" for n, word in counts)
    return f"{a}, {t}: {e}, {w}"


@cli.command()
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@pass_project
def check(project: Project, strict: bool, fmt: str) -> None:
    """Validate content/ and the term files; exit 1 on errors."""
    corpus = project.corpus()
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
            "warnings": len(corpus.diagnostics) - errors,
            "diagnostics": [one(d) for d in corpus.diagnostics]}


@cli.command()
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the whole docs tree into (replaced atomically).")
@pass_project
def generate(project: Project, out: Path) -> None:
    """Write the whole docs tree (editors' pages + generated pages) for any builder."""
    sources, problems = read_sources(project.root, project.settings, with_intro=True)
    result = build_site(sources, project.settings)
    diagnostics = sorted({*problems, *result.diagnostics})
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=True)
    if any(d.severity == "error" for d in diagnostics):
        click.echo("generate: content has errors; nothing written", err=True)
        sys.exit(EXIT_CONTENT)
    try:
        check_target(out, project.root, project.settings)
        tree = docs_tree(project.root, project.settings, result.pages, result.consumed)
        write_tree(out, tree)
    except WriteError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"wrote {len(tree)} files to {out}")


from .cli_authoring import import_article, new_article  # noqa: E402  (commands live beside their logic)
from .cli_review import diff, schema, stale  # noqa: E402

for _command in (new_article, import_article, schema, stale, diff):
    cli.add_command(_command)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="briefing")
