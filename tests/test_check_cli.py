"""`briefing check`: exit codes, output formats, the summary line, and settings from mkdocs.yml."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli, summary_line
from generator.corpus import Corpus
from generator.kinds import Kind
from generator.model import Article, Diagnostic, Term

MKDOCS = "site_name: T\ndocs_dir: briefings\nplugins:\n  - search\n  - briefing:\n      content_dir: content\n"
GOOD = ("---\ntitle: Train\ndate: 2023-09-12\nregion: Russian Far East\nactors: [Kim Jong Un]\n"
        "sources: [{publisher: TASS}]\n---\nBody.\n")
BAD = GOOD.replace("2023-09-12", "2023-13-45")
NEAR = GOOD.replace("Kim Jong Un", "Kim Jong-un").replace("Train", "Summit")
TERM = "---\ntitle: Kim Jong Un\nrole: Leader\n---\nProfile.\n"
LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>[1-9]\d*): (?P<severity>error|warning): (?P<message>\S.*)$")
SUMMARY = re.compile(r"^\d+ articles?, \d+ terms?: \d+ errors?, \d+ warnings?$")


def make_site(root: Path, files: dict[str, str | bytes], mkdocs: str = MKDOCS) -> Path:
    (root / "mkdocs.yml").write_text(mkdocs, "utf-8")
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return root


def check(root: Path, *args: str, config: str = "mkdocs.yml") -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-f", str(root / config), "check", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


# --- exit codes -------------------------------------------------------------------------

def test_clean_site_exits_0(tmp_path: Path) -> None:
    make_site(tmp_path, {"content/2023/a.md": GOOD, "briefings/actors/kim-jong-un.md": TERM})
    assert check(tmp_path) == (0, "1 article, 1 term: 0 errors, 0 warnings\n")


def test_errors_exit_1(tmp_path: Path) -> None:
    make_site(tmp_path, {"content/a.md": BAD, "content/b.md": GOOD})
    code, output = check(tmp_path)
    assert code == 1
    assert output.splitlines() == [
        "content/a.md:3: error: 'date: 2023-13-45' is not a real day: there is no month 13",
        "1 article, 0 terms: 1 error, 0 warnings",
    ]


def test_warnings_exit_0_but_1_under_strict(tmp_path: Path) -> None:
    make_site(tmp_path, {"content/a.md": GOOD, "content/b.md": NEAR, "content/c.md": GOOD.replace("Train", "Fleet")})
    warning = "content/b.md:5: warning: unknown actor 'Kim Jong-un'; did you mean 'Kim Jong Un'?"
    summary = "3 articles, 0 terms: 0 errors, 1 warning"
    assert check(tmp_path) == (0, f"{warning}\n{summary}\n")
    assert check(tmp_path, "--strict") == (1, f"{warning}\n{summary}\n")


def test_strict_on_a_clean_site_exits_0(tmp_path: Path) -> None:
    make_site(tmp_path, {"content/a.md": GOOD})
    assert check(tmp_path, "--strict")[0] == 0


def test_strict_refuses_an_article_without_sources_and_says_where(tmp_path: Path) -> None:
    bare = GOOD.replace("sources: [{publisher: TASS}]\n", "")
    make_site(tmp_path, {"content/a.md": bare, "content/draft.md": bare.replace("Train", "Draft").replace(
        "---\nBody", "draft: true\n---\nBody")})
    assert check(tmp_path) == (0, "2 articles, 0 terms: 0 errors, 0 warnings\n")  # fixtures and previews may
    code, output = check(tmp_path, "--strict")
    assert code == 1
    assert output.splitlines() == [  # the draft is work in progress: not refused
        "content/a.md:2: error: no sources: list the reports this article draws on under 'sources:' "
        "(publisher or title, and url and date where there are)",
        "2 articles, 0 terms: 1 error, 0 warnings"]


def test_strict_refuses_the_unchanged_skeleton_of_briefing_new(tmp_path: Path) -> None:
    make_site(tmp_path, {})
    result = CliRunner().invoke(cli, ["-f", str(tmp_path / "mkdocs.yml"), "new", "Kim visits Vladivostok",
                                      "--date", "2024-09-01", "--region", "Vladivostok", "--actor", "Kim Jong Un"])
    assert result.exit_code == 0, result.output
    path = "content/2024/2024-09-01-kim-visits-vladivostok.md"
    code, output = check(tmp_path, "--strict")
    assert code == 1
    assert f"{path}:7: error: no sources" in output  # the empty `sources: []` line
    assert (f"{path}:9: error: the body is still the `briefing new` template (headings and comments only): "
            "write the article in your own words") in output
    text = (tmp_path / path).read_text("utf-8").replace("sources: []", "sources: [{publisher: KCNA}]")
    (tmp_path / path).write_text(text.replace("## Background", "Kim arrived by train.\n\n## Background"), "utf-8")
    assert check(tmp_path, "--strict")[0] == 0


def test_an_empty_site_is_clean(tmp_path: Path) -> None:
    make_site(tmp_path, {})
    (tmp_path / "content").mkdir(exist_ok=True)  # no folder at all is an error (issue 12: content_dir typo)
    assert check(tmp_path) == (0, "0 articles, 0 terms: 0 errors, 0 warnings\n")


@pytest.mark.parametrize("args", [["check", "--bogus"], ["check", "--format", "xml"], ["bogus-command"]])
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    make_site(tmp_path, {"content/a.md": GOOD})
    result = CliRunner().invoke(cli, ["-f", str(tmp_path / "mkdocs.yml"), *args])
    assert result.exit_code == 2 and "Error:" in result.output


def test_missing_mkdocs_yml_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["-f", str(tmp_path / "mkdocs.yml"), "check"])
    assert result.exit_code == 2
    assert "cannot read" in result.output and "No such file" in result.output


def test_default_config_is_mkdocs_yml_in_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_site(tmp_path, {"content/a.md": BAD})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1 and result.output.startswith("content/a.md:3: error: ")


@pytest.mark.parametrize(("mkdocs", "message"), [
    ("site_name: T\nplugins:\n  - search\n", "does not list the 'briefing' plugin"),
    ("site_name: T\n", "does not list the 'briefing' plugin"),
    ("plugins: [briefing\n", "mkdocs.yml:2 is not valid YAML: expected ',' or ']'"),
    ("- just\n- a list\n", "must be 'key: value' lines"),
    ("plugins: 5\n", "'plugins' in MKDOCS must be a list"),
    ("plugins:\n  - briefing: 5\n", "options in MKDOCS must be 'key: value' lines"),
    ("plugins:\n  - briefing:\n      content_dir: 5\n", "MKDOCS:3: 'content_dir' must be text, got 5"),
    ("plugins:\n  - briefing:\n      max_file_bytes: big\n", "MKDOCS:3: 'max_file_bytes' must be a whole number"),
    ("plugins:\n  - briefing:\n      max_file_bytes: -1\n", "MKDOCS:3: 'max_file_bytes' must be a whole number"),
    ("plugins:\n  - briefing:\n      active_days: 1000000000000\n",
     "MKDOCS:3: 'active_days' must be a whole number from 1 to 36,500, got 1000000000000"),
    ("plugins:\n  - search\n  - briefing:\n      feed_size: 5\n      include_drafts: true\n",
     "MKDOCS:5: 'include_drafts' is not an option of the briefing plugin"),
    ("plugins:\n  - briefing:\n      names: strict\n", "MKDOCS:3: 'names'"),
    ("plugins:\n  - briefing:\n      content_dir: ../elsewhere\n", "must be a folder inside the project"),
    ("plugins:\n  - briefing:\n      content_dir: /etc\n", "must be a folder inside the project"),
    ("plugins:\n  - briefing:\n      content_dir: .\n", "must be a folder inside the project"),
    ("docs_dir: briefings\nplugins:\n  - briefing:\n      content_dir: briefings/c\n", "must be separate folders"),
    ("site_name: T\nplugins:\n  - briefing\nsite_url: !ENV [SITE_URL, 'x']\nhooks: !!python/name:os.system\n", None),
])
def test_mkdocs_yml_problems_are_usage_errors(tmp_path: Path, mkdocs: str, message: str | None) -> None:
    make_site(tmp_path, {"content/a.md": GOOD}, mkdocs=mkdocs)
    result = CliRunner().invoke(cli, ["-f", str(tmp_path / "mkdocs.yml"), "check"])
    if message is None:  # MkDocs' own tags are read past, not run
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 2, result.output
    assert message.replace("MKDOCS", str(tmp_path / "mkdocs.yml")) in result.output
    assert "Traceback" not in result.output


def test_mkdocs_yml_not_utf8_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_bytes("site_name: Café\nplugins: [briefing]\n".encode("latin-1"))
    result = CliRunner().invoke(cli, ["-f", str(tmp_path / "mkdocs.yml"), "check"])
    assert result.exit_code == 2 and "is not UTF-8" in result.output


def test_plugins_written_as_a_mapping(tmp_path: Path) -> None:
    mkdocs = "docs_dir: site-src\nplugins:\n  search: {}\n  briefing:\n    content_dir: src/articles\n"
    make_site(tmp_path, {"src/articles/2023/a.md": BAD, "site-src/actors/kim-jong-un.md": TERM}, mkdocs=mkdocs)
    code, output = check(tmp_path)
    assert code == 1
    assert output.splitlines() == [
        "src/articles/2023/a.md:3: error: 'date: 2023-13-45' is not a real day: there is no month 13",
        "0 articles, 1 term: 1 error, 0 warnings",
    ]


def test_console_script_exit_codes(tmp_path: Path) -> None:
    """The real entry point, not only CliRunner: `python -m generator`."""
    make_site(tmp_path, {"content/a.md": BAD})
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}

    def run(*args: str) -> int:
        return subprocess.run([sys.executable, "-m", "generator", *args], cwd=tmp_path, env=env,
                              capture_output=True, check=False).returncode

    assert run("check") == 1
    assert run("-f", "missing.yml", "check") == 2
    assert run("check", "--no-such-option") == 2


# --- output -----------------------------------------------------------------------------

def test_every_line_is_path_line_severity_message_and_sorted(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "content/b.md": BAD.replace("region: Russian Far East", "region: NO"),
        "content/a.md": "---\ntitle: T\n---\n" + "\n" * 8 + "<script>x</script>\n",
        "content/c.md": NEAR, "content/d.md": GOOD, "content/e.md": GOOD.replace("Train", "Other"),
        "briefings/actors/kim.md": "---\ntitle: [x]\nregoin: y\n---\n",
    }
    make_site(tmp_path, files)
    code, output = check(tmp_path)
    lines = output.splitlines()
    matches = [LINE.match(line) for line in lines[:-1]]
    assert all(matches), lines
    keys = [(m["path"], int(m["line"])) for m in matches if m]
    assert keys == sorted(keys) and len(keys) == 9
    assert SUMMARY.match(lines[-1]) and code == 1


def test_values_from_files_cannot_break_a_line(tmp_path: Path) -> None:
    article = GOOD.replace("actors: [Kim Jong Un]", 'actors: [Kim Jong Un]\nslug: "a\\nb\\e[31m"\ndraft: "x\\ny"')
    make_site(tmp_path, {"content/a.md": article})
    code, output = check(tmp_path)
    assert code == 1
    assert output.splitlines() == [
        "content/a.md:6: error: 'slug' holds the invisible control character U+001B; delete it",
        "content/a.md:7: error: 'draft' must be true or false, got 'x\\ny'",
        "0 articles, 0 terms: 2 errors, 0 warnings",
    ]


def test_unprintable_file_names_are_reported_not_printed(tmp_path: Path) -> None:
    if sys.platform == "win32":
        pytest.skip("such names cannot exist there")
    make_site(tmp_path, {"content/ok.md": GOOD})
    (tmp_path / "content" / "new\nline.md").write_text(GOOD, "utf-8")
    code, output = check(tmp_path)
    assert code == 1
    assert output.splitlines()[0] == "content/new\\nline.md:1: error: file name holds unprintable characters; rename it"


def test_symlinks_out_of_the_project_are_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(GOOD, "utf-8")
    (tmp_path / "site").mkdir()
    site = make_site(tmp_path / "site", {"content/ok.md": GOOD})
    (site / "content" / "link.md").symlink_to(outside)
    code, output = check(site)
    assert code == 1
    assert output.splitlines()[0] == "content/link.md:1: error: symbolic link points outside the repository; refused"


@pytest.mark.parametrize(("counts", "summary"), [
    ({"articles": 1, "terms": 1, "errors": 1, "warnings": 1}, "1 article, 1 term: 1 error, 1 warning"),
    ({"articles": 0, "terms": 2, "errors": 0, "warnings": 2}, "0 articles, 2 terms: 0 errors, 2 warnings"),
])
def test_summary_line(counts: dict[str, int], summary: str) -> None:
    article = Article("content/a.md", "a", "A", dt.date(2023, 1, 1), ("R",), ("A",), (), "", "")
    terms = {(Kind.ACTOR, f"t{i}"): Term(Kind.ACTOR, f"t{i}", f"T{i}", f"t{i}.md", 2) for i in range(counts["terms"])}
    diagnostics = ([Diagnostic("a.md", 1, "error", "e")] * counts["errors"]
                   + [Diagnostic("a.md", i, "warning", "w") for i in range(counts["warnings"])])
    corpus = Corpus((article,) * counts["articles"], terms, tuple(diagnostics))
    assert summary_line(corpus) == summary


def test_json_format(tmp_path: Path) -> None:
    make_site(tmp_path, {"content/a.md": BAD, "content/b.md": GOOD, "content/c.md": NEAR.replace("Summit", "C"),
                         "content/d.md": GOOD.replace("Train", "D"), "briefings/topics/t.md": "---\ntitle: T\n---\n"})
    code, output = check(tmp_path, "--format", "json")
    assert code == 1
    data = json.loads(output)
    assert data == {
        "articles": 3,
        "terms": {"topics": 1, "regions": 0, "actors": 0},
        "errors": 1,
        "warnings": 1,
        "diagnostics": [
            {"path": "content/a.md", "line": 3, "severity": "error",
             "message": "'date: 2023-13-45' is not a real day: there is no month 13"},
            {"path": "content/c.md", "line": 5, "severity": "warning",
             "message": "unknown actor 'Kim Jong-un'; did you mean 'Kim Jong Un'?"},
        ],
    }
    assert check(tmp_path, "--format", "json", "--strict")[0] == 1


def test_json_format_clean_and_strict(tmp_path: Path) -> None:
    make_site(tmp_path, {"content/a.md": GOOD, "content/b.md": NEAR, "content/c.md": GOOD.replace("Train", "C")})
    code, output = check(tmp_path, "--format", "json")
    assert code == 0 and json.loads(output)["warnings"] == 1 and json.loads(output)["errors"] == 0
    assert check(tmp_path, "--format", "json", "--strict")[0] == 1


def test_check_writes_nothing(tmp_path: Path) -> None:
    make_site(tmp_path, {"content/a.md": BAD, "content/b.md": GOOD, "briefings/actors/kim-jong-un.md": TERM})
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    check(tmp_path)
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
