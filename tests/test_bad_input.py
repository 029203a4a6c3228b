"""Bad input of every kind a user can hand over: exit 2 (3 for grammar) and one line naming the file and
key, never a traceback nor exit 1. Each case is one that once crashed, hung or was silently accepted."""

from __future__ import annotations

import codecs
import json
import subprocess
from pathlib import Path

import pytest

from followup_lint.draft import MAX_BYTES

NO_GRAMMAR = ("--ignore", "grammar")
DRAFT = ("Dear Ms. Chen,\n\nThank you for walking me through the billing migration and its synergy.\n\n"
         "Best regards,\nSam Ortiz\n")


def write(folder: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)


def one_line(r, code: int, *parts: str) -> str:
    """The run exited `code` with exactly one `followup-lint:` line on stderr, containing every part."""
    err = r.stderr.decode()
    lines = [line for line in err.splitlines() if line.startswith("followup-lint:")]
    assert r.returncode == code, err
    assert "Traceback" not in err and "internal error" not in err, err
    assert len(lines) == 1, err
    for part in parts:
        assert part in lines[0], lines[0]
    return lines[0]


# -- interview notes (--notes) and front matter -------------------------------------------------

NOTES = [
    ("interview_date: 2026-13-45\n", "key 'interview_date'"),
    ("interview_date: 2026-02-30\n", "key 'interview_date'"),
    ("interview_date: 2026-02-03T25:00\n", "key 'interview_date'"),
    ("interview_date: 2026-02-03 10:00:00 +99:00\n", "key 'interview_date'"),
    ("interview_date: 0001-01-01T00:00\n", "key 'interview_date' is out of range"),
    ("last_follow_up: 9999-12-31\n", "key 'last_follow_up' is out of range"),
    ("1: a\ncompany: Acme\n", "unknown key '1'"),
    ("company: Acme\n2.5: b\nfoo: c\n", "unknown key '2.5'"),
    ("topics: " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply"),
    ("interviewers: &a [Li Cheng]\ntopics: *a\n", "aliases"),
    ("format: [video]\n", "key 'format'"),
    ("interviewers: [{name: Li, title: [1]}]\n", "key 'interviewers'"),
]


@pytest.mark.parametrize("notes, says", NOTES, ids=[n for n, _ in NOTES])
def test_bad_notes_file(cli, tmp_path, notes, says):
    write(tmp_path, {"notes.yml": notes, "d.txt": DRAFT})
    one_line(cli("--notes", "notes.yml", "--date", "2026-03-04T09:00", *NO_GRAMMAR, "d.txt"), 2, "notes.yml", says)


@pytest.mark.parametrize("notes, says", [
    ('interview_date = 0001-01-01T00:00:00\n', "key 'interview_date' is out of range"),
    ("topics = " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply"),
])
def test_bad_toml_notes_file(cli, tmp_path, notes, says):
    write(tmp_path, {"notes.toml": notes, "d.txt": DRAFT})
    one_line(cli("--notes", "notes.toml", *NO_GRAMMAR, "d.txt"), 2, "notes.toml", says)


def test_a_date_far_out_on_the_command_line(cli, tmp_path):
    write(tmp_path, {"notes.yml": "interview_date: 2026-03-03T10:00\n", "d.txt": DRAFT})
    one_line(cli("--notes", "notes.yml", "--date", "0001-01-01T00:00", *NO_GRAMMAR, "d.txt"), 2, "--date")


FRONT_MATTER = [
    ("followup-lint: {ignore: 5}\n", "'followup-lint.ignore'"),
    ("followup-lint: {ignore: [1, 2]}\n", "'followup-lint.ignore'"),
    ("followup-lint: 5\n", "'followup-lint'"),
    ("followup-lint: {select: [slang]}\n", "'followup-lint'"),
    ("interview_date: 2026-13-45\n", "key 'interview_date'"),
    ("last_follow_up: 0001-01-01T00:00\n", "key 'last_follow_up' is out of range"),
    ("x: " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply"),
]


@pytest.mark.parametrize("front, says", FRONT_MATTER, ids=[f[:30] for f, _ in FRONT_MATTER])
def test_bad_front_matter(cli, tmp_path, front, says):
    write(tmp_path, {"d.txt": f"---\n{front}---\n{DRAFT}"})
    one_line(cli(*NO_GRAMMAR, "d.txt"), 2, "d.txt", says)


def test_front_matter_keys_that_are_not_text_belong_to_someone_else(cli, tmp_path):
    write(tmp_path, {"d.txt": f"---\n1: 2\n3.5: x\nnull: y\n---\n{DRAFT}"})
    r = cli(*NO_GRAMMAR, "d.txt")
    assert r.returncode in (0, 1) and not r.stderr


# -- configuration -------------------------------------------------------------------------

CONFIG = [
    ("pyproject.toml", 'tool = "x"\n', "'tool' must be a table"),
    ("pyproject.toml", "[tool]\nfollowup-lint = 5\n", "'tool.followup-lint' must be a table"),
    (".followup-lint.toml", 'model = "os"\n', "'model': 'os' is a Python module, not a spaCy model"),
    (".followup-lint.toml", 'model = "en_core_web_nope"\n', "'model': spaCy model 'en_core_web_nope' is not installed"),
    (".followup-lint.toml", 'model = "a.b.c"\n', "'model'"),
    (".followup-lint.toml", "[too-long]\nmax = 2.5\n", "option 'max' must be a whole number"),
    (".followup-lint.toml", "[too-long]\nmax = -5\n", "option 'max' must be a whole number"),
    (".followup-lint.toml", "[wrong-name]\nsimilarity = 5.0\n", "option 'similarity' must be a number from 0 to 1"),
    (".followup-lint.toml", '[too-long]\nmetric = "lines"\n', "option 'metric' must be one of words, sentences"),
    (".followup-lint.toml", '[slang]\nregex = ["(unclosed"]\n', "option 'regex' item 1 is not a valid regular expression"),
    (".followup-lint.toml", "[wrong-name]\nnot_names = [1]\n", "option 'not_names' must be a list of strings"),
    (".followup-lint.toml", '[slang]\nphrases = "lol"\n', "option 'phrases' must be a list"),
    (".followup-lint.toml", "[no-topic-reference]\nsynonyms = {k8s = 1}\n", "option 'synonyms' must be a table of strings"),
    (".followup-lint.toml", "a = " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply"),
    (".followup-lint.toml", 'rule-dirs = "lint-rules"\n', "'rule-dirs' names "),  # a folder that is not there
]


@pytest.mark.parametrize("name, config, says", CONFIG, ids=[c[:30] for _, c, _ in CONFIG])
def test_bad_config(cli, tmp_path, name, config, says):
    write(tmp_path, {name: config, "d.txt": DRAFT})
    one_line(cli(*NO_GRAMMAR, "d.txt"), 2, says)


# -- user rule files -----------------------------------------------------------------------

HEAD = "kind: existence\nsummary: Buzzwords.\ndescription: Flags buzzwords.\n"
RULES = [
    (HEAD + 'message: "x {foo}"\noptions: {phrases: [synergy]}\n', "unknown field 'foo'"),
    (HEAD + 'message: "x {"\noptions: {phrases: [synergy]}\n', "not a valid message template"),
    (HEAD + 'message: "x {0}"\noptions: {phrases: [synergy]}\n', "{0} is not a field name"),
    (HEAD + 'message: "x {text.upper}"\noptions: {phrases: [synergy]}\n', "{text.upper} is not a field name"),
    (HEAD + 'message: "x {text:d}"\noptions: {phrases: [synergy]}\n', "message cannot be filled in"),
    ("kind: python\ncheck: nosuch\nsummary: s\ndescription: d\nmessage: m\n", "names check 'nosuch'"),
    ("kind: metric\nsummary: s\ndescription: d\nmessage: m\noptions: {metric: words}\n", "needs option 'max'"),
    ("kind: existence\nsummary: s\ndescription: 5\nmessage: m\n", "needs a 'description'"),
    (HEAD + "message: m\noptions: [a]\n", "'options' must be a mapping"),
    (HEAD + "message: m\noptions: {phrases: synergy}\n", "option 'phrases' must be a list"),
    (HEAD + "message: m\noptions: {phrases: [5]}\n", "option 'phrases' item 1"),
    (HEAD + "message: m\noptions: {phrases: [{hint: x}]}\n", "option 'phrases' item 1"),
    (HEAD + "message: m\noptions: {phrases: [{phrase: synergy, replace: 5}]}\n", "'replace' must be text"),
    (HEAD + "message: m\noptions: {regex: ['(']}\n", "not a valid regular expression"),
    (HEAD + "message: m\noptions: {phrases: [synergy]}\nexamples: 5\n", "'examples' must be a mapping"),
    (HEAD + "message: m\noptions: {phrases: [synergy]}\ndefers_to: slang\n", "'defers_to' must be a list"),
    (HEAD + "message: m\noptions: {phrases: [synergy]}\ndefers_to: [nosuch]\n", "unknown rule 'nosuch'"),
    (HEAD + "message: m\noptions: {phrases: [synergy]}\nnlp: maybe\n", "'nlp' must be true or false"),
    ("\x08", "bad YAML: unacceptable character"),  # the parser's message is two lines
    ("kind: python\ncheck: missing_name\nsummary: s\ndescription: d\nmessage: m\n",
     "needs option 'generic_addressees' (check 'missing_name' reads it)"),
]


@pytest.mark.parametrize("rule, says", RULES, ids=[r.strip().splitlines()[-1][:40] for r, _ in RULES])
def test_bad_user_rule_file(cli, tmp_path, rule, says):
    write(tmp_path, {".followup-lint.toml": 'rule-dirs = ["lint-rules"]\n', "lint-rules/buzz.yml": rule, "d.txt": DRAFT})
    line = one_line(cli(*NO_GRAMMAR, "d.txt"), 2, "buzz.yml", says)
    assert "rule 'buzz'" in line or "bad YAML" in line  # the rule is named once the file is YAML at all


def test_a_catastrophic_user_regex_is_stopped_with_one_line(cli, tmp_path, monkeypatch):
    from followup_lint.kinds import existence

    # (a|a)+$ tries 2^n ways to match n a's; the real limit is REGEX_TIMEOUT, shortened here to keep the test quick
    assert existence.REGEX_TIMEOUT <= 20
    monkeypatch.setattr(existence, "REGEX_TIMEOUT", 1.0)
    write(tmp_path, {".followup-lint.toml": 'rule-dirs = ["lint-rules"]\n',
                     "lint-rules/buzz.yml": HEAD + "message: m\noptions: {regex: ['(a|a)+$']}\n",
                     "d.txt": DRAFT.replace("synergy", "a" * 40 + "!")})
    line = one_line(cli(*NO_GRAMMAR, "d.txt"), 2, "buzz.yml", "rule 'buzz' regex '(a|a)+$' took over 1 s on d.txt")
    assert "simplify it" in line


# -- e-mails ---------------------------------------------------------------------------------

EML_BODY = "\n\nDear Ms. Chen,\n\nThank you for the tour.\n\nBest regards,\nSam\n"


@pytest.mark.parametrize("header", [
    "Message-ID: <", "Message-ID: <<>>", "From: <<<", "To: \"", "Date: Mon, 99 Foo 2026 99:99:99 +9999",
    "Subject: =?utf-8?q?=ZZ?=", "Content-Type: text/plain; charset=\"", "Content-Type: text/plain; charset=nosuch",
    "Content-Transfer-Encoding: base64", "Content-Type: multipart/mixed; boundary=\"",
])
def test_broken_eml_header(cli, tmp_path, header):
    write(tmp_path, {"d.eml": f"Subject: Thanks for the interview\n{header}{EML_BODY}"})
    r = cli(*NO_GRAMMAR, "d.eml")
    err = r.stderr.decode()
    assert r.returncode in (0, 1, 2) and "Traceback" not in err and "internal error" not in err, err
    assert r.returncode != 2 or one_line(r, 2, "d.eml")


def test_utf16_eml_is_read_as_text(cli, tmp_path):
    eml = "Subject: Thank you for the interview\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" \
          "Dear Ms. Chen,\r\n\r\nThx for the tour.\r\n\r\nBest regards,\r\nSam\r\n"
    write(tmp_path, {"d.eml": codecs.BOM_UTF16_LE + eml.encode("utf-16-le")})
    r = cli(*NO_GRAMMAR, "--select", "slang,subject-line", "--format", "json", "d.eml")
    assert r.returncode == 1, r.stderr.decode()
    (found,) = json.loads(r.stdout)  # the subject is read, and fine; "Thx" is where it is in the file
    assert (found["rule"], found["text"], found["line"], found["column"]) == ("slang", "Thx", 6, 1)


# -- files -----------------------------------------------------------------------------------

def test_a_file_name_over_the_system_limit(cli, tmp_path):
    name = "a" * 300 + ".txt"
    write(tmp_path, {"d.txt": DRAFT})
    r = cli(*NO_GRAMMAR, name, "d.txt")
    one_line(r, 2, name, "File name too long")
    assert b"d.txt" in r.stdout  # the other file is still linted


def test_dev_zero_and_a_huge_file_are_not_read_whole(cli, tmp_path):
    write(tmp_path, {"huge.txt": b"x" * (MAX_BYTES + 10)})
    one_line(cli(*NO_GRAMMAR, "huge.txt"), 2, "huge.txt", "far too long")
    one_line(cli(*NO_GRAMMAR, "/dev/zero"), 2, "/dev/zero", "far too long")


def test_bad_utf16_is_named_as_such(cli, tmp_path):
    write(tmp_path, {"d.txt": codecs.BOM_UTF16_LE + "Dear Li".encode("utf-16-le") + b"\x00\xd8x\x00"})  # lone surrogate
    one_line(cli(*NO_GRAMMAR, "d.txt"), 2, "d.txt: not valid UTF-16 at byte 16")


# -- a bug anywhere: one line, exit 2 --------------------------------------------------------

def test_an_unexpected_error_is_one_line_naming_the_file(cli, tmp_path):
    # a check that fails (here a built-in one that reads the spaCy Doc, in a rule that says it needs
    # none): the CLI's last guard turns it into one line, not a traceback and not exit 1
    write(tmp_path, {".followup-lint.toml": 'rule-dirs = ["lint-rules"]\n',
                     "lint-rules/buggy.yml": "kind: python\ncheck: no_specific_reference\nsummary: s\n"
                                             "description: d\nmessage: m\nnlp: false\noptions: {generic_nouns: [], "
                                             "vague_nouns: [], praise_adjectives: []}\n",
                     "d.txt": DRAFT})
    r = cli(*NO_GRAMMAR, "--select", "buggy", "d.txt", env={"FOLLOWUP_LINT_DEBUG": None})
    line = r.stderr.decode().strip()
    assert r.returncode == 2 and line.count("\n") == 0 and "Traceback" not in line
    assert line.startswith("followup-lint: d.txt: rule 'buggy': internal error: ") and "FOLLOWUP_LINT_DEBUG=1" in line
    with pytest.raises(Exception):
        cli(*NO_GRAMMAR, "--select", "buggy", "d.txt")  # FOLLOWUP_LINT_DEBUG=1: the traceback itself


# -- grammar: its cache folder unusable or full -> grammar alone is unavailable (exit 3) -----

def test_a_cache_folder_it_cannot_write(cli, tmp_path):
    from followup_lint.grammar import install_dir, is_installed

    write(tmp_path, {"d.txt": DRAFT.replace("Thank you", "Thx"), "not-a-folder": ""})
    r = cli("--select", "slang,grammar", "d.txt", env={"FOLLOWUP_LINT_CACHE": str(tmp_path / "not-a-folder" / "cache")})
    assert r.returncode == 3 and b"slang" in r.stdout and r.stderr.decode().count("\n") == 1
    if not is_installed():
        return
    # LanguageTool installed, but no run folder to be had: the engine cannot start, grammar alone is off
    for bad in ("file", "folder"):
        cache = tmp_path / f"cache-{bad}"
        cache.mkdir()
        (cache / install_dir().name).symlink_to(install_dir())
        if bad == "file":
            (cache / "run").write_text("")  # a file where the run folder goes
        else:
            (cache / "run" / "engine.lock").mkdir(parents=True)  # a folder where the lock file goes
        r = cli("--select", "slang,grammar", "d.txt", env={"FOLLOWUP_LINT_CACHE": str(cache)})
        err = r.stderr.decode()
        assert r.returncode == 3 and b"slang" in r.stdout, err
        assert err.startswith("grammar check unavailable: cannot use ") and err.count("\n") == 1, err
        assert ("File exists" if bad == "file" else "Is a directory") in err, err


def test_a_full_disk_is_not_called_a_damaged_install(cli, tmp_path):
    from followup_lint.grammar import install_dir, is_installed

    if not is_installed():
        pytest.skip("needs LanguageTool installed (make languagetool)")
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("needs a small tmpfs to fill (mount, as root)")
    try:
        (disk / "cache").mkdir()
        (disk / "cache" / install_dir().name).symlink_to(install_dir())
        with open(disk / "filler", "wb") as fh:
            try:
                fh.write(b"\0" * (1 << 20))
            except OSError:
                pass
        write(tmp_path, {"d.txt": DRAFT})
        r = cli("--select", "grammar", "d.txt", env={"FOLLOWUP_LINT_CACHE": str(disk / "cache")})
        assert r.returncode == 3
        assert "no space left on the disk" in r.stderr.decode() and "damaged" not in r.stderr.decode()
    finally:
        subprocess.run(["umount", "-l", str(disk)])


def test_a_lint_keeps_the_idle_timeout_set_by_server_start(cli, tmp_path):
    from followup_lint import engine
    from followup_lint.grammar import is_installed

    if not is_installed() or not engine.SUPPORTED:
        pytest.skip("needs LanguageTool installed (make languagetool) and the engine (Linux)")
    was = engine.read_state() if engine.connect() else None
    try:
        engine.stop()
        assert cli("server", "start", "--idle-timeout", "1234").returncode == 0
        write(tmp_path, {"d.txt": DRAFT})
        assert cli("--select", "grammar", "d.txt").returncode in (0, 1)
        assert engine.read_state()["idle_timeout"] == 1234
    finally:
        engine.stop()
        if was:
            engine.ensure(was["idle_timeout"])
