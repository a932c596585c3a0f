"""Link previews and news metadata: Open Graph, a Twitter card and JSON-LD for a page's <head>.

Generated pages carry their facts in one front-matter key, `briefing` (a mapping written by `page_facts`);
the theme's main.html hands each page's meta to `head_tags`. Editors' pages without it are plain web pages.
"""

from __future__ import annotations

import html as html_lib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

from .dates import long_date
from .escape import yaml_flow
from .model import Article
from .urls import article_url

#: Page kind (front-matter `briefing.kind`) → (Open Graph type, schema.org type).
TYPES: dict[str, tuple[str, str]] = {
    "article": ("article", "NewsArticle"),
    "briefing": ("website", "CollectionPage"),
    "index": ("website", "CollectionPage"),
    "archive": ("website", "CollectionPage"),
    "home": ("website", "WebSite"),
    "page": ("website", "WebPage"),
}
PAGE = ("website", "WebPage")
#: Google shows at most 110 characters of a headline.
HEADLINE_MAX = 110


def page_facts(kind: str, **facts: Any) -> Markup:
    """The `briefing:` front-matter value of a generated page: a one-line YAML flow mapping."""
    data = {"kind": kind, **{k: v for k, v in facts.items() if v not in (None, "", [], ())}}
    return Markup(yaml_flow(data))


def search_tags(*tags: str) -> Markup:
    """The `tags:` front-matter value: Material's search shows a page's tags on each of its results (kind, date).

    mkdocs.yml gives the tags field almost no search weight, so they label results without ranking them.
    """
    return Markup(yaml_flow(list(tags)))


def facts_of(meta: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """The page's `briefing:` facts, or an empty mapping (an editors' page, or a malformed value)."""
    facts = (meta or {}).get("briefing")
    return facts if isinstance(facts, Mapping) else {}


def plain(value: object) -> str:
    """Front-matter titles and descriptions are HTML-escaped for the theme (escape.meta_str, meta_text): undo that."""
    return " ".join(html_lib.unescape(str(value)).split())


def head_tags(meta: Mapping[str, Any] | None, *, title: str, url: str, site_name: str, site_url: str,
              site_description: str = "") -> Markup:
    """<meta> tags for Open Graph and a Twitter summary card, and a JSON-LD <script> block."""
    meta = meta or {}
    facts = facts_of(meta)
    og_type, schema_type = TYPES.get(str(facts.get("kind", "")), PAGE)
    name = plain(meta.get("title") or title or site_name)
    description = plain(meta.get("description") or site_description)
    props: list[tuple[str, str]] = [
        ("og:site_name", site_name), ("og:type", og_type), ("og:title", name), ("og:url", url),
        ("og:locale", "en_GB"),
    ]
    if description:
        props.append(("og:description", description))
    if og_type == "article":
        props += [("article:published_time", str(facts.get("published", ""))),
                  ("article:modified_time", str(facts.get("modified", "")))]
        props += [("article:tag", str(tag)) for tag in _names(facts, "topics", "regions", "actors")]
    tags = [f'<meta property="{escape(p)}" content="{escape(v)}">' for p, v in props if v]
    tags += ['<meta name="twitter:card" content="summary">', f'<meta name="twitter:title" content="{escape(name)}">']
    if description:
        tags.append(f'<meta name="twitter:description" content="{escape(description)}">')
    data = json_ld(schema_type, facts, name=name, description=description, url=url, site_name=site_name,
                   site_url=site_url)
    tags.append(f'<script type="application/ld+json">{ld_text(data)}</script>')
    return Markup("\n".join(tags))


def json_ld(schema_type: str, facts: Mapping[str, Any], *, name: str, description: str, url: str,
            site_name: str, site_url: str) -> dict[str, Any]:
    """The schema.org description of one page."""
    site = {"@type": "WebSite", "name": site_name, "url": site_url}
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": schema_type, "name": name, "url": url}
    if description:
        data["description"] = description
    if schema_type == "WebSite":
        return data
    data["isPartOf"] = site
    if facts.get("modified"):
        data["dateModified"] = str(facts["modified"])
    if schema_type == "NewsArticle":
        data.update(_article(facts, name, url, site_name, site_url))
    elif facts.get("items"):
        items = [str(item) for item in facts["items"]]
        data["mainEntity"] = {"@type": "ItemList", "numberOfItems": int(facts.get("count", len(items))),
                              "itemListElement": [{"@type": "ListItem", "position": n, "url": site_url + item}
                                                  for n, item in enumerate(items, 1)]}
    return data


def _article(facts: Mapping[str, Any], name: str, url: str, site_name: str, site_url: str) -> dict[str, Any]:
    publisher = {"@type": "Organization", "name": site_name, "url": site_url}
    headline = name if len(name) <= HEADLINE_MAX else name[:HEADLINE_MAX - 1].rstrip() + "…"
    data: dict[str, Any] = {
        "headline": headline, "mainEntityOfPage": url, "datePublished": str(facts.get("published", "")),
        "dateModified": str(facts.get("modified") or facts.get("published", "")),
        "author": publisher, "publisher": publisher,
    }
    data["about"] = [{"@type": "Thing", "name": n} for n in _names(facts, "topics")]
    data["contentLocation"] = [{"@type": "Place", "name": n} for n in _names(facts, "regions")]
    data["mentions"] = [{"@type": "Thing", "name": n} for n in _names(facts, "actors")]
    data["keywords"] = _names(facts, "topics", "regions", "actors")
    return {k: v for k, v in data.items() if v}


def _names(facts: Mapping[str, Any], *keys: str) -> list[str]:
    out: list[str] = []
    for key in keys:
        value = facts.get(key)
        if isinstance(value, Sequence) and not isinstance(value, str):
            out += [str(v) for v in value]
    return out


def latest_articles(articles: Iterable[Article], limit: int) -> list[tuple[str, str, str, str]]:
    """The newest published articles as (title, site-relative URL, ISO date, long date), for the 404 page."""
    newest = sorted((a for a in articles if not a.unpublished), key=lambda a: (-a.date.toordinal(), a.slug))[:limit]
    return [(a.title, article_url(a), a.date.isoformat(), long_date(a.date)) for a in newest]


def ld_text(data: Mapping[str, Any]) -> str:
    """JSON for a <script> block: `<`, `>` and `&` escaped, so no text can close the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
