"""`followup-lint explain RULE`: what a rule flags, why, each option with its meaning and default, examples.

An option's meaning is the comment written right above it in the rule file (or after its value on the
same line), so each option is still declared once, with its doc next to it."""

from __future__ import annotations

import json
import shutil
import textwrap
from typing import Any

import click
import yaml

INDENT = "    "


def render(rule, color: bool) -> str:
    """The whole explanation as text; styled only when `color`."""
    def bold(text: str) -> str:
        return click.style(text, bold=True) if color else text

    width = min(shutil.get_terminal_size((80, 24)).columns, 100)
    out = [bold(rule.id) + f" ({rule.severity}; {', '.join(rule.tags) or 'no tags'})", "", rule.summary, "",
           rule.description]
    if rule.guidance:
        out += ["", bold("Why it matters:"), rule.guidance]
    if rule.options:
        docs = option_docs(rule)
        out += ["", bold("Options") + f" (set them in [tool.followup-lint.{rule.id}]):"]
        for key, value in rule.options.items():
            lines = value_lines(value, width - 8)
            inline = len(lines) == 1 and len(key) + len(lines[0]) + 5 <= width
            out.append("  " + bold(key) + (f" = {lines[0]}" if inline else ""))
            if docs.get(key):
                out += textwrap.wrap(docs[key], width, initial_indent=INDENT, subsequent_indent=INDENT)
            if not inline:
                out.append(INDENT + "default:")
                out += [INDENT + "  " + line for line in lines]
    for side, title in (("bad", "Flagged:"), ("good", "Fine:")):
        if rule.examples.get(side):
            example = rule.examples[side][0]  # several drafts are one batch (panel-duplicate)
            out += ["", bold(title), "\n\n".join(_indent(t) for t in example.drafts)]
    return "\n".join(out)


def value_lines(value: Any, width: int) -> list[str]:
    """A default as a reader wants it: lists as wrapped comma lists, regexes and token patterns one a
    line as written in the rule file, no Python reprs."""
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        if all("phrase" in v for v in value):
            return _wrap([_phrase(v) for v in value], width)
        if all("regex" in v for v in value):
            return [v["regex"] for v in value]
        if all("pattern" in v for v in value):
            return [line for v in value for line in _hang(_flow(v["pattern"]), width)]
        return [line for v in value for line in _hang(_flow(v), width)]
    if isinstance(value, list):
        return _wrap([_scalar(v) if not isinstance(v, (list, dict)) else _flow(v) for v in value], width) or ["(none)"]
    if isinstance(value, dict):
        return _wrap([f"{k}: {_scalar(v)}" for k, v in value.items()], width) or ["(none)"]
    return [_scalar(value)]


def option_docs(rule) -> dict[str, str]:
    """Option name -> what it means: the comment above it in the rule file (or after its value on the
    same line), else what the rule's engine says about an option of that name."""
    docs = {k: v for k, v in getattr(rule.engine(), "OPTION_DOCS", {}).items() if k in rule.options}
    try:
        text = rule.path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return docs
    options = next((v for k, v in getattr(root, "value", ()) if getattr(k, "value", None) == "options"), None)
    if not isinstance(options, yaml.MappingNode):
        return docs
    lines = text.splitlines()
    for key, value in options.value:
        row, col = key.start_mark.line, key.start_mark.column
        above = []
        i = row - 1
        while i >= 0 and lines[i].strip().startswith("#") and len(lines[i]) - len(lines[i].lstrip()) == col:
            above.insert(0, lines[i].strip().lstrip("#").strip())
            i -= 1
        doc = " ".join(above)
        if not doc and value.end_mark.line == row:
            rest = lines[row][value.end_mark.column:].strip()
            doc = rest.lstrip("#").strip() if rest.startswith("#") else ""
        if doc:
            docs[key.value] = doc
    return docs


def _phrase(item: dict) -> str:
    replace = item.get("replace")
    if isinstance(replace, list):
        replace = " / ".join(replace)
    return f"{item['phrase']} \u2192 {replace}" if replace else str(item["phrase"])


def _scalar(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and (not value or value != value.strip()):
        return json.dumps(value, ensure_ascii=False)  # quotes show the spaces that matter
    return str(value)


def _flow(value: Any) -> str:
    """Patterns as the rule files write them, [{LOWER: i}, {LEMMA: look}], quoting only what needs it."""
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, str) and (not value or value != value.strip() or any(c in value for c in ",[]{}:#\"'")):
        return json.dumps(value, ensure_ascii=False)
    return _scalar(value)


def _hang(text: str, width: int) -> list[str]:
    """One long item of a list as a bullet, the continuation indented under it."""
    return textwrap.wrap(text, max(width, 20), initial_indent="- ", subsequent_indent="  ", break_on_hyphens=False,
                         break_long_words=False)


def _wrap(items: list[str], width: int) -> list[str]:
    return textwrap.wrap(", ".join(items), max(width, 20), break_on_hyphens=False, break_long_words=False)


def _indent(text: str) -> str:
    return "\n".join(INDENT + line for line in text.rstrip().splitlines())
