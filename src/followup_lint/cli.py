"""Command line: parse options, call the linter, pick a formatter."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from . import formatters
from .diagnostic import SEVERITIES
from .report import EXIT_INPUT, unavailable_line


def _ids(values: tuple[str, ...]) -> tuple[str, ...]:
    """--select a,b --select c -> (a, b, c)"""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def fail(message: str, code: int = EXIT_INPUT) -> None:
    click.echo(f"followup-lint: {one_line(message)}", err=True)
    sys.exit(code)


def one_line(message: str) -> str:
    """An error is one line, whatever a parser put in its message."""
    return " ".join(message.split())


class DefaultGroup(click.Group):
    """`followup-lint PATH...` runs `check`; `followup-lint rules` etc. run subcommands."""

    def parse_args(self, ctx, args):
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = ["check", *args]
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        # A bug must not pass for findings (exit 1) or print a traceback at the user: one line naming the
        # file being linted, exit 2. FOLLOWUP_LINT_DEBUG=1 lets the traceback through.
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:  # `followup-lint ... | head`: the reader left; say nothing more
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_INPUT)
        except Exception as exc:
            if os.environ.get("FOLLOWUP_LINT_DEBUG"):
                raise
            where = getattr(exc, "where", None)
            detail = " ".join(str(exc).split())[:300]
            fail(f"{where + ': ' if where else ''}internal error: {type(exc).__name__}{': ' + detail if detail else ''} "
                 "(FOLLOWUP_LINT_DEBUG=1 shows the traceback)")


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
@click.option("--notes", "notes_path", metavar="FILE",
              help="Interview notes (.yml or .toml): interviewers, company, role, topics, dates.")
@click.option("--date", "send_date", metavar="DATETIME",
              help="When the draft will be sent (ISO date or date-time; default: its Date header, else now).")
@click.option("--fix", is_flag=True,
              help="Apply the safe fixes in place (slang abbreviations, emoji, '!!!', one-suggestion typos); "
                   "report what remains. With -, print the fixed draft to stdout and the report to stderr.")
@click.option("--diff", is_flag=True, help="Print the safe fixes as a unified diff instead of writing them.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
              help="Lint files in N processes (output order unchanged).")
@click.option("--stats", "with_stats", is_flag=True,
              help="Also show each draft's words, sentences, reading grade, questions, time since the "
                   "interview and a 0-100 readiness score (docs/stats.md).")
def check(paths, fmt, select, ignore, config_path, fail_on, languagetool_url, stdin_filename, color, notes_path,
          send_date, fix, diff, jobs, with_stats):
    """Lint drafts: files, folders (.txt, .md, .eml), globs, or - for stdin."""
    from .files import expand
    from .runner import lint_paths
    from .nlp import ModelError
    from .report import FileReport
    from .rule import RuleError

    if fmt != "auto" and fmt not in formatters.names():
        fail(f"unknown format '{fmt}' (choose from auto, {', '.join(formatters.names())})")
    if config_path is not None and not config_path.is_file():
        fail(f"{config_path}: config file not found")
    files, missing = expand(list(paths))
    if not files and not missing:
        click.echo("followup-lint: warning: no .txt, .md or .eml drafts found in " + " ".join(paths), err=True)
    overrides = {"grammar": {"url": languagetool_url}} if languagetool_url else {}
    notes = _notes(notes_path, send_date)
    stdin = sys.stdin.buffer.read() if "-" in files else None

    def run(stdin=stdin, contents=None, progress=None):
        return lint_paths(
            files, config_path=config_path.resolve() if config_path else None, select=_ids(select),
            ignore=_ids(ignore), fail_on=fail_on, overrides=overrides, stdin=stdin, stdin_name=stdin_filename,
            notes=notes, contents=contents, jobs=jobs, progress=progress, stats=with_stats,
        )

    out = sys.stdout
    try:
        with _progress(len(files)) as bar:
            report = run(progress=bar)
        if fix or diff:
            report, out = _fix(report, files, stdin, stdin_filename, diff, run)
    except RuleError as exc:
        fail(str(exc))
    except ModelError as exc:  # no spaCy model installed: one line saying how to get one
        fail(str(exc))
    report.files.extend(FileReport(m.split(":")[0], error=m) for m in missing)
    name, auto_color = formatters.resolve(fmt, out)
    if out is not None:
        formatters.render(name, report, out, auto_color if color is None else color)
    for f in report.files:
        if f.error:
            click.echo(f"followup-lint: {one_line(f.error)}", err=True)
    for rule_id, reason in report.unavailable.items():
        click.echo(unavailable_line(rule_id, reason), err=True)
    sys.exit(report.exit_code())


@main.command("rules")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--markdown", is_flag=True, help="Print the README's rule table.")
def rules_cmd(config_path, markdown):
    """List every rule: id, default severity, what it flags."""
    from .rule import RuleError

    try:
        rules = _rules(config_path)
    except RuleError as exc:
        fail(str(exc))
    if markdown:
        click.echo("| rule | severity | tags | flags |\n|---|---|---|---|")
        for rule in rules.values():
            click.echo(f"| `{rule.id}` | {rule.severity} | {', '.join(rule.tags)} | {rule.summary} |")
        return
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
            example = rule.examples[side][0]  # several drafts are one batch (panel-duplicate)
            click.echo(f"\n{title}:\n" + "\n\n".join(_indent(t) for t in example.drafts))


@main.command()
@click.option("--languagetool-url", metavar="URL", help="Use this LanguageTool server for grammar.")
@click.option("--stdio", is_flag=True, hidden=True, help="Accepted for clients that add it; stdio is the only transport.")
def lsp(languagetool_url, stdio):
    """Run the language server on stdin/stdout, for editors (see docs/editors.md)."""
    from .lsp import serve  # pygls loads only for this command

    serve({"grammar": {"url": languagetool_url}} if languagetool_url else {})


@contextmanager
def _progress(n_files: int):
    """A progress bar on stderr for a batch of files (20 or more), only when stderr is a terminal."""
    if n_files < 20 or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=n_files, label="Linting", file=sys.stderr) as bar:
        yield bar.update


def _fix(report, files, stdin, stdin_name, dry_run, run):
    """--fix / --diff: apply the safe fixes, re-lint once; returns (report of what remains, report stream)."""
    from . import fix as fix_mod

    done = fix_mod.run(report, files, stdin, stdin_name, dry_run=dry_run,
                       relint=lambda contents: run(stdin=contents.get("-", stdin), contents=contents))
    if done.report is not None:
        report = done.report
    if done.errors and not dry_run and done.contents:
        report = run()  # a file that could not be written keeps its findings: report what is on disk
    for i, path in enumerate(files):
        if path in done.errors:
            report.files[i].error = done.errors[path]
    for note in done.notes:
        click.echo(f"followup-lint: {note}", err=True)
    n, m = sum(done.fixed.values()), len(done.fixed)
    counted = f"{n} fix{'es' if n != 1 else ''} in {m} file{'s' if m != 1 else ''}"
    if dry_run:
        sys.stdout.buffer.write("".join(done.diffs).encode("utf-8"))
        sys.stdout.flush()
        click.echo(f"followup-lint: {counted} would be applied" if n else "followup-lint: nothing to fix", err=True)
        return report, None
    if "-" in files:  # like ruff: the fixed draft on stdout (fixed or not), the report on stderr
        sys.stdout.buffer.write(done.contents.get("-", stdin))
        sys.stdout.flush()
    if n:
        click.echo(f"followup-lint: applied {counted}", err=True)
    return report, sys.stderr if "-" in files else sys.stdout


def _notes(notes_path, send_date):
    """The --notes file's notes, with --date as `send_time`; exits 2 on a bad file or date."""
    from . import notes as notes_mod

    try:
        notes = notes_mod.load(notes_path) if notes_path else {}
        if send_date:
            notes["send_time"] = notes_mod.parse_date(send_date, "--date")
    except notes_mod.NotesError as exc:
        fail(str(exc))
    return notes or None


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.rstrip().splitlines())


def _rules(config_path):
    from . import config as config_mod
    from .rule import load_rules

    cfg = config_mod.load(config_path.resolve() if config_path else config_mod.discover(Path.cwd()))
    return load_rules(list(cfg.rule_dirs))


@main.group()
def server():
    """Manage the local LanguageTool server used by the grammar rule."""


@server.command("install")
@click.option("--force", is_flag=True, help="Reinstall even if already installed.")
def server_install(force):
    """Fetch LanguageTool 6.8 from Maven Central into the cache (needs Java 17+ and Maven)."""
    from .grammar import LanguageToolUnavailable
    from .grammar.provision import provision

    try:
        provision(force=force, log=lambda m: click.echo(m, err=True))
    except LanguageToolUnavailable as exc:
        fail(str(exc), 3)


@server.command("start")
@click.option("--idle-timeout", type=click.FloatRange(min=1), default=None,
              help="Seconds without use before it stops (default 600).")
def server_start(idle_timeout):
    """Start the managed server now (later runs reuse it)."""
    from .grammar import LanguageToolUnavailable
    from .grammar import server as lt_server

    try:
        lt_server.start(idle_timeout=idle_timeout)
    except LanguageToolUnavailable as exc:
        fail(str(exc), 3)
    click.echo(lt_server.status())


@server.command("stop")
def server_stop():
    """Stop the managed server."""
    from .grammar import server as lt_server

    click.echo(lt_server.stop())


@server.command("status")
def server_status():
    """Installed? Running, on which port, with how much memory, idle for how long?"""
    from .grammar import server as lt_server

    click.echo(lt_server.status())


if __name__ == "__main__":
    main()
