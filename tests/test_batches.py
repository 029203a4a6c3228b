"""Batches (issue #4): --jobs N gives the same output in the same order; a progress bar only on a terminal."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import read_terminal

DRAFTS = [
    "Hi Dana,\n\nThx for the tour of the Elm Street warehouse today!!! The four-on schedule suits me.\n\nBest,\nLuis\n",
    "Dear Ms. Ortiz,\n\nThank you for the tour of the bakery. I am REALLY EXCITED ABOUT IT.\n\nBest regards,\nSam Hill\n",
    "Hey Mike!!\n\nThe catering line sounds super fun and I'm gonna be ready whenever you need me.\n\nCheers,\nTyler\n",
    "Dear [Interviewer Name],\n\nThank you for your time. I hope to hear from you soon.\n\nSincerely,\nAna\n",
    "Hi Keisha,\n\nThe lift-assist training was omg so much better. Let me know if u need my TB results <3\n\nBest,\nLatoya\n",
]


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    for i in range(60):  # over runner.MIN_PARALLEL: --jobs 2 really forks
        (folder / f"draft{i:02d}.txt").write_text(DRAFTS[i % len(DRAFTS)].replace("today", f"on day {i}"), "utf-8")
    return folder


def test_jobs_2_gives_the_same_output_as_jobs_1(cli, batch):
    one = cli("--ignore", "grammar", "--format", "json", "--jobs", "1", str(batch))
    two = cli("--ignore", "grammar", "--format", "json", "--jobs", "2", str(batch))
    assert two.stdout == one.stdout and two.returncode == one.returncode == 1
    paths = [d["path"] for d in json.loads(one.stdout)]
    assert paths == sorted(paths) and len(set(paths)) >= 50  # every draft has findings, file by file


def test_no_progress_bar_when_stderr_is_piped(cli, batch):
    done = cli("--ignore", "grammar", "--jobs", "2", str(batch))
    assert b"Linting" not in done.stderr and b"%" not in done.stderr


def test_progress_bar_on_a_terminal(batch):
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "followup_lint.cli", "--ignore", "grammar", str(batch)],
            stdout=subprocess.PIPE, stderr=follower, timeout=300, env={**os.environ, "COLUMNS": "80"},
        )
        os.close(follower)
        shown = read_terminal(leader)
    finally:
        os.close(leader)
    assert b"Linting" in shown and b"100%" in shown
    assert b"Linting" not in done.stdout  # the report itself is untouched
