"""`briefing new` and `briefing import`: create articles under content/, never overwriting."""

from __future__ import annotations

import click


@click.command("new")
@click.argument("title")
def new_article(title: str) -> None:
    """Scaffold an article (not written yet)."""
    raise click.UsageError("briefing new is not implemented yet")


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def import_article(file: str) -> None:
    """Convert pasted news text into an article (not written yet)."""
    raise click.UsageError("briefing import is not implemented yet")
