"""Generated lists of dated entries straight to HTML: Python-Markdown would make the same bytes, slower.

Briefings, archives and the home page list articles as Markdown (`- **3 Sep** — [Title](path.md)  ` then
the summary). Every front-matter value in such an entry was escaped by `escape.md` (each character Markdown
could read as syntax became a numeric character reference), so Python-Markdown's output is the text as it
stands, wrapped in `<ul><li><strong><a><br />`; at 1,000 articles ~10,000 entries cost it seconds. Before
Markdown runs, each such list becomes an HTML comment; after, the comment becomes the list's HTML, with links
resolved as MkDocs resolves them. A list with anything else in it is left to Markdown.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping

#: A character of escaped text: anything but Markdown syntax, controls and whitespace, or a numeric reference.
_CHAR = r"(?:[^\\`*_{}\[\]()#+\-.!|<>&~^=\"':$@%\s]|&#[0-9]{1,7};)"
_TEXT = rf"{_CHAR}(?:{_CHAR}| (?=\S))*"  # no leading, trailing or doubled spaces
_DAY = r"[0-9A-Za-z]+(?: [0-9A-Za-z]+)*"
_DATE = rf'(?:{_DAY}|<time datetime="[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}">{_DAY}</time>)'  # inline HTML stays as is
_ITEM = (rf"- \*\*(?P<date>{_DATE})\*\* — \[(?P<title>{_TEXT})\]"
         rf"\((?P<href>[a-z0-9][a-z0-9/._-]*\.md|\.\./[a-z0-9/._-]*\.md)\)"
         rf'(?P<where> <span class="briefing-where">in {_TEXT}</span>)?(?P<draft> \*\(draft\)\*)?  \n'
         rf"  (?P<summary>{_TEXT})\n")
ITEM = re.compile(_ITEM)
SLOT = "<!-- briefing-list {} -->"
#: Where generated lists stand: after the opening of the generated sections (editors' text comes before it),
#: and anywhere in archive pages, which hold no editors' text.
GENERATED_DIV = re.compile(r'^<div class="briefing-generated"[^\n]*markdown>\n', re.MULTILINE)
#: The line before a list's blank line: a heading or a paragraph of links, never a list item or indented text.
LEAD = re.compile(r"#{1,6} |\[|<|\{: ")  # `{: ...}`: attr_list on the paragraph above


def _block_pattern() -> re.Pattern[str]:
    """A whole list: items one to a line (tight) or a blank line apart (loose), ending before a blank line
    that no further item, number or indented line follows (else Markdown would read them as one list)."""
    item = re.sub(r"\?P<\w+>", "", _ITEM)  # named groups may not repeat
    # Extra blank lines after the list go with it: after the slot's HTML comment, Markdown would keep one.
    return re.compile(rf"(?<=\n\n)(?:{item}(?:\n{item})*)\n*(?=\n(?![-*+] |\d+[.)] |[\n \t]))")


BLOCK = _block_pattern()


def generated_part(src: str, markdown: str) -> int:
    """Where the generated (fully escaped) part of a page's Markdown starts; -1: the page has none."""
    if src.startswith("archive/"):
        return 0
    found = GENERATED_DIV.search(markdown)
    return found.end() if found else -1


def prerender(src: str, markdown: str, resolve: Callable[[str], str | None]) -> tuple[str, dict[str, str]]:
    """The page's Markdown with each entry list replaced by a slot, and slot → the list's HTML.

    `resolve(href)` gives the URL MkDocs would write for a link, or None when the target is unknown (MkDocs
    warns about those; such a list stays Markdown).
    """
    start = generated_part(src, markdown)
    if start < 0:
        return markdown, {}
    part = markdown[start:]
    lists: dict[str, str] = {}

    def replace(match: re.Match[str]) -> str:
        before = match.start() - 2  # the blank line's own newline
        html = None
        if LEAD.match(part, part.rfind("\n", 0, before) + 1, before):
            html = list_html(match.group(0).rstrip("\n") + "\n", resolve)
        if html is None:
            return match.group(0)
        slot = SLOT.format(len(lists))
        lists[slot] = html
        return slot + "\n"

    return markdown[:start] + BLOCK.sub(replace, part), lists


def list_html(block: str, resolve: Callable[[str], str | None]) -> str | None:
    """The HTML Python-Markdown makes of one entry list (links resolved), or None.

    A blank line between items makes the list loose: each item's text is then a paragraph.
    """
    items = []
    loose = "\n\n" in block
    for item in ITEM.finditer(block):
        url = resolve(item["href"])
        if url is None:
            return None
        draft = " <em>(draft)</em>" if item["draft"] else ""
        where = item["where"] or ""  # inline HTML, its escaped text as it stands
        text = (f'<strong>{item["date"]}</strong> — <a href="{url}">{item["title"]}</a>{where}{draft}<br />\n'
                f'  {item["summary"]}')
        items.append(f"<li>\n<p>{text}</p>\n</li>" if loose else f"<li>{text}</li>")
    return "<ul>\n" + "\n".join(items) + "\n</ul>"


def fill(html: str, lists: Mapping[str, str]) -> str | None:
    """Put each list's HTML where its slot came out of Markdown; None if a slot did not come out as itself."""
    for slot, text in lists.items():
        if html.count(slot) != 1:
            return None
        # Outside a `markdown` div, Python-Markdown puts a blank line after a raw HTML block; not after a list.
        html = html.replace(slot + "\n\n", text + "\n", 1) if slot + "\n\n" in html else html.replace(slot, text, 1)
    return html


def resolver(src: str, url_of: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """href → URL as MkDocs rewrites a relative link in the page at `src` (`url_of(target src)`: its URL)."""
    base = posixpath.dirname(src)
    return lambda href: url_of(posixpath.normpath(posixpath.join(base, href)).lstrip("/"))
