"""Every internal link, stylesheet, script and image on every generated page resolves: a crawl of the built files."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

pytestmark = pytest.mark.browser

LOCAL = "http://site.invalid/"
REFERENCES = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src")}


class Page(HTMLParser):
    """The references a page makes and the fragment targets it offers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if (tag, name) in REFERENCES:
                self.refs.append(value)
            elif name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)


def parse(path: Path) -> Page:
    """The references and ids of one HTML or XML file."""
    page = Page()
    page.feed(path.read_text("utf-8"))
    return page


def published_url(site: Path) -> str:
    """The site_url the build used (feeds and canonical links carry it): the home page's canonical link."""
    match = re.search(r'<link rel="canonical" href="([^"]+)"', (site / "index.html").read_text("utf-8"))
    assert match, "the home page has no canonical link"
    return match[1]


def target_file(site: Path, url: str) -> Path | None:
    """The built file a local URL lands on, the way a static host serves it; None when nothing is there."""
    path = site / unquote(urlsplit(url).path).lstrip("/")
    for candidate in (path, path / "index.html"):
        if candidate.is_file():
            return candidate
    return None


def broken_references(site: Path, published: str) -> list[str]:
    """`page: reference` for each reference that leads nowhere in the built site."""
    files = sorted([*site.rglob("*.html"), *site.rglob("*.xml")])
    pages = {f: parse(f) for f in files}
    broken = []
    for file, page in pages.items():
        here = LOCAL + file.relative_to(site).as_posix()
        for ref in page.refs:
            url = urljoin(here, ref.replace(published, LOCAL, 1) if ref.startswith(published) else ref)
            if not url.startswith(LOCAL):
                continue  # another site (sources, Material's credit): not ours to check offline
            target = target_file(site, url)
            fragment = urlsplit(url).fragment
            if target is None:
                broken.append(f"{file.relative_to(site)}: {ref}")
            elif fragment and target.suffix == ".html" and fragment not in parse_cached(pages, target).ids:
                broken.append(f"{file.relative_to(site)}: {ref} (no id '{fragment}')")
    return broken


def parse_cached(pages: dict[Path, Page], path: Path) -> Page:
    """A target's parse, reusing the crawl's."""
    return pages[path] if path in pages else parse(path)


def test_every_internal_reference_resolves(site_dir: Path) -> None:
    published = published_url(site_dir)
    assert (site_dir / "index.html").is_file() and (site_dir / "feed.xml").is_file()
    assert broken_references(site_dir, published) == []


def test_crawler_notices_a_broken_link(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/">ok</a><a href="b/">gone</a><a href="#top">x</a><p id="top">')
    (tmp_path / "a" / "index.html").write_text('<a href="../#nowhere">x</a><a href="https://example.org/">x</a>')
    assert broken_references(tmp_path, "https://published.example/") == [
        "a/index.html: ../#nowhere (no id 'nowhere')",
        "index.html: b/",
    ]
