"""Command line: parse options, call the linter, pick a formatter."""

from __future__ import annotations

import glob
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import click

from . import formatters
from .diagnostic import SEVERITIES
from .hints import command, did_you_mean
from .report import EXIT_INPUT, unavailable_line
from .stats import PER_RULE, POINTS, START


def _ids(values: tuple[str, ...]) -> tuple[str, ...]:
    """--select a,b --select c -> (a, b, c)"""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def fail(message: str, code: int = EXIT_INPUT) -> None:
    click.echo(f"followup-lint: {one_line(message)}", err=True)
    sys.exit(code)


def one_line(message: str) -> str:
    """An error is one line, whatever a parser put in its message."""
    return " ".join(message.split())


class Group(click.Group):
    """Subcommand summaries in full (click cuts them at 45 characters), "did you mean" for a typo."""

    def format_commands(self, ctx, formatter):
        rows = [(name, cmd.get_short_help_str(limit=sys.maxsize)) for name in self.list_commands(ctx)
                if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def resolve_command(self, ctx, args):
        name = args[0] if args else ""
        if name and not name.startswith("-") and not ctx.resilient_parsing and self.get_command(ctx, name) is None:
            choices = self.list_commands(ctx)
            ctx.fail(f"no command '{name}'" + (did_you_mean(name, choices) or f" (commands: {', '.join(choices)})"))
        return super().resolve_command(ctx, args)


class DefaultGroup(Group):
    """`followup-lint PATH...` runs `check`; `followup-lint rules` etc. run subcommands."""

    def parse_args(self, ctx, args):
        first = args[0] if args else None
        if first is None and ctx.resilient_parsing:  # completing the first word: subcommands and files
            return super().parse_args(ctx, args)
        if first is None or (first not in self.commands and first not in ("--help", "-h", "--version")):
            if first is not None and not ctx.resilient_parsing and _mistyped_command(first):
                hint = did_you_mean(first, [c for c in self.commands if c != "check"])
                if hint:  # not a file, but nearly a subcommand's name: not silently a missing draft
                    ctx.fail(f"no command or file '{first}'{hint}")
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

    def shell_complete(self, ctx, incomplete):
        from click.shell_completion import CompletionItem

        # bash offers files only when no subcommand matches (its script resets on "file" items)
        return [CompletionItem(incomplete, type="file"), *super().shell_complete(ctx, incomplete)]

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """As click's, but a usage error is one line on stderr (exit 2), like every other error."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            if isinstance(exc, getattr(click.exceptions, "NoArgsIsHelpError", ())):  # `followup-lint server`
                exc.show()
                sys.exit(exc.exit_code)
            message = one_line(exc.format_message())
            if exc.ctx is not None and "did you mean" not in message.lower():
                message += f" (see `{_command_path(exc.ctx)} --help`)"
            fail(message, exc.exit_code)
        except click.ClickException as exc:
            fail(one_line(exc.format_message()), exc.exit_code)
        except click.Abort:
            fail("aborted", 1)
        sys.exit(rv if isinstance(rv, int) else 0)


def _mistyped_command(arg: str) -> bool:
    """A first argument that cannot be a draft path: no such file, no wildcard, no folder or suffix."""
    return not (arg == "-" or arg.startswith("-") or os.path.lexists(arg) or glob.has_magic(arg)
                or "." in arg or "/" in arg or os.sep in arg)


def _command_path(ctx) -> str:
    """`followup-lint check` as the user can type it (the console script may not be on PATH)."""
    names = []
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name)
        ctx = ctx.parent
    return command(*reversed(names))


# -- shell completion: rule ids, tags, formats --
def _rule_names(with_tags: bool) -> list[str]:
    from . import config as config_mod
    from .rule import RuleError, load_rules

    # the user's own rules (rule-dirs) too; a broken config still completes the built-in ones, and a
    # completion never prints an error into the shell
    try:
        rules = load_rules(list(config_mod.load(config_mod.discover(Path.cwd())).rule_dirs))
    except (RuleError, OSError):
        try:
            rules = load_rules()
        except (RuleError, OSError):
            return []
    names = set(rules)
    if with_tags:
        names |= {t for r in rules.values() for t in r.tags} | {"all"}
    return sorted(names)


def _complete_ids(ctx, param, incomplete: str) -> list[str]:
    """--select/--ignore take comma-separated ids: complete the one after the last comma."""
    done, _, last = incomplete.rpartition(",")
    prefix = done + "," if done else ""
    already = set(done.split(","))
    return [prefix + n for n in _rule_names(with_tags=True) if n.startswith(last) and n not in already]


def _complete_rule(ctx, param, incomplete: str) -> list[str]:
    return [n for n in _rule_names(with_tags=False) if n.startswith(incomplete)]


def _complete_format(ctx, param, incomplete: str) -> list[str]:
    return [n for n in ("auto", *formatters.names()) if n.startswith(incomplete)]


# help uses up to 100 columns of a wide terminal (click's default stops at 80)
@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="followup-lint")
def main() -> None:
    """Lint the follow-up (thank-you) email you send after a job interview.

    Run `followup-lint draft.txt`, or `followup-lint rules` to see what is checked.
    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error,
    3 a check (grammar) could not run.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(), metavar="PATH...")
@click.option("--format", "fmt", default="text", show_default=True, metavar="FORMAT", shell_complete=_complete_format,
              help="Output format: auto, " + ", ".join(formatters.names()) + ".")
@click.option("--select", multiple=True, metavar="IDS", shell_complete=_complete_ids,
              help="Only these rules or tags (comma-separated).")
@click.option("--ignore", multiple=True, metavar="IDS", shell_complete=_complete_ids,
              help="Skip these rules or tags (comma-separated).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Config file (default: nearest .followup-lint.toml or pyproject.toml).")
@click.option("--fail-on", type=click.Choice(SEVERITIES), help="Lowest severity that makes the exit code 1.")
@click.option("--languagetool-url", metavar="URL", help="Use this LanguageTool server for grammar.")
@click.option("--stdin-filename", default="-", help="Name to report for a draft read from stdin.")
@click.option("--color/--no-color", default=None,
              help="Colour on or off, even when piped (default: on a terminal, unless NO_COLOR is set).")
@click.option("--no-ignore", is_flag=True,
              help="Folders and globs: also lint hidden, git-ignored, virtualenv and vendored (node_modules) paths.")
@click.option("--notes", "notes_path", metavar="FILE",
              help="Interview notes (.yml or .toml): interviewers, company, role, topics, dates.")
@click.option("--date", "send_date", metavar="DATETIME",
              help="When the draft will be sent (ISO date or date-time; default: its Date header, else now).")
@click.option("--fix", is_flag=True,
              help="Apply the safe fixes in place (slang abbreviations, emoji, '!!!', one-suggestion typos); "
                   "report what remains. With -, print the fixed draft to stdout and the report to stderr.")
@click.option("--diff", is_flag=True, help="Print the safe fixes as a unified diff instead of writing them.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Lint files in N processes (default: the cores available; output order unchanged).")
@click.option("--no-server", is_flag=True,
              help="Run in this process even when the followup-lint engine is running (see `server`).")
@click.option("--stats", "with_stats", is_flag=True,
              help="Also show each draft's body words and sentences (against the too-long and too-many-sentences "
                   "budgets), Flesch-Kincaid reading grade, questions asked, time since the interview, and a "
                   f"0-{START} readiness score: {START} minus {POINTS['error']} per error, {POINTS['warning']} per "
                   f"warning and {POINTS['info']} per info finding, at most {PER_RULE} findings counted per rule.")
def check(paths, fmt, select, ignore, config_path, fail_on, languagetool_url, stdin_filename, color, no_ignore,
          notes_path, send_date, fix, diff, jobs, no_server, with_stats):
    """Lint drafts: files, folders (.txt, .md, .eml), globs, or - for stdin.

    Folders and globs skip hidden, git-ignored, virtualenv and vendored (node_modules) paths; a file
    named here is always linted. A path that yields no draft is an input error (exit 2).
    """
    from .files import expand
    from .runner import lint_paths
    from .nlp import ModelError
    from .report import FileReport
    from .rule import RuleError

    if fmt != "auto" and fmt not in formatters.names():
        fail(f"unknown format '{fmt}' (choose from auto, {', '.join(formatters.names())})")
    if config_path is not None and not config_path.is_file():
        fail(f"{config_path}: config file not found")
    files, missing = expand(list(paths), respect_ignores=not no_ignore)
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
@click.argument("rule_id", shell_complete=_complete_rule, metavar="RULE")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Config file whose rule-dirs hold your own rules (default: the nearest one).")
@click.option("--color/--no-color", default=None,
              help="Colour on or off, even when piped (default: on a terminal, unless NO_COLOR is set).")
def explain(rule_id, config_path, color):
    """Explain a rule: what it flags, why it matters, its options, and an example of each side."""
    from .explain import render
    from .hints import unknown_rule
    from .rule import RuleError

    try:
        rules = _rules(config_path)
    except RuleError as exc:
        fail(str(exc))
    alias = {a: r.id for r in rules.values() for a in r.aliases}
    rule = rules.get(alias.get(rule_id, rule_id))
    if rule is None:
        fail(f"unknown rule '{rule_id}'" + unknown_rule(rule_id, rules.values(), tags=False))
    if color is None:
        color = formatters.resolve("text", sys.stdout)[1]
    click.echo(render(rule, color), color=color)


@main.command()
@click.option("--languagetool-url", metavar="URL", help="Use this LanguageTool server for grammar.")
@click.option("--stdio", is_flag=True, hidden=True, help="Accepted for clients that add it; stdio is the only transport.")
@click.option("--no-server", is_flag=True, help="Lint in this process instead of the shared engine.")
def lsp(languagetool_url, stdio, no_server):
    """Run the language server on stdin/stdout, for editors: problems underlined as you type, fixes offered."""
    from .lsp import serve  # pygls loads only for this command

    serve({"grammar": {"url": languagetool_url}} if languagetool_url else {}, use_engine=not no_server)


@contextmanager
def _progress(n_files: int):
    """A progress bar on stderr for a batch of files (20 or more), only when stderr is a terminal."""
    if n_files < 20 or not sys.stderr.isatty():
        yield None
        return
    left = _TimeLeft(n_files)
    with click.progressbar(length=n_files, label="Linting", file=sys.stderr, show_eta=False,
                           item_show_func=lambda _: left.text()) as bar:
        def update(n: int) -> None:
            left.update(n)
            bar.update(n)

        yield update


class _TimeLeft:
    """The time left, measured from the first finished chunk on: the first one also paid for loading
    the spaCy model, so click's own estimate (time so far / files done) starts several times too long."""

    MIN_MEASURED = 3  # files done after the first chunk before any estimate is shown

    def __init__(self, total: int):
        self.total, self.done, self.first = total, 0, None

    def update(self, n: int) -> None:
        self.done += n
        if self.first is None:
            self.first = (time.monotonic(), self.done)

    def text(self) -> str:
        if self.first is None or self.done >= self.total or self.done - self.first[1] < self.MIN_MEASURED:
            return ""
        t0, n0 = self.first
        seconds = (time.monotonic() - t0) / (self.done - n0) * (self.total - self.done)
        if seconds < 1:
            return ""
        return f"about {seconds:.0f} s left" if seconds < 90 else f"about {seconds / 60:.0f} min left"


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


def _rules(config_path):
    from . import config as config_mod
    from .rule import load_rules

    cfg = config_mod.load(config_path.resolve() if config_path else config_mod.discover(Path.cwd()))
    return load_rules(list(cfg.rule_dirs))


@main.group(cls=Group)
def server():
    """Manage the engine: one background process of yours that keeps spaCy loaded and runs LanguageTool.

    A lint uses it when it is running (and prints the same as without it); grammar starts it when
    needed (option `start_server` of the grammar rule); it stops after `idle_timeout` seconds unused.
    """


@server.command("install")
@click.option("--force", is_flag=True, help="Reinstall even if already installed.")
def server_install(force):
    """Fetch LanguageTool (the version in grammar/pom.xml) from Maven Central into the user cache (needs Java 17+ and Maven)."""
    from .grammar import LanguageToolUnavailable
    from .grammar.provision import provision

    try:
        provision(force=force, log=lambda m: click.echo(m, err=True))
    except LanguageToolUnavailable as exc:
        fail(str(exc), 3)


@server.command("start")
@click.option("--idle-timeout", type=click.FloatRange(min=1), default=None,
              help="Seconds without use before it stops (default: grammar's idle_timeout, 600).")
def server_start(idle_timeout):
    """Start the engine now (later runs and editors use it)."""
    from . import engine

    try:
        engine.ensure(idle_timeout)
    except engine.EngineUnavailable as exc:
        fail(str(exc), 3)
    click.echo(engine.status())


@server.command("stop")
def server_stop():
    """Stop the engine and its LanguageTool."""
    from . import engine

    click.echo(engine.stop())


@server.command("status")
def server_status():
    """Running? With how much memory, idle for how long, and LanguageTool's state."""
    from . import engine

    click.echo(engine.status())


if __name__ == "__main__":
    main()
