"""Property tests: whatever bytes a contributor commits, the check answers with diagnostics, never a crash.

`BRIEFING_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/test_fuzz_load.py` searches harder.
"""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.corpus import Corpus, build_corpus
from generator.model import Settings

EXAMPLES = int(os.environ.get("BRIEFING_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PATHS = ["content/2023/2023-09-12-a.md", "briefings/topics/t.md", "briefings/actors/a.md", "briefings/regions/r.md"]
VALID = "---\ntitle: T\ndate: 2023-09-12\nregion: R\nactors: [A]\n---\n"

KEYS = ["title", "date", "region", "actors", "topics", "summary", "sources", "updated", "slug", "draft",
        "aliases", "role", "country", "parent", "countries", "match", "publisher", "url", "regoin", "<<",
        "? ", "1", "true", "", "x y", "- a"]
TOKENS = ["NO", "yes", "off", "~", "null", "2023-09-12", "2023-13-45", "2023-09-12T10:00:00Z", "12", "0x1F",
          "1e3", ".inf", "9" * 5000, "[", "]", "{", "}", ",", "&a", "*a", "!!python/object/apply:os.system ['x']",
          "!!str", "!!set", "!x", "|", ">-", "'", '"', "#", "- ", "? ", ": ", "\t", "...", "---", "%YAML 1.1",
          "\\e", '"\\x1b"', '"\\u2028"', "\u2028", "\x85", "\ufeff", "\x00", "\x7f", "é", "Ким", "🚂", "<script>",
          "javascript:x", "https://example.org", "../x", "Kim Jong-un", "Kim Jong Un", " "]
BODY_TOKENS = ["\n", "```", "~~~", "````", "<script>", "<p onclick=x>", "[x](javascript:y)", "&#106;", "<a\n",
               "href=", '"', "`", "\\", "---", "text", " ", "<iframe", "on", "=", "(", "<", "\r", "\x00"]


def check_corpus(sources: dict[str, bytes]) -> Corpus:
    """build_corpus must return, and every diagnostic must be one well-formed line in a real place."""
    corpus = build_corpus(sources, Settings())
    for diagnostic in corpus.diagnostics:
        data = sources[diagnostic.path]
        lines = len(re.split(rb"\r\n|\r|\n", data))
        assert 1 <= diagnostic.line <= lines, (diagnostic, lines)
        assert diagnostic.severity in ("error", "warning")
        assert diagnostic.message and diagnostic.message.isprintable(), diagnostic
        assert str(diagnostic).count("\n") == 0
    assert build_corpus(sources, Settings()) == corpus  # pure: the same input, the same answer
    return corpus


@FUZZ
@given(path=st.sampled_from(PATHS), data=st.binary(max_size=3000))
def test_arbitrary_bytes(path: str, data: bytes) -> None:
    check_corpus({path: data})


@FUZZ
@given(path=st.sampled_from(PATHS), data=st.binary(max_size=1500))
def test_arbitrary_bytes_after_an_opening_fence(path: str, data: bytes) -> None:
    check_corpus({path: b"---\n" + data})


fragments = st.sampled_from([b"---", b"...", b"\n", b"\r\n", b"\r", b"\xef\xbb\xbf", b"\x00", b"\xff", b"\xc3",
                             b"title: ", b"date: 2023-09-12", b"region: NO", b"actors: [A]", b" ", b"\t",
                             b"\xe2\x80\xa8"])


@FUZZ
@given(path=st.sampled_from(PATHS), parts=st.lists(fragments, max_size=40))
def test_byte_fragments(path: str, parts: list[bytes]) -> None:
    check_corpus({path: b"".join(parts)})


@st.composite
def yamlish(draw: st.DrawFn) -> str:
    """Front-matter-like text: keys, nested lists and mappings, odd indentation and tricky scalars."""
    lines = []
    for _ in range(draw(st.integers(0, 12))):
        indent = draw(st.sampled_from(["", "", "", "  ", "    ", " ", "\t", "  - ", "- "]))
        key = draw(st.sampled_from(KEYS) | st.text(max_size=8))
        separator = draw(st.sampled_from([": ", ":", " : ", ":\n  - ", ":\n  ", ": [", ": {", ""]))
        value = "".join(draw(st.lists(st.sampled_from(TOKENS) | st.text(max_size=6), max_size=4)))
        lines.append(f"{indent}{key}{separator}{value}")
    return "\n".join(lines)


@FUZZ
@given(path=st.sampled_from(PATHS), text=yamlish(), body=st.text(max_size=200),
       newline=st.sampled_from(["\n", "\r\n", "\r"]), bom=st.booleans(),
       blank=st.sampled_from(["", "\n", "\n\n"]), closing=st.sampled_from(["---", "...", "--- ", ""]))
def test_arbitrary_yaml_between_fences(path: str, text: str, body: str, newline: str, bom: bool,
                                       blank: str, closing: str) -> None:
    source = f"---\n{blank}{text}\n{closing}\n{body}".replace("\n", newline)
    data = ("\ufeff" if bom else "").encode() + source.encode("utf-8", "surrogatepass")
    check_corpus({path: data})


@FUZZ
@given(body=st.lists(st.sampled_from(BODY_TOKENS) | st.text(max_size=5), max_size=60))
def test_arbitrary_bodies(body: list[str]) -> None:
    corpus = check_corpus({"content/a.md": (VALID + "".join(body)).encode("utf-8", "surrogatepass")})
    assert all(d.line >= 7 for d in corpus.diagnostics)


@FUZZ
@given(files=st.dictionaries(st.sampled_from([*PATHS, "content/b.md", "content/2024/b.md"]),
                             yamlish().map(lambda t: f"---\n{t}\n---\n".encode("utf-8", "surrogatepass")),
                             max_size=5))
def test_several_files_together(files: dict[str, bytes]) -> None:
    check_corpus(files)
