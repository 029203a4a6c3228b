"""--fix and --diff (issue #4): real files in tmp_path, the real CLI in a subprocess."""

from __future__ import annotations

import codecs
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from followup_lint.diagnostic import Diagnostic
from followup_lint.fix import apply

SLANG = "Hi Dana,\n\nThx for the tour today!!! It was fun :) 🎉 Let me know if u need anything.\n\nBest regards,\nLuis Romero\n"
FIXED = "Hi Dana,\n\nThanks for the tour today! It was fun Let me know if you need anything.\n\nBest regards,\nLuis Romero\n"
TONE = ("--select", "slang,casual-tone")  # the rules whose fixes these tests apply: a known remainder


def draft_file(tmp_path: Path, text: str = SLANG, name: str = "draft.txt", data: bytes | None = None) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if data is None else data)
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))  # an mtime a rewrite would change
    return path


def test_fix_applies_the_safe_fixes_and_a_second_run_changes_nothing(cli, tmp_path):
    path = draft_file(tmp_path)
    first = cli("--fix", "--ignore", "grammar", path.name)
    assert path.read_text(encoding="utf-8") == FIXED, first.stderr.decode()
    assert "applied 5 fixes in 1 file" in first.stderr.decode()
    assert "Thx" not in first.stdout.decode()  # the report is of what remains, after the fix
    mtime = path.stat().st_mtime_ns

    second = cli("--fix", "--ignore", "grammar", path.name)
    assert path.read_text(encoding="utf-8") == FIXED
    assert path.stat().st_mtime_ns == mtime
    assert "applied" not in second.stderr.decode()
    assert second.returncode == first.returncode


def test_exit_code_reflects_what_remains(cli, tmp_path):
    path = draft_file(tmp_path)
    assert cli(*TONE, path.name).returncode == 1
    done = cli(*TONE, "--fix", path.name)
    assert done.returncode == 0, done.stdout.decode()
    assert "All clear" in done.stdout.decode()

    path.write_text(SLANG.replace("today", "today, lol,"), encoding="utf-8")  # "lol" has no safe fix
    done = cli(*TONE, "--fix", path.name)
    assert done.returncode == 1
    assert "lol" in path.read_text(encoding="utf-8") and "Thx" not in path.read_text(encoding="utf-8")
    assert "“lol”" in done.stdout.decode()


def test_files_with_nothing_to_fix_are_not_touched(cli, tmp_path):
    clean = draft_file(tmp_path, "Hi Dana,\n\nThank you for the tour today.\n\nBest regards,\nLuis\n", "clean.txt")
    dirty = draft_file(tmp_path, SLANG, "dirty.txt")
    before = clean.stat().st_mtime_ns
    cli(*TONE, "--fix", ".")
    assert clean.stat().st_mtime_ns == before
    assert dirty.read_text(encoding="utf-8") == FIXED


@pytest.mark.parametrize("bom, codec", [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
])
def test_crlf_bom_and_encoding_are_kept(cli, tmp_path, bom, codec):
    path = draft_file(tmp_path, data=bom + SLANG.replace("\n", "\r\n").encode(codec))
    os.chmod(path, 0o640)
    cli(*TONE, "--fix", path.name)
    data = path.read_bytes()
    assert data.startswith(bom)
    assert data[len(bom):].decode(codec) == FIXED.replace("\n", "\r\n")
    assert oct(path.stat().st_mode & 0o777) == oct(0o640)


def test_diff_prints_a_unified_diff_and_writes_nothing(cli, tmp_path):
    path = draft_file(tmp_path)
    before = path.stat().st_mtime_ns
    done = cli(*TONE, "--diff", path.name)
    out = done.stdout.decode()
    assert out.startswith("--- a/draft.txt\n+++ b/draft.txt\n@@ ")
    assert "-Thx for the tour today!!! It was fun :) 🎉 Let me know if u need anything.\n" in out
    assert "+Thanks for the tour today! It was fun Let me know if you need anything.\n" in out
    assert path.read_text(encoding="utf-8") == SLANG and path.stat().st_mtime_ns == before
    assert done.returncode == 0  # what would remain once the diff is applied
    assert "5 fixes in 1 file would be applied" in done.stderr.decode()


def test_stdin_fix_prints_the_fixed_draft(cli):
    done = cli(*TONE, "--fix", "-", input=SLANG.replace("\n", "\r\n"))
    assert done.stdout.decode() == FIXED.replace("\n", "\r\n")
    assert done.returncode == 0 and "All clear" in done.stderr.decode()


def test_read_only_file_is_reported_and_left_alone(cli, tmp_path):
    path = draft_file(tmp_path)
    os.chmod(path, 0o444)  # no write bit: fix.py refuses, even for root (who could write it anyway)
    before = path.stat().st_mtime_ns
    done = cli(*TONE, "--fix", path.name)
    assert done.returncode == 2
    assert "draft.txt: read-only file; not fixed" in done.stderr.decode()
    assert path.read_text(encoding="utf-8") == SLANG and path.stat().st_mtime_ns == before
    assert "Thx" in done.stdout.decode()  # still reported


def _lock(folder: Path, on: bool) -> None:
    """Make a folder unwritable: chmod for a user; for root (who ignores mode bits) the immutable flag."""
    if os.geteuid() != 0:
        os.chmod(folder, 0o555 if on else 0o755)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without `chattr`: no way to make a folder unwritable")
    done = subprocess.run(["chattr", "+i" if on else "-i", str(folder)], capture_output=True)
    if done.returncode and on:
        pytest.skip(f"running as root and `chattr +i` is not available: {done.stderr.decode().strip()}")


def test_unwritable_folder_is_reported_and_left_alone(cli, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = draft_file(folder)
    _lock(folder, True)
    try:
        done = cli(*TONE, "--fix", "ro/draft.txt")
    finally:
        _lock(folder, False)
    assert done.returncode == 2 and "ro/draft.txt: cannot write to its folder" in done.stderr.decode()
    assert path.read_text(encoding="utf-8") == SLANG
    assert os.listdir(folder) == ["draft.txt"]


# The writer dies (SIGKILL) or fails at the worst moments: the original must never be half written.
KILLER = """
import os, signal, sys
event, action = sys.argv[1], sys.argv[2]
def hook(name, args):
    if name == event:
        if action == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        raise OSError(28, "No space left on device")
sys.addaudithook(hook)
from followup_lint.cli import main
sys.argv = ["followup-lint", "--select", "slang,casual-tone", "--fix", "draft.txt"]
main()
"""


@pytest.mark.parametrize("event", ["tempfile.mkstemp", "os.rename"])  # os.replace audits as os.rename
def test_a_kill_during_the_write_leaves_the_original_intact(tmp_path, event):
    path = draft_file(tmp_path)
    done = subprocess.run([sys.executable, "-c", KILLER, event, "kill"], cwd=tmp_path, capture_output=True, timeout=120)
    assert done.returncode == -9, done.stderr.decode()
    assert path.read_text(encoding="utf-8") == SLANG
    assert all(n == "draft.txt" or (n.startswith(".draft.txt.") and n.endswith(".tmp")) for n in os.listdir(tmp_path))


def test_a_failed_rename_cleans_up_and_reports(tmp_path):
    path = draft_file(tmp_path)
    done = subprocess.run([sys.executable, "-c", KILLER, "os.rename", "fail"], cwd=tmp_path, capture_output=True,
                          timeout=120)
    assert done.returncode == 2
    assert "draft.txt: cannot write: No space left on device; not fixed" in done.stderr.decode()
    assert "Traceback" not in done.stderr.decode()
    assert path.read_text(encoding="utf-8") == SLANG
    assert os.listdir(tmp_path) == ["draft.txt"]


EML = (
    "From: Luis Romero <luis@example.com>\nTo: dana@example.com\nSubject: Thank you\n"
    "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: {cte}\n\n{body}"
)
BODY = "Hi Dana,\n\nThx for the tour today!!! Let me know if u need anything.\n\nBest regards,\nLuis Romero\n"


def test_plain_eml_body_is_fixed(cli, tmp_path):
    path = draft_file(tmp_path, EML.format(cte="7bit", body=BODY), "note.eml")
    cli(*TONE, "--fix", path.name)
    assert path.read_text(encoding="utf-8") == EML.format(
        cte="7bit", body=BODY.replace("Thx", "Thanks").replace("!!!", "!").replace(" u ", " you "))


def test_encoded_eml_is_skipped_with_a_note(cli, tmp_path):
    qp = BODY.replace("today", "to=\nday")  # a soft line break: offsets no longer map 1:1
    path = draft_file(tmp_path, EML.format(cte="quoted-printable", body=qp), "note.eml")
    before = path.stat().st_mtime_ns
    done = cli(*TONE, "--fix", path.name)
    assert re.search(r"note\.eml: \d fix\(es\) not applied: the e-mail body is quoted-printable-encoded",
                     done.stderr.decode())
    assert path.stat().st_mtime_ns == before and done.returncode == 1


def _diag(start: int, end: int, text: str, new: str, rule: str = "slang") -> Diagnostic:
    return Diagnostic("d.txt", 1, start + 1, 1, end + 1, rule, text=text, suggestions=(new,), start=start, end=end,
                      fix=True)


def test_overlapping_fixes_first_by_position():
    source = "abc def ghi"
    new, applied = apply(source, [_diag(4, 11, "def ghi", "X"), _diag(0, 7, "abc def", "Y"), _diag(8, 11, "ghi", "Z")])
    assert (new, applied) == ("Y Z", 2)


@pytest.mark.parametrize("source, span, fixed", [
    ("Thanks 🙂 see you", (7, 8), "Thanks see you"),
    ("Thanks 🙂.", (7, 8), "Thanks."),
    ("🙂 Thanks", (0, 1), "Thanks"),
    ("Thanks 🙂\r\nBye", (7, 8), "Thanks\r\nBye"),
    ("Great🙂 thanks", (5, 6), "Great thanks"),
    ("a\r🙂\nb", (2, 3), "a\r🙂\nb"),  # removing it would make CR + LF one line break: it stays
    ("a\r 🙂\nb", (3, 4), "a\r 🙂\nb"),
])
def test_removal_leaves_no_double_space(source, span, fixed):
    s, e = span
    assert apply(source, [_diag(s, e, source[s:e], "")]) == (fixed, int(fixed != source))


def test_grammar_fix_with_a_real_languagetool(cli, tmp_path):
    path = draft_file(tmp_path, "Hi Dana,\n\nThank you for you time on Monday.\n\nBest regards,\nSam Ortiz\n")
    done = cli("--select", "grammar", "--fix", path.name)
    if done.returncode == 3:
        pytest.skip("LanguageTool server could not start: " + done.stderr.decode().strip().splitlines()[-1])
    assert path.read_text(encoding="utf-8") == "Hi Dana,\n\nThank you for your time on Monday.\n\nBest regards,\nSam Ortiz\n"
    assert done.returncode == 0, done.stdout.decode()


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
                                        (codecs.BOM_UTF8, "utf-8")])
def test_a_zero_width_no_break_space_after_the_bom_is_kept(cli, tmp_path, bom, codec):
    text = "\ufeff" + SLANG.replace("Hi Dana,", "Hi Dana :)")  # U+FEFF after the BOM is text, not a second BOM
    path = draft_file(tmp_path, data=bom + text.encode(codec))
    smiley = next(d for d in json.loads(cli(*TONE, "--format", "json", path.name).stdout) if d["text"] == ":)")
    assert (smiley["line"], smiley["column"]) == (1, 10)  # columns count the U+FEFF, as an editor does
    cli(*TONE, "--fix", path.name)
    assert path.read_bytes() == bom + ("\ufeff" + FIXED.replace("Hi Dana,", "Hi Dana")).encode(codec)


def test_a_fix_that_makes_another_is_applied_in_the_same_run(cli, tmp_path):
    # the emoji goes, and "!!" and "!" meet: one "!" is what a second --fix would have left
    path = draft_file(tmp_path, "Hi Dana,\n\nThank you for walking me through the backlog!! 🙂!\n\nBest regards,\nLuis Romero\n")
    first = cli(*TONE, "--fix", path.name)
    assert path.read_text(encoding="utf-8") == \
        "Hi Dana,\n\nThank you for walking me through the backlog!\n\nBest regards,\nLuis Romero\n"
    assert first.returncode == 0, first.stdout.decode()
    mtime = path.stat().st_mtime_ns
    cli(*TONE, "--fix", path.name)
    assert path.stat().st_mtime_ns == mtime
