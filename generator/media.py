"""Images in articles: they live in the docs folder's `media/` and bodies name them `media/<file>`.

MkDocs copies `media/` into the site like any file of the docs folder. An article's page is generated at
`articles/YYYY/MM/<slug>.md`, so the plan writes each `media/...` image path relative to that page; MkDocs
then checks that the file exists and writes the address the browser needs. Every image needs alt text.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Mapping

from .body import fenced_code_lines

MEDIA_DIR = "media"  # under the docs folder: briefings/media/

# Bounded repetitions, as guards._MD_LINK: a hostile body is scanned in linear time.
_MD_IMAGE = re.compile(r"(!\[((?:[^\[\]\n]|\[[^\[\]\n]{0,200}\]){0,500})\]\(\s{0,20}<?)([^()\s<>]{1,2000})"
                       r"(>?(?:\s{1,20}[\"'(][^\n]{0,300}?[\"')])?\s{0,20}\))?")
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


def media_links(body: str, page_src: str, sizes: Mapping[str, tuple[int, int]] | None = None) -> str:
    """`body` with each Markdown image path `media/...` written relative to the page at `page_src`, and its
    width and height (from `sizes`, by docs path) after it, so the page does not jump as images load."""
    if f"]({MEDIA_DIR}/" not in body and f"](<{MEDIA_DIR}/" not in body:
        return body  # the common case: no image from the media folder
    up = "../" * page_src.count("/")
    lines = body.split("\n")
    for index, prose in _prose_lines(body):
        cuts: list[tuple[int, str]] = []
        for m in _MD_IMAGE.finditer(prose):
            if m.group(3).startswith(f"{MEDIA_DIR}/"):
                cuts.append((m.start(3), up))
                size = (sizes or {}).get(m.group(3).split("#", 1)[0])
                if size and m.group(4) and not prose.startswith("{", m.end()):  # its own attributes win
                    cuts.append((m.end(), f'{{ width="{size[0]}" height="{size[1]}" }}'))
        if cuts:  # cut once and join: inserting at each spot in turn would copy the line once per image
            line, at = lines[index], [c for c, _ in cuts]
            parts = [line[a:b] for a, b in zip([0, *at], [*at, len(line)], strict=True)]
            lines[index] = parts[0] + "".join(text + part for (_, text), part in zip(cuts, parts[1:], strict=True))
    return "\n".join(lines)


def image_size(head: bytes) -> tuple[int, int] | None:
    """(width, height) from the first bytes of a PNG, GIF, JPEG or WebP file; None for anything else."""
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR" and len(head) >= 24:
        width, height = struct.unpack(">II", head[16:24])
        return width, height
    if head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
        width, height = struct.unpack("<HH", head[6:10])
        return width, height
    if head.startswith(b"\xff\xd8"):
        return _jpeg_size(head)
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return _webp_size(head)
    return None


_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}  # start-of-frame markers (not DHT, JPG, DAC)


def _jpeg_size(head: bytes) -> tuple[int, int] | None:
    """Walk the JPEG segments to the frame header, which holds height then width."""
    at = 2
    while at + 9 <= len(head):
        if head[at] != 0xFF:
            return None
        marker, length = head[at + 1], int.from_bytes(head[at + 2:at + 4], "big")
        if marker in _SOF:
            height, width = struct.unpack(">HH", head[at + 5:at + 9])
            return (width, height) if width and height else None
        at += 2 + length
    return None


def _webp_size(head: bytes) -> tuple[int, int] | None:
    chunk = head[12:16]
    if chunk == b"VP8 " and len(head) >= 30:
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(head) >= 25:
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(head) >= 30:
        return int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1
    return None
