"""The one slugify: display names to `[a-z0-9-]` URL segments, and name-likeness keys."""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable

from slugify import slugify as _slugify

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_APOSTROPHES = re.compile(r"['\u2019\u02bc]")
_DIGITS = re.compile(r"\d+")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff]")


@functools.lru_cache(maxsize=65536)  # pure, and called for every name of every article by each stage: ~7 µs a call
def slugify(name: str) -> str:
    """Transliterate and hyphenate; a name with no letters left gets a stable hash slug."""
    # Apostrophes join a word ("People's" → "peoples"), they don't split it.
    slug = _slugify(_APOSTROPHES.sub("", _INVISIBLE.sub("", name)), lowercase=True)
    if slug:
        return slug
    return "n-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


MAX_SLUG = 80


def title_slug(title: str, limit: int = MAX_SLUG) -> str:
    """The file-name slug for a title, cut at a hyphen so long headlines make sane file names."""
    slug = slugify(title)
    if len(slug) <= limit:
        return slug
    cut = slug[:limit + 1].rsplit("-", 1)[0]
    return cut or slug[:limit]


def is_slug(text: str) -> bool:
    """True for a valid slug: lowercase ASCII letters, digits, single hyphens."""
    return bool(_SLUG_RE.fullmatch(text))  # `match` with `$` would let a trailing newline through


@functools.lru_cache(maxsize=65536)  # pure, and asked for every name of every article
def likeness_key(name: str) -> str:
    """Fold case, accents, spacing, hyphens and punctuation: 'Kim Jong-un' ~ 'kim jong un'."""
    decomposed = unicodedata.normalize("NFKD", _INVISIBLE.sub("", name))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = "".join(ch for ch in stripped.casefold() if ch.isalnum())
    # A name of symbols only folds to nothing; it is then like no other name but itself.
    return folded or name


def near_key(name: str) -> str:
    """Transliterated, case- and punctuation-folded: 'Владимир Путин' → 'vladimirputin'."""
    return slugify(name).replace("-", "")


def one_edit_apart(a: str, b: str) -> bool:
    """True when one insertion, deletion, substitution or swap of neighbours turns `a` into `b`."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    start = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    if len(a) < len(b):
        return a[start:] == b[start + 1:]
    swapped = start + 1 < len(a) and a[start] == b[start + 1] and a[start + 1] == b[start]
    return a[start + 1:] == b[start + 1:] or (swapped and a[start + 2:] == b[start + 2:])


def _letter_pairs(key: str) -> frozenset[str]:
    return frozenset(key[i:i + 2] for i in range(len(key) - 1))


class NearNames:
    """Names that look like a given one: a likely typo (one edit, or difflib's ratio) after transliteration."""

    CUTOFF = 0.85
    MIN_EDIT_LENGTH = 5  # "Kim" and "Kin" are different people far more often than typos

    def __init__(self, names: Iterable[str]) -> None:
        self.by_key: dict[str, list[str]] = {}
        for name in sorted(set(names)):
            self.by_key.setdefault(near_key(name), []).append(name)
        self.by_length: dict[int, list[str]] = {}
        self.pairs: dict[str, frozenset[str]] = {}
        self.found: dict[str, list[str]] = {}  # near() by name: a finder is shared by rebuilds (near_names)
        for key in self.by_key:
            self.by_length.setdefault(len(key), []).append(key)
            self.pairs[key] = _letter_pairs(key)

    def shares_url(self, name: str) -> bool:
        """True when another name has the same key, so the same URL: that is an error of its own."""
        return len(self.by_key.get(near_key(name), ())) > 1

    def near(self, name: str) -> list[str]:
        """Names whose key is close to `name`'s but not the same (the same key is the same URL)."""
        if name not in self.found:
            self.found[name] = self._near(name)
        return list(self.found[name])

    def _near(self, name: str) -> list[str]:
        key = near_key(name)
        reach = max(1, int(len(key) * (1 - self.CUTOFF) * 2))
        matcher = difflib.SequenceMatcher(b=key, autojunk=False)  # b is analysed once, a varies
        scored: list[tuple[float, str]] = []
        pairs = _letter_pairs(key)
        for length in range(len(key) - reach, len(key) + reach + 1):
            for other in self.by_length.get(length, ()):
                # Look-alikes share most letter pairs; a set intersection (in C) rules out the rest cheaply.
                if len(pairs & self.pairs[other]) * 2 < max(len(pairs), len(self.pairs[other])):
                    continue
                if other == key or _DIGITS.sub("", other) == _DIGITS.sub("", key):
                    continue  # "Unit 1" and "Unit 12" are numbered on purpose
                matcher.set_seq1(other)
                if len(key) >= self.MIN_EDIT_LENGTH and one_edit_apart(key, other):
                    scored.append((1.0, other))
                elif matcher.real_quick_ratio() >= self.CUTOFF and matcher.quick_ratio() >= self.CUTOFF \
                        and (ratio := matcher.ratio()) >= self.CUTOFF:
                    scored.append((ratio, other))
        return [n for _, other in sorted(scored, key=lambda s: (-s[0], s[1])) for n in self.by_key[other]]


@functools.lru_cache(maxsize=8)
def near_names(names: frozenset[str]) -> NearNames:
    """The finder for one set of names, kept while `mkdocs serve` rebuilds with the same names (most saves):
    at 1,000 articles its look-ups were 0.16 s of a 1 s rebuild (issue 16)."""
    return NearNames(names)
