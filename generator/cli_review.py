"""`briefing schema` and `briefing diff`: tools for editors and reviewers."""

from __future__ import annotations

import click


@click.command("schema")
def schema() -> None:
    """Write the JSON Schema of front-matter (not written yet)."""
    raise click.UsageError("briefing schema is not implemented yet")


@click.command("diff")
@click.argument("base")
def diff(base: str) -> None:
    """List generated pages added, changed and removed since BASE (not written yet)."""
    raise click.UsageError("briefing diff is not implemented yet")
