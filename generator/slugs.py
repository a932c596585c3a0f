"""The one slugify: display names to `[a-z0-9-]` URL segments, and name-likeness keys."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from slugify import slugify as _slugify

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_APOSTROPHES = re.compile(r"['\u2019\u02bc]")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff]")


@functools.lru_cache(maxsize=65536)  # pure, and called for every name of every article by each stage: ~7 µs a call
def slugify(name: str) -> str:
    """Transliterate and hyphenate; a name with no letters left gets a stable hash slug."""
    # Apostrophes join a word ("People's" → "peoples"), they don't split it.
    slug = _slugify(_APOSTROPHES.sub("", _INVISIBLE.sub("", name)), lowercase=True)
    if slug:
        return slug
    return "n-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


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
