"""Load: bytes of a Markdown file → front-matter as a located YAML tree, plus the body.

MkDocs swallows front-matter errors, so we split and parse the front-matter ourselves,
keeping every key's true line number for the messages.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml

from .model import Diagnostic

try:  # libyaml is much faster; fall back to pure Python where it is not installed.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_FRONT_MATTER_BYTES = 512 * 1024
MAX_DEPTH = 16
_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_SAFE_TAGS = frozenset(
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)


class InvalidDate(str):
    """A scalar YAML took for a timestamp that is not a real date (`2023-13-45`)."""


class _Loader(_BaseLoader):
    """Safe loader whose bad timestamps become `InvalidDate` instead of a bare ValueError."""


def _construct_timestamp(loader: yaml.constructor.SafeConstructor, node: yaml.Node) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return InvalidDate(node.value)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


@dataclass(frozen=True)
class Located:
    """A YAML value with the file line it starts on (1-based) and its source text."""

    value: Any  # a scalar, tuple[Located, ...] or tuple[tuple[Located, Located], ...]
    line: int
    raw: str = ""
    kind: str = "scalar"  # "scalar", "seq" or "map"

    def items(self) -> tuple[tuple[Located, Located], ...]:
        return self.value if self.kind == "map" else ()


@dataclass(frozen=True)
class Document:
    """One Markdown file split into front-matter and body."""

    path: str
    meta: Located | None
    body: str
    body_line: int


class LoadError(Exception):
    """A problem that stops a file from loading; carries the line it was found on."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def decode_text(path: str, data: bytes, *, max_bytes: int) -> tuple[str | None, list[Diagnostic]]:
    """Bytes → text with a BOM removed and line ends made `\\n`, or a diagnostic."""
    if len(data) > max_bytes:
        msg = f"file is over the size limit of {max_bytes:,} bytes; split it or trim it"
        return None, [Diagnostic(path, 1, "error", msg)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        msg = f"file is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8"
        return None, [Diagnostic(path, line, "error", msg)]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [Diagnostic(path, line, "error", "file holds NUL bytes; is it a binary file?")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return None, [Diagnostic(path, 1, "error", "file is empty; an article needs front-matter")]
    return text, []


def split_front_matter(text: str) -> tuple[str | None, int, str, int]:
    """Return (yaml text, its first line, body, body's first line); lines are 1-based."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, 0, text, 1
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            return "\n".join(lines[1:index]), 2, "\n".join(lines[index + 1 :]), index + 2
    raise LoadError(1, "front-matter opened on line 1 is never closed; add a line '---' after it")


def parse_document(path: str, text: str) -> Document:
    """Split one file and parse its front-matter; raises LoadError on broken YAML."""
    yaml_text, first_line, body, body_line = split_front_matter(text)
    if yaml_text is None:
        return Document(path, None, body, body_line)
    if len(yaml_text.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise LoadError(first_line, f"front-matter is over {MAX_FRONT_MATTER_BYTES:,} bytes")
    if not yaml_text.strip():
        return Document(path, Located((), first_line, kind="map"), body, body_line)
    return Document(path, parse_yaml(yaml_text, first_line), body, body_line)


def parse_yaml(text: str, first_line: int) -> Located:
    """Compose YAML safely and convert it into a Located tree; raises LoadError."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located((), first_line, kind="map")
        return _convert(loader, node, first_line, depth=0, seen=set())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        raise LoadError(line, f"front-matter is not valid YAML: {_yaml_problem(exc)}") from None
    except yaml.YAMLError as exc:
        raise LoadError(first_line, f"front-matter is not valid YAML: {exc}") from None
    except RecursionError:
        raise LoadError(first_line, "front-matter is nested too deeply") from None
    finally:
        loader.dispose()


def _yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or exc.context or "syntax error"
    if "found character '\\t'" in problem:
        return problem + " (indent with spaces, not tabs)"
    if "could not determine a constructor" in problem:
        return "tags such as '!!python/...' are not allowed; remove the tag"
    return problem


def _convert(loader: _Loader, node: yaml.Node, first_line: int, *, depth: int, seen: set[int]) -> Located:
    line = first_line + node.start_mark.line
    if id(node) in seen:
        raise LoadError(line, "YAML anchors and aliases ('&', '*') are not allowed in front-matter")
    seen.add(id(node))
    if depth > MAX_DEPTH:
        raise LoadError(line, f"front-matter is nested more than {MAX_DEPTH} levels deep")
    if node.tag not in _SAFE_TAGS:
        raise LoadError(line, f"YAML tag '{node.tag}' is not allowed; remove it")
    if isinstance(node, yaml.SequenceNode):
        items = tuple(_convert(loader, n, first_line, depth=depth + 1, seen=seen) for n in node.value)
        return Located(items, line, kind="seq")
    if isinstance(node, yaml.MappingNode):
        pairs = tuple(
            (
                _convert(loader, k, first_line, depth=depth + 1, seen=seen),
                _convert(loader, v, first_line, depth=depth + 1, seen=seen),
            )
            for k, v in node.value
        )
        return Located(pairs, line, kind="map")
    value = loader.construct_object(node, deep=True)
    if isinstance(value, dt.datetime) and not isinstance(value, InvalidDate):
        value = _datetime_to_date(value)
    return Located(value, line, raw=str(node.value))


def _datetime_to_date(value: dt.datetime) -> dt.date:
    """A timestamp keeps the calendar date it was written with, whatever its zone."""
    return value.date()
