"""Issue 12: `briefing diff` output for a pull request's summary holds no Markdown of a file name's making."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from .kit import article, make_repo, run_cli

EVIL = "briefings/notes\n```\n# Approved by the maintainers\n``.md"


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def repo_with_evil_name(tmp_path: Path) -> Path:
    root = make_repo(tmp_path, {"content/2023/2023-09-12-train.md": article()})
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "-c", "user.name=T", "-c", "user.email=t@example.org", "add", "--all")
    git(root, "-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false",
        "commit", "--quiet", "-m", "base")
    (root / EVIL).write_text("# Notes\n", "utf-8")
    return root


def test_markdown_report_is_one_code_block_no_file_name_can_close(tmp_path: Path) -> None:
    code, output = run_cli(repo_with_evil_name(tmp_path), "diff", "--format", "markdown", "main")
    assert code == 0, output
    lines = output.rstrip("\n").split("\n")
    fence = re.match(r"^`{3,}", lines[0])
    assert fence is not None and lines[-1] == fence.group(0)
    inside = lines[1:-1]
    assert not any(line.lstrip().startswith("```") for line in inside)  # nothing closes the block early
    assert any("notes\\n```\\n# Approved by the maintainers\\n``" in line for line in inside)
    assert len(fence.group(0)) > max(len(run) for run in re.findall(r"`+", "\n".join(inside)))


def test_text_report_keeps_each_name_on_one_line(tmp_path: Path) -> None:
    code, output = run_cli(repo_with_evil_name(tmp_path), "diff", "main")
    assert code == 0, output
    assert "# Approved by the maintainers" not in output.split("\n")
    assert not any(line.startswith("# ") for line in output.split("\n"))
