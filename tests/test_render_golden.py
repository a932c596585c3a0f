"""Golden tests of rendered pages: build a small site in memory, diff every page against expected/.

Cases: render_basic; render_hostile (markup, quotes and characters beyond U+FFFF in every name and title);
render_nested (regions three deep, term files with aliases, roles, countries and a topic's match rule);
render_drafts_serve (drafts and updated dates, rendered with drafts as `mkdocs serve` shows them).

Regenerate after an intended change with `BRIEFING_UPDATE_GOLDEN=1 make test`, then read the diff.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest

from generator.config import read_settings
from generator.files import read_sources
from generator.site import build_site

SITES = Path(__file__).parent / "sites"
CASES = sorted(p.parent.name for p in SITES.glob("*/expected"))
UPDATE = os.environ.get("BRIEFING_UPDATE_GOLDEN") == "1"


def render_case(case: Path) -> dict[str, str]:
    """Every generated page of a case; a case named `*_serve` as `mkdocs serve` renders it, drafts included."""
    settings = read_settings(case / "mkdocs.yml")
    if case.name.endswith("_serve"):
        settings = dataclasses.replace(settings, include_drafts=True)
    result = build_site(read_sources(case, settings), settings)
    assert not result.errors, result.errors
    return dict(result.pages)


@pytest.mark.parametrize("name", CASES)
def test_pages_match_golden(name: str) -> None:
    case = SITES / name
    pages = render_case(case)
    expected_dir = case / "expected"
    if UPDATE:
        shutil.rmtree(expected_dir)
        for path, text in pages.items():
            (expected_dir / path).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / path).write_text(text, "utf-8")
    expected = {p.relative_to(expected_dir).as_posix(): p.read_text("utf-8")
                for p in sorted(expected_dir.rglob("*")) if p.is_file()}
    assert sorted(pages) == sorted(expected), "generated page set differs from expected/"
    for path, text in pages.items():
        assert text == expected[path], f"{name}/expected/{path} differs; rerun with BRIEFING_UPDATE_GOLDEN=1 and review"


def test_golden_cases_exist() -> None:
    assert {"render_basic", "render_hostile", "render_nested", "render_drafts_serve"} <= set(CASES)
