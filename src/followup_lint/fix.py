"""--fix and --diff: apply the fixes that are safe without a human (Diagnostic.fix) and write atomically."""

from __future__ import annotations

import codecs
import difflib
import email
import email.policy
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .diagnostic import Diagnostic
from .draft import Draft, InputError, decode, read

# punctuation that may follow a removed emoji: "thanks 🙂." -> "thanks." (the space goes too)
_CLOSERS = " \t\r\n.,;:!?)]}\"'”’"


class FixError(Exception):
    """The fixed text could not be written; the message is one line naming the file."""


def apply(source: str, diagnostics: list[Diagnostic]) -> tuple[str, int]:
    """(fixed source, fixes applied): non-overlapping fixes, first by position; the rest stay findings."""
    out: list[str] = []
    pos = applied = 0
    for d in sorted((d for d in diagnostics if d.fix and d.suggestions), key=lambda d: (d.start, d.end, d.rule)):
        # overlaps an applied fix, or the offsets do not point at the flagged text (a re-encoded e-mail body)
        if d.start < pos or d.end <= d.start or source[d.start:d.end] != d.text:
            continue
        start, end, new = edit(source, d.start, d.end, d.suggestions[0])
        # the space this removal would take was already taken by the fix just before it
        start = max(start, pos)
        out.append(source[pos:start])
        if new == "" and _last(out) == "\r" and source[end:end + 1] == "\n":
            out.pop()  # the removal would join a CR and an LF into one line break: the finding stays
            continue
        out.append(new)
        pos, applied = end, applied + 1
    out.append(source[pos:])
    return "".join(out), applied


def edit(source: str, start: int, end: int, new: str) -> tuple[int, int, str]:
    """The edit (start, end, new text) that replaces source[start:end] by `new`, for --fix and the editor alike.

    Removing a word-like token must not leave a double space: the removal takes one space beside it.
    """
    if new:
        return start, end, new
    before = source[start - 1:start]
    after = source[end:end + 1]
    if before in (" ", "\t") and (after == "" or after in _CLOSERS):
        start -= 1
    elif before in ("", "\n") and after in (" ", "\t"):
        end += 1
    return start, end, new


def _last(out: list[str]) -> str:
    return next((piece[-1] for piece in reversed(out) if piece), "")


def eml_body(draft: Draft) -> tuple[str | None, bool]:
    """(why an e-mail body cannot be fixed in place, or None; whether the body must stay ASCII)."""
    try:
        part = email.message_from_bytes(draft.source.encode("utf-8"), policy=email.policy.default) \
            .get_body(preferencelist=("plain",))
        cte = str(part.get("Content-Transfer-Encoding", "7bit")).strip().lower() if part is not None else ""
    except Exception:  # malformed MIME headers: the email package raises anything; leave the file alone
        return "its MIME headers cannot be parsed", True
    if cte not in ("7bit", "8bit", "binary"):
        # quoted-printable / base64: offsets into the decoded body do not map 1:1 into the file
        return f"the e-mail body is {cte or 'not plain text'}-encoded", True
    return None, cte == "7bit"


def plan(draft: Draft, diagnostics: list[Diagnostic]) -> tuple[str, int, str | None]:
    """(fixed source, fixes applied, note on fixes skipped) for one draft."""
    fixable = [d for d in diagnostics if d.fix and d.suggestions]
    if not fixable:
        return draft.source, 0, None
    note = None
    if draft.path.lower().endswith(".eml"):
        reason, ascii_only = eml_body(draft)
        if reason:
            return draft.source, 0, f"{draft.path}: {len(fixable)} fix(es) not applied: {reason}"
        blank = [i for i in (draft.source.find("\n\n"), draft.source.find("\r\n\r\n")) if i >= 0]
        head_end = min(blank) if blank else len(draft.source)
        # headers are never rewritten (folding, encoded words), and a 7bit body stays ASCII
        kept = [d for d in fixable if d.start > head_end and (d.suggestions[0].isascii() or not ascii_only)]
        if len(kept) < len(fixable):
            note = f"{draft.path}: {len(fixable) - len(kept)} fix(es) in e-mail headers or needing non-ASCII text not applied"
        fixable = kept
    new, applied = apply(draft.source, fixable)
    return new, applied, note


def encode(draft: Draft, text: str) -> bytes:
    """The text in the draft's own encoding, with the same BOM (and UTF-16 byte order)."""
    if draft.encoding == "utf-16-be":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    if draft.encoding == "utf-16-le":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    return text.encode(draft.encoding)


def write(draft: Draft, text: str) -> None:
    """Replace the file atomically: temp file in the same folder, fsync, os.replace; mode bits kept."""
    real = os.path.realpath(draft.path)  # a symlink keeps pointing at the fixed file
    try:
        st = os.stat(real)
        original = Path(real).read_bytes()
    except OSError as exc:
        raise FixError(f"{draft.path}: cannot read it back: {exc.strerror}") from None
    if not st.st_mode & 0o222:
        # no write bit at all: the user made it read-only on purpose (root could write it anyway)
        raise FixError(f"{draft.path}: read-only file; not fixed")
    try:
        unchanged = decode(original, draft.path)[0] == draft.source
    except InputError:
        unchanged = False
    if not unchanged:
        raise FixError(f"{draft.path}: changed while it was being linted; not fixed")
    data = encode(draft, text)
    try:
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(real), prefix=f".{os.path.basename(real)}.", suffix=".tmp")
    except OSError as exc:
        raise FixError(f"{draft.path}: cannot write to its folder: {exc.strerror}; not fixed") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        if st.st_uid != os.geteuid():  # root fixing someone else's draft: keep the owner
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except OSError:
                pass
        os.replace(tmp, real)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise FixError(f"{draft.path}: cannot write: {exc.strerror or exc}; not fixed") from None
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(os.path.dirname(real), os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


def unified_diff(path: str, old: str, new: str) -> str:
    name = path.lstrip("/")  # like `git diff --no-index`: a/tmp/x.txt for /tmp/x.txt
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{name}", f"b/{name}"
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


@dataclass
class Outcome:
    """What --fix/--diff did: fixed bytes per path, counts, notes, write errors, and the report of what remains."""

    contents: dict[str, bytes] = field(default_factory=dict)  # path -> fixed file, as bytes
    fixed: dict[str, int] = field(default_factory=dict)  # path -> fixes applied
    diffs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # path -> one-line error
    report: Any = None  # the lint of the fixed text (None: nothing was fixed, or no relint given)


# A fix can make another: removing the emoji in "backlog!! 🙂!" leaves "backlog!!!". Fixing goes on in
# memory until nothing more applies (at most this many rounds), so a second --fix changes nothing.
MAX_ROUNDS = 4


def run(report, paths: list[str], stdin: bytes | None, stdin_name: str, *, dry_run: bool,
        relint: Callable[[dict[str, bytes]], Any] | None = None) -> Outcome:
    """Fix the files of a report (report.files[i] is paths[i]); with dry_run only build diffs.

    `relint(contents)` lints the paths again with `contents` (path -> bytes) in place of the files; with
    it, fixes are applied round after round until none applies. Files with nothing to fix are not
    touched; stdin (`-`) is never written, its fixed text is returned."""
    out = Outcome()
    originals: dict[str, Draft] = {}
    texts: dict[str, str] = {}
    todo = _fixable(report, paths, set(paths))
    for round_ in range(MAX_ROUNDS):
        changed = False
        for path, fr in todo:
            data = out.contents.get(path, stdin if path == "-" else None)
            try:
                draft = read(stdin_name if path == "-" else path, data)
            except InputError as exc:
                out.errors[path] = str(exc)
                continue
            originals.setdefault(path, draft)
            new, applied, note = plan(draft, fr.diagnostics)
            if note and round_ == 0:
                out.notes.append(note)
            if applied and new != draft.source:
                texts[path], out.contents[path] = new, encode(draft, new)
                out.fixed[path] = out.fixed.get(path, 0) + applied
                changed = True
        if not changed or relint is None:
            break
        out.report = relint(dict(out.contents))
        todo = _fixable(out.report, paths, set(out.contents))
        if not todo:
            break
    for path, new in texts.items():
        draft = originals[path]
        if dry_run:
            out.diffs.append(unified_diff(stdin_name if path == "-" else path, draft.source, new))
        elif path != "-":
            try:
                write(draft, new)
            except FixError as exc:
                out.errors[path] = str(exc)
    return out


def _fixable(report, paths: list[str], among: set[str]) -> list:
    return [(path, fr) for path, fr in zip(paths, report.files)
            if path in among and not fr.error and any(d.fix for d in fr.diagnostics)]
