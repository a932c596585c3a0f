"""The authority on script in pages: each page's rendered HTML, parsed as a browser parses it, against an allowlist.

The body scan in validate.py reads Markdown source with regexes, for line numbers; it cannot see what a
browser will see (`<details x=y'z title='>' ontoggle=...>` desyncs it). This layer parses the HTML that
Python-Markdown produced with Lexbor, an HTML5-spec tokeniser and tree builder like the browsers', and lets
through only the elements, attributes and URL schemes listed here.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .corpus import Corpus
from .model import Diagnostic
from .urls import article_src

#: What Markdown, its enabled extensions (admonition, attr_list, md_in_html, superfences, tables, toc) and the
#: generator's templates write, plus ordinary prose markup. Nothing that runs, loads, submits or changes parsing.
ALLOWED_ELEMENTS = frozenset({
    "a", "abbr", "article", "aside", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "footer", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp",
    "rt", "ruby", "s", "samp", "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr"
})
#: The document parser supplies these around any fragment; they may carry no attributes (`<body onload>`).
_IMPLIED = frozenset({"html", "head", "body"})
_NODES = frozenset({"-comment", "-text", "-doctype"})
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "role", "data-search-exclude"})
ELEMENT_ATTRIBUTES: Mapping[str, frozenset[str]] = {
    "a": frozenset({"href", "name", "rel", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "td": frozenset({"colspan", "rowspan", "align", "style"}),
    "th": frozenset({"colspan", "rowspan", "align", "style", "scope"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "details": frozenset({"open"}),
    "time": frozenset({"datetime"}),
    "q": frozenset({"cite"}),
    "blockquote": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
}
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
URL_SCHEMES = frozenset({"http", "https", "mailto"})
#: Python-Markdown's tables extension aligns columns with exactly this.
_TABLE_STYLE = re.compile(r"^\s*text-align:\s*(left|right|center)\s*;?\s*$", re.I)
# A URL as the URL parser reads it: C0 controls and spaces trimmed, tabs and newlines removed anywhere.
_URL_TRIM = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_URL_DROP = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


@dataclass(frozen=True)
class Violation:
    """Something in a page's HTML outside the allowlist; `needles`: text to look for on one line of the source."""

    message: str
    needles: tuple[str, ...]


def check_html(html: str) -> list[Violation]:
    """Every element, attribute and URL in `html` that the allowlist does not hold, in document order."""
    end = f"briefing-end-{secrets.token_hex(8)}"  # unguessable: content cannot fake the sentinel
    tree = LexborHTMLParser(f'{html}<i id="{end}"></i>')
    found: list[Violation] = []
    closed = False
    for node in tree.root.traverse(include_text=False) if tree.root else ():
        if node.tag == "i" and node.attributes == {"id": end}:
            closed = True
            continue
        found.extend(_node_violations(node))
    if not closed:  # the rest of the page would be read as part of an attribute, comment or raw text
        found.append(Violation("the HTML ends inside an unclosed tag, quote, comment or raw-text element; "
                               "close it", ("<",)))
    return found


def _node_violations(node: LexborNode) -> Iterable[Violation]:
    tag = node.tag or ""
    if tag in _NODES:
        return
    if tag in _IMPLIED:
        for name in node.attributes:
            yield Violation(f"attribute '{name}' on <{tag}> is not allowed", (f"<{tag}", name))
        return
    if tag not in ALLOWED_ELEMENTS:
        yield Violation(f"<{tag}> is not allowed in a page; to show it as text write &lt;{tag}&gt;", (f"<{tag}",))
        return
    allowed = ELEMENT_ATTRIBUTES.get(tag, frozenset())
    for name, value in node.attributes.items():
        lowered = name.lower()
        if lowered not in GLOBAL_ATTRIBUTES and lowered not in allowed and not lowered.startswith("aria-"):
            yield Violation(f"attribute '{name}' on <{tag}> is not allowed", (name, f"<{tag}"))
        elif lowered == "style" and not _TABLE_STYLE.match(value or ""):
            yield Violation(f"style '{value}' on <{tag}> is not allowed (only table column alignment)", ("style",))
        elif lowered in URL_ATTRIBUTES and (scheme := url_scheme(value or "")) and scheme not in URL_SCHEMES:
            yield Violation(f"'{scheme}:' URL in '{name}' of <{tag}> is not allowed; link to an http(s) page",
                            (f"{scheme}:",))


def url_scheme(url: str) -> str:
    """The scheme a browser reads from an attribute value, lowercased; '' for a relative URL."""
    match = _SCHEME.match(_URL_DROP.sub("", _URL_TRIM.sub("", url)))
    return match.group(1).lower() if match else ""


def page_sources(corpus: Corpus, docs_dir: str) -> dict[str, str]:
    """Docs-relative page → the repository file its contributed HTML comes from (generated pages included)."""
    sources = {article_src(article): article.path for article in corpus.articles}
    sources.update((f"{kind.value}/{slug}.md", term.path) for (kind, slug), term in corpus.terms.items())
    sources["index.md"] = f"{docs_dir}/index.md"
    return sources


def locate(violation: Violation, path: str, text: str | None) -> Diagnostic:
    """A diagnostic at the first line of `text` (the source file) holding all the violation's needles, else
    the first holding its first needle, else line 1."""
    lines = (text or "").lower().split("\n")
    needles = [n.lower() for n in violation.needles]
    line = next((i for i, s in enumerate(lines, 1) if all(n in s for n in needles)), None)
    line = line or next((i for i, s in enumerate(lines, 1) if needles[0] in s), 1)
    return Diagnostic(path, line, "error", f"{violation.message} (in the rendered page)")
