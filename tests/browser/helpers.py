"""What the browser tests expect, read straight from the sources rather than from the generator."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

import frontmatter

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("BRIEFING_CHROMIUM", "/usr/bin/chromium"))  # the Makefile sets it
# Without the background-networking flags Chromium phones home, and this machine's closed network refuses it.
CHROMIUM_ARGS = (
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"


@dataclass(frozen=True)
class SourceArticle:
    """An article as its author wrote it: the few fields the journeys check."""

    path: Path
    title: str
    date: dt.date
    body: str


def read_articles(root: Path = REPO) -> list[SourceArticle]:
    """Every published (non-draft) article under content/."""
    articles = []
    for path in sorted((root / "content").rglob("*.md")):
        post = frontmatter.loads(path.read_text("utf-8-sig"))
        if not post.get("draft"):
            articles.append(SourceArticle(path, str(post["title"]), post["date"], post.content))
    return articles


def article_url(article: SourceArticle) -> str:
    """/articles/YYYY/MM/<slug>/, the slug from the file name unless front-matter gives one."""
    post = frontmatter.loads(article.path.read_text("utf-8-sig"))
    slug = str(post.get("slug") or re.sub(r"^\d{4}-\d{2}-\d{2}-", "", article.path.stem))
    return f"/articles/{article.date:%Y}/{article.date:%m}/{slug}/"


def unique_word(articles: list[SourceArticle], root: Path = REPO) -> tuple[str, SourceArticle]:
    """A proper noun found in one article's body and nowhere else in content/ or briefings/.

    Its first six letters must be unique too: search stems words and matches prefixes.
    """
    texts = {a.path: a.path.read_text("utf-8").lower() for a in articles}
    pages = " ".join(p.read_text("utf-8").lower() for p in (root / "briefings").rglob("*.md"))
    for article in articles:
        rest = pages + " ".join(text for path, text in texts.items() if path != article.path)
        prose = re.sub(r"https?://\S+|<[^>]*>", " ", article.body)  # search indexes text, not addresses
        for word in sorted(set(re.findall(r"(?<=[a-z,] )[A-Z][a-z]{5,}\b", prose))):
            if word[:6].lower() not in rest:
                return word, article
    raise AssertionError("no article has a word of its own to search for")
