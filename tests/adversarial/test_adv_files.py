"""Hostile trees: huge files, links out of the repository, FIFOs, odd file names, nothing at all."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from generator.config import read_settings
from generator.files import read_sources

from .kit import article, core, make_repo, mkdocs_build, run_check

A = "content/2023/2023-09-12-train.md"
SECRET = "TOP-SECRET-CONTENT-7f3a"
OUTSIDE = "symbolic link points outside the repository; refused"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", {A: article()})


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.md"
    path.write_text(article(title=SECRET, body=SECRET + "\n"))
    return path


def test_fifty_megabytes_are_refused_without_reading_them(repo: Path) -> None:
    big = repo / "content/2023/2023-09-13-big.md"
    with big.open("wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.write(article().encode())
        handle.truncate(50 * 1024 * 1024)
    settings = read_settings(repo / "mkdocs.yml")
    sources = read_sources(repo, settings).files
    assert len(sources["content/2023/2023-09-13-big.md"]) == settings.max_file_bytes + 1
    run = run_check(repo)
    assert run.diagnostics == ["content/2023/2023-09-13-big.md:1: error: file is over the size limit of "
                               "262,144 bytes; split it or trim it"]


def test_link_to_a_file_outside_is_refused(repo: Path, secret: Path) -> None:
    (repo / "content/2023/2023-09-14-leak.md").symlink_to(secret)
    assert run_check(repo).diagnostics == [f"content/2023/2023-09-14-leak.md:1: error: {OUTSIDE}"]
    assert SECRET not in str(core(repo).pages)


def test_link_to_a_folder_outside_is_refused(repo: Path, secret: Path) -> None:
    (repo / "content/leak").symlink_to(secret.parent)
    assert run_check(repo).diagnostics == [f"content/leak:1: error: {OUTSIDE}"]


def test_link_into_git_is_refused(repo: Path) -> None:
    (repo / ".git").mkdir()
    (repo / ".git/config").write_text("[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n")
    (repo / "content/2023/2023-09-14-config.md").symlink_to(repo / ".git/config")
    assert run_check(repo).diagnostics == [
        "content/2023/2023-09-14-config.md:1: error: symbolic link points into .git; refused"]


def test_link_loop_and_dangling_link(repo: Path) -> None:
    (repo / "content/a.md").symlink_to("b.md")
    (repo / "content/b.md").symlink_to("a.md")
    (repo / "content/c.md").symlink_to("missing.md")
    assert run_check(repo).diagnostics == [
        "content/a.md:1: error: symbolic link loops back on itself; delete it",
        "content/b.md:1: error: symbolic link loops back on itself; delete it",
        "content/c.md:1: error: symbolic link points to nothing; fix it or delete it"]


def test_link_inside_the_repository_is_read(repo: Path) -> None:
    (repo / "drafts").mkdir()
    (repo / "drafts/2023-09-15-kept.md").write_text(article(title="Kept", date="2023-09-15"))
    (repo / "content/2023/2023-09-15-kept.md").symlink_to(repo / "drafts/2023-09-15-kept.md")
    assert run_check(repo).exit_code == 0
    assert "articles/2023/09/kept.md" in core(repo).pages


def test_folder_link_in_content_is_refused(repo: Path) -> None:
    """Issue 12: a folder link is an error everywhere (it was a warning in content/: MkDocs and a term folder's
    link to content/ published drafts)."""
    (repo / "more/2024").mkdir(parents=True)
    (repo / "more/2024/2024-01-01-x.md").write_text(article(date="2024-01-01"))
    (repo / "content/2024").symlink_to(repo / "more/2024")
    run = run_check(repo)
    assert run.diagnostics == ["content/2024:1: error: symbolic link to a folder is refused: the site would "
                               "publish what it points at"]
    assert run.exit_code == 1


def test_link_in_the_docs_folder_stops_the_site_build(repo: Path, secret: Path) -> None:
    """MkDocs follows links in docs_dir and copies their targets into the site; the plugin refuses."""
    (repo / "briefings/notes.txt").symlink_to(secret)
    assert run_check(repo).diagnostics == [f"briefings/notes.txt:1: error: {OUTSIDE}"]
    build = mkdocs_build(repo)
    assert build.returncode != 0 and f"briefings/notes.txt:1: error: {OUTSIDE}" in build.stderr
    assert not any(SECRET in p.read_text(errors="replace") for p in (repo / "site").rglob("*") if p.is_file())


def test_fifo_is_refused_without_blocking(repo: Path) -> None:
    os.mkfifo(repo / "content/2023/2023-09-16-pipe.md")
    assert run_check(repo).diagnostics == ["content/2023/2023-09-16-pipe.md:1: error: not a regular file; refused"]


def test_file_name_with_spaces_and_unicode(repo: Path) -> None:
    (repo / "content/2023/2023-09-17 김정은 visits Russia.md").write_text(article(date="2023-09-17"))
    assert run_check(repo).exit_code == 0
    assert "articles/2023/09/2023-09-17-gimjeongeun-visits-russia.md" in core(repo).pages  # date kept: no hyphen


def test_file_name_of_dots_gets_a_stable_slug(repo: Path) -> None:
    (repo / "content/2023/2023-09-18-....md").write_text(article(date="2023-09-18"))
    pages = [p for p in core(repo).pages if p.startswith("articles/2023/09/") and "train" not in p]
    assert len(pages) == 1 and re.fullmatch(r"articles/2023/09/n-[0-9a-f]{10}\.md", pages[0])


def test_file_name_with_a_newline(repo: Path) -> None:
    (repo / "content/2023/bad\nname.md").write_text(article(date="2023-09-19"))
    assert run_check(repo).diagnostics == [
        "content/2023/bad\\nname.md:1: error: file name holds unprintable characters; rename it"]


def test_file_name_that_is_not_utf8(repo: Path) -> None:
    (repo / os.fsdecode(b"content/2023/caf\xe9.md")).write_text(article(date="2023-09-20"))
    assert run_check(repo).diagnostics == [
        "content/2023/caf\\udce9.md:1: error: file name holds unprintable characters; rename it"]


def test_no_articles_at_all(tmp_path: Path) -> None:
    """An empty content folder is a site with no articles yet; a missing one is an error (test_adv_tree)."""
    root = make_repo(tmp_path)
    run = run_check(root)
    assert (run.exit_code, run.lines) == (0, ["0 articles, 0 terms: 0 errors, 0 warnings"])
    build = mkdocs_build(root)
    assert build.returncode == 0, build.stderr
    assert "No articles yet." in (root / "site/index.html").read_text()
    assert (root / "site/feed.xml").is_file() and (root / "site/data/articles.json").is_file()
