"""Grammar check (issue #3) against a real LanguageTool 6.8 server: no mocks.

The session fixture provisions LanguageTool into the cache if needed (Maven,
~100 MB, once) and starts the managed server; it stops the server at the end
only if it started it. Lifecycle tests use their own cache folders (sharing
the installed jars through a symlink) so they never touch the main server.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from followup_lint.checks import CheckUnavailable
from followup_lint.checks import grammar as check_mod
from followup_lint.draft import from_text
from followup_lint.grammar import install_dir, is_installed
from followup_lint.grammar import client as lt
from followup_lint.grammar import matches
from followup_lint.grammar import server
from followup_lint.grammar.provision import provision
from followup_lint.rule import load_file

ROOT = Path(__file__).resolve().parents[1]
RULE = load_file(ROOT / "rules" / "grammar.yml")
SRC = str(Path(check_mod.__file__).resolve().parents[2])


class Ctx:
    def __init__(self, draft, options=None):
        self.draft = draft
        self.options = dict(RULE.options, **(options or {}))


def findings(text: str, **options):
    draft = from_text("draft.txt", text)
    return draft, list(check_mod.check(Ctx(draft, options)))


def spans(text: str, **options):
    draft, found = findings(text, **options)
    return [(draft.text[f.start:f.end], f.extra["lt_rule"]) for f in found]


def wrap(body: str) -> str:
    return f"Hi Dana,\n\n{body}\n\nBest regards,\nSam Ortiz\n"


@pytest.fixture(scope="session", autouse=True)
def languagetool():
    if not is_installed():
        provision(log=lambda m: print(m, file=sys.stderr))
    was_running = "running on" in server.status()
    state = server.start()
    yield state
    if not was_running:
        server.stop()


# ------------------------------------------------------------------ findings


def test_seed_look_forward():
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


def test_not_installed_is_unavailable(tmp_path, monkeypatch):
    monkeypatch.setenv("FOLLOWUP_LINT_CACHE", str(tmp_path))
    draft = from_text("d.txt", wrap("I recieved it."))
    t0 = time.monotonic()
    with pytest.raises(CheckUnavailable, match=r"not installed; run `.*server install`"):
        check_mod.check_batch([Ctx(draft)])
    assert time.monotonic() - t0 < 5
    assert "not installed" in server.status()


def test_java_missing_is_unavailable(tmp_path, monkeypatch):
    cache = _linked_cache(tmp_path)
    monkeypatch.setenv("FOLLOWUP_LINT_CACHE", str(cache))
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(CheckUnavailable, match="java not found; install OpenJDK 17"):
        check_mod.check_batch([Ctx(from_text("d.txt", wrap("Hello.")))])


def test_user_url_starts_nothing(languagetool, tmp_path, monkeypatch):
    monkeypatch.setenv("FOLLOWUP_LINT_CACHE", str(tmp_path))  # a managed start would fail here
    draft = from_text("d.txt", wrap("I recieved it."))
    [found] = check_mod.check_batch([Ctx(draft, {"url": languagetool["url"].rstrip("/") + "/v2"})])
    assert [draft.text[f.start:f.end] for f in found] == ["recieved"]
    assert not (tmp_path / "run").exists()


# ------------------------------------------------------------------ lifecycle


def _linked_cache(tmp_path: Path) -> Path:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / install_dir().name).symlink_to(install_dir())
    return cache


def _dead(pid: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not server._pid_alive(pid):
            return True
        time.sleep(0.1)
    return False


def test_reuse_timeout_and_idle_stop(languagetool, tmp_path, monkeypatch):
    monkeypatch.setenv("FOLLOWUP_LINT_CACHE", str(_linked_cache(tmp_path)))
    first = server.start(idle_timeout=4)
    assert server.start(idle_timeout=4)["java_pid"] == first["java_pid"]  # reused, not restarted
    assert first["url"].startswith("http://127.0.0.1:") and first["start_seconds"] < server.START_TIMEOUT
    draft = from_text("d.txt", wrap("I recieved it."))
    assert len(check_mod.check_batch([Ctx(draft, {"idle_timeout": 4})])[0]) == 1

    # a hung server: the request times out (bounded), it does not hang the run
    os.kill(first["java_pid"], signal.SIGSTOP)
    try:
        t0 = time.monotonic()
        with pytest.raises(CheckUnavailable, match="did not answer within 2s; see `.*server status`"):
            check_mod.check_batch([Ctx(draft, {"idle_timeout": 4, "timeout": 2})])
        assert time.monotonic() - t0 < 8
    finally:
        os.kill(first["java_pid"], signal.SIGCONT)

    # idle: the watchdog stops the JVM and removes the state file
    assert _dead(first["java_pid"], within=15) and _dead(first["pid"], within=5)
    assert server.read_state() is None and "not running" in server.status()


def test_concurrent_start_and_death_mid_batch(languagetool, tmp_path, monkeypatch):
    cache = _linked_cache(tmp_path)
    monkeypatch.setenv("FOLLOWUP_LINT_CACHE", str(cache))
    code = "from followup_lint.grammar import server; print(server.start(idle_timeout=60)['java_pid'])"
    env = dict(os.environ, PYTHONPATH=SRC)
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
             for _ in range(2)]
    pids = {p.communicate(timeout=120)[0].strip() for p in procs}
    assert len(pids) == 1  # the lock: two runs, one server
    state = server.read_state()
    assert str(state["java_pid"]) in pids

    drafts = [from_text(f"d{i}.txt", wrap("I recieved the the plan. " * 40)) for i in range(400)]
    errors: list[BaseException] = []

    def run():
        try:
            check_mod.check_batch([Ctx(d, {"idle_timeout": 60}) for d in drafts])
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    t = threading.Thread(target=run)
    t.start()
    time.sleep(0.5)
    os.kill(state["pid"], signal.SIGKILL)  # the watchdog dies: PDEATHSIG takes the JVM down too
    t.join(60)
    assert not t.is_alive()
    assert errors and isinstance(errors[0], CheckUnavailable), errors
    assert _dead(state["java_pid"], within=15)  # no orphan JVM
    assert "not running" in server.status()  # stale state is recognised


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


def test_slang_is_reported_once_as_slang(lint):
    diags = lint(wrap("Thx for the demo of the billing export."), rules=("grammar", "slang"))
    assert [(d.rule, d.text) for d in diags] == [("slang", "Thx")]
