"""What a reader downloads for one Pagefind query: headless Chromium asks a loopback server that logs each file."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import shutil
import subprocess
import threading
from functools import partial
from pathlib import Path
from typing import Any

PROBE = "_probe.html"
PAGE = """<!doctype html><html lang="en"><body><img src="/_wait" alt=""><script type="module">
const pagefind = await import("/pagefind/pagefind.js");
await pagefind.init();
const search = await pagefind.search(%(query)s);
const shown = await Promise.all(search.results.slice(0, 5).map(r => r.data()));
await fetch("/_mark_query_done");
const filters = await pagefind.filters();
const narrowed = await pagefind.search(%(query)s, {filters: {year: %(year)s}});
await fetch("/_done", {method: "POST", body: JSON.stringify({
  results: search.results.length, titles: shown.map(d => d.meta.title),
  filters: Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, Object.keys(v).length])),
  year_results: narrowed.results.length})});
</script></body></html>
"""


class _Logged(http.server.SimpleHTTPRequestHandler):
    """Serves the site, records (path, bytes) of every file sent, and holds the page's load until it reports."""

    log: list[tuple[str, int]]
    report: dict[str, Any]
    done: threading.Event

    def do_GET(self) -> None:
        if self.path == "/_wait":  # an <img> that keeps `--dump-dom` from returning before the page reports
            self.done.wait(90)
            self._empty()
        elif self.path == "/_mark_query_done":  # the query and its first results are shown
            self.log.append((self.path, 0))
            self._empty()
        else:
            super().do_GET()

    def do_POST(self) -> None:
        self.report.update(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self._empty()
        self.done.set()

    def _empty(self) -> None:
        self.send_response(204)
        self.end_headers()

    def copyfile(self, source: Any, outputfile: Any) -> None:
        data = source.read()
        self.log.append((self.path, len(data)))
        outputfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def handle(self) -> None:
        with contextlib.suppress(BrokenPipeError):  # the browser dropped a request it no longer needed
            super().handle()


def find_chromium() -> str | None:
    """$BRIEFING_CHROMIUM (the Makefile sets it), Debian's Chromium, or another Chrome on PATH."""
    named = os.environ.get("BRIEFING_CHROMIUM")
    if named and Path(named).is_file():
        return named
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def probe(site_dir: Path, query: str, year: str) -> dict[str, Any]:
    """Run one query (and then the filter list) in headless Chromium; sizes are bytes on the wire (no HTTP gzip)."""
    browser = find_chromium()
    if browser is None:
        return {"error": "no chromium on this machine"}
    (site_dir / PROBE).write_text(PAGE % {"query": json.dumps(query), "year": json.dumps(year)}, encoding="utf-8")
    log: list[tuple[str, int]] = []
    report: dict[str, Any] = {}
    handler = type("Handler", (_Logged,), {"log": log, "report": report, "done": threading.Event()})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/{PROBE}"
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", url],
                       capture_output=True, text=True, timeout=120, check=False)
    finally:
        server.shutdown()
        (site_dir / PROBE).unlink()
    return {**_summary(log), **(report or {"error": "the page did not report"})}


def _summary(log: list[tuple[str, int]]) -> dict[str, Any]:
    mark = next((i for i, (path, _) in enumerate(log) if path == "/_mark_query_done"), len(log))
    query = [(p, n) for p, n in log[:mark] if p.startswith("/pagefind/")]
    every = [(p, n) for p, n in log if p.startswith("/pagefind/")]
    return {"query_files": len(query), "query_bytes": sum(n for _, n in query),
            "with_filters_files": len(every), "with_filters_bytes": sum(n for _, n in every), "files": query}
