"""The build date: the day a build publishes up to, from SOURCE_DATE_EPOCH or git, never the core's clock.

Reproducible builds (https://reproducible-builds.org/specs/source-date-epoch/) name the build time in
SOURCE_DATE_EPOCH; without it the newest commit's date stands in, so rebuilding one commit gives one site.
Only outside git, with no SOURCE_DATE_EPOCH, is today's date (UTC) used.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Mapping
from pathlib import Path


def build_date(root: Path, environ: Mapping[str, str] | None = None) -> dt.date:
    """The UTC day of SOURCE_DATE_EPOCH, else of the commit checked out in `root`, else today."""
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return epoch_date(epoch)
    committed = commit_epoch(root)
    if committed is not None:
        return epoch_date(committed)
    return dt.datetime.now(dt.UTC).date()


def epoch_date(epoch: str) -> dt.date:
    """The UTC day of a count of seconds since 1970; ValueError, with a message to show, for anything else."""
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, "
                          f"got {epoch!r}") from None


def commit_epoch(root: Path) -> str | None:
    """The committer time of HEAD in `root`'s repository, as seconds; None outside git."""
    try:
        done = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True,
                              text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    out = done.stdout.strip()
    return out if done.returncode == 0 and out.isdigit() else None
