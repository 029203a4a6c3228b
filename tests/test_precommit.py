"""The pre-commit hook (`pre-commit try-repo`, a real install) and the GitHub Action's lint step.

try-repo installs the project into pre-commit's own environment with pip (PyPI, or pip's cache): about
30 s with a warm pip cache, a few minutes on a cold machine. It runs on a committed copy of the
project's files, so the test sees the working tree's hook definition whether or not it is committed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]
GIT = ["git", "-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"]

CASUAL = "Dear Ms. Chen,\n\nThx for the tour of the roastery and the cupping session.\n\nBest,\nTom\n"
CLEAN = ("Dear Ms. Chen,\n\nThank you for the tour of the roastery and for letting me join the cupping session.\n\n"
         "Best,\nTom\n")


def git(cwd: Path, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True)


def hook_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PRE_COMMIT"))}
    env["PRE_COMMIT_HOME"] = str(home)  # pre-commit's environments, never the user's ~/.cache
    env["PRE_COMMIT_COLOR"] = "never"
    return env


def test_hook_manifest_is_valid():
    r = subprocess.run([*PRE_COMMIT, "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["language"], hook["entry"]) == ("followup-lint", "python", "followup-lint")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A git repository with what `pip install .` and pre-commit need from this checkout, committed."""
    dest = tmp_path_factory.mktemp("project")
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "requirements"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)
    for name in ("src", "rules"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "snapshot")
    return dest


@pytest.mark.slow
def test_pre_commit_hook_blocks_then_passes(project, tmp_path):
    repo = tmp_path / "letters"
    repo.mkdir()
    git(repo, "init", "-q")
    # try-repo writes its own pre-commit config, so options come from the repository's followup-lint
    # config: a few rules (no grammar, which would need LanguageTool), stable as rules are added
    (repo / ".followup-lint.toml").write_text('select = ["slang", "placeholder", "missing-name"]\n')
    (repo / "drafts").mkdir()
    (repo / "drafts" / "roastery.txt").write_text(CASUAL, encoding="utf-8")
    (repo / "drafts" / "note.eml").write_text("Subject: Thank you\n\n" + CASUAL, encoding="utf-8")
    (repo / "script.py").write_text("print('thx')  # not a draft: the hook's files pattern skips it\n")
    git(repo, "add", "-A")
    env = hook_env(tmp_path / "pre-commit-home")
    cmd = [*PRE_COMMIT, "try-repo", str(project), "followup-lint", "--verbose"]

    r = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert "followup-lint" in out and "Failed" in out
    assert "drafts/roastery.txt:3:1: slang Slang: “Thx” (write “thanks”)" in out
    assert "drafts/note.eml:5:1: slang" in out
    assert "script.py" not in out

    (repo / "drafts" / "roastery.txt").write_text(CLEAN, encoding="utf-8")
    (repo / "drafts" / "note.eml").write_text("Subject: Thank you\n\n" + CLEAN, encoding="utf-8")
    git(repo, "add", "-A")
    r = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Passed" in r.stdout


# --- the GitHub Action ---------------------------------------------------------------------------

def action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def test_action_is_a_composite_with_declared_inputs():
    spec = action()
    assert spec["runs"]["using"] == "composite"
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    used = set(re.findall(r"inputs\.([A-Za-z0-9_-]+)", text))
    assert used <= set(spec["inputs"]), used - set(spec["inputs"])
    for step in spec["runs"]["steps"]:
        assert "uses" in step or step.get("shell") == "bash", step  # composite run steps need a shell
    grammar_steps = [s for s in spec["runs"]["steps"] if s.get("if") == "inputs.grammar != 'false'"]
    assert any("setup-java" in s.get("uses", "") and s["with"]["java-version"] == "17" for s in grammar_steps)
    assert any("followup-lint\" server install" in s.get("run", "") for s in grammar_steps)


def run_lint_step(tmp_path: Path, paths: str, args: str = "", grammar: str = "false"):
    """The action's lint step as GitHub runs it: bash -e, inputs in the environment, the real CLI."""
    step = next(s for s in action()["runs"]["steps"] if s.get("id") == "lint")
    runner_temp = tmp_path / "runner-temp"
    bin_dir = runner_temp / "followup-lint-venv" / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    exe = bin_dir / "followup-lint"
    exe.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m followup_lint.cli "$@"\n')
    exe.chmod(0o755)
    script = tmp_path / "step.sh"
    script.write_text(step["run"])
    output = tmp_path / "github-output"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update({"RUNNER_TEMP": str(runner_temp), "VENV": str(bin_dir.parent), "GITHUB_OUTPUT": str(output),
                "GITHUB_ACTIONS": "true",
                "INPUT_PATHS": paths, "INPUT_ARGS": args, "INPUT_GRAMMAR": grammar})
    r = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=tmp_path / "work",
                       env=env, capture_output=True, text=True, timeout=300)
    return r, output.read_text()


def test_action_lint_step_annotates_and_reports_exit_code(tmp_path):
    work = tmp_path / "work"
    (work / "drafts" / "sub").mkdir(parents=True)
    (work / "drafts" / "sub" / "roastery.md").write_text(CASUAL, encoding="utf-8")
    (work / "drafts" / "ok.txt").write_text(CLEAN, encoding="utf-8")
    (work / "README.md").write_text("# not a draft\n", encoding="utf-8")
    r, outputs = run_lint_step(tmp_path, "drafts/**/*.md drafts/ok.txt", args="--select slang --fail-on warning")
    assert r.returncode == 1, r.stderr
    assert "exit-code=1" in outputs
    lines = r.stdout.splitlines()
    assert lines[0].startswith("::warning file=drafts/sub/roastery.md,line=3,col=1,")
    assert "followup-lint: 1 problem (1 warning) in 2 files." in lines
    assert "README.md" not in r.stdout

    r, outputs = run_lint_step(tmp_path, "drafts/ok.txt", args="--select slang")
    assert r.returncode == 0 and "exit-code=0" in outputs
