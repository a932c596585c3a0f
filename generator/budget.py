"""What one article may cost: Markdown work bounded before Python-Markdown sees the body, and text lengths.

Python-Markdown's inline patterns scan from each `[`, `(` or `<` to its closer; one left open is scanned to the
end of its paragraph, again for every other opener, so `'[' * 40000` took 191 s to build. Counting those
scans is linear, so the check refuses such a body in milliseconds, at the line of the first opener left open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Characters Python-Markdown would scan past for the openers of one article, summed over its paragraphs.
#: Ordinary articles stay below 1% of it (a 3,000-character paragraph with 50 links: ~10,000); at the limit
#: rendering takes well under a second. `'[' * 40000` is 800,000,000.
MAX_SCAN = 2_000_000
_CLOSERS = {"[": "]", "(": ")", "<": ">"}
_BRACKETS = re.compile(r"[\[\]()<>]")
ENTITIES = {"[": "&#91;", "(": "&#40;", "<": "&lt;"}


@dataclass(frozen=True)
class Cost:
    """The scan cost of a body and where its first unclosed opener is (a body line index)."""

    scan: int
    line: int
    opener: str


def markdown_cost(lines: list[str]) -> Cost:
    """The summed scan cost of each paragraph (blank-line separated; code lines may be blanked out first)."""
    total, first_line, first_opener = 0, -1, ""
    start = 0
    for index in range(len(lines) + 1):
        if index == len(lines) or not lines[index].strip():
            if index > start:
                scan, at, opener = _paragraph_cost(lines, start, index)
                total += scan
                if opener and first_line < 0:
                    first_line, first_opener = at, opener
            start = index + 1
    return Cost(total, max(first_line, 0), first_opener)


def _paragraph_cost(lines: list[str], start: int, end: int) -> tuple[int, int, str]:
    """(cost, line index of the first unclosed opener, that opener) of lines[start:end] as one paragraph."""
    text = "\n".join(lines[start:end])
    stacks: dict[str, list[int]] = {opener: [] for opener in _CLOSERS}
    closing = {closer: opener for opener, closer in _CLOSERS.items()}
    cost = 0
    for match in _BRACKETS.finditer(text):
        offset, char = match.start(), match.group(0)
        if char in stacks:
            stacks[char].append(offset)
        elif char in closing and (stack := stacks[closing[char]]):
            cost += offset - stack.pop()  # scanned up to its closer
    unclosed = sorted((offset, opener) for opener, stack in stacks.items() for offset in stack)
    cost += sum(len(text) - offset for offset, _ in unclosed)  # scanned to the end of the paragraph
    if not unclosed:
        return cost, -1, ""
    offset, opener = unclosed[0]
    return cost, start + text.count("\n", 0, offset), opener


#: What one article may add to the generated site. It is listed, with its title, summary and every name, on
#: each of its briefings and in each of their feeds: growth is quadratic in its names. An ordinary article
#: (10 names) adds ~15 KB; the issue's 451 KB article with 150 names made 137 MB.
MAX_ARTICLE_OUTPUT = 1024 * 1024
_PER_LISTING = 600  # markup around one listing or feed entry, bytes


def output_estimate(title: str, summary: str, names: list[str]) -> int:
    """Bytes an article adds to generated pages and feeds, roughly: one listing per briefing and per feed."""
    entry = len(title.encode()) + len(summary.encode()) + 2 * sum(len(n.encode()) for n in names) + _PER_LISTING
    return 2 * (len(names) + 3) * entry  # each briefing page and its feed, plus home, archive and feed.xml
