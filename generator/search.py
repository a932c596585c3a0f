"""Pagefind search (the plugin's `search: pagefind`): mark built pages, run Pagefind, and its search page."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .kinds import ARTICLE_ORDER
from .model import Article
from .urls import article_src

_SEARCH_EXCLUDE = re.compile(r'\sdata-search-exclude(?:="[^"]*")?')
_HEADERLINK = re.compile(r'<a class="headerlink"')  # the toc extension's ¶, which would end every title


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
<div id="briefing-search"></div>
<script src="{bundle}pagefind-ui.js"></script>
<script>
new PagefindUI({{element: "#briefing-search", bundlePath: "{bundle}", showSubResults: true, showImages: false}});
</script>
<noscript>Search needs JavaScript; the Archive lists every article by date.</noscript>
"""


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
    run = subprocess.run([binary, "--site", str(site_dir)], capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise PagefindError(f"pagefind failed ({run.returncode}): {(run.stderr or run.stdout).strip()[-2000:]}")
    indexed = [line.strip() for line in run.stdout.splitlines() if line.strip().startswith("Indexed")]
    return "pagefind indexed " + ", ".join(line.removeprefix("Indexed ") for line in indexed)
