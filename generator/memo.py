"""The serve memo: what a build made, by the model it was made from, kept across `mkdocs serve` rebuilds.

Keys are page models (`pages.py`) and their parts (feed entries, data entries, charts): a page
shows only what its model holds, so an equal model means an equal page. Nothing is keyed by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Memo(Generic[V]):
    """Values by key; a build keeps only what it used, so the memo does not grow across rebuilds."""

    def __init__(self) -> None:
        self._last: dict[_Key, V] = {}  # what the previous build used
        self._used: dict[_Key, V] = {}  # what this build used so far
        self._salt: Hashable = None
        self.made = 0  # values made (not remembered) since `begin`: for tests and benchmarks

    def begin(self, salt: Hashable = None) -> None:
        """Start a build; a different `salt` (templates, render options) forgets everything."""
        self._last, self._used = ({} if salt != self._salt else self._used), {}
        self._salt, self.made = salt, 0

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value for `key`: this build's, the last build's, or `make()`."""
        key = _Key(key)
        try:
            return self._used[key]
        except KeyError:
            pass
        try:
            value = self._last[key]
        except KeyError:
            value, self.made = make(), self.made + 1
        self._used[key] = value
        return value


class _Key:
    """A key with its hash worked out once: a page model's hash walks everything the page shows."""

    __slots__ = ("hash", "key")

    def __init__(self, key: Hashable) -> None:
        self.key = key
        self.hash = hash(key)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key) and self.hash == other.hash and self.key == other.key
