"""Nothing lost: no command touches content/ or briefings/ except to add a new file, and
`generate --out` updates its own output file by file (or with --atomic replaces it whole) and never
touches a file it did not write."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from adversarial.kit import REPO, article, mkdocs_build, run_check, run_cli, site_config, tree_digest

from generator import writer

NEW = ("new", "Kim boards his train", "--date", "2023-09-20", "--region", "Russian Far East",
       "--actor", "Kim Jong Un")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the sample repository: its real content and term files."""
    root = tmp_path / "repo"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "briefings", root / "briefings")
    (root / "mkdocs.yml").write_text(site_config())
    return root


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text("Kim boards his armoured train\n\nPYONGYANG, Sept. 20 — Kim Jong Un boarded his train "
                    "for the Russian Far East on Wednesday, state media said.\n\nThe trip follows months of talks.\n")
    return path


def everything(root: Path) -> dict[str, str]:
    return tree_digest(root, ("content", "briefings"))


# --- reading commands change nothing ---------------------------------------------------------------

@pytest.mark.parametrize("args", [(), ("--strict",), ("--format", "json")])
def test_check_changes_nothing(repo: Path, args: tuple[str, ...]) -> None:
    before = everything(repo)
    assert run_check(repo, *args).exit_code == 0
    assert everything(repo) == before


def test_check_of_broken_content_changes_nothing(repo: Path) -> None:
    (repo / "content/2023/2023-09-30-bad.md").write_bytes(b"---\ntitle: [\n\xff\x00")
    before = everything(repo)
    assert run_check(repo).exit_code == 1
    assert everything(repo) == before


def test_mkdocs_build_changes_nothing(repo: Path) -> None:
    before = everything(repo)
    build = mkdocs_build(repo)
    assert build.returncode == 0, build.stderr
    assert everything(repo) == before


@pytest.mark.parametrize("builder", ["docs", "zensical"])
def test_generate_of_content_with_errors_writes_nothing(repo: Path, tmp_path: Path, builder: str) -> None:
    """Errors stop `generate` as they stop `mkdocs build`: the last good output stays as it was."""
    out = tmp_path / "out"
    assert run_cli(repo, "generate", "--for", builder, "--out", str(out))[0] == 0
    written = tree_digest(out, (".",))
    (repo / "content/2023/2023-09-30-bad.md").write_text("---\ntitle: Bad\ndate: 2023-13-45\n---\nBody.\n")
    code, output = run_cli(repo, "generate", "--for", builder, "--out", str(out))
    assert code == 1 and "2023-09-30-bad.md:3: error:" in output and "nothing written" in output, output
    assert tree_digest(out, (".",)) == written


def test_generate_changes_nothing_and_writes_only_its_folder(repo: Path, tmp_path: Path) -> None:
    before, around = everything(repo), sorted(p.name for p in tmp_path.iterdir())
    code, output = run_cli(repo, "generate", "--out", str(tmp_path / "docs"))
    assert code == 0, output
    assert everything(repo) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*around, "docs"])  # no staging left behind
    assert (tmp_path / "docs/index.md").is_file() and (tmp_path / "docs/about.md").is_file()


# --- generate --out refuses dangerous targets ---------------------------------------------------------

@pytest.mark.parametrize("target", [".", "/", "content", "content/2023", "briefings", "briefings/actors", "..",
                                    "mkdocs.yml"])
def test_generate_refuses_dangerous_targets(repo: Path, target: str) -> None:
    out = Path(target) if target == "/" else repo / target
    before, config = everything(repo), (repo / "mkdocs.yml").read_bytes()
    code, output = run_cli(repo, "generate", "--out", str(out))
    assert code == 2 and ("refusing" in output or "is a file" in output), output
    assert everything(repo) == before and (repo / "mkdocs.yml").read_bytes() == config


def test_generate_refuses_a_folder_with_foreign_files(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    (out / "notes").mkdir(parents=True)
    (out / "notes/keep.txt").write_text("mine")
    code, output = run_cli(repo, "generate", "--out", str(out))
    assert code == 2 and "files briefing did not write (notes/keep.txt)" in output
    assert (out / "notes/keep.txt").read_text() == "mine" and sorted(out.rglob("*")) == [out / "notes",
                                                                                          out / "notes/keep.txt"]


def test_generate_replaces_its_own_output(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    assert run_cli(repo, "generate", "--out", str(out))[0] == 0
    (repo / "content/2023/2023-09-21-late.md").write_text(article(title="Late", date="2023-09-21"))
    assert run_cli(repo, "generate", "--out", str(out))[0] == 0
    assert (out / "articles/2023/09/late.md").is_file()


def test_generate_with_content_errors_writes_nothing(repo: Path, tmp_path: Path) -> None:
    (repo / "content/2023/2023-09-30-bad.md").write_text("---\ntitle: x\n")
    code, _ = run_cli(repo, "generate", "--out", str(tmp_path / "docs"))
    assert code == 1 and not (tmp_path / "docs").exists()


@pytest.fixture
def old_output(repo: Path, tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    out = tmp_path / "site-docs"
    assert run_cli(repo, "generate", "--out", str(out))[0] == 0
    (repo / "content/2023/2023-09-21-late.md").write_text(article(title="Late", date="2023-09-21"))
    yield out, tree_digest(out, ["."])


@pytest.mark.parametrize("after", [0, 1, 25])
def test_crash_while_writing_leaves_the_old_output(monkeypatch: pytest.MonkeyPatch, repo: Path,
                                                   old_output: tuple[Path, dict[str, str]], after: int) -> None:
    out, before = old_output
    real = Path.write_bytes
    written: list[Path] = []

    def crashing(self: Path, data: bytes) -> int:  # type: ignore[override]
        if len(written) >= after:
            raise OSError(28, "No space left on device")
        written.append(self)
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", crashing)
    code, output = run_cli(repo, "generate", "--atomic", "--out", str(out))
    monkeypatch.undo()
    assert code == 2 and "No space left on device; the old output is unchanged" in output
    assert tree_digest(out, ["."]) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["repo", "site-docs"]  # staging removed


def test_crash_between_the_two_renames_puts_the_old_output_back(
        monkeypatch: pytest.MonkeyPatch, repo: Path, old_output: tuple[Path, dict[str, str]]) -> None:
    out, before = old_output
    real, calls = os.rename, []

    def second_fails(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append((src, dst))
        if len(calls) == 2:
            raise OSError(5, "Input/output error")
        real(src, dst)

    monkeypatch.setattr(writer.os, "rename", second_fails)
    code, output = run_cli(repo, "generate", "--atomic", "--out", str(out))
    monkeypatch.undo()
    assert code == 2 and "Input/output error" in output and len(calls) == 3
    assert tree_digest(out, ["."]) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["repo", "site-docs"]


# --- generate updates its own output in place, file by file ----------------------------------------

def stamps(out: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and modification time: a rewritten file gets a new inode (rename over it)."""
    return {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in out.rglob("*") if p.is_file()}


def test_generate_again_rewrites_only_what_changed(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    assert run_cli(repo, "generate", "--out", str(out))[0] == 0
    before = stamps(out)
    code, output = run_cli(repo, "generate", "--out", str(out))
    assert code == 0 and "(0 written or removed)" in output
    assert stamps(out) == before  # a watcher sees nothing: no file was touched
    (repo / "content/2023/2023-09-21-late.md").write_text(article(title="Late", date="2023-09-21",
                                                                  region=["Pyongyang"]))
    code, output = run_cli(repo, "generate", "--out", str(out))
    after = stamps(out)
    changed = sorted(rel for rel in after if before.get(rel) != after[rel] and rel != writer.MANIFEST)
    assert code == 0 and "articles/2023/09/late.md" in changed and "about.md" not in changed
    assert 0 < len(changed) < len(before) / 2, changed  # the pages that list it, not the whole tree
    assert f"({len(changed)} written or removed)" in output
    assert {p.name for p in out.parent.iterdir()} == {"repo", "docs"}  # no staging folder beside it


def test_generate_removes_only_files_it_wrote(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    late = repo / "content/2023/2023-09-21-late.md"
    late.write_text(article(title="Late", date="2023-09-21"))
    assert run_cli(repo, "generate", "--out", str(out))[0] == 0
    assert (out / "articles/2023/09/late.md").is_file()
    late.unlink()
    assert run_cli(repo, "generate", "--out", str(out))[0] == 0
    assert not (out / "articles/2023/09/late.md").exists() and (out / "articles/2023/09").is_dir()
    (out / "articles/2023/09/mine.md").write_text("someone's own page")
    code, output = run_cli(repo, "generate", "--out", str(out))
    assert code == 2 and "files briefing did not write (articles/2023/09/mine.md)" in output
    assert (out / "articles/2023/09/mine.md").read_text() == "someone's own page"


def test_crash_during_an_update_leaves_whole_files_and_the_next_run_finishes(
        monkeypatch: pytest.MonkeyPatch, repo: Path, old_output: tuple[Path, dict[str, str]]) -> None:
    out, _ = old_output
    (repo / "briefings/about.md").write_text("# About\n\nRewritten.\n")
    real, calls = os.replace, []

    def third_fails(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(writer.os, "replace", third_fails)
    code, output = run_cli(repo, "generate", "--out", str(out))
    monkeypatch.undo()
    assert code == 2 and "No space left on device" in output and "run generate again" in output
    assert not list(out.rglob(writer.TEMP_PREFIX + "*"))  # no half-written file anywhere
    code, output = run_cli(repo, "generate", "--out", str(out))  # nothing is taken for foreign
    assert code == 0, output
    fresh = out.parent / "fresh"
    assert run_cli(repo, "generate", "--out", str(fresh))[0] == 0
    assert tree_digest(out, ["."]) == tree_digest(fresh, ["."])


def test_zensical_output_keeps_the_builders_own_folders(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "zensical"
    assert run_cli(repo, "generate", "--for", "zensical", "--out", str(out))[0] == 0
    assert (out / "zensical.toml").is_file() and (out / "docs/index.md").is_file()
    for built in ("site/index.html", ".cache/123"):  # what `zensical build` leaves in the folder
        (out / built).parent.mkdir(exist_ok=True)
        (out / built).write_text("built")
    (repo / "briefings/about.md").write_text("# About\n\nRewritten.\n")
    code, output = run_cli(repo, "generate", "--for", "zensical", "--out", str(out))
    assert code == 0, output
    assert (out / "docs/about.md").read_text() == "# About\n\nRewritten.\n"
    assert (out / "site/index.html").read_text() == "built" and (out / ".cache/123").read_text() == "built"
    code, output = run_cli(repo, "generate", "--out", str(out))  # the docs-only layout is another thing
    assert code == 2 and "did not write" in output


def test_writer_refuses_paths_that_leave_the_output(tmp_path: Path) -> None:
    for rel in ("../escape.md", "/tmp/escape.md", "a/../../escape.md"):
        with pytest.raises(writer.WriteError, match="outside the output folder"):
            writer.write_tree(tmp_path / "out", {"index.md": b"x", rel: b"x"})
        assert not (tmp_path / "out").exists() and not (tmp_path / "escape.md").exists()


def test_output_folder_is_readable_by_a_web_server(repo: Path, tmp_path: Path) -> None:
    assert run_cli(repo, "generate", "--out", str(tmp_path / "docs"))[0] == 0
    assert (tmp_path / "docs").stat().st_mode & 0o005 == 0o005 & ~current_umask()


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# --- new and import only ever add a file -----------------------------------------------------------

def test_new_adds_one_file_and_changes_nothing_else(repo: Path) -> None:
    before = everything(repo)
    code, output = run_cli(repo, *NEW)
    assert code == 0, output
    after = everything(repo)
    added = set(after) - set(before)
    assert added == {"content/2023/2023-09-20-kim-boards-his-train.md"}
    assert {k: v for k, v in after.items() if k not in added} == before
    assert run_check(repo).exit_code == 0


def test_new_never_overwrites(repo: Path) -> None:
    existing = repo / "content/2023/2023-09-20-kim-boards-his-train.md"
    existing.write_text("mine, not yours\n")
    before = everything(repo)
    code, _ = run_cli(repo, *NEW)
    assert code != 0 and existing.read_text() == "mine, not yours\n"
    assert everything(repo) == before


def test_import_adds_one_file_and_never_overwrites(repo: Path, story: Path) -> None:
    before = everything(repo)
    code, output = run_cli(repo, "import", str(story), "--date", "2023-09-20")
    assert code == 0, output
    added = set(everything(repo)) - set(before)
    assert len(added) == 1 and next(iter(added)).startswith("content/2023/2023-09-20-")
    path = repo / next(iter(added))
    text = path.read_bytes()
    code, _ = run_cli(repo, "import", str(story), "--date", "2023-09-20")
    assert code != 0 and path.read_bytes() == text


@pytest.mark.parametrize("slug", ["../../evil", "/etc/evil", "..", "a/b"])
def test_new_refuses_a_slug_that_is_a_path(repo: Path, tmp_path: Path, slug: str) -> None:
    before = everything(repo)
    code, _ = run_cli(repo, *NEW, "--slug", slug)
    assert code == 2 and everything(repo) == before
    assert not list(tmp_path.glob("evil*")) and not Path("/etc/evil.md").exists()


def test_new_does_not_follow_a_link_out_of_content(repo: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(repo / "content/2024")
    (repo / "content/2024").symlink_to(elsewhere)
    code, _ = run_cli(repo, "new", "Late", "--date", "2024-03-01", "--region", "Russia", "--actor", "Kim Jong Un")
    assert code != 0 and list(elsewhere.iterdir()) == []
