"""Render: the site index → generated pages (site path → Markdown, Atom XML or JSON text)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, partial
from itertools import groupby
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template, select_autoescape
from markupsafe import Markup

from . import dates, urls
from .chart import activity_svg
from .countries import country_name
from .escape import finalize, html, json_text, md, meta_str, yaml_str
from .freshness import developments_since
from .index import Briefing, SiteIndex
from .kinds import ARTICLE_ORDER, STATUSES, Kind
from .model import Article, Term
from .regions import rolled_up, within
from .slugs import likeness_key, slugify
from .urls import ref_from

TOP_NAMES = 5
RELATED_BRIEFINGS = 8
LATEST_ON_HOME = 10
ACTIVE_ON_HOME = 10
#: A sign beside each status word (the word is always there: never colour or a sign alone).
STATUS_SIGNS = dict(zip(STATUSES, ("↗", "→", "↘", "⏸", "✓"), strict=True))


@dataclass(frozen=True)
class Intro:
    """The editors' pages the generator folds into generated ones."""

    home: str = ""


@cache  # compiled templates are kept across builds; Jinja reloads a template whose file changed
def _environment(*, xml: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=select_autoescape(enabled_extensions=("xml",), default=False) if xml else False,
        finalize=None if xml else finalize,
    )
    env.globals.update(dates=dates, Kind=Kind, md=md, html=html, yaml_str=yaml_str, meta_str=meta_str,
                       country_name=country_name, other_spellings=other_spellings, urls=urls,
                       article_order=ARTICLE_ORDER, STATUS_SIGNS=STATUS_SIGNS)
    return env


@dataclass
class PageMemo:
    """Pages of an earlier build (kept by `mkdocs serve`), keyed by everything each page shows."""

    pages: dict[Hashable, str] = field(default_factory=dict)
    salt: Hashable = None  # what all `pages` were rendered with: settings, templates, defer_charts
    numbers: dict[Article, int] = field(default_factory=dict)
    last_number: int = 0
    #: The MkDocs plugin puts the activity charts into the built HTML itself: raw SVG in Markdown costs
    #: Python-Markdown and Material's search parser ~20% of a build, tag by tag, for nothing they use.
    defer_charts: bool = False
    charts: dict[str, tuple[str, str]] = field(default_factory=dict)  # page → (its slot, the SVG), last build

    def number(self, articles: Iterable[Article]) -> dict[str, int]:
        """Slug → a number that stays the same while the article is unchanged: a cheap, exact page-key part."""
        previous, self.numbers = self.numbers, {}
        for article in articles:
            if (number := previous.get(article)) is None:
                self.last_number += 1
                number = self.last_number
            self.numbers[article] = number
        return {article.slug: number for article, number in self.numbers.items()}


class Renderer:
    """Renders every page of a SiteIndex; one instance per build."""

    def __init__(self, index: SiteIndex, intro: Intro, memo: PageMemo | None = None) -> None:
        self.index = index
        self.intro = intro
        self.site_url = (index.settings.site_url or "http://127.0.0.1:8000/").rstrip("/") + "/"
        self._md = _environment(xml=False)
        self._xml = _environment(xml=True)
        self._templates: dict[str, Template] = {}
        self._memo = memo if memo is not None else PageMemo()
        self._numbers = self._memo.number(index.articles)
        self._used: dict[Hashable, str] = {}
        self._briefing_ids: dict[tuple[Kind, str], tuple[int | None, ...]] = {}
        # A remembered page holds only for the same settings and templates (they may be edited under `serve`).
        salt = (index.settings, _templates_digest(self._md), self._memo.defer_charts)
        if self._memo.salt != salt:
            self._memo.pages, self._memo.salt = {}, salt
        self._charts: dict[str, tuple[str, str]] = {}

    def cached(self, key: tuple[Hashable, ...], make: Callable[[], str]) -> str:
        """The page from an earlier build if `key` (everything the page shows) is unchanged, else `make()`."""
        text = self._used.get(key) or self._memo.pages.get(key)  # this build first: a feed entry repeats
        if text is None:
            text = make()
        self._used[key] = text
        return text

    def template(self, name: str) -> Template:
        if name not in self._templates:
            env = self._xml if name.endswith(".xml") else self._md
            self._templates[name] = env.get_template(name)
        return self._templates[name]

    def page(self, template: str, src: str, **context: Any) -> str:
        """Render one template for the page at `src`, with link helpers bound to it."""
        return self.template(template).render(
            src=src, ref=ref_from(src), link=_linker(src), settings=self.index.settings,
            index=self.index, site_url=self.site_url, **context)

    def render_all(self) -> dict[str, str]:
        """Every generated page, keyed by its docs-relative path, in sorted order."""
        pages: dict[str, str] = {}
        for article in self.index.articles:
            pages[urls.article_src(article)] = self.article(article)
        for briefing in self.index.briefings.values():
            pages[briefing.src] = self.briefing(briefing)
            pages[briefing.feed_src] = self.feed(briefing.articles, briefing.feed_src, briefing.name)
        for kind in Kind:
            pages[urls.kind_index_src(kind)] = self.kind_index(kind)
        pages.update(self.archive())
        pages[urls.HOME_SRC] = self.home()
        pages[urls.CORRECTIONS_SRC] = self.corrections()
        pages[urls.SITE_FEED_SRC] = self.feed(self.index.articles, urls.SITE_FEED_SRC, self.index.settings.site_name)
        pages[urls.DATA_SRC] = self.data()
        self._memo.pages = self._used  # only this build's pages: the memo does not grow across rebuilds
        self._memo.charts = self._charts
        return dict(sorted(pages.items()))

    def ids(self, articles: Iterable[Article | None]) -> tuple[int | None, ...]:
        """The articles' memo numbers, for page keys (None stays None)."""
        return tuple(None if a is None else self._numbers[a.slug] for a in articles)

    def grouped(self, groups: list[tuple[Any, list[Article]]]) -> tuple[Hashable, ...]:
        """(year or month, articles) groups as a page-key part."""
        return tuple((key, self.ids(items)) for key, items in groups)

    def article(self, article: Article) -> str:
        topic, older, newer = self.index.neighbours(article)
        names = tuple(self.index.briefing(k, n).name for k in Kind for n in article.names(k))
        # First the windows `related` scores from (scoring every article costs more than a rebuild may
        # spend); when a window changed, the related articles themselves, since most pages still show the same.
        nearby = tuple(self.briefing_ids(key)[start:stop] for key, start, stop in self.index.windows(article))
        fixed = (self.ids((article, older, newer)), _brief(topic), names)

        def by_related() -> str:
            related = self.index.related(article)
            return self.cached(("article", *fixed, self.ids(related)), lambda: self.page(
                "article.md", urls.article_src(article), article=article, related=related, topic=topic,
                older=older, newer=newer))

        return self.cached(("article", *fixed, nearby), by_related)

    def briefing_ids(self, key: tuple[Kind, str]) -> tuple[int | None, ...]:
        """A briefing's articles as memo numbers, computed once per build."""
        if key not in self._briefing_ids:
            self._briefing_ids[key] = self.ids(self.index.briefings[key].articles)
        return self._briefing_ids[key]

    def briefing(self, briefing: Briefing) -> str:
        top = {kind: self.index.top_related(briefing, kind, TOP_NAMES) for kind in Kind}
        related = sorted(
            (pair for kind in Kind for pair in self.index.top_related(briefing, kind, RELATED_BRIEFINGS)),
            key=lambda pair: (-pair[1], pair[0].sort_key))[:RELATED_BRIEFINGS]
        children, parent = self._children(briefing), self._parent(briefing)
        since, cited = self._assessment(briefing)
        where = self._where(briefing)
        key = ("briefing", _brief(briefing), briefing.term, self.briefing_ids((briefing.kind, briefing.slug)),
               tuple((k, _counted(top[k])) for k in Kind), _counted(related), tuple(map(_listed, children)),
               _brief(parent), self.ids(cited.values()), tuple(where.items()))

        chart = self.chart(briefing, key)

        def make() -> str:
            months = [(key, list(group)) for key, group in
                      groupby(briefing.articles, key=lambda a: a.date.replace(day=1))]
            return self.page("briefing.md", briefing.src, briefing=briefing, top=top, related=related,
                             chart=chart, months=months, children=children, parent=parent, since=since,
                             cited=cited, where=where)

        return self.cached(key, make)

    def chart(self, briefing: Briefing, page_key: Hashable) -> Markup:
        """The activity chart, or with `defer_charts` an HTML comment that the plugin replaces with it."""
        chart_id = f"chart-{briefing.kind.singular}-{briefing.slug}"
        svg = self.cached(("chart", page_key), lambda: activity_svg(briefing.name, chart_id,
                                                                    (a.date for a in briefing.articles)))
        if not (self._memo.defer_charts and svg):
            return Markup(svg)
        slot = f"<!-- briefing-chart {chart_id} -->"
        self._charts[briefing.src] = (slot, svg)
        return Markup(slot)

    def kind_index(self, kind: Kind) -> str:
        """The A–Z index of one kind of briefing; regions as their tree."""
        groups = _by_letter(self.index.of_kind(kind))
        tree = self.region_tree() if kind is Kind.REGION else []
        key = ("kind_index", kind, tuple((letter, tuple(map(_listed, items))) for letter, items in groups),
               tuple((_listed(b), depth) for b, depth in tree))
        return self.cached(key, lambda: self.page("kind_index.md", urls.kind_index_src(kind), kind=kind,
                                                  groups=groups, tree=tree))

    def _children(self, briefing: Briefing) -> list[Briefing]:
        if not briefing.kind.spec.nested:
            return []
        names = self.index.regions.children(briefing.name)
        return [b for n in names if (b := self.index.briefings.get((briefing.kind, slugify(n)))) is not None]

    def _where(self, briefing: Briefing) -> dict[str, tuple[str, ...]]:
        """For a region's briefing: article slug → the regions within it where that development happened."""
        if not briefing.kind.spec.nested or not self.index.regions.children(briefing.name):
            return {}
        found = {a.slug: within(a.regions, briefing.name, self.index.regions) for a in briefing.articles}
        return {slug: names for slug, names in found.items() if names}

    def _parent(self, briefing: Briefing) -> Briefing | None:
        if not (briefing.kind.spec.nested and briefing.term and briefing.term.parent):
            return None
        return self.index.briefings.get((briefing.kind, slugify(briefing.term.parent)))

    def archive(self) -> dict[str, str]:
        pages = {}
        years = [(year, list(group)) for year, group in groupby(self.index.articles, key=lambda a: a.date.year)]
        for year, items in years:
            months = [(key, list(g)) for key, g in groupby(items, key=lambda a: a.date.replace(day=1))]
            pages[urls.archive_year_src(year)] = self.cached(
                ("archive_year", year, self.grouped(months)),
                partial(self.page, "archive_year.md", urls.archive_year_src(year), year=year, months=months))
            for month, month_items in months:
                src = urls.archive_month_src(year, month.month)
                pages[src] = self.cached(("archive_month", month, self.ids(month_items)),
                                         partial(self.page, "archive_month.md", src, month=month, articles=month_items))
        pages[urls.ARCHIVE_SRC] = self.cached(
            ("archive", self.grouped(years)), partial(self.page, "archive.md", urls.ARCHIVE_SRC, years=years))
        return pages

    def home(self) -> str:
        regions = [(b, self._children(b)) for b, depth in self.region_tree() if depth == 0]
        latest = self.index.articles[:LATEST_ON_HOME]
        active = self.index.active_since(self.index.settings.active_days, ACTIVE_ON_HOME)
        featured = [(b, *self._assessment(b)) for b in self.index.briefings.values()
                    if b.term and b.term.featured and b.term.state]
        key = ("home", self.intro, self.ids(latest), _counted(active),
               tuple((_listed(b), tuple(map(_listed, children))) for b, children in regions),
               tuple((_brief(b), b.term, self.ids(since), self.ids(cited.values())) for b, since, cited in featured))
        return self.cached(key, lambda: self.page("home.md", urls.HOME_SRC, intro=Markup(self.intro.home),
                                                  latest=latest, active=active, regions=regions, featured=featured))

    def _assessment(self, briefing: Briefing) -> tuple[tuple[Article, ...], dict[str, Article]]:
        """A briefing's developments since its state of play, and the articles its key facts cite."""
        state = briefing.term.state if briefing.term else None
        if state is None:
            return (), {}
        cited = {slug: self.index.by_slug[slug] for fact in state.key_facts
                 for slug in fact.articles if slug in self.index.by_slug}
        return developments_since(briefing.articles, state.as_of), cited

    def region_tree(self) -> list[tuple[Briefing, int]]:
        """Every region briefing depth first, each with its depth: the top of the hierarchy at depth 0."""
        regions = {b.name: b for b in self.index.of_kind(Kind.REGION)}
        tree = self.index.regions
        out: list[tuple[Briefing, int]] = []

        def visit(briefing: Briefing, depth: int) -> None:
            out.append((briefing, depth))
            for child in self._children(briefing):
                visit(child, depth + 1)

        for briefing in regions.values():
            if not any(name in regions for name in tree.ancestors(briefing.name)):
                visit(briefing, 0)
        return out

    def corrections(self) -> str:
        """The site-wide corrections page, newest first."""
        found = sorted(((c, a) for a in self.index.articles for c in a.corrections),
                       key=lambda pair: (-pair[0].date.toordinal(), -pair[1].date.toordinal(), pair[1].slug))
        key = ("corrections", tuple((c, n) for (c, _), n in zip(found, self.ids(a for _, a in found), strict=True)))
        return self.cached(key, lambda: self.page("corrections.md", urls.CORRECTIONS_SRC, corrections=found))

    def feed(self, articles: tuple[Article, ...], src: str, title: str) -> str:
        entries = articles[: self.index.settings.feed_size]
        updated = max((a.updated or a.date for a in entries), default=None)
        return self.cached(("feed", src, title, self.ids(entries)), lambda: self.page(
            "feed.xml", src, title=title, entries=entries, updated=updated,
            page_url=self.site_url + urls.page_url(urls.feed_page_src(src)), url_of=self.absolute,
            entry=self.feed_entry))

    def feed_entry(self, article: Article) -> Markup:
        """An article's Atom <entry>: rendered once, shared by the ~8 feeds that list it."""
        return Markup(self.cached(("feed_entry", self._numbers[article.slug]), lambda: self.template(
            "feed_entry.xml").render(a=article, url_of=self.absolute, site_url=self.site_url)))

    def absolute(self, article: Article) -> str:
        return self.site_url + urls.article_url(article)

    def data(self) -> str:
        """data/articles.json; each article's part is kept across rebuilds (json.dumps of all costs ~40 ms)."""
        empty = json_text({"site": self.index.settings.site_name, "articles": []})
        if not self.index.articles:
            return empty + "\n"
        parts = ",\n".join(self.cached(("json", self._numbers[a.slug]), partial(self._article_json, a))
                           for a in self.index.articles)
        return empty.removesuffix("[]\n}") + f"[\n{parts}\n ]\n}}\n"

    def _article_json(self, article: Article) -> str:
        """One article as json.dumps(indent=1) lays it out two levels deep (in the `articles` list)."""
        return "\n".join("  " + line for line in json_text(self._article_data(article)).split("\n"))

    def _article_data(self, article: Article) -> dict[str, Any]:
        return {
            "title": article.title, "slug": article.slug, "url": self.absolute(article),
            "date": article.date.isoformat(),
            "updated": article.updated.isoformat() if article.updated else None,
            "regions": list(article.regions), "actors": list(article.actors),
            "topics": list(article.topics), "summary": article.summary, "source_path": article.path,
            "sources": [{"publisher": s.publisher, "via": s.via, "title": s.title, "url": s.url,
                         "date": s.date.isoformat() if s.date else None} for s in article.sources],
            "corrections": [{"date": c.date.isoformat(), "text": c.text} for c in article.corrections],
            # The region briefings that list it (its regions and those they lie in): counts agree with the pages.
            "in_regions": list(rolled_up(article.regions, self.index.regions)),
        }


def other_spellings(term: Term) -> list[str]:
    """A term's aliases that a reader would see as different (not just a dash or case apart)."""
    seen = {likeness_key(term.title)}
    out = []
    for alias in term.aliases:
        if likeness_key(alias.text) not in seen:
            seen.add(likeness_key(alias.text))
            out.append(alias.text)
    return out


def _linker(src: str) -> Callable[[object], Markup]:
    ref = ref_from(src)

    def link(item: object, text: object = None) -> Markup:
        if isinstance(item, Article):
            return Markup(f"[{md(text or item.title)}]({ref(urls.article_src(item))})")
        if isinstance(item, Briefing):
            return Markup(f"[{md(text or item.name)}]({ref(item.src)})")
        raise TypeError(f"cannot link to {item!r}")

    return link


def _by_letter(briefings: list[Briefing]) -> list[tuple[str, list[Briefing]]]:
    """Group an A–Z index by the first letter of each slug ('#' for digits)."""
    def letter(b: Briefing) -> str:
        return b.slug[0].upper() if b.slug[0].isalpha() else "#"

    ordered = sorted(briefings, key=lambda b: (letter(b), b.sort_key))
    return [(key, list(group)) for key, group in groupby(ordered, key=letter)]


def _brief(briefing: Briefing | None) -> Hashable:
    """What a link to a briefing shows; hashing a whole Briefing would hash all its articles."""
    return briefing and (briefing.kind, briefing.slug, briefing.name)


def _counted(pairs: list[tuple[Briefing, int]]) -> tuple[Hashable, ...]:
    return tuple((_brief(b), n) for b, n in pairs)


def _listed(briefing: Briefing) -> Hashable:
    """What an index row shows of a briefing: its link, term, count and latest date."""
    return (_brief(briefing), briefing.term, len(briefing.articles), briefing.latest)


def _templates_digest(env: Environment) -> str:
    """A digest of every template's source, so a remembered page never outlives an edited template."""
    digest = hashlib.blake2b(digest_size=16)
    for name in env.list_templates():
        assert env.loader is not None
        digest.update(name.encode() + b"\0" + env.loader.get_source(env, name)[0].encode())
    return digest.hexdigest()


def render_site(index: SiteIndex, intro: Intro, memo: PageMemo | None = None) -> Mapping[str, str]:
    """Every generated page of the site; `memo` (kept across `mkdocs serve` rebuilds) skips unchanged pages."""
    return Renderer(index, intro, memo).render_all()
