"""Reading the content tree from disk: the one place the core's inputs come from files."""

from __future__ import annotations

import os
from pathlib import Path

from .model import Diagnostic, Kind, Settings


def iter_source_paths(root: Path, settings: Settings) -> list[Path]:
    """Every article and term file under `root`, sorted; hidden files and folders skipped."""
    found: list[Path] = []
    folders = [root / settings.content_dir] + [root / settings.docs_dir / k.value for k in Kind]
    for folder in folders:
        if not folder.is_dir():
            continue
        recursive = folder == root / settings.content_dir
        for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_"))) if recursive else []
            found.extend(Path(dirpath) / f for f in filenames
                         if f.endswith(".md") and not f.startswith((".", "_")))
    return sorted(found)


def read_sources(root: Path, settings: Settings, *, with_intro: bool = False
                 ) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Map repository-relative POSIX paths to file bytes; refuse links that leave the root.

    `with_intro` adds the home page's introduction (`<docs_dir>/index.md`) for rendering.
    """
    sources: dict[str, bytes] = {}
    problems: list[Diagnostic] = []
    real_root = root.resolve()
    paths = iter_source_paths(root, settings)
    intro = root / settings.docs_dir / "index.md"
    if with_intro and intro.is_file():
        paths.append(intro)
    for path in paths:
        rel = path.relative_to(root).as_posix()
        if not rel.isprintable():  # a newline, escape or undecodable byte would garble the report
            shown = rel.encode("unicode_escape", "backslashreplace").decode("ascii")
            problems.append(Diagnostic(shown, 1, "error", "file name holds unprintable characters; rename it"))
            continue
        target = path.resolve()
        if path.is_symlink() and not target.is_relative_to(real_root):
            problems.append(Diagnostic(rel, 1, "error",
                                       "symbolic link points outside the repository; refused"))
            continue
        try:
            with path.open("rb") as handle:
                sources[rel] = handle.read(settings.max_file_bytes + 1)
        except OSError as exc:
            problems.append(Diagnostic(rel, 1, "error", f"cannot read file: {exc.strerror}"))
    return sources, problems
