"""`briefing generate --for zensical`: mkdocs.yml translated into a zensical.toml beside the docs tree.

Zensical reads mkdocs.yml-style settings but runs no MkDocs plugin, so it gets the tree `generate` writes
(DIR/docs/) and a config without the `briefing` plugin and without the MkDocs-only theme overrides.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from .urls import CSS_URI

DOCS_DIR = "docs"
OVERRIDES_DIR = "overrides"  # Zensical's custom_dir: the builder-neutral theme/common/
CONFIG_NAME = "zensical.toml"
#: What `zensical build` and `zensical serve` write into DIR themselves: theirs, never foreign, never touched.
BUILDER_OUTPUT = ("site", ".cache")
#: Site-wide settings that mean the same to both builders and are carried over as they are.
SITE_KEYS = ("site_name", "site_url", "site_description", "site_author", "copyright", "repo_url", "repo_name")
#: Material theme settings Zensical reads alike; `name` and MkDocs' own `custom_dir` stay behind.
THEME_KEYS = ("language", "direction", "features", "palette", "font", "logo", "favicon", "icon")
HEADER = ("# Written by `briefing generate --for zensical` from {source}: edit that file, not this one.\n"
          "# Build: zensical build --strict (in this folder); preview: zensical serve.\n")


class TranslateError(Exception):
    """mkdocs.yml holds something zensical.toml cannot say; the message names it."""


def load_mkdocs_config(config_file: Path) -> Any:
    """mkdocs.yml through MkDocs' own loader, so `!ENV`, `INHERIT` and defaults mean what they mean to MkDocs."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    try:
        return load_config(config_file=str(config_file))
    except (ConfigurationError, OSError) as exc:
        raise TranslateError(f"{config_file}: {exc}") from None


def search_option(config_file: Path) -> str:
    """The `briefing` plugin's `search` option (material or pagefind), as MkDocs reads it."""
    plugin = load_mkdocs_config(config_file).plugins.get("briefing")
    return str(plugin.config.search) if plugin is not None else "material"


def zensical_project(config: Any) -> dict[str, Any]:
    """The `[project]` table: site keys, nav, extra files, theme and Markdown extensions."""
    theme = config.theme
    if theme.name != "material":
        raise TranslateError(f"theme '{theme.name}': Zensical builds Material-style sites only")
    project: dict[str, Any] = {key: config[key] for key in SITE_KEYS if config[key]}
    project["docs_dir"] = DOCS_DIR
    if not config.use_directory_urls:
        project["use_directory_urls"] = False
    if config.nav:
        project["nav"] = config.nav
    project["extra_css"] = [*map(str, config.extra_css), *([] if CSS_URI in config.extra_css else [CSS_URI])]
    if config.extra_javascript:
        project["extra_javascript"] = [_script(s) for s in config.extra_javascript]
    if config.extra:
        project["extra"] = dict(config.extra)
    project["theme"] = {key: theme[key] for key in THEME_KEYS if key in theme and theme[key] is not None}
    project["theme"]["custom_dir"] = OVERRIDES_DIR
    project["markdown_extensions"] = {name: _plain(config.mdx_configs.get(name, {}), f"markdown_extensions: {name}")
                                      for name in config.markdown_extensions}
    return project


def _script(script: Any) -> Any:
    """An extra_javascript entry: its path, or a table when it carries attributes."""
    attributes = {k: getattr(script, a, None) for k, a in (("type", "type"), ("async", "async_"), ("defer", "defer"))}
    if not any(attributes.values()):
        return str(script)
    return {"path": str(script.path), **{k: v for k, v in attributes.items() if v}}


def _plain(value: Any, where: str) -> Any:
    """Settings as TOML can hold them; a Python function becomes its dotted name, which Zensical resolves."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v, f"{where}: {k}") for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, where) for v in value]
    if isinstance(value, str | bool | int | float):
        return value
    if callable(value) and hasattr(value, "__module__") and hasattr(value, "__qualname__"):
        return f"{value.__module__}.{value.__qualname__}"
    raise TranslateError(f"mkdocs.yml: {where}: {value!r} has no zensical.toml spelling; translate it by hand")


def zensical_toml(project: Mapping[str, Any], *, source: str = "mkdocs.yml") -> str:
    """The `[project]` table as TOML text: scalars and lists first, then one section per sub-table."""
    return HEADER.format(source=source) + "\n".join(_table(("project",), project))


def _table(path: tuple[str, ...], table: Mapping[str, Any]) -> list[str]:
    """One section; below [project] everything is inline, so Markdown extensions keep their order."""
    nest = len(path) == 1
    inline = {k: v for k, v in table.items() if not (nest and isinstance(v, Mapping) and v)}
    lines = [f"[{'.'.join(map(_key, path))}]", *(f"{_key(k)} = {_value(v, block=True)}" for k, v in inline.items())]
    for key, sub in table.items():
        if key not in inline:
            lines += _table((*path, key), sub)
    return [*lines, ""]


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, but for DEL, which TOML wants escaped too."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _value(value: Any, *, block: bool = False) -> str:
    """An inline TOML value; a top-level list of tables gets one line per item, for a readable nav."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_key(str(k))} = {_value(v)}" for k, v in value.items()) + " }" if value else "{}"
    items = [_value(v) for v in value]
    if block and any(isinstance(v, Mapping | list) for v in value):
        return "[\n" + "".join(f"  {item},\n" for item in items) + "]"
    return "[" + ", ".join(items) + "]"


def zensical_tree(config_file: Path, docs: Mapping[str, bytes]) -> dict[str, bytes]:
    """What `generate --for zensical` writes: docs/, the builder-neutral theme overrides, and zensical.toml."""
    toml = zensical_toml(zensical_project(load_mkdocs_config(config_file)), source=config_file.name)
    return {CONFIG_NAME: toml.encode("utf-8"), **overrides(),
            **{f"{DOCS_DIR}/{rel}": data for rel, data in docs.items()}}


def overrides() -> dict[str, bytes]:
    """theme/common, read by both builders (theme/material holds MkDocs-only partials), as overrides/."""
    return dict(sorted(_files(resources.files("generator").joinpath("theme", "common"), OVERRIDES_DIR).items()))


def _files(folder: Traversable, prefix: str) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for entry in folder.iterdir():
        if entry.is_dir():
            out.update(_files(entry, f"{prefix}/{entry.name}"))
        elif entry.is_file():
            out[f"{prefix}/{entry.name}"] = entry.read_bytes()
    return out
