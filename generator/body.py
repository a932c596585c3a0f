"""The body scanner: active content (scripts, event attributes, script links) in an article or
term-file body, found in the Markdown source so each problem has a line number.

Security-critical and pure: text in, (line, message) out. It is the first of three layers; the
rendered HTML check and the Content-Security-Policy catch what a source scan cannot predict.
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
from collections.abc import Iterator

# Active content, by the rules every Markdown dialect we might render with agrees on.
# Every pattern here runs in linear time: a body may be 2 MB written to stall the check.
_DANGEROUS_TAGS = re.compile(
    r"<[\s/]*(script|iframe|object|embed|frame|frameset|applet|base|meta|link|form)\b", re.I
)
_TAG_START = re.compile(r"<[a-z]", re.I)
_EVENT_ATTR = re.compile(r"[\s/\"'](on[a-z]+)\s*=", re.I)
# A tag ends at the first `>` outside quotes (`<img alt=">" onerror=...>`); a quote that is never
# closed is an ordinary character, as in browsers.
_TAG_REST = re.compile(r"""(?:"[^"]*"|'[^']*'|[^>])*+""")
# attr_list sets attributes with no `<` at all: `# Title {: onclick=x }`, `[a](b){ onclick=x }`.
_ATTR_LIST_EVENT = re.compile(r"(?<![\w-])(on[a-z]+)\s*=", re.I)
# Run over the body with entities decoded and all whitespace removed (browsers drop tabs and
# newlines inside URLs): a bad scheme right where a URL starts, after an attribute's `=` or
# quote, a link's `(` or `<`, or a link reference's `:`. "JavaScript: the language" stays prose.
_BAD_URL = re.compile(r"[=\"'`(<:](javascript:|vbscript:|data:text/html)", re.I)
# Python-Markdown's fenced_code: a fence at column 0 with an optional language, closed by the
# very same fence at column 0.
_OPEN_FENCE = re.compile(r"^(`{3,}|~{3,})[ ]*(?:\{[^\n]*\}|\.?[\w#.+-]+[ ]*)?$")
_MAYBE_CLOSE = re.compile(r"^[> \t]*(`{3,}|~{3,})[ \t]*$")


def scan_body(body: str, body_line: int) -> list[tuple[int, str]]:
    """(file line, message) for each piece of active content in a body written by a stranger, sorted.

    Code spans are not exempt: inside a raw HTML block a backtick is plain text.
    """
    lines = body.split("\n")
    for index in fenced_code_lines(lines):
        lines[index] = ""
    return [(body_line + index, problem) for index, problem in sorted(_body_problems(lines))]


def fenced_code_lines(lines: list[str]) -> set[int]:
    """Indexes of lines in fenced code blocks, counting only fences no dialect reads otherwise.

    A fence that is never closed, or whose first closing candidate (same character, at least as
    long, any indent) is not the very same fence at column 0, is not code: some renderer would
    show what follows as HTML. One pass, so a body of a million fences cannot stall the check.
    """
    code: set[int] = set()
    start: int | None = None
    fence = ""
    for index, line in enumerate(lines):
        if start is None:
            opening = _OPEN_FENCE.match(line)
            start, fence = (index, opening.group(1)) if opening else (None, "")
            continue
        close = _MAYBE_CLOSE.match(line)
        if close and close.group(1)[0] == fence[0] and len(close.group(1)) >= len(fence):
            if line.rstrip(" ") == fence:
                code.update(range(start, index + 1))
            start = None
    return code


def _body_problems(lines: list[str]) -> set[tuple[int, str]]:
    """(line index, message) for each dangerous tag, event attribute and script URL."""
    text = "\n".join(lines)
    ends = list(itertools.accumulate(len(line) + 1 for line in lines))  # offset just past each line

    def line_of(offset: int) -> int:  # counting newlines per match would be quadratic in matches
        return bisect.bisect_right(ends, offset)

    found: set[tuple[int, str]] = set()
    for match in _DANGEROUS_TAGS.finditer(text):
        name = match.group(1).lower()
        found.add((line_of(match.start()),
                   f"<{name}> is not allowed in the body; to show it as text write "
                   f"&lt;{name}&gt; or put it in a fenced code block"))
    for match in [*_event_attributes(text), *_attr_list_events(text)]:
        found.add((line_of(match.start(1)),
                   f"HTML event attribute '{match.group(1).lower()}=' is not allowed in the body"))
    starts, decoded = _decoded_stream(lines)
    for match in _BAD_URL.finditer(decoded):
        index = bisect.bisect_right(starts, match.start(1)) - 1
        found.add((index, f"'{match.group(1).lower()}' links are not allowed in the body; "
                          "link to an http(s) page"))
    return found


def _event_attributes(text: str) -> Iterator[re.Match[str]]:
    """`on...=` inside tags. Tags opened before the same `>` share one search: `<a <a <a ...`
    must not rescan the rest of the body once per `<`."""
    index = 0
    while start := _TAG_START.search(text, index):
        rest = _TAG_REST.match(text, start.end())
        end = rest.end() if rest else len(text)
        yield from _EVENT_ATTR.finditer(text, start.end(), end)
        index = end + 1


def _attr_list_events(text: str) -> Iterator[re.Match[str]]:
    """`on...=` between a `{` and the last `}` of its line, where attr_list reads attributes."""
    index = 0
    while (brace := text.find("{", index)) >= 0:
        end = text.find("\n", brace)
        end = len(text) if end < 0 else end
        yield from _ATTR_LIST_EVENT.finditer(text, brace, max(brace, text.rfind("}", brace, end)))
        index = end + 1


def _decoded_stream(lines: list[str]) -> tuple[list[int], str]:
    """Every line entity-decoded (twice, to see through `&amp;#106;`) without whitespace,
    joined; with the offset each line starts at."""
    starts: list[int] = []
    parts: list[str] = []
    offset = 0
    for line in lines:
        part = re.sub(r"[\s\x00-\x20]+", "", html.unescape(html.unescape(line)))
        starts.append(offset)
        parts.append(part)
        offset += len(part)
    return starts, "".join(parts)


_KEY_LINE = re.compile(r"^[A-Za-z_][\w-]*:(?:\s|$)")
_SECOND_BLOCK_LINES = 60


def second_block(body: str, body_line: int) -> tuple[int, str] | None:
    """(line, warning) when the body starts with another front-matter block: it would show as text."""
    lines = body.split("\n", _SECOND_BLOCK_LINES)[:_SECOND_BLOCK_LINES]  # only the top matters
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None or lines[start].rstrip() != "---":
        return None
    end = next((i for i in range(start + 1, len(lines)) if lines[i].rstrip() == "---"), None)
    if end is not None and any(_KEY_LINE.match(line) for line in lines[start + 1:end]):
        return body_line + start, (f"a second front-matter block (lines {body_line + start}–"
                                   f"{body_line + end}) is read as body text; merge it into the first")
    return None
