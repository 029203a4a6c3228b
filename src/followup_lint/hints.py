"""What a hint tells the user to type: this tool's command as it was installed, and "did you mean"."""

from __future__ import annotations

import difflib
import os
import shlex
import shutil
import sys
from pathlib import Path
from typing import Iterable

SCRIPT = "followup-lint"


def command(*args: str) -> str:
    """`followup-lint ARGS` as the user can run it from here.

    The console script when the one on PATH is this installation's; otherwise the script by the path it
    was started with (a venv not activated, pre-commit's own environment), or this interpreter with
    `-m followup_lint` (run as a module, or as a library inside another program)."""
    return " ".join([*_base(), *(shlex.quote(a) for a in args)])


def _base() -> list[str]:
    started = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if started is not None and started.name == SCRIPT:
        on_path = shutil.which(SCRIPT)
        if on_path and _same(on_path, started):
            return [SCRIPT]
        return [shlex.quote(_short(str(started)))]
    # run as `python -m followup_lint` (or imported): the console script next to this interpreter, if
    # it is the one on PATH, is the shorter way to say it
    beside = Path(sys.executable).parent / SCRIPT
    on_path = shutil.which(SCRIPT)
    if on_path and beside.exists() and _same(on_path, beside):
        return [SCRIPT]
    return [_python(), "-m", "followup_lint"]


def _python() -> str:
    """`python` or `python3` when that name on PATH is this interpreter, else its path."""
    for name in ("python", "python3"):
        found = shutil.which(name)
        # a venv's python is a symlink to the base interpreter: compare the paths, not their targets
        if found and os.path.abspath(found) == os.path.abspath(sys.executable):
            return name
    return shlex.quote(_short(sys.executable))


def _same(a: str | Path, b: str | Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _short(path: str) -> str:
    """A path under the working folder as a relative one (`.venv/bin/followup-lint`), else absolute."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute)
    except ValueError:
        return absolute
    if rel.startswith(os.pardir):
        return absolute
    return rel if os.sep in rel else os.path.join(os.curdir, rel)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or '' when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def unknown_rule(name: str, rules, tags: bool = True) -> str:
    """The hint after "unknown rule 'x'": the closest rule id (or alias, or tag), else where to look."""
    names = {n for r in rules for n in (r.id, *r.aliases, *(r.tags if tags else ()))}
    return did_you_mean(name, sorted(names)) or f" (see `{command('rules')}`)"
