"""Issue 12: every file under briefings/ accounted for, no folder links, no traceback from the tree's shape."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.config import read_settings
from generator.files import read_sources

from .kit import article, make_repo, mkdocs_build, run_check, run_cli

A = "content/2023/2023-09-12-train.md"
EVIL = "<script>alert(1)</script>\n"
UNREAD = {
    "briefings/topics/_evil.md": "briefings/topics/ holds only term files named <slug>.md",
    "briefings/topics/evil.markdown": "briefings/topics/ holds only term files named <slug>.md",
    "briefings/topics/evil.html": "briefings/topics/ holds only term files named <slug>.md",
    "briefings/topics/sub/evil.md": "a folder inside briefings/topics/ is not read by check but would be published",
}


@pytest.mark.parametrize("rel", sorted(UNREAD))
def test_files_check_never_read_are_errors(tmp_path: Path, rel: str) -> None:
    root = make_repo(tmp_path, {A: article(), rel: EVIL})
    run = run_check(root)
    shown = "briefings/topics/sub" if "sub/" in rel else rel
    assert run.exit_code == 1
    assert any(line.startswith(f"{shown}:1: error: {UNREAD[rel]}") for line in run.diagnostics), run.lines
    build = mkdocs_build(root)
    assert build.returncode != 0 and shown in build.stderr
    assert "alert(1)" not in "".join(p.read_text() for p in (root / "site").rglob("*.html")) \
        if (root / "site").exists() else True


def test_script_capable_static_file_needs_trusting(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {A: article(), "briefings/evil.js": "alert(1)\n", "briefings/img/x.svg": "<svg/>"})
    assert sorted(run_check(root).diagnostics) == [
        "briefings/evil.js:1: error: a '.js' file is published as it is and can run script; only files listed "
        "in 'trusted_pages' may be",
        "briefings/img/x.svg:1: error: a '.svg' file is published as it is and can run script; only files listed "
        "in 'trusted_pages' may be"]
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("content_dir: content", "content_dir: content\n"
                                                 "      trusted_pages: [evil.js, img/x.svg]"))
    assert run_check(root).exit_code == 0


def test_content_folder_linked_out_of_the_repository(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    (outside / "2023").mkdir(parents=True)
    (outside / "2023/2023-09-12-train.md").write_text(article())
    root = make_repo(tmp_path / "repo")
    (root / "content").rmdir()
    (root / "content").symlink_to(outside)
    run = run_check(root)
    assert run.exit_code == 1
    assert "content:1: error: the content_dir folder is a symbolic link; refused" in "\n".join(run.lines)
    code, output = run_cli(root, "new", "T", "--date", "2023-09-13", "--region", "Russia", "--actor", "K")
    assert code != 0 and "nothing written" in output
    assert sorted(p.name for p in (outside / "2023").iterdir()) == ["2023-09-12-train.md"]


def test_term_folder_link_to_content_publishes_no_drafts(tmp_path: Path) -> None:
    draft = article(title="Secret draft", draft="true")
    root = make_repo(tmp_path, {A: article(), "content/2023/2023-09-13-draft.md": draft})
    (root / "briefings/topics").mkdir(parents=True)
    (root / "briefings/topics/raw").symlink_to("../../content")
    assert "briefings/topics/raw:1: error: symbolic link to a folder is refused" in "\n".join(run_check(root).lines)
    build = mkdocs_build(root)
    assert build.returncode != 0 and "briefings/topics/raw" in build.stderr
    assert not (root / "site").exists() or "Secret draft" not in "".join(
        p.read_text(errors="replace") for p in (root / "site").rglob("*") if p.is_file())


def test_link_loop_in_a_term_folder_stops_with_a_message(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {A: article()})
    (root / "briefings/topics").mkdir(parents=True)
    (root / "briefings/topics/loop").symlink_to("..")
    assert run_check(root).exit_code == 1
    build = mkdocs_build(root)
    assert build.returncode != 0
    assert "Traceback" not in build.stderr and "briefings/topics/loop" in build.stderr


@pytest.mark.parametrize("folder", ["content", "briefings"])
def test_a_folder_1100_levels_deep_is_refused_without_a_traceback(tmp_path: Path, folder: str) -> None:
    root = make_repo(tmp_path / "repo", {A: article()})
    levels = [root / folder / "d"]
    for _ in range(1099):
        levels.append(levels[-1] / "d")
    for level in levels:
        level.mkdir()
    try:
        _refused_deep(root, tmp_path)
    finally:  # shutil.rmtree recurses on Python 3.11: remove the levels deepest first
        for level in reversed(levels):
            level.rmdir()


def _refused_deep(root: Path, tmp_path: Path) -> None:
    run = run_check(root)
    assert run.exit_code == 1
    assert any("folders nested more than 32 levels deep are refused" in line for line in run.diagnostics)
    build = mkdocs_build(root)
    assert build.returncode != 0 and "Traceback" not in build.stderr and "32 levels" in build.stderr
    code, output = run_cli(root, "generate", "--out", str(tmp_path / "out"))
    assert code == 1 and "32 levels" in output


def test_missing_content_dir_is_an_error(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {A: article()})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("content_dir: content", "content_dir: contnet"))
    run = run_check(root)
    assert run.exit_code == 1
    assert "mkdocs.yml:1: error: content_dir 'contnet' does not exist" in "\n".join(run.lines)
    assert mkdocs_build(root).returncode != 0


@pytest.mark.parametrize(("option", "value"), [("active_days", "1000000"), ("feed_size", "100000"),
                                               ("related_count", "100000")])
def test_numeric_settings_out_of_range_are_config_errors(tmp_path: Path, option: str, value: str) -> None:
    root = make_repo(tmp_path / "repo", {A: article()})
    config = root / "mkdocs.yml"
    option_line = f"content_dir: content\n      {option}: {value}"
    config.write_text(config.read_text().replace("content_dir: content", option_line))
    build = mkdocs_build(root)
    assert build.returncode != 0 and "Traceback" not in build.stderr
    assert f"'{option}' must be a whole number from" in build.stderr
    code, output = run_cli(root, "generate", "--out", str(tmp_path / "out"))
    assert code == 2 and f"'{option}' must be a whole number from" in output


def _mappings() -> int:
    with open("/proc/self/maps") as maps:
        return sum(1 for _ in maps)


def test_reading_many_files_leaves_no_memory_mapping_per_file(tmp_path: Path) -> None:
    """Each read of `max_file_bytes + 1` made a mapping per file; ~65,000 of them end in MemoryError."""
    files = {f"content/2023/2023-01-01-a{i}.md": article(title=f"A{i}", date="2023-01-01") for i in range(3000)}
    root = make_repo(tmp_path, files)
    # The limit the issue ran with: a 2 MiB buffer per read is served by mmap and shrunk in place.
    settings = dataclasses.replace(read_settings(root / "mkdocs.yml"), max_file_bytes=2 * 1024 * 1024)
    before = _mappings()
    sources = read_sources(root, settings)
    assert len([p for p in sources.files if p.startswith("content/")]) == 3000
    assert _mappings() - before < 300
