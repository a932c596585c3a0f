"""Shared pieces of the adversarial suite: temporary repositories, the CLI, a MkDocs build, output checks."""

from __future__ import annotations

import functools
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import markdown
import yaml
from click.testing import CliRunner
from mkdocs.utils.meta import get_data

from generator.cli import cli
from generator.config import read_settings
from generator.files import read_sources
from generator.site import SiteResult, build_site

REPO = Path(__file__).resolve().parents[2]
SITE_URL = "https://example.org/briefing/"
ARTICLE = "content/2023/2023-09-12-train.md"
ATOM = "{http://www.w3.org/2005/Atom}"


def yaml_quote(value: str) -> str:
    """A YAML double-quoted scalar that loads as exactly `value` (a JSON string is YAML)."""
    text = json.dumps(value, ensure_ascii=False)
    # YAML reads these three as line breaks even inside quotes; JSON leaves them raw.
    return text.replace("\x85", "\\N").replace("\u2028", "\\L").replace("\u2029", "\\P")


def names_yaml(names: Sequence[str]) -> str:
    return "[" + ", ".join(yaml_quote(n) for n in names) + "]"


def article(title: str = "Train arrives", date: str = "2023-09-12", region: Sequence[str] = ("Russia",),
            actors: Sequence[str] = ("Kim Jong Un",), topics: Sequence[str] = (), body: str = "Body text.\n",
            **raw: str) -> str:
    """An article's text; `raw` keys are written as given (YAML), after the usual ones."""
    lines = ["---", f"title: {yaml_quote(title)}", f"date: {date}", f"region: {names_yaml(region)}",
             f"actors: {names_yaml(actors)}"]
    if topics:
        lines.append(f"topics: {names_yaml(topics)}")
    lines += [f"{key}: {value}" for key, value in raw.items()]
    return "\n".join([*lines, "---", body])


def site_config() -> str:
    """The repository's mkdocs.yml with a fixed site_url and no nav, so any docs tree builds."""
    text = (REPO / "mkdocs.yml").read_text("utf-8")
    text = re.sub(r"(?m)^site_url:.*$", f"site_url: {SITE_URL}", text)
    return re.sub(r"(?ms)^nav:.*?(?=^\S|\Z)", "", text)


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def make_repo(root: Path, files: Mapping[str, str | bytes] | None = None) -> Path:
    """A repository in `root`: mkdocs.yml, a home introduction, an empty content/, then `files`."""
    write_files(root, {"mkdocs.yml": site_config(), "briefings/index.md": "# Briefing\n\nIntroduction.\n"})
    (root / "content").mkdir(exist_ok=True)
    write_files(root, files or {})
    return root


@dataclass(frozen=True)
class CheckRun:
    """What `briefing check` printed and returned."""

    exit_code: int
    lines: list[str]

    @property
    def diagnostics(self) -> list[str]:
        return [line for line in self.lines if re.match(r"^.+:\d+: (error|warning|note): ", line)]


def run_check(root: Path, *args: str) -> CheckRun:
    """`briefing check` in-process; an exception inside it fails the test."""
    result = CliRunner().invoke(cli, ["-f", str(root / "mkdocs.yml"), "check", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return CheckRun(result.exit_code, result.output.splitlines())


def run_cli(root: Path, *args: str) -> tuple[int, str]:
    """Any `briefing` command in-process; returns (exit code, output)."""
    result = CliRunner().invoke(cli, ["-f", str(root / "mkdocs.yml"), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def core(root: Path) -> SiteResult:
    """The pure core over a repository on disk, as the plugin runs it."""
    settings = read_settings(root / "mkdocs.yml")
    sources = read_sources(root, settings).files
    return build_site(sources, settings)


def mkdocs_build(root: Path, *, env: Mapping[str, str] | None = None, strict: bool = False,
                 out: Path | None = None, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` of the repository in `root` into root/site (or `out`), in a fresh process."""
    base = {"PATH": os.environ.get("PATH", ""), "NO_MKDOCS_2_WARNING": "1", "HOME": str(root),
            "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out or root / "site")]
    return subprocess.run([*command, *(["--strict"] if strict else [])], cwd=root, capture_output=True,
                          text=True, timeout=timeout, env={**base, **(env or {})})


# --- reading the built site as a browser would ------------------------------------------------

FORBIDDEN_ELEMENTS = {"iframe", "object", "embed", "frame", "frameset", "applet", "base"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}
_SCRIPT_URL = re.compile(r"^(javascript|vbscript|data):", re.I)


def _same_on_every_page(text: str) -> str:
    """A theme script with its page-relative base path taken out (`..`, `.`, or /briefing/ on 404.html).

    Zensical writes `./assets/...` on the home page where MkDocs writes `assets/...`.
    """
    text = re.sub(r"(?:\.\./)+|(?<=[=\"])\./", "", text.replace("/briefing/", ""))
    return re.sub(r'"(?:\.\.|\.|)"', '"BASE"', text)


class PageScan(HTMLParser):
    """Collects what matters for script injection: scripts, event attributes, URLs, forbidden elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.urls: list[str] = []
        self.problems: list[str] = []
        self.texts: dict[str, list[str]] = {"h1": [], "title": []}
        self._open: list[str] = []
        self._script: list[str] | None = None
        self._data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_ELEMENTS:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event attribute")
            if name in URL_ATTRIBUTES and value:
                self.urls.append(value)
                if _SCRIPT_URL.match(re.sub(r"[\x00-\x20]", "", value)):
                    self.problems.append(f"<{tag} {name}={value!r}> script URL")
        if tag == "script":
            self._script = [" ".join(f"{k}={v}" for k, v in sorted(attrs))]
            self._data = ("type", "application/ld+json") in attrs  # JSON-LD: data a browser never runs
        if tag in self.texts:
            self.texts[tag].append("")
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            if self._data:  # only harmless while it is one whole JSON value (no text closed it early)
                self._json_problem("".join(self._script[1:]))
            else:
                self.scripts.append(_same_on_every_page("|".join(self._script)))
            self._script = None
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def _json_problem(self, text: str) -> None:
        try:
            json.loads(text)
        except ValueError:
            self.problems.append(f"<script type=application/ld+json> holds no JSON value: {text[:80]!r}")

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        for tag in self._open:
            self.texts[tag][-1] += data


def scan_html(text: str) -> PageScan:
    scan = PageScan()
    scan.feed(text)
    scan.close()
    return scan


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def injection_problems(site: Path, baseline_page: str = "about/index.html") -> list[str]:
    """Every injected element, attribute or script in the built site; Material's own scripts are the
    ones every page has, taken from a page with no contributed content."""
    allowed = set(scan_html((site / baseline_page).read_text("utf-8")).scripts)
    assert allowed, "the baseline page should carry the theme's own scripts"
    found = []
    for page in html_pages(site):
        scan = scan_html(page.read_text("utf-8"))
        rel = page.relative_to(site).as_posix()
        found += [f"{rel}: {p}" for p in scan.problems]
        found += [f"{rel}: unexpected <script> {s[:80]!r}" for s in scan.scripts if s not in allowed]
    return found


def heading(site: Path, page: str) -> str:
    """The text of a built page's <h1>, without the permalink sign."""
    texts = scan_html((site / page).read_text("utf-8")).texts["h1"]
    return " ".join(texts[0].split()).removesuffix("¶").strip()


def title_element(site: Path, page: str) -> str:
    return " ".join(scan_html((site / page).read_text("utf-8")).texts["title"][0].split())


def atom_entries(feed_xml: str | bytes) -> list[ET.Element]:
    """The <entry> elements of an Atom feed; raises if the feed is not well-formed XML."""
    return ET.fromstring(feed_xml).findall(f"{ATOM}entry")


def entry_titles(feed_xml: str | bytes) -> list[str]:
    return [e.findtext(f"{ATOM}title") or "" for e in atom_entries(feed_xml)]


def entry_categories(feed_xml: str | bytes) -> list[set[str]]:
    return [{c.get("term", "") for c in e.findall(f"{ATOM}category")} for e in atom_entries(feed_xml)]


def tree_digest(root: Path, folders: Iterable[str] = ("content", "briefings")) -> dict[str, str]:
    """Every file (and link) under `folders`, mapped to a hash of its bytes or link target."""
    import hashlib

    digest: dict[str, str] = {}
    for folder in folders:
        base = root / folder
        for dirpath, dirnames, filenames in os.walk(base) if base.exists() else ():
            for name in sorted(dirnames + filenames):
                path = Path(dirpath) / name
                rel = path.relative_to(root).as_posix()
                if path.is_symlink():
                    digest[rel] = "link:" + os.readlink(path)
                elif path.is_file():
                    digest[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
                else:
                    digest[rel] = "dir"
    return digest


# --- rendering generated Markdown as MkDocs would, without a site build ---------------------------

class _IgnoreTags(yaml.SafeLoader):
    """Reads mkdocs.yml past its `!ENV` tags."""


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)


def markdown_config() -> tuple[list[str], dict[str, dict[str, object]]]:
    """The repository's markdown_extensions, as Python-Markdown wants them."""
    config = yaml.load((REPO / "mkdocs.yml").read_text("utf-8"), Loader=_IgnoreTags)
    names: list[str] = []
    options: dict[str, dict[str, object]] = {}
    for entry in config.get("markdown_extensions", []):
        name = entry if isinstance(entry, str) else next(iter(entry))
        names.append(name)
        if isinstance(entry, dict) and entry[name]:
            options[name] = entry[name]
    return names, options


@functools.cache
def _markdown() -> markdown.Markdown:
    names, options = markdown_config()
    return markdown.Markdown(extensions=names, extension_configs=options)


def markdown_html(page: str) -> str:
    """A generated page's Markdown (front-matter removed) as the HTML MkDocs would put in the page.

    Front-matter MkDocs cannot read stays in the text, and shows up as a stray <hr>.
    """
    return _markdown().reset().convert(get_data(page)[0])


# --- `mkdocs serve` in a child process -----------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def mkdocs_serve(root: Path) -> Iterator[str]:
    """`mkdocs serve` of `root` on a free port; yields its address once it answers."""
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "-q", "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


