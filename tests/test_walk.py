"""Folder walks and globs: what a user means by `followup-lint .` in a real project (a git repository with
.gitignore files, node_modules, a virtualenv, hidden folders), and a path that yields no draft."""

from __future__ import annotations

import json
import os
import subprocess
import venv
from pathlib import Path

import pytest
from click.testing import CliRunner

from followup_lint.cli import main

DRAFT = "Hi Dana,\n\nThx for the tour of the warehouse.\n\nBest,\nLuis\n"
RULES = ("--select", "slang", "--format", "json")


def write(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(DRAFT, encoding="utf-8")


@pytest.fixture
def run(tmp_path, monkeypatch):
    """`followup-lint ARGS` in-process (click's CliRunner), in tmp_path; returns the click Result."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)

    def invoke(*args: str):
        return CliRunner().invoke(main, list(args), prog_name="followup-lint")

    return invoke


def linted(result) -> set[str]:
    assert result.exit_code in (0, 1), result.output + result.stderr
    return {d["path"] for d in json.loads(result.stdout)}


@pytest.fixture
def project(tmp_path) -> Path:
    """A git repository the way projects look: drafts among dependencies, builds and tool folders."""
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    write(tmp_path, "drafts/acme.txt", "drafts/sub/globex.md", "notes/thanks.eml",
          "node_modules/pkg/README.md", "vendor/lib/notes.txt", ".github/ISSUE_TEMPLATE.md",
          ".cache/old.txt", "build/out.txt", "drafts/private/secret.txt", "drafts/private/keep.txt",
          "drafts/scratch.tmp.txt", "env/lib/python3.12/site-packages/pkg/LICENSE.txt")
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n")  # a virtualenv, whatever its name
    (tmp_path / ".gitignore").write_text("/build/\n*.tmp.txt\n")
    (tmp_path / "drafts" / ".gitignore").write_text("private/*\n!private/keep.txt\n")
    return tmp_path


WANTED = {"drafts/acme.txt", "drafts/sub/globex.md", "notes/thanks.eml", "drafts/private/keep.txt"}


def test_a_folder_walk_lints_the_users_drafts_only(project, run):
    assert linted(run(*RULES, ".")) == WANTED


def test_the_walk_agrees_with_git_about_ignored_files(project, run):
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=project,
                         capture_output=True, text=True, check=True).stdout.split()
    hidden_or_vendored = ("node_modules/", "vendor/", "env/", ".")
    git_says = {p for p in out if p.endswith((".txt", ".md", ".eml")) and not p.startswith(hidden_or_vendored)}
    assert linted(run(*RULES, ".")) == git_says


def test_no_ignore_lints_everything_but_the_git_store(project, run):
    (project / ".git" / "info" / "notes.txt").write_text(DRAFT)
    found = linted(run(*RULES, "--no-ignore", "."))
    assert found == WANTED | {"node_modules/pkg/README.md", "vendor/lib/notes.txt", ".github/ISSUE_TEMPLATE.md",
                              ".cache/old.txt", "build/out.txt", "drafts/private/secret.txt",
                              "drafts/scratch.tmp.txt", "env/lib/python3.12/site-packages/pkg/LICENSE.txt"}


def test_a_file_or_folder_named_on_the_command_line_is_always_linted(project, run):
    named = ["node_modules/pkg/README.md", "build/out.txt", "drafts/private/secret.txt", ".cache/old.txt"]
    assert linted(run(*RULES, *named)) == set(named)
    assert linted(run(*RULES, "build")) == {"build/out.txt"}  # an ignored folder, asked for by name
    assert linted(run(*RULES, ".github")) == {".github/ISSUE_TEMPLATE.md"}


def test_globs_skip_what_the_walk_skips(project, run):
    assert linted(run(*RULES, "**/*.txt")) == {"drafts/acme.txt", "drafts/private/keep.txt"}
    assert linted(run(*RULES, "drafts/**/*.txt")) == {"drafts/acme.txt", "drafts/private/keep.txt"}
    assert linted(run(*RULES, "--no-ignore", "build/*.txt")) == {"build/out.txt"}


def test_gitignore_applies_outside_a_repository_too(tmp_path, run):
    write(tmp_path, "letters/a.txt", "letters/old/b.txt")
    (tmp_path / "letters" / ".gitignore").write_text("old/\n")
    assert linted(run(*RULES, "letters")) == {"letters/a.txt"}


def test_a_real_virtualenv_is_skipped(tmp_path, run):
    venv.create(tmp_path / "py", with_pip=False)
    write(tmp_path, "py/share/doc/README.md", "mine.txt")
    assert linted(run(*RULES, ".")) == {"mine.txt"}


def test_a_path_without_drafts_is_an_input_error_naming_it(project, run):
    (project / "empty").mkdir()
    r = run(*RULES, "empty")
    assert r.exit_code == 2 and r.stderr == "followup-lint: empty: no .txt, .md or .eml draft in this folder\n"
    # everything in it is skipped: the message says how to lint it anyway
    r = run(*RULES, "node_modules")
    assert r.exit_code == 1  # named explicitly, so linted
    write(project, "deps/node_modules/x/README.md")
    r = run(*RULES, "deps")
    assert r.exit_code == 2 and r.stderr == (
        "followup-lint: deps: no .txt, .md or .eml draft in this folder (hidden, git-ignored and vendored paths "
        "are skipped; --no-ignore includes them)\n")
    # a wrong path among good ones: the good ones are linted, and the run still fails with exit 2
    r = run(*RULES, "drafts", "notes/typo", "nomatch/*.md")
    assert r.exit_code == 2
    assert r.stderr.splitlines() == ["followup-lint: notes/typo: no such file or folder",
                                     "followup-lint: nomatch/*.md: no file matches this pattern"]
    assert {d["path"] for d in json.loads(r.stdout)} == {"drafts/acme.txt", "drafts/sub/globex.md",
                                                         "drafts/private/keep.txt"}


def test_wrong_path_fails_the_github_format_too(project, run, monkeypatch):
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", os.devnull)
    r = run("--select", "slang", "--format", "github", "empty-or-missing")
    assert r.exit_code == 2 and "::error" in r.stdout and "empty-or-missing" in r.stdout
