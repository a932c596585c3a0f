"""Paths and URLs: every rule for where a page lives, where a source file lies, and how pages link.

Docs paths (`src`) are relative to the docs folder, as MkDocs' `File.src_uri`; repository paths
are relative to the folder of mkdocs.yml. MkDocs serves `x/y.md` at `x/y/` (directory URLs).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from pathlib import PurePosixPath
from typing import Literal

from markupsafe import Markup

from .kinds import KINDS, Kind
from .model import Article, Settings

HOME_SRC = "index.md"  # the home page; the editors' introduction has the same docs path
SITE_FEED_SRC = "feed.xml"
DATA_SRC = "data/articles.json"
ARCHIVE_SRC = "archive/index.md"
CORRECTIONS_SRC = "corrections.md"  # every article's corrections, newest first
SEARCH_SRC = "search.md"  # the Pagefind search page
FOLLOW_SRC = "follow.md"  # how to follow the site and its briefings in a feed reader
CSS_URI = "assets/briefing/briefing.css"
FEED_NAME = "feed.xml"  # a briefing's feed lies in its page's folder
_HIDDEN = (".", "_")


def article_src(article: Article) -> str:
    """`articles/2023/09/slug.md`, served at /articles/2023/09/slug/."""
    date = article.date  # ints format ~10x faster than strftime-style `{date:%Y}`; same text for 4-digit years
    return f"articles/{date.year}/{date.month:02d}/{article.slug}.md"


def article_url(article: Article) -> str:
    """Site-relative URL, `articles/YYYY/MM/slug/`."""
    return page_url(article_src(article))


def briefing_src(kind: Kind, slug: str) -> str:
    return f"{KINDS[kind].plural}/{slug}.md"  # not `kind.value`: Enum's value lookup is slow, and this is hot


def briefing_feed_src(kind: Kind, slug: str) -> str:
    return f"{KINDS[kind].plural}/{slug}/{FEED_NAME}"


def briefing_url(kind: Kind, slug: str) -> str:
    return page_url(briefing_src(kind, slug))


def kind_index_src(kind: Kind) -> str:
    return f"{KINDS[kind].plural}/index.md"


def kind_url(kind: Kind) -> str:
    """`topics/`: the A–Z index, also the scheme of a feed's category terms."""
    return page_url(kind_index_src(kind))


def archive_year_src(year: int) -> str:
    return f"archive/{year}.md"


def archive_month_src(year: int, month: int) -> str:
    return f"archive/{year}/{month:02d}.md"


def feed_page_src(feed_src: str) -> str:
    """The page a feed follows: `topics/x/feed.xml` → `topics/x.md`, `feed.xml` → `index.md`."""
    return HOME_SRC if feed_src == SITE_FEED_SRC else feed_src.removesuffix("/" + FEED_NAME) + ".md"


def page_url(src: str) -> str:
    """The directory URL MkDocs gives a Markdown page."""
    stem = src.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def site_path(src: str) -> str:
    """The URL path MkDocs serves a docs file at: `topics/x.md` → `/topics/x/`, `feed.xml` → `/feed.xml`."""
    return "/" + (page_url(src) if src.endswith(".md") else src)


def output_path(src: str) -> str:
    """The file MkDocs writes a docs file to: `x.md` → `x/index.html`, `x/index.md` → `x/index.html`."""
    if not src.endswith(".md"):
        return src
    stem = src.removesuffix(".md")
    return stem + ".html" if stem == "index" or stem.endswith("/index") else stem + "/index.html"


def relative_path(target: str, base: list[str]) -> str:
    """posixpath.relpath for normalised docs-relative paths, without its abspath/getcwd calls (hot)."""
    parts = target.split("/")
    common = 0
    for mine, theirs in zip(base, parts, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."


def ref_from(src: str) -> Callable[[str], Markup]:
    """Relative path from the page at `src` to another docs file; MkDocs checks and rewrites it."""
    base = src.split("/")[:-1]
    return lambda target: Markup(relative_path(target, base))


# --- source files ------------------------------------------------------------------------

SourceRole = Kind | Literal["article", "intro"]


def source_role(path: str, settings: Settings) -> SourceRole | None:
    """What a normalised repository path is to the generator: an article, a term file (its Kind), the
    home introduction, or None for anything it does not read. Hidden names (`.x`, `_x`) are skipped."""
    if not path.endswith(".md"):
        return None
    content, docs = _folders(settings.content_dir, settings.docs_dir)
    if path.startswith(content):  # the folder may be nested
        return None if any(p.startswith(_HIDDEN) for p in path[len(content):].split("/")) else "article"
    if not path.startswith(docs):
        return None
    parts = path[len(docs):].split("/")
    if parts == [HOME_SRC]:
        return "intro"
    if len(parts) != 2 or parts[1].startswith(_HIDDEN):
        return None
    return _KIND_FOLDERS.get(parts[0])


_KIND_FOLDERS = {spec.plural: kind for kind, spec in KINDS.items()}


@cache  # string prefixes: PurePosixPath per file cost more than reading the file under `serve`
def _folders(content_dir: str, docs_dir: str) -> tuple[str, str]:
    return PurePosixPath(content_dir).as_posix() + "/", PurePosixPath(docs_dir).as_posix() + "/"


def source_folders(settings: Settings) -> tuple[str, ...]:
    """The folders holding sources: the content folder (nested) and each kind's term folder (flat)."""
    return (settings.content_dir, *(f"{settings.docs_dir}/{k.value}" for k in Kind))


def docs_src(path: str, settings: Settings) -> str | None:
    """A repository path's docs path, or None when it lies outside the docs folder."""
    prefix = settings.docs_dir + "/"
    return path.removeprefix(prefix) if path.startswith(prefix) else None


def consumed_paths(paths: Iterable[str], settings: Settings) -> tuple[str, ...]:
    """Docs paths of the editors' files that generated pages replace: term files and the introduction."""
    return tuple(sorted(src for path in paths if source_role(path, settings) not in (None, "article")
                        and (src := docs_src(path, settings)) is not None))
