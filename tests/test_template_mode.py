"""Template repositories: template mode (whole config or per path) and suppressions that never reach an email."""

from __future__ import annotations

import json
from pathlib import Path

NO_GRAMMAR = ("--ignore", "grammar")
# the rules a template exercises, so that new rules elsewhere do not change the results
RULES = ("--select", "placeholder,missing-name,slang,generic-phrase")

TEMPLATE = """Dear {{interviewer}},

Thank you for walking me through the {{project}} release checklist on Tuesday. I enjoyed hearing
how the team ships the loyalty app, and the rollback drill you described stuck with me.

Best regards,
{{my_name}}
"""


def write(folder: Path, name: str, text: str | bytes) -> Path:
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return p


def findings(cli, *args, cwd=None) -> list[dict]:
    r = cli(*args, *NO_GRAMMAR, "--format", "json", cwd=cwd)
    assert r.returncode in (0, 1), r.stderr.decode()
    return json.loads(r.stdout)


def rules_of(items: list[dict]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for d in items:
        out.setdefault(d["path"], set()).add(d["rule"])
    return out


# --- template mode ----------------------------------------------------------------------------

def test_draft_mode_flags_every_slot(cli, tmp_path):
    write(tmp_path, "thanks.md", TEMPLATE)
    out = findings(cli, "thanks.md", *RULES)
    assert [d["text"] for d in out if d["rule"] == "placeholder"] == ["{{interviewer}}", "{{project}}", "{{my_name}}"]


def test_template_mode_expects_slots_but_checks_the_rest(cli, tmp_path):
    write(tmp_path, ".followup-lint.toml", 'mode = "template"\n')
    write(tmp_path, "thanks.md", TEMPLATE)
    r = cli("thanks.md", *RULES)
    assert r.returncode == 0, r.stdout.decode()  # a slot in the greeting also satisfies missing-name
    # everything else is still checked: a generic greeting and slang are findings in a template too
    write(tmp_path, "generic.md", TEMPLATE.replace("{{interviewer}}", "Hiring Manager").replace("Thank you", "Thx"))
    found = rules_of(findings(cli, "generic.md", *RULES))
    assert {"missing-name", "slang"} <= found["generic.md"]
    assert "placeholder" not in found["generic.md"]


def test_template_paths_switch_mode_per_file(cli, tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.followup-lint]\ntemplate-paths = ["templates/*"]\n')
    write(tmp_path, "templates/thanks.md", TEMPLATE)
    write(tmp_path, "templates/nested/panel.md", TEMPLATE)
    write(tmp_path, "sent/thanks.md", TEMPLATE)
    found = rules_of(findings(cli, "templates", "sent", *RULES))
    assert "placeholder" in found["sent/thanks.md"]
    assert "templates/thanks.md" not in found and "templates/nested/panel.md" not in found
    # globs are relative to the config file's folder, whatever the working folder and path form
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert findings(cli, str(tmp_path / "templates" / "thanks.md"), *RULES, cwd=elsewhere) == []
    assert findings(cli, "../templates/thanks.md", *RULES, cwd=elsewhere) == []


def test_bad_template_settings_exit_2_with_one_line(cli, tmp_path):
    write(tmp_path, ".followup-lint.toml", "template-paths = 3\n")
    write(tmp_path, "a.txt", TEMPLATE)
    r = cli("a.txt", *NO_GRAMMAR)
    assert r.returncode == 2
    assert r.stderr.decode().strip().splitlines() == [
        f"followup-lint: {tmp_path / '.followup-lint.toml'}: 'template-paths' must be a list of strings"]
    write(tmp_path, ".followup-lint.toml", 'mode = "templates"\n')
    r = cli("a.txt", *NO_GRAMMAR)
    assert r.returncode == 2 and b"'mode' must be 'draft' or 'template'" in r.stderr
    assert b"Traceback" not in r.stderr


# --- suppressions: config per-file-ignores and front matter -----------------------------------

def test_per_file_ignores(cli, tmp_path):
    write(tmp_path, ".followup-lint.toml", '[per-file-ignores]\n"casual/*" = ["slang"]\n"*.md" = ["placeholder"]\n')
    casual = "Dear Ms. Chen,\n\nThx for the tour of the roastery and the cupping session.\n\nBest,\nTom\n"
    write(tmp_path, "casual/a.txt", casual)
    write(tmp_path, "formal/a.txt", casual)
    write(tmp_path, "formal/t.md", TEMPLATE)
    found = rules_of(findings(cli, "casual", "formal", "--select", "slang,placeholder"))
    assert found == {"formal/a.txt": {"slang"}}


FRONT = """---
title: Thank-you note for the loyalty app interview, to be sent on Friday afternoon
tags: [interview, thanks, loyalty, app, release, checklist, rollback, drill, team]
followup-lint:
  ignore: [placeholder]
---
"""
BODY = ("Dear Ms. Chen,\n\nThx for walking me through the release checklist and the rollback drill of the "
        "loyalty app on Tuesday.\n\nBest regards,\n{{my_name}}\n")


def test_front_matter_suppresses_and_keeps_positions(cli, tmp_path):
    write(tmp_path, "note.md", FRONT + BODY)
    out = findings(cli, "note.md", "--select", "slang,placeholder")
    # the placeholder is ignored by the front matter; slang is found where it stands in the file
    assert [(d["rule"], d["line"], d["column"], d["end_column"]) for d in out] == [("slang", 9, 1, 4)]
    line = (FRONT + BODY).splitlines()[out[0]["line"] - 1]
    assert line[out[0]["column"] - 1:out[0]["end_column"] - 1] == "Thx"


def test_front_matter_positions_with_crlf(cli, tmp_path):
    write(tmp_path, "note.txt", (FRONT + BODY).replace("\n", "\r\n"))
    out = findings(cli, "note.txt", "--select", "slang")
    assert [(d["line"], d["column"], d["end_line"], d["end_column"]) for d in out] == [(9, 1, 9, 4)]


def test_front_matter_is_not_counted(cli, tmp_path):
    write(tmp_path, ".followup-lint.toml", "[too-long]\nmax = 5\n")
    write(tmp_path, "note.md", FRONT + BODY)
    out = findings(cli, "note.md", "--select", "too-long")
    # the body's 18 words only: the front matter's words, the greeting and the signature do not count
    assert [d["message"] for d in out] == ["Body is 18 words; keep it to 5 or fewer (cut 13)"]
    assert out[0]["line"] == 9


def test_bad_front_matter_exits_2_with_one_line(cli, tmp_path):
    write(tmp_path, "bad.md", "---\nfollowup-lint: {ignore: [slang\n---\n" + BODY)
    write(tmp_path, "good.md", BODY)
    r = cli("bad.md", "good.md", *NO_GRAMMAR)
    assert r.returncode == 2
    err = r.stderr.decode().strip().splitlines()
    assert len(err) == 1 and err[0].startswith("followup-lint: bad.md:") and "bad YAML front matter" in err[0]
    assert b"good.md:" in r.stdout  # the other file is still linted
    write(tmp_path, "list.md", "---\n- just\n- a list\n---\n" + BODY)
    r = cli("list.md", *NO_GRAMMAR)
    assert r.returncode == 2
    assert r.stderr.decode().strip() == "followup-lint: list.md:2: front matter must be a mapping"
