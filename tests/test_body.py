"""The body check: active content from strangers is refused, fenced code and prose are not."""

from __future__ import annotations

import time

import pytest

from generator.body import fenced_code_lines, scan_body, second_block


def problems(body: str, first_line: int = 10) -> list[tuple[int, str]]:
    return scan_body(body, first_line)


def lines_of(body: str) -> list[int]:
    return [line for line, _ in problems(body)]


@pytest.mark.parametrize("html", [
    "<script>alert(1)</script>", "<SCRIPT src=x>", "</script >", "<iframe src=x>", "<object data=x>",
    "<embed src=x>", "<base href=x>", "<meta http-equiv=refresh>", "<form action=x>", "<svg><script>x</script>",
])
def test_dangerous_tags(html: str) -> None:
    assert lines_of(f"Intro.\n\n{html}\n") == [12]


@pytest.mark.parametrize("html", [
    '<p onclick="x()">', "<img src=x onerror=alert(1)>", "<a/onmouseover='x'>", '<b ONCLICK = "x">',
    "<img src=x\n  onerror=alert(1)>",
])
def test_event_attributes(html: str) -> None:
    found = problems(html)
    assert len(found) == 1 and "event attribute 'on" in found[0][1]
    assert found[0][0] == 10 + html.count("\n")  # the line of the attribute itself


@pytest.mark.parametrize("text", [
    "[x](javascript:alert(1))", "[x]( JavaScript:alert(1))", "[x](<javascript:alert(1)>)",
    "![x](vbscript:x)", '<a href="javascript:x">a</a>', "<a href=javascript:x>a</a>",
    '<a href="jav&#x09;ascript:x">a</a>', '<a href="javascript&colon;x">a</a>', '<a href="&#106;avascript:x">',
    "[ref]: javascript:alert(1)", '<a href="data:text/html;base64,PHNjcmlwdD4=">',
    '<a href="java\nscript:alert(1)">', "[x](\njavascript:alert(1))",
])
def test_script_urls(text: str) -> None:
    found = problems(text, first_line=1)
    assert len(found) == 1 and "links are not allowed" in found[0][1]


@pytest.mark.parametrize("text", [
    "JavaScript: the language, in prose.",
    "Lazarus hid malicious JavaScript: the report says so.",
    "The data: text/html tables were leaked.",
    "Pyongyang said on= Monday that <b>talks</b> went well.",
    "&lt;script&gt; is how the tag is written.",
    "A <span class=note>note</span> and a [link](https://example.org/on?x=javascript).",
    "<description of a script> in prose",
])
def test_prose_and_harmless_html_pass(text: str) -> None:
    assert problems(text) == []


def test_fenced_code_is_exempt() -> None:
    body = "Intro\n\n```html\n<script>alert(1)</script>\n<p onclick=x>\n[x](javascript:y)\n```\n\n~~~\n<iframe>\n~~~\n"
    assert problems(body) == []


def test_code_spans_are_not_exempt() -> None:
    """Inside a raw HTML block (`<div>`...`</div>`) backticks are plain text and the script runs."""
    assert lines_of("<div>`<script>alert(1)</script>`</div>\n") == [10]
    assert lines_of("\\`<b onclick=x>`\n") == [10]


@pytest.mark.parametrize(("body", "code"), [
    ("```\n<script>\n```", {0, 1, 2}),
    ("```python\nx\n```\n", {0, 1, 2}),
    ("````\n```\n<script>\n````", {0, 1, 2, 3}),
    # never closed: Python-Markdown's fenced_code shows it as text, so the HTML in it is live
    ("```\n<script>\n", set()),
    # a tilde fence is not closed by backticks, and the other way round
    ("~~~\n```\n<script>\n~~~", {0, 1, 2, 3}),
    # a longer closing fence: CommonMark closes here, fenced_code does not; count it as no fence
    ("```\n````\n<script>\n```", set()),
    # an indented fence is not a fence for fenced_code
    ("  ```\n<script>\n  ```", set()),
    # an info string fenced_code does not accept makes the line no fence
    ("``` two words\n<script>\n```", set()),
])
def test_fence_rules(body: str, code: set[int]) -> None:
    assert fenced_code_lines(body.split("\n")) == code


def test_fence_tricks_do_not_hide_script() -> None:
    # the toggling of a naive checker would read line 4 as inside a fence
    assert lines_of("~~~\n```\n~~~\n<script>alert(1)</script>\n```\n") == [13]
    assert lines_of("```\n<script>alert(1)</script>\n") == [11]


def test_every_problem_on_its_line() -> None:
    body = "ok\n<script>\nok\n<iframe>\n[x](javascript:y)\n<p onclick=x>"
    assert lines_of(body) == [11, 13, 14, 15]


def test_term_file_bodies_are_checked_too() -> None:
    from generator.corpus import build_corpus
    from generator.model import Settings

    corpus = build_corpus({"briefings/topics/arms.md": b"---\ntitle: Arms\n---\nOverview\n<script>x</script>\n"},
                          Settings())
    assert [(d.line, d.message.split(";")[0]) for d in corpus.diagnostics] == [
        (5, "<script> is not allowed in the body")]


@pytest.mark.parametrize("body", [
    "<" + " " * 50_000 + "x",          # two `\s*` around `/?` used to backtrack quadratically
    "<a " * 30_000,                     # each `<a` used to rescan to the end of the body
    "<a\n" * 30_000,
    "```a\n" * 30_000,                  # each unclosed opening used to scan every later line
    "```" + " " * 50_000 + "!",         # `[ ]*` twice around an empty language
])
def test_hostile_bodies_are_checked_in_linear_time(body: str) -> None:
    started = time.process_time()
    problems(body)
    assert time.process_time() - started < 5, "the body check must not be quadratic"


def test_a_hostile_first_paragraph_is_summarised_quickly() -> None:
    from generator.validate import first_paragraph

    started = time.process_time()
    assert first_paragraph("[" * 200_000).startswith("[[[")
    assert time.process_time() - started < 5


def test_a_second_front_matter_block_is_found_on_its_lines() -> None:
    assert second_block("\n---\ntitle: Again\n---\nText\n", 7) == (
        8, "a second front-matter block (lines 8–10) is read as body text; merge it into the first")
    assert second_block("---\nnot: keys?\nplain words\n", 7) is None  # never closed: a rule, not a block
    assert second_block("Text\n\n---\ntitle: x\n---\n", 7) is None  # only at the top
