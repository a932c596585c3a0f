"""Issue 12: messages. Size checked before reading, hints only where they apply, usage errors exit 2, and the
leftovers of a killed `briefing generate` cleaned up by the next run."""

from __future__ import annotations

import os
from pathlib import Path

from .kit import article, make_repo, run_cli

A = "content/2023/2023-09-12-train.md"
NEW = ["new", "Second train", "--date", "2023-09-13", "--region", "Russia", "--actor", "Kim Jong Un"]


def test_import_refuses_a_huge_file_by_its_size(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", {A: article()})
    huge = tmp_path / "story.txt"
    with huge.open("wb") as handle:  # sparse: 30 MB on paper
        handle.write(b"Title\n\nText.\n")
        handle.truncate(30 * 1024 * 1024)
    code, output = run_cli(root, "import", str(huge), "--date", "2023-09-12")
    assert code == 2
    assert f"{huge} is 31,457,280 bytes; an article may be at most 262,144 ('max_file_bytes')" in output
    assert not list((root / "content").rglob("*story*"))


def test_slug_hint_only_for_a_slug_problem(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {A: article()})
    code, output = run_cli(root, *NEW[:-1], "K" * 201)  # a name over the length limit: nothing to do with slugs
    assert code == 1 and "would not pass `briefing check`" in output
    assert "--slug" not in output
    code, output = run_cli(root, *NEW, "--slug", "train")  # the slug another article has: --slug is the fix
    assert code == 1 and "would not pass `briefing check` (try --slug)" in output


def test_a_date_out_of_range_is_a_usage_error(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {A: article()})
    code, output = run_cli(root, "new", "T", "--date", "0999-12-31", "--region", "Russia", "--actor", "Kim Jong Un")
    assert code == 2
    assert "--date must lie between 1000-01-01 and 2999-12-31, got '0999-12-31'" in output
    assert not list((root / "content").rglob("*-t.md"))


def test_generate_removes_what_a_killed_run_left(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", {A: article()})
    out = tmp_path / "out"
    dead = tmp_path / ".out.new-999999999-abc123"  # no process has that id
    dead.mkdir()
    (dead / "index.md").write_text("half written")
    retired = tmp_path / ".out.old-999999999-def456"
    (retired / "tree").mkdir(parents=True)
    running = tmp_path / f".out.new-{os.getpid()}-ghi789"  # a run still going: left alone
    running.mkdir()
    other = tmp_path / ".other.new-999999999-jkl000"  # another output's: not ours to judge
    other.mkdir()
    code, output = run_cli(root, "generate", "--out", str(out))
    assert code == 0, output
    assert not dead.exists() and not retired.exists()
    assert running.is_dir() and other.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".other.new-999999999-jkl000", f".out.new-{os.getpid()}-ghi789", "out", "repo"])
