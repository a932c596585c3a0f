"""Pagefind search (the plugin's `search: pagefind`): mark built pages, run Pagefind, and its search page."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Collection, Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .kinds import ARTICLE_ORDER
from .model import Article
from .urls import article_src

SEARCH_JS = "assets/briefing/search.js"  # starts Pagefind UI: the CSP allows no inline script
_SEARCH_EXCLUDE = re.compile(r'\sdata-search-exclude(?:="[^"]*")?')
_HEADERLINK = re.compile(r'<a class="headerlink"')  # the toc extension's ¶, which would end every title
#: What Pagefind indexes of any built page: Material's and Zensical's <article> holds the page's content.
ROOT_SELECTOR = "article"
#: What Pagefind skips on any built site: the toc extension's ¶ (else every title ends with it), and what
#: theme/common adds inside <article>: the print header (the site's name on every page), the phone jump list
#: (the page's headings again) and the 404 page. The plugin's data-pagefind-body leaves these out by itself.
EXCLUDE_SELECTORS = ("a.headerlink", ".briefing-print", ".briefing-jump", ".briefing-404")


class PagefindError(Exception):
    """Pagefind is missing or failed; the message says which and what to do."""


def article_filters(articles: Iterable[Article]) -> dict[str, dict[str, tuple[str, ...]]]:
    """Docs path of each article page → its filters: region, actor and topic names, and the year."""
    return {article_src(a): {**{k.spec.filter_name: a.names(k) for k in ARTICLE_ORDER if a.names(k)},
                             "year": (str(a.date.year),)} for a in articles}


def is_excluded(meta: Mapping[str, Any]) -> bool:
    """True for pages whose front-matter says `search: {exclude: true}`, as Material's search reads it."""
    search = meta.get("search")
    return isinstance(search, Mapping) and search.get("exclude") is True


def mark_content(content: str, *, indexed: bool, filters: Mapping[str, Sequence[str]]) -> str:
    """A page's rendered content, marked for Pagefind the way Material's search is told what to skip.

    Pagefind then indexes the content of pages Material would index (not the nav, not excluded pages),
    skips every `data-search-exclude` block (generated lists), and files articles under their filters.
    Run before Material's search plugin strips the `data-search-*` attributes (on_page_content).
    """
    content = _SEARCH_EXCLUDE.sub(lambda m: m.group(0) + " data-pagefind-ignore", content)
    content = _HEADERLINK.sub('<a data-pagefind-ignore class="headerlink"', content)
    if not indexed:
        return content
    spans = "".join(f'<span data-pagefind-filter="{html.escape(name)}">{html.escape(value)}</span>'
                    for name, values in filters.items() for value in values)
    hidden = f'<div hidden data-pagefind-ignore>{spans}</div>' if spans else ""
    return f"<div data-pagefind-body>{hidden}{content}</div>"


def mark_tree(tree: Mapping[str, bytes], *, generated: Collection[str],
              filters: Mapping[str, Mapping[str, Sequence[str]]]) -> dict[str, bytes]:
    """The docs tree `generate` writes, its Markdown pages marked for Pagefind (see `mark_markdown`)."""
    return {rel: mark_markdown(data.decode("utf-8"), generated=rel in generated,
                               filters=filters.get(rel, {})).encode("utf-8") if rel.endswith(".md") else data
            for rel, data in tree.items()}


def mark_markdown(text: str, *, generated: bool, filters: Mapping[str, Sequence[str]]) -> str:
    """A page's Markdown marked as `mark_content` marks its HTML, so any builder's pages carry the marks.

    `briefing pagefind` indexes each page's <article> (ROOT_SELECTOR); pages that say `search: {exclude:
    true}` get their body inside a `data-pagefind-ignore="all"` block, articles their filters in a hidden
    block at the end, and generated lists marked `data-search-exclude` get `data-pagefind-ignore` beside it
    (both builders strip the first). Searched pages keep their h1 first: the builders' own search starts
    a page's sections there. Editors' pages are left as they are unless excluded.
    """
    head, body = _split_front_matter(text)
    if generated:
        # Python-Markdown spells a bare attribute name="name", which Pagefind would not read as "index".
        body = _SEARCH_EXCLUDE.sub(lambda m: m.group(0) + ' data-pagefind-ignore="index"', body)
    if is_excluded(_front_matter(head)):
        return f'{head}<div data-pagefind-ignore="all" markdown>\n\n{body.strip(chr(10))}\n\n</div>\n'
    if not filters:
        return head + body
    spans = "".join(f'<span data-pagefind-filter="{html.escape(name)}">{html.escape(value)}</span>'
                    for name, values in filters.items() for value in values)
    hidden = f'<div hidden data-search-exclude data-pagefind-ignore="index">{spans}</div>'
    return f"{head}{body.rstrip(chr(10))}\n\n{hidden}\n"


def _split_front_matter(text: str) -> tuple[str, str]:
    """(the front-matter block with its fences, the rest); no block: ("", text)."""
    if text.startswith("---\n") and (end := text.find("\n---\n", 3)) != -1:
        return text[: end + 5], text[end + 5:]
    return "", text


def _front_matter(head: str) -> Mapping[str, Any]:
    try:
        meta = yaml.safe_load(head.strip().strip("-")) if head else None
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, Mapping) else {}


def search_page(root: str) -> str:
    """The search page's Markdown; `root` is the relative URL from the page to the site's root."""
    bundle = f"{root}pagefind/"
    return f"""---
title: Search
search:
  exclude: true
---

# Search

<link href="{bundle}pagefind-ui.css" rel="stylesheet">
<div id="briefing-search" data-bundle="{bundle}"></div>
<script src="{bundle}pagefind-ui.js"></script>
<script src="{root}{SEARCH_JS}"></script>
<noscript>Search needs JavaScript; the Archive lists every article by date.</noscript>
"""


def search_script() -> str:
    """The script that starts Pagefind's UI on the search page (SEARCH_JS)."""
    return resources.files("generator").joinpath("assets/search.js").read_text("utf-8")


def find_pagefind() -> str | None:
    """The Pagefind binary: from the `pagefind[bin]` package if installed, else on PATH."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return shutil.which("pagefind_extended") or shutil.which("pagefind")
    found = get_executable()
    return str(found) if found else None


def run_pagefind(site_dir: Path) -> str:
    """Index the built site into `site_dir/pagefind/`; returns Pagefind's summary line."""
    binary = find_pagefind()
    if binary is None:
        raise PagefindError("search: pagefind needs the Pagefind binary: pip install 'pagefind[bin]'")
    command = [binary, "--site", str(site_dir), "--root-selector", ROOT_SELECTOR]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise PagefindError(f"pagefind failed ({run.returncode}): {(run.stderr or run.stdout).strip()[-2000:]}")
    indexed = [line.strip() for line in run.stdout.splitlines() if line.strip().startswith("Indexed")]
    return "pagefind indexed " + ", ".join(line.removeprefix("Indexed ") for line in indexed)
