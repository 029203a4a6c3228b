"""GitHub Actions workflow commands (`::error file=..::msg`), a summary line, and $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

import os
from pathlib import Path

from ..report import unavailable_line
from . import counted

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
MAX_ROWS = 200  # keeps the step summary far below GitHub's 1 MiB limit


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _relative(path: str) -> str:
    """Annotations attach to repository-relative paths."""
    p = Path(path)
    if p.is_absolute():
        try:
            return p.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return path
    return p.as_posix()


def command(kind: str, message: str, **props) -> str:
    fields = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{kind} {fields}::{escape_data(message)}" if fields else f"::{kind}::{escape_data(message)}"


def annotation(d) -> str:
    message = d.message + (f" (fix: \u201c{d.suggestions[0]}\u201d)" if d.fix else "")
    return command(COMMANDS[d.severity], message, file=_relative(d.path), line=d.line, col=d.column,
                   endLine=d.end_line, endColumn=d.end_column, title=d.rule)


def summary(report) -> str:
    counts = report.counts()
    total = sum(counts.values())
    linted = sum(1 for f in report.files if f.error is None)
    files = f"{linted} file{'s' if linted != 1 else ''}"
    if not total:
        return f"followup-lint: no problems in {files}."
    parts = ", ".join(counted(n, sev) for sev, n in counts.items() if n)
    return f"followup-lint: {total} problem{'s' if total != 1 else ''} ({parts}) in {files}."


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def markdown(report) -> str:
    lines = ["## followup-lint", "", summary(report), ""]
    diags = report.diagnostics
    if diags:
        lines += ["| File | Line | Severity | Rule | Message |", "| --- | ---: | --- | --- | --- |"]
        lines += [f"| {_cell(_relative(d.path))} | {d.line}:{d.column} | {d.severity} | `{d.rule}` | {_cell(d.message)} |"
                  for d in diags[:MAX_ROWS]]
        if len(diags) > MAX_ROWS:
            lines += ["", f"... and {len(diags) - MAX_ROWS} more (run `followup-lint` locally for all)."]
    errors = [f.error for f in report.files if f.error] + [unavailable_line(r, why) for r, why in report.unavailable.items()]
    lines += ["", *(f"- :x: {_cell(e)}" for e in errors)] if errors else []
    return "\n".join(lines) + "\n\n"


def render(report, stream, color: bool) -> None:
    for d in report.diagnostics:
        stream.write(annotation(d) + "\n")
    for f in report.files:
        if f.error:
            stream.write(command("error", f.error, file=_relative(f.path), title="followup-lint") + "\n")
    for rule_id, reason in report.unavailable.items():
        stream.write(command("error", unavailable_line(rule_id, reason), title="followup-lint") + "\n")
    # GitHub shows only the first annotations of a step: the counts and the job summary show the rest
    stream.write(summary(report) + "\n")
    if report.diagnostics:
        by_rule: dict[str, int] = {}
        for d in report.diagnostics:
            by_rule[d.rule] = by_rule.get(d.rule, 0) + 1
        stream.write("  " + ", ".join(f"{r}: {n}" for r, n in sorted(by_rule.items())) + "\n")
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(markdown(report))
