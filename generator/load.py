"""Load: bytes of a Markdown file → front-matter as a located YAML tree, plus the body.

MkDocs swallows front-matter errors, so we split and parse the front-matter ourselves,
keeping every key's true line number for the messages.
"""

from __future__ import annotations

import bisect
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
_YAML_TAG = "tag:yaml.org,2002:"
_SAFE_TAGS = frozenset(
    _YAML_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
_BOM = b"\xef\xbb\xbf"


class InvalidDate(str):
    """A scalar YAML took for a timestamp that is not a real date (`2023-13-45`)."""


class _Loader(_BaseLoader):
    """Safe loader whose bad timestamps become `InvalidDate` instead of a bare ValueError."""


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
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
    start = len(_BOM) if data.startswith(_BOM) else 0
    try:
        text = data[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = start + exc.start
        msg = f"file is not UTF-8 (byte 0x{data[offset]:02x} at offset {offset}); save it as UTF-8"
        return None, [Diagnostic(path, _line_at(data[:offset]), "error", msg)]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [Diagnostic(path, line, "error", "file holds NUL bytes; is it a binary file?")]
    if not text.strip():
        msg = "file is empty; start it with front-matter: '---', 'title: ...', '---'"
        return None, [Diagnostic(path, 1, "error", msg)]
    return text, []


def _line_at(prefix: bytes) -> int:
    """The 1-based line a byte offset falls on, whatever the line ends (LF, CRLF, CR)."""
    return prefix.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1


def split_front_matter(text: str) -> tuple[str | None, int, str, int]:
    """Return (yaml text, its first line, body, body's first line); lines are 1-based."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        _refuse_late_opening(lines)
        return None, 0, text, 1
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            return "\n".join(lines[1:index]), 2, "\n".join(lines[index + 1 :]), index + 2
    raise LoadError(1, "front-matter opened on line 1 is never closed; add a line '---' after it")


def _refuse_late_opening(lines: list[str]) -> None:
    """Blank lines above the opening `---` turn front-matter into body text; say so."""
    blanks = next((i for i, line in enumerate(lines) if line.strip()), 0)
    if blanks and lines[blanks].rstrip() == "---":
        raise LoadError(blanks + 1, f"front-matter must start on line 1; delete the {blanks} "
                                    "blank line(s) above '---'")


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
    lines = _LineMap(text, first_line)
    loader = None
    try:
        loader = _Loader(text)  # the pure-Python reader already rejects bad characters here
        node = loader.get_single_node()
        if node is None:
            return Located((), first_line, kind="map")
        return _convert(loader, node, lines, depth=0, seen=set())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = lines.at(mark.index) if mark else first_line
        raise LoadError(line, f"front-matter is not valid YAML: {_yaml_problem(exc, line, lines)}") from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, lines) from None
    except yaml.YAMLError as exc:
        problem = " ".join(str(exc).split())
        raise LoadError(first_line, f"front-matter is not valid YAML: {problem}") from None
    except RecursionError:
        raise LoadError(first_line, "front-matter is nested too deeply") from None
    finally:
        if loader is not None:
            loader.dispose()


def _reader_error(exc: yaml.reader.ReaderError, text: str, lines: _LineMap) -> LoadError:
    """A character YAML refuses; libyaml gives a byte offset, so find the character itself."""
    code = exc.character if isinstance(exc.character, int) else 0xFFFD
    index = max(text.find(chr(code)), 0)
    return LoadError(lines.at(index), f"front-matter holds the character U+{code:04X}, "
                                      "which YAML does not allow; delete it")


class _LineMap:
    """Character offset in the YAML text → file line.

    PyYAML and libyaml also count U+0085, U+2028 and U+2029 as line breaks, while editors
    and `grep -n` count only `\\n`; counting ourselves keeps the numbers from drifting.
    """

    def __init__(self, text: str, first_line: int) -> None:
        self.first_line = first_line
        self.lines = text.split("\n")
        self.breaks = [i for i, ch in enumerate(text) if ch == "\n"]

    def at(self, index: int) -> int:
        return self.first_line + bisect.bisect_left(self.breaks, index)

    def text(self, line: int) -> str:
        index = line - self.first_line
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def previous(self, line: int) -> int | None:
        """The nearest line above `line` holding something other than a comment."""
        for above in range(line - 1, self.first_line - 1, -1):
            if self.text(above).strip() and not self.text(above).lstrip().startswith("#"):
                return above
        return None

    def indent(self, line: int) -> int:
        text = self.text(line)
        return len(text) - len(text.lstrip(" "))

    def key_column(self, line: int) -> int:
        """Where the content of a line starts, after its indentation and any '- ' list markers."""
        text, column = self.text(line), self.indent(line)
        while text[column:column + 2] == "- ":
            column += 2
            column += len(text[column:]) - len(text[column:].lstrip(" "))
        return column

    def indented_with_tab(self, line: int) -> bool:
        index = line - self.first_line
        text = self.lines[index] if 0 <= index < len(self.lines) else ""
        return "\t" in text[: len(text) - len(text.lstrip())]


_UNDER_INDENT = ("did not find expected key", "did not find expected '-' indicator", "expected <block end>")


def _yaml_problem(exc: yaml.MarkedYAMLError, line: int, lines: _LineMap) -> str:
    """PyYAML's message with the hint a contributor needs, and where the broken part began."""
    problem = exc.problem or exc.context or "syntax error"
    if lines.indented_with_tab(line):
        problem += " (indent with spaces, not tabs)"
    elif (indentation := _indentation_problem(problem, line, lines)) is not None:
        return indentation
    elif "mapping values are not allowed" in problem:
        problem += "; quote a value that holds ': ', e.g. title: \"Kim: the visit\""
    if exc.problem and exc.context and exc.context_mark:
        started = lines.at(exc.context_mark.index)
        if started != line:
            problem += f" ({exc.context} started on line {started})"
    return problem


def _indentation_problem(problem: str, line: int, lines: _LineMap) -> str | None:
    """Say which line is indented wrong and how, where PyYAML's words would mislead."""
    above = lines.previous(line)
    if above is None:
        return None
    text, here = lines.text(above), lines.indent(line)
    both_items = lines.text(line).lstrip().startswith("- ") and text.lstrip().startswith("- ")
    column = lines.indent(above) if both_items else lines.key_column(above)  # a list item lines up with its dash
    over = "mapping values are not allowed" in problem and here > column and _holds_value(text)
    if over:
        return (f"line {line} is indented more than line {above} above it ({_spaces(here)}, not {column}), so "
                f"YAML reads it as the rest of line {above}'s value; start it in the same column as line {above}")
    if any(p in problem for p in _UNDER_INDENT) and 0 < here < column:
        return (f"line {line} is indented {_spaces(here)}, less than line {above} above it ({column}); the items "
                "of one list or mapping must start in the same column")
    return None


def _spaces(count: int) -> str:
    return f"{count} space{'s' * (count != 1)}"


def _holds_value(text: str) -> bool:
    """A `key: value` line (not a `key:` that opens a nested block)."""
    key, colon, value = text.strip().removeprefix("- ").partition(": ")
    return bool(colon and key and value.strip() and not value.strip().startswith("#"))


def _convert(loader: _Loader, node: yaml.Node, lines: _LineMap, *, depth: int, seen: set[int]) -> Located:
    line = lines.at(node.start_mark.index)
    if id(node) in seen:
        raise LoadError(line, "YAML anchors and aliases ('&', '*') are not allowed in front-matter")
    seen.add(id(node))
    if depth > MAX_DEPTH:
        raise LoadError(line, f"front-matter is nested more than {MAX_DEPTH} levels deep")
    _check_tag(node.tag, line)
    if isinstance(node, yaml.SequenceNode):
        items = tuple(_convert(loader, n, lines, depth=depth + 1, seen=seen) for n in node.value)
        return Located(items, line, kind="seq")
    if isinstance(node, yaml.MappingNode):
        pairs = tuple(
            (
                _convert(loader, k, lines, depth=depth + 1, seen=seen),
                _convert(loader, v, lines, depth=depth + 1, seen=seen),
            )
            for k, v in node.value
        )
        return Located(pairs, line, kind="map")
    return Located(_construct_scalar(loader, node, line), line, raw=str(node.value))


def _check_tag(tag: str, line: int) -> None:
    if tag in _SAFE_TAGS:
        return
    if tag == _YAML_TAG + "merge":
        raise LoadError(line, "YAML merge keys ('<<') are not allowed; write the keys out")
    shown = "!!" + tag[len(_YAML_TAG):] if tag.startswith(_YAML_TAG) else tag
    raise LoadError(line, f"YAML tag '{shown}' is not allowed; remove it")


def _construct_scalar(loader: _Loader, node: yaml.Node, line: int) -> Any:
    try:
        value = loader.construct_object(node, deep=True)
    except (ValueError, OverflowError):  # e.g. Python refuses to read a 5,000-digit integer
        raise LoadError(line, "a number too long to read; quote it if it is text") from None
    if isinstance(value, dt.datetime):
        return _datetime_to_date(value)
    return value


def _datetime_to_date(value: dt.datetime) -> dt.date:
    """A timestamp keeps the calendar date it was written with, whatever its zone."""
    return value.date()
