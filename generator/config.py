"""Settings: one schema, the `briefing` plugin's options (BriefingConfig), for the build and the CLI alike.

The CLI reads mkdocs.yml with MkDocs' own YAML loader (`INHERIT`, `!ENV`, `!relative` as in `mkdocs
build`) and checks the plugin's options with the same Config class MkDocs checks them with. An unknown
or ill-typed option is an error in both, naming mkdocs.yml and the option's line where it is found.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, Config, ConfigErrors, ConfigWarnings, ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from .builddate import build_date
from .model import Settings

PLUGIN_NAME = "briefing"
_DEFAULTS = Settings()


class ConfigError(Exception):
    """mkdocs.yml is missing or does not configure the plugin as expected."""


class Count(BaseConfigOption[int]):
    """A whole number within bounds: a huge `active_days` overflowed date arithmetic."""

    def __init__(self, default: int, low: int, high: int) -> None:
        super().__init__()
        self.default, self.low, self.high = default, low, high

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not self.low <= value <= self.high:
            raise ValidationError(f"must be a whole number from {self.low:,} to {self.high:,}, got {value!r}")
        return value


class Text(BaseConfigOption[str]):
    """Text, with a message a site owner reads without knowing Python's types."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str):
            raise ValidationError(f"must be text, got {value!r}")
        return value


class BriefingConfig(Config):  # type: ignore[no-untyped-call]
    """The plugin's options in mkdocs.yml: the only settings schema."""

    content_dir = Text(_DEFAULTS.content_dir)
    feed_size = Count(_DEFAULTS.feed_size, 0, 10_000)
    related_count = Count(_DEFAULTS.related_count, 0, 100)
    active_days = Count(_DEFAULTS.active_days, 1, 36_500)
    max_file_bytes = Count(_DEFAULTS.max_file_bytes, 1, 1024 * 1024 * 1024)
    names = c.Choice(("open", "declared"), default="open")  # declared: a name needs a term file
    search = c.Choice(("material", "pagefind"), default="material")  # pagefind: for thousands of articles
    #: Docs files whose HTML or script is not held to the allowlist (editors' own pages, never content).
    trusted_pages = c.ListOfItems(c.Type(str), default=[])


def strict_options(errors: ConfigErrors, warnings: ConfigWarnings, config_file: str | None
                   ) -> tuple[ConfigErrors, ConfigWarnings]:
    """MkDocs' result of checking the options, with unknown options as errors, each at its mkdocs.yml line."""
    unrecognised = "Unrecognised configuration name"
    unknown = [(key, ValidationError("is not an option of the briefing plugin"))
               for key, message in warnings if message.startswith(unrecognised)]
    kept = [(key, message) for key, message in warnings if not message.startswith(unrecognised)]
    placed: ConfigErrors = [(key, ValidationError(f"{where(config_file, key)}'{key}' {error}"))
                            for key, error in [*errors, *unknown]]
    return placed, kept


def where(config_file: str | None, key: str) -> str:
    """`mkdocs.yml:12: ` for an option of the plugin, as far as the file itself shows it."""
    if not config_file:
        return ""
    line = option_line(Path(config_file), key)
    return f"{shown_file(config_file)}:{line}: " if line else f"{shown_file(config_file)}: "


def shown_file(config_file: str | Path) -> str:
    """The config file as a message names it: relative to the working folder when inside it."""
    path = os.path.abspath(config_file)
    return os.path.relpath(path) if path.startswith(os.getcwd() + os.sep) else str(config_file)


def option_line(config_file: Path, key: str) -> int | None:
    """The line of `key` in the plugin's options in `config_file` (not in a file it INHERITs)."""
    try:
        root = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    plugins = _value(root, "plugins")
    entries = plugins.value if isinstance(plugins, yaml.SequenceNode) else [plugins]
    for entry in entries:
        found = _key_node(_value(entry, PLUGIN_NAME), key)
        if found is not None:
            return found.start_mark.line + 1
    return None


def _value(node: object, key: str) -> object:
    found = _key_node(node, key)
    return None if found is None else dict(node.value)[found] if isinstance(node, yaml.MappingNode) else None


def _key_node(node: object, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((k for k, _ in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def plugin_options(config: Mapping[str, Any], config_file: Path) -> dict[str, Any]:
    """The options given to the `briefing` plugin in a loaded mkdocs.yml."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):  # MkDocs also accepts `plugins:` as a mapping
        plugins = [{name: options} for name, options in plugins.items()]
    if not isinstance(plugins, list):
        raise ConfigError(f"'plugins' in {shown_file(config_file)} must be a list")
    for entry in plugins:
        if entry == PLUGIN_NAME:
            return {}
        if isinstance(entry, dict) and PLUGIN_NAME in entry:
            options = entry[PLUGIN_NAME] or {}
            if not isinstance(options, dict):
                raise ConfigError(f"the '{PLUGIN_NAME}' plugin's options in {shown_file(config_file)} "
                                  "must be 'key: value' lines")
            return dict(options)
    raise ConfigError(f"{shown_file(config_file)} does not list the '{PLUGIN_NAME}' plugin under 'plugins:'")


def settings_from(options: BriefingConfig, *, root: Path, docs_dir: str | os.PathLike[str], site_url: str | None,
                  site_name: str | None, include_drafts: bool = False) -> Settings:
    """The core's Settings from the checked plugin options, the site-wide keys it needs and the build date."""
    docs = Path(root, docs_dir).resolve()  # MkDocs reads a relative docs_dir from the config file's folder
    if not docs.is_relative_to(root.resolve()):
        raise ConfigError(f"'docs_dir' must be a folder inside the project, got '{docs_dir}'")
    values = {f.name: options[f.name] for f in dataclasses.fields(Settings) if f.name in options}
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}  # trusted_pages
    settings = Settings(**{**values, "docs_dir": docs.relative_to(root.resolve()).as_posix(),
                           "site_url": site_url or "", "site_name": site_name or _DEFAULTS.site_name,
                           "include_drafts": include_drafts, "build_date": _build_date(root)})
    _check_folders(settings)
    return settings


def _build_date(root: Path) -> dt.date:
    try:
        return build_date(root)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


def _check_folders(settings: Settings) -> None:
    """Both folders lie inside the project and apart: the generator reads them as its inputs."""
    content, docs = PurePosixPath(settings.content_dir), PurePosixPath(settings.docs_dir)
    for name, folder in (("content_dir", content), ("docs_dir", docs)):
        if folder.is_absolute() or ".." in folder.parts or not folder.parts:
            raise ConfigError(f"'{name}' must be a folder inside the project, got '{folder}'")
    if content.is_relative_to(docs) or docs.is_relative_to(content):
        raise ConfigError(f"'content_dir' ({content}) and 'docs_dir' ({docs}) must be separate folders")


def read_settings(config_file: Path) -> Settings:
    """Settings from mkdocs.yml as `mkdocs build` reads it; raises ConfigError naming the file (and line)."""
    loaded = load_mkdocs_yml(config_file)
    options = BriefingConfig(config_file_path=str(config_file))
    options.load_dict(plugin_options(loaded, config_file))
    errors, _ = strict_options(*options.validate(), str(config_file))
    if errors:
        raise ConfigError("\n".join(str(error) for _, error in errors))
    try:
        return settings_from(options, root=config_file.resolve().parent, docs_dir=loaded.get("docs_dir") or "docs",
                             site_url=_text(loaded.get("site_url")), site_name=_text(loaded.get("site_name")))
    except ConfigError as exc:
        raise ConfigError(f"{shown_file(config_file)}: {exc}") from None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def load_mkdocs_yml(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml through MkDocs' own loader: `INHERIT`, `!ENV` and `!relative` mean what they mean to MkDocs."""
    shown = shown_file(config_file)
    try:
        with config_file.open("rb") as handle:
            loaded = yaml_load(handle, get_yaml_loader(config=MkDocsConfig(config_file_path=str(config_file))))
    except OSError as exc:
        raise ConfigError(f"cannot read {shown}: {exc.strerror}") from None
    except ConfigurationError as exc:
        raise ConfigError(_yaml_problem(shown, exc)) from None
    except (UnicodeDecodeError, ValueError):
        raise ConfigError(f"{shown} is not UTF-8 text") from None
    if not isinstance(loaded, dict):
        raise ConfigError(f"{shown} must be 'key: value' lines")
    return loaded


def _yaml_problem(shown: str, exc: ConfigurationError) -> str:
    """MkDocs' YAML error as `mkdocs.yml:LINE is not valid YAML: ...`."""
    cause = exc.__cause__ or exc.__context__  # MkDocs raises its own error while handling PyYAML's
    if isinstance(cause, yaml.MarkedYAMLError):
        mark = cause.problem_mark or cause.context_mark
        line = f":{mark.line + 1}" if mark else ""
        return f"{shown}{line} is not valid YAML: {cause.problem or cause.context}"
    if isinstance(cause, yaml.reader.ReaderError):
        return f"{shown} is not UTF-8 text"
    return f"{shown}: {exc}"
