"""Hostile titles and names through `generate --for zensical` and Zensical: text everywhere, markup nowhere.

The adversarial suite's corpus (every payload in every field a contributor controls), built by Zensical;
its search is driven in Chromium: results show titles as typed and run nothing.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from adversarial.kit import heading, injection_problems, make_repo, run_check, run_cli, scan_html, title_element
from adversarial.test_adv_escaping import HOSTILE, TERM_TITLE, hostile_article
from playwright.sync_api import Browser

from ..conftest import serving, watched_context
from ..helpers import DESKTOP
from .conftest import ZENSICAL

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_zensical(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {f"content/2023/2023-09-{i + 1:02d}-h{i}.md": hostile_article(i, text) for i, text in enumerate(HOSTILE)}
    files["briefings/about.md"] = "# About\n\nNothing contributed here.\n"
    files["briefings/actors/script-alert-1-script-a0.md"] = f'---\ntitle: "{TERM_TITLE}"\n---\nAn overview.\n'
    root = make_repo(tmp_path_factory.mktemp("hostile-zensical"), files)
    assert run_check(root).exit_code == 0
    code, output = run_cli(root, "generate", "--for", "zensical", "--out", str(root / "z"))
    assert code == 0, output
    build = subprocess.run([str(ZENSICAL), "build", "--strict"], cwd=root / "z", capture_output=True, text=True,
                           check=False, timeout=300)
    assert build.returncode == 0, build.stdout + build.stderr
    return root / "z" / "site"


@pytest.fixture(scope="module")
def hostile_url(hostile_zensical: Path) -> Iterator[str]:
    with serving(hostile_zensical) as url:
        yield url


def test_no_injected_script_element_or_attribute(hostile_zensical: Path) -> None:
    problems = injection_problems(hostile_zensical)
    # 404.html carries the theme's scripts with absolute addresses (it is served from any folder): no content.
    assert [p for p in problems if not p.startswith("404.html: ")] == [], problems


@pytest.mark.parametrize("i", range(len(HOSTILE)))
def test_article_page_and_tab_show_the_title_as_text(hostile_zensical: Path, i: int) -> None:
    page = f"articles/2023/09/h{i}/index.html"
    assert heading(hostile_zensical, page) == HOSTILE[i]
    assert title_element(hostile_zensical, page).startswith(HOSTILE[i] + " - ")


def test_search_index_holds_no_markup(hostile_zensical: Path) -> None:
    """Zensical shows a result's title from the heading (escaped HTML) and its path as text."""
    items = json.loads((hostile_zensical / "search.json").read_text("utf-8"))["items"]
    for item in items:
        scan = scan_html(item["title"] + " " + item["text"])
        assert (scan.problems, scan.scripts) == ([], []), item["location"]
    paths = {item["location"]: item["path"] for item in items}
    assert paths["articles/2023/09/h2/"][-1] == HOSTILE[2]  # quotes as typed, no &#39; (after the nav's sections)


def test_search_results_show_titles_as_typed_and_run_nothing(browser: Browser, hostile_url: str) -> None:
    context, reader = watched_context(browser, hostile_url, DESKTOP)
    page = context.new_page()
    page.add_init_script("window.alert = () => { window.__alerted = true; };")
    page.goto("")
    page.locator(".md-search__button").click()
    page.get_by_role("combobox", name="Search").press_sequentially("onmouseover")
    results = page.get_by_role("listbox", name="Search results").get_by_role("option")
    results.first.wait_for()
    shown = page.get_by_role("listbox", name="Search results").inner_text()
    assert HOSTILE[2] in shown  # ' onmouseover='alert(1)' x=' as typed
    assert page.evaluate("window.__alerted === undefined")
    dialog = page.locator("dialog").evaluate("d => d.innerHTML")
    scan = scan_html(dialog)
    assert (scan.problems, scan.scripts) == ([], [])
    context.close()
    assert reader.errors == [] and reader.remote == []
