"""Find and merge configuration: --config, .followup-lint.toml, [tool.followup-lint], defaults."""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .diagnostic import SEVERITIES
from .hints import unknown_rule
from .nlp import DEFAULT_MODEL, model_problem
from .rule import Rule, RuleError

RULE_KEYS = {"severity", "enabled"}
CONFIG_NAMES = (".followup-lint.toml", "pyproject.toml")  # searched for in this order, upward


class ConfigError(RuleError):
    """Bad configuration; the message names the file and the key."""


@dataclass(frozen=True)
class Config:
    path: Path | None = None  # the file it came from (None: defaults)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str = "warning"
    model: str = DEFAULT_MODEL
    rule_dirs: tuple[Path, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    mode: str = "draft"
    template_paths: tuple[str, ...] = ()  # globs of files linted in template mode whatever `mode` says
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # rule id -> settings

    @property
    def where(self) -> str:
        return str(self.path) if self.path else "command line"

    def matches(self, path: str, pattern: str) -> bool:
        """A glob against the path as given, relative to the config file's folder, or the file name."""
        names = [path, Path(path).name]
        if self.path is not None and path != "-":
            try:
                names.append(Path(path).resolve().relative_to(self.path.parent.resolve()).as_posix())
            except ValueError:
                pass
        return any(fnmatch.fnmatch(name, pattern) for name in names)

    def ignored_for(self, path: str) -> set[str]:
        out: set[str] = set()
        for pattern, ids in self.per_file_ignores.items():
            if self.matches(path, pattern):
                out.update(ids)
        return out

    def mode_for(self, path: str) -> str:
        """'template' for files under `template-paths` (placeholders expected there), else `mode`."""
        return "template" if any(self.matches(path, p) for p in self.template_paths) else self.mode


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: bad TOML: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise ConfigError(f"{path}: bad TOML: nested too deeply") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror}") from None


def _table(path: Path) -> dict[str, Any] | None:
    """The followup-lint table of a config file, or None when the file has none."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError(f"{path}: 'tool' must be a table")
        data = tool.get("followup-lint")
        if data is not None and not isinstance(data, dict):
            raise ConfigError(f"{path}: 'tool.followup-lint' must be a table")
    return data


@lru_cache(maxsize=None)
def discover(start: Path) -> Path | None:
    """The nearest .followup-lint.toml, or pyproject.toml with [tool.followup-lint], upward."""
    for folder in [start, *start.parents]:
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file() and _table(candidate) is not None:
                return candidate
    return None


def _strings(value: Any, key: str, where: Path) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


@lru_cache(maxsize=None)
def load(path: Path | None) -> Config:
    if path is None:
        return Config()
    table = _table(path) or {}
    out: dict[str, Any] = {"path": path, "rules": {}}
    for key, value in table.items():
        if key in ("select", "ignore"):
            out[key] = _strings(value, key, path)
        elif key == "fail-on":
            if value not in SEVERITIES:
                raise ConfigError(f"{path}: 'fail-on' must be one of {', '.join(SEVERITIES)}")
            out["fail_on"] = value
        elif key == "model":
            # an installed spaCy pipeline package: a module name (spacy.load also takes paths, never wanted here)
            if not isinstance(value, str) or not value.isidentifier():
                raise ConfigError(f"{path}: 'model' must be the name of an installed spaCy model package, "
                                  f"such as {DEFAULT_MODEL}")
            problem = model_problem(value) if value != DEFAULT_MODEL else None  # the default has a fallback
            if problem:
                raise ConfigError(f"{path}: 'model': {problem}")
            out["model"] = value
        elif key == "mode":
            if value not in ("draft", "template"):
                raise ConfigError(f"{path}: 'mode' must be 'draft' or 'template'")
            out["mode"] = value
        elif key == "template-paths":
            out["template_paths"] = _strings(value, key, path)
        elif key == "rule-dirs":
            out["rule_dirs"] = tuple((path.parent / d).resolve() for d in _strings(value, key, path))
            for folder in out["rule_dirs"]:
                if not folder.is_dir():  # found here, the error can name the config file and the key
                    raise ConfigError(f"{path}: 'rule-dirs' names {folder}, which is not a folder")
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: 'per-file-ignores' must be a table of glob = [rule ids]")
            out["per_file_ignores"] = {g: _strings(v, f"per-file-ignores.{g}", path) for g, v in value.items()}
        elif isinstance(value, dict):
            out["rules"][key] = value  # checked against the rule files in `rule_settings`
        else:
            raise ConfigError(f"{path}: unknown key '{key}'")
    return Config(**out)


def rule_settings(config: Config, rules: dict[str, Rule]) -> dict[str, dict[str, Any]]:
    """Validate the per-rule tables against the loaded rules (aliases resolved)."""
    alias = {a: r.id for r in rules.values() for a in r.aliases}
    settings: dict[str, dict[str, Any]] = {}
    for key, table in config.rules.items():
        rid = alias.get(key, key)
        if rid not in rules:
            raise ConfigError(f"{config.where}: unknown rule or key '{key}'" + unknown_rule(key, rules.values(), tags=False))
        if "severity" in table and table["severity"] not in SEVERITIES:
            raise ConfigError(f"{config.where}: '{key}.severity' must be one of {', '.join(SEVERITIES)}")
        if "enabled" in table and not isinstance(table["enabled"], bool):
            raise ConfigError(f"{config.where}: '{key}.enabled' must be true or false")
        options = {k: v for k, v in table.items() if k not in RULE_KEYS}
        rules[rid].merged_options(options, config.where)  # raises on unknown option / bad type
        settings[rid] = table
    return settings
