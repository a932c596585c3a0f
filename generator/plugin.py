"""The MkDocs plugin: run the core on every build and serve its pages as virtual files."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config.base import ConfigErrors, ConfigWarnings
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import pages
from .cache import SiteCache
from .config import BriefingConfig, ConfigError, settings_from, strict_options
from .files import read_sources
from .memo import Memo
from .model import Settings
from .render import chart_slot, chart_svg
from .search import PagefindError, article_filters, is_excluded, mark_content, run_pagefind, search_page
from .urls import CSS_URI, SEARCH_SRC

log: logging.LoggerAdapter[logging.Logger] = get_plugin_logger(__name__)
THEME = Path(__file__).with_name("theme")
#: Templates that take precedence over Material's: common/ is read by Zensical too (`generate --for zensical`).
THEME_DIRS = (str(THEME / "material"), str(THEME / "common"))


class BriefingPlugin(BasePlugin[BriefingConfig]):  # type: ignore[no-untyped-call]
    """Thin: it loads, calls the core, logs diagnostics and adds generated files."""

    def __init__(self) -> None:
        self.serving = False
        self.cache = SiteCache(defer_charts=True)  # kept across rebuilds of one `mkdocs serve`
        self.root = Path(".")
        self.settings = Settings()
        self.filters: dict[str, dict[str, tuple[str, ...]]] = {}  # article page → its Pagefind filters
        self.models: Mapping[str, pages.Page] = {}  # page models of the last build, for their charts
        self.charts: Memo[str] = Memo()  # chart model → SVG, kept across rebuilds of one `mkdocs serve`

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None
                    ) -> tuple[ConfigErrors, ConfigWarnings]:
        """MkDocs checks the options against BriefingConfig; unknown ones are errors here too, as in the CLI."""
        return strict_options(*super().load_config(options, config_file_path), config_file_path)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        try:
            self.settings = settings_from(self.config, root=self.root, docs_dir=config.docs_dir,
                                          site_url=config.site_url, site_name=config.site_name,
                                          include_drafts=self.serving)
        except ConfigError as exc:
            raise PluginError(f"briefing: {exc}") from None
        config.extra_css.append(CSS_URI)
        for theme_dir in reversed(THEME_DIRS):  # home title and feed links; a named search dialog
            if theme_dir not in config.theme.dirs:
                config.theme.dirs.insert(0, theme_dir)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # Only `serve` rebuilds; a build that kept the caches would hold the whole corpus to its end.
        cache = self.cache if self.serving else SiteCache(defer_charts=True)
        result = cache.build_site(read_sources(self.root, self.settings), self.settings)
        self.models = result.plan  # charts are filled in on_post_page, after Material's search parsed the page
        self.charts.begin()
        for diagnostic in result.diagnostics:
            if diagnostic.severity == "warning":
                log.warning(str(diagnostic))
        if result.errors:
            raise PluginError("content has errors:\n" + "\n".join(map(str, result.errors)))
        for src in result.consumed:
            existing = files.get_file_from_path(src)
            if existing is not None:
                files.remove(existing)
        for src, content in result.pages.items():
            files.append(File.generated(config, src, content=content))
        css = resources.files("generator").joinpath("assets/briefing.css").read_text("utf-8")
        files.append(File.generated(config, CSS_URI, content=css))
        if self.config.search == "pagefind":
            self.filters = article_filters(result.corpus.articles)
            if files.get_file_from_path(SEARCH_SRC) is None:  # the editors' own search page wins
                root = "../" if config.use_directory_urls else ""
                files.append(File.generated(config, SEARCH_SRC, content=search_page(root)))
        return files

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Pagefind: mark what to index (before Material's search strips its `data-search-*` marks)."""
        if self.config.search != "pagefind":
            return html
        filters = self.filters.get(page.file.src_uri, {})
        return mark_content(html, indexed=not is_excluded(page.meta), filters=filters)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Pagefind: index the built site into site_dir/pagefind/."""
        if self.config.search == "pagefind":
            try:
                log.info(run_pagefind(Path(config.site_dir)))
            except PagefindError as exc:
                raise PluginError(str(exc)) from None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """The page's activity chart (feed autodiscovery is theme/common/main.html's, for both builders)."""
        model = self.models.get(page.file.src_uri)
        if isinstance(model, pages.BriefingPage) and (chart := model.chart) is not None:
            output = output.replace(chart_slot(chart), self.charts.get(chart, lambda: chart_svg(chart)), 1)
        return output

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self.root / self.settings.content_dir))
        return server
