"""The draft parser: encodings, line endings, e-mail files, parts and placeholders."""

from __future__ import annotations

import codecs

import pytest

from followup_lint.draft import InputError, from_text, read

LETTER = "Dear Ms. Chen,\n\nThank you for the tour of the lab.\n\nBest regards,\nSam Ortiz\nsam.ortiz@fastmail.com\n"


def parts(text: str) -> dict[str, str]:
    d = from_text("x.txt", text)
    return {name: d.part(name) for name in d.parts}


def test_parts_of_a_plain_letter():
    assert parts(LETTER) == {
        "greeting": "Dear Ms. Chen,",
        "body": "Thank you for the tour of the lab.",
        "signoff": "Best regards,",
        "signature": "Sam Ortiz\nsam.ortiz@fastmail.com",
    }


def test_greeting_on_the_same_line_as_the_body():
    p = parts("Hi Sam — thanks for the demo of the billing tool.\n\nBest,\nAna")
    assert p["greeting"] == "Hi Sam —"
    assert p["body"] == "thanks for the demo of the billing tool."


def test_subject_line_is_its_own_part():
    p = parts("Subject: Thank you - Data Analyst interview\n\nHello Jordan,\n\nThanks for the call.\n\nBest,\nAna")
    assert p["subject"] == "Thank you - Data Analyst interview"
    assert p["greeting"] == "Hello Jordan,"


def test_no_greeting_no_signoff():
    p = parts("Thank you for seeing me.\n\nI look forward to hearing from you.")
    assert set(p) == {"body"}


def test_a_name_line_after_the_body_is_a_signature():
    p = parts("Dear Ms. Fields,\n\nThank you for meeting me.\n\n\nYour Name")
    assert p["signature"] == "Your Name"
    assert p["body"] == "Thank you for meeting me."


def test_the_mail_apps_last_line_is_no_body():
    """"Sent from my iPhone" under the note, with no sign-off: the body ends above it (and above the name)."""
    p = parts("Hi Ray,\n\nThanks for the call about the plumber job.\n\nDarnell\n\nSent from my Samsung Galaxy\n")
    assert p["body"] == "Thanks for the call about the plumber job."
    assert p["signature"].endswith("Sent from my Samsung Galaxy")
    p = parts("Hi Ray,\n\nThanks for the call about the plumber job. Can start Monday.\n\nRay Dominguez\nSent from my iPhone\n")
    assert p["body"] == "Thanks for the call about the plumber job. Can start Monday."
    p = parts("Hi Ray,\n\nThanks for the call about the plumber job. Can start Monday.\nSent from my iPhone\n")
    assert p["body"] == "Thanks for the call about the plumber job. Can start Monday."


def test_template_slots_make_the_greeting_and_signature():
    p = parts("${name ? `Dear ${name}` : greeting},\n\nThank you for the tour.\n\nWarm regards,\n[Your Name]\n"
              "[Phone Number] | [LinkedIn URL]")
    assert p["greeting"] == "${name ? `Dear ${name}` : greeting},"
    assert p["body"] == "Thank you for the tour."
    assert p["signature"] == "[Your Name]\n[Phone Number] | [LinkedIn URL]"


@pytest.mark.parametrize("slot", ["[Company Name]", "{{name}}", "<Interviewer>", "XXX", "[Your Name]",
                                  "(insert what you learned)", "___"])
def test_placeholders_are_found(slot):
    d = from_text("x.txt", f"Dear Ms. Chen,\n\nThank you for the interview at {slot} today.\n\nBest,\nSam")
    assert [d.text[s:e] for s, e in d.placeholders] == [slot]


def test_markdown_link_is_not_a_placeholder_but_an_example_address_is():
    d = from_text("x.md", "Hi Sam,\n\nSee [my portfolio](https://example.com) or mail <sam@example.com>.\n")
    assert [d.text[s:e] for s, e in d.placeholders] == ["sam@example.com"]


@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
                                          ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_encodings(encoding, bom):
    d = read("x.txt", bom + LETTER.encode(encoding))
    assert d.text == LETTER
    assert d.part("greeting") == "Dear Ms. Chen,"


def test_crlf_positions_refer_to_the_original_line_and_column():
    d = read("x.txt", LETTER.replace("\n", "\r\n").encode())
    assert d.part("signoff") == "Best regards,"
    at = d.text.index("tour")
    assert d.line_col(d.to_source(at)) == (3, 19)


def test_binary_and_bad_utf8_are_input_errors():
    with pytest.raises(InputError, match="binary"):
        read("x.txt", b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(InputError, match=r"x.txt: not valid UTF-8 at byte 5"):
        read("x.txt", b"Dear \xff Sam")


def test_eml_subject_and_plain_body_map_into_the_file():
    eml = (
        "From: Sam <sam@example.com>\nTo: li@example.com\nSubject: Thank you for the interview\n"
        "Date: Mon, 2 Nov 2026 09:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n\n"
        "Dear Ms. Cheng,\n\nThank you for the tour of the lab.\n\nBest regards,\nSam\n"
    )
    d = read("x.eml", eml.encode())
    assert d.part("subject") == "Thank you for the interview"
    assert d.part("greeting") == "Dear Ms. Cheng,"
    at = d.text.index("tour")
    line, col = d.line_col(d.to_source(at))
    assert eml.splitlines()[line - 1][col - 1:col + 3] == "tour"
    sub = d.text.index("interview")
    line, col = d.line_col(d.to_source(sub))
    assert eml.splitlines()[line - 1][col - 1:].startswith("interview")


def test_front_matter_is_not_part_of_the_draft():
    src = "---\nfollowup-lint: {ignore: [slang]}\n---\nDear Ms. Chen,\n\nThanks for the tour.\n"
    d = from_text("x.txt", src)
    assert d.meta == {"followup-lint": {"ignore": ["slang"]}}
    assert d.part("greeting") == "Dear Ms. Chen,"
    at = d.text.index("tour")
    assert d.line_col(d.to_source(at)) == (6, 16)


def test_eml_crlf_and_emoji_positions():
    eml = ("From: a@example.com\r\nSubject: Thanks\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           "Dear Li,\r\n\r\nThanks \U0001F600 for the tour of the lab.\r\n\r\nBest,\r\nSam\r\n")
    d = read("x.eml", eml.encode())
    assert "\U0001F600" in d.text
    at = d.text.index("tour")
    line, col = d.line_col(d.to_source(at))
    assert eml.split("\r\n")[line - 1][col - 1:col + 3] == "tour"


def test_eml_encoded_body_is_decoded():
    eml = ("From: a@example.com\nSubject: =?utf-8?q?Thank_you?=\nContent-Type: text/plain; charset=utf-8\n"
           "Content-Transfer-Encoding: quoted-printable\n\nDear Li,\n\nThanks for the tour of the =\nlab.\n")
    d = read("x.eml", eml.encode())
    assert d.part("subject") == "Thank you"
    assert d.part("body") == "Thanks for the tour of the lab."
    assert d.line_col(d.to_source(d.text.index("lab"))) == (6, 1)  # encoded: the body's first line


def test_eml_without_plain_text_is_an_input_error():
    eml = "From: a@example.com\nContent-Type: text/html\n\n<p>Hi</p>\n"
    with pytest.raises(InputError, match="no text/plain part"):
        read("x.eml", eml.encode())
