"""`path:line:col: rule message`, coloured on a terminal, with a summary line."""

from __future__ import annotations

import click

COLORS = {"error": "red", "warning": "yellow", "info": "cyan"}


def render(report, stream, color: bool) -> None:
    def say(text: str = "", **style) -> None:
        click.echo(click.style(text, **style) if color and style else text, file=stream)

    for f in report.files:
        for d in f.diagnostics:
            where = f"{d.path}:{d.line}:{d.column}:"
            rule = click.style(d.rule, fg=COLORS[d.severity], bold=True) if color else d.rule
            fix = f" [fix: {d.suggestions[0]!r}]" if d.fix else ""
            click.echo(f"{click.style(where, bold=True) if color else where} {rule} {d.message}{fix}", file=stream)
    counts = report.counts()
    total = sum(counts.values())
    linted = sum(1 for f in report.files if f.error is None)
    if total:
        parts = ", ".join(f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in counts.items() if n)
        fixable = sum(1 for d in report.diagnostics if d.fix)
        tail = f"; {fixable} fixable with --fix" if fixable else ""
        say(f"Found {total} problem{'s' if total != 1 else ''} ({parts}) in {linted} file{'s' if linted != 1 else ''}{tail}.",
            fg="red" if counts["error"] else "yellow", bold=True)
    elif linted:
        say(f"All clear: {linted} file{'s' if linted != 1 else ''} checked.", fg="green", bold=True)
