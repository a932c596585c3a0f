"""Incremental preview (`mkdocs serve --dirty`): after every random edit, the served folder equals a fresh build.

Each sequence starts a preview of a small site, then applies random edits (body, title, a name, a term file,
an editors' page, add, delete, rename, draft toggle, an error and its fix). After each step the preview's
output folder is compared file for file with a fresh full build of the same tree by a new plugin instance.
BRIEFING_PREVIEW_SEQUENCES=200 runs the long check (the default keeps `make test` short); each sequence has
its own seed, so a failure names the seed that reproduces it.
"""

from __future__ import annotations

import gzip
import os
import random
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from adversarial.kit import free_port  # tests/ is on sys.path (rootdir-relative packages)
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from generator.plugin import BriefingPlugin

URL = "http://127.0.0.1:8000/"
SEQUENCES = int(os.environ.get("BRIEFING_PREVIEW_SEQUENCES", "3"))
STEPS = 4
REGIONS = ("Northland", "Southland", "Eastmarch")
ACTORS = ("Alice Archer", "Bob Baker", "Carol Cole", "Dan Drake")
TOPICS = ("Trade", "Talks", "Rail links")
CONFIG = """site_name: Preview test
site_url: https://preview.example/
docs_dir: briefings
theme:
  name: material
plugins:
  - search
  - briefing
markdown_extensions:
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
nav:
  - Home: index.md
  - Topics: topics/index.md
  - About: about.md
"""


def article(rng: random.Random, n: int, *, title: str | None = None, draft: bool = False) -> str:
    """An article's text with names drawn from the small pools (so edits move pages between briefings)."""
    actors = rng.sample(ACTORS, rng.randint(1, 3))
    date = f"2024-{rng.randint(1, 4):02d}-{rng.randint(1, 28):02d}"
    lines = ["---", f"title: {title or f'Event number {n}'}", f"date: {date}",
             f"region: [{rng.choice(REGIONS)}]", f"actors: [{', '.join(actors)}]",
             f"topics: [{rng.choice(TOPICS)}]", f"summary: Summary of event {n}."]
    if draft:
        lines.append("draft: true")
    links = "[the about page](../../../about.md) and [Dan](../../../actors/dan-drake.md)"  # Dan may come and go
    lines += ["---", f"Body of event {n}. It links {links}.", ""]
    return "\n".join(lines)


def write_site(root: Path, rng: random.Random) -> None:
    (root / "content" / "2024").mkdir(parents=True)
    (root / "briefings" / "topics").mkdir(parents=True)
    (root / "briefings" / "actors").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(CONFIG)
    (root / "briefings" / "index.md").write_text("# Preview test\n\nThe introduction.\n")
    (root / "briefings" / "about.md").write_text(
        "# About\n\nSee [the trade briefing](topics/trade.md) and [Dan Drake](actors/dan-drake.md).\n")
    (root / "briefings" / "topics" / "trade.md").write_text("---\ntitle: Trade\nsummary: Goods.\n---\nOverview.\n")
    (root / "briefings" / "actors" / "bob-baker.md").write_text(
        "---\ntitle: Bob Baker\naliases: [Robert Baker]\nrole: Envoy\n---\nA profile.\n")
    for n in range(5):
        (root / "content" / "2024" / f"event-{n}.md").write_text(article(rng, n))


def articles(root: Path) -> list[Path]:
    return sorted((root / "content").rglob("*.md"))


def edit_body(root: Path, rng: random.Random) -> None:
    path = rng.choice(articles(root))
    path.write_text(path.read_text().replace("Body of", f"Edited ({rng.random():.6f}) body of", 1))


def edit_title(root: Path, rng: random.Random) -> None:
    path = rng.choice(articles(root))
    text = path.read_text()
    old = text.split("title: ", 1)[1].split("\n", 1)[0]
    path.write_text(text.replace(f"title: {old}", f"title: {old} {rng.choice('XYZ')}", 1))


def edit_name(root: Path, rng: random.Random) -> None:
    path = rng.choice(articles(root))
    lines = path.read_text().split("\n")
    lines = [f"actors: [{', '.join(rng.sample(ACTORS, rng.randint(1, 3)))}]" if line.startswith("actors:") else line
             for line in lines]
    path.write_text("\n".join(lines))


def edit_term(root: Path, rng: random.Random) -> None:
    path = root / "briefings" / "actors" / "bob-baker.md"
    path.write_text(path.read_text().replace("role: ", f"role: {rng.choice(('Chief ', 'Deputy ', ''))}", 1))


def edit_about(root: Path, rng: random.Random) -> None:
    path = root / "briefings" / "about.md"
    path.write_text(path.read_text() + f"\nMore about it, {rng.randint(0, 99)}.\n")


def add_article(root: Path, rng: random.Random) -> None:
    n = rng.randint(100, 999)
    (root / "content" / "2024" / f"event-{n}.md").write_text(article(rng, n))


def delete_article(root: Path, rng: random.Random) -> None:
    if len(articles(root)) > 2:
        rng.choice(articles(root)).unlink()


def rename_article(root: Path, rng: random.Random) -> None:
    path = rng.choice(articles(root))
    path.rename(path.with_name(f"renamed-{rng.randint(0, 999)}.md"))


def toggle_draft(root: Path, rng: random.Random) -> None:
    path = rng.choice(articles(root))
    text = path.read_text()
    path.write_text(text.replace("draft: true\n", "") if "draft: true\n" in text
                    else text.replace("---\nBody", "draft: true\n---\nBody", 1))


EDITS: tuple[Callable[[Path, random.Random], None], ...] = (
    edit_body, edit_title, edit_name, edit_term, edit_about, add_article, delete_article, rename_article,
    toggle_draft)


@contextmanager
def fresh_plugins() -> Iterator[None]:
    """MkDocs keeps plugins with `on_startup` across config loads of one process; a fresh build needs new ones."""
    cache = MkDocsConfig.plugins.plugin_cache
    saved = dict(cache)
    cache.clear()
    try:
        yield
    finally:
        cache.clear()
        cache.update(saved)


def serve_config(root: Path, site: Path) -> MkDocsConfig:
    """The config as `mkdocs serve`'s builder loads it before each build."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.site_url = URL
    return config


class Served:
    """One `mkdocs serve --dirty` session, driven in-process the way serve's builder drives it."""

    def __init__(self, root: Path, site: Path) -> None:
        self.root, self.site = root, site
        with fresh_plugins():
            config = serve_config(root, site)
            config.plugins.on_startup(command="serve", dirty=True)
            self.plugins = dict(MkDocsConfig.plugins.plugin_cache)
        self.build(config)

    def build(self, config: MkDocsConfig | None = None) -> None:
        cache = MkDocsConfig.plugins.plugin_cache
        saved = dict(cache)
        cache.clear()
        cache.update(self.plugins)
        try:
            build(config or serve_config(self.root, self.site), serve_url=URL, dirty=True)
        finally:
            cache.clear()
            cache.update(saved)

    @property
    def plugin(self) -> BriefingPlugin:
        plugin = self.plugins["briefing"]
        assert isinstance(plugin, BriefingPlugin)
        return plugin


def fresh_build(root: Path, site: Path) -> str:
    """A full build as `mkdocs serve` makes its first one (drafts shown), by a new plugin instance; its nonce."""
    shutil.rmtree(site, ignore_errors=True)
    with fresh_plugins():
        config = serve_config(root, site)
        config.plugins.on_startup(command="serve", dirty=False)
        build(config, serve_url=URL, dirty=False)
        plugin = MkDocsConfig.plugins.plugin_cache["briefing"]
        assert isinstance(plugin, BriefingPlugin)
        return plugin.nonce


def snapshot(site: Path, nonce: str) -> dict[str, bytes]:
    """Every output file's bytes (the sitemap's gzip by its content: its header holds a time), with the
    serve session's CSP nonce (one per server, like the live-reload script) as a placeholder."""
    out = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        data = gzip.decompress(data) if path.suffix == ".gz" else data
        out[path.relative_to(site).as_posix()] = data.replace(nonce.encode(), b"NONCE")
    return out


def assert_same(served: dict[str, bytes], fresh: dict[str, bytes], context: str) -> None:
    assert sorted(served) == sorted(fresh), f"{context}: files differ: " \
        f"only served {sorted(set(served) - set(fresh))}, only fresh {sorted(set(fresh) - set(served))}"
    differ = [name for name in fresh if served[name] != fresh[name]]
    assert not differ, f"{context}: contents differ: {differ}"


def run_sequence(tmp: Path, seed: int) -> list[str]:
    """One random edit sequence; returns the steps taken (asserts after each)."""
    rng = random.Random(seed)
    root = tmp / f"site-{seed}"
    write_site(root, rng)
    served = Served(root, tmp / f"served-{seed}")
    steps = []
    for step in range(STEPS):
        if rng.random() < 0.15:  # an error, shown while it stands; the last good build stays served
            before = snapshot(served.site, served.plugin.nonce)
            path = rng.choice(articles(root))
            good = path.read_text()
            path.write_text(good.replace("date: 2024-", "date: 2024-13-", 1))
            served.build()
            assert served.plugin.preview is not None and served.plugin.preview.errors, f"seed {seed}: no error"
            assert_same(snapshot(served.site, served.plugin.nonce), before,
                        f"seed {seed} step {step}: error kept the last good build")
            path.write_text(good)
            steps.append("error+fix")
        else:
            edit = rng.choice(EDITS)
            edit(root, rng)
            steps.append(edit.__name__)
        served.build()
        nonce = fresh_build(root, tmp / "fresh")
        assert_same(snapshot(served.site, served.plugin.nonce), snapshot(tmp / "fresh", nonce),
                    f"seed {seed} after {steps}")
    shutil.rmtree(root)
    shutil.rmtree(served.site)
    return steps


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both builds date their sitemap the same day even across midnight."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")


@pytest.mark.parametrize("seed", range(SEQUENCES))
def test_preview_matches_fresh_build(tmp_path: Path, seed: int) -> None:
    steps = run_sequence(tmp_path, seed)
    assert len(steps) == STEPS


def test_preview_renders_only_changed_pages(tmp_path: Path) -> None:
    """A body edit re-renders one page; a title edit the pages that show the title, not the whole site."""
    root = tmp_path / "site"
    write_site(root, random.Random(1))
    served = Served(root, tmp_path / "served")
    preview = served.plugin.preview
    assert preview is not None
    total = preview.rendered
    path = articles(root)[0]
    path.write_text(path.read_text().replace("Body of", "Changed body of"))
    served.build()
    assert preview.rendered == 1
    edit_title(root, random.Random(2))
    served.build()
    assert 1 < preview.rendered < total
    served.build()
    assert preview.rendered == 0


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        text: str = response.read().decode("utf-8")
        return text


def wait_for(url: str, ok: Callable[[str], bool], what: str, timeout: float = 60) -> str:
    """Poll a served page until `ok(text)`; the build runs in the server's own time."""
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        with suppress(OSError):
            text = fetch(url)
            if ok(text):
                return text
        time.sleep(0.1)
    raise AssertionError(f"{what}: not served within {timeout} s; last page:\n{text[-2000:]}")


DESYNC = "<details x=y'z title='>' open ontoggle=alert(4)>x</details>"


def test_real_serve_shows_saves_and_errors(tmp_path: Path) -> None:
    """`mkdocs serve --dirty` as `make serve` runs it: a save is served, an error shows in the browser over the
    last good build, its fix brings the page back; the log has one line per rebuild and no not-in-nav list."""
    root = tmp_path / "site"
    write_site(root, random.Random(3))
    port = free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log_file:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr",
                                   f"127.0.0.1:{port}"], cwd=root, stdout=log_file, stderr=subprocess.STDOUT,
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        path = articles(root)[0]
        slug, month = path.stem, path.read_text().split("date: 2024-", 1)[1][:2]
        url = f"http://127.0.0.1:{port}/articles/2024/{month}/{slug}/"
        wait_for(url, lambda text: "Body of event" in text, "first build", timeout=120)
        good = path.read_text()
        path.write_text(good.replace("Body of event", "Saved change in event"))
        wait_for(url, lambda text: "Saved change in event" in text, "a body edit")
        path.write_text(good.replace("date: 2024-", "date: 2024-13-", 1))
        page = wait_for(url, lambda text: "briefing-errors" in text, "the error overlay")
        assert f"content/2024/{path.name}:3: error:" in page and "Saved change in event" in page  # last good
        assert "briefing-errors" in wait_for(f"http://127.0.0.1:{port}/about/", lambda text: "About" in text,
                                             "another page")
        path.write_text(good)
        wait_for(url, lambda text: "briefing-errors" not in text and "Body of event" in text, "the fix")
        # HTML the source scan lets through and the rendered-page allowlist refuses: serve must not stall
        # (MkDocs would keep the old pages with no word in the browser) nor serve the payload
        about, about_url = root / "briefings" / "about.md", f"http://127.0.0.1:{port}/about/"
        about_text = about.read_text()
        about.write_text(about_text + f"\n{DESYNC}\n")
        page = wait_for(about_url, lambda text: "briefing-errors" in text, "the unsafe-HTML banner")
        assert "briefings/about.md:5: error: attribute &#x27;ontoggle&#x27; on &lt;details&gt; is not allowed" \
            in page, page[-3000:]
        assert "ontoggle=" not in page.replace("&#x27;ontoggle&#x27;", "") and "Not shown" in page
        assert "briefing-errors" in wait_for(url, lambda text: "Body of event" in text, "another page")
        about.write_text(about_text)
        wait_for(about_url, lambda text: "briefing-errors" not in text and "the trade briefing" in text,
                 "the unsafe HTML removed")
    finally:
        server.terminate()
        server.wait(timeout=30)
    log = log_path.read_text()
    assert "not included in the \"nav\"" not in log and "dirty" not in log, log
    rebuilds = re.findall(r"built in \d+\.\d\d s: (\d+) of (\d+) pages re-rendered, \d+ warnings?", log)
    assert len(rebuilds) >= 4, log
    assert rebuilds[1][0] == "1", log  # the body edit
    assert "Documentation built in" not in log and "Building documentation" not in log, log


def test_preview_follows_a_page_that_comes_and_goes(tmp_path: Path) -> None:
    """Pages that link to a page that disappears (or appears) are re-rendered though their own text is the same."""
    root = tmp_path / "site"
    write_site(root, random.Random(4))
    for path in articles(root):  # Dan Drake only in the first article
        path.write_text(re.sub(r"actors: \[.*\]", "actors: [Alice Archer]", path.read_text()))
    first = articles(root)[0]
    first.write_text(first.read_text().replace("actors: [Alice Archer]", "actors: [Alice Archer, Dan Drake]"))
    served = Served(root, tmp_path / "served")
    kept = first.read_text()
    first.write_text(kept.replace("actors: [Alice Archer, Dan Drake]", "actors: [Alice Archer]"))
    for step in ("Dan Drake's page gone", "Dan Drake's page back"):
        served.build()
        nonce = fresh_build(root, tmp_path / "fresh")
        assert_same(snapshot(served.site, served.plugin.nonce), snapshot(tmp_path / "fresh", nonce), step)
        first.write_text(kept)
