"""Render: page models → page text (Markdown, Atom XML or JSON) through the Jinja templates.

A template sees its page model (`page`) and the URL, date and escaping helpers, nothing else;
the memo (`memo.py`, kept by `mkdocs serve`) returns the text of a page whose model is unchanged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from itertools import chain, islice
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, Template, select_autoescape
from markupsafe import Markup

from . import dates, urls
from .characters import xml_safe
from .chart import activity_svg
from .csp import policy
from .escape import finalize, html, json_text, md, meta_str, meta_text, yaml_str
from .kinds import ARTICLE_ORDER, STATUSES, Kind
from .memo import Memo
from .pages import (
    ArchiveMonthPage,
    ArchivePage,
    ArchiveYearPage,
    ArticleLink,
    ArticlePage,
    BriefingLink,
    BriefingPage,
    Chart,
    CorrectionsPage,
    DataEntry,
    DataPage,
    FeedEntry,
    FeedPage,
    FollowPage,
    HomePage,
    KindIndexPage,
    Page,
)
from .redirects import RedirectPage
from .share import page_facts, search_tags
from .urls import ref_from

TEMPLATES: dict[type, str] = {
    ArticlePage: "article.md", BriefingPage: "briefing.md", KindIndexPage: "kind_index.md",
    ArchivePage: "archive.md", ArchiveYearPage: "archive_year.md", ArchiveMonthPage: "archive_month.md",
    HomePage: "home.md", FeedPage: "feed.xml", FollowPage: "follow.md", CorrectionsPage: "corrections.md",
    RedirectPage: "redirect.html",
}
#: A redirect page runs no script at all; it is a static file, so the plugin's per-page policy never sees it.
REDIRECT_POLICY = policy([])
#: A sign beside each status word (the word is always there: never colour or a sign alone).
STATUS_SIGNS = dict(zip(STATUSES, ("↗", "→", "↘", "⏸", "✓"), strict=True))


@cache  # compiled templates are kept across builds; Jinja reloads a template whose file changed
def _environment(*, xml: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=select_autoescape(enabled_extensions=("xml", "html"), default=False) if xml else False,
        finalize=_xml_finalize if xml else finalize,
    )
    env.globals.update(dates=dates, Kind=Kind, md=md, html=html, yaml_str=yaml_str, meta_str=meta_str,
                       meta_text=meta_text, urls=urls, article_order=ARTICLE_ORDER, facts=page_facts,
                       search_tags=search_tags, time=_time, host=_host, archive_trail=archive_trail,
                       kind_trail=kind_trail, article_urls=article_urls, newest_urls=newest_urls,
                       STATUS_SIGNS=STATUS_SIGNS)
    return env


def _xml_finalize(value: object) -> object:
    """Nothing XML 1.0 forbids reaches a feed, whatever the checks let through."""
    if isinstance(value, Markup):
        return Markup(xml_safe(value))
    return xml_safe(value) if isinstance(value, str) else value


class Renderer:
    """Renders page models; one instance per build, with the memo of earlier builds."""

    def __init__(self, memo: Memo[str] | None = None, *, defer_charts: bool = False) -> None:
        self._md = _environment(xml=False)
        self._xml = _environment(xml=True)
        self._templates: dict[str, Template] = {}
        self.memo: Memo[str] = memo if memo is not None else Memo()
        #: The MkDocs plugin puts the activity charts into the built HTML itself: raw SVG in Markdown costs
        #: Python-Markdown and Material's search parser ~20% of a build, tag by tag, for nothing they use.
        self.defer_charts = defer_charts
        # Remembered text holds only for the same templates (they may be edited under `serve`).
        self.memo.begin((_templates_digest(self._md), defer_charts))

    def render_all(self, pages: Mapping[str, Page]) -> dict[str, str]:
        """Every page's text by docs path; a page whose model is unchanged comes from the memo."""
        return {src: self.memo.get(page, lambda page=page: self.render_page(page))  # type: ignore[misc]
                for src, page in pages.items()}

    def render_page(self, page: Page) -> str:
        """One page's text from its model."""
        if isinstance(page, DataPage):
            return self.data(page)
        extra: dict[str, Any] = {}
        if isinstance(page, BriefingPage):
            extra["chart"] = self.chart(page.chart)
        elif isinstance(page, FeedPage):
            extra["entry"] = self.feed_entry
        elif isinstance(page, RedirectPage):
            extra["policy"] = Markup(REDIRECT_POLICY)  # ours, and its quotes read better unescaped
        return self.template(TEMPLATES[type(page)]).render(page=page, ref=ref_from(page.src),
                                                           link=_linker(page.src), **extra)

    def template(self, name: str) -> Template:
        if name not in self._templates:
            env = self._xml if name.endswith((".xml", ".html")) else self._md  # both escape what they show
            self._templates[name] = env.get_template(name)
        return self._templates[name]

    def chart(self, chart: Chart | None) -> Markup:
        """The activity chart, or with `defer_charts` the HTML comment the plugin replaces with it."""
        if chart is None:
            return Markup("")
        if self.defer_charts:
            return Markup(chart_slot(chart))
        return Markup(self.memo.get(chart, lambda: chart_svg(chart)))

    def feed_entry(self, entry: FeedEntry) -> Markup:
        """An article's Atom <entry>: rendered once, shared by the ~8 feeds that list it."""
        return Markup(self.memo.get(entry, lambda: self.template("feed_entry.xml").render(e=entry)))

    def data(self, page: DataPage) -> str:
        """data/articles.json; each article's part is kept across rebuilds (json.dumps of all costs ~40 ms)."""
        empty = json_text({"site": page.site_name, "articles": []})
        if not page.articles:
            return empty + "\n"
        parts = ",\n".join(self.memo.get(entry, lambda entry=entry: _entry_json(entry))  # type: ignore[misc]
                           for entry in page.articles)
        return empty.removesuffix("[]\n}") + f"[\n{parts}\n ]\n}}\n"


def chart_svg(chart: Chart) -> str:
    """The chart as inline SVG."""
    return str(activity_svg(chart.name, chart.id, chart.dates))


def chart_slot(chart: Chart) -> str:
    """The HTML comment that stands for a deferred chart in a briefing page."""
    return f"<!-- briefing-chart {chart.id} -->"


def _entry_json(entry: DataEntry) -> str:
    """One article as json.dumps(indent=1) lays it out two levels deep (in the `articles` list)."""
    data = {
        "title": entry.title, "slug": entry.slug, "url": entry.url, "date": entry.date.isoformat(),
        "updated": entry.updated.isoformat() if entry.updated else None,
        "regions": list(entry.regions), "actors": list(entry.actors), "topics": list(entry.topics),
        "summary": entry.summary, "source_path": entry.source_path,
        "sources": [{"publisher": s.publisher, "via": s.via, "title": s.title, "url": s.url,
                     "date": s.date.isoformat() if s.date else None} for s in entry.sources],
        "corrections": [{"date": c.date.isoformat(), "text": c.text} for c in entry.corrections],
        # The region briefings that list it (its regions and those they lie in): counts agree with the pages.
        "in_regions": list(entry.in_regions),
    }
    return "\n".join("  " + line for line in json_text(data).split("\n"))


def _time(day: dt.date, *, long: bool = True, medium: bool = False) -> Markup:
    return Markup(dates.time_tag(day, long=long, medium=medium))


def _host(url: str | None) -> str:
    """A source link's text when it names neither publisher nor title: the site's host name."""
    return urlsplit(url or "").hostname or (url or "")


def archive_trail(day: dt.date | None = None, *, month: bool = False) -> list[list[str]]:
    """Breadcrumbs above a page of the archive or an article: Archive › 2023 › September, as [title, URL]."""
    trail = [["Archive", urls.page_url(urls.ARCHIVE_SRC)]]
    if day is not None:
        trail.append([str(day.year), urls.page_url(urls.archive_year_src(day.year))])
    if day is not None and month:
        trail.append([dates.month_name(day), urls.page_url(urls.archive_month_src(day.year, day.month))])
    return trail


def kind_trail(kind: Kind, parent: BriefingLink | None = None) -> list[list[str]]:
    """Breadcrumbs above a briefing: Regions › Korean Peninsula, as [title, URL]."""
    trail = [[kind.label, urls.kind_url(kind)]]
    if parent is not None:
        trail.append([parent.name, urls.page_url(parent.src)])
    return trail


def article_urls(links: Iterable[ArticleLink]) -> list[str]:
    """Site-relative URLs of listed articles, for a page's `briefing.items`."""
    return [urls.page_url(link.src) for link in links]


def newest_urls(months: Iterable[tuple[dt.date, tuple[ArticleLink, ...]]], limit: int) -> list[str]:
    """The URLs of the first `limit` articles of a newest-first timeline."""
    return article_urls(islice(chain.from_iterable(links for _, links in months), limit))


def _linker(src: str) -> Callable[[object], Markup]:
    ref = ref_from(src)

    def link(item: object, text: object = None) -> Markup:
        if isinstance(item, ArticleLink):
            return Markup(f"[{md(text or item.title)}]({ref(item.src)})")
        if isinstance(item, BriefingLink):
            return Markup(f"[{md(text or item.name)}]({ref(item.src)})")
        raise TypeError(f"cannot link to {item!r}")

    return link


def _templates_digest(env: Environment) -> str:
    """A digest of every template's source, so a remembered page never outlives an edited template."""
    digest = hashlib.blake2b(digest_size=16)
    for name in env.list_templates():
        assert env.loader is not None
        digest.update(name.encode() + b"\0" + env.loader.get_source(env, name)[0].encode())
    return digest.hexdigest()


def render_pages(pages: Mapping[str, Page], memo: Memo[str] | None = None, *,
                 defer_charts: bool = False) -> dict[str, str]:
    """Every page's text by docs path; `memo` (kept across `mkdocs serve` rebuilds) skips unchanged pages."""
    return Renderer(memo, defer_charts=defer_charts).render_all(pages)
