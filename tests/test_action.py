"""The GitHub Action (action.yml): its structure, and its steps run here in order as a runner would.

There is no GitHub here: `run:` steps run in bash with the runner's files (GITHUB_OUTPUT, GITHUB_PATH,
RUNNER_TEMP, GITHUB_ACTION_PATH ...); each `uses:` step is replaced by a stand-in that does what that
action does on a runner (setup-python: an interpreter, without touching PATH; the cache actions: the
folder kept from the previous run; setup-java: the Java here; setup-maven: the Maven here on PATH).
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "action.yml").read_text(encoding="utf-8")
ACTION = yaml.safe_load(TEXT)
STEPS = ACTION["runs"]["steps"]
PINNED = re.compile(r"[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}")
EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")

DRAFT = ("Dear Ms. Chen,\n\nThank you for the tour of the bakery. I think their is room to grow the catering "
         "side, and I would love to help build it.\n\nBest,\nTom Reyes\n")


def steps_using(prefix: str) -> list[dict]:
    return [s for s in STEPS if s.get("uses", "").startswith(prefix + "@")]


def index(step: dict) -> int:
    return next(i for i, s in enumerate(STEPS) if s is step)


# -- structure --------------------------------------------------------------------------------------

def test_every_action_is_pinned_to_a_commit_with_its_tag_in_a_comment():
    lines = [line for line in TEXT.splitlines() if re.match(r"\s*(?:- )?uses:", line)]
    assert len(lines) == sum("uses" in s for s in STEPS) > 0
    for line in lines:
        ref, _, comment = line.split("uses:", 1)[1].partition("#")
        assert PINNED.fullmatch(ref.strip()), f"not pinned to a full commit SHA: {line.strip()}"
        assert re.fullmatch(r"v\d+(?:\.\d+)*", comment.strip()), f"no release tag in a comment: {line.strip()}"


def test_the_callers_python_and_java_stay_as_they_were():
    pythons = steps_using("actions/setup-python")
    assert pythons, "the action sets up its own Python"
    for step in pythons:
        assert str(step["with"].get("update-environment")).lower() == "false", step
    for step in steps_using("actions/setup-java"):
        assert str(step["with"].get("set-default")).lower() == "false", step
    # followup-lint's own venv is made from the Python that step set up, never from `python` on PATH
    install = next(s for s in STEPS if s.get("name") == "Install followup-lint")
    assert install["env"]["PYTHON"] == "${{ steps.python.outputs.python-path }}"
    assert '"$PYTHON" -m venv' in install["run"]


def test_scripts_take_inputs_through_the_environment_only():
    for step in STEPS:
        if "run" in step:
            assert "${{" not in step["run"], f"an expression pasted into a script: {step.get('name', step.get('id'))}"


def test_caches_are_keyed_on_versions_and_saved_before_the_lint_step():
    assert not steps_using("actions/cache"), "actions/cache saves only when the job succeeds; use restore + save"
    restores, saves = steps_using("actions/cache/restore"), steps_using("actions/cache/save")
    lint = next(s for s in STEPS if s.get("id") == "lint")
    assert {s["with"]["key"] for s in restores} == {s["with"]["key"] for s in saves}
    for restore in restores:
        key = restore["with"]["key"]
        assert "${{ runner.os }}" in key and "${{ steps.keys.outputs." in key, key
        save = next(s for s in saves if s["with"]["key"] == key)
        assert save["with"]["path"] == restore["with"]["path"]
        assert index(restore) < index(save) < index(lint)
        assert "cache-hit != 'true'" in save["if"], "an exact hit is not saved again"
    venv_key = next(s["with"]["key"] for s in restores if "venv" in s["with"]["key"])
    assert "${{ steps.python.outputs.python-version }}" in venv_key and "${{ runner.arch }}" in venv_key
    keys = next(s for s in STEPS if s.get("id") == "keys")["run"]
    for versioned in ("pyproject.toml", "requirements/model.txt", "pom.xml", "LT_VERSION"):
        assert versioned in keys


def test_the_server_is_stopped_at_the_end_whatever_happened():
    last = STEPS[-1]
    assert "always()" in last["if"] and "server stop" in last["run"]


def test_maven_is_set_up_only_when_missing():
    maven = steps_using("stCarolas/setup-maven")
    assert len(maven) == 1 and "steps.maven.outputs.needed == 'true'" in maven[0]["if"]
    provision = next(s for s in STEPS if s.get("name") == "Provision LanguageTool")
    assert index(maven[0]) < index(provision)


# -- the steps, run here ------------------------------------------------------------------------------

class LocalRunner:
    """Runs the composite action's steps in order, as a runner does (see the module docstring)."""

    def __init__(self, tmp: Path, inputs: dict[str, str], env: dict[str, str]):
        self.tmp, self.env = tmp, env
        self.workspace = tmp / "workspace"
        self.temp = tmp / "runner-temp"
        self.temp.mkdir(exist_ok=True)
        defaults = {k: str(v.get("default", "")) for k, v in ACTION["inputs"].items()}
        self.ctx = {
            "inputs": {**defaults, **inputs},
            "steps": {},
            "runner": {"os": "Linux", "arch": "X64", "temp": str(self.temp)},
            "github": {"action_path": str(ROOT)},
        }
        self.added_path: list[str] = []
        self.failed = False
        self.ran: dict[str, subprocess.CompletedProcess | str] = {}  # step name -> process, or "stand-in"

    # expressions: references, ==, !=, &&, ||, !, always()/success()/failure()
    def lookup(self, ref: str) -> str:
        node = self.ctx
        for part in ref.split("."):
            node = node.get(part, {}) if isinstance(node, dict) else {}
        return node if isinstance(node, str) else ""

    def evaluate(self, expr: str):
        tokens = re.findall(r"'[^']*'|always\(\)|success\(\)|failure\(\)|==|!=|&&|\|\||!|\(|\)|[A-Za-z_][\w.-]*", expr)
        assert "".join(tokens).replace(" ", "") == expr.replace(" ", ""), f"unsupported expression: {expr}"
        words = {"always()": "True", "success()": str(not self.failed), "failure()": str(self.failed),
                 "&&": " and ", "||": " or ", "!": " not ", "==": "==", "!=": "!=", "(": "(", ")": ")"}
        python = "".join(words.get(t, t if t.startswith("'") else repr(self.lookup(t))) for t in tokens)
        return eval(python, {"__builtins__": {}})  # noqa: S307 - built from the tokens above only

    def subst(self, text: str) -> str:
        return EXPR.sub(lambda m: str(self.evaluate(m.group(1))), text)

    def should_run(self, step: dict) -> bool:
        cond = step.get("if")
        if cond is None:
            return not self.failed
        cond = EXPR.sub(lambda m: m.group(1), str(cond))
        if not re.search(r"always\(\)|failure\(\)|success\(\)", cond):
            cond = f"success() && ({cond})"
        return bool(self.evaluate(cond))

    def run_all(self) -> None:
        for step in STEPS:
            name = step.get("name") or step.get("id") or step["uses"]
            if not self.should_run(step):
                continue
            outputs = self.stand_in(step) if "uses" in step else self.run_script(name, step)
            if "uses" in step:
                self.ran[name] = "stand-in"
            if step.get("id"):
                self.ctx["steps"][step["id"]] = {"outputs": outputs}

    def run_script(self, name: str, step: dict) -> dict[str, str]:
        files = {k: self.temp / f"{k.lower()}-{len(self.ran)}" for k in ("GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_ENV")}
        for f in files.values():
            f.write_text("")
        script = self.temp / f"step-{len(self.ran)}.sh"
        script.write_text(step["run"])
        env = {**self.env, **{k: self.subst(str(v)) for k, v in step.get("env", {}).items()},
               **{k: str(v) for k, v in files.items()},
               "RUNNER_TEMP": str(self.temp), "GITHUB_ACTION_PATH": str(ROOT), "GITHUB_ACTIONS": "true",
               "GITHUB_STEP_SUMMARY": str(self.temp / "summary.md"),
               "PATH": os.pathsep.join([*self.added_path, self.env["PATH"]])}
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=self.workspace,
                              env=env, capture_output=True, text=True, timeout=1200)
        self.ran[name] = proc
        self.failed = self.failed or proc.returncode != 0
        self.added_path = [*reversed(files["GITHUB_PATH"].read_text().split()), *self.added_path]
        return dict(line.split("=", 1) for line in files["GITHUB_OUTPUT"].read_text().splitlines() if "=" in line)

    def stand_in(self, step: dict) -> dict[str, str]:
        action = step["uses"].split("@")[0]
        given = {k: self.subst(str(v)) for k, v in step.get("with", {}).items()}
        if action == "actions/setup-python":
            return {"python-path": sys.executable, "python-version": platform.python_version()}
        if action == "actions/setup-java":
            return {"path": str(Path(os.path.realpath(shutil.which("java"))).parents[1])}
        if action == "actions/cache/restore":
            kept = [p for p in given["path"].splitlines() if p.strip() and not p.startswith("!")]
            hit = all(Path(p).exists() for p in kept)
            return {"cache-hit": str(hit).lower(), "cache-primary-key": given["key"]}
        if action == "actions/cache/save":
            return {}
        if action == "stCarolas/setup-maven":
            self.added_path.insert(0, str(Path(os.path.realpath(shutil.which("mvn", path=os.environ["PATH"]))).parent))
            return {}
        raise AssertionError(f"no stand-in for {action}")

    def out(self, name: str) -> str:
        proc = self.ran[name]
        return proc.stdout + proc.stderr


def path_without(command: str, shadow_root: Path) -> str:
    """PATH with `command` gone: each folder holding it is replaced by a copy made of links to the rest."""
    folders = []
    for n, folder in enumerate(os.environ["PATH"].split(os.pathsep)):
        if folder and (Path(folder) / command).exists():
            shadow = shadow_root / f"path{n}"
            shadow.mkdir(parents=True)
            for entry in os.listdir(folder):
                if entry != command:
                    (shadow / entry).symlink_to(Path(folder) / entry)
            folder = str(shadow)
        folders.append(folder)
    return os.pathsep.join(folders)


@pytest.mark.slow
def test_steps_run_in_order_without_maven_then_reuse_the_caches(tmp_path):
    if not (shutil.which("java") and shutil.which("mvn")):
        pytest.skip("cannot run here: the stand-ins for setup-java and setup-maven need a java and an mvn")
    workspace = tmp_path / "workspace"
    (workspace / "drafts").mkdir(parents=True)
    (workspace / "drafts" / "bakery.txt").write_text(DRAFT, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_", "JAVA_HOME", "VIRTUAL_ENV"))}
    env["FOLLOWUP_LINT_CACHE"] = str(tmp_path / "followup-lint-cache")  # a fresh LanguageTool install and server
    env["PATH"] = path_without("mvn", tmp_path / "shadow")  # a runner without Maven
    assert shutil.which("mvn", path=env["PATH"]) is None

    first = LocalRunner(tmp_path, {"paths": "drafts"}, env)
    first.run_all()
    assert "no mvn on this runner" in first.out("Need Maven?")
    assert first.ran["stCarolas/setup-maven@d6af6abeda15e98926a57b5aa970a96bb37f97d1"] == "stand-in"
    assert (tmp_path / "followup-lint-cache" / "languagetool-6.8" / ".complete").is_file()
    lint = first.ran["followup-lint"]
    assert lint.returncode == 1, first.out("followup-lint")
    assert "::warning file=drafts/bakery.txt,line=3" in lint.stdout and "title=grammar" in lint.stdout
    assert first.ctx["steps"]["lint"]["outputs"] == {"exit-code": "1"}
    # the lint step failed, and the stop step still ran
    assert "stopped the followup-lint engine" in first.out("Stop LanguageTool")  # and so its LanguageTool
    venv = Path(first.ctx["steps"]["keys"]["outputs"]["venv-dir"])
    status = subprocess.run([str(venv / "bin" / "followup-lint"), "server", "status"], env=env,
                            capture_output=True, text=True)
    assert "not running" in status.stdout

    second = LocalRunner(tmp_path, {"paths": "drafts"}, env)  # same runner folders: both caches hit
    second.run_all()
    assert "reusing the cached environment" in second.out("Install followup-lint")
    assert "Maven is not needed" in second.out("Need Maven?")
    assert not any(name.startswith("actions/cache/save") for name in second.ran), "an exact hit is not saved again"
    assert second.ran["followup-lint"].returncode == 1 and "title=grammar" in second.ran["followup-lint"].stdout
    assert "stopped the followup-lint engine" in second.out("Stop LanguageTool")


def test_without_grammar_no_java_maven_or_server_steps_run(tmp_path):
    runner = LocalRunner(tmp_path, {"paths": "drafts", "grammar": "false"}, dict(os.environ))
    steps = [s for s in STEPS if runner.should_run(s)]
    names = {s.get("name") or s.get("id") or s["uses"].split("@")[0] for s in steps}
    assert names.isdisjoint({"java", "lt-cache", "Need Maven?", "Provision LanguageTool", "Stop LanguageTool"})
    assert "followup-lint" in names and "Install followup-lint" in names
