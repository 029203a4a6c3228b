"""Grammar check against a real LanguageTool server (inside the suite's engine, see conftest): no mocks.

The engine's own lifecycle and privacy are in tests/test_engine.py.
"""

from __future__ import annotations

import dataclasses
import socket
import time
from pathlib import Path

import pytest

from followup_lint import engine
from followup_lint.checks import CheckUnavailable
from followup_lint.checks import grammar as check_mod
from followup_lint.draft import from_text
from followup_lint.grammar import custom_rules_dir, is_installed, matches
from followup_lint.grammar.languagetool import MAX_TEXT, Client, pieces, utf16_len
from followup_lint.rule import load_file

ROOT = Path(__file__).resolve().parents[1]
RULE = load_file(ROOT / "rules" / "grammar.yml")


class Ctx:
    def __init__(self, draft, options=None):
        self.draft = draft
        self.rule = RULE
        self.options = dict(RULE.options, **(options or {}))


def findings(text: str, **options):
    draft = from_text("draft.txt", text)
    return draft, list(check_mod.check(Ctx(draft, options)))


def spans(text: str, **options):
    draft, found = findings(text, **options)
    return [(draft.text[f.start:f.end], f.extra["lt_rule"]) for f in found]


def wrap(body: str) -> str:
    return f"Hi Dana,\n\n{body}\n\nBest regards,\nSam Ortiz\n"


@pytest.fixture(scope="module")
def languagetool():
    """The URL of the engine's LanguageTool, started if needed."""
    if not is_installed():
        pytest.fail("LanguageTool is not installed; run `make languagetool`")
    check_mod.check(Ctx(from_text("d.txt", wrap("Hello there."))))
    return next(engine.request("ping"))["languagetool"]["url"]


# ------------------------------------------------------------------ findings


def test_seed_look_forward(languagetool):
    assert ("look forward", "FOLLOWUP_LOOK_FORWARD_TO") in spans(
        wrap("I look forward possibility of working together.")
    )


def test_seed_one_of_this_common_mistake():
    found = spans(wrap("One of this common mistake is be overly aggressive."))
    assert ("is be", "BEEN_PART_AGREEMENT") in found


def test_its_its():
    draft, found = findings(wrap("The bakery keeps it's ovens running all night."))
    [f] = [f for f in found if draft.text[f.start:f.end] == "it's"]
    assert f.suggestions == ("its",) and f.fix
    assert f.extra == {"lt_rule": "IT_IS", "lt_category": "TYPOS"}


def test_their_there():
    assert ("their", "THEIR_IS") in spans(wrap("I also think their is room to grow the catering side."))


def test_doubled_word():
    draft, found = findings(wrap("Thanks for the the tour of the kitchen."))
    [f] = found
    assert draft.text[f.start:f.end] == "the the" and f.extra["lt_rule"] == "ENGLISH_WORD_REPEAT_RULE"
    assert f.suggestions == ("the",) and f.fix is False  # MISC category: shown, not auto-applied


def test_misspelling():
    draft, found = findings(wrap("I recieved the schedule this morning."))
    [f] = found
    assert draft.text[f.start:f.end] == "recieved"
    assert f.extra["lt_category"] == "TYPOS" and f.suggestions[0] == "received"
    assert len(f.suggestions) <= matches.MAX_SUGGESTIONS and not f.fix  # several candidates


def test_subject_verb_agreement():
    found = spans(wrap("She have three projects that needs attention."))
    assert ("have", "HE_VERB_AGR") in found


def test_subject_line_is_checked():
    text = "Subject: Thank you for the interveiw\n\n" + wrap("It was a pleasure to meet you.")
    draft, found = findings(text)
    assert [draft.text[f.start:f.end] for f in found] == ["interveiw"]
    assert draft.in_part(found[0].start, found[0].end, ["subject"])


def test_correct_draft_with_signature_is_clean():
    text = (
        "Subject: Thank you for Tuesday\n\n"
        "Dear Ms. Nakamura-Okonkwo,\n\n"
        "Thank you for meeting with me on Tuesday. I enjoyed learning how Brightwell plans its\n"
        "spring releases, and I look forward to hearing from you.\n\n"
        "Best regards,\n"
        "Siobhan Ferreira-Quispe\n"
        "siobhan.fq@fastmail.com\n"
        "+1 (415) 555-0134\n"
        "https://www.linkedin.com/in/sfq\n"
    )
    assert spans(text) == []


def test_placeholders_are_not_findings():
    text = "Hi {{first_name}},\n\n{{first_name}} was great. [company name] is growing fast.\n\nBest,\nSam\n"
    assert spans(text) == []


def test_emoji_before_error_keeps_offsets():
    body = "It was 😀😀 great 🎉. Thanks for the the call 🙂 and I recieved it."
    draft, found = findings("Subject: Chat 😀 recap\n\n" + wrap(body))
    got = sorted(draft.text[f.start:f.end] for f in found)
    assert got == ["recieved", "the the"]


def test_emoji_inside_match():
    conv = matches.Utf16Map("a😀b😀 c")
    # UTF-16: a=0, 😀=1..2, b=3, 😀=4..5, ' '=6, c=7
    assert [conv(u) for u in (0, 1, 3, 4, 6, 7, 8)] == [0, 1, 2, 3, 4, 5, 6]
    assert conv.end(6) == 4 and conv.end(2) == 2  # an end inside a pair covers the emoji


def test_crlf_draft():
    text = "Subject: Thanks\r\n\r\nHi Dana,\r\n\r\nI recieved the plan.\r\nThe the rest is fine.\r\n\r\nBest,\r\nSam\r\n"
    draft, found = findings(text)
    assert sorted(draft.text[f.start:f.end] for f in found) == ["The the", "recieved"]


def test_disabled_rules_option():
    text = wrap("I recieved the schedule this morning.")
    assert spans(text, disabled_rules=["MORFOLOGIK_RULE_EN_US"]) == []
    assert spans(text, disabled_categories=["TYPOS"]) == []


def test_disabled_rule_family():
    """LanguageTool names some rules per word; "NAME_*" switches off the family, the rule file's own and yours."""
    text = wrap("We ran the school fete and the Saturday matinee at the cafe, and I recieved the rota.")
    assert spans(text) == [("recieved", "MORFOLOGIK_RULE_EN_US")]
    # without the family in the rule file, LanguageTool reports the spelling
    defaults = dict(RULE.options, disabled_rules=[r for r in RULE.options["disabled_rules"] if not r.endswith("*")])
    ctx = Ctx(from_text("draft.txt", text), defaults)
    ctx.rule = dataclasses.replace(RULE, options=defaults)
    assert "fete" in [ctx.draft.text[f.start:f.end] for f in check_mod.check(ctx)]
    assert spans(text, disabled_rules=["MORFOLOGIK_*"]) == []


def test_batch_matches_sequential():
    texts = [wrap(b) for b in (
        "I look forward possibility of working together.",
        "The the office was bright.",
        "Everything was perfect.",
        "She have a plan.",
        "I also think their is room.",
    )]
    drafts = [from_text(f"d{i}.txt", t) for i, t in enumerate(texts)]
    batch = check_mod.check_batch([Ctx(d) for d in drafts])
    single = [list(check_mod.check(Ctx(d))) for d in drafts]
    assert batch == single and [len(b) > 0 for b in batch] == [True, True, False, True, True]


# ------------------------------------------------------------------ unavailable


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_bad_url_is_unavailable_quickly():
    draft = from_text("d.txt", wrap("I recieved it."))
    t0 = time.monotonic()
    with pytest.raises(CheckUnavailable, match="cannot connect to LanguageTool at .*--languagetool-url"):
        check_mod.check_batch([Ctx(draft, {"url": f"http://127.0.0.1:{_closed_port()}"})])
    assert time.monotonic() - t0 < 5


def test_not_installed_is_unavailable_without_starting_anything(tmp_path, monkeypatch):
    monkeypatch.setenv("FOLLOWUP_LINT_CACHE", str(tmp_path))
    draft = from_text("d.txt", wrap("I recieved it."))
    t0 = time.monotonic()
    with pytest.raises(CheckUnavailable, match=r"not installed; run `.*server install`"):
        check_mod.check_batch([Ctx(draft)])
    assert time.monotonic() - t0 < 5
    assert "not running" in engine.status() and not (tmp_path / "run" / "engine.sock").exists()


def test_user_url_starts_nothing(languagetool, tmp_path, monkeypatch):
    monkeypatch.setenv("FOLLOWUP_LINT_CACHE", str(tmp_path))  # a managed start would fail here
    draft = from_text("d.txt", wrap("I recieved it."))
    [found] = check_mod.check_batch([Ctx(draft, {"url": languagetool.rstrip("/") + "/v2"})])
    assert [draft.text[f.start:f.end] for f in found] == ["recieved"]
    assert not (tmp_path / "run" / "engine.sock").exists()


def test_no_start_server_says_how_to_start_it(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    from followup_lint.grammar import install_dir

    (cache / install_dir().name).symlink_to(install_dir())
    monkeypatch.setenv("FOLLOWUP_LINT_CACHE", str(cache))
    with pytest.raises(CheckUnavailable, match="not running; start it with `.*server start`"):
        check_mod.check_batch([Ctx(from_text("d.txt", wrap("Hello.")), {"start_server": False})])
    assert not (cache / "run" / "engine.sock").exists()


# ------------------------------------------------------------------ transport


def test_long_texts_are_cut_at_paragraphs_under_the_limit():
    para = ("One sentence after another keeps going here. " * 40).strip()
    text = "\n\n".join([para] * 120) + "\n\n" + "x" * 30 + " " + "word " * 30_000  # one paragraph over the limit
    cut = pieces(text, limit=MAX_TEXT)
    assert all(utf16_len(p) <= MAX_TEXT for _, p in cut)
    assert all(text[at:at + len(p)] == p for at, p in cut)
    assert "".join(p for _, p in cut).replace(" ", "") == text.replace("\n", "").replace(" ", "")


def test_a_text_over_max_text_length_is_checked_whole(languagetool):
    filler = "\n\n".join(f"We discussed item number {i} of the release checklist in detail." for i in range(2000))
    text = filler + "\n\nI recieved the 😀 schedule this morning."
    assert utf16_len(text) > MAX_TEXT
    found = Client(languagetool).check(text, {"language": "en-US"}, 120)
    units = text.encode("utf-16-le")
    words = [units[2 * m["offset"]:2 * (m["offset"] + m["length"])].decode("utf-16-le") for m in found]
    assert words[-1:] == ["recieved"]


def test_paragraph_cache_gives_the_same_matches(languagetool):
    client = Client(languagetool)
    params = {"language": "en-US"}
    first = "I recieved the plan.\n\nThe the office was bright.\n\nShe have a plan."
    assert client.check(first, params, 30) == Client(languagetool).check(first, params, 30)
    assert len(client.cache) == 3
    edited = first.replace("bright", "very bright")
    assert client.check(edited, params, 30) == Client(languagetool).check(edited, params, 30)
    assert len(client.cache) == 4  # only the edited paragraph was sent again


# --- what the whole rule reports (through the linter, with the spaCy parse) ---------------------

def grammar_texts(lint, body: str) -> list[str]:
    return [d.text for d in lint(wrap(body), rules=("grammar", "slang")) if d.rule == "grammar"]


def test_comma_splice_is_its_own_rule(lint):
    body = "The training you showed me was better than what we had at my old job, I felt more confident."
    assert [(d.rule, d.text) for d in lint(wrap(body), rules=("grammar", "comma-splice"))] == [
        ("comma-splice", ", I felt")]
    assert not lint(wrap(body), rules=("grammar",))


def test_passion_of(lint):
    assert grammar_texts(lint, "I enjoyed discussing my passion of data quality.") == ["passion of"]


def test_names_jargon_and_british_spellings_are_not_misspellings(lint):
    body = ("Dr. Amsel's question about the superday stayed with me, as did the miso-glazed short rib "
            "and your organisation's plans.")
    assert grammar_texts(lint, body) == []


def test_a_letter_dropped_before_the_ending_is_a_misspelling(lint):
    # "facilit^es": the slip is before the last two letters, not in them (a trade word's own ending)
    assert grammar_texts(lint, "I'd love to visit the two aged-care facilites you mentioned.") == ["facilites"]


def test_two_letters_swapped_in_a_less_common_word_is_a_misspelling(lint):
    # "dashboard" is rarer than the everyday words a looser edit must point to, but a swap of neighbours is a slip
    assert grammar_texts(lint, "I've attached a revised version of the dashbaord with the top-decile view.") == ["dashbaord"]


def test_a_rare_word_before_a_preposition_does_not_hide_its_error(lint):
    # a rule on "since" reads what follows it; the unknown word before it ("unreconciled") is no tagger's guess
    assert grammar_texts(lint, "The balances have been unreconciled since two months.") == ["since"]


def test_slang_is_reported_once_as_slang(lint):
    diags = lint(wrap("Thx for the demo of the billing export."), rules=("grammar", "slang"))
    assert [(d.rule, d.text) for d in diags] == [("slang", "Thx")]


# ------------------------------------------------------------------ our own LanguageTool rules

def _own_rule_examples():
    """(rule id, example sentence, whether it is an error) from every <example> of our LanguageTool rules."""
    import xml.etree.ElementTree as ET

    out = []
    for path in sorted(custom_rules_dir().rglob("*.xml")):
        for group in ET.parse(path).getroot().iter():
            if group.tag not in ("rule", "rulegroup") or not group.get("id"):
                continue
            for ex in group.iter("example"):
                out.append((group.get("id"), "".join(ex.itertext()), ex.get("correction") is not None))
    return out


@pytest.mark.parametrize("rule_id,sentence,wrong", _own_rule_examples(),
                         ids=lambda v: v if isinstance(v, str) and v.isupper() else None)
def test_our_languagetool_rules_keep_their_examples(languagetool, rule_id, sentence, wrong):
    """An example of an error is reported (by this rule or one of LanguageTool's that overlaps it); a correct
    example is not reported by this rule."""
    found = {rid for _, rid in spans(wrap(sentence))}
    assert bool(found) if wrong else rule_id not in found, (sentence, found)
