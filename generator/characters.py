"""Characters XML 1.0 forbids: refused in bodies at their line, and never written into a feed."""

from __future__ import annotations

import re
from typing import Protocol

# XML 1.0 Char: tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD, U+10000 and up. A body's first paragraph is the
# feeds' summary: one such character there makes feed.xml and every feed of the article's briefings unreadable.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
MAX_REPORTED = 10


class Report(Protocol):
    def error(self, line: int, message: str) -> None: ...


def check_xml_characters(body: str, body_line: int, report: Report) -> bool:
    """Report the lines (at most MAX_REPORTED) holding characters feeds cannot carry; True when there are none."""
    found, line, at, last_line = 0, body_line, 0, -1
    for match in _XML_FORBIDDEN.finditer(body):
        line += body.count("\n", at, match.start())  # counted from the last match: linear in the body
        at = match.start()
        if line == last_line:
            continue
        last_line, found = line, found + 1
        if found > MAX_REPORTED:
            report.error(line, "more lines hold such characters; remove them all (e.g. re-type the text)")
            break
        report.error(line, f"the body holds the invisible character U+{ord(match.group(0)):04X}, which a feed "
                           "cannot carry (XML forbids it); delete it")
    return found == 0


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 forbids: the last guard before a feed is written."""
    return _XML_FORBIDDEN.sub("", text)
