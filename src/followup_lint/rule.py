"""Rules are YAML files (file name = rule id); this module loads and validates them."""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostic import SEVERITIES

KINDS = ("existence", "metric", "python")
PARTS = ("subject", "greeting", "body", "signoff", "signature")
_KEYS = {
    "kind", "severity", "message", "summary", "description", "guidance", "tags", "parts", "options",
    "examples", "aliases", "check", "nlp", "fixable", "defers_to",
}


class RuleLoader(yaml.SafeLoader):
    """YAML without 1.1's surprise booleans: in a phrase list `on`, `no` and `yes` stay words."""


RuleLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"] for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
RuleLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


class RuleError(Exception):
    """A rule file or a rule setting is wrong; the message names the rule and the file."""


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    severity: str
    message: str
    summary: str
    description: str
    guidance: str
    path: Path
    tags: tuple[str, ...] = ()
    parts: tuple[str, ...] = ("body",)
    options: dict[str, Any] = field(default_factory=dict)  # declared options with defaults
    examples: dict[str, list[str]] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    check: str | None = None  # kind: python -> module in followup_lint.checks
    nlp: bool = True  # needs the spaCy Doc
    defers_to: tuple[str, ...] = ()  # rules whose findings silence this rule's findings on the same text

    def engine(self):
        """The module that runs this rule: a kind engine, or the Python check it names."""
        if self.kind == "python":
            return importlib.import_module(f"followup_lint.checks.{self.check}")
        return importlib.import_module(f"followup_lint.kinds.{self.kind}")

    def merged_options(self, overrides: dict[str, Any], where: str) -> dict[str, Any]:
        """Defaults from the rule file with config overrides, each checked against its default's type."""
        out = dict(self.options)
        for key, value in overrides.items():
            if key not in self.options:
                known = ", ".join(sorted(self.options)) or "none"
                raise RuleError(f"{where}: rule '{self.id}' has no option '{key}' (options: {known})")
            default = self.options[key]
            if default is not None and not _same_type(default, value):
                raise RuleError(
                    f"{where}: rule '{self.id}' option '{key}' must be {type(default).__name__}, got {value!r}"
                )
            out[key] = value
        return out


def _same_type(default: Any, value: Any) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, type(default))


def builtin_dir() -> Path:
    """rules/ ships inside the wheel as followup_lint/rules; in a checkout it is at the top."""
    here = Path(__file__).resolve().parent
    packaged = here / "rules"
    return packaged if packaged.is_dir() else here.parents[1] / "rules"


def load_file(path: Path) -> Rule:
    rid = path.stem
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=RuleLoader)
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read rule file: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise RuleError(f"{path}{line}: bad YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise RuleError(f"{path}: rule '{rid}' must be a mapping")
    unknown = set(data) - _KEYS
    if unknown:
        raise RuleError(f"{path}: rule '{rid}' has unknown key(s): {', '.join(sorted(unknown))}")
    kind = data.get("kind")
    if kind not in KINDS:
        raise RuleError(f"{path}: rule '{rid}' kind must be one of {', '.join(KINDS)}, got {kind!r}")
    severity = data.get("severity", "warning")
    if severity not in SEVERITIES:
        raise RuleError(f"{path}: rule '{rid}' severity must be one of {', '.join(SEVERITIES)}")
    parts = tuple(data.get("parts", ["body"]))
    if set(parts) - set(PARTS):
        raise RuleError(f"{path}: rule '{rid}' parts must be among {', '.join(PARTS)}")
    if kind == "python" and not data.get("check"):
        raise RuleError(f"{path}: rule '{rid}' has kind python but no 'check' module")
    for key in ("message", "summary", "description"):
        if not data.get(key):
            raise RuleError(f"{path}: rule '{rid}' needs a '{key}'")
    return Rule(
        id=rid,
        kind=kind,
        severity=severity,
        message=data["message"],
        summary=data["summary"],
        description=data["description"].strip(),
        guidance=(data.get("guidance") or "").strip(),
        path=path,
        tags=tuple(data.get("tags", ())),
        parts=parts,
        options=dict(data.get("options") or {}),
        examples={k: list(v or []) for k, v in (data.get("examples") or {}).items()},
        aliases=tuple(data.get("aliases", ())),
        check=data.get("check"),
        nlp=bool(data.get("nlp", kind != "metric")),
        defers_to=tuple(data.get("defers_to", ())),
    )


def load_rules(extra_dirs: list[Path] = ()) -> dict[str, Rule]:
    """Every rule: the built-in ones, then user folders (a user rule may replace a built-in)."""
    rules: dict[str, Rule] = {}
    for folder in [builtin_dir(), *extra_dirs]:
        if not folder.is_dir():
            raise RuleError(f"{folder}: rule folder not found")
        for path in sorted(folder.glob("*.y*ml")):
            rule = load_file(path)
            rules[rule.id] = rule
    return rules
