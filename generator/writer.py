"""The CLI writer: the whole docs tree into a folder, atomically, never over foreign files."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from .model import Settings
from .urls import CSS_URI

MANIFEST = ".briefing-manifest"


class WriteError(Exception):
    """The output folder is unsafe to write; nothing was changed."""


def docs_tree(root: Path, settings: Settings, pages: Mapping[str, str], consumed: tuple[str, ...]) -> dict[str, bytes]:
    """The editors' docs files (minus those folded into pages) plus every generated page."""
    docs = root / settings.docs_dir
    tree: dict[str, bytes] = {}
    for path in sorted(docs.rglob("*")) if docs.is_dir() else []:
        rel = path.relative_to(docs).as_posix()
        if path.is_file() and not path.is_symlink() and rel not in consumed and not rel.startswith("."):
            tree[rel] = path.read_bytes()
    tree.update((src, text.encode("utf-8")) for src, text in pages.items())
    css = resources.files("generator").joinpath("assets/briefing.css").read_bytes()
    tree[CSS_URI] = css
    return dict(sorted(tree.items()))


def check_target(out: Path, root: Path, settings: Settings) -> None:
    """Refuse the repository, its sources, any parent of them, and folders with foreign files."""
    out, root = out.resolve(), root.resolve()
    if root.is_relative_to(out):
        raise WriteError(f"refusing to write into {out}: it is or holds the repository {root}")
    for place in (root / settings.content_dir, root / settings.docs_dir, root / ".git"):
        if place.is_relative_to(out) or out.is_relative_to(place):
            raise WriteError(f"refusing to write into {out}: it is, holds or lies in {place}")
    if out.exists() and not out.is_dir():
        raise WriteError(f"{out} exists and is not a folder")
    if out.is_dir():
        foreign = _foreign_files(out)
        if foreign:
            shown = ", ".join(foreign[:3]) + (" …" if len(foreign) > 3 else "")
            raise WriteError(f"refusing to replace {out}: it holds files briefing did not write ({shown})")


def _foreign_files(out: Path) -> list[str]:
    manifest = out / MANIFEST
    ours = set(manifest.read_text("utf-8").splitlines()) if manifest.is_file() else set()
    found = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() or p.is_symlink())
    return [p for p in found if p != MANIFEST and p not in ours]


def write_tree(out: Path, tree: Mapping[str, bytes]) -> None:
    """Write beside `out`, then swap it in; on any failure the old output stays as it was."""
    out = out.resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    except OSError as exc:
        raise WriteError(f"cannot write beside {out}: {exc.strerror}") from None
    try:
        staging.chmod(0o777 & ~_umask())  # mkdtemp makes it private; the output is for a web server
        _fill(staging, tree)
        _swap(staging, out)
    except OSError as exc:
        raise WriteError(f"cannot write {out}: {exc.strerror}; the old output is unchanged") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone already after a successful swap


def _fill(staging: Path, tree: Mapping[str, bytes]) -> None:
    for rel, data in tree.items():
        target = (staging / rel).resolve()
        if not target.is_relative_to(staging):
            raise WriteError(f"refusing to write {rel!r} outside the output folder")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (staging / MANIFEST).write_text("".join(f"{rel}\n" for rel in tree), "utf-8")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _swap(staging: Path, out: Path) -> None:
    """Two renames; if the second fails, the first is undone."""
    if not out.exists():
        os.rename(staging, out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    try:
        os.rename(out, retired / "tree")
        try:
            os.rename(staging, out)
        except BaseException:
            os.rename(retired / "tree", out)
            raise
    finally:
        shutil.rmtree(retired, ignore_errors=True)
