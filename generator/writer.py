"""The CLI writer: the whole docs tree into a folder, never over foreign files.

A new folder is written beside its place and renamed in. An existing one of ours is updated in place by
default: only changed files are replaced (each atomically) and only files we wrote before are removed,
so a running `zensical serve` (or any watcher) sees each edit. `atomic=True` swaps the whole folder instead.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import tempfile
from collections.abc import Collection, Mapping
from importlib import resources
from pathlib import Path

from .model import Settings
from .urls import CSS_URI

MANIFEST = ".briefing-manifest"
JOURNAL = ".briefing-manifest.pending"  # the manifest while an update runs: old and new files together
TEMP_PREFIX = ".briefing-tmp-"  # a file being written; one left by a crash is ours to remove


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


def check_target(out: Path, root: Path, settings: Settings, *, builder_output: Collection[str] = ()) -> None:
    """Refuse the repository, its sources, any parent of them, and folders with foreign files.

    `builder_output` names top-level folders that the builder run in `out` writes (Zensical's site/ and
    .cache/): they are the builder's, not foreign, and never touched.
    """
    out, root = out.resolve(), root.resolve()
    if root.is_relative_to(out):
        raise WriteError(f"refusing to write into {out}: it is or holds the repository {root}")
    for place in (root / settings.content_dir, root / settings.docs_dir, root / ".git"):
        if place.is_relative_to(out) or out.is_relative_to(place):
            raise WriteError(f"refusing to write into {out}: it is, holds or lies in {place}")
    if out.exists() and not out.is_dir():
        raise WriteError(f"{out} exists and is not a folder")
    if out.is_dir():
        foreign = _foreign_files(out, builder_output)
        if foreign:
            shown = ", ".join(foreign[:3]) + (" …" if len(foreign) > 3 else "")
            raise WriteError(f"refusing to replace {out}: it holds files briefing did not write ({shown})")


def _ours(out: Path) -> set[str]:
    """Every file the manifest (and an unfinished update's journal) says we wrote."""
    return {line for name in (MANIFEST, JOURNAL) if (out / name).is_file()
            for line in (out / name).read_text("utf-8").splitlines()}


def _foreign_files(out: Path, builder_output: Collection[str] = ()) -> list[str]:
    ours = _ours(out) | {MANIFEST, JOURNAL}
    found = []
    for path in out.rglob("*"):
        rel = path.relative_to(out).as_posix()
        if rel.split("/", 1)[0] not in builder_output and (path.is_file() or path.is_symlink()) \
                and not path.name.startswith(TEMP_PREFIX):
            found.append(rel)
    return sorted(p for p in found if p not in ours)


def write_tree(out: Path, tree: Mapping[str, bytes], *, atomic: bool = False) -> int:
    """Write `tree` into `out`; returns how many files were written or removed (0: nothing changed)."""
    _check_paths(out.resolve(), tree)
    remove_stale(out.resolve())
    if out.is_dir() and not atomic:
        return update_tree(out.resolve(), tree)
    swap_tree(out, tree)
    return len(tree)


def _check_paths(out: Path, tree: Mapping[str, bytes]) -> None:
    for rel in tree:
        if not (out / rel).resolve().is_relative_to(out) or rel in (MANIFEST, JOURNAL):
            raise WriteError(f"refusing to write {rel!r} outside the output folder")


def swap_tree(out: Path, tree: Mapping[str, bytes]) -> None:
    """Write beside `out`, then swap it in; on any failure the old output stays as it was."""
    out = out.resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-{os.getpid()}-", dir=out.parent))
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


def remove_stale(out: Path) -> list[Path]:
    """Delete the staging and retired folders beside `out` that a killed run left; the folders name their
    writer's process id, so those of a run still going are kept. Returns what was removed."""
    removed = []
    for folder in out.parent.glob(f".{glob.escape(out.name)}.[no][el][wd]-*-*"):
        match = re.fullmatch(rf"\.{re.escape(out.name)}\.(?:new|old)-(\d+)-\w+", folder.name)
        if match and folder.is_dir() and not folder.is_symlink() and not _alive(int(match.group(1))):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # no such process, or no such number
        return False
    except PermissionError:  # another user's process
        return True
    return True


def update_tree(out: Path, tree: Mapping[str, bytes]) -> int:
    """Replace the changed files, remove the ones we wrote before that are gone; each step atomic.

    The journal lists old and new files while the update runs, so after a crash each file is whole (old or
    new), none is taken for foreign, and the next run finishes the job. Nothing changed: nothing is touched.
    """
    old = _ours(out)
    changed = [rel for rel, data in tree.items() if not _holds(out / rel, data)]
    gone = sorted(old - set(tree))
    manifest = "".join(f"{rel}\n" for rel in tree).encode()
    if not (changed or gone or (out / JOURNAL).exists()) and _holds(out / MANIFEST, manifest):
        return 0
    try:
        for stale in out.rglob(TEMP_PREFIX + "*"):
            stale.unlink()
        _write_atomic(out / JOURNAL, "".join(f"{rel}\n" for rel in sorted(old | set(tree))).encode())
        for rel in changed:
            _replace(out / rel, tree[rel])
        removed = sum(_remove(out, rel) for rel in gone)
        _write_atomic(out / MANIFEST, manifest)
        (out / JOURNAL).unlink()
    except OSError as exc:
        raise WriteError(f"cannot update {out}: {exc.strerror}; files are whole, old or new: "
                         "run generate again to finish") from None
    return len(changed) + removed


def _holds(path: Path, data: bytes) -> bool:
    """True when `path` is a plain file with exactly these bytes."""
    try:
        return path.is_file() and not path.is_symlink() and path.stat().st_size == len(data) \
            and path.read_bytes() == data
    except OSError:
        return False


def _replace(target: Path, data: bytes) -> None:
    if target.is_symlink() or target.is_dir():
        raise WriteError(f"refusing to replace {target}: it is not a file briefing wrote")
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(target, data)


def _write_atomic(target: Path, data: bytes) -> None:
    """A temporary file beside the target, renamed over it: readers see the old bytes or the new."""
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(name, 0o666 & ~_umask())
        os.replace(name, target)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def _remove(out: Path, rel: str) -> int:
    """Remove a file we wrote before, then its folders while they are empty."""
    target = out / rel
    if not (target.is_file() or target.is_symlink()):
        return 0
    target.unlink()
    folder = target.parent
    while folder != out and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
    return 1


def _fill(staging: Path, tree: Mapping[str, bytes]) -> None:
    for rel, data in tree.items():
        target = staging / rel
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
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{os.getpid()}-", dir=out.parent))
    try:
        os.rename(out, retired / "tree")
        try:
            os.rename(staging, out)
        except BaseException:
            os.rename(retired / "tree", out)
            raise
    finally:
        shutil.rmtree(retired, ignore_errors=True)
