"""`path:line:col: rule message`, coloured on a terminal, with a summary line."""

from __future__ import annotations

import click

from . import counted

COLORS = {"error": "red", "warning": "yellow", "info": "cyan"}


def render(report, stream, color: bool) -> None:
    def say(text: str = "", **style) -> None:
        # color= passed on: click.echo drops escape codes on a pipe unless told, and --color means "even piped"
        click.echo(click.style(text, **style) if color and style else text, file=stream, color=color)

    for f in report.files:
        for d in f.diagnostics:
            where = f"{d.path}:{d.line}:{d.column}:"
            rule = click.style(d.rule, fg=COLORS[d.severity], bold=True) if color else d.rule
            fix = f" [fix: {d.suggestions[0]!r}]" if d.fix else ""
            say(f"{click.style(where, bold=True) if color else where} {rule} {d.message}{fix}")
        if report.with_stats and f.stats:
            say(f"{f.path} stats:", bold=True)
            for line in stats_lines(f.stats):
                say("  " + line)
    counts = report.counts()
    total = sum(counts.values())
    linted = sum(1 for f in report.files if f.error is None)
    if total:
        parts = ", ".join(counted(n, sev) for sev, n in counts.items() if n)
        fixable = sum(1 for d in report.diagnostics if d.fix)
        tail = f"; {fixable} fixable with --fix" if fixable else ""
        say(f"Found {total} problem{'s' if total != 1 else ''} ({parts}) in {linted} file{'s' if linted != 1 else ''}{tail}.",
            fg="red" if counts["error"] else "yellow", bold=True)
    elif linted:
        say(f"All clear: {linted} file{'s' if linted != 1 else ''} checked.", fg="green", bold=True)


def stats_lines(stats) -> list[str]:
    """--stats as aligned lines: each number with its budget, and every readiness deduction."""
    def budget(item) -> str:
        over = " (over budget)" if item["max"] is not None and item["count"] > item["max"] else ""
        return f"{item['count']}" + (f" of {item['max']}{over}" if item["max"] is not None else "")

    lines = [f"words       {budget(stats['words'])}", f"sentences   {budget(stats['sentences'])}"]
    grade = stats["grade"]
    lines.append(f"grade       {grade} (Flesch-Kincaid)" if grade is not None else "grade       -")
    lines.append(f"questions   {stats['questions']}")
    when = stats["interview"]
    if when and "error" in when:
        lines.append(f"interview   {when['error']}")
    elif when:
        n, unit = (when["hours"], "hour") if "hours" in when else (when["days"], "day")
        lines.append(f"interview   {when['date']} ({n:g} {unit}{'s' if n != 1 else ''} before sending)")
    ready = stats["readiness"]
    lines.append(f"readiness   {ready['score']}/100")
    for x in ready["deductions"]:
        capped = f" ({x['counted']} counted)" if x["findings"] > x["counted"] else ""
        lines.append(f"            -{x['points']:<3} {x['rule']}: {counted(x['findings'], x['severity'])}{capped}")
    if ready["not_checked"]:
        lines.append(f"            not checked: {', '.join(ready['not_checked'])}")
    return lines

