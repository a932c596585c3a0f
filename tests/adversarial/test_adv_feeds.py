"""Issue 12: feeds are always well-formed XML. Characters XML 1.0 forbids are refused at their line; whatever a
body holds, every feed built parses (a property test over fuzzed bodies)."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.characters import check_xml_characters, xml_safe
from generator.model import Settings
from generator.render import _xml_finalize
from generator.site import build_site
from generator.validate import Reporter

from .kit import article, make_repo, mkdocs_build, run_check

A = "content/2023/2023-09-12-train.md"
EXAMPLES = int(os.environ.get("BRIEFING_FUZZ_EXAMPLES", "60"))
ALARM_SECONDS = 300 + 2 * EXAMPLES
SETTINGS = Settings(site_url="https://example.org/")


@pytest.mark.parametrize("char", ["\x07", "\x08", "\x1b", "\ufffe", "\uffff", "\x00", "\x0c"])
def test_forbidden_character_in_the_first_paragraph_is_refused_at_its_line(tmp_path: Path, char: str) -> None:
    body = f"Intro.\n\nA first{char} paragraph.\n"
    root = make_repo(tmp_path, {A: article(body=body).encode("utf-8")})
    run = run_check(root)
    if char == "\x00":  # a NUL byte is refused earlier, as a sign of a binary file
        assert run.diagnostics == [f"{A}:9: error: file holds NUL bytes; is it a binary file?"]
        return
    assert run.diagnostics == [f"{A}:9: error: the body holds the invisible character U+{ord(char):04X}, "
                               "which a feed cannot carry (XML forbids it); delete it"]


def test_the_build_refuses_too(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {A: article(body="A first\x1b paragraph.\n")})
    build = mkdocs_build(root, strict=True)
    assert build.returncode != 0 and "U+001B" in build.stderr
    assert not (root / "site/feed.xml").exists()


def test_reports_stop_after_ten_lines_and_stay_linear() -> None:
    report = Reporter("x.md")
    assert not check_xml_characters("\x07\n" * 200_000 + "\x07" * 1_000_000, 5, report)
    assert len(report.diagnostics) == 11 and report.diagnostics[0].line == 5


def test_feeds_never_carry_forbidden_characters_whatever_reaches_them() -> None:
    assert xml_safe("a\x07b\ufffec\U0001f682") == "abc\U0001f682"
    assert _xml_finalize("x\x1by") == "xy"


body_text = st.text(st.characters(codec="utf-8"), max_size=200)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=body_text, second=body_text)
@example(first="A\x07 paragraph", second="")
@example(first="\ufffe", second="\x1b[31m")
@example(first="]]> <![CDATA[ &#0; &#x1b;", second="</summary>")
def test_every_feed_parses_for_any_body(first: str, second: str) -> None:
    sources = {A: article(body=f"{first}\n\n{second}\n").encode("utf-8", "surrogatepass"),
               "content/2023/2023-09-13-other.md": article(title="Other", date="2023-09-13").encode()}
    result = build_site(sources, SETTINGS)
    feeds = [text for path, text in result.pages.items() if path.endswith(".xml")]
    assert result.errors or feeds
    for feed in feeds:
        ET.fromstring(feed.encode("utf-8"))  # raises on a feed that is not well-formed
