"""Structure and tone rules: gratitude, interest, sign-off, subject line, pushy tone, panel duplicates."""

from __future__ import annotations

import json

import pytest

from followup_lint.draft import from_text
from followup_lint.linter import Linter

THANKS = "Thank you for walking me through the nightly batch jobs that feed the finance dashboards."
INTEREST = "I would welcome the chance to help move reconciliation upstream."


def letter(body: str, greeting: str = "Dear Ms. Chen,", signoff: str = "Best regards,\nNadia Rahman",
           subject: str | None = None) -> str:
    head = f"Subject: {subject}\n\n" if subject is not None else ""
    return f"{head}{greeting}\n\n{body}\n\n{signoff}\n"


def found(diags, rule):
    return [d for d in diags if d.rule == rule]


# --- missing-gratitude ----------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    f"{THANKS} {INTEREST}",
    f"I appreciated your point about reconciliation. {INTEREST}",
    f"I am grateful for the tour of the data center. {INTEREST}",
])
def test_thanks_in_the_body_is_enough(lint, body):
    assert not found(lint(letter(body)), "missing-gratitude")


def test_no_thanks_points_at_the_first_sentence(lint):
    d = found(lint(letter(f"I am writing about the data engineer role. {INTEREST}")), "missing-gratitude")
    assert len(d) == 1 and d[0].text == "I am writing about the data engineer role." and d[0].line == 3


def test_thanks_only_in_the_sign_off_or_subject_is_a_formula(lint):
    body = f"The batch jobs you showed me were impressive. {INTEREST}"
    d = found(lint(letter(body, signoff="Thanks again,\nNadia Rahman")), "missing-gratitude")
    assert len(d) == 1 and "\u201cThanks\u201d in the sign-off" in d[0].message
    assert found(lint(letter(body, subject="Thank you - data engineer interview")), "missing-gratitude")


def test_accept_weak_lets_a_thankful_sign_off_count():
    linter = Linter(select=("missing-gratitude",), overrides={"missing-gratitude": {"accept_weak": True}})
    body = f"The batch jobs you showed me were impressive. {INTEREST}"
    assert not linter.lint([from_text("a.txt", letter(body, signoff="Thanks again,\nNadia Rahman"))]).diagnostics[0]


# --- missing-interest -----------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "I remain very interested in the role.",
    "I would really welcome the chance to join the team.",
    "I look forward to meeting Carlos at the site visit on Thursday.",
    "I would be glad to walk you through the design.",
    "I'm eager to start on the ledger migration.",
])
def test_interest_phrasings(lint, line):
    assert not found(lint(letter(f"{THANKS} {line}")), "missing-interest")


def test_hearing_back_is_not_interest(lint):
    d = found(lint(letter(f"{THANKS} Thank you for joining the call. I look forward to hearing from you.")),
              "missing-interest")
    assert len(d) == 1 and d[0].text == "I look forward to hearing from you."


# --- missing-sign-off -----------------------------------------------------------------------------

@pytest.mark.parametrize("ending,problem", [
    ("Sincerely,", "no name under the closing"),
    ("Nadia Rahman", "no closing line above your name"),
])
def test_sign_off_parts(lint, ending, problem):
    d = found(lint(letter(f"{THANKS} {INTEREST}", signoff=ending)), "missing-sign-off")
    assert len(d) == 1 and problem in d[0].message and d[0].text == ending


def test_note_that_just_stops(lint):
    d = found(lint(f"Dear Ms. Chen,\n\n{THANKS} {INTEREST}\n"), "missing-sign-off")
    assert len(d) == 1 and "without a closing line or your name" in d[0].message


@pytest.mark.parametrize("ending", ["Best regards,\nNadia Rahman\nnadia.rahman@fastmail.com", "Best regards, Nadia Rahman"])
def test_closing_with_a_name(lint, ending):
    assert not found(lint(letter(f"{THANKS} {INTEREST}", signoff=ending)), "missing-sign-off")


# --- subject-line ---------------------------------------------------------------------------------

@pytest.mark.parametrize("subject", [
    None,
    "Thank you - Data Engineer interview",
    "Following up on Tuesday's conversation",
])
def test_good_or_absent_subject(lint, subject):
    assert not found(lint(letter(f"{THANKS} {INTEREST}", subject=subject)), "subject-line")


@pytest.mark.parametrize("subject,problem", [
    ("", "the subject is empty"),
    ("Quick question", "name the interview or the role"),
    ("Hello", "1 word(s); use 3 to 10"),
    ("Thank you so much for the wonderful interview on Tuesday afternoon with the team", "14 word(s)"),
    ("THANK YOU FOR THE INTERVIEW", "all capitals"),
    ("Follow up on my interview!!!", "one \u201c!\u201d"),
])
def test_bad_subject(lint, subject, problem):
    d = found(lint(letter(f"{THANKS} {INTEREST}", subject=subject)), "subject-line")
    assert any(problem in x.message for x in d) and all(x.line == 1 for x in d)


def test_role_from_the_notes_names_the_subject(lint):
    text = letter(f"{THANKS} {INTEREST}", subject="Nadia Rahman - Data Engineer")
    assert found(lint(text), "subject-line")
    assert not found(lint("---\nrole: Data Engineer\n---\n" + text), "subject-line")


def test_eml_with_an_empty_subject_header(lint):
    eml = ("From: nadia@example.com\nTo: chen@example.com\nSubject: \nContent-Type: text/plain\n\n"
           + letter(f"{THANKS} {INTEREST}"))
    d = found(lint(eml, path="note.eml"), "subject-line")
    assert len(d) == 1 and "empty" in d[0].message
    good = eml.replace("Subject: \n", "Subject: Thank you - data engineer interview\n")
    assert not found(lint(good, path="note.eml"), "subject-line")


# --- pushy-tone -----------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence,flagged", [
    ("I really need this job.", "I really need this job"),
    ("Please let me know ASAP.", "ASAP"),
    ("Why haven't I heard back from you?", "Why haven't I heard back"),
    ("Honestly, you won't find anyone better.", "you won't find anyone better"),
    ("I have another offer on the table.", "I have another offer"),
    ("Other companies are interested in me.", "Other companies are interested in me"),
    ("I need an answer by Friday.", "I need an answer by"),
    ("Another company has offered me a role.", "Another company has offered"),
    ("Please respond as soon as possible.", "respond as soon as possible"),
])
def test_pushy_phrases(lint, sentence, flagged):
    d = found(lint(letter(f"{THANKS} {sentence} {INTEREST}")), "pushy-tone")
    assert [x.text for x in d] == [flagged]


@pytest.mark.parametrize("sentence", [
    "I can start as soon as possible.",
    "If the timeline has shifted, I would be grateful for a quick note on when to expect news.",
    "I was interested to hear that other companies use the same ledger.",
])
def test_polite_is_not_pushy(lint, sentence):
    assert not found(lint(letter(f"{THANKS} {sentence} {INTEREST}")), "pushy-tone")


def test_pushy_subject(lint):
    d = found(lint(letter(f"{THANKS} {INTEREST}", subject="URGENT: data engineer interview")), "pushy-tone")
    assert [x.text for x in d] == ["URGENT"]


# --- panel-duplicate (batch; through the real CLI) ------------------------------------------------

PANEL = ("Thank you for taking the time to meet with me on Tuesday about the data engineer role. I enjoyed "
         "learning about the finance dashboards and the nightly batch jobs, and I would welcome the chance "
         "to help the team move reconciliation upstream.")


def test_panel_duplicates_name_each_other(cli, tmp_path):
    (tmp_path / "panel").mkdir()
    (tmp_path / "panel" / "chen.txt").write_text(letter(PANEL))
    (tmp_path / "panel" / "ruiz.txt").write_text(letter(PANEL.replace("Tuesday", "Tuesday afternoon"), "Dear Mr. Ruiz,"))
    (tmp_path / "panel" / "okafor.txt").write_text(letter(
        "Thank you for the whiteboard session. Your question about late invoices made me rethink how I "
        "would partition the ledger tables, and I would welcome the chance to show you the design.", "Dear Dr. Okafor,"))
    out = cli("panel", "--select", "panel-duplicate", "--format", "json")
    found_ = {d["path"]: d for d in json.loads(out.stdout)}
    assert set(found_) == {"panel/chen.txt", "panel/ruiz.txt"}, out.stderr.decode()
    assert "panel/ruiz.txt" in found_["panel/chen.txt"]["message"]
    assert found_["panel/ruiz.txt"]["extra"]["duplicates"][0]["path"] == "panel/chen.txt"
    assert found_["panel/ruiz.txt"]["extra"]["duplicates"][0]["similarity"] >= 0.85
    assert out.returncode == 1


def test_same_interviewer_or_other_folder_is_not_a_panel(cli, tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    (tmp_path / "a" / "v1.txt").write_text(letter(PANEL))
    (tmp_path / "a" / "v2.txt").write_text(letter(PANEL))  # two versions of the note to Ms. Chen
    (tmp_path / "b" / "ruiz.txt").write_text(letter(PANEL, "Dear Mr. Ruiz,"))
    out = cli("a", "b", "--select", "panel-duplicate")
    assert out.returncode == 0 and "All clear: 3 files" in out.stdout.decode()


def test_panel_threshold_is_an_option(cli, tmp_path):
    (tmp_path / "chen.txt").write_text(letter(PANEL))
    (tmp_path / "ruiz.txt").write_text(letter(PANEL.replace("Tuesday", "Tuesday afternoon"), "Dear Mr. Ruiz,"))
    (tmp_path / ".followup-lint.toml").write_text("[panel-duplicate]\nthreshold = 0.999\n")
    out = cli(".", "--select", "panel-duplicate")
    assert out.returncode == 0, (out.stdout + out.stderr).decode()
