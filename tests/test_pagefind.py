"""`search: pagefind`: pages marked for Pagefind, its index and search page built; nothing of it when off."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.model import Article
from generator.search import article_filters, find_pagefind, is_excluded, mark_content, mark_markdown

BASIC = Path(__file__).parent / "sites" / "render_basic"
ARTICLE = "articles/2024/01/first-meeting/index.html"


def build(tmp_path: Path, *, pagefind: bool) -> Path:
    """Build the render_basic site, with `search: pagefind` added to the plugin's options when asked."""
    site = tmp_path / "src"
    shutil.copytree(BASIC, site, ignore=shutil.ignore_patterns("expected"))
    config = site / "mkdocs.yml"
    if pagefind:
        text = config.read_text().replace("      content_dir: content\n",
                                          "      content_dir: content\n      search: pagefind\n")
        assert "search: pagefind" in text
        config.write_text(text)
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
                          "-d", str(tmp_path / "site")], capture_output=True, text=True,
                         env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""})
    assert run.returncode == 0, run.stderr
    return tmp_path / "site"


def test_off_by_default_no_pagefind_output(tmp_path: Path) -> None:
    site = build(tmp_path, pagefind=False)
    assert (site / ARTICLE).is_file()
    assert not (site / "pagefind").exists()
    assert "data-pagefind" not in (site / ARTICLE).read_text()
    assert (site / "search" / "search_index.json").is_file()  # Material's search, unchanged


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if find_pagefind() is None:
        pytest.skip("the Pagefind binary is not installed (pip install 'pagefind[bin]')")
    return build(tmp_path_factory.mktemp("pagefind"), pagefind=True)


def test_on_pagefind_indexes_the_built_site(pagefind_site: Path) -> None:
    assert (pagefind_site / "pagefind" / "pagefind-entry.json").is_file()
    assert (pagefind_site / "pagefind" / "pagefind-ui.js").is_file()
    assert list((pagefind_site / "pagefind" / "fragment").iterdir())


def test_an_article_page_carries_its_filters(pagefind_site: Path) -> None:
    page = (pagefind_site / ARTICLE).read_text()
    assert "data-pagefind-body" in page
    filters = set(re.findall(r'<span data-pagefind-filter="(\w+)">([^<]*)</span>', page))
    assert filters == {("region", "Northland"), ("actor", "Alice Archer"), ("actor", "Bob Baker"),
                       ("topic", "Talks"), ("year", "2024")}


def test_generated_lists_and_excluded_pages_stay_out_of_pagefind(pagefind_site: Path) -> None:
    article = (pagefind_site / ARTICLE).read_text()
    related = re.search(r'<div class="briefing-related"[^>]*>', article)
    assert related is not None and "data-pagefind-ignore" in related.group(0)
    home = (pagefind_site / "index.html").read_text()  # `search: exclude: true`, like the indexes and archive
    assert "data-pagefind-body" not in home
    briefing = (pagefind_site / "actors" / "alice-archer" / "index.html").read_text()
    generated = re.search(r'<div class="briefing-generated"[^>]*>', briefing)
    assert generated is not None and "data-pagefind-ignore" in generated.group(0)


def test_the_search_page_loads_pagefind_ui(pagefind_site: Path) -> None:
    page = (pagefind_site / "search" / "index.html").read_text()
    assert 'src="../pagefind/pagefind-ui.js"' in page
    assert 'src="../assets/briefing/search.js"' in page and 'data-bundle="../pagefind/"' in page
    assert "new PagefindUI(" in (pagefind_site / "assets/briefing/search.js").read_text()
    assert "<script>" not in page.split("<article", 1)[1].split("</article>", 1)[0]  # the CSP blocks inline script
    assert "'wasm-unsafe-eval'" in page  # Pagefind's search runs WebAssembly


def test_filters_of_an_article() -> None:
    article = Article(path="content/x.md", slug="x", title="X", date=dt.date(2023, 9, 12),
                      regions=("Russian Far East",), actors=("Kim Jong Un", "Vladimir Putin"), topics=(),
                      summary="", body="")
    assert article_filters([article]) == {"articles/2023/09/x.md": {
        "region": ("Russian Far East",), "actor": ("Kim Jong Un", "Vladimir Putin"), "year": ("2023",)}}


def test_mark_content_escapes_values_and_marks_excluded_blocks() -> None:
    html = '<h1>T<a class="headerlink" href="#t">¶</a></h1><div class="x" data-search-exclude="data-search-exclude">'
    marked = mark_content(html, indexed=True, filters={"actor": ("A <b>&",)})
    assert marked.startswith("<div data-pagefind-body>")
    assert '<span data-pagefind-filter="actor">A &lt;b&gt;&amp;</span>' in marked
    assert 'data-search-exclude="data-search-exclude" data-pagefind-ignore>' in marked
    assert '<a data-pagefind-ignore class="headerlink"' in marked
    assert "data-pagefind-body" not in mark_content(html, indexed=False, filters={"year": ("2024",)})


def test_search_exclude_is_read_as_material_reads_it() -> None:
    assert is_excluded({"search": {"exclude": True}})
    assert not is_excluded({"search": {"exclude": False}})
    assert not is_excluded({"search": "exclude"})
    assert not is_excluded({})


# --- the marks `briefing generate` writes into the Markdown, for any builder ----------------------

def test_mark_markdown_puts_filters_last_and_marks_generated_lists() -> None:
    page = '---\ntitle: "T"\n---\n\n# T\n\nBody.\n\n## Related { data-search-exclude }\n'
    marked = mark_markdown(page, generated=True, filters={"actor": ("A <b>&",), "year": ("2024",)})
    assert marked.startswith('---\ntitle: "T"\n---\n\n# T\n')  # the h1 stays first: builders' search starts there
    assert '## Related { data-search-exclude data-pagefind-ignore="index" }' in marked
    assert marked.endswith('<div hidden data-search-exclude data-pagefind-ignore="index">'
                           '<span data-pagefind-filter="actor">A &lt;b&gt;&amp;</span>'
                           '<span data-pagefind-filter="year">2024</span></div>\n')


def test_mark_markdown_leaves_editors_text_and_hides_excluded_pages() -> None:
    editors = "# About\n\nWe write data-search-exclude in prose.\n"
    assert mark_markdown(editors, generated=False, filters={}) == editors
    excluded = "---\nsearch:\n  exclude: true\n---\n\n# Home\n"
    assert mark_markdown(excluded, generated=True, filters={}) == (
        '---\nsearch:\n  exclude: true\n---\n<div data-pagefind-ignore="all" markdown>\n\n# Home\n\n</div>\n')
