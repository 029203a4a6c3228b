"""followup-lint as users install it: `python -m followup_lint`, a built wheel run from any folder, and
hints that name a command the user can run the way the tool was started (never `make` outside a
checkout)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # this checkout's venv: python and the followup-lint script
CASUAL = "Hey Mike!!\n\nThx for the tour of the food truck kitchen :)\n\nCheers,\nTyler\n"
SYSTEM_PATH = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if Path(p) != BIN)


def run(cmd: list[str], cwd: Path, path: str = SYSTEM_PATH, **env: str) -> subprocess.CompletedProcess:
    full = {**{k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "GITHUB_ACTIONS")}, "PATH": path, **env}
    return subprocess.run(cmd, cwd=cwd, env=full, capture_output=True, text=True, timeout=300)


def install_hint(proc: subprocess.CompletedProcess) -> str:
    """The command inside "run `...`" of the "LanguageTool is not installed" line."""
    found = re.search(r"is not installed; run `([^`]+)`", proc.stdout + proc.stderr)
    assert found, proc.stdout + proc.stderr
    return found.group(1)


def test_python_dash_m_runs_the_cli_from_any_folder(tmp_path):
    (tmp_path / "a.txt").write_text(CASUAL)
    done = run([sys.executable, "-m", "followup_lint", "a.txt", "--select", "slang"], tmp_path)
    assert done.returncode == 1 and "a.txt:3:1: slang" in done.stdout
    assert run([sys.executable, "-m", "followup_lint", "--help"], tmp_path).stdout.startswith(
        "Usage: python -m followup_lint")


def test_hints_name_the_command_as_it_was_started(tmp_path):
    empty = str(tmp_path / "no-languagetool-here")
    # the console script on PATH (pipx, an activated venv)
    on_path = run(["followup-lint", "server", "status"], tmp_path, path=f"{BIN}{os.pathsep}{SYSTEM_PATH}",
                  FOLLOWUP_LINT_CACHE=empty)
    assert install_hint(on_path) == "followup-lint server install"
    # the script by its path, not on PATH (a venv not activated; pre-commit's own environment)
    by_path = run([str(BIN / "followup-lint"), "server", "status"], tmp_path, FOLLOWUP_LINT_CACHE=empty)
    assert install_hint(by_path) == f"{BIN / 'followup-lint'} server install"
    # as a module, with no console script on PATH
    module = run([sys.executable, "-m", "followup_lint", "server", "status"], tmp_path, FOLLOWUP_LINT_CACHE=empty)
    assert install_hint(module) == f"{sys.executable} -m followup_lint server install"
    for proc in (on_path, by_path, module):
        assert "make " not in proc.stdout + proc.stderr


def test_a_path_under_the_working_folder_is_shown_relative(tmp_path):
    """From a checkout, `.venv/bin/followup-lint ...` is answered with `.venv/bin/followup-lint server install`."""
    if not BIN.is_relative_to(ROOT):
        pytest.skip("this checkout's tool is not in a venv inside it")
    relative = BIN.relative_to(ROOT) / "followup-lint"
    done = run([str(relative), "server", "status"], ROOT, FOLLOWUP_LINT_CACHE=str(tmp_path / "none"))
    assert install_hint(done) == f"{relative} server install"


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory) -> Path:
    """A venv with followup-lint installed from a freshly built wheel; its dependencies come from this
    checkout's venv (a .pth line), so only followup-lint itself is the wheel's."""
    tmp = tmp_path_factory.mktemp("wheel")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp / "dist"), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp / "dist").glob("followup_lint-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "followup_lint/__main__.py" in names and "followup_lint/rules/too-long.yml" in names
    env = tmp / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    site = Path(subprocess.run([str(env / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "deps-from-checkout.pth").write_text(sysconfig.get_path("purelib") + "\n")
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(env / "bin" / "python"), "install",
                                "--no-deps", "-q", str(wheel)], capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr
    return env


@pytest.mark.slow
def test_the_wheel_runs_from_any_folder_with_its_own_rules_and_help(wheel_env, tmp_path):
    (tmp_path / "a.txt").write_text(CASUAL)
    script = wheel_env / "bin" / "followup-lint"
    where = run([str(wheel_env / "bin" / "python"), "-c", "import followup_lint.rule as r; print(r.builtin_dir())"],
                tmp_path)
    assert where.stdout.strip().startswith(str(wheel_env)), "the installed rules, not the checkout's"
    done = run([str(script), "a.txt", "--select", "slang,casual-tone"], tmp_path)
    assert done.returncode == 1 and "a.txt:3:1: slang" in done.stdout
    module = run([str(wheel_env / "bin" / "python"), "-m", "followup_lint", "explain", "too-long"], tmp_path)
    assert module.returncode == 0 and "max = 200" in module.stdout
    for args in (["--help"], ["check", "--help"], ["lsp", "--help"], ["server", "--help"]):
        text = run([str(script), *args], tmp_path).stdout
        assert not re.search(r"docs/\S+\.md", text) and "make " not in text, args
    # pre-commit runs the hook's script from its own environment, which is not on the user's PATH
    status = run([str(script), "server", "status"], tmp_path, FOLLOWUP_LINT_CACHE=str(tmp_path / "none"))
    assert install_hint(status) == f"{script} server install"
