"""The MkDocs plugin: run the core on every build and serve its pages as virtual files."""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Mapping
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.base import ConfigErrors, ConfigWarnings
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from watchdog.events import FileSystemEvent, FileSystemEventHandler

from . import pages
from .cache import SiteCache
from .config import BriefingConfig, ConfigError, settings_from, strict_options
from .csp import add_policy
from .fastlists import fill, prerender, resolver
from .files import link_problems, read_sources
from .html_guard import check_html, locate, page_sources
from .index import published
from .memo import Memo
from .model import Diagnostic, Settings
from .preview import Preview, search_plugin, watch_with_inotify, with_errors
from .redirects import docs_clashes
from .render import chart_slot, chart_svg
from .schedule import schedule_notes
from .search import (
    SEARCH_JS,
    PagefindError,
    article_filters,
    is_excluded,
    mark_content,
    run_pagefind,
    search_page,
    search_script,
)
from .share import facts_of, head_tags, latest_articles
from .site import SiteResult
from .tree import tree_problems
from .urls import CSS_URI, SEARCH_SRC

log: logging.LoggerAdapter[logging.Logger] = get_plugin_logger(__name__)
LATEST_ON_404 = 10
GZIP_DATES = ("1970-01-01", "2106-02-06")
#: What `serve` shows instead of a page holding HTML the allowlist refuses.
WITHHELD = ('<div class="admonition failure"><p class="admonition-title">Not shown: this page holds HTML that '
            'is not allowed</p><pre>{lines}</pre></div>')
THEME = Path(__file__).with_name("theme")
#: Templates that take precedence over Material's: common/ is read by Zensical too (`generate --for zensical`).
THEME_DIRS = (str(THEME / "material"), str(THEME / "common"))


class BriefingPlugin(BasePlugin[BriefingConfig]):  # type: ignore[no-untyped-call]
    """Thin: it loads, calls the core, logs diagnostics and adds generated files."""

    fast_lists = True  # generated entry lists skip Python-Markdown (same HTML); tests compare with it off

    def __init__(self) -> None:
        self.serving = False
        self.cache = SiteCache(defer_charts=True)  # kept across rebuilds of one `mkdocs serve`
        self.root = Path(".")
        self.settings = Settings()
        self.filters: dict[str, dict[str, tuple[str, ...]]] = {}  # article page → its Pagefind filters
        self.models: Mapping[str, pages.Page] = {}  # page models of the last build, for their charts
        self.charts: Memo[str] = Memo()  # chart model → SVG, kept across rebuilds of one `mkdocs serve`
        self.preview: Preview | None = None  # `mkdocs serve`: incremental builds, errors in the browser
        self.good: SiteResult | None = None  # `mkdocs serve`: the last build without content errors
        self.files: Files | None = None
        self.generated_pages: frozenset[str] = frozenset()
        self.lists: dict[str, tuple[str, dict[str, str]]] = {}  # page → (its Markdown, slot → list HTML)
        self.sources: dict[str, bytes] = {}  # this build's source files, to find a violation's line
        self.page_sources: dict[str, str] = {}  # page → the file its contributed HTML comes from
        self.trusted: set[str] = set()
        self.unsafe: list[Diagnostic] = []  # rendered HTML outside the allowlist, raised before pages are written
        # `serve`: page → what the allowlist refused in it, kept until the page is rendered clean (the preview
        # re-renders only changed pages, so a refusal must outlive the build that found it)
        self.withheld: dict[str, tuple[Diagnostic, ...]] = {}
        self.guarded: set[str] = set()  # pages held to the allowlist in this build
        self.nonce = secrets.token_urlsafe(16)  # lets `serve`'s live-reload script past the CSP
        self.latest: list[tuple[str, str, str, str]] = []  # for the 404 page: (title, URL, ISO date, date)
        self.newest = "1970-01-01"  # the newest article's date: the sitemap date of pages that give none

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        if self.serving:
            self.preview = Preview(dirty=dirty)
            self.preview.install_logging()

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None
                    ) -> tuple[ConfigErrors, ConfigWarnings]:
        """MkDocs checks the options against BriefingConfig; unknown ones are errors here too, as in the CLI."""
        return strict_options(*super().load_config(options, config_file_path), config_file_path)

    @event_priority(100)  # the preview's template cache must be in place before other plugins use the theme
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.preview:
            self.preview.start(config.theme)
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        try:
            self.settings = settings_from(self.config, root=self.root, docs_dir=config.docs_dir,
                                          site_url=config.site_url, site_name=config.site_name,
                                          include_drafts=self.serving)
        except ConfigError as exc:
            raise PluginError(f"briefing: {exc}") from None
        # Before MkDocs walks the docs folder itself: it follows links (a loop ends in a traceback), recurses
        # (1,100 nested folders raise RecursionError) and publishes whatever it finds.
        unsafe = [d for d in tree_problems(self.root, self.settings) + link_problems(self.root, self.settings)
                  if d.severity == "error"]
        if unsafe:
            raise PluginError("the content or docs folder holds what cannot be published:\n"
                              + "\n".join(map(str, sorted(set(unsafe)))))
        config.extra_css.append(CSS_URI)
        for theme_dir in reversed(THEME_DIRS):  # home title and feed links; a named search dialog
            if theme_dir not in config.theme.dirs:
                config.theme.dirs.insert(0, theme_dir)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # Only `serve` rebuilds; a build that kept the caches would hold the whole corpus to its end.
        cache = self.cache if self.serving else SiteCache(defer_charts=True)
        sources = read_sources(self.root, self.settings)
        result = cache.build_site(sources, self.settings)
        self.models = result.plan  # charts are filled in on_post_page, after Material's search parsed the page
        self.charts.begin()
        for diagnostic in result.diagnostics:
            if diagnostic.severity == "warning":
                log.warning(str(diagnostic))
        for note in schedule_notes(result.corpus.articles, self.settings.build_date):
            log.info(str(note))  # not a warning: holding an article back is what its author asked for
        docs = [f.src_uri for f in files if f.src_uri not in result.consumed]  # no generated page is in yet
        errors = sorted({*_with_notes(result), *docs_clashes(result.plan.values(), docs)})
        if errors and self.preview is None:
            raise PluginError("content has errors:\n" + "\n".join(map(str, errors)))
        if self.preview is not None:  # serve: errors go to the browser, over the last good pages
            result = self.serve_result(result, errors)
            self.models = result.plan
        self.sources, self.unsafe, self.guarded = dict(sources.files), [], set()
        self.page_sources = page_sources(result.corpus, self.settings.docs_dir)
        self.trusted = set(self.settings.trusted_pages)
        for src in result.consumed:
            existing = files.get_file_from_path(src)
            if existing is not None:
                files.remove(existing)
        self.generated_pages = frozenset(result.pages)
        for src, content in result.pages.items():
            files.append(self.generated(config, src, content))
        self.latest = latest_articles(published(result.corpus, self.settings), LATEST_ON_404)
        self.newest = self.latest[0][2] if self.latest else self.newest
        css = resources.files("generator").joinpath("assets/briefing.css").read_text("utf-8")
        files.append(File.generated(config, CSS_URI, content=css))
        if self.config.search == "pagefind":
            self.filters = article_filters(result.corpus.articles)
            if files.get_file_from_path(SEARCH_SRC) is None:  # the editors' own search page wins
                root = "../" if config.use_directory_urls else ""
                files.append(File.generated(config, SEARCH_SRC, content=search_page(root)))
                self.trusted.add(SEARCH_SRC)  # ours: it loads Pagefind's script
            files.append(File.generated(config, SEARCH_JS, content=search_script()))
        if self.preview is not None:
            self.preview.plan(files, config)
        self.files = files
        return files

    def generated(self, config: MkDocsConfig, src: str, content: str) -> File:
        """A generated page: not in the nav by intent; under `serve`, modified only when its output changes."""
        if self.preview is not None:  # the chart is not in the text: it goes into the output after Markdown
            model = self.models.get(src)
            chart = model.chart if isinstance(model, pages.BriefingPage) else None
            return self.preview.file(config, src, content, chart)
        return File.generated(config, src, content=content, inclusion=InclusionLevel.NOT_IN_NAV)

    def serve_result(self, result: SiteResult, errors: list[Diagnostic]) -> SiteResult:
        """`serve`: log the errors and keep showing the last good pages until they are fixed."""
        assert self.preview is not None
        self.preview.errors = tuple(errors)
        for error in errors:
            log.error(str(error))
        if not errors:
            self.good = result
        elif self.good is not None:
            return self.good
        return result

    @event_priority(-100)  # after Material's search indexed the page
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        if self.preview is not None:
            self.preview.rendered_page(page, search_plugin(config))
        return context

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Date the page from its content (sitemap <lastmod>, sitemap.xml.gz): MkDocs would stamp the build date;
        generated entry lists become slots that `on_page_content` fills with their HTML (fastlists)."""
        modified = facts_of(page.meta).get("modified") or page.meta.get("updated")
        page.update_date = self.date_of(modified)
        if self.preview is not None:
            self.preview.dated(page, modified)
        src = page.file.src_uri
        if not self.fast_lists or src not in self.generated_pages:
            return markdown

        def url_of(target: str) -> str | None:
            file = files.get_file_from_path(target)
            if file is None or file.inclusion.value <= InclusionLevel.DRAFT.value:  # excluded: left to MkDocs
                return None
            url: str = file.url_relative_to(page.file)
            return url

        fast, lists = prerender(src, markdown, resolver(src, url_of))
        if lists:
            self.lists[src] = (markdown, lists)
        return fast

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Fill the fast lists' slots; hold the rendered HTML to the allowlist; Pagefind: mark what to index
        (before Material's search strips its `data-search-*` marks)."""
        if held := self.lists.pop(page.file.src_uri, None):
            filled = fill(html, held[1])
            if filled is None:  # a slot did not come out of Markdown as itself: let Markdown do it all
                page.markdown = held[0]
                page.render(config, files)
                filled = page.content or ""
            html = filled
        self.guard(html, page.file.src_uri)
        if self.config.search != "pagefind":
            return html
        filters = self.filters.get(page.file.src_uri, {})
        return mark_content(html, indexed=not is_excluded(page.meta), filters=filters)

    def guard(self, html: str, src: str) -> None:
        """Record what the allowlist refuses in one page, at the source file and line it comes from."""
        if src in self.trusted:
            return
        self.guarded.add(src)
        path = self.page_sources.get(src, f"{self.settings.docs_dir}/{src}")
        text = self.sources.get(path)
        if text is None and (self.root / path).is_file():  # an editors' page: not among the sources
            text = (self.root / path).read_bytes()
        shown = None if text is None else text.decode("utf-8", "replace")
        found = tuple(locate(v, path, shown) for v in check_html(html))
        self.unsafe.extend(found)
        if self.preview is not None:
            self.withheld[src] = found

    def withhold(self, files: Files) -> None:
        """`serve`: a page holding HTML the allowlist refuses is served as a notice, never as written, and its
        problems join the error banner on every page (raising here would stall the server: MkDocs keeps
        serving the old pages with no word in the browser)."""
        assert self.preview is not None
        self.withheld = {src: found for src, found in self.withheld.items()
                         if found and files.get_file_from_path(src) is not None}
        for src, found in self.withheld.items():
            file = files.get_file_from_path(src)
            if file is not None and file.page is not None and src in self.guarded:  # rendered in this build
                file.page.content = WITHHELD.format(lines=escape("\n".join(map(str, found))))
        for found in self.withheld.values():
            for problem in found:
                log.error(str(problem))
        self.preview.errors = (*self.preview.errors, *sorted({d for f in self.withheld.values() for d in f}))

    def date_of(self, modified: Any) -> str:
        """A page's sitemap date: its own, else the newest article's."""
        day = str(modified) if modified else self.newest
        # MkDocs writes the newest one as sitemap.xml.gz's 32-bit gzip time stamp: 1970-2106 only.
        return min(max(day, GZIP_DATES[0]), GZIP_DATES[1])

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Stop if any page holds unsafe HTML (all are rendered by now, none written); then what the theme
        overrides call: the link-preview and news metadata of a page."""
        if self.preview is not None:
            self.preview.restore_dates(files, self.date_of)
        if self.preview is not None:
            self.withhold(files)
        elif self.unsafe:
            found = sorted(set(self.unsafe))
            raise PluginError("pages hold HTML that is not allowed:\n" + "\n".join(map(str, found)))
        site = {"site_name": config.site_name, "site_url": config.site_url or "",
                "site_description": config.site_description or ""}
        env.globals["briefing_head"] = lambda meta, **page: head_tags(meta, **site, **page)
        env.globals["briefing_latest"] = self.latest
        return env

    @event_priority(50)  # before Material's search writes its index: the preview completes it
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Serve: finish the incremental build; Pagefind: index the built site into site_dir/pagefind/."""
        if self.preview is not None and self.files is not None:
            log.info(self.preview.finish(self.files, config, search_plugin(config)))
        if self.config.search == "pagefind":
            try:
                log.info(run_pagefind(Path(config.site_dir)))
            except PagefindError as exc:
                raise PluginError(str(exc)) from None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """The CSP and the page's activity chart (feed links are theme/common/main.html's, for both builders)."""
        output = self.policy(output, page.content or "")
        model = self.models.get(page.file.src_uri)
        if isinstance(model, pages.BriefingPage) and (chart := model.chart) is not None:
            output = output.replace(chart_slot(chart), self.charts.get(chart, lambda: chart_svg(chart)), 1)
        return output

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """The CSP on pages made from templates alone (404.html)."""
        return self.policy(output_content, "") if template_name.endswith(".html") else output_content

    def policy(self, output: str, content: str) -> str:
        return add_policy(output, content, wasm=self.config.search == "pagefind",
                          nonce=self.nonce if self.serving else "")

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        watch_with_inotify(server, [config.docs_dir, config.config_file_path or ""])
        content = self.root / self.settings.content_dir
        server.watch(str(content))
        follow_replaced_folder(server, content)
        allow_live_reload(server, self.nonce)
        if self.preview is not None:
            preview = self.preview
            server.set_app(with_errors(server.serve_request, lambda: preview.errors))
        return server


def _with_notes(result: SiteResult) -> list[Diagnostic]:
    """The errors, sorted, with the notes that point at the other file of a conflict; none without errors."""
    if not result.errors:
        return []
    return sorted({*result.errors, *(d for d in result.diagnostics if d.severity == "note")})


def follow_replaced_folder(server: LiveReloadServer, folder: Path) -> None:
    """Keep watching `folder` when it is replaced (renamed away and back, checked out anew).

    The server's watch follows the folder it was given, so after a replacement no edit reloaded the site
    again. A watch on the parent sees the folder come and go and moves the folder's watch to the new one.
    """
    target = os.path.abspath(folder)
    watching = [True]

    def on_event(event: FileSystemEvent) -> None:
        touched = {os.fsdecode(event.src_path), os.fsdecode(getattr(event, "dest_path", "") or "")}
        if target not in touched:
            return
        if watching[0]:
            server.unwatch(target)
            watching[0] = False
        if os.path.isdir(target):
            server.watch(target)
            watching[0] = True
        rebuild = getattr(server, "_rebuild_cond", None)  # rebuild now: the folder's files changed at once
        if rebuild is not None:
            with rebuild:
                server._want_rebuild = True
                rebuild.notify_all()

    handler = FileSystemEventHandler()
    handler.on_any_event = on_event  # type: ignore[method-assign]
    server.observer.schedule(handler, os.path.dirname(target), recursive=False)


def allow_live_reload(server: LiveReloadServer, nonce: str) -> None:
    """Give the script `mkdocs serve` adds before `</body>` the nonce the pages' CSP allows.

    MkDocs writes it inline with a per-request id, so no hash can name it; only that one script gets the
    nonce, never one already in the page. If MkDocs changes how it adds the script, live reload stops
    (the page still shows) and a warning says why.
    """
    inject = getattr(server, "_inject_js_into_html", None)
    if inject is None:
        log.warning("live reload is blocked by the pages' Content-Security-Policy: this MkDocs adds its "
                    "script in a way briefing does not know; reload the page by hand")
        return

    def with_nonce(content: bytes, epoch: int) -> bytes:
        out: bytes = inject(content, epoch)
        end = content.rfind(b"</body>")
        at = len(content) if end < 0 else end  # MkDocs inserts its script exactly here
        return out[:at] + out[at:].replace(b"<script>", f'<script nonce="{nonce}">'.encode(), 1)

    server._inject_js_into_html = with_nonce  # type: ignore[method-assign]
