"""Render: the site index → generated pages (site path → Markdown, Atom XML or JSON text)."""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, partial
from itertools import groupby
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template, select_autoescape
from markupsafe import Markup

from . import dates
from .chart import activity_svg
from .countries import country_name
from .escape import finalize, html, json_text, md, meta_str, meta_text, yaml_str
from .index import Briefing, SiteIndex
from .model import Article, Kind, Term
from .slugs import likeness_key, slugify

TOP_NAMES = 5
RELATED_BRIEFINGS = 8
LATEST_ON_HOME = 10
ACTIVE_ON_HOME = 10


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
                       meta_text=meta_text, country_name=country_name, other_spellings=other_spellings)
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
            src=src, ref=_ref(src), link=_linker(src), settings=self.index.settings,
            index=self.index, site_url=self.site_url, **context)

    def render_all(self) -> dict[str, str]:
        """Every generated page, keyed by its docs-relative path, in sorted order."""
        pages: dict[str, str] = {}
        for article in self.index.articles:
            pages[article_src(article)] = self.article(article)
        for briefing in self.index.briefings.values():
            pages[briefing.src] = self.briefing(briefing)
            pages[briefing.feed_src] = self.feed(briefing.articles, briefing.feed_src, briefing.name)
        for kind in Kind:
            pages[f"{kind.value}/index.md"] = self.kind_index(kind)
        pages.update(self.archive())
        pages["index.md"] = self.home()
        pages["feed.xml"] = self.feed(self.index.articles, "feed.xml", self.index.settings.site_name)
        pages["data/articles.json"] = self.data()
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
                "article.md", article_src(article), article=article, related=related, topic=topic,
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
        key = ("briefing", _brief(briefing), briefing.term, self.briefing_ids((briefing.kind, briefing.slug)),
               tuple((k, _counted(top[k])) for k in Kind), _counted(related), tuple(map(_brief, children)),
               _brief(parent))

        chart = self.chart(briefing, key)

        def make() -> str:
            months = [(key, list(group)) for key, group in
                      groupby(briefing.articles, key=lambda a: a.date.replace(day=1))]
            return self.page("briefing.md", briefing.src, briefing=briefing, top=top, related=related,
                             chart=chart, months=months, children=children, parent=parent)

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
        """The A–Z index of one kind of briefing."""
        groups = _by_letter(self.index.of_kind(kind))
        key = ("kind_index", kind, tuple((letter, tuple(map(_listed, items))) for letter, items in groups))
        return self.cached(key, lambda: self.page("kind_index.md", f"{kind.value}/index.md", kind=kind,
                                                  groups=groups))

    def _children(self, briefing: Briefing) -> list[Briefing]:
        if briefing.kind is not Kind.REGION:
            return []
        return [b for b in self.index.of_kind(Kind.REGION) if b.term and b.term.parent == briefing.name]

    def _parent(self, briefing: Briefing) -> Briefing | None:
        if not (briefing.term and briefing.term.parent):
            return None
        return self.index.briefings.get((Kind.REGION, slugify(briefing.term.parent)))

    def archive(self) -> dict[str, str]:
        pages = {}
        years = [(year, list(group)) for year, group in groupby(self.index.articles, key=lambda a: a.date.year)]
        for year, items in years:
            months = [(key, list(g)) for key, g in groupby(items, key=lambda a: a.date.replace(day=1))]
            pages[f"archive/{year}.md"] = self.cached(
                ("archive_year", year, self.grouped(months)),
                partial(self.page, "archive_year.md", f"archive/{year}.md", year=year, months=months))
            for month, month_items in months:
                src = f"archive/{year}/{month:%m}.md"
                pages[src] = self.cached(("archive_month", month, self.ids(month_items)),
                                         partial(self.page, "archive_month.md", src, month=month, articles=month_items))
        pages["archive/index.md"] = self.cached(
            ("archive", self.grouped(years)), partial(self.page, "archive.md", "archive/index.md", years=years))
        return pages

    def home(self) -> str:
        regions = [b for b in self.index.of_kind(Kind.REGION) if not (b.term and b.term.parent)]
        latest = self.index.articles[:LATEST_ON_HOME]
        active = self.index.active_since(self.index.settings.active_days, ACTIVE_ON_HOME)
        key = ("home", self.intro, self.ids(latest), _counted(active), tuple(map(_listed, regions)))
        return self.cached(key, lambda: self.page("home.md", "index.md", intro=Markup(self.intro.home),
                                                  latest=latest, active=active, regions=regions))

    def feed(self, articles: tuple[Article, ...], src: str, title: str) -> str:
        entries = articles[: self.index.settings.feed_size]
        updated = max((a.updated or a.date for a in entries), default=None)
        page_src = src.removesuffix("/feed.xml") + ".md" if src != "feed.xml" else "index.md"
        return self.cached(("feed", src, title, self.ids(entries)), lambda: self.page(
            "feed.xml", src, title=title, entries=entries, updated=updated,
            page_url=self.site_url + page_url(page_src), url_of=self.absolute, entry=self.feed_entry))

    def feed_entry(self, article: Article) -> Markup:
        """An article's Atom <entry>: rendered once, shared by the ~8 feeds that list it."""
        return Markup(self.cached(("feed_entry", self._numbers[article.slug]), lambda: self.template(
            "feed_entry.xml").render(a=article, url_of=self.absolute, site_url=self.site_url)))

    def absolute(self, article: Article) -> str:
        return self.site_url + article.url

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
            "sources": [{"publisher": s.publisher, "title": s.title, "url": s.url,
                         "date": s.date.isoformat() if s.date else None} for s in article.sources],
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


def article_src(article: Article) -> str:
    """`articles/2023/09/slug.md`, served at /articles/2023/09/slug/."""
    date = article.date  # ints format ~10x faster than strftime-style `{date:%Y}`; same text for 4-digit years
    return f"articles/{date.year}/{date.month:02d}/{article.slug}.md"


def page_url(src: str) -> str:
    """The directory URL MkDocs gives a Markdown page."""
    stem = src.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def _ref(src: str) -> Callable[[str], Markup]:
    """Relative path from the page at `src` to another docs file; MkDocs checks and rewrites it."""
    base = posixpath.dirname(src).split("/") if "/" in src else []
    return lambda target: Markup(relative_path(target, base))


def relative_path(target: str, base: list[str]) -> str:
    """posixpath.relpath for normalised docs-relative paths, without its abspath/getcwd calls (hot)."""
    parts = target.split("/")
    common = 0
    for mine, theirs in zip(base, parts, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."


def _linker(src: str) -> Callable[[object], Markup]:
    ref = _ref(src)

    def link(item: object, text: object = None) -> Markup:
        if isinstance(item, Article):
            return Markup(f"[{md(text or item.title)}]({ref(article_src(item))})")
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
