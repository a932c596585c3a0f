"""Settings from the `briefing` plugin's entry in mkdocs.yml, so the CLI and the site agree."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import yaml

from .model import Settings

PLUGIN_NAME = "briefing"


class _ConfigLoader(yaml.SafeLoader):
    """Safe loader that reads past MkDocs' own tags (`!ENV`, `!!python/name:`) as null."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_ConfigLoader.add_multi_constructor("!", _ignore_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


class ConfigError(Exception):
    """mkdocs.yml is missing or does not configure the plugin as expected."""


def plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    """The options given to the `briefing` plugin in a parsed mkdocs.yml."""
    for entry in config.get("plugins") or []:
        if entry == PLUGIN_NAME:
            return {}
        if isinstance(entry, dict) and PLUGIN_NAME in entry:
            return dict(entry[PLUGIN_NAME] or {})
    raise ConfigError(f"mkdocs.yml does not list the '{PLUGIN_NAME}' plugin under 'plugins:'")


def settings_from_options(options: dict[str, Any], config: dict[str, Any]) -> Settings:
    """Merge plugin options with the site-wide keys the generator needs."""
    known = {f.name for f in dataclasses.fields(Settings)}
    values = {k: v for k, v in options.items() if k in known}
    values["docs_dir"] = config.get("docs_dir") or "docs"
    values["site_url"] = config.get("site_url") or ""
    values["site_name"] = config.get("site_name") or "Briefing"
    return Settings(**values)


def read_settings(config_file: Path) -> Settings:
    """Read mkdocs.yml; raises ConfigError when it is missing or unreadable."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except OSError as exc:
        raise ConfigError(f"cannot read {config_file}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{config_file} is not valid YAML: {exc}") from None
    return settings_from_options(plugin_options(config), config)
