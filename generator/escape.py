"""Escaping for each place a front-matter value lands: Markdown, HTML, XML, JSON, YAML."""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup, escape

# Every character Python-Markdown or its extensions (attr_list, tables, md_in_html) could read
# as syntax becomes a numeric character reference: it renders as itself and means nothing.
_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>&~^=\"':$@%]")


def md(value: object) -> Markup:
    """Plain text safe in inline Markdown: no markup, links, HTML or line breaks survive."""
    text = re.sub(r"\s+", " ", str(value))
    return Markup(_MD_SPECIAL.sub(lambda m: f"&#{ord(m.group(0))};", text))


def html(value: object) -> Markup:
    """Text safe inside HTML (also inside a raw-HTML block of a Markdown page)."""
    return Markup(escape(" ".join(str(value).split())))


# JSON spells a character beyond U+FFFF as a surrogate pair, which YAML refuses (MkDocs would then
# show the front-matter as text); YAML wants one `\U` escape. Escaped backslashes are matched first.
_SURROGATE_PAIR = re.compile(r"\\\\|\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})")


def yaml_str(value: object) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML) for generated front-matter."""
    text = json.dumps(" ".join(str(value).split()), ensure_ascii=True)
    return _SURROGATE_PAIR.sub(_one_escape, text)


def _one_escape(match: re.Match[str]) -> str:
    if match.group(1) is None:
        return match.group(0)
    code = 0x10000 + ((int(match.group(1), 16) - 0xD800) << 10) + int(match.group(2), 16) - 0xDC00
    return f"\\U{code:08x}"


def meta_text(value: object) -> str:
    """A generated page title: escaped for HTML text (themes print it raw between tags), then YAML-quoted.

    Both themes escape titles themselves inside attributes, so quotes stay as typed: Zensical's search
    shows the title as text, and `Kim Jong Un's` reads as written there.
    """
    text = " ".join(str(value).split())
    return yaml_str(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def yaml_flow(data: Any) -> str:
    """A one-line YAML flow value (JSON, with YAML's escapes for characters beyond U+FFFF)."""
    text = json.dumps(data, ensure_ascii=True, separators=(", ", ": "))
    return _SURROGATE_PAIR.sub(_one_escape, text)


def meta_str(value: object) -> str:
    """A generated front-matter value: HTML-escaped (themes print page.meta raw), then YAML-quoted."""
    return yaml_str(escape(" ".join(str(value).split())))


def json_text(data: Any) -> str:
    """JSON that is also safe to inline in HTML: `<`, `>` and `&` are \\u-escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def finalize(value: object) -> object:
    """Jinja `finalize` for Markdown templates: anything not already Markup is escaped."""
    if isinstance(value, Markup | int | float):
        return value
    return md("" if value is None else value)
