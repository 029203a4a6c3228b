"""Command line: parse options, call the linter, pick a formatter."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import formatters
from .diagnostic import SEVERITIES
from .report import EXIT_INPUT


def _ids(values: tuple[str, ...]) -> tuple[str, ...]:
    """--select a,b --select c -> (a, b, c)"""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def fail(message: str, code: int = EXIT_INPUT) -> None:
    click.echo(f"followup-lint: {message}", err=True)
    sys.exit(code)


class DefaultGroup(click.Group):
    """`followup-lint PATH...` runs `check`; `followup-lint rules` etc. run subcommands."""

    def parse_args(self, ctx, args):
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = ["check", *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="followup-lint")
def main() -> None:
    """Lint the follow-up (thank-you) email you send after a job interview.

    Run `followup-lint draft.txt`, or `followup-lint rules` to see what is checked.
    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error,
    3 a check (grammar) could not run.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", default="text", show_default=True, metavar="FORMAT",
              help="Output format: auto, " + ", ".join(formatters.names()) + ".")
@click.option("--select", multiple=True, metavar="IDS", help="Only these rules or tags (comma-separated).")
@click.option("--ignore", multiple=True, metavar="IDS", help="Skip these rules or tags (comma-separated).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Config file (default: nearest .followup-lint.toml or pyproject.toml).")
@click.option("--fail-on", type=click.Choice(SEVERITIES), help="Lowest severity that makes the exit code 1.")
@click.option("--languagetool-url", metavar="URL", help="Use this LanguageTool server for grammar.")
@click.option("--stdin-filename", default="-", help="Name to report for a draft read from stdin.")
@click.option("--color/--no-color", default=None, help="Force colour on or off.")
def check(paths, fmt, select, ignore, config_path, fail_on, languagetool_url, stdin_filename, color):
    """Lint drafts: files, folders (.txt, .md, .eml), globs, or - for stdin."""
    from .files import expand
    from .linter import lint_paths
    from .report import FileReport
    from .rule import RuleError

    if fmt != "auto" and fmt not in formatters.names():
        fail(f"unknown format '{fmt}' (choose from auto, {', '.join(formatters.names())})")
    if config_path is not None and not config_path.is_file():
        fail(f"{config_path}: config file not found")
    files, missing = expand(list(paths))
    overrides = {"grammar": {"url": languagetool_url}} if languagetool_url else {}
    stdin = sys.stdin.buffer.read() if "-" in files else None
    try:
        report = lint_paths(
            files, config_path=config_path.resolve() if config_path else None, select=_ids(select),
            ignore=_ids(ignore), fail_on=fail_on, overrides=overrides, stdin=stdin, stdin_name=stdin_filename,
        )
    except RuleError as exc:
        fail(str(exc))
    except Exception as exc:  # a model that will not load, a broken install: one line, not a traceback
        from .nlp import ModelError

        if isinstance(exc, ModelError):
            fail(str(exc))
        raise
    report.files.extend(FileReport(m.split(":")[0], error=m) for m in missing)
    name, auto_color = formatters.resolve(fmt, sys.stdout)
    formatters.render(name, report, sys.stdout, auto_color if color is None else color)
    for f in report.files:
        if f.error:
            click.echo(f"followup-lint: {f.error}", err=True)
    for rule_id, reason in report.unavailable.items():
        click.echo(f"{rule_id} check unavailable: {reason}", err=True)
    sys.exit(report.exit_code())


@main.command("rules")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def rules_cmd(config_path):
    """List every rule: id, default severity, what it flags."""
    from .rule import RuleError

    try:
        rules = _rules(config_path)
    except RuleError as exc:
        fail(str(exc))
    width = max(len(r) for r in rules)
    for rule in rules.values():
        click.echo(f"{rule.id:<{width}}  {rule.severity:<7}  {rule.summary}")


@main.command()
@click.argument("rule_id")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def explain(rule_id, config_path):
    """Explain a rule: what it flags, why it matters, and an example of each side."""
    from .rule import RuleError

    try:
        rules = _rules(config_path)
    except RuleError as exc:
        fail(str(exc))
    alias = {a: r.id for r in rules.values() for a in r.aliases}
    rule = rules.get(alias.get(rule_id, rule_id))
    if rule is None:
        fail(f"unknown rule '{rule_id}' (see `followup-lint rules`)")
    click.echo(click.style(f"{rule.id}", bold=True) + f" ({rule.severity}; {', '.join(rule.tags) or 'no tags'})")
    click.echo(f"\n{rule.summary}\n\n{rule.description}")
    if rule.guidance:
        click.echo(f"\nWhy it matters:\n{rule.guidance}")
    if rule.options:
        click.echo("\nOptions (defaults):")
        for key, value in rule.options.items():
            shown = value if not isinstance(value, list) or len(value) <= 6 else f"[{len(value)} entries]"
            click.echo(f"  {key} = {shown}")
    for side, title in (("bad", "Flagged"), ("good", "Fine")):
        if rule.examples.get(side):
            click.echo(f"\n{title}:\n" + _indent(rule.examples[side][0]))


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.rstrip().splitlines())


def _rules(config_path):
    from . import config as config_mod
    from .rule import load_rules

    cfg = config_mod.load(config_path.resolve() if config_path else config_mod.discover(Path.cwd()))
    return load_rules(list(cfg.rule_dirs))


if __name__ == "__main__":
    main()
