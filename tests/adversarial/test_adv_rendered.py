"""Issue 12: what the browser would see. Payloads the source scan misses are stopped by the allowlist check of
the rendered HTML (generator/html_guard.py), with the file and line they come from; nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.html_guard import check_html, url_scheme

from .kit import article, make_repo, mkdocs_build, run_check

A = "content/2023/2023-09-12-train.md"
DETAILS = "<details x=y'z title='>' open ontoggle=alert(4)>x</details>"
ANIMATE = ('<svg><a><animate attributeName="href" values="https://a;javascript:alert(5)" begin="0s" dur="1s"/>'
           '<text x="20" y="20">click</text></a></svg>')
TERM = "briefings/actors/kim-jong-un.md"


def term_file(body: str) -> str:
    return f"---\ntitle: Kim Jong Un\n---\n\nProfile.\n\n{body}\n"


def refused(root: Path, expected: str) -> str:
    """Build strictly; it must fail naming `expected` and write no page."""
    build = mkdocs_build(root, strict=True)
    assert build.returncode != 0, "the build published a page with script in it"
    assert expected in build.stderr, build.stderr
    assert not (root / "site/articles").exists()
    return build.stderr


def test_scanner_desync_details_ontoggle_in_an_article(tmp_path: Path) -> None:
    # A cited source: `check --strict` refuses an article without one (issue 17), which is not what this tests.
    source = "[{publisher: TASS, url: 'https://tass.com/world/1', date: 2023-09-12}]"
    root = make_repo(tmp_path, {A: article(body=f"Intro.\n\n{DETAILS}\n", sources=source)})
    check = run_check(root, "--strict")
    assert check.exit_code == 0, check.lines  # the source scan is fooled: the reason for this layer
    refused(root, f"{A}:10: error: attribute 'ontoggle' on <details> is not allowed (in the rendered page)")


def test_scanner_desync_in_a_term_file_body(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {A: article(), TERM: term_file(DETAILS)})
    refused(root, f"{TERM}:7: error: attribute 'ontoggle' on <details> is not allowed")


def test_svg_animate_javascript_href(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {A: article(body=f"Intro.\n\n{ANIMATE}\n")})
    refused(root, f"{A}:9: error: <svg> is not allowed in a page")


def test_hand_written_page_is_checked_unless_trusted(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {A: article(), "briefings/about.md": "# About\n\n<form><button>Go</button></form>\n"})
    refused(root, "briefings/about.md:3: error: <form> is not allowed in a page")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("content_dir: content", "content_dir: content\n"
                                                 "      trusted_pages: [about.md]"))
    build = mkdocs_build(root, strict=True)
    assert build.returncode == 0, build.stderr
    assert "<form><button>Go</button></form>" in (root / "site/about/index.html").read_text()


def test_a_clean_site_builds_and_every_page_carries_the_policy(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {A: article(body="Intro with <b>bold</b>, a [link](https://example.org/).\n\n"
                                                "| a | b |\n|:--|--:|\n| 1 | 2 |\n")})
    build = mkdocs_build(root, strict=True)
    assert build.returncode == 0, build.stderr
    pages = sorted((root / "site").rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        head = page.read_text()[:2000]
        assert '<meta http-equiv="Content-Security-Policy"' in head, page
        assert "'unsafe-inline'" not in head.split("script-src", 1)[1].split(";", 1)[0], page


@pytest.mark.parametrize(("html", "expected"), [
    (DETAILS, "attribute 'ontoggle' on <details>"),
    (ANIMATE, "<svg> is not allowed"),
    ('<a href="&#106;ava&#x09;script:alert(1)">x</a>', "'javascript:' URL in 'href' of <a>"),
    ('<a href=" JAVASCRIPT:alert(1)">x</a>', "'javascript:' URL"),
    ('<img src="data:image/svg+xml,<svg onload=alert(1)>">', "'data:' URL in 'src' of <img>"),
    ("<p>text</p><body onload=alert(1)>", "attribute 'onload' on <body>"),
    ('<p style="background:url(javascript:alert(1))">x</p>', "attribute 'style' on <p>"),
    ('<table><tr><td style="position:fixed">x</td></tr></table>', "style 'position:fixed' on <td> is not allowed"),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "<math> is not allowed"),
    ("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", "<noscript> is not allowed"),
    ("<textarea>", "<textarea> is not allowed"),
    ('<a href="x', "the HTML ends inside an unclosed tag"),
    ("<!-- never closed", "the HTML ends inside an unclosed tag"),
    ("<base href=//evil.example/>", "<base> is not allowed"),
    ('<object data="x.swf"></object>', "<object> is not allowed"),
    ("<ScRiPt>alert(1)</ScRiPt>", "<script> is not allowed"),
])
def test_allowlist_refuses(html: str, expected: str) -> None:
    messages = [v.message for v in check_html(f"<p>before</p>{html}")]
    assert any(expected in m for m in messages), messages


@pytest.mark.parametrize("html", [
    '<h2 id="t">T<a class="headerlink" href="#t" title="Permanent link">¶</a></h2>',
    '<table><thead><tr><th style="text-align: left;">a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>',
    '<div class="admonition note"><p class="admonition-title">Note</p><p>x</p></div>',
    '<p><a href="https://example.org/?a=1&amp;b=2">x</a> <a href="../x/">y</a> <a href="mailto:a@b.c">m</a></p>',
    '<div class="highlight"><pre><span></span><code><span class="n">x</span></code></pre></div>',
    "<details open><summary>More</summary><p>x</p></details><!-- briefing-chart chart-actor-x -->",
    '<img src="../img/x.png" alt="x"><p>JavaScript: the language</p>',
])
def test_allowlist_lets_ordinary_markup_through(html: str) -> None:
    assert check_html(html) == []


def test_url_scheme_reads_like_a_browser() -> None:
    assert url_scheme("\x01 java\nscript:x") == "javascript"
    assert url_scheme("/x:y") == "" and url_scheme("x/y:z") == "" and url_scheme("#a:b") == ""
