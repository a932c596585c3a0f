"""Issue 12: bounded cost. Pathological Markdown is refused before Python-Markdown sees it, at its line; text
lengths and the file size are capped; one article at every limit adds a bounded amount to the site."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.budget import MAX_SCAN, markdown_cost
from generator.model import Settings
from generator.site import build_site

from .kit import article, make_repo, mkdocs_build, run_check

A = "content/2023/2023-09-12-train.md"
BODY_LINE = 9  # article(): six front-matter lines, then "Intro.", a blank line, the payload
QUADRATIC = {"brackets": "[" * 40000, "images": "![" * 20000, "link_texts": "[a" * 20000, "tags": "<a " * 20000,
             "autolinks": "<http://" * 10000, "link_targets": "[x](" * 10000}


@pytest.mark.parametrize("name", sorted(QUADRATIC))
def test_quadratic_markdown_is_refused_at_its_line(tmp_path: Path, name: str) -> None:
    root = make_repo(tmp_path, {A: article(body=f"Intro.\n\n{QUADRATIC[name]}\n")})
    run = run_check(root)
    assert run.exit_code == 1
    assert any(line.startswith(f"{A}:{BODY_LINE}: error: this body would take Markdown too long to render")
               for line in run.diagnostics), run.lines


def test_the_build_refuses_it_in_seconds_not_minutes(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {A: article(body="Intro.\n\n" + "[" * 40000 + "\n")})
    build = mkdocs_build(root, strict=True, timeout=60)  # before: 191 s
    assert build.returncode != 0 and "too long to render" in build.stderr


def test_ordinary_bodies_are_far_below_the_budget() -> None:
    paragraph = " ".join(f"See [report {i}](https://example.org/{i}) (page {i}) <b>x</b>." for i in range(50))
    cost = markdown_cost([paragraph] * 3 + ["", "a [b] c"])
    assert cost.scan < MAX_SCAN // 100 and cost.opener == ""


def test_budget_points_at_the_first_unclosed_opener() -> None:
    cost = markdown_cost(["fine [a](b)", "", "text", "more ( here", "and [ there"])
    assert (cost.line, cost.opener) == (3, "(")


def test_default_size_limit_is_lower_and_says_what_to_do(tmp_path: Path) -> None:
    body = ("Para. " * 20 + "\n\n") * 2300  # ~280 KB of ordinary text
    root = make_repo(tmp_path, {A: article(body=body)})
    assert run_check(root).diagnostics == [
        f"{A}:1: error: file is over the size limit of 262,144 bytes; split it or trim it"]


def test_title_and_summary_lengths_are_limited(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {A: article(title="T" * 201, summary='"' + "S" * 601 + '"')})
    assert run_check(root).diagnostics == [
        f"{A}:2: error: 'title' is 201 characters long; the limit is 200",
        f"{A}:6: error: 'summary' is 601 characters long; the limit is 600"]


def test_one_article_at_every_limit_adds_a_bounded_amount() -> None:
    """The issue's 451 KB article made 137 MB of pages; now an article is refused past ~1 MB of output, and
    what one at the limit adds is measured, not estimated."""
    settings = Settings(site_url="https://example.org/")
    base = {"content/2023/2023-09-11-other.md": article(title="Other", date="2023-09-11").encode()}
    small = build_site(base, settings)
    too_many = [f"Name number {i} " + "x" * 170 for i in range(50)]
    refused = build_site({**base, A: article(title="T" * 200, region=too_many, actors=too_many, topics=too_many,
                                             summary='"' + "S" * 600 + '"').encode()}, settings)
    assert [str(d) for d in refused.errors] == [
        f"{A}:2: error: this article would add about 17.4 MB to the site (150 names, each listing it with its "
        "title, summary and every name; the limit is 1.0 MB): list only the main names"]
    allowed = ["Name " + "x" * 40 + str(i) for i in range(28)]  # 28 long names: ~0.24 MB by the estimate
    large = build_site({**base, A: article(title="T" * 200, region=allowed[:8], actors=allowed[8:20],
                                           topics=allowed[20:], summary='"' + "S" * 600 + '"').encode()}, settings)
    assert not large.errors, large.errors[:3]
    added = sum(map(len, large.pages.values())) - sum(map(len, small.pages.values()))
    assert 0 < added < 2 * 1024 * 1024, f"{added:,} bytes"
