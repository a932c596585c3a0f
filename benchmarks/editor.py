"""What an editor waits for: save a file under `make serve` (mkdocs serve --dirty), time until the server serves it.

    .venv/bin/python benchmarks/editor.py SITE_DIR [--saves 10]        (prints JSON)

Starts the real `mkdocs serve --dirty` on a free loopback port in SITE_DIR, waits for the first page, then
saves an article `--saves` times with a new sentence in its body and times each save until the article's page
serves it; then as often with a new title, until every page that shows the title (the article, its
briefings, its archive month) serves it. The machine's load average is sampled around each series. The
article is restored at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.slugs import slugify  # noqa: E402

POLL = 0.02  # seconds between requests while waiting for a save to be served


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        text: str = response.read().decode("utf-8")
        return text


def wait_until(urls: list[str], ok: Callable[[str], bool], timeout: float) -> float:
    """Seconds until every URL serves a page for which `ok` holds (each checked until it does)."""
    start, pending = time.perf_counter(), list(urls)
    while pending:
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"not served within {timeout} s: {pending}")
        with suppress(OSError):
            if ok(fetch(pending[0])):
                pending.pop(0)
                continue
        time.sleep(POLL)
    return time.perf_counter() - start


def pick_article(base: str) -> dict[str, Any]:
    """An article from the middle of the served data file, with the URL paths of the pages that show it."""
    articles = json.loads(fetch(base + "data/articles.json"))["articles"]
    article: dict[str, Any] = articles[len(articles) // 3]
    path = "/".join(article["url"].split("/")[3:])  # site_url/articles/YYYY/MM/slug/ → articles/YYYY/MM/slug/
    shown = [path, f"archive/{article['date'][:4]}/{article['date'][5:7]}/"]
    for kind, key in (("regions", "regions"), ("actors", "actors"), ("topics", "topics")):
        shown += [f"{kind}/{slugify(name)}/" for name in article[key]]
    article["pages"] = shown
    return article


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc): the server's work, whatever the load."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def series(source: Path, saves: int, edit: Callable[[str, int], tuple[str, str]], urls: list[str],
           timeout: float, server: int) -> dict[str, Any]:
    """`saves` saves of `source`, each timed until every URL serves the edit's marker (wall, server CPU)."""
    original = source.read_text("utf-8")
    times, cpus, loads = [], [], [os.getloadavg()[0]]
    try:
        for n in range(saves):
            text, marker = edit(original, n)
            time.sleep(0.3)  # the previous rebuild's own settling, outside the timed span
            cpu, start = cpu_seconds(server), time.perf_counter()
            source.write_text(text, "utf-8")
            times.append(time.perf_counter() - start + wait_until(urls, shows(marker), timeout))
            cpus.append(cpu_seconds(server) - cpu)
            loads.append(os.getloadavg()[0])
    finally:
        source.write_text(original, "utf-8")
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "saves": len(times),
            "pages": len(urls), "load": statistics.median(loads), "times": times,
            "cpu_median": statistics.median(cpus), "cpus": cpus}


def shows(marker: str) -> Callable[[str], bool]:
    """A check that a served page holds `marker`."""
    return lambda page: marker in page


def body_edit(original: str, n: int) -> tuple[str, str]:
    marker = f"Benchmark sentence number {n} was saved."
    head, sep, body = original.partition("\n---\n")
    return f"{head}{sep}{marker}\n\n{body}", marker


def title_edit(original: str, n: int) -> tuple[str, str]:
    marker = f"Retitled {n}"
    return original.replace('title: "', f'title: "{marker} ', 1), marker


def run(site: Path, saves: int, timeout: float) -> dict[str, Any]:
    """Start the server, time its first build, then the body and title series."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = (site / "serve.log").open("w")
    start = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=site, stdout=log, stderr=subprocess.STDOUT,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        first = wait_until([base + "data/articles.json"], lambda page: '"articles"' in page, timeout=3600)
        first_wall = time.perf_counter() - start
        article = pick_article(base)
        source = site / article["source_path"]
        body = series(source, saves, body_edit, [base + article["pages"][0]], timeout, server.pid)
        title = series(source, saves, title_edit, [base + p for p in article["pages"]], timeout, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
    lines = [line for line in (site / "serve.log").read_text().splitlines() if "re-rendered" in line]
    return {"first_build": first_wall, "first_poll": first, "body": body, "title": title,
            "rebuild_lines": lines[-3:], "cpus": os.cpu_count()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    print(json.dumps(run(args.site.resolve(), args.saves, args.timeout)))


if __name__ == "__main__":
    main()
