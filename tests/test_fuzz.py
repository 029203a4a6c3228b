"""Property-based fuzzing (Hypothesis) through the entry points users have: the CLI (in process, the real
click command), draft reading as the CLI does it, and the language server over stdio.

What must hold for any input: an exit code in {0, 1, 2, 3}, never a traceback; an error is one line
naming the file; JSON and SARIF parse; every position lies inside the file and points at the text it
quotes; --fix changes only lines it had findings on, keeps the encoding and line ends, and a second
--fix changes nothing; the language server answers and its ranges lie inside the document.

Profiles (HYPOTHESIS_PROFILE): `quick` (default, part of `make test`: a few examples per target, the
same every run) and `long` (the campaign: over 100,000 inputs in all, random, with a deadline per
input so a hang is a failure): HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import codecs
import json
import os
import re
import string
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from followup_lint.draft import InputError, decode, read
from followup_lint.notes import KEYS as NOTE_KEYS
from followup_lint.rule import load_rules

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "quick")
# quick: the same examples every run and no database, so `make test` is repeatable; long: random, with
# a deadline per input (a hang fails) and failures kept in .hypothesis/ to replay
settings.register_profile("quick", derandomize=True, database=None, deadline=None,
                          suppress_health_check=list(HealthCheck))
settings.register_profile("long", deadline=timedelta(seconds=10), suppress_health_check=list(HealthCheck))
settings.load_profile(PROFILE)


def budget(quick: int, long: int):
    """Examples for one target in the active profile."""
    return settings(max_examples=quick if PROFILE == "quick" else long)


RULES = load_rules()
NO_GRAMMAR = ("--ignore", "grammar")

# -- drafts --------------------------------------------------------------------------------------

GREETINGS = ["Dear Ms. Chen,", "Hi Sam,", "Hello [Interviewer Name],", "Hey guys!!", "Good afternoon, Marisol,",
             "Dear Hiring Manager,", "To whom it may concern:", "Dear {{name}},", "Hi Dr. O’Neil —", "Dear  ,"]
BODY = ["Thank you for walking me through the billing migration.", "Thx for the tour today!!!",
        "I really need this job ASAP.", "It was gr8 to meet u :) 🙂!", "I’m excited about [Company Name].",
        "We talked about the on-call rotation, and I enjoyed it, it was fun.", "backlog!! 🙂!", "?!?!",
        "Your remark about \"YOLO deploys\" stuck with me.", "I look forward to hearing from you soon.",
        "XXX", "(insert detail)", "<Interviewer>", "lol btw tbh imo", "THANK YOU SO MUCH", "Subject: thanks",
        "Talk soon", "https://example.com/a_very_long/path?x=1", "+1 (555) 010-2030", "— – -", "\u200b\u00a0"]
SIGNOFFS = ["Best regards,", "Cheers,", "Thanks again,", "Sincerely", "Best", "xoxo", "Talk soon!"]
NAMES = ["Sam Ortiz", "Luis", "[Your Name]", "Li Cheng\nsam@example.com", "Dana O'Neil, PhD"]
RUNS = st.builds(lambda c, n: c * n, st.sampled_from(list("!?.,-=*)\"”’ \t🙂") + ["?!", " \t"]),
                 st.integers(1, 400))

piece = st.one_of(st.sampled_from(BODY), RUNS, st.text(max_size=40),
                  st.text(alphabet=string.ascii_letters + " .,!?'\"\n", max_size=60))
body = st.lists(piece, max_size=8).map(" ".join)
draft_text = st.builds(
    lambda subject, greeting, paragraphs, signoff, name, front: (
        front + (f"Subject: {subject}\n\n" if subject is not None else "") + (greeting + "\n\n" if greeting else "")
        + "\n\n".join(paragraphs) + (f"\n\n{signoff}\n{name}\n" if signoff else "")),
    st.none() | st.text(max_size=30), st.sampled_from(GREETINGS + [""]) | st.text(max_size=20),
    st.lists(body, min_size=1, max_size=3), st.sampled_from(SIGNOFFS + [""]), st.sampled_from(NAMES),
    st.sampled_from(["", "---\nfollowup-lint: {ignore: [slang]}\n---\n", "---\ninterviewers: [Li Cheng]\n---\n",
                     "---\n: [\n---\n", "---\ninterview_date: 2026-13-45\n---\n"]),
) | st.text(max_size=300)

ENCODINGS = [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
             ("utf-16-be", codecs.BOM_UTF16_BE)]


@st.composite
def draft_file(draw, text=draft_text):
    """(file bytes, the text an editor shows): any encoding the CLI reads, LF / CRLF / CR / mixed line ends."""
    text = draw(text)
    newline = draw(st.sampled_from(["\n", "\r\n", "\r", "mixed"]))
    if newline == "mixed":
        text = "".join(c + ("\r" if c == "\n" and draw(st.booleans()) else "") for c in text)
    else:
        text = text.replace("\n", newline)
    codec, bom = draw(st.sampled_from(ENCODINGS))
    try:
        return bom + text.encode(codec), text
    except UnicodeEncodeError:  # lone surrogates: no valid file holds them
        assume(False)


def check_run(r, path: str = "d.txt", codes=(0, 1, 2, 3)) -> str:
    """Exit code, stderr lines; returns stderr."""
    err = r.stderr.decode("utf-8")
    assert r.returncode in codes, err
    assert "Traceback" not in err and "internal error" not in err, err
    errors = [line for line in err.splitlines() if line.startswith("followup-lint:")]
    if r.returncode == 2:
        assert errors and all(path in line or "--" in line for line in errors), err
    return err


def check_positions(found: list[dict], data: bytes, path: str = "d.txt") -> None:
    """Every finding lies inside the file and quotes what is there (positions in code points of the decoded file)."""
    try:
        source = decode(data, path)[0]
    except InputError:
        assert not found
        return
    starts = [0] + [i + 1 for i, c in enumerate(source) if c == "\n"]
    for d in found:
        assert 1 <= d["line"] <= len(starts) and 1 <= d["end_line"] <= len(starts), d
        at = starts[d["line"] - 1] + d["column"] - 1
        end = starts[d["end_line"] - 1] + d["end_column"] - 1
        assert 0 <= at <= end <= len(source), d
        if not path.endswith(".eml"):  # a decoded e-mail body may not stand verbatim in the file
            assert source[at:end] == d["text"], (d, source[at:end])


def lint_json(cli, tmp_path: Path, data: bytes, name: str = "d.txt", *args: str):
    (tmp_path / name).write_bytes(data)
    r = cli(*NO_GRAMMAR, "--format", "json", *args, name)
    check_run(r, name)
    found = json.loads(r.stdout) if r.returncode != 2 or r.stdout.strip() else []
    check_positions(found, data, name)
    return r, found


# -- targets: drafts -----------------------------------------------------------------------------

@budget(quick=150, long=30_000)
@given(draft_file())
def test_reading_any_draft(blob):
    """Reading as the CLI does (decode, front matter, parts, placeholders): a Draft or a one-line InputError."""
    data, _ = blob
    try:
        d = read("d.txt", data)
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("d.txt")
        return
    for start, end in [*d.parts.values(), *d.placeholders]:
        assert 0 <= start <= end <= len(d.text)
        line, col = d.line_col(d.to_source(start))
        assert 1 <= line <= d.source.count("\n") + 1


@budget(quick=40, long=15_000)
@given(draft_file())
def test_linting_any_draft(cli, tmp_path, blob):
    data, _ = blob
    lint_json(cli, tmp_path, data)


@budget(quick=10, long=1_500)
@given(draft_file())
def test_sarif_and_text_parse_and_agree_with_json(cli, tmp_path, blob):
    data, _ = blob
    r, found = lint_json(cli, tmp_path, data)
    sarif = cli(*NO_GRAMMAR, "--format", "sarif", "d.txt")
    check_run(sarif)
    results = json.loads(sarif.stdout)["runs"][0]["results"]
    assert len(results) == len(found)
    again = cli(*NO_GRAMMAR, "--format", "json", "d.txt")
    assert again.stdout == r.stdout and again.returncode == r.returncode  # the same every run


FIXABLE = st.lists(st.sampled_from(["thx", "u", "btw", "pls", "!!!", "🙂", ":)", "🙂!", "!! 🙂!", "ty", "gr8", "Thx!!",
                                    "idk", "(:", ";)", "🎉🎉", " \t"]) | piece, min_size=1, max_size=12).map(" ".join)


@budget(quick=25, long=5_000)
@given(draft_file(draft_text | st.builds("Hi Dana,\n\n{}\n\nBest regards,\nSam\n".format, FIXABLE)))
@example(blob=(b"\r\xf0\x9f\x80\x80", "\r\U0001F000"))  # found: CR line ends, an emoji after the last one
@example(blob=(b"\n\n\r\xf0\x9f\x80\x80\n", "\n\n\r\U0001F000\n"))  # found: removing it joined CR and LF
def test_fix_is_lossless_outside_its_findings_and_idempotent(cli, tmp_path, blob):
    data, _ = blob
    path = tmp_path / "d.txt"
    r, found = lint_json(cli, tmp_path, data, "d.txt", "--select", "slang,casual-tone")
    if r.returncode == 2:
        return
    fixed_lines = {n for d in found if d["fixable"] for n in range(d["line"], d["end_line"] + 1)}
    fix = cli("--select", "slang,casual-tone", "--fix", "d.txt")
    check_run(fix)
    after = path.read_bytes()
    codec_before, codec_after = decode(data, "d.txt"), decode(after, "d.txt")
    assert codec_before[1] == codec_after[1]  # same encoding, same BOM
    assert all(data.startswith(bom) == after.startswith(bom) for _, bom in ENCODINGS if bom)
    breaks = re.compile(r"\r\n|\r|\n")
    assert breaks.findall(codec_before[0]) == breaks.findall(codec_after[0])  # the same line ends, in order
    old, new = codec_before[0].split("\n"), codec_after[0].split("\n")  # lines as positions count them
    for n, (a, b) in enumerate(zip(old, new), 1):
        assert a == b or n in fixed_lines, (n, a, b)
    again = cli("--select", "slang,casual-tone", "--fix", "d.txt")
    check_run(again)
    assert path.read_bytes() == after  # a second --fix changes nothing


# -- targets: e-mail headers ---------------------------------------------------------------------

HEADER_NAMES = ["Subject", "From", "To", "Cc", "Date", "Message-ID", "In-Reply-To", "References", "Content-Type",
                "Content-Transfer-Encoding", "MIME-Version", "Reply-To", "X-Custom"]
header_value = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n"), max_size=60),
    st.text(alphabet="<>\"'@=?;:,()[]\\ .abcQBq-_/", max_size=40),
    st.sampled_from(["<", "<<>>", "=?utf-8?q?=ZZ?=", "=?x?b?!!?=", "text/plain; charset=\"", "multipart/mixed",
                     "base64", "quoted-printable", "Mon, 99 Foo 2026 99:99 +9999", "a@", "@b", "\"\" <>"]),
)


@budget(quick=40, long=15_000)
@given(st.lists(st.tuples(st.sampled_from(HEADER_NAMES) | st.text(string.ascii_letters + "-", min_size=1, max_size=12),
                          header_value), max_size=6),
       st.sampled_from(["Dear Ms. Chen,\n\nThx for the tour :)\n\nBest regards,\nSam\n", "", "=\n==41\n"]),
       st.sampled_from(["\n", "\r\n"]))
def test_any_eml_headers(cli, tmp_path, headers, body, newline):
    text = "".join(f"{name}: {value}\n" for name, value in headers) + "\n" + body
    data = text.replace("\n", newline).encode("utf-8")
    lint_json(cli, tmp_path, data, "d.eml")


# -- targets: notes and front matter -------------------------------------------------------------

DATE_TEXT = st.one_of(st.sampled_from(["2026-03-03", "2026-13-45", "2026-02-30", "2026-03-03T25:00", "0001-01-01T00:00",
                                       "2026-03-03T10:00+99:00", "9999-12-31", "2026-3-3", "2026-03-03 10:00:00 +02:00",
                                       "yesterday", "2026-03-03T10:00Z", ""]),
                      st.datetimes().map(lambda d: d.isoformat()), st.dates().map(str))
leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20), DATE_TEXT)
value = st.recursive(leaf, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8) | st.integers(),
                                                                                          inner, max_size=3), max_leaves=8)
notes = st.dictionaries(st.sampled_from(list(NOTE_KEYS) + ["date", "followup-lint", "expect"]) | st.text(max_size=10) |
                        st.integers(), value, max_size=6)


def dump_yaml(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, default_flow_style=None)


@budget(quick=40, long=12_000)
@given(notes | st.text(max_size=200).map(lambda t: {"__raw__": t}), st.sampled_from(["notes.yml", "notes.toml"]),
       st.sampled_from(["", "2026-03-04T09:00", "2026-13-01", "0001-01-01"]))
def test_any_notes_file(cli, tmp_path, data, name, date):
    if "__raw__" in data:
        text = data["__raw__"]
    elif name.endswith(".toml"):
        text = config_text({str(k): v for k, v in data.items()})
    else:
        text = dump_yaml(data)
    (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "d.txt").write_text("Dear Ms. Chen,\n\nThank you for the tour.\n\nBest regards,\nSam\n")
    args = ("--notes", name) + (("--date", date) if date else ())
    r = cli(*NO_GRAMMAR, "--select", "notes", "--format", "json", *args, "d.txt")
    err = check_run(r, name)
    if r.returncode == 2:
        assert len(err.strip().splitlines()) == 1, err


@budget(quick=30, long=12_000)
@given(notes, draft_text)
def test_any_front_matter(cli, tmp_path, meta, text):
    front = dump_yaml(meta) if meta else ""
    data = f"---\n{front}---\n{text}".encode("utf-8")
    lint_json(cli, tmp_path, data, "d.txt", "--date", "2026-03-04T09:00")


# -- targets: configuration and user rule files --------------------------------------------------

OPTION_VALUES = st.one_of(leaf, st.lists(leaf, max_size=3), st.sampled_from(["(", "(a|a)+$", "words", "lines", -5, 2.5,
                                                                              5.0, "en_core_web_sm", "os", "a.b"]))


def toml_value(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v) if abs(v) < 1e300 else None
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        items = [toml_value(x) for x in v]
        return None if None in items else "[" + ", ".join(items) + "]"
    return None


config_tables = st.dictionaries(
    st.sampled_from(sorted(RULES)) | st.sampled_from(["select", "ignore", "fail-on", "model", "mode", "rule-dirs",
                                                      "template-paths", "per-file-ignores", "colour"]),
    st.one_of(OPTION_VALUES, st.dictionaries(st.sampled_from(["severity", "enabled", "max", "metric", "regex", "phrases",
                                                              "threshold", "similarity", "not_names", "at", "timeout",
                                                              "idle_timeout", "url", "synonyms"]), OPTION_VALUES,
                                             max_size=3)),
    max_size=4)


def config_text(table: dict, prefix: str = "") -> str:
    """TOML for a table: plain keys first, then one [table] per mapping (under `prefix`, for pyproject)."""
    top, subs = [], []
    for key, v in table.items():
        if isinstance(v, dict):
            lines = [f"{json.dumps(str(k))} = {tv}\n" for k, x in v.items() if (tv := toml_value(x)) is not None]
            subs.append(f"[{prefix}{json.dumps(key)}]\n" + "".join(lines))
        elif (tv := toml_value(v)) is not None:
            top.append(f"{json.dumps(key)} = {tv}\n")
    return (f"[{prefix.rstrip('.')}]\n" if prefix else "") + "".join(top) + "".join(subs)


@budget(quick=50, long=10_000)
@given(config_tables | st.text(max_size=120).map(lambda t: {"__raw__": t}), st.sampled_from([".followup-lint.toml",
                                                                                              "pyproject.toml"]))
@example(table={"rule-dirs": "0"}, name=".followup-lint.toml")  # found: a missing rule folder did not name the config
def test_any_config(cli, tmp_path, table, name):
    for old in (".followup-lint.toml", "pyproject.toml"):  # tmp_path is shared by the examples
        (tmp_path / old).unlink(missing_ok=True)
    prefix = "tool.followup-lint." if name == "pyproject.toml" else ""
    text = table["__raw__"] if "__raw__" in table else config_text(table, prefix)
    (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "d.txt").write_text("Dear Ms. Chen,\n\nThx for the tour!!\n\nBest regards,\nSam\n")
    r = cli(*NO_GRAMMAR, "--format", "json", "d.txt")
    err = check_run(r, name)
    if r.returncode == 2:
        assert len(err.strip().splitlines()) == 1 and name in err, err
        return
    json.loads(r.stdout)


RULE_KEYS = ["kind", "severity", "summary", "description", "message", "messages", "tags", "parts", "options",
             "examples", "aliases", "check", "nlp", "defers_to", "guidance"]
rule_file = st.fixed_dictionaries(
    {"kind": st.sampled_from(["existence", "metric", "python"]) | leaf, "summary": st.just("s") | leaf,
     "description": st.just("d") | leaf,
     "message": st.sampled_from(["Buzzword {text}", "{", "{foo}", "{0}", "{text.x}", "{text:d}", "{hint}", "{count}"]) | leaf},
    optional={"options": st.dictionaries(st.sampled_from(["phrases", "patterns", "regex", "metric", "max"]), OPTION_VALUES,
                                         max_size=3) | value,
              "severity": st.sampled_from(["error", "warning", "info"]) | leaf, "check": st.sampled_from(
                  ["placeholder", "nosuch", "os", "grammar"]) | leaf, "nlp": leaf, "defers_to": value, "parts": value,
              "examples": value, "tags": value, "messages": value})


@budget(quick=50, long=10_000)
@given(rule_file | st.text(max_size=150).map(lambda t: {"__raw__": t}))
def test_any_user_rule_file(cli, tmp_path, rule):
    (tmp_path / "lint-rules").mkdir(exist_ok=True)
    text = rule["__raw__"] if "__raw__" in rule else dump_yaml(rule)
    (tmp_path / "lint-rules" / "buzz.yml").write_text(text, encoding="utf-8")
    (tmp_path / ".followup-lint.toml").write_text('rule-dirs = ["lint-rules"]\n')
    (tmp_path / "d.txt").write_text("Dear Ms. Chen,\n\nThe synergy of the aaaaaaaaaaaaaaaaaaaaaaaa!\n\nBest,\nSam\n")
    r = cli(*NO_GRAMMAR, "--format", "json", "d.txt")
    err = check_run(r, "buzz.yml")
    if r.returncode == 2:
        assert len(err.strip().splitlines()) == 1, err


# -- targets: the language server ----------------------------------------------------------------

@pytest.fixture(scope="module")
def lsp_server(raw_lsp):
    return raw_lsp


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@budget(quick=12, long=5_000)
@given(draft_text, st.sampled_from(["d.txt", "d.md", "d.eml"]))
def test_language_server_ranges_lie_inside_the_document(lsp_server, text, name):
    lsp_server.version = getattr(lsp_server, "version", 0) + 1
    uri = (lsp_server.root / name).as_uri()
    # didOpen lints at once (didChange waits for typing to pause); didClose after, so nothing piles up
    lsp_server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext",
                                                                "version": lsp_server.version, "text": text}})
    params = lsp_server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                             and m["params"]["uri"] == uri and m["params"].get("version") == lsp_server.version)["params"]
    lsp_server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for d in params["diagnostics"]:
        for pos in (d["range"]["start"], d["range"]["end"]):
            assert 0 <= pos["line"] <= len(lines), (pos, d)
            if pos["line"] < len(lines):
                assert 0 <= pos["character"] <= utf16_len(lines[pos["line"]]) + 1, (pos, d)
    lsp_server.seen.clear()


frame = st.one_of(
    st.binary(max_size=80),
    st.builds(lambda n, body: b"Content-Length: %s\r\n\r\n" % n + body,
              st.sampled_from([b"0", b"-1", b"abc", b"99999", b"3", b"12"]) | st.integers(0, 300).map(lambda i: b"%d" % i),
              st.binary(max_size=60) | st.sampled_from([b"{}", b"[]", b'{"jsonrpc": "2.0"}', b'{"jsonrpc": "2.0", "id": 7}',
                                                         b'{"jsonrpc": "2.0", "id": 8, "method": "textDocument/codeAction",'
                                                         b' "params": 5}', b"null"])),
)


@budget(quick=25, long=10_000)
@given(st.lists(frame, max_size=4))
def test_language_server_answers_after_any_bytes(lsp_server, frames):
    lsp_server.raw(b"".join(frames))
    # a message with a header of its own: whatever came before, it is read and answered
    rid = lsp_server.request("textDocument/codeAction", {
        "textDocument": {"uri": "file:///nowhere.txt"},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": []}})
    reply = lsp_server.response(rid, timeout=15)
    assert reply.get("result") == [] or "error" in reply
    lsp_server.seen.clear()
