"""Shared fixtures: the real spaCy model (loaded once) and the real CLI as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from followup_lint.draft import from_text, read
from followup_lint.linter import Linter

ROOT = Path(__file__).resolve().parents[1]


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
        return lin.lint([draft])[0]

    return run


@pytest.fixture
def cli(tmp_path):
    """Run `followup-lint ARGS` as a real process (cwd: a temp folder)."""

    def run(*args: str, input: str | bytes | None = None, cwd: Path | None = None, env: dict | None = None):
        full_env = {**os.environ, **(env or {})}
        full_env.pop("GITHUB_ACTIONS", None) if not (env and "GITHUB_ACTIONS" in env) else None
        data = input.encode() if isinstance(input, str) else input
        return subprocess.run(
            [sys.executable, "-m", "followup_lint.cli", *args], input=data, capture_output=True,
            cwd=cwd or tmp_path, env=full_env, timeout=300,
        )

    return run
