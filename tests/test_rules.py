"""Behaviour of each content rule on cases written for the project."""

from __future__ import annotations

import pytest


def rules_of(diags):
    return {d.rule for d in diags}


def found(diags, rule):
    return [d.text for d in diags if d.rule == rule]


def letter(body: str, greeting: str = "Dear Ms. Chen,", signoff: str = "Best regards,\nSam Ortiz") -> str:
    return f"{greeting}\n\n{body}\n\n{signoff}\n"


SPECIFIC = "Thank you for walking me through the nightly batch jobs that feed the finance dashboards."


# --- length -------------------------------------------------------------------------------------

def test_too_long_counts_the_body_only(lint):
    body = " ".join(["word"] * 200)
    assert "too-long" not in rules_of(lint(letter(body, signoff="Best regards,\n" + "Sam Ortiz\n" * 3)))
    d = [x for x in lint(letter(body + " extra")) if x.rule == "too-long"]
    assert len(d) == 1 and d[0].text == "extra" and "201 words" in d[0].message


def test_sentence_count_protects_abbreviations(lint):
    body = ("Thank you for meeting me at 9 a.m. on Tuesday. Dr. Hale's point about the U.S. sites, e.g. "
            "Denver, was new to me. I have attached the plan. I remain interested.")
    assert "too-many-sentences" not in rules_of(lint(letter(body)))
    d = [x for x in lint(letter(body + " I can start in May.")) if x.rule == "too-many-sentences"]
    assert d and d[0].text == "I can start in May." and "5 sentences" in d[0].message


def test_greeting_is_not_a_body_sentence(lint):
    body = "One. Two. Three. Four."
    assert "too-many-sentences" not in rules_of(lint(letter(body)))


# --- generic phrases ----------------------------------------------------------------------------

@pytest.mark.parametrize("phrase", [
    "I look forward to hearing from you.", "I LOOK FORWARD TO HEARING FROM YOU soon.",
    "Thank you for your time and consideration.", "I hope this email finds you well.",
    "Just touching base on the role.", "I am a perfect fit for the role.",
    "I sincerely look forward to the possibility of working with you.",
    "Please don't hesitate to contact me.",
])
def test_generic_phrases(lint, phrase):
    assert found(lint(letter(f"{SPECIFIC} {phrase}")), "generic-phrase")


def test_generic_phrase_has_a_hint(lint):
    d = [x for x in lint(letter(f"{SPECIFIC} I look forward to hearing from you.")) if x.rule == "generic-phrase"]
    assert "name the next step" in d[0].message


def test_concrete_look_forward_is_fine(lint):
    assert not found(lint(letter(f"{SPECIFIC} I look forward to meeting Carlos on Thursday.")), "generic-phrase")


# --- names --------------------------------------------------------------------------------------

@pytest.mark.parametrize("greeting", ["Dear Hiring Manager,", "To whom it may concern,", "Hi there,", "Hello,",
                                      "Dear Sir or Madam,", "Hey guys,", "Dear Acme Team,"])
def test_missing_name(lint, greeting):
    assert "missing-name" in rules_of(lint(letter(SPECIFIC, greeting=greeting)))


@pytest.mark.parametrize("greeting", ["Dear Grace,", "Hi Will,", "hi sarah,", "Dear Mr. O'Brien,", "Hi Sam —",
                                      "Dear Dr. Okafor:", "Hello Jordan,"])
def test_names_that_are_words_or_lowercase_count(lint, greeting):
    assert "missing-name" not in rules_of(lint(letter(SPECIFIC, greeting=greeting)))


def test_name_only_in_signature_does_not_count(lint):
    assert "missing-name" in rules_of(lint(f"{SPECIFIC}\n\nBest regards,\nSam Ortiz\n"))


def test_placeholder_greeting_is_a_placeholder_not_missing_name(lint):
    diags = lint(letter(SPECIFIC, greeting="Dear [Interviewer's Name],"))
    assert "missing-name" not in rules_of(diags)
    assert found(diags, "placeholder") == ["[Interviewer's Name]"]


# --- specific reference -------------------------------------------------------------------------

def test_only_praise_has_no_specific_reference(lint):
    body = ("Thank you for meeting with me about the Sales Manager position at Acme. It was a pleasure, "
            "and your company seems like a great place to work.")
    assert "no-specific-reference" in rules_of(lint(letter(body)))


def test_a_concrete_detail_is_a_specific_reference(lint):
    assert "no-specific-reference" not in rules_of(lint(letter(SPECIFIC)))


# --- tone and slang -----------------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("I'm gonna send it.", "gonna"), ("It was super fun.", "super fun"), ("Great news!!!", "!!!"),
    ("I am REALLY EXCITED ABOUT IT.", "REALLY EXCITED ABOUT IT"),
])
def test_casual_tone(lint, text, expected):
    assert any(expected in t for t in found(lint(letter(f"{SPECIFIC} {text}")), "casual-tone"))


def test_casual_greeting_and_signoff(lint):
    diags = lint(letter(SPECIFIC, greeting="Hey Sam,", signoff="Cheers,\nAna"))
    assert {"Hey", "Cheers"} <= set(found(diags, "casual-tone"))


def test_one_exclamation_mark_and_thanks_again_are_fine(lint):
    assert "casual-tone" not in rules_of(lint(letter(SPECIFIC + " It was great!", signoff="Thanks again,\nAna")))


@pytest.mark.parametrize("text,expected", [("thx for the tour", "thx"), ("whenever u need me", "u"),
                                           ("tbh it was hard", "tbh"), ("see you :)", ":)"), ("see you <3", "<3"),
                                           ("great demo 🤞", "🤞"), ("great :-D", ":-D")])
def test_slang(lint, text, expected):
    assert expected in found(lint(letter(f"{SPECIFIC} I liked it, {text}.")), "slang")


@pytest.mark.parametrize("text", ["I want you to know", "a lollipop stand", "the U-bolts you showed me",
                                  'the team wants to stop "YOLO deploys"', "in the U.S. office"])
def test_not_slang(lint, text):
    assert not found(lint(letter(f"{SPECIFIC} I liked {text}.")), "slang")


def test_slang_fix_is_offered(lint):
    d = [x for x in lint(letter(f"{SPECIFIC} Thx again.")) if x.rule == "slang"][0]
    assert d.suggestions == ("Thanks",) and d.fix


# --- placeholders -------------------------------------------------------------------------------

def test_stand_in_names_are_placeholders(lint):
    diags = lint("Dear Mr. Manager,\n\nI met Peter Programmer on the tour.\n\nSusan Candidate\n")
    assert set(found(diags, "placeholder")) == {"Mr. Manager", "Peter Programmer", "Susan Candidate"}


def test_positions_are_exact(lint):
    text = letter("Thanks 😀 for the tour of [Company].")
    d = [x for x in lint(text) if x.rule == "placeholder"][0]
    line = text.splitlines()[d.line - 1]
    assert line[d.column - 1:d.end_column - 1] == "[Company]"


def test_a_phrase_across_a_line_break_is_found_and_its_message_is_one_line(lint):
    d = [x for x in lint(letter(f"{SPECIFIC} I look forward to\nhearing from you.")) if x.rule == "generic-phrase"]
    assert d and d[0].text == "I look forward to\nhearing from you" and "\n" not in d[0].message
