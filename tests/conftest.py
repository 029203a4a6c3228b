"""Shared fixtures: the real spaCy model (loaded once), the CLI in-process and as a real process, and the
suite's own cache folder, so that the engine it starts is its own (stopped at the end)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from followup_lint import config as config_mod
from followup_lint.cli import main
from followup_lint.draft import from_text, read
from followup_lint.linter import Linter

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def private_engine(tmp_path_factory):
    """A cache folder of the suite's own, with the installed LanguageTool linked in (installed first if it is
    missing); the engine started there is stopped when the suite ends."""
    from followup_lint import engine
    from followup_lint.grammar import LanguageToolUnavailable, install_dir, is_installed
    from followup_lint.grammar.provision import provision

    if not is_installed():
        try:
            provision(log=lambda m: print(m, file=sys.stderr))
        except LanguageToolUnavailable as exc:  # the grammar tests say so; the others still run
            print(f"LanguageTool not installed: {exc}", file=sys.stderr)
    cache = tmp_path_factory.mktemp("cache")
    if is_installed():
        (cache / install_dir().name).symlink_to(install_dir())
    os.environ["FOLLOWUP_LINT_CACHE"] = str(cache)
    os.environ.pop("XDG_RUNTIME_DIR", None)
    yield cache
    engine.stop()


@pytest.fixture(scope="session")
def linter() -> Linter:
    """All rules but grammar (which has its own tests against the real server)."""
    return Linter(ignore=("grammar",))


@pytest.fixture
def lint(linter):
    """Lint a draft given as text; returns its diagnostics."""

    def run(text: str, path: str = "draft.txt", rules: tuple[str, ...] | None = None):
        lin = Linter(select=rules) if rules else linter
        draft = read(path, text.encode("utf-8")) if path.endswith(".eml") else from_text(path, text)
        return lin.lint([draft]).diagnostics[0]

    return run


@dataclass
class Run:
    """What a command run left: its exit code and its output as bytes (as subprocess gives them)."""

    returncode: int
    stdout: bytes
    stderr: bytes


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """Run `followup-lint ARGS` in this process through click's runner (cwd: a temp folder); the model
    stays loaded between runs, so a run costs what the lint costs. Exceptions propagate
    (FOLLOWUP_LINT_DEBUG=1 turns the CLI's one-line "internal error" off): a traceback fails the test
    instead of hiding in an exit code."""

    def run(*args: str, input: str | bytes | None = None, cwd: Path | None = None, env: dict | None = None):
        monkeypatch.chdir(cwd or tmp_path)
        config_mod.discover.cache_clear()  # a fresh process would look again
        config_mod.load.cache_clear()
        env = {"GITHUB_ACTIONS": None, "NO_COLOR": None, "FOLLOWUP_LINT_DEBUG": "1", **(env or {})}
        result = CliRunner().invoke(main, list(args), input=input, env=env, catch_exceptions=False)
        return Run(result.exit_code, result.stdout_bytes, result.stderr_bytes)

    return run


@pytest.fixture
def cli_process(tmp_path):
    """Run `followup-lint ARGS` as a real process, for what only a process shows (stdin pipes, the
    console script, exit codes as the shell sees them)."""

    def run(*args: str, input: str | bytes | None = None, cwd: Path | None = None, env: dict | None = None):
        full_env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"} | (env or {})
        data = input.encode() if isinstance(input, str) else input
        return subprocess.run([sys.executable, "-m", "followup_lint.cli", *args], input=data,
                              capture_output=True, cwd=cwd or tmp_path, env=full_env, timeout=300)

    return run


@pytest.fixture(scope="module")
def raw_lsp(tmp_path_factory):
    """A real `followup-lint lsp` process for a test module, over a folder whose config turns grammar
    off, spoken to in raw LSP framing; whatever the tests send it, it must still shut down cleanly."""
    from rawlsp import RawClient

    root = tmp_path_factory.mktemp("lsp")
    (root / ".followup-lint.toml").write_text('ignore = ["grammar"]\n', encoding="utf-8")
    client = RawClient(root)
    client.initialize(root)
    client.root = root
    yield client
    assert client.close() == 0  # shutdown is answered and exit ends the process


def read_terminal(leader: int) -> bytes:
    """Everything shown on a pseudo-terminal (its follower side already closed here), until it closes."""
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal is closed: all read
            break
        if not chunk:
            break
        shown += chunk
    return shown
