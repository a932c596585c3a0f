"""In Chromium: an old address (`redirect_from`) takes the reader to the article under the site's CSP, and a
media image loads with its size. A tiny site of its own, served under a sub-path as GitHub Pages serves one."""

from __future__ import annotations

import base64
import shutil
from collections.abc import Iterator

import pytest
from adversarial.kit import make_repo, mkdocs_build  # tests/ is on sys.path (rootdir-relative packages)
from playwright.sync_api import Browser, expect

from .conftest import serving, watched_context
from .helpers import DESKTOP

pytestmark = pytest.mark.browser

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5E"
                       "rkJggg==")
ARTICLE = ("---\ntitle: Train arrives at Khasan\ndate: 2024-01-10\nregion: Russia\nactors: [Kim Jong Un]\n"
           "sources: [{publisher: TASS, url: 'https://tass.com/1'}]\nredirect_from: [/articles/2023/12/train/]\n"
           "---\nThe train came.\n\n![Kim's train at Khasan station](media/2024/train.png)\n")


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site built for https://example.org/briefing/ and served from a `briefing/` folder."""
    root = make_repo(tmp_path_factory.mktemp("tiny"), {"content/2024/2024-01-10-train.md": ARTICLE,
                                                       "briefings/media/2024/train.png": PNG})
    build = mkdocs_build(root, strict=True, out=root / "www/briefing")
    assert build.returncode == 0, build.stderr
    with serving(root / "www") as url:
        yield url + "briefing/"
    shutil.rmtree(root / "www")


def test_an_old_address_takes_the_reader_to_the_article(browser: Browser, tiny_site: str) -> None:
    context, reader = watched_context(browser, tiny_site, DESKTOP)
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(tiny_site + "articles/2023/12/train/")
    page.wait_for_url(tiny_site + "articles/2024/01/train/")
    expect(page.locator("h1")).to_contain_text("Train arrives at Khasan")
    image = page.get_by_alt_text("Kim's train at Khasan station")
    expect(image).to_have_attribute("width", "1")
    assert image.evaluate("img => img.complete && img.naturalWidth") == 1  # the file was found and loaded
    context.close()
    assert violations == [] and reader.errors == [] and reader.remote == []
