"""A deterministic synthetic corpus, written as a Briefing site, a Material blog and an articles-only site."""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

SYLLABLES = ("ka", "ri", "mo", "sun", "tae", "vla", "dim", "ser", "gei", "yo", "han", "lee", "pak", "ni",
             "ko", "la", "vo", "min", "jo", "an", "dre", "to", "lu", "bo", "shi", "gu", "ev", "na", "ol", "eg")
REGIONS = ("Korean Peninsula", "Russian Far East", "Pyongyang", "Moscow", "Primorsky Krai", "Vladivostok",
           "Khabarovsk Krai", "Amur Oblast", "Sakhalin", "Seoul", "Beijing", "Tokyo", "Washington",
           "Kaliningrad", "Black Sea", "Crimea", "Donbas", "Kursk Oblast", "Sea of Japan", "Yellow Sea",
           "Siberia", "Central Asia", "Mongolia", "Northeast China", "Rason", "Sinuiju", "Wonsan",
           "Hamgyong", "Chukotka", "Kamchatka")
TOPIC_WORDS = ("arms", "energy", "labour", "shipping", "sanctions", "space", "aviation", "rail", "tourism",
               "fisheries", "finance", "diplomacy", "cyber", "nuclear", "missile", "grain", "oil", "coal",
               "ports", "health")
TOPIC_SUFFIXES = ("cooperation", "transfers", "policy")
REGION_PARENT = {"Pyongyang": "Korean Peninsula", "Seoul": "Korean Peninsula", "Wonsan": "Korean Peninsula",
                 "Vladivostok": "Primorsky Krai", "Primorsky Krai": "Russian Far East",
                 "Khabarovsk Krai": "Russian Far East", "Amur Oblast": "Russian Far East"}
PUBLISHERS = ("TASS", "Yonhap", "Reuters", "KCNA", "NK News", "Kommersant", "AP", "RIA Novosti")
FIRST_DATE = dt.date(2015, 1, 1)
DAYS = 3650
BODY_WORDS = 600
ACTOR_COUNT = 400
TOPIC_COUNT = 60
HEADINGS = ("Background", "What was said", "Reactions", "Why it matters", "What comes next")
MKDOCS_MARKDOWN = """markdown_extensions:
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
"""


@dataclass(frozen=True)
class Post:
    """One synthetic article, ready to be written in either format."""

    slug: str
    title: str
    date: dt.date
    regions: tuple[str, ...]
    actors: tuple[str, ...]
    topics: tuple[str, ...]
    summary: str
    body: str
    publishers: tuple[str, ...]


@dataclass(frozen=True)
class TermFile:
    """A term file: its kind folder, title and aliases."""

    kind: str
    title: str
    aliases: tuple[str, ...]
    extra: Mapping[str, str]


@dataclass(frozen=True)
class Corpus:
    """The posts, newest last as generated, and the term files."""

    posts: tuple[Post, ...]
    terms: tuple[TermFile, ...]


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


def _vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    """Pseudo-words; drawn with Zipf-like weights so the text has a real word distribution."""
    words = sorted({_word(rng, rng.randint(1, 4)) for _ in range(size * 2)})[:size]
    rng.shuffle(words)  # the most frequent words should not all start with "a"
    return words


def _actors(rng: random.Random) -> list[str]:
    names: dict[str, str] = {}  # folded like the generator's likeness key, so no two names look alike
    while len(names) < ACTOR_COUNT:
        name = f"{_word(rng, 2).capitalize()} {_word(rng, rng.randint(2, 3)).capitalize()}"
        names.setdefault(name.replace(" ", "").lower(), name)
    return list(names.values())


def _topics() -> list[str]:
    return [f"{w.capitalize()} {s}" for s in TOPIC_SUFFIXES for w in TOPIC_WORDS][:TOPIC_COUNT]


def _zipf_weights(count: int, exponent: float = 1.0) -> list[float]:
    """Cumulative Zipf weights, for `random.choices(cum_weights=...)` (cumulative is much faster)."""
    return list(accumulate(1 / (rank ** exponent) for rank in range(1, count + 1)))


def _pick(rng: random.Random, items: Sequence[str], weights: Sequence[float], k: int) -> tuple[str, ...]:
    chosen: dict[str, None] = {}
    while len(chosen) < k:
        chosen.setdefault(rng.choices(items, cum_weights=weights)[0])
    return tuple(chosen)


def _sentence(rng: random.Random, vocab: Sequence[str], weights: Sequence[float], names: Sequence[str]) -> str:
    words = rng.choices(vocab, cum_weights=weights, k=rng.randint(9, 18))
    if names and rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), rng.choice(names))
    return " ".join(words).capitalize() + "."


def _body(rng: random.Random, vocab: Sequence[str], weights: Sequence[float], names: Sequence[str]) -> str:
    paragraphs: list[str] = []
    count = 0
    headings = list(HEADINGS)
    while count < BODY_WORDS:
        if len(paragraphs) % 3 == 1 and headings:
            paragraphs.append("## " + headings.pop(0))
        sentences = [_sentence(rng, vocab, weights, names) for _ in range(rng.randint(3, 5))]
        text = " ".join(sentences)
        count += len(text.split())
        paragraphs.append(text)
    return "\n\n".join(paragraphs)


def make_corpus(n: int, seed: int = 8) -> Corpus:
    """N articles of ~600 words, 1–2 regions, 2–6 actors (Zipf), 1–3 topics, and some term files."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    vocab_weights = _zipf_weights(len(vocab), 0.9)
    actors, topics = _actors(rng), _topics()
    actor_weights, topic_weights = _zipf_weights(len(actors)), _zipf_weights(len(topics), 0.7)
    region_weights = _zipf_weights(len(REGIONS), 0.8)
    aliases = {a: f"{a.split()[0]}-{a.split()[1].lower()}" for a in actors[:40]}  # "Kasun Pakri" ~ "Kasun-pakri"
    posts: list[Post] = []
    slugs: set[str] = set()
    for _ in range(n):
        date = FIRST_DATE + dt.timedelta(days=rng.randrange(DAYS))
        cast = _pick(rng, actors, actor_weights, rng.randint(2, 6))
        title = " ".join(rng.choices(vocab, cum_weights=vocab_weights, k=rng.randint(4, 7))).capitalize()
        title = f"{cast[0]} {title}"
        slug = _unique_slug(title, slugs)
        summary = _sentence(rng, vocab, vocab_weights, cast)
        posts.append(Post(
            slug=slug, title=title, date=date,
            regions=_pick(rng, REGIONS, region_weights, rng.randint(1, 2)),
            actors=tuple(aliases.get(a, a) if rng.random() < 0.2 else a for a in cast),
            topics=_pick(rng, topics, topic_weights, rng.randint(1, 3)),
            summary=summary, body=_body(rng, vocab, vocab_weights, cast),
            publishers=tuple(rng.sample(PUBLISHERS, rng.randint(1, 2)))))
    return Corpus(tuple(posts), _term_files(actors, topics, aliases))


def _unique_slug(title: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-")
    slug, i = base, 2
    while slug in taken:
        slug, i = f"{base}-{i}", i + 1
    taken.add(slug)
    return slug


def _term_files(actors: Sequence[str], topics: Sequence[str], aliases: Mapping[str, str]) -> tuple[TermFile, ...]:
    terms = [TermFile("actors", a, (aliases[a],), {"role": "Official", "country": "RU"}) for a in actors[:40]]
    terms += [TermFile("actors", a, (), {"role": "Official"}) for a in actors[40:80]]
    terms += [TermFile("topics", t, (), {}) for t in topics[:20]]
    terms += [TermFile("regions", r, (), {"parent": p} if (p := REGION_PARENT.get(r)) else {}) for r in REGIONS[:12]]
    return tuple(terms)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _yaml_list(items: Iterable[str]) -> str:
    return "[" + ", ".join(f'"{i}"' for i in items) + "]"


def _article_text(post: Post) -> str:
    sources = "".join(
        f'  - {{publisher: {p}, title: "{post.title}", url: "https://example.org/{_slug(p)}/{post.slug}", '
        f"date: {post.date.isoformat()}}}\n" for p in post.publishers)
    return (f'---\ntitle: "{post.title}"\ndate: {post.date.isoformat()}\nregion: {_yaml_list(post.regions)}\n'
            f"actors: {_yaml_list(post.actors)}\ntopics: {_yaml_list(post.topics)}\n"
            f'summary: "{post.summary}"\nsources:\n{sources}---\n\n{post.body}\n')


def _term_text(term: TermFile) -> str:
    lines = [f'title: "{term.title}"', f'summary: "Synthetic {term.kind[:-1]} {term.title}."']
    if term.aliases:
        lines.append(f"aliases: {_yaml_list(term.aliases)}")
    lines += [f'{k}: "{v}"' for k, v in term.extra.items()]
    return "---\n" + "\n".join(lines) + f"\n---\n\nAn editors' overview of {term.title}.\n"


def _fresh(folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def write_briefing_site(root: Path, corpus: Corpus, *, search: str = "material") -> None:
    """mkdocs.yml with the briefing plugin, content/ and briefings/; `search` picks the search engine."""
    _fresh(root)
    for post in corpus.posts:
        path = root / "content" / f"{post.date:%Y}" / f"{post.date.isoformat()}-{post.slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_article_text(post), encoding="utf-8")
    for term in corpus.terms:
        path = root / "briefings" / term.kind / f"{_slug(term.title)}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_term_text(term), encoding="utf-8")
    (root / "briefings" / "index.md").write_text("Synthetic briefings for the benchmark.\n", encoding="utf-8")
    plugins = "  - search\n  - briefing\n" if search == "material" else "  - briefing:\n      search: pagefind\n"
    nav = "  - Search: search.md\n" if search == "pagefind" else ""
    (root / "mkdocs.yml").write_text(
        "site_name: Benchmark briefing\nsite_url: https://example.org/\ndocs_dir: briefings\n"
        f"theme:\n  name: material\nplugins:\n{plugins}{MKDOCS_MARKDOWN}"
        "nav:\n  - Home: index.md\n  - Topics: topics/index.md\n  - Regions: regions/index.md\n"
        f"  - Actors: actors/index.md\n  - Archive: archive/index.md\n{nav}", encoding="utf-8")


def write_blog_site(root: Path, corpus: Corpus) -> None:
    """The same posts for Material's blog plugin: categories = regions + topics, tags = actors."""
    _fresh(root)
    posts = root / "docs" / "blog" / "posts"
    posts.mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Benchmark blog\n", encoding="utf-8")
    (root / "docs" / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    (root / "docs" / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", encoding="utf-8")
    for post in corpus.posts:
        text = (f"---\ndate: {post.date.isoformat()}\ncategories: {_yaml_list((*post.regions, *post.topics))}\n"
                f"tags: {_yaml_list(post.actors)}\n---\n\n# {post.title}\n\n{post.summary}\n\n<!-- more -->\n\n"
                f"{post.body}\n")
        (posts / f"{post.date.isoformat()}-{post.slug}.md").write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Benchmark blog\nsite_url: https://example.org/\ntheme:\n  name: material\n"
        "plugins:\n  - search\n  - blog:\n      authors: false\n  - tags\n" + MKDOCS_MARKDOWN
        + "nav:\n  - Home: index.md\n  - Blog:\n    - blog/index.md\n  - Tags: tags.md\n", encoding="utf-8")


def write_pages_site(root: Path, pages: Mapping[str, str], site_name: str) -> None:
    """A plain Material site of the given docs pages (the articles-alone search baseline)."""
    _fresh(root / "docs")
    for src, text in pages.items():
        path = root / "docs" / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        f"site_name: {site_name}\nsite_url: https://example.org/\ntheme:\n  name: material\n"
        "plugins:\n  - search\nvalidation:\n  links:\n    not_found: ignore\n    unrecognized_links: ignore\n"
        + MKDOCS_MARKDOWN + "nav:\n  - Home: index.md\n", encoding="utf-8")
