"""Every file under the content and docs folders accounted for, walked without recursion and without links.

MkDocs publishes whatever lies in its docs folder and follows links to folders there (a loop crashes the build
with a traceback, a link to content/ publishes drafts); Python 3.11's os.walk recurses (1,100 nested folders
raise RecursionError). So both folders are walked here first, iteratively, and refused on anything unsafe.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from .kinds import Kind
from .model import Diagnostic, Settings

#: Deeper folders than this are refused, not walked: content is YYYY/file.md; nothing needs 32 levels.
MAX_FOLDER_DEPTH = 32
_TERM_FILE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.md$")
#: Files a browser runs script from when they are published as they are (the docs folder's static files).
SCRIPT_CAPABLE = frozenset({".html", ".htm", ".xhtml", ".shtml", ".js", ".mjs", ".svg", ".svgz", ".xml", ".xsl",
                            ".xslt", ".swf", ".pdf"})


def shown(rel: str) -> str:
    """A path as one printable line."""
    return rel if rel.isprintable() else rel.encode("unicode_escape", "backslashreplace").decode("ascii")


def walk(root: Path, folder: str) -> Iterator[tuple[str, os.stat_result | None, str]]:
    """(repository path, lstat or None, problem or '') for everything under `folder`, iteratively.

    Links are never followed (files.link_problems judges them); folders deeper than MAX_FOLDER_DEPTH are
    reported and not entered.
    """
    pending = [(root / folder, 1)]
    while pending:
        directory, depth = pending.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            yield _rel(root, directory), None, f"cannot read folder: {exc.strerror}"
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError as exc:
                yield _rel(root, path), None, f"cannot read: {exc.strerror}"
                continue
            if stat.S_ISDIR(info.st_mode):
                if depth >= MAX_FOLDER_DEPTH:
                    yield _rel(root, path), info, (f"folders nested more than {MAX_FOLDER_DEPTH} levels deep "
                                                   "are refused; flatten them")
                    continue
                pending.append((path, depth + 1))
            yield _rel(root, path), info, ""


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def tree_problems(root: Path, settings: Settings) -> list[Diagnostic]:
    """The folders themselves, then everything under them that the generator or MkDocs must not take."""
    problems: list[Diagnostic] = []
    for name, folder in (("content_dir", settings.content_dir), ("docs_dir", settings.docs_dir)):
        path = root / folder
        if path.is_symlink():
            problems.append(Diagnostic(folder, 1, "error", f"the {name} folder is a symbolic link; refused: "
                                                           "it must be a real folder inside the repository"))
        elif not path.is_dir() and name == "content_dir":  # a missing docs folder is MkDocs' to report
            problems.append(Diagnostic("mkdocs.yml", 1, "error", f"{name} '{folder}' does not exist: nothing "
                                                                 "would be read from it; fix the folder name"))
    if problems:
        return problems
    for folder in (settings.content_dir, settings.docs_dir):
        for rel, info, problem in walk(root, folder) if (root / folder).is_dir() else ():
            message = problem or _misplaced(rel, info, settings)
            if message:
                problems.append(Diagnostic(shown(rel), 1, "error", message))
    return problems


def _misplaced(rel: str, info: os.stat_result | None, settings: Settings) -> str:
    """Why a file or folder does not belong where it is, or ''."""
    pure = PurePosixPath(rel)
    docs = PurePosixPath(settings.docs_dir)
    if not pure.is_relative_to(docs) or pure.name.startswith("."):  # hidden files are not published
        return ""
    parts = pure.relative_to(docs).parts
    if parts[0] in {k.value for k in Kind} and len(parts) > 1:
        if len(parts) > 2 or (info is not None and stat.S_ISDIR(info.st_mode)):
            return f"a folder inside {docs}/{parts[0]}/ is not read by check but would be published; move it out"
        if not _TERM_FILE.match(parts[1]):
            return (f"{docs}/{parts[0]}/ holds only term files named <slug>.md (lowercase, digits, hyphens); "
                    "this one would be published unchecked: rename it or move it out")
        return ""
    if pure.suffix.lower() in SCRIPT_CAPABLE and "/".join(parts) not in settings.trusted_pages:
        return (f"a '{pure.suffix}' file is published as it is and can run script; only files listed in "
                "'trusted_pages' may be")
    return ""
