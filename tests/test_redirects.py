"""Redirects (issue 17, item 6): `redirect_from:` on articles and term files → small pages that send readers
to the new address (meta refresh, canonical link, plain link, no script), refused where a page lives."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from adversarial.kit import make_repo, mkdocs_build, run_check

from generator.model import Settings
from generator.site import SiteResult, build_site

SITE = "https://example.org/briefing/"
SETTINGS = Settings(site_url=SITE)
NEW = "content/2024/2024-01-10-new-name.md"
TERM = "briefings/actors/kim-jong-un.md"


def article(title: str = "Talks resume", *extra: str, day: str = "2024-01-10") -> str:
    lines = [f"title: {title}", f"date: {day}", "region: Korean Peninsula", "actors: [Kim Jong Un]",
             "sources: [{publisher: TASS, url: 'https://tass.com/1'}]", *extra]
    return "---\n" + "\n".join(lines) + "\n---\nBody.\n"


def term(*extra: str) -> str:
    return "---\n" + "\n".join(["title: Kim Jong Un", *extra]) + "\n---\nProfile.\n"


def build(files: dict[str, str]) -> SiteResult:
    return build_site({p: t.encode() for p, t in files.items()}, SETTINGS)


class _Head(HTMLParser):
    """The tags a browser acts on: meta refresh, canonical link, links and scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.refresh = self.canonical = self.csp = ""
        self.links: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.refresh = a["content"]
        if tag == "meta" and a.get("http-equiv", "") == "Content-Security-Policy":
            self.csp = a["content"]
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        if tag == "a":
            self.links.append(a["href"])
        self.scripts += tag == "script"


def parsed(html: str) -> _Head:
    head = _Head()
    head.feed(html)
    return head


# --- the redirect pages ---------------------------------------------------------------------------

def test_an_articles_old_address_sends_readers_to_its_page() -> None:
    result = build({NEW: article("Talks resume", "redirect_from: [/articles/2024/01/old-name/, /old/talks.html]")})
    assert not result.errors, result.errors
    new_url = SITE + "articles/2024/01/new-name/"
    for src in ("articles/2024/01/old-name/index.html", "old/talks.html"):
        page = parsed(result.pages[src])
        delay, _, target = page.refresh.partition("; url=")
        assert delay == "0" and urljoin(SITE + src, target) == new_url  # resolves from where the file is served
        assert page.canonical == new_url
        assert [urljoin(SITE + src, href) for href in page.links] == [new_url]  # a plain link, for no-refresh
        assert page.scripts == 0 and "script-src 'self'" in page.csp and "unsafe-inline" not in page.csp.split(
            "script-src")[1].split(";")[0]
    assert "Talks resume" in result.pages["old/talks.html"]


def test_a_term_files_old_address_sends_readers_to_its_briefing() -> None:
    result = build({NEW: article(), TERM: term("redirect_from: /actors/kim-jong-un-old/")})
    assert not result.errors, result.errors
    page = parsed(result.pages["actors/kim-jong-un-old/index.html"])
    assert page.canonical == SITE + "actors/kim-jong-un/"
    assert urljoin(SITE + "actors/kim-jong-un-old/", page.refresh.split("url=")[1]) == SITE + "actors/kim-jong-un/"


def test_titles_are_escaped_in_the_redirect_page() -> None:
    result = build({NEW: article('"<script>alert(1)</script>"', "redirect_from: [/x/]")})
    html = result.pages["x/index.html"]
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_no_redirect_to_a_page_that_is_not_published() -> None:
    draft = article("Draft", "redirect_from: [/x/]", "draft: true")
    assert "x/index.html" not in build({NEW: draft}).pages


# --- refused where a page lives -------------------------------------------------------------------

def test_an_old_address_that_is_a_page_is_refused_at_its_line() -> None:
    result = build({NEW: article("Talks resume", "redirect_from: [/actors/kim-jong-un/]")})
    assert [str(d) for d in result.errors] == [
        f"{NEW}:7: error: redirect_from '/actors/kim-jong-un/' is the address of actor 'Kim Jong Un' ({NEW}:5); "
        "a redirect cannot replace a page: remove it"]
    assert result.pages == {}


def test_an_articles_own_address_is_refused() -> None:
    result = build({NEW: article("Talks resume", "redirect_from: [/articles/2024/01/new-name/]")})
    assert [d.message for d in result.errors] == [
        f"redirect_from '/articles/2024/01/new-name/' is the address of article 'Talks resume' ({NEW}:1); "
        "a redirect cannot replace a page: remove it"]


def test_two_files_redirecting_one_address_is_one_error_and_a_note() -> None:
    other = "content/2024/2024-02-01-other.md"
    result = build({NEW: article("Talks resume", "redirect_from: [/old/]"),
                    other: article("Other", "redirect_from: [/old/]", day="2024-02-01")})
    assert [str(d) for d in result.diagnostics if d.severity != "warning"] == [
        f"{NEW}:7: note: redirect '/old/' first defined here",
        f"{other}:7: error: redirect_from '/old/' already leads to 'Talks resume' ({NEW}:7); "
        "an old address leads to one page: remove one of them"]


@pytest.mark.parametrize("value", ["https://example.org/x/", "/a/../b/", "/articles/x", "articles/x/", "/",
                                   "/a?b=1/", "/a b/", "/.git/", "[/x/, {a: b}]"])
def test_an_address_that_is_no_site_path_is_refused(value: str) -> None:
    result = build({NEW: article("Talks resume", f"redirect_from: {value}")})
    assert [(d.line, d.severity) for d in result.errors] == [(7, "error")], result.errors
    assert "redirect_from" in result.errors[0].message or "an address in" in result.errors[0].message


def test_at_most_twenty_addresses() -> None:
    many = "[" + ", ".join(f"/old-{i}/" for i in range(21)) + "]"
    result = build({NEW: article("Talks resume", f"redirect_from: {many}")})
    assert [d.message for d in result.errors] == [
        "'redirect_from' must be an address or a list of at most 20, like [/articles/2024/01/old-slug/]"]


# --- the docs folder, the check and the build -----------------------------------------------------

def test_check_and_build_refuse_an_old_address_of_an_editors_page(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {NEW: article("Talks resume", "redirect_from: [/about/]"),
                                "briefings/about.md": "# About\n"})
    run = run_check(root)
    message = (f"{NEW}:7: error: redirect_from '/about/' is the address of about.md, a file of the docs folder "
               "or theme; a redirect cannot replace a page: remove it")
    assert run.exit_code == 1 and message in run.lines
    build = mkdocs_build(root, strict=True)
    assert build.returncode != 0 and message in build.stderr


def test_a_built_site_serves_the_redirect_outside_search_and_sitemap(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {NEW: article("Talks resume", "redirect_from: [/articles/2023/12/old-name/]")})
    build = mkdocs_build(root, strict=True)
    assert build.returncode == 0, build.stderr
    html = (root / "site/articles/2023/12/old-name/index.html").read_text("utf-8")
    assert parsed(html).refresh == "0; url=../../../2024/01/new-name/"
    assert (root / "site/articles/2024/01/new-name/index.html").is_file()
    assert "old-name" not in (root / "site/sitemap.xml").read_text("utf-8")
    assert "old-name" not in (root / "site/search/search_index.json").read_text("utf-8")
