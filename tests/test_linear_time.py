"""Inputs that once took minutes: long runs of one mark or of blanks. Each now lints in well under a
second; the bound below leaves room for a busy machine and still fails a quadratic scan by far.
benchmarks/pathological.py measures the growth from 10 to 200 KB."""

from __future__ import annotations

import json
import time

import pytest

from followup_lint.draft import from_text

BOUND = 5.0  # seconds; these took 30 s to many minutes before
N = 30_000


def lint_json(cli, tmp_path, text: str, *args: str):
    (tmp_path / "d.txt").write_text(text, encoding="utf-8")
    started = time.monotonic()
    r = cli("--ignore", "grammar", "--format", "json", *args, "d.txt")
    return time.monotonic() - started, r


@pytest.mark.parametrize("run", ["!", "?!", "\U0001F642", "\u201d", ")", "=+"], ids=repr)
def test_a_long_run_of_punctuation_or_emoji(cli, tmp_path, run):
    text = "Dear Ms. Chen,\n\nThanks" + run * (N // len(run)) + " for the tour.\n\nBest regards,\nSam Ortiz\n"
    took, r = lint_json(cli, tmp_path, text)
    assert took < BOUND and r.returncode in (0, 1), r.stderr.decode()
    found = json.loads(r.stdout)
    assert all(1 <= d["line"] <= 6 for d in found)
    if run in ("!", "?!"):
        assert any(d["rule"] == "casual-tone" and d["text"].startswith("!" if run == "!" else "?!") for d in found)


@pytest.mark.parametrize("head, blank, tail", [
    ("Dear Ms.", " ", "Chen,\n\nThanks for the tour.\n\nBest regards,\nSam\n"),  # inside the greeting's name
    ("Dear Ms. Chen,\n\nThanks for the tour.\n\nBest regards", " \t", "x\nSam\n"),  # a line almost a sign-off
    ("Dear Ms. Chen,\n\nThanks for the tour.\n\nBest", " ", "regards\nSam" + " " * 100 + "Ortiz\n"),
], ids=["greeting-name", "almost-a-sign-off", "inside-the-sign-off"])
def test_a_long_run_of_blanks_in_a_name_or_sign_off(cli, tmp_path, head, blank, tail):
    took, r = lint_json(cli, tmp_path, head + blank * (N // len(blank)) + tail)
    assert took < BOUND and r.returncode in (0, 1), r.stderr.decode()


def test_finding_the_parts_is_linear_in_a_long_sign_off_like_line():
    # the sign-off pattern once backtracked over the blanks: 16 KB took 2 s, 60 KB half a minute
    started = time.monotonic()
    draft = from_text("d.txt", "Dear Ms. Chen,\n\nThanks.\n\nBest regards" + " \t" * 100_000 + "x\nSam\n")
    assert time.monotonic() - started < 1.0
    assert draft.part("body") == "Thanks."
