"""Issue 12: the Content-Security-Policy alone stops contributed script. The hostile site is built with the
source scan and the rendered-HTML allowlist switched off; every payload fires in a control build without the
policy (so each payload is real) and none fires with it."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import pytest
from adversarial.kit import mkdocs_serve  # tests/ is on sys.path (rootdir-relative packages)
from mkdocs.commands.build import build
from mkdocs.config import load_config
from playwright.sync_api import Browser, Page, expect

from generator import plugin, validate

from .conftest import QuietHandler, QuietServer
from .helpers import REPO

pytestmark = pytest.mark.browser

PAYLOADS = {  # slug → (body, what a reader does to trigger it: a CSS selector to click, or None)
    "details": ("<details x=y'z title='>' open ontoggle=alert('details')>x</details>", None),
    "animate": ('<svg width="200" height="40"><a><animate attributeName="href" '
                'values="https://a;javascript:alert(\'animate\')" dur="0.01s" fill="freeze"/>'
                '<text x="5" y="20" id="hit">click me</text></a></svg>', "#hit"),
    "onerror": ('<img alt="x" src="missing.png" onerror="alert(\'onerror\')">', None),
    "script": ("<script>alert('script')</script>", None),
    "link": ("[click me][x]\n\n[x]: javascript:alert('link')", "text=click me"),
    "srcdoc": ("<iframe srcdoc=\"<script>parent.alert('srcdoc')</script>\"></iframe>", None),
}
WAIT_STEPS = 20
TERM_PAYLOAD = "<details open ontoggle=alert('term')>x</details>"


def article(slug: str, body: str) -> str:
    return (f"---\ntitle: {slug.capitalize()}\ndate: 2023-09-12\nregion: [Russia]\nactors: [Kim Jong Un]\n"
            f"slug: {slug}\n---\n\nIntro.\n\n{body}\n")


def write_repo(root: Path) -> None:
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    config = re.sub(r"(?ms)^nav:.*?(?=^\S|\Z)", "", re.sub(r"(?m)^site_url:.*$", "site_url: http://x/", config))
    files = {"mkdocs.yml": config, "briefings/index.md": "# Home\n",
             "briefings/actors/kim-jong-un.md": f"---\ntitle: Kim Jong Un\n---\n\n{TERM_PAYLOAD}\n"}
    files.update({f"content/2023/2023-09-12-{slug}.md": article(slug, body) for slug, (body, _) in PAYLOADS.items()})
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")


def build_unchecked(root: Path, out: Path, *, policy: bool) -> Path:
    """Build with both checks switched off (and the CSP too, for the control build)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(validate, "check_body", lambda body, line, report: True)
        patch.setattr(plugin, "check_html", lambda html: [])
        if not policy:
            patch.setattr(plugin, "add_policy", lambda output, content, **_: output)
        patch.chdir(root)
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(out)))
    return out


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hostile")
    write_repo(root)
    return {"with": build_unchecked(root, root / "site-csp", policy=True),
            "without": build_unchecked(root, root / "site-plain", policy=False)}


@contextmanager
def served(site: Path) -> Iterator[str]:
    """`site` on a free port of 127.0.0.1."""
    server = QuietServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def fired_alerts(browser: Browser, site: Path) -> tuple[list[str], list[str]]:
    """Open every hostile page, do what a reader would, and return (alerts, CSP reports)."""
    with served(site) as base_url:
        return _visit(browser, base_url)


def _visit(browser: Browser, base_url: str) -> tuple[list[str], list[str]]:
    context = browser.new_context(base_url=base_url)
    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/])"), lambda route: route.abort())  # no network
    alerts: list[str] = []
    blocked: list[str] = []
    try:
        for slug, (_, click) in [*PAYLOADS.items(), ("term", (TERM_PAYLOAD, None))]:
            page = context.new_page()
            page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
            page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
            page.goto("actors/kim-jong-un/" if slug == "term" else f"articles/2023/09/{slug}/")
            if click:
                page.click(click)
            for _ in range(WAIT_STEPS):  # a busy machine may take a while; a payload that fires ends the wait
                if slug in alerts:
                    break
                page.wait_for_timeout(100)
            page.close()
    finally:
        context.close()
    return alerts, blocked


def test_every_payload_fires_without_the_policy(browser: Browser, sites: dict[str, Path]) -> None:
    alerts, _ = fired_alerts(browser, sites["without"])
    assert sorted(set(alerts)) == sorted([*PAYLOADS, "term"])


def test_no_payload_fires_with_the_policy(browser: Browser, sites: dict[str, Path]) -> None:
    alerts, blocked = fired_alerts(browser, sites["with"])
    assert alerts == []
    assert len(blocked) >= len(PAYLOADS)  # each was refused by the policy, not skipped for another reason


def test_the_theme_still_runs_under_the_policy(browser: Browser, sites: dict[str, Path]) -> None:
    """Material's inline scripts are allowed by hash: its palette toggle works and nothing is reported."""
    with served(sites["with"]) as base_url:
        page: Page = browser.new_page(base_url=base_url)
        reports: list[str] = []
        page.on("console", lambda m: reports.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto("")  # the home page: no payload of its own
        page.wait_for_timeout(300)
        assert page.evaluate("typeof __md_get") == "function"  # the head script ran
        page.close()
    assert reports == []


def test_policy_forbids_inline_script(sites: dict[str, Path]) -> None:
    head = (sites["with"] / "index.html").read_text("utf-8")[:3000]
    found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', head)
    assert found is not None
    script_src = next(p for p in found.group(1).split("; ") if p.startswith("script-src "))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src


def test_live_reload_runs_under_the_policy(browser: Browser, tmp_path: Path) -> None:
    """`mkdocs serve` adds an inline script to every page; the policy lets that one script run (by nonce)."""
    write_repo(tmp_path)
    for path in (tmp_path / "content/2023").iterdir():
        path.unlink()
    source = tmp_path / "content/2023/2023-09-12-visit.md"
    source.write_text(article("visit", "Plain text."), "utf-8")
    (tmp_path / "briefings/actors/kim-jong-un.md").unlink()
    with mkdocs_serve(tmp_path) as url:
        page = browser.new_page()
        messages: list[str] = []
        page.on("console", lambda m: messages.append(m.text))
        page.goto(url + "articles/2023/09/visit/")
        expect(page.locator("h1")).to_contain_text("Visit")
        page.wait_for_timeout(500)
        source.write_text(article("visit", "Plain text.").replace("title: Visit", "title: Revisited"), "utf-8")
        expect(page.locator("h1")).to_contain_text("Revisited", timeout=60_000)  # reloaded by itself
        page.close()
    assert "Enabled live reload" in messages
    assert [m for m in messages if "Content Security Policy" in m] == []
