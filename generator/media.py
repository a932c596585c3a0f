"""Images in articles: they live in the docs folder's `media/` and bodies name them `media/<file>`.

MkDocs copies `media/` into the site like any file of the docs folder. An article's page is generated at
`articles/YYYY/MM/<slug>.md`, so the plan writes each `media/...` image path relative to that page; MkDocs
then checks that the file exists and writes the address the browser needs. Every image needs alt text.
"""

from __future__ import annotations

import re

from .body import fenced_code_lines

MEDIA_DIR = "media"  # under the docs folder: briefings/media/

# Bounded repetitions, as guards._MD_LINK: a hostile body is scanned in linear time.
_MD_IMAGE = re.compile(r"(!\[((?:[^\[\]\n]|\[[^\[\]\n]{0,200}\]){0,500})\]\(\s{0,20}<?)([^()\s<>]{1,2000})")
_IMG_START = re.compile(r"<img\b", re.I)
_ALT = re.compile(r"\salt\s{0,20}=\s{0,20}(?:\"[^\"]*\S[^\"]*\"|'[^']*\S[^']*')", re.I)
_CODE_SPAN = re.compile(r"((`{1,20})[^`\n]{0,5000}?\2)")


def _prose_lines(body: str) -> list[tuple[int, str]]:
    """(index, line) of each body line outside fenced code, with its code spans blanked out."""
    lines = body.split("\n")
    code = fenced_code_lines(lines)
    return [(i, _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)) for i, line in enumerate(lines)
            if i not in code]


def images_without_alt(body: str, body_line: int) -> list[tuple[int, str]]:
    """(file line, image target) of each image in a body that has no alt text."""
    found = []
    for index, line in _prose_lines(body):
        found += [(body_line + index, m.group(3)) for m in _MD_IMAGE.finditer(line) if not m.group(2).strip()]
        found += [(body_line + index, "<img>") for tag in _img_tags(line) if not _ALT.search(tag)]
    return found


def _img_tags(line: str) -> list[str]:
    """The text of each complete `<img ...>` tag in a line, in linear time: the next '>' is found once for
    all the tags that open before it ('<img ' * 300,000 with no '>' would make a per-tag search quadratic)."""
    tags, close = [], -1
    for match in _IMG_START.finditer(line):
        if close < match.end():
            close = line.find(">", match.end())
            if close < 0:
                break
        tags.append(line[match.end():close])
    return tags


def media_links(body: str, page_src: str) -> str:
    """`body` with each Markdown image path `media/...` written relative to the page at `page_src`."""
    if f"]({MEDIA_DIR}/" not in body and f"](<{MEDIA_DIR}/" not in body:
        return body  # the common case: no image from the media folder
    up = "../" * page_src.count("/")
    lines = body.split("\n")
    for index, prose in _prose_lines(body):
        spots = [m.start(3) for m in _MD_IMAGE.finditer(prose) if m.group(3).startswith(f"{MEDIA_DIR}/")]
        if spots:  # cut once and join: inserting at each spot in turn would copy the line once per image
            line = lines[index]
            lines[index] = up.join(line[a:b] for a, b in zip([0, *spots], [*spots, len(line)], strict=True))
    return "\n".join(lines)
