"""Incremental preview for `mkdocs serve --dirty`: a save re-renders only the pages whose text changed.

MkDocs' dirty mode skips a page whose `File.is_modified()` is false, but treats every in-memory file as
modified. Here a generated page is modified only when its Markdown (or its deferred chart) differs from the
last build's; the page model is the memo key, so an unchanged model gives the identical text. What dirty mode
gets wrong on its own is fixed here: outputs of removed files are deleted, hand-written pages are re-rendered
when the set of files changes (their links may resolve differently), a changed mkdocs.yml rebuilds all, and
Material's search index is put together from every page's entries in a full build's order.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme
from mkdocs.utils import clean_directory

from .model import Diagnostic

Entry = dict[str, Any]  # one Material search index entry
#: MkDocs' own lines on every `serve` rebuild; the preview prints one line of its own instead.
CHATTER = ("Building documentation...", "Documentation built in", "Detected file changes", "Reloading browsers",
           "A 'dirty' build is being performed")
CHATTY_LOGGERS = ("mkdocs.commands.serve", "mkdocs.commands.build", "mkdocs.livereload")


class PreviewFile(File):
    """A generated page that is modified only when the preview says so (MkDocs: always)."""

    modified: bool = True
    key: Hashable = None  # what the page's output depends on besides the site: its text and chart

    def is_modified(self) -> bool:
        return self.modified


class QuietFilter(logging.Filter):
    """Drops MkDocs' per-rebuild chatter; warnings and errors always pass."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.WARNING or not str(record.msg).startswith(CHATTER)


class WarningCounter(logging.Handler):
    """Counts the warnings and errors MkDocs and the plugins log during one build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class MemoryBytecodeCache(BytecodeCache):
    """Compiled theme templates kept across rebuilds, checked against each template's source."""

    def __init__(self) -> None:
        self.codes: dict[str, tuple[str, Any]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        hit = self.codes.get(bucket.key)
        if hit is not None and hit[0] == bucket.checksum:  # the checksum is the template source's
            bucket.code = hit[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.codes[bucket.key] = (bucket.checksum, bucket.code)


class Preview:
    """What one `mkdocs serve` keeps between builds to re-render only what changed."""

    def __init__(self, *, dirty: bool) -> None:
        self.dirty = dirty
        self.keys: dict[str, Hashable] = {}  # generated page → key of its last written output
        self.docs: frozenset[str] = frozenset()  # documentation pages of the last build
        self.outputs: set[str] = set()  # absolute paths the last build wrote from its files
        self.entries: dict[str, list[Entry]] = {}  # page → its Material search entries, last rendered
        self.fingerprint = ""
        self.dates: dict[str, Any] = {}  # page → the date its content gave it when last read (None: none)
        self._dated: set[str] = set()
        self.errors: tuple[Diagnostic, ...] = ()  # the content errors standing now, shown in the browser
        self.rendered = 0
        self.started = 0.0
        self._mark = 0
        self.warnings = WarningCounter()
        self.bytecode = MemoryBytecodeCache()

    def install_logging(self) -> None:
        """Quiet MkDocs' per-rebuild lines and count warnings (call once, when serving)."""
        for name in CHATTY_LOGGERS:
            logging.getLogger(name).addFilter(QuietFilter())
        logging.getLogger("mkdocs").addHandler(self.warnings)

    def start(self, theme: Theme) -> None:
        """A build begins (before other plugins' `on_config`: Material's search compiles templates there)."""
        self.started, self.rendered, self._mark, self.warnings.count = time.monotonic(), 0, 0, 0
        self._dated = set()
        make_env, bytecode = theme.get_env, self.bytecode

        def get_env() -> Environment:  # MkDocs makes a new Jinja environment for each build and each caller
            env = make_env()
            env.bytecode_cache = bytecode
            return env

        theme.get_env = get_env  # type: ignore[method-assign]

    def file(self, config: MkDocsConfig, src: str, content: str, extra: Hashable = None) -> File:
        """A generated page, not in the nav by intent (MkDocs lists pages missing from the nav otherwise)."""
        file = PreviewFile.generated(config, src, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        assert isinstance(file, PreviewFile)
        file.key = (content, extra)
        return file

    def plan(self, files: Files, config: MkDocsConfig) -> None:
        """Decide which pages this build renders (call after every file is in `files`)."""
        fingerprint = config_fingerprint(config)
        full = not self.dirty or fingerprint != self.fingerprint
        if full and self.fingerprint:  # mkdocs.yml changed: nothing built before holds
            clean_directory(config.site_dir)
        self.fingerprint = fingerprint
        docs = frozenset(f.src_uri for f in files.documentation_pages())
        moved = {Path(src).name for src in docs ^ self.docs} if self.docs else set()
        self.docs = docs
        keys: dict[str, Hashable] = {}
        for file in files:
            if isinstance(file, PreviewFile):  # pages, feeds and data files alike
                keys[file.src_uri] = file.key
                file.modified = full or self.keys.get(file.src_uri) != file.key or mentions(file.key, moved)
            elif moved and file.is_documentation_page() and os.path.isfile(file.abs_dest_path):
                os.unlink(file.abs_dest_path)  # MkDocs compares mtimes; a missing output means "render it"
        self.keys = keys

    def dated(self, page: Page, modified: Any) -> None:
        """A page read this build gave its own date, or None (the plugin dates pages for the sitemap)."""
        self.dates[page.file.src_uri] = modified
        self._dated.add(page.file.src_uri)

    def restore_dates(self, files: Files, date_of: Callable[[Any], str]) -> None:
        """Pages not read this build are dated from what their last reading gave (MkDocs: the build date)."""
        for file in files.documentation_pages():
            if file.page is not None and file.src_uri not in self._dated and file.src_uri in self.dates:
                file.page.update_date = date_of(self.dates[file.src_uri])

    def rendered_page(self, page: Page, search: Any) -> None:
        """A page was rendered: count it and keep the search entries Material's plugin just made for it."""
        self.rendered += 1
        if search is not None:
            entries: list[Entry] = search.search_index.entries
            self.entries[page.file.src_uri] = entries[self._mark:]
            self._mark = len(entries)

    def finish(self, files: Files, config: MkDocsConfig, search: Any) -> str:
        """Before Material's search writes its index: the full index, stale outputs gone; the log line."""
        pages = [f.src_uri for f in files.documentation_pages(inclusion=InclusionLevel.is_in_serve)]
        self.entries = {src: self.entries[src] for src in pages if src in self.entries}
        if search is not None:
            search.search_index.entries = [e for src in pages for e in self.entries.get(src, ())]
            search.search_index_prev = None  # its own dirty merge assumes one page changed
        outputs = {f.abs_dest_path for f in files if f.inclusion.value >= InclusionLevel.DRAFT.value}  # in `serve`
        remove_outputs(self.outputs - outputs, config.site_dir)
        self.outputs = outputs
        return self.summary(len(pages))

    def summary(self, pages: int) -> str:
        """One line per build: how long, how many pages re-rendered, how many warnings."""
        seconds = time.monotonic() - self.started
        warnings = self.warnings.count
        plural = "" if warnings == 1 else "s"
        errors = f", content errors in {len({d.path for d in self.errors})} file(s): last good pages shown" \
            if self.errors else ""
        return f"built in {seconds:.2f} s: {self.rendered} of {pages} pages re-rendered, {warnings} warning{plural}" \
            + errors


def config_fingerprint(config: MkDocsConfig) -> str:
    """What every page's HTML depends on besides its own text: mkdocs.yml and the theme's folders."""
    digest = hashlib.blake2b(digest_size=16)
    if config.config_file_path and os.path.isfile(config.config_file_path):
        digest.update(Path(config.config_file_path).read_bytes())
    digest.update(repr(config.theme.dirs).encode())
    return digest.hexdigest()


def mentions(key: Hashable, names: set[str]) -> bool:
    """Whether a page's text names a file that came or went: a link in it now resolves differently."""
    if not names or not isinstance(key, tuple):
        return False
    text = key[0]
    return isinstance(text, str) and any(name in text for name in names)


def remove_outputs(paths: Iterable[str], site_dir: str) -> None:
    """Delete outputs of files that are gone, and folders left empty (a full build would not have them)."""
    root = os.path.abspath(site_dir)
    for path in sorted(paths):
        if os.path.isfile(path):
            os.unlink(path)
        folder = os.path.dirname(path)
        while folder.startswith(root + os.sep) and os.path.isdir(folder) and not os.listdir(folder):
            os.rmdir(folder)
            folder = os.path.dirname(folder)


def search_plugin(config: MkDocsConfig) -> Any:
    """Material's search plugin when it indexes this build, else None."""
    plugin = config.plugins.get("material/search")
    return plugin if plugin is not None and plugin.config.enabled else None


# --- errors in the browser ------------------------------------------------------------------------------

StartResponse = Callable[..., Any]
App = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

OVERLAY_STYLE = ("position:fixed;inset:0 0 auto 0;z-index:10000;max-height:70vh;overflow:auto;margin:0;"
                 "padding:1em 1.5em;background:#fff4f4;color:#5c0000;border-bottom:4px solid #c00;"
                 "font:14px/1.5 monospace;box-shadow:0 2px 12px rgba(0,0,0,.3)")


def error_overlay(errors: Iterable[Diagnostic]) -> bytes:
    """A banner over the page listing the errors; clicking its title folds it to show the last good build."""
    from html import escape

    lines = "\n".join(escape(str(d)) for d in errors)
    return (f'<details open id="briefing-errors" role="alert" style="{OVERLAY_STYLE}">'
            '<summary style="cursor:pointer;font-weight:bold">The content has errors; this is the last good build'
            ' (click to fold). Saving a fix reloads the page.</summary>'
            f'<pre style="white-space:pre-wrap;margin:.5em 0 0">{lines}</pre></details>').encode()


def with_errors(app: App, errors: Callable[[], tuple[Diagnostic, ...]]) -> App:
    """Wrap the serve app so every HTML page carries the error overlay while content errors stand."""

    def serve(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        standing = errors()
        if not standing:
            return app(environ, start_response)
        held: list[Any] = []
        body = b"".join(app(environ, lambda status, headers, *rest: held.extend((status, headers))))
        status, headers = held
        if any(k.lower() == "content-type" and v.startswith("text/html") for k, v in headers):
            body = inject_after_body(body, error_overlay(standing))
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
            headers.append(("Content-Length", str(len(body))))
        start_response(status, headers)
        return [body]

    return serve


def inject_after_body(page: bytes, overlay: bytes) -> bytes:
    """The overlay right after `<body ...>` (or first, when the page has no body tag)."""
    start = page.find(b"<body")
    end = page.find(b">", start) + 1 if start >= 0 else 0
    return page[:end] + overlay + page[end:]


def watch_with_inotify(server: Any, paths: Iterable[str]) -> None:
    """MkDocs polls the tree every 0.5 s; the OS's change events reach the rebuild at once."""
    from watchdog.observers import Observer

    paths = [p for p in paths if p]
    for path in paths:
        server.unwatch(path)
    server.observer = Observer()
    for path in paths:
        server.watch(path)

