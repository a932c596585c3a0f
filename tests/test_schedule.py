"""Scheduled publication (issue 17, item 6): `publish:` or a future `date:` holds an article back until the
build date reaches it; the build date comes from SOURCE_DATE_EPOCH, else the newest commit, never the clock."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess
from pathlib import Path

import pytest
from adversarial.kit import make_repo, mkdocs_build
from click.testing import CliRunner

from generator.builddate import build_date, epoch_date
from generator.cli import cli
from generator.model import Settings
from generator.site import build_site

MKDOCS = ("site_name: T\nsite_url: https://example.org/\ndocs_dir: briefings\n"
          "plugins:\n  - search\n  - briefing:\n      content_dir: content\n")
NOW = dt.date(2025, 3, 1)
SETTINGS = Settings(site_url="https://example.org/", build_date=NOW)


def article(title: str, day: str, *extra: str) -> str:
    lines = [f"title: {title}", f"date: {day}", "region: Korean Peninsula", "actors: [Kim Jong Un]",
             "sources: [{publisher: TASS, url: 'https://tass.com/1'}]", *extra]
    return "---\n" + "\n".join(lines) + "\n---\nBody.\n"


PAST = "content/2025/2025-02-01-past.md"
FUTURE = "content/2025/2025-06-01-future.md"          # a future date: held back until that day
PUBLISH = "content/2025/2025-01-15-embargoed.md"      # a past date, `publish:` later than the build date
EARLY = "content/2025/2025-04-01-preview.md"          # a future date, `publish:` already reached
FILES = {
    PAST: article("Past", "2025-02-01"),
    FUTURE: article("Future summit", "2025-06-01"),
    PUBLISH: article("Embargoed report", "2025-01-15", "publish: 2025-03-02"),
    EARLY: article("Preview of April", "2025-04-01", "publish: 2025-03-01"),
}


def pages(settings: Settings = SETTINGS) -> dict[str, str]:
    result = build_site({p: t.encode() for p, t in FILES.items()}, settings)
    assert not result.errors, result.errors
    return dict(result.pages)


# --- the core: what a build on a given day shows --------------------------------------------------

def test_a_build_leaves_out_what_is_not_due_yet() -> None:
    built = pages()
    articles = sorted(p for p in built if p.startswith("articles/"))
    assert articles == ["articles/2025/02/past.md", "articles/2025/04/preview.md"]
    assert "Future summit" not in built["feed.xml"] and "Embargoed report" not in built["feed.xml"]
    assert "Future summit" not in built["actors/kim-jong-un.md"]
    titles = [a["title"] for a in json.loads(built["data/articles.json"])["articles"]]
    assert sorted(titles) == ["Past", "Preview of April"]


def test_the_day_comes_and_the_article_is_published() -> None:
    on_the_day = pages(dataclasses.replace(SETTINGS, build_date=dt.date(2025, 3, 2)))
    assert "articles/2025/01/embargoed.md" in on_the_day
    assert "articles/2025/06/future.md" not in on_the_day
    later = pages(dataclasses.replace(SETTINGS, build_date=dt.date(2025, 6, 1)))
    assert {"articles/2025/01/embargoed.md", "articles/2025/06/future.md"} <= later.keys()


def test_no_build_date_holds_nothing_back() -> None:
    """The core has no clock: without a build date (unit tests, fuzzing) every finished article is shown."""
    built = pages(dataclasses.replace(SETTINGS, build_date=None))
    assert len([p for p in built if p.startswith("articles/") and p.count("/") == 3]) == 4


def test_serve_shows_held_back_articles_marked_as_drafts_are() -> None:
    built = pages(dataclasses.replace(SETTINGS, include_drafts=True))
    page = built["articles/2025/06/future.md"]
    assert '!!! warning "Scheduled"' in page
    assert 'held back until <time datetime="2025-06-01">1 June 2025</time>' in page
    assert '!!! warning "Scheduled"' not in built["articles/2025/02/past.md"]
    listing = built["actors/kim-jong-un.md"]
    assert "[Future summit](../articles/2025/06/future.md) *(draft)*  " in listing
    assert "[Past](../articles/2025/02/past.md)  " in listing  # no mark on what is published


# --- briefing check ---------------------------------------------------------------------------------

def make_site(root: Path, files: dict[str, str]) -> Path:
    (root / "mkdocs.yml").write_text(MKDOCS, "utf-8")
    for rel, text in {**files, "briefings/index.md": "# Home\n"}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    return root


def check(root: Path, *args: str, epoch: str) -> tuple[int, list[str]]:
    result = CliRunner(env={"SOURCE_DATE_EPOCH": epoch}).invoke(cli, ["-f", str(root / "mkdocs.yml"), "check",
                                                                       *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output.splitlines()


EPOCH_1_MARCH_2025 = "1740830400"  # 2025-03-01 12:00 UTC


def test_check_notes_each_held_back_article_at_its_line_and_passes_strict(tmp_path: Path) -> None:
    code, lines = check(make_site(tmp_path, FILES), "--strict", epoch=EPOCH_1_MARCH_2025)
    assert code == 0
    assert lines == [
        f"{PUBLISH}:7: note: held back until 2025-03-02 (the build date is 2025-03-01): published builds show "
        "it from that day; `mkdocs serve` shows it now",
        f"{FUTURE}:3: note: held back until 2025-06-01 (the build date is 2025-03-01): published builds show "
        "it from that day; `mkdocs serve` shows it now",
        "4 articles, 0 terms: 0 errors, 0 warnings; 2 held back for a later day",
    ]


def test_check_says_nothing_of_drafts_or_of_what_is_due(tmp_path: Path) -> None:
    draft = article("Draft", "2030-01-01", "draft: true")
    code, lines = check(make_site(tmp_path, {PAST: FILES[PAST], "content/2030/2030-01-01-draft.md": draft}),
                        epoch=EPOCH_1_MARCH_2025)
    assert (code, lines) == (0, ["2 articles, 0 terms: 0 errors, 0 warnings"])


def test_publish_must_be_a_date(tmp_path: Path) -> None:
    bad = article("Bad", "2025-02-01", "publish: soon")
    code, lines = check(make_site(tmp_path, {PAST: bad}), epoch=EPOCH_1_MARCH_2025)
    assert code == 1
    assert lines[0].startswith(f"{PAST}:7: error: 'publish' must be a date")


# --- the build date -------------------------------------------------------------------------------

def git(repo: Path, *args: str, when: str = "") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else None
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def test_build_date_is_source_date_epoch_else_the_newest_commit(tmp_path: Path) -> None:
    git(tmp_path, "init", "--quiet")
    git(tmp_path, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "--quiet", "--allow-empty",
        "-m", "one", when="2024-07-04T23:30:00+00:00")
    assert build_date(tmp_path, {}) == dt.date(2024, 7, 4)
    assert build_date(tmp_path, {"SOURCE_DATE_EPOCH": EPOCH_1_MARCH_2025}) == dt.date(2025, 3, 1)
    # the UTC day: 23:30 in New York on 4 July is 5 July in UTC
    git(tmp_path, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "--quiet", "--allow-empty",
        "-m", "two", when="2024-07-04T23:30:00-04:00")
    assert build_date(tmp_path, {}) == dt.date(2024, 7, 5)


def test_build_date_outside_git_is_today(tmp_path: Path) -> None:
    before = dt.datetime.now(dt.UTC).date()
    assert before <= build_date(tmp_path, {}) <= dt.datetime.now(dt.UTC).date()


@pytest.mark.parametrize("epoch", ["soon", "1.5", "99999999999999999999"])
def test_a_bad_source_date_epoch_is_a_usage_error(tmp_path: Path, epoch: str) -> None:
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH must be a whole number of seconds"):
        epoch_date(epoch)
    code, lines = check(make_site(tmp_path, FILES), epoch=epoch)
    assert code == 2 and "SOURCE_DATE_EPOCH must be a whole number" in "\n".join(lines)


# --- mkdocs build, end to end ---------------------------------------------------------------------

def test_the_nightly_build_publishes_what_came_due(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {PAST: FILES[PAST], FUTURE: FILES[FUTURE]})
    run = mkdocs_build(root, env={"SOURCE_DATE_EPOCH": EPOCH_1_MARCH_2025}, strict=True)
    assert run.returncode == 0, run.stderr
    assert (root / "site/articles/2025/02/past/index.html").is_file()
    assert not (root / "site/articles/2025/06/future").exists()
    assert "Future summit" not in (root / "site/feed.xml").read_text("utf-8")
    assert "future" not in (root / "site/sitemap.xml").read_text("utf-8")
    run = mkdocs_build(root, env={"SOURCE_DATE_EPOCH": "1748779200"}, strict=True)  # 2025-06-01: the day came
    assert run.returncode == 0, run.stderr
    assert "Future summit" in (root / "site/articles/2025/06/future/index.html").read_text("utf-8")
    assert "Future summit" in (root / "site/feed.xml").read_text("utf-8")
