"""Reproducible output: the same content gives byte-identical pages, feeds, data and HTML, whatever the
order files were created or listed in, PYTHONHASHSEED, the time zone, the locale or the build date (past
the newest article: before it, that article is held back, by design).

Each build runs in its own process with its own environment. MkDocs would stamp the build date into
sitemap.xml (<lastmod>) and sitemap.xml.gz; the plugin dates each page from its content instead, and one
build runs with another clock (SOURCE_DATE_EPOCH, which MkDocs reads as the build date) to prove it.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from adversarial.kit import REPO, article, core, make_repo, mkdocs_build

from generator.config import read_settings
from generator.files import read_sources
from generator.site import build_site

# Names whose order differs between code-point, case-folded and locale-aware sorting.
EXTRA = {
    "content/2022/2022-01-03-a.md": article(title="Ängelholm talks", date="2022-01-03", region=["Øresund"],
                                            actors=["Zoë Ångström", "zebra Corp", "Éclair Ltd"], topics=["Äpfel"]),
    "content/2022/2022-01-03-b.md": article(title="Same day, other slug", date="2022-01-03", region=["Skåne"],
                                            actors=["Zoe Angstrom", "ärzte", "Ärzte ohne Grenzen"], topics=["apfel"]),
    "content/2022/2022-02-01-c.md": article(title="Istanbul ıi İI", date="2022-02-01", region=["İstanbul"],
                                            actors=["Iğdır", "ığdır Council", "김정은", "Мария Захарова"]),
}


def repo_files() -> dict[str, bytes]:
    """The sample repository's sources plus EXTRA."""
    files: dict[str, bytes] = {}
    for folder in ("content", "briefings"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.is_file():
                files[path.relative_to(REPO).as_posix()] = path.read_bytes()
    files.update((k, v.encode()) for k, v in EXTRA.items())
    return files


def write_repo(root: Path, files: Mapping[str, bytes], order: list[str]) -> Path:
    """A repository whose files are created in `order`, each with its own modification time."""
    make_repo(root)
    (root / "briefings/index.md").unlink()
    for i, rel in enumerate(order):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[rel])
        os.utime(path, (1_600_000_000 + 7919 * i, 1_600_000_000 + 7919 * i))
    return root


def german_locale(tmp: Path) -> dict[str, str]:
    """LANG/LC_ALL for de_DE.UTF-8: installed, or compiled into `tmp` when localedef can; else plain C."""
    listing = subprocess.run(["locale", "-a"], capture_output=True, text=True) if shutil.which("locale") else None
    if listing and "de_de.utf8" in listing.stdout.lower().replace("-", "").split():
        return {"LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8"}
    if shutil.which("localedef") and Path("/usr/share/i18n/locales/de_DE").exists():
        done = subprocess.run(["localedef", "-i", "de_DE", "-f", "UTF-8", str(tmp / "de_DE.UTF-8")],
                              capture_output=True)
        if done.returncode == 0:
            return {"LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8", "LOCPATH": str(tmp)}
    return {"LANG": "C", "LC_ALL": "C"}


CORE_DIGEST = """
import hashlib, json, sys
from pathlib import Path
from urllib.parse import urlsplit
from generator.config import read_settings
from generator.files import read_sources
from generator.site import build_site
root = Path(sys.argv[1])
settings = read_settings(root / "mkdocs.yml")
result = build_site(read_sources(root, settings), settings)
assert not result.errors, result.errors
print(json.dumps([[path, hashlib.sha256(text.encode()).hexdigest()] for path, text in result.pages.items()]))
"""


SITEMAPS: list[str] = []  # each build's sitemap.xml, in the order of `builds`


def site_digest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[dict[str, str], list[list[str]], dict[str, str]]]:
    """Three repositories built in three environments: (environment, core page digests, site digests)."""
    tmp = tmp_path_factory.mktemp("reproducible")
    files = repo_files()
    order = sorted(files)
    shuffled = order[:]
    random.Random(7).shuffle(shuffled)
    environments = [
        ({"PYTHONHASHSEED": "0", "TZ": "UTC", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}, order),
        ({"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati", **german_locale(tmp)}, order[::-1]),
        # Another clock: 2100-01-01, not the others' today. It must not reach the sitemap; it is also the day
        # a build publishes up to (scheduled publication), so it lies after every article, as today does.
        ({"PYTHONHASHSEED": "random", "TZ": "America/St_Johns", "LANG": "POSIX", "SOURCE_DATE_EPOCH": "4102444800"},
         shuffled),
    ]
    out = []
    for n, (env, file_order) in enumerate(environments):
        root = write_repo(tmp / f"repo{n}", files, file_order)
        run = subprocess.run([sys.executable, "-c", CORE_DIGEST, str(root)], capture_output=True, text=True,
                             env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
                                  **env}, check=True)
        build = mkdocs_build(root, env=env)
        assert build.returncode == 0, build.stderr
        out.append((env, json.loads(run.stdout), site_digest(root / "site")))
        SITEMAPS.append((root / "site/sitemap.xml").read_text("utf-8"))
    return out


def test_core_pages_are_byte_identical_across_environments(
        builds: list[tuple[dict[str, str], list[list[str]], dict[str, str]]]) -> None:
    first = builds[0][1]
    assert len(first) > 100
    for env, pages, _ in builds[1:]:
        assert pages == first, env  # same paths, same order, same bytes


def test_built_site_is_byte_identical_sitemap_included(
        builds: list[tuple[dict[str, str], list[list[str]], dict[str, str]]]) -> None:
    first = builds[0][2]
    assert sum(p.endswith(".html") for p in first) > 100 and {"feed.xml", "sitemap.xml", "sitemap.xml.gz"} <= set(first)
    for env, _, site in builds[1:]:
        assert set(site) == set(first), env
        assert [p for p in site if site[p] != first[p]] == [], env


def test_sitemap_dates_pages_by_their_content(
        builds: list[tuple[dict[str, str], list[list[str]], dict[str, str]]]) -> None:
    """<lastmod> is an article's `updated` (or date), a briefing's newest article, never the build date."""
    assert builds[2][0]["SOURCE_DATE_EPOCH"] == "4102444800"
    sitemap = SITEMAPS[2]
    lastmod = {urlsplit(loc).path.lstrip("/"): day
               for loc, day in re.findall(r"<loc>([^<]*)</loc>\s*<lastmod>([^<]*)</lastmod>", sitemap)}
    assert len(lastmod) == sitemap.count("<loc>"), "every page has a <lastmod>"
    assert "2100-01-01" not in sitemap
    january = {page: day for page, day in lastmod.items() if "articles/2022/01/" in page}
    assert list(january.values()) == ["2022-01-03", "2022-01-03"], january  # EXTRA's two January articles
    newest = max(v for v in lastmod.values())
    # Pages without dates of their own take the newest article's date; an article's `updated` may be later.
    undated = [day for page, day in lastmod.items() if page.endswith(("/topics/", "/about/"))]
    assert len(undated) == 2 and undated[0] == undated[1] <= newest, undated


def test_german_locale_was_really_used_when_available(
        builds: list[tuple[dict[str, str], list[list[str]], dict[str, str]]]) -> None:
    env = builds[1][0]
    if env["LC_ALL"] == "C":
        pytest.skip("no de_DE locale on this machine and no localedef to make one")
    check = subprocess.run([sys.executable, "-c", "import locale; print(locale.setlocale(locale.LC_ALL, ''))"],
                           capture_output=True, text=True, env={**env, "PATH": os.environ.get("PATH", "")})
    assert check.stdout.strip() == "de_DE.UTF-8"


def test_source_order_in_the_mapping_does_not_matter(tmp_path: Path) -> None:
    """The core sorts everything itself: a mapping in any order gives the same pages in the same order."""
    root = write_repo(tmp_path, repo_files(), sorted(repo_files()))
    settings = read_settings(root / "mkdocs.yml")
    sources = read_sources(root, settings).files
    expected = list(build_site(sources, settings).pages.items())
    for seed in range(3):
        keys = list(sources)
        random.Random(seed).shuffle(keys)
        assert list(build_site({k: sources[k] for k in keys}, settings).pages.items()) == expected


def test_two_builds_in_one_process_are_identical(tmp_path: Path) -> None:
    root = write_repo(tmp_path, repo_files(), sorted(repo_files()))
    assert core(root).pages == core(root).pages
