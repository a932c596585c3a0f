"""Redirects: each old address in `redirect_from:` becomes a small HTML file that sends readers on.

The file holds a meta refresh, a canonical link and a plain link, and no script: the site's
Content-Security-Policy allows none of a page's own. An old address that is still the address of a
page (generated, or an editors' file) is refused at its line: a redirect must never replace a page.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain

from . import urls
from .corpus import Corpus
from .index import SiteIndex
from .model import Article, Diagnostic, Name, Term


@dataclass(frozen=True)
class RedirectPage:
    """`<old path>/index.html` (or the old `.html` file): leads to the page at `target`."""

    src: str  # the docs path of the HTML file, which is also its path in the built site
    target: str  # the docs path of the page it leads to
    title: str  # that page's title
    canonical: str  # that page's absolute URL
    old: str = field(default="", compare=False)  # the old address as written, without its leading '/'
    source: str = field(default="", compare=False)  # `path:line` of the `redirect_from` entry, for messages

    def refused(self, why: str, fix: str = "a redirect cannot replace a page: remove it") -> Diagnostic:
        """An error at the `redirect_from` entry: `why` the old address cannot be redirected, and the `fix`."""
        path, line = self.source.rsplit(":", 1)
        return Diagnostic(path, int(line), "error", f"redirect_from '/{self.old}' {why}; {fix}")

    @property
    def href(self) -> str:
        """The target's address relative to this file, as a browser resolves it."""
        return urls.relative_path(urls.page_url(self.target), self.src.split("/")[:-1])


@dataclass(frozen=True)
class _Wanted:
    """One old address as written, and the page it should lead to."""

    old: Name
    path: str
    target: str
    title: str


def redirect_src(old: str) -> str:
    """Where an old address's file lies: `a/b/` → `a/b/index.html`; `a/b.html` stays."""
    return old + "index.html" if old.endswith("/") else old


def wanted_redirects(index: SiteIndex) -> Iterator[_Wanted]:
    """Every published article's and briefing term file's old addresses."""
    for article in index.articles:
        for old in article.redirect_from:
            yield _Wanted(old, article.path, urls.article_src(article), article.title)
    for briefing in index.briefings.values():
        if (term := briefing.term) is not None:
            for old in term.redirect_from:
                yield _Wanted(old, term.path, briefing.src, briefing.name)


def plan_redirects(wanted: Iterable[_Wanted], taken: Mapping[str, str], site_url: str
                   ) -> tuple[dict[str, RedirectPage], list[Diagnostic]]:
    """The redirect pages by docs path; an error at each old address that a page (`taken`: output file →
    what is there) or an earlier redirect already holds, with a note at that earlier one."""
    planned: dict[str, RedirectPage] = {}
    problems: list[Diagnostic] = []
    for want in sorted(wanted, key=lambda w: (w.path, w.old.line)):
        src = redirect_src(want.old.text)
        page = RedirectPage(src, want.target, want.title, site_url + urls.page_url(want.target), want.old.text,
                            f"{want.path}:{want.old.line}")
        if src in taken:
            problems.append(page.refused(f"is the address of {taken[src]}"))
        elif src in planned:  # once, at the later file, as other conflicts are reported
            first = planned[src]
            problems.append(page.refused(f"already leads to {first.title!r} ({first.source})",
                                         "an old address leads to one page: remove one of them"))
            path, line = first.source.rsplit(":", 1)
            problems.append(Diagnostic(path, int(line), "note", f"redirect '/{first.old}' first defined here"))
        else:
            planned[src] = page
    return planned, problems


def docs_clashes(pages: Iterable[object], docs: Iterable[str]) -> list[Diagnostic]:
    """Redirects whose file a file of the docs folder or theme (`docs`: their docs paths) would also write."""
    owners = {urls.output_path(src): src for src in docs}
    return [page.refused(f"is the address of {owners[page.src]}, a file of the docs folder or theme")
            for page in pages if isinstance(page, RedirectPage) and page.src in owners]


@dataclass(frozen=True)
class Moved:
    """A page a change moves: its old address, its new one, and the file whose `redirect_from` keeps the old."""

    old: str
    new: str
    path: str


def moved_pages(base: Corpus, head: Corpus, removed: Iterable[str]) -> tuple[Moved, ...]:
    """The removed addresses (site paths) whose article or term file lives on at another address in `head`,
    unless that file already redirects from them. An article is followed by its file, else by its title; a
    term file by its file, else by an alias that keeps its old title."""
    gone = set(removed)
    moves: Iterator[tuple[str, str, Article | Term]] = chain(_article_moves(base, head), _term_moves(base, head))
    found = {Moved(old, new, file.path) for old, new, file in moves
             if old in gone and old != new and old.removeprefix("/") not in {n.text for n in file.redirect_from}}
    return tuple(sorted(found, key=lambda m: (m.path, m.old)))


def _article_moves(base: Corpus, head: Corpus) -> Iterator[tuple[str, str, Article]]:
    by_path = {a.path: a for a in head.articles}
    by_title = {a.title: a for a in head.articles}
    for before in base.articles:
        after = by_path.get(before.path) or by_title.get(before.title)
        if after is not None:
            yield "/" + urls.article_url(before), "/" + urls.article_url(after), after


def _term_moves(base: Corpus, head: Corpus) -> Iterator[tuple[str, str, Term]]:
    for (kind, slug), before in base.terms.items():
        if (kind, slug) in head.terms:
            continue
        for after in (t for (k, _), t in head.terms.items() if k is kind):
            if after.path == before.path or before.title in {alias.text for alias in after.aliases}:
                yield "/" + urls.briefing_url(kind, slug), "/" + urls.briefing_url(kind, after.slug), after
