"""Reading the content tree from disk: the one place the core's inputs come from files."""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath

from .media import MEDIA_DIR
from .model import Diagnostic, Settings, Severity, Sources
from .tree import tree_problems, walk
from .urls import HOME_SRC, source_folders, source_role


def iter_source_paths(root: Path, settings: Settings) -> list[Path]:
    """Every source file under `root` (articles, term files, the home introduction), sorted."""
    found: list[Path] = []
    for folder in source_folders(settings):
        if not (root / folder).is_dir() or (root / folder).is_symlink():
            continue  # tree_problems says so
        for rel, info, problem in walk(root, folder):  # iterative, links not followed, depth bounded
            if not problem and info is not None and not stat.S_ISDIR(info.st_mode):
                found.append(root / rel)
    intro = root / settings.docs_dir / HOME_SRC
    if intro.is_file():
        found.append(intro)
    return sorted(p for p in found if source_role(p.relative_to(root).as_posix(), settings) is not None)


_IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif")
_MARKDOWN_LIKE = (".markdown", ".mdown", ".mkd", ".mkdn", ".mdx", ".txt", ".MD", ".Md")


def unread_content_files(root: Path, settings: Settings) -> list[Diagnostic]:
    """A warning for each file under content/ that is not read as an article (only `.md` files are)."""
    content = root / settings.content_dir
    if not content.is_dir() or content.is_symlink():
        return []  # tree_problems says so
    found: list[Diagnostic] = []
    for rel, info, problem in walk(root, settings.content_dir):  # iterative: 1,100 nested folders stay a problem
        parts = PurePosixPath(rel).relative_to(settings.content_dir).parts
        if problem or info is None or not stat.S_ISREG(info.st_mode) or rel.endswith(".md"):
            continue
        if any(part.startswith((".", "_")) for part in parts):
            continue  # hidden and private files and folders are nobody's articles
        stem, suffix = os.path.splitext(parts[-1])
        hint = (f"rename it to {stem}.md" if suffix in _MARKDOWN_LIKE
                else f"images go in {settings.docs_dir}/{MEDIA_DIR}/, written {MEDIA_DIR}/<file> in an article"
                if suffix.lower() in _IMAGES
                else f"only .md files in {settings.content_dir}/ are read; keep other files elsewhere")
        found.append(Diagnostic(shown_path(rel), 1, "warning", f"not an article, so not read: {hint}"))
    return sorted(found)


def read_sources(root: Path, settings: Settings) -> Sources:
    """The read step: repository-relative POSIX paths → file bytes, and the problems met reading them.

    Unsafe links and odd files (FIFOs, unprintable names) are refused, with a problem each.
    """
    sources: dict[str, bytes] = {}
    problems = [*tree_problems(root, settings), *link_problems(root, settings), *unread_content_files(root, settings)]
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
    """Read at most `max_bytes + 1` bytes: enough for the loader to refuse an oversized file.

    The buffer is sized from the file, not the limit: a `read(max_bytes + 1)` buffer is a memory mapping
    shrunk in place, one per file kept, and ~65,000 of them end the process with MemoryError.
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block the read forever
            problems.append(Diagnostic(rel, 1, "error", "not a regular file; refused"))
            return
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            sources[rel] = handle.read(min(size, max_bytes) + 1)
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
        if not (root / folder).is_dir() or (root / folder).is_symlink():
            continue  # tree_problems says so
        for rel, info, _ in walk(root, folder):
            if info is not None and stat.S_ISLNK(info.st_mode):
                found = _link_problem(root / rel, real_root)
                if found is not None:
                    problems.append(Diagnostic(shown_path(rel), 1, *found))
    return sorted(problems)


def _link_problem(path: Path, real_root: Path) -> tuple[Severity, str] | None:
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
    if target.is_dir():  # MkDocs would publish what it points at (content/ drafts), or loop and crash
        return "error", "symbolic link to a folder is refused: the site would publish what it points at"
    return None
