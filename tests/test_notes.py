"""Interview notes: --notes / front matter loading and errors, --date, and the five rules that use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from followup_lint.rule import load_rules

CASES = Path(__file__).parent / "data" / "notes_cases"
NOTES_RULES = tuple(sorted(r.id for r in load_rules().values() if "notes" in r.tags))

DRAFT = """Dear Ms. Chen,

Thank you for walking me through the billing migration this morning. I would love to bring
that experience to the Globex team as your next Data Analyst.

Best regards,
Nadia Rahman
"""

NOTES_YAML = """interviewers:
  - {name: Li Cheng, title: Head of Data}
company: Acme Robotics Inc.
role: Data Analyst
interview_date: 2025-03-03T10:00
topics: [migrating the billing system to Kubernetes]
"""

NOTES_TOML = """interviewers = [{name = "Li Cheng", title = "Head of Data"}]
company = "Acme Robotics Inc."
role = "Data Analyst"
interview_date = 2025-03-03T10:00:00
topics = ["migrating the billing system to Kubernetes"]
"""


def rules_of(diags):
    return sorted({d.rule for d in diags})


# -- the labelled cases: each rule does what its case says ---------------------------------

@pytest.mark.parametrize("path", sorted(CASES.glob("*.txt")), ids=lambda p: p.stem)
def test_labelled_case(path, linter):
    from followup_lint.draft import read

    draft = read(str(path))
    found = {d.rule for d in linter.lint([draft]).diagnostics[0] if d.rule in NOTES_RULES}
    assert found == set(draft.meta["expect"])


def test_no_notes_no_findings(lint):
    assert not [d for d in lint(DRAFT) if d.rule in NOTES_RULES]


# -- what the user sees -------------------------------------------------------------------

def test_misspelled_name_suggests_the_right_spelling(lint):
    diags = lint("---\ninterviewers: [Li Cheng]\n---\n" + DRAFT, rules=("wrong-name",))
    assert [(d.text, d.suggestions, d.severity) for d in diags] == [("Chen", ("Cheng",), "error")]
    assert (d := diags[0]).line == 4 and d.column == 10


def test_someone_else_entirely_names_the_interviewers(lint):
    notes = "---\ninterviewers: [Li Cheng, Omar Haddad]\n---\n"
    diags = lint(notes + DRAFT.replace("Ms. Chen", "Mr. Patel"), rules=("wrong-name",))
    assert len(diags) == 1 and "Li Cheng, Omar Haddad" in diags[0].message
    assert not lint(notes + DRAFT.replace("Ms. Chen", "Omar"), rules=("wrong-name",))


def test_front_matter_overrides_the_notes_file_key_by_key(cli, tmp_path):
    (tmp_path / "notes.yml").write_text(NOTES_YAML)
    (tmp_path / "d.txt").write_text("---\ncompany: Globex\n---\n" + DRAFT)
    res = cli("--ignore", "grammar", "--select", "notes", "--notes", "notes.yml", "--date",
              "2025-03-04T09:00", "--format", "json", "d.txt")
    found = {d["rule"] for d in json.loads(res.stdout)}
    # Globex is now the company, so only the name (from the file's interviewers) is wrong
    assert found == {"wrong-name"}, res.stdout.decode()


@pytest.mark.parametrize("name,content", [("notes.yml", NOTES_YAML), ("notes.toml", NOTES_TOML)])
def test_notes_file_yaml_or_toml(cli, tmp_path, name, content):
    (tmp_path / name).write_text(content)
    (tmp_path / "d.txt").write_text(DRAFT)
    res = cli("--ignore", "grammar", "--select", "notes", "--notes", name, "--date", "2025-03-04T09:00",
              "--format", "json", "d.txt")
    assert res.returncode == 1, res.stderr.decode()
    found = sorted(d["rule"] for d in json.loads(res.stdout))
    assert found == ["wrong-company", "wrong-name"]


def test_date_decides_timing(cli, tmp_path):
    (tmp_path / "notes.yml").write_text(NOTES_YAML)
    (tmp_path / "d.txt").write_text(DRAFT.replace("Ms. Chen", "Ms. Cheng").replace("Globex", "Acme"))
    ok = cli("--ignore", "grammar", "--notes", "notes.yml", "--date", "2025-03-04T09:00", "d.txt")
    late = cli("--ignore", "grammar", "--notes", "notes.yml", "--date", "2025-03-08T09:00", "d.txt")
    assert "follow-up-timing" not in ok.stdout.decode()
    assert "follow-up-timing" in late.stdout.decode() and "Saturday" in late.stdout.decode() and "Monday" in late.stdout.decode()
    assert late.returncode == 0  # info does not fail the run at the default --fail-on warning


def test_eml_date_header_is_the_send_time(cli, tmp_path):
    (tmp_path / "notes.yml").write_text(NOTES_YAML)
    (tmp_path / "d.eml").write_text(
        "From: nadia@example.com\nTo: li@acme.example\nSubject: Thank you\n"
        "Date: Sun, 09 Mar 2025 20:00:00 +0000\n\n" + DRAFT.replace("Ms. Chen", "Ms. Cheng").replace("Globex", "Acme")
    )
    res = cli("--ignore", "grammar", "--select", "follow-up-timing", "--notes", "notes.yml", "d.eml")
    assert "Sunday" in res.stdout.decode() and "hours after the interview" in res.stdout.decode(), res.stdout.decode()


# -- input errors: one line, exit 2 -------------------------------------------------------

@pytest.mark.parametrize("content,words", [
    ("interviewers: [Li Cheng]\nmood: great\n", ("notes.yml", "mood")),
    ("interview_date: next tuesday\n", ("notes.yml", "interview_date")),
    ("format: carrier pigeon\n", ("notes.yml", "format")),
    ("topics: [1, 2]\n", ("notes.yml", "topics")),
])
def test_bad_notes_file_is_an_input_error(cli, tmp_path, content, words):
    (tmp_path / "notes.yml").write_text(content)
    (tmp_path / "d.txt").write_text(DRAFT)
    res = cli("--ignore", "grammar", "--notes", "notes.yml", "d.txt")
    err = res.stderr.decode().strip()
    assert res.returncode == 2 and len(err.splitlines()) == 1 and all(w in err for w in words), err


def test_missing_notes_file_and_bad_date(cli, tmp_path):
    (tmp_path / "d.txt").write_text(DRAFT)
    missing = cli("--ignore", "grammar", "--notes", "nope.yml", "d.txt")
    assert missing.returncode == 2 and missing.stderr.decode().strip().count("\n") == 0
    assert "nope.yml" in missing.stderr.decode()
    bad = cli("--ignore", "grammar", "--date", "soon", "d.txt")
    assert bad.returncode == 2 and "--date" in bad.stderr.decode()


def test_bad_date_in_front_matter_names_the_file_and_key(cli, tmp_path):
    (tmp_path / "d.txt").write_text("---\nlast_follow_up: last week\n---\n" + DRAFT)
    res = cli("--ignore", "grammar", "d.txt")
    err = res.stderr.decode().strip()
    assert res.returncode == 2 and "d.txt" in err and "last_follow_up" in err and "Traceback" not in err
