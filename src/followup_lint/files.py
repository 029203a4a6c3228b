"""Turn the command line's PATH arguments into draft files: files, folders, globs and `-`."""

from __future__ import annotations

import glob
from pathlib import Path

SUFFIXES = (".txt", ".md", ".eml")


def expand(args: list[str]) -> tuple[list[str], list[str]]:
    """(paths to lint, in a stable order, without duplicates; one-line errors for paths not found)."""
    paths: list[str] = []
    errors: list[str] = []
    for arg in args:
        if arg == "-":
            paths.append("-")
            continue
        p = Path(arg)
        try:
            p.exists()
        except OSError as exc:  # a file name over the system's limit, ...: pathlib raises, not False
            errors.append(f"{arg}: cannot read: {exc.strerror or exc}")
            continue
        if p.is_dir():
            found = sorted(str(f) for f in p.rglob("*") if f.suffix.lower() in SUFFIXES and f.is_file()
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            paths.extend(found)
        elif p.exists() or p.is_symlink():
            paths.append(arg)
        elif glob.has_magic(arg):
            matches = sorted(m for m in glob.glob(arg, recursive=True) if Path(m).is_file())
            if not matches:
                errors.append(f"{arg}: no file matches this pattern")
            paths.extend(matches)
        else:
            errors.append(f"{arg}: no such file or folder")
    seen: set[str] = set()
    return [p for p in paths if not (p in seen or seen.add(p))], errors
