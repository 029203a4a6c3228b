"""Rules are YAML files (file name = rule id); this module loads and validates them."""

from __future__ import annotations

import importlib
from functools import lru_cache
import re
import reprlib
import string
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import regex
import yaml

from .diagnostic import SEVERITIES

KINDS = ("existence", "metric", "python")
PARTS = ("subject", "letterhead", "greeting", "body", "signoff", "signature", "postscript")


class RuleLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml: 8x faster, same result
    """YAML without 1.1's surprise booleans: in a phrase list `on`, `no` and `yes` stay words."""


RuleLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"] for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
RuleLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


class RuleError(Exception):
    """A rule file or a rule setting is wrong; the message names the rule and the file."""


@dataclass(frozen=True)
class Example:
    """One runnable example of a rule file: drafts linted together, what the rule flags, the fixed text."""

    drafts: tuple[str, ...]  # one draft, or a batch linted together (panel-duplicate)
    flagged: tuple[tuple[str, ...], ...]  # per draft: "LINE:COL text" of each finding (text may end in "…")
    fixed: str | None = None  # the first draft after --fix
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    severity: str
    message: str
    summary: str
    description: str
    path: Path
    guidance: str = ""
    messages: dict[str, str] = field(default_factory=dict)  # named variants of `message`
    tags: tuple[str, ...] = ()
    parts: tuple[str, ...] = ("body",)
    options: dict[str, Any] = field(default_factory=dict)  # declared options with defaults
    examples: dict[str, list[Example]] = field(default_factory=dict)  # "good" / "bad"
    aliases: tuple[str, ...] = ()
    check: str | None = None  # kind: python -> module in followup_lint.checks
    nlp: bool = True  # needs the spaCy Doc
    defers_to: tuple[str, ...] = ()  # rules whose findings silence this rule's findings on the same text

    def say(self, name: str | None, fields_: dict[str, Any]) -> str:
        """The finding's message: the template `message` (or `messages[name]`) filled in, on one line."""
        template = self.messages.get(name, self.message) if name else self.message
        try:
            return " ".join(template.format(**fields_).split())
        except KeyError as exc:
            raise RuleError(f"{self.path}: rule '{self.id}' message names an unknown field {exc}") from None
        except (IndexError, ValueError, TypeError, AttributeError) as exc:  # "{text:d}", "{0}"
            raise RuleError(f"{self.path}: rule '{self.id}' message cannot be filled in: {exc}") from None

    def engine(self):
        """The module that runs this rule: a kind engine, or the Python check it names."""
        name = f"followup_lint.checks.{self.check}" if self.kind == "python" else f"followup_lint.kinds.{self.kind}"
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            raise RuleError(f"{self.path}: rule '{self.id}' names check '{self.check}', which does not exist") from None

    def merged_options(self, overrides: dict[str, Any], where: str) -> dict[str, Any]:
        """Defaults from the rule file with config overrides, each checked against its default's type."""
        out = dict(self.options)
        for key, value in overrides.items():
            if key not in self.options:
                known = ", ".join(sorted(self.options)) or "none"
                raise RuleError(f"{where}: rule '{self.id}' has no option '{key}' (options: {known})")
            default = self.options[key]
            problem = _bad_value(default, value)
            if problem:
                raise RuleError(f"{where}: rule '{self.id}' option '{key}' must be {problem}, got {_shown(value)}")
            out[key] = value
        check_kind_options(self.kind, out, f"{where}: rule '{self.id}'")
        return out


_brief = reprlib.Repr()
_brief.maxlevel, _brief.maxstring, _brief.maxother = 2, 60, 60
_shown = _brief.repr  # a bad value in a message, briefly


def _bad_value(default: Any, value: Any) -> str | None:
    """What `value` must be to replace `default` (None: it may). The default gives the type; a number
    option is a count (an int, never negative) or, when its default is a float, a fraction from 0 to 1;
    a list or table of strings stays one."""
    if default is None:
        return None
    if isinstance(default, bool):
        return None if isinstance(value, bool) else "true or false"
    if isinstance(default, int):
        return None if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else "a whole number, 0 or more"
    if isinstance(default, float):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1
        return None if ok else "a number from 0 to 1"
    if isinstance(default, list):
        if not isinstance(value, list):
            return "a list"
        if default and all(isinstance(d, str) for d in default) and not all(isinstance(v, str) for v in value):
            return "a list of strings"
        return None
    if isinstance(default, dict):
        if not isinstance(value, dict):
            return "a table"
        if default and all(isinstance(v, str) for v in default.values()) and not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            return "a table of strings"
        return None
    return None if isinstance(value, type(default)) else type(default).__name__


def check_kind_options(kind: str, options: dict[str, Any], where: str) -> None:
    """The options a data kind reads, checked before any draft is: a phrase list, a metric and its max."""
    if kind == "metric":
        from .kinds.metric import METRICS

        for key in ("metric", "max"):
            if key not in options:
                raise RuleError(f"{where} needs option '{key}' (kind metric counts `metric` against `max`)")
        if options["metric"] not in METRICS:
            raise RuleError(f"{where} option 'metric' must be one of {', '.join(METRICS)}, got {_shown(options['metric'])}")
        limit = options["max"]
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
            raise RuleError(f"{where} option 'max' must be a whole number, 0 or more, got {_shown(limit)}")
    elif kind == "existence":
        for key, field_ in (("phrases", "phrase"), ("patterns", "pattern"), ("regex", "regex")):
            items = options.get(key)
            if items is None:
                continue
            if not isinstance(items, list):
                raise RuleError(f"{where} option '{key}' must be a list")
            for n, item in enumerate(items, 1):
                _check_item(key, field_, n, item, where)


_ITEM_KEYS = {"hint", "replace", "fix", "acronym"}  # what kinds/existence.py reads of an item


def _check_item(key: str, field_: str, n: int, item: Any, where: str) -> None:
    at = f"{where} option '{key}' item {n}"
    value = item.get(field_) if isinstance(item, dict) else item
    if isinstance(item, dict) and set(item) - _ITEM_KEYS - {field_}:
        extra = sorted(str(k) for k in set(item) - _ITEM_KEYS - {field_})
        raise RuleError(f"{at} has unknown key(s) {', '.join(extra)} (known: {field_}, {', '.join(sorted(_ITEM_KEYS))})")
    if key == "patterns":
        if not isinstance(value, list):
            raise RuleError(f"{at} must be a spaCy token pattern (a list of token mappings)")
    elif not isinstance(value, str) or not value.strip():
        raise RuleError(f"{at} must be a non-empty string or a mapping with '{field_}'")
    if key == "regex":
        try:
            regex.compile(value)
        except (regex.error, ValueError, OverflowError, RecursionError) as exc:
            raise RuleError(f"{at} is not a valid regular expression: {exc}") from None
    if isinstance(item, dict):
        replace = item.get("replace")
        if not (item.get("hint") is None or isinstance(item["hint"], str)):
            raise RuleError(f"{at}: 'hint' must be text")
        if not (replace is None or isinstance(replace, str)
                or isinstance(replace, list) and all(isinstance(r, str) for r in replace)):
            raise RuleError(f"{at}: 'replace' must be text or a list of texts")
        if not isinstance(item.get("fix", False), bool):
            raise RuleError(f"{at}: 'fix' must be true or false")


def builtin_dir() -> Path:
    """rules/ ships inside the wheel as followup_lint/rules; in a checkout it is at the top."""
    here = Path(__file__).resolve().parent
    packaged = here / "rules"
    return packaged if packaged.is_dir() else here.parents[1] / "rules"


# the keys of a rule file are the Rule's fields (id and path come from the file itself)
KEYS = {f.name for f in fields(Rule)} - {"id", "path"}


def _check_template(template: Any, where: str) -> str:
    if not isinstance(template, str) or not template:
        raise RuleError(f"{where} must be a non-empty string")
    try:
        fields_ = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        raise RuleError(f"{where} is not a valid message template: {exc}") from None
    for name in fields_:
        if not name.isidentifier():  # "{0}", "{}", "{text.upper}", "{hint[0]}": only a field's name
            raise RuleError(f"{where}: {{{name}}} is not a field name such as {{text}}")
    return template


def _examples(data: Any, where: str) -> dict[str, list[Example]]:
    """`good`: drafts (or mappings with `draft`/`drafts`, `options`); `bad`: mappings that also say what is
    `flagged` and, for a fixable rule, the text once `fixed`."""
    if data is None:
        return {}
    if not isinstance(data, dict) or set(data) - {"good", "bad"}:
        raise RuleError(f"{where}: 'examples' must be a mapping with 'good' and 'bad' lists")
    out: dict[str, list[Example]] = {}
    for side, items in data.items():
        if not isinstance(items, list):
            raise RuleError(f"{where}: 'examples.{side}' must be a list")
        out[side] = []
        for n, item in enumerate(items, 1):
            at = f"{where}: examples.{side}[{n}]"
            if isinstance(item, str):
                item = {"draft": item}
            if not isinstance(item, dict) or set(item) - {"draft", "drafts", "flagged", "fixed", "options"}:
                raise RuleError(f"{at} must be a draft or a mapping of draft(s), flagged, fixed, options")
            drafts = item.get("drafts", [item.get("draft")])
            if not isinstance(drafts, list) or not drafts or not all(isinstance(d, str) and d for d in drafts):
                raise RuleError(f"{at} needs a 'draft' (text) or 'drafts' (a list of texts)")
            if side == "good":
                item.setdefault("flagged", [[] for _ in drafts] if "drafts" in item else [])
            if "flagged" not in item:
                raise RuleError(f"{at} needs 'flagged': the LINE:COL and text of each finding")
            per_draft = item["flagged"] if "drafts" in item else [item["flagged"]]
            if not isinstance(per_draft, list) or len(per_draft) != len(drafts) or not all(
                    isinstance(f, list) and all(isinstance(x, str) and re.match(r"\d+:\d+ ", x) for x in f)
                    for f in per_draft):
                raise RuleError(f"{at}: 'flagged' must list \"LINE:COL text\" strings (one list per draft)")
            fixed, options = item.get("fixed"), item.get("options") or {}
            if fixed is not None and not isinstance(fixed, str) or not isinstance(options, dict):
                raise RuleError(f"{at}: 'fixed' must be text and 'options' a mapping")
            out[side].append(Example(tuple(drafts), tuple(tuple(f) for f in per_draft), fixed, dict(options)))
    return out


def load_file(path: Path) -> Rule:
    """A rule file, parsed once per version of the file: every Linter (each config, each editor reload)
    loads all the rules, and parsing their YAML was most of a small lint's time."""
    try:
        st = path.stat()
    except OSError:
        return _load_file(path)  # says why in one line
    return _load_cached(path, st.st_ino, st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=512)
def _load_cached(path: Path, ino: int, mtime_ns: int, size: int) -> Rule:
    return _load_file(path)


def _load_file(path: Path) -> Rule:
    rid = path.stem
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=RuleLoader)
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read rule file: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise RuleError(f"{path}{line}: bad YAML: {' '.join(str(getattr(exc, 'problem', None) or exc).split())}") from None
    if not isinstance(data, dict):
        raise RuleError(f"{path}: rule '{rid}' must be a mapping")
    unknown = set(data) - KEYS
    if unknown:
        raise RuleError(f"{path}: rule '{rid}' has unknown key(s): {', '.join(sorted(unknown))}")
    kind = data.get("kind")
    if kind not in KINDS:
        raise RuleError(f"{path}: rule '{rid}' kind must be one of {', '.join(KINDS)}, got {kind!r}")
    severity = data.get("severity", "warning")
    if severity not in SEVERITIES:
        raise RuleError(f"{path}: rule '{rid}' severity must be one of {', '.join(SEVERITIES)}")
    parts = data.get("parts", ["body"])
    if not isinstance(parts, list) or not all(isinstance(p, str) for p in parts) or set(parts) - set(PARTS):
        raise RuleError(f"{path}: rule '{rid}' parts must be among {', '.join(PARTS)}")
    if kind == "python" and not (isinstance(data.get("check"), str) and data["check"].isidentifier()):
        raise RuleError(f"{path}: rule '{rid}' has kind python but no 'check' module name")
    where = f"{path}: rule '{rid}'"
    for key in ("summary", "description"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise RuleError(f"{where} needs a '{key}' (text)")
    message = _check_template(data.get("message"), f"{where} 'message'")
    messages = data.get("messages") or {}
    if not isinstance(messages, dict):
        raise RuleError(f"{where} 'messages' must be a mapping of name: template")
    messages = {str(k): _check_template(v, f"{where} 'messages.{k}'") for k, v in messages.items()}
    lists = {}
    for key in ("tags", "aliases", "defers_to"):
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RuleError(f"{where} '{key}' must be a list of strings")
        lists[key] = tuple(value)
    options = data.get("options") or {}
    if not isinstance(options, dict) or not all(isinstance(k, str) for k in options):
        raise RuleError(f"{where} 'options' must be a mapping")
    check_kind_options(kind, options, where)
    if not isinstance(data.get("guidance") or "", str):
        raise RuleError(f"{where} 'guidance' must be text")
    if not isinstance(data.get("nlp", True), bool):
        raise RuleError(f"{where} 'nlp' must be true or false")
    return Rule(
        id=rid,
        kind=kind,
        severity=severity,
        message=message,
        messages=messages,
        summary=data["summary"].strip(),
        description=data["description"].strip(),
        guidance=(data.get("guidance") or "").strip(),
        path=path,
        parts=tuple(parts),
        options=dict(options),
        examples=_examples(data.get("examples"), where),
        check=data.get("check"),
        nlp=bool(data.get("nlp", kind != "metric")),
        **lists,
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
    for rule in rules.values():
        unknown = [r for r in rule.defers_to if r not in rules]
        if unknown:
            raise RuleError(f"{rule.path}: rule '{rule.id}' defers_to names an unknown rule '{unknown[0]}'")
    return rules
