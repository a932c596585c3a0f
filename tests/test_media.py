"""Images in articles (issue 17, item 7): files in briefings/media/, written `media/<file>` in a body, alt text
required, copied into the site by MkDocs and linked from the generated article page."""

from __future__ import annotations

import base64
from pathlib import Path
from urllib.parse import urljoin

from adversarial.kit import SITE_URL, core, make_repo, mkdocs_build, run_check

from generator.media import media_links

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
    page = core(root).pages["articles/2024/01/train.md"]
    assert "![Kim's train at Khasan station](../../../media/2024/train.png)" in page
    build = mkdocs_build(root, strict=True)
    assert build.returncode == 0, build.stderr
    assert (root / "site/media/2024/train.png").read_bytes() == PNG  # copied into the site
    html = (root / "site/articles/2024/01/train/index.html").read_text("utf-8")
    src = html.split('alt="Kim\'s train at Khasan station" src="', 1)[1].split('"', 1)[0]
    assert urljoin(SITE_URL + "articles/2024/01/train/", src) == SITE_URL + "media/2024/train.png"


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
