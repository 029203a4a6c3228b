"""Turn the command line's PATH arguments into draft files: files, folders, globs and `-`.

Folder walks (and glob matches) leave out what is not the user's writing: hidden folders and files,
git-ignored paths (every .gitignore from the repository's top down, and .git/info/exclude),
virtualenvs and vendored folders. A file named on the command line is always linted."""

from __future__ import annotations

import glob
import os
from pathlib import Path

import pathspec

SUFFIXES = (".txt", ".md", ".eml")
# other people's files that land inside a project: installed dependencies and caches, never drafts
VENDORED = frozenset({"node_modules", "bower_components", "jspm_packages", "vendor", "site-packages", "__pycache__"})
VCS = frozenset({".git", ".hg", ".svn"})  # a version-control store holds copies, never the drafts themselves
SKIPPED = "hidden, git-ignored and vendored paths are skipped; --no-ignore includes them"


def expand(args: list[str], respect_ignores: bool = True) -> tuple[list[str], list[str]]:
    """(paths to lint, in a stable order, without duplicates; one-line errors for paths that yield no draft)."""
    walker = _Walker(respect_ignores)
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
            found = walker.drafts_in(p)
            if not found:
                errors.append(f"{arg}: no .txt, .md or .eml draft in this folder" + walker.why_none())
            paths.extend(found)
        elif p.exists() or p.is_symlink():
            paths.append(arg)  # named explicitly: linted whatever its name or ignore rules say
        elif glob.has_magic(arg):
            matches = sorted(m for m in glob.glob(arg, recursive=True) if Path(m).is_file())
            kept = walker.keep_matches(arg, matches)
            if not kept:
                errors.append(f"{arg}: no file matches this pattern" + (walker.why_none() if matches else ""))
            paths.extend(kept)
        else:
            errors.append(f"{arg}: no such file or folder")
    seen: set[str] = set()
    return [p for p in paths if not (p in seen or seen.add(p))], errors


class _Walker:
    def __init__(self, respect_ignores: bool):
        self.respect = respect_ignores
        self._specs: dict[Path, pathspec.GitIgnoreSpec | None] = {}
        self._skipped = False  # the last walk or glob left something out

    def why_none(self) -> str:
        return f" ({SKIPPED})" if self._skipped else ""

    def drafts_in(self, folder: Path) -> list[str]:
        """Draft files under a folder, sorted, spelled from the folder as given."""
        self._skipped = False
        start = _abs(folder)
        chains = {start: self._chain(self._top(start), start)}
        found: list[str] = []
        for root, dirs, files in os.walk(folder):
            here = _abs(root)
            chain = chains.pop(here)
            kept = []
            for name in sorted(dirs):
                if self._excluded(here / name, True, chain):
                    self._skipped = self._skipped or name not in VCS
                    continue
                kept.append(name)
                chains[here / name] = chain + self._spec_at(here / name)
            dirs[:] = kept
            for name in files:
                if Path(name).suffix.lower() not in SUFFIXES:
                    continue
                if self._excluded(here / name, False, chain):
                    self._skipped = True
                    continue
                found.append(str(Path(root) / name))
        return sorted(found)

    def keep_matches(self, pattern: str, matches: list[str]) -> list[str]:
        """Glob matches that a walk of the pattern's literal folder would lint too."""
        self._skipped = False
        if not self.respect:
            return matches
        base = _abs(_literal_prefix(pattern))
        top = self._top(base)
        kept = []
        for m in matches:
            path = _abs(m)
            if not path.is_relative_to(base):  # `..` after a wildcard: judge the file in its own folder
                base_for = path.parent
            else:
                base_for = base
            chain = self._chain(top if base_for.is_relative_to(top) else base_for, base_for)
            here, excluded = base_for, False
            parts = path.relative_to(base_for).parts
            for i, part in enumerate(parts):
                here = here / part
                is_dir = i < len(parts) - 1
                if self._excluded(here, is_dir, chain):
                    excluded = True
                    break
                chain = chain + self._spec_at(here) if is_dir else chain
            self._skipped = self._skipped or excluded
            if not excluded:
                kept.append(m)
        return kept

    # -- what is left out (paths here are absolute) --
    def _excluded(self, path: Path, is_dir: bool, chain) -> bool:
        name = path.name
        if is_dir and name in VCS:
            return True
        if not self.respect:
            return False
        if name.startswith("."):
            return True
        if is_dir and (name in VENDORED or (path / "pyvenv.cfg").is_file() or (path / "conda-meta").is_dir()):
            return True
        return self._ignored(path, is_dir, chain)

    @staticmethod
    def _ignored(path: Path, is_dir: bool, chain) -> bool:
        """git's rule: the deepest .gitignore with a matching pattern decides; its last match wins."""
        for base, spec in reversed(chain):
            decided = spec.check_file(path.relative_to(base).as_posix() + ("/" if is_dir else "")).include
            if decided is not None:
                return decided
        return False

    def _top(self, folder: Path) -> Path:
        """Where the .gitignore files that apply start: the repository's top folder; or the folder itself
        when it is in no repository, or is ignored in it (a folder named explicitly is linted)."""
        root = next((d for d in (folder, *folder.parents) if (d / ".git").exists()), None)
        if not self.respect or root is None or root == folder:
            return folder
        chain = self._spec_at(root)
        here = root
        for part in folder.relative_to(root).parts:
            here = here / part
            if self._ignored(here, True, chain):
                return folder
            chain = chain + self._spec_at(here)
        return root

    def _chain(self, top: Path, folder: Path) -> list[tuple[Path, pathspec.GitIgnoreSpec]]:
        """(folder, spec) of every ignore file from top down to folder, outermost first."""
        chain = self._spec_at(top)
        here = top
        for part in folder.relative_to(top).parts:
            here = here / part
            chain = chain + self._spec_at(here)
        return chain

    def _spec_at(self, folder: Path) -> list[tuple[Path, pathspec.GitIgnoreSpec]]:
        if not self.respect:
            return []
        if folder not in self._specs:
            lines: list[str] = []
            for name in (".git/info/exclude", ".gitignore"):  # the repository's own excludes, then the file
                try:
                    lines += (folder / name).read_text(encoding="utf-8", errors="replace").splitlines()
                except OSError:
                    pass
            self._specs[folder] = pathspec.GitIgnoreSpec.from_lines(lines) if lines else None
        spec = self._specs[folder]
        return [(folder, spec)] if spec is not None else []


def _abs(path) -> Path:
    """Absolute, with `..` folded, symlinks kept (as git sees the work tree)."""
    return Path(os.path.abspath(path))


def _literal_prefix(pattern: str) -> Path:
    """The folder part of a glob before its first wildcard: `drafts/**/*.md` -> drafts."""
    literal = []
    for part in Path(pattern).parts[:-1]:
        if glob.has_magic(part):
            break
        literal.append(part)
    return Path(*literal) if literal else Path(".")
