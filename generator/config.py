"""Settings from the `briefing` plugin's entry in mkdocs.yml, so the CLI and the site agree."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from .model import Settings

PLUGIN_NAME = "briefing"


class _ConfigLoader(yaml.SafeLoader):
    """Safe loader that reads past MkDocs' own tags (`!ENV`, `!!python/name:`) as null."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """MkDocs' `!ENV [NAME, ..., default]`: the first variable set, else the default."""
    if isinstance(node, yaml.SequenceNode):
        items: list[Any] = loader.construct_sequence(node)
    else:
        items = [loader.construct_scalar(node)]  # type: ignore[arg-type]
    names, default = (items, None) if len(items) == 1 else (items[:-1], items[-1])
    return next((os.environ[n] for n in names if isinstance(n, str) and n in os.environ), default)


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("!", _ignore_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


class ConfigError(Exception):
    """mkdocs.yml is missing or does not configure the plugin as expected."""


def plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    """The options given to the `briefing` plugin in a parsed mkdocs.yml."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):  # MkDocs also accepts `plugins:` as a mapping
        plugins = [{name: options} for name, options in plugins.items()]
    if not isinstance(plugins, list):
        raise ConfigError("'plugins' in mkdocs.yml must be a list")
    for entry in plugins:
        if entry == PLUGIN_NAME:
            return {}
        if isinstance(entry, dict) and PLUGIN_NAME in entry:
            options = entry[PLUGIN_NAME] or {}
            if not isinstance(options, dict):
                raise ConfigError(f"the '{PLUGIN_NAME}' plugin's options in mkdocs.yml must be 'key: value' lines")
            return dict(options)
    raise ConfigError(f"mkdocs.yml does not list the '{PLUGIN_NAME}' plugin under 'plugins:'")


NAMES_CHOICES = ("open", "declared")


def settings_from_options(options: dict[str, Any], config: dict[str, Any]) -> Settings:
    """Merge plugin options with the site-wide keys the generator needs; check their types."""
    known = {f.name for f in dataclasses.fields(Settings)}
    values = {k: v for k, v in options.items() if k in known}
    values["docs_dir"] = config.get("docs_dir") or "docs"
    values["site_url"] = config.get("site_url") or ""
    values["site_name"] = config.get("site_name") or "Briefing"
    for spec in dataclasses.fields(Settings):
        if spec.name in values:
            _check_type(spec.name, values[spec.name], spec.default)
    settings = Settings(**values)
    if settings.names not in NAMES_CHOICES:
        raise ConfigError(f"'names' in mkdocs.yml must be one of {', '.join(NAMES_CHOICES)}, got {settings.names!r}")
    _check_folders(settings)
    return settings


def _check_type(name: str, value: Any, default: Any) -> None:
    if isinstance(default, bool):
        ok, what = isinstance(value, bool), "true or false"
    elif isinstance(default, int):
        ok, what = isinstance(value, int) and not isinstance(value, bool) and value >= 0, "a whole number >= 0"
    else:
        ok, what = isinstance(value, str), "text"
    if not ok:
        raise ConfigError(f"'{name}' in mkdocs.yml must be {what}, got {value!r}")


def _check_folders(settings: Settings) -> None:
    """Both folders lie inside the project and apart: the generator reads them as its inputs."""
    content, docs = PurePosixPath(settings.content_dir), PurePosixPath(settings.docs_dir)
    for name, folder in (("content_dir", content), ("docs_dir", docs)):
        if folder.is_absolute() or ".." in folder.parts or not folder.parts:
            raise ConfigError(f"'{name}' in mkdocs.yml must be a folder inside the project, "
                              f"got '{folder}'")
    if content.is_relative_to(docs) or docs.is_relative_to(content):
        raise ConfigError(f"'content_dir' ({content}) and 'docs_dir' ({docs}) must be separate folders")


def read_settings(config_file: Path) -> Settings:
    """Read mkdocs.yml; raises ConfigError when it is missing or unreadable."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except OSError as exc:
        raise ConfigError(f"cannot read {config_file}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{config_file} is not UTF-8 text") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{config_file}{where} is not valid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{config_file} is not valid YAML: {' '.join(str(exc).split())}") from None
    if not isinstance(config, dict):
        raise ConfigError(f"{config_file} must be 'key: value' lines")
    return settings_from_options(plugin_options(config), config)
