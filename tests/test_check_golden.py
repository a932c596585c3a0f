"""Golden tests of `briefing check`: each tests/sites/<case>/expected-check.txt holds the exit code
and the exact output for that case's tree.

A case folder holds `mkdocs.yml`, `content/...` and optionally `briefings/{topics,actors,regions}/...`.
`expected-check.txt` starts with `exit: N`, then every line `briefing check` prints. Only cases
that have this file run here, so a case may also (or only) hold page goldens for other tests.

Regenerate after an intended change with `BRIEFING_UPDATE_GOLDEN=1 make test`, then read the diff:
every line number in these files was checked by hand against the fixture.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

SITES = Path(__file__).parent / "sites"
EXPECTED = "expected-check.txt"
CASES = sorted(p.parent.name for p in SITES.glob(f"*/{EXPECTED}"))
UPDATE = os.environ.get("BRIEFING_UPDATE_GOLDEN") == "1"

#: Files no editor or git filter should touch, so the test writes them: case → path → bytes.
RUNTIME_FILES: dict[str, dict[str, bytes]] = {
    "not_utf8": {
        "content/2023/2023-09-12-latin1.md": b"---\ntitle: Caf\xe9 diplomacy in Vladivostok\ndate: 2023-09-12\n"
                                              b"region: Russian Far East\nactors: [Kim Jong Un]\n---\nBody.\n",
        "content/2023/2023-09-13-image.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
        "content/2023/2023-09-14-nul.md": b"---\ntitle: A hidden\x00byte\ndate: 2023-09-14\n---\nBody.\n",
        "content/2023/2023-09-15-utf16.md": "---\ntitle: Saved as UTF-16\n---\n".encode("utf-16"),
    },
}
#: all_bad holds every bad case at once: each case's content under content/<case>/, term files as they are.
ALL_BAD_PARTS = (
    "bad_date", "missing_required", "boolean_trap", "number_name", "unknown_key", "wrong_types", "bad_slug",
    "updated_before_date", "bad_sources", "duplicate_slug", "alias_collision", "near_name", "unsafe_body",
    "yaml_syntax_error", "unclosed_front_matter", "no_front_matter", "not_utf8", "empty_file", "yaml_tags",
    "blank_lines_after_opening", "duplicate_key", "term_file_errors",
)
RUNTIME_FILES["all_bad"] = {
    path.replace("content/", f"content/{case}/", 1): data
    for case in ALL_BAD_PARTS for path, data in RUNTIME_FILES.get(case, {}).items()
}


def materialize(case: str, tmp_path: Path) -> Path:
    """A copy of the case's tree (without goldens) plus its runtime files; returns its root."""
    root = tmp_path / case
    shutil.copytree(SITES / case, root, ignore=shutil.ignore_patterns(EXPECTED, "expected"))
    for rel, data in RUNTIME_FILES.get(case, {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def run_check(root: Path, *args: str) -> tuple[int, str]:
    """`briefing -f ROOT/mkdocs.yml check ARGS` in-process: (exit code, stdout)."""
    result = CliRunner().invoke(cli, ["-f", str(root / "mkdocs.yml"), "check", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout


def golden_text(code: int, output: str) -> str:
    return f"exit: {code}\n{output}"


def read_golden(case: str) -> str:
    return (SITES / case / EXPECTED).read_text("utf-8")


@pytest.mark.parametrize("case", CASES)
def test_check_output_matches_golden(case: str, tmp_path: Path) -> None:
    actual = golden_text(*run_check(materialize(case, tmp_path)))
    if UPDATE:
        (SITES / case / EXPECTED).write_text(actual, "utf-8")
    assert actual == read_golden(case), f"rerun with BRIEFING_UPDATE_GOLDEN=1 and review the diff of {case}"


def test_every_issue_case_exists() -> None:
    required = {*ALL_BAD_PARTS, "crlf_and_bom", "good_site", "all_bad"}
    assert required <= set(CASES)


def test_clean_cases_have_no_diagnostics() -> None:
    for case in ("good_site", "crlf_and_bom"):
        lines = read_golden(case).splitlines()
        assert lines[0] == "exit: 0" and len(lines) == 2 and lines[1].endswith(": 0 errors, 0 warnings"), case


def test_all_bad_reports_every_case_at_once() -> None:
    """Nothing stops at the first bad file: all_bad prints exactly the union of the parts' lines."""
    expected: set[str] = set()
    for case in ALL_BAD_PARTS:
        lines = read_golden(case).splitlines()[1:-1]
        expected |= {line.replace("content/", f"content/{case}/") for line in lines}
    lines = read_golden("all_bad").splitlines()
    diagnostics = lines[1:-1]
    assert lines[0] == "exit: 1"
    assert len(diagnostics) == len(set(diagnostics)) and set(diagnostics) == expected
    assert diagnostics == sorted(diagnostics, key=lambda line: (line.split(":")[0], int(line.split(":")[1])))
    assert len({line.split(":")[0] for line in diagnostics}) > 40


def test_crlf_fixtures_kept_their_bytes() -> None:
    """Guard against git or an editor normalising the fixtures, which would make the case moot."""
    content = SITES / "crlf_and_bom" / "content" / "2023"
    crlf = (content / "2023-09-12-crlf.md").read_bytes()
    cr_only = (content / "2023-09-13-cr.md").read_bytes()
    assert crlf.startswith(b"\xef\xbb\xbf---\r\n") and crlf.count(b"\r\n") == crlf.count(b"\n") > 5
    assert b"\n" not in cr_only and cr_only.count(b"\r") > 5
