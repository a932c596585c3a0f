"""`briefing diff` on a throwaway git repository: exactly the pages a change touches."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.config import read_settings
from generator.files import iter_source_paths
from generator.model import Settings
from generator.review import build_what_builds, is_source_path
from generator.urls import site_path as site_url

MKDOCS_YML = """\
site_name: Diff test site
site_url: https://example.org/
docs_dir: briefings
plugins:
  - briefing:
      content_dir: content
"""


def article(title: str, date: str, region: str, actors: str, topic: str, body: str) -> str:
    return (f"---\ntitle: {title}\ndate: {date}\nregion: {region}\nactors: [{actors}]\n"
            f"topics: [{topic}]\n---\n{body}\n")


A = "content/2023/2023-09-12-train.md"
B = "content/2023/2023-09-13-summit.md"
C = "content/2024/2024-06-19-treaty.md"
D = "content/2024/2024-01-16-visit.md"
E = "content/2024/2024-11-29-defence.md"

FIRST = {
    "mkdocs.yml": MKDOCS_YML,
    "briefings/index.md": "# Welcome\n\nA test site.\n",
    "briefings/about.md": "# About\n\nWho we are.\n",
    "briefings/actors/kim-jong-un.md": "---\ntitle: Kim Jong Un\nrole: Leader\n---\nProfile.\n",
    A: article("Train arrives", "2023-09-12", "Russian Far East", "Kim Jong Un", "Summits", "The train came."),
    B: article("Summit held", "2023-09-13", "Amur Oblast", "Kim Jong Un, Vladimir Putin", "Summits", "They met."),
    C: article("Treaty signed", "2024-06-19", "Pyongyang", "Vladimir Putin", "Treaty", "They signed."),
    D: article("Choe visits Moscow", "2024-01-16", "Moscow", "Choe Son Hui", "Diplomacy", "She went."),
}

# Commit 2: add E, retitle A, delete D, edit the About page.
SECOND_ADDED = {
    E: article("Defence minister visits", "2024-11-29", "Pyongyang", "Andrei Belousov", "Treaty", "He came."),
    A: FIRST[A].replace("title: Train arrives", "title: Armoured train arrives"),
    "briefings/about.md": "# About\n\nWho we are, and why.\n",
}

# Worked out by hand from what each page shows (templates/*.md, index.py):
EXPECTED_ADDED = [
    "/actors/andrei-belousov/", "/actors/andrei-belousov/feed.xml",  # E's new actor
    "/archive/2024/11/",                                              # E's month
    "/articles/2024/11/defence/",                                     # E itself
]
EXPECTED_CHANGED = [
    "/",                                      # latest developments, active briefings, regions
    "/actors/",                               # Belousov in, Choe Son Hui out
    "/actors/kim-jong-un/", "/actors/kim-jong-un/feed.xml",  # timeline and feed show A's title
    "/archive/",                              # counts per year and month
    "/archive/2023/", "/archive/2023/09/",    # list A by title
    "/archive/2024/",                         # January (D) out, November (E) in
    "/archive/2024/06/",                      # C's month: its pager's older (D's) and newer (E's) months
    "/articles/2023/09/summit/",              # B: A is its related article and previous in Summits
    "/articles/2023/09/train/",               # A's own title
    "/articles/2024/06/treaty/",              # C: E is related (Pyongyang, Treaty) and next in Treaty
    "/data/articles.json", "/feed.xml",       # every article
    "/regions/",                              # Moscow out, Pyongyang's count and latest date
    "/regions/pyongyang/", "/regions/pyongyang/feed.xml",  # E added
    "/regions/russian-far-east/", "/regions/russian-far-east/feed.xml",  # A's title
    "/topics/",                               # Diplomacy out, Treaty's count
    "/topics/summits/", "/topics/summits/feed.xml",  # A's title
    "/topics/treaty/", "/topics/treaty/feed.xml",    # E added
]
EXPECTED_REMOVED = [
    "/actors/choe-son-hui/", "/actors/choe-son-hui/feed.xml",  # only in D
    "/archive/2024/01/",                                        # D's month
    "/articles/2024/01/visit/",                                 # D itself
    "/regions/moscow/", "/regions/moscow/feed.xml",             # only in D
    "/topics/diplomacy/", "/topics/diplomacy/feed.xml",         # only in D
]
# Pages that show none of A, D, E: their bytes must not change.
EXPECTED_UNCHANGED = [
    "/actors/vladimir-putin/", "/actors/vladimir-putin/feed.xml",   # B and C only
    "/regions/amur-oblast/", "/regions/amur-oblast/feed.xml",      # B only
]


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True)
    return done.stdout


def write(repo: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = repo / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """Two commits: the first site, then add E, retitle A, delete D, edit the About page."""
    repo = tmp_path / "site"
    repo.mkdir()
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "config", "user.name", "Test")  # CI has no global identity
    git(repo, "config", "user.email", "test@example.org")
    git(repo, "config", "commit.gpgsign", "false")
    write(repo, FIRST)
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", "first")
    write(repo, SECOND_ADDED)
    (repo / D).unlink()
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", "second")
    return repo


def run_diff(repo: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-f", str(repo / "mkdocs.yml"), "diff", *args])


def listed(output: str) -> dict[str, list[str]]:
    """Parse the text report's `  verb  url` lines, section by section."""
    found: dict[str, list[str]] = {}
    section = ""
    for line in output.splitlines():
        if not line.startswith(" "):
            section = line.split(":")[0]
        elif section in ("Generated pages", "Editors' pages"):
            verb, url = line.split()
            found.setdefault(f"{section}/{verb}", []).append(url)
    return found


def test_diff_lists_exactly_the_pages_the_commit_touches(repo: Path) -> None:
    result = run_diff(repo, "HEAD~1")
    assert result.exit_code == 0, result.output
    assert listed(result.output) == {
        "Generated pages/added": EXPECTED_ADDED,
        "Generated pages/changed": EXPECTED_CHANGED,
        "Generated pages/removed": EXPECTED_REMOVED,
        "Editors' pages/changed": ["/about/"],
    }
    assert "Generated pages: 4 added, 24 changed, 8 removed" in result.output


def test_diff_names_each_new_briefing_page_with_the_line_that_adds_it(repo: Path) -> None:
    output = run_diff(repo, "HEAD~1").output
    assert "New briefing pages, one per new name (is each spelled as intended?): 1" in output
    assert f"  actor   'Andrei Belousov' /actors/andrei-belousov/ ({E}:5)" in output
    data = json.loads(run_diff(repo, "HEAD~1", "--format", "json").output)
    assert data["new_briefings"] == [
        {"kind": "actor", "name": "Andrei Belousov", "url": "/actors/andrei-belousov/", "where": f"{E}:5"}]


def test_a_typo_shows_as_a_new_briefing_page(repo: Path) -> None:
    (repo / C).write_text(FIRST[C].replace("actors: [Vladimir Putin]", "actors: [Vladimir Putln]"), "utf-8")
    output = run_diff(repo, "HEAD").output
    assert f"  actor   'Vladimir Putln' /actors/vladimir-putln/ ({C}:5)" in output


def test_drafts_show_as_draft_added_and_changed(repo: Path) -> None:
    draft = "content/2024/2024-12-01-plan.md"
    write(repo, {draft: article("A plan", "2024-12-01", "Pyongyang", "Kim Jong Un", "Treaty", "Text.")
                 .replace("---\nText.", "draft: true\n---\nText.")})
    result = run_diff(repo, "HEAD")
    assert result.exit_code == 0, result.output
    assert "Generated pages: no changes" in result.output  # builds leave drafts out
    assert "Drafts and held-back articles, left out of the built site: 1" in result.output
    assert f"  draft added    {draft} 'A plan'" in result.output
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", "draft")
    assert "Drafts" not in run_diff(repo, "HEAD").output  # unchanged drafts are not listed
    (repo / draft).write_text((repo / draft).read_text("utf-8").replace("Text.", "More text."), "utf-8")
    data = json.loads(run_diff(repo, "HEAD", "--format", "json").output)
    assert data["drafts"] == [{"change": "changed", "path": draft, "title": "A plan", "held_until": None}]


def test_articles_held_back_for_a_later_day_show_beside_drafts(repo: Path) -> None:
    """The build date is the newest commit's (2026 or later); an article dated 2099 waits for it."""
    later = "content/2099/2099-01-01-later.md"
    write(repo, {later: article("Later", "2099-01-01", "Pyongyang", "Kim Jong Un", "Treaty", "Text.")})
    result = run_diff(repo, "HEAD")
    assert result.exit_code == 0, result.output
    assert "Generated pages: no changes" in result.output  # held back, so no page yet
    assert f"  held back until 2099-01-01, added    {later} 'Later'" in result.output
    data = json.loads(run_diff(repo, "HEAD", "--format", "json").output)
    assert data["drafts"] == [{"change": "added", "path": later, "title": "Later", "held_until": "2099-01-01"}]


def test_a_moved_page_gets_the_redirect_line_to_add_until_it_has_it(repo: Path) -> None:
    """C's file is renamed (a new slug) and Kim Jong Un's term file retitled, keeping the old title as an alias."""
    moved = "content/2024/2024-06-19-partnership-treaty.md"
    (repo / C).rename(repo / moved)
    term = "briefings/actors/kim-jong-un.md"
    (repo / term).unlink()
    retitled = "briefings/actors/kim-jong-un-leader.md"
    write(repo, {retitled: "---\ntitle: Kim Jong Un Leader\naliases: [Kim Jong Un]\nrole: Leader\n---\nProfile.\n"})
    output = run_diff(repo, "HEAD").output
    assert "Pages that moved, with no redirect from their old address: 2" in output
    assert ("  /actors/kim-jong-un/ → /actors/kim-jong-un-leader/: add `redirect_from: [/actors/kim-jong-un/]` "
            f"to {retitled}") in output
    assert ("  /articles/2024/06/treaty/ → /articles/2024/06/partnership-treaty/: add "
            f"`redirect_from: [/articles/2024/06/treaty/]` to {moved}") in output
    data = json.loads(run_diff(repo, "HEAD", "--format", "json").output)
    assert {"old": "/articles/2024/06/treaty/", "new": "/articles/2024/06/partnership-treaty/",
            "path": moved} in data["moved"]
    # With the line added, the old address is a redirect, no longer a loss.
    text = (repo / moved).read_text("utf-8")
    (repo / moved).write_text(text.replace("---\nThey", "redirect_from: [/articles/2024/06/treaty/]\n---\nThey"))
    output = run_diff(repo, "HEAD").output
    assert "/articles/2024/06/treaty/ →" not in output
    assert "Pages that moved, with no redirect from their old address: 1" in output
    data = json.loads(run_diff(repo, "HEAD", "--format", "json").output)
    assert "/articles/2024/06/treaty/index.html" in data["pages"]["added"]


def test_pages_left_alone_really_are_unchanged(repo: Path) -> None:
    """Guards the expectation above: those pages exist on both sides and are not listed."""
    data = json.loads(run_diff(repo, "HEAD~1", "--format", "json").output)
    listed_anywhere = {url for urls in data["pages"].values() for url in urls}
    assert not set(EXPECTED_UNCHANGED) & listed_anywhere
    generated = CliRunner().invoke(cli, ["-f", str(repo / "mkdocs.yml"), "generate", "--out", str(repo.parent / "out")])
    assert generated.exit_code == 0, generated.output
    on_disk = {site_url(p.relative_to(repo.parent / "out").as_posix()) for p in (repo.parent / "out").rglob("*")
               if p.is_file()}
    assert set(EXPECTED_UNCHANGED) <= on_disk


def test_json_report_matches_the_text_report(repo: Path) -> None:
    result = run_diff(repo, "HEAD~1", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["base"] == "HEAD~1"
    assert data["pages"] == {"added": EXPECTED_ADDED, "changed": EXPECTED_CHANGED, "removed": EXPECTED_REMOVED}
    assert data["docs"] == {"added": [], "changed": ["/about/"], "removed": []}
    assert data["errors"] == {"base": [], "head": []}


def test_diff_reads_base_without_touching_checkout_or_index(repo: Path) -> None:
    (repo / "content/2024/2024-12-01-draft-in-progress.md").write_text(
        article("Work in progress", "2024-12-01", "Pyongyang", "Kim Jong Un", "Treaty", "Text."), "utf-8")
    index = repo / ".git" / "index"
    before = (git(repo, "status", "--porcelain"), hashlib.sha256(index.read_bytes()).hexdigest(),
              git(repo, "rev-parse", "HEAD"))
    result = run_diff(repo, "HEAD")
    after = (git(repo, "status", "--porcelain"), hashlib.sha256(index.read_bytes()).hexdigest(),
             git(repo, "rev-parse", "HEAD"))
    assert after == before
    assert "?? content/2024/2024-12-01-draft-in-progress.md" in before[0]
    # The uncommitted article is part of the working-tree side.
    assert listed(result.output)["Generated pages/added"] == [
        "/archive/2024/12/", "/articles/2024/12/draft-in-progress/"]  # slug from the file name


def test_no_change_says_so(repo: Path) -> None:
    result = run_diff(repo, "HEAD")
    assert result.exit_code == 0
    assert result.output.splitlines()[1:] == ["Generated pages: no changes", "Editors' pages: no changes"]


@pytest.mark.parametrize("base", ["no-such-branch", "HEAD~5", "--output=/tmp/x"])
def test_bad_revision_is_a_usage_error_with_gits_message(repo: Path, base: str) -> None:
    result = run_diff(repo, "--", base) if base.startswith("-") else run_diff(repo, base)
    assert result.exit_code == 2
    expected = "is not a revision" if base.startswith("-") else "fatal: Not a valid object name"
    assert expected in result.output


def test_outside_a_git_repository_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path, {"mkdocs.yml": MKDOCS_YML, C: FIRST[C]})
    result = run_diff(tmp_path, "HEAD")
    assert result.exit_code == 2
    assert "not a git repository" in result.output


def test_content_errors_are_reported_and_the_rest_still_compared(repo: Path) -> None:
    (repo / C).write_text(FIRST[C].replace("date: 2024-06-19", "date: 2024-13-45"), "utf-8")
    result = run_diff(repo, "HEAD")
    assert result.exit_code == 0, result.output
    assert "the working tree has content errors; pages of the files with errors are left out:" in result.output
    assert f"  {C}:3: error: 'date: 2024-13-45' is not a real day: there is no month 13" in result.output
    found = listed(result.output)
    assert "/articles/2024/06/treaty/" in found["Generated pages/removed"]
    assert "/articles/2023/09/train/" not in str(found)  # A does not share a briefing with C
    assert json.loads(run_diff(repo, "HEAD", "--format", "json").output)["errors"]["head"][0]["line"] == 3


def test_source_selection_agrees_with_read_sources(tmp_path: Path) -> None:
    """The git side picks files with `is_source_path`, the working tree with `iter_source_paths`."""
    names = ["content/2023/a.md", "content/2023/_b.md", "content/.hidden/c.md", "content/_drafts/d.md",
             "content/2023/e.txt", "content/deep/er/f.md", "briefings/index.md", "briefings/about.md",
             "briefings/topics/g.md", "briefings/topics/_h.md", "briefings/topics/sub/i.md",
             "briefings/actors/.j.md", "briefings/regions/k.md", "briefings/notes/l.md", "other/m.md"]
    write(tmp_path, {"mkdocs.yml": MKDOCS_YML, **dict.fromkeys(names, "x")})
    settings = read_settings(tmp_path / "mkdocs.yml")
    on_disk = {p.relative_to(tmp_path).as_posix() for p in iter_source_paths(tmp_path, settings)}
    assert {n for n in names if is_source_path(n, settings)} == on_disk
    assert on_disk == {"content/2023/a.md", "content/deep/er/f.md", "briefings/index.md", "briefings/topics/g.md",
                       "briefings/regions/k.md"}


def test_files_with_errors_are_left_out_until_the_rest_builds() -> None:
    """Two articles sharing a slug: the newer is in error and left out; the older and the third still build."""
    settings = Settings()
    sources = {
        "content/2023/2023-09-12-train.md": FIRST[A].encode(),
        "content/2024/2024-06-18-train.md": FIRST[C].encode(),     # slug 'train' again
        "content/2024/2024-01-16-visit.md": FIRST[D].encode(),
    }
    pages, errors, _ = build_what_builds(sources, settings)
    assert {e.path for e in errors} == {"content/2024/2024-06-18-train.md"}
    assert [p for p in pages if p.startswith("articles/")] == ["articles/2023/09/train.md", "articles/2024/01/visit.md"]
    assert "index.md" in pages  # the rest of the site is there


# --- assessments a change makes stale -----------------------------------------------------------

ASSESSED = ("---\ntitle: Treaty\nas_of: 2024-07-01\nbottom_line: Signed in June.\nstatus: steady\n"
            "key_facts: [Signed 19 June., Ratified later., Mutual defence.]\n---\n")


def test_diff_names_the_assessments_a_change_makes_stale(tmp_path: Path) -> None:
    """E (29 Nov 2024, topic Treaty) lands after the Treaty assessment's as_of: the diff says so, exit 0."""
    repo = tmp_path / "site"
    repo.mkdir()
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "user.email", "test@example.org")
    git(repo, "config", "commit.gpgsign", "false")
    write(repo, {**FIRST, "briefings/topics/treaty.md": ASSESSED})
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", "first")
    write(repo, {E: SECOND_ADDED[E]})
    result = run_diff(repo, "HEAD")
    assert result.exit_code == 0, result.output
    tail = result.output.splitlines()[-2:]
    assert tail == ["Assessments this change makes stale: 1",
                    "  briefings/topics/treaty.md:3: topic 'Treaty' assessed as of 2024-07-01; "
                    "1 development since, newest 2024-11-29"]
    data = json.loads(run_diff(repo, "HEAD", "--format", "json").output)
    assert [(s["path"], s["line"], s["developments_since"]) for s in data["stale"]] == [
        ("briefings/topics/treaty.md", 3, 1)]
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", "second")
    # Already stale at the base: a change that adds nothing after as_of names no assessment.
    write(repo, {"briefings/about.md": "# About\n\nChanged.\n"})
    assert "Assessments" not in run_diff(repo, "HEAD").output


def test_a_conflict_is_blamed_on_the_file_the_change_adds_whatever_its_date(repo: Path) -> None:
    """An older-dated new file whose slug the published treaty article already has: `check` alone blames the
    newer date (the published file); `diff`, knowing the base revision, blames the file the change adds."""
    old = "content/2023/2023-01-02-treaty.md"  # file name → slug 'treaty', like C (2024-06-19)
    write(repo, {old: article("An older treaty", "2023-01-02", "Pyongyang", "Kim Jong Un", "Treaty", "Text.")})
    output = run_diff(repo, "HEAD").output
    assert f"  {old}:1: error: slug 'treaty' is already used by {C}; rename this file or set 'slug:'" in output
    assert f"{C}:1: error" not in output  # the published file is not blamed
    check = CliRunner().invoke(cli, ["-f", str(repo / "mkdocs.yml"), "check"])
    assert f"{C}:1: error: slug 'treaty' is already used by {old}" in check.output  # no base: the newer date
