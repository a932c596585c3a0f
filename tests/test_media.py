"""Images in articles (issue 17, item 7): files in briefings/media/, written `media/<file>` in a body, alt text
required, copied into the site by MkDocs and linked from the generated article page."""

from __future__ import annotations

import base64
from pathlib import Path
from urllib.parse import urljoin

from adversarial.kit import SITE_URL, make_repo, mkdocs_build, run_check

from generator.config import read_settings
from generator.files import read_sources
from generator.media import image_size, media_links
from generator.site import build_site

A = "content/2024/2024-01-10-train.md"
# A 1×1 transparent PNG.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5E"
                       "rkJggg==")


def article(body: str) -> str:
    return ("---\ntitle: Train arrives\ndate: 2024-01-10\nregion: Russia\nactors: [Kim Jong Un]\n"
            "sources: [{publisher: TASS, url: 'https://tass.com/1'}]\n---\nThe train came.\n\n" + body + "\n")


def test_an_image_from_the_media_folder_is_linked_from_the_article_page(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {A: article("![Kim's train at Khasan station](media/2024/train.png)"),
                                "briefings/media/2024/train.png": PNG})
    assert run_check(root, "--strict").exit_code == 0
    settings = read_settings(root / "mkdocs.yml")
    page = build_site(read_sources(root, settings), settings).pages["articles/2024/01/train.md"]
    assert '![Kim\'s train at Khasan station](../../../media/2024/train.png){ width="1" height="1" }' in page
    build = mkdocs_build(root, strict=True)
    assert build.returncode == 0, build.stderr
    assert (root / "site/media/2024/train.png").read_bytes() == PNG  # copied into the site
    html = (root / "site/articles/2024/01/train/index.html").read_text("utf-8")
    tag = html.split("<img ", 1)[1].split(">", 1)[0]
    attributes = dict(part.split("=", 1) for part in tag.rstrip(" /").split('" ') if "=" in part)
    attributes = {k.strip(): v.strip('"') for k, v in attributes.items()}
    assert attributes["alt"] == "Kim's train at Khasan station"
    assert (attributes["width"], attributes["height"]) == ("1", "1")  # no jump as it loads
    assert urljoin(SITE_URL + "articles/2024/01/train/", attributes["src"]) == SITE_URL + "media/2024/train.png"


def test_an_image_without_alt_text_is_an_error_at_its_line(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {A: article("![](media/2024/train.png)\n\n<img src=\"https://x.org/a.png\">"),
                                "briefings/media/2024/train.png": PNG})
    run = run_check(root)
    assert run.exit_code == 1
    assert [line.split(": error: ")[0] for line in run.diagnostics] == [f"{A}:10", f"{A}:12"]
    assert run.diagnostics[0].endswith("image 'media/2024/train.png' has no alt text: say what it shows, for "
                                       "readers who cannot see it, e.g. ![Kim's train at Khasan station]"
                                       "(media/2024/train.png)")
    assert run.diagnostics[1].endswith("image '<img>' has no alt text: say what it shows, for readers who cannot "
                                       "see it, e.g. <img alt=\"Kim's train at Khasan station\" src=...>")


def test_a_missing_image_is_named_at_its_line(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {A: article("![The train](media/2024/none.png)")})
    run = run_check(root)
    assert run.diagnostics == [f"{A}:10: warning: image 'media/2024/none.png' leads nowhere: from this article's "
                               "page it is /media/2024/none.png, which the site does not have; add the file to the "
                               "docs folder as media/2024/none.png"]


def test_an_image_beside_the_article_says_where_images_go(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {A: article("![The train](train.png)"), "content/2024/train.png": PNG})
    lines = run_check(root).diagnostics
    assert ("content/2024/train.png:1: warning: not an article, so not read: images go in briefings/media/, "
            "written media/<file> in an article") in lines
    assert any(line.startswith(f"{A}:10: warning: image 'train.png' leads nowhere") and
               "put images in the docs folder's media/ and write media/<file>" in line for line in lines)


def test_only_markdown_images_outside_code_are_rewritten() -> None:
    body = ("![a](media/x.png) and `![b](media/y.png)` and [c](media/z.pdf)\n"
            "```\n![d](media/w.png)\n```\n![e](https://x.org/media/v.png) ![f](media/u.png)")
    assert media_links(body, "articles/2024/01/t.md").split("\n") == [
        "![a](../../../media/x.png) and `![b](media/y.png)` and [c](media/z.pdf)",
        "```", "![d](media/w.png)", "```",
        "![e](https://x.org/media/v.png) ![f](../../../media/u.png)"]


def test_sizes_are_written_after_the_image_unless_it_has_its_own() -> None:
    body = ('![a](media/x.png "Title") ![b](media/x.png){ width="10" } ![c](media/none.png)\n'
            "![d](<media/x.png>)")
    assert media_links(body, "articles/2024/01/t.md", {"media/x.png": (640, 480)}).split("\n") == [
        '![a](../../../media/x.png "Title"){ width="640" height="480" } ![b](../../../media/x.png){ width="10" } '
        "![c](../../../media/none.png)",
        '![d](<../../../media/x.png>){ width="640" height="480" }']


def test_image_sizes_from_their_headers() -> None:
    assert image_size(PNG) == (1, 1)
    assert image_size(b"GIF89a" + (300).to_bytes(2, "little") + (200).to_bytes(2, "little") + b"\0" * 8) == (300, 200)
    app0 = b"\xff\xe0\x00\x10" + b"JFIF\0" + b"\0" * 9  # a 16-byte segment before the frame header
    sof = b"\xff\xc0\x00\x11\x08" + (480).to_bytes(2, "big") + (640).to_bytes(2, "big") + b"\x03" + b"\0" * 9
    assert image_size(b"\xff\xd8" + app0 + sof) == (640, 480)
    vp8x = b"RIFF" + b"\0" * 4 + b"WEBPVP8X" + b"\0" * 8 + (799).to_bytes(3, "little") + (599).to_bytes(3, "little")
    assert image_size(vp8x) == (800, 600)
    assert image_size(b"<svg xmlns='http://www.w3.org/2000/svg'/>") is None
    assert image_size(b"\xff\xd8\xff\xe0\x00") is None  # cut short: no size rather than a wrong one
