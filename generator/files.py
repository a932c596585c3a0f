"""Reading the content tree from disk: the one place the core's inputs come from files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .model import Diagnostic, Settings, Severity, Sources
from .urls import HOME_SRC, source_folders, source_role


def iter_source_paths(root: Path, settings: Settings) -> list[Path]:
    """Every source file under `root` (articles, term files, the home introduction), sorted."""
    found: list[Path] = []
    for folder in (root / f for f in source_folders(settings)):
        for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
            found.extend(Path(dirpath) / f for f in filenames)
    intro = root / settings.docs_dir / HOME_SRC
    if intro.is_file():
        found.append(intro)
    return sorted(p for p in found if source_role(p.relative_to(root).as_posix(), settings) is not None)


def read_sources(root: Path, settings: Settings) -> Sources:
    """The read step: repository-relative POSIX paths → file bytes, and the problems met reading them.

    Unsafe links and odd files (FIFOs, unprintable names) are refused, with a problem each.
    """
    sources: dict[str, bytes] = {}
    problems = link_problems(root, settings)
    refused = {d.path for d in problems if d.severity == "error"}
    for path in iter_source_paths(root, settings):
        rel = path.relative_to(root).as_posix()
        if not rel.isprintable():  # a newline, escape or undecodable byte would garble the report
            message = "file name holds unprintable characters; rename it"
            problems.append(Diagnostic(shown_path(rel), 1, "error", message))
        elif rel not in refused:
            _read_one(path, rel, settings.max_file_bytes, sources, problems)
    return Sources(sources, tuple(problems))


def _read_one(path: Path, rel: str, max_bytes: int, sources: dict[str, bytes], problems: list[Diagnostic]) -> None:
    """Read at most `max_bytes + 1` bytes: enough for the loader to refuse an oversized file."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block the read forever
            problems.append(Diagnostic(rel, 1, "error", "not a regular file; refused"))
            return
        with path.open("rb") as handle:
            sources[rel] = handle.read(max_bytes + 1)
    except OSError as exc:
        problems.append(Diagnostic(rel, 1, "error", f"cannot read file: {exc.strerror}"))


def shown_path(rel: str) -> str:
    """A path as one printable line: newlines, escapes and undecodable bytes spelled out."""
    return rel if rel.isprintable() else rel.encode("unicode_escape", "backslashreplace").decode("ascii")


def link_problems(root: Path, settings: Settings) -> list[Diagnostic]:
    """Symbolic links under the content and docs folders that dangle, loop, leave the repository or
    enter .git. MkDocs follows links in the docs folder and publishes what they point at."""
    real_root = root.resolve()
    problems: list[Diagnostic] = []
    for folder in (settings.content_dir, settings.docs_dir):
        for dirpath, dirnames, filenames in os.walk(root / folder, followlinks=False):
            for name in sorted(dirnames + filenames):
                path = Path(dirpath) / name
                if path.is_symlink():
                    found = _link_problem(path, real_root, in_content=folder == settings.content_dir)
                    if found is not None:
                        rel = shown_path(path.relative_to(root).as_posix())
                        problems.append(Diagnostic(rel, 1, *found))
    return sorted(problems)


def _link_problem(path: Path, real_root: Path, *, in_content: bool) -> tuple[Severity, str] | None:
    """(severity, message) for one symbolic link, or None when it is harmless."""
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return "error", "symbolic link points to nothing; fix it or delete it"
    except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError for a loop, 3.13 OSError
        return "error", "symbolic link loops back on itself; delete it"
    if not target.is_relative_to(real_root):
        return "error", "symbolic link points outside the repository; refused"
    if target.is_relative_to(real_root / ".git"):
        return "error", "symbolic link points into .git; refused"
    if in_content and target.is_dir():
        return "warning", "symbolic link to a folder is not followed; its articles are left out"
    return None
