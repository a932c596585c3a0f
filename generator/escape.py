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


def yaml_str(value: object) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML) for generated front-matter."""
    return json.dumps(" ".join(str(value).split()), ensure_ascii=True)


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
