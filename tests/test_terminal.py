"""The command line at a terminal: colour, shell completion, "did you mean", help text, `explain`, --stats
wording and the progress bar's estimate. In-process with click's CliRunner, except where a real terminal
(a pty) or a real shell is the point."""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import read_terminal
from click.testing import CliRunner

from followup_lint.cli import main
from followup_lint.explain import option_docs
from followup_lint.rule import load_rules

CASUAL = "Hey Mike!!\n\nThx for the tour of the food truck kitchen :)\n\nCheers,\nTyler\n"
ESC = "\x1b["
SCRIPT = Path(sys.executable).parent / "followup-lint"


@pytest.fixture
def run(tmp_path, monkeypatch):
    """`followup-lint ARGS` in-process in tmp_path; env adds variables for that call."""
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)

    def invoke(*args: str, env: dict | None = None):
        return CliRunner().invoke(main, list(args), prog_name="followup-lint", env=env)

    return invoke


def on_a_terminal(*args: str, env: dict | None = None, cwd: Path | None = None) -> str:
    """Run the real CLI with stdout and stderr on a pseudo-terminal; everything it showed there."""
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "followup_lint", *args], stdout=follower, stderr=follower,
                                stdin=subprocess.DEVNULL, cwd=cwd,
                                env={**{k: v for k, v in os.environ.items() if k != "NO_COLOR"}, "COLUMNS": "100",
                                     **(env or {})})
        os.close(follower)
        shown = read_terminal(leader)
        proc.wait(timeout=300)
    finally:
        os.close(leader)
    return shown.decode("utf-8", "replace")


# -- colour ---------------------------------------------------------------------------------------------

def test_color_flag_forces_colour_when_piped(run, tmp_path):
    (tmp_path / "a.txt").write_text(CASUAL)
    assert ESC not in run("a.txt", "--ignore", "grammar").stdout  # a pipe: plain by default
    coloured = run("a.txt", "--ignore", "grammar", "--color")
    assert coloured.exit_code == 1 and ESC in coloured.stdout and "slang" in coloured.stdout
    assert ESC not in run("a.txt", "--ignore", "grammar", "--no-color").stdout
    assert ESC in run("explain", "slang", "--color").stdout


def test_no_color_on_a_terminal_and_the_flag_overriding_it():
    assert ESC in on_a_terminal("explain", "too-long")
    assert ESC not in on_a_terminal("explain", "too-long", env={"NO_COLOR": "1"})
    assert ESC in on_a_terminal("explain", "too-long", "--color", env={"NO_COLOR": "1"})


# -- shell completion -------------------------------------------------------------------------------------

def complete(run, line: str) -> list[tuple[str, str]]:
    """What bash would be offered for `line` (the last word is being typed): (type, value) pairs."""
    words = line.split(" ")
    result = run(env={"_FOLLOWUP_LINT_COMPLETE": "bash_complete", "COMP_WORDS": line,
                      "COMP_CWORD": str(len(words) - 1)})
    assert result.exit_code == 0, result.output
    return [tuple(item.split(",", 1)) for item in result.stdout.splitlines()]


def test_completion_offers_subcommands_files_and_rule_ids(run):
    first = complete(run, "followup-lint ")
    assert ("file", "") in first and {("plain", c) for c in ("check", "explain", "rules", "server", "lsp")} <= set(first)
    assert complete(run, "followup-lint expl") == [("file", "expl"), ("plain", "explain")]
    assert complete(run, "followup-lint explain missing-n") == [("plain", "missing-name")]
    assert complete(run, "followup-lint draft.txt --select sla") == [("plain", "slang")]
    # tags too, and the id after a comma
    assert ("plain", "tone") in complete(run, "followup-lint draft.txt --ignore to")
    assert complete(run, "followup-lint draft.txt --select slang,casual") == [("plain", "slang,casual-tone")]
    assert ("plain", "sarif") in complete(run, "followup-lint draft.txt --format s")
    assert complete(run, "followup-lint draft.txt dr") == [("file", "dr")]
    assert {v for _, v in complete(run, "followup-lint server st")} == {"start", "status", "stop"}


def test_completion_scripts_for_bash_zsh_and_fish(run):
    assert "complete -o nosort -F _followup_lint_completion followup-lint" in run(
        env={"_FOLLOWUP_LINT_COMPLETE": "bash_source"}).stdout
    assert "#compdef followup-lint" in run(env={"_FOLLOWUP_LINT_COMPLETE": "zsh_source"}).stdout
    assert "complete --no-files --command followup-lint" in run(env={"_FOLLOWUP_LINT_COMPLETE": "fish_source"}).stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash here")
def test_bash_completes_with_the_documented_line(tmp_path):
    """The README's `eval "$(_FOLLOWUP_LINT_COMPLETE=bash_source followup-lint)"`, in a real bash."""
    script = ('eval "$(_FOLLOWUP_LINT_COMPLETE=bash_source followup-lint)"\n'
              "COMP_WORDS=(followup-lint explain slan); COMP_CWORD=2; _followup_lint_completion followup-lint\n"
              'echo "${COMPREPLY[*]}"\n')
    env = {**os.environ, "PATH": f"{SCRIPT.parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "--norc", "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.stdout.strip() == "slang"


# -- did you mean ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, line", [
    (("explian", "slang"), "followup-lint: no command or file 'explian' (did you mean 'explain'?)"),
    (("rule",), "followup-lint: no command or file 'rule' (did you mean 'rules'?)"),
    (("server", "strat"), "followup-lint: no command 'strat' (did you mean 'start'?)"),
    (("explain", "slnag"), "followup-lint: unknown rule 'slnag' (did you mean 'slang'?)"),
    (("a.txt", "--select", "slnag"), "followup-lint: --select: unknown rule or tag 'slnag' (did you mean 'slang'?)"),
    (("a.txt", "--ignore", "grammer"), "followup-lint: --ignore: unknown rule or tag 'grammer' (did you mean 'grammar'?)"),
])
def test_did_you_mean(run, tmp_path, args, line):
    (tmp_path / "a.txt").write_text(CASUAL)
    result = run(*args)
    assert result.exit_code == 2 and result.stderr == line + "\n"


def test_did_you_mean_in_config_and_no_guess_when_nothing_is_close(run, tmp_path):
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "a.txt").write_text(CASUAL)
    (tmp_path / "cfg" / ".followup-lint.toml").write_text("[to-long]\nmax = 100\n")
    result = run("cfg/a.txt")
    assert result.exit_code == 2 and result.stderr.strip().endswith("unknown rule or key 'to-long' (did you mean 'too-long'?)")
    # (the command in a hint is this tool as it was started: in-process here, the test's interpreter)
    unknown = run("explain", "zzz").stderr
    assert unknown.startswith("followup-lint: unknown rule 'zzz' (see `") and unknown.endswith(" rules`)\n")
    # a missing draft is a missing draft, even when its name is close to a subcommand
    assert run("rules.txt").stderr == "followup-lint: rules.txt: no such file or folder\n"
    assert run("nothing").stderr == "followup-lint: nothing: no such file or folder\n"
    # a file really named like a subcommand's typo is linted
    (tmp_path / "explian").write_text(CASUAL)
    assert run("explian", "--ignore", "grammar").exit_code == 1


def test_usage_errors_are_one_line(run):
    result = run("a.txt", "--fail-on", "sometimes")
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert "'sometimes' is not one of 'error', 'warning', 'info'" in result.stderr
    assert result.stderr.rstrip().endswith(" check --help`)")


# -- help -----------------------------------------------------------------------------------------------

def test_help_summaries_are_whole_and_point_to_nothing_uninstalled(run):
    top = run("--help").stdout
    commands = top.split("Commands:")[1]
    assert "..." not in commands and "\u2026" not in commands
    for name in ("check", "explain", "lsp", "rules", "server"):
        summary = main.commands[name].help.split("\n\n")[0].split(". ")[0]
        assert " ".join(summary.split()) in " ".join(top.split())
    for args in (("--help",), ("check", "--help"), ("explain", "--help"), ("server", "--help"), ("lsp", "--help")):
        text = run(*args).stdout
        body = "\n".join(line for line in text.splitlines() if not line.startswith("Usage:"))
        assert "..." not in body and not re.search(r"docs/\S+\.md", text), args
    stats = " ".join(run("check", "--help").stdout.split())
    assert "100 minus 15 per error, 8 per warning and 3 per info finding, at most 2 findings counted per rule" in stats


# -- explain ---------------------------------------------------------------------------------------------

def test_explain_shows_each_options_meaning_and_readable_defaults(run):
    text = run("explain", "generic-phrase", "--no-color").stdout
    assert "entries]" not in text and "{'" not in text and "\\\\" not in text
    assert "  phrases\n    fixed formulas\n" in text
    assert "wanted to touch base, just touching base, just checking in," in text
    assert "- [{LOWER: i, OP: ?}, {LEMMA: {IN: [hope, trust]}}" in text
    assert "phrases flagged, matched on tokens ignoring case and inflection" in run("explain", "slang").stdout
    casual = run("explain", "casual-tone").stdout
    assert "\n      (?<![!?])!{2,}(?![!?])\n" in casual  # the regex itself, as written, one a line
    assert "gonna \u2192 going to, wanna \u2192 want to" in casual
    grammar = run("explain", "grammar").stdout
    assert "  url = (none)\n    a LanguageTool server you run" in grammar
    assert "  disabled_rules\n    LanguageTool rule ids switched off" in grammar and "PER_CENT, POSSESSIVE_APOSTROPHE" in grammar
    assert "  picky = false\n" in grammar
    assert "  accept_weak = false\n    true: thanks found only in `weak_parts` is enough" in run("explain", "missing-gratitude").stdout


def test_every_option_of_every_rule_is_explained():
    missing = [f"{rule.id}.{key}" for rule in load_rules().values() for key in rule.options
               if key not in option_docs(rule)]
    assert not missing, f"options without a comment above them in their rule file: {missing}"


# -- --stats wording ---------------------------------------------------------------------------------------

def test_stats_count_findings_in_the_summarys_words(run, tmp_path):
    (tmp_path / "a.txt").write_text(
        "Dear Ms. Chen,\n\nI hope this email finds you well. Thank you for the tour of the Elm Street bakery and the "
        "sourdough starter. I look forward to hearing from you. Please do not hesitate to contact me.\n\n"
        "Best,\nTom\n")
    out = run("a.txt", "--select", "generic-phrase", "--stats").stdout
    assert "generic-phrase: 3 info (2 counted)" in out and "(3 info)" in out and "infos" not in out


# -- the progress bar's estimate -------------------------------------------------------------------------

def test_progress_estimate_waits_for_measured_files_and_is_not_inflated(tmp_path):
    for i in range(40):
        (tmp_path / f"d{i:02d}.txt").write_text(CASUAL.replace("food truck", f"truck {i}"))
    t0 = time.monotonic()
    shown = on_a_terminal("--select", "slang", ".", cwd=tmp_path)
    elapsed = time.monotonic() - t0
    frames = [f for f in re.split(r"[\r\n]", shown) if "Linting" in f]
    assert frames and "100%" in frames[-1]
    first = next(f for f in frames if "40%" in f)  # 16 of 40 files: the first chunk
    # the first chunk also paid for loading spaCy: no estimate from it, neither ours nor click's h:mm:ss one
    assert "left" not in first and not re.search(r"\d+:\d\d:\d\d", first)
    for seconds in re.findall(r"about (\d+) s left", shown):
        assert int(seconds) <= elapsed
