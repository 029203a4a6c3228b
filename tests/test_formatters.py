"""--format sarif and --format github, as CI systems read them.

The SARIF output is validated against the official OASIS SARIF 2.1.0 JSON schema in
tests/data/sarif-schema-2.1.0.json, taken unchanged from the npm package @datadog/datadog-ci 2.48.0
(dist/commands/sarif/json-schema/sarif-schema-2.1.0.json; see tests/data/sarif-schema-2.1.0.NOTICE.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from followup_lint.formatters.github import escape_data, escape_property

NO_GRAMMAR = ("--ignore", "grammar")
# the rules these tests are about, so that new rules elsewhere do not change the counts
RULES = ("--select", "slang,placeholder,generic-phrase,missing-name")
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)

# slang "thx" (warning, safely fixable), a placeholder (error) and a stock phrase (info)
DRAFT = ("Dear Ms. Alvarez,\n\nI hope this email finds you well. Thx for showing me the backlog of vendor invoices "
         "at [Company].\n\nSincerely,\nKeith Moreno\n")
CLEAN = ("Dear Ms. Alvarez,\n\nThank you for showing me the backlog of unreconciled vendor invoices. "
         "I left with a few ideas for the first month.\n\nSincerely,\nKeith Moreno\n")


def write(folder: Path, name: str, text: str) -> Path:
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def sarif(cli, *args) -> tuple[dict, object]:
    r = cli(*args, *RULES, "--format", "sarif")
    log = json.loads(r.stdout)
    errors = sorted(VALIDATOR.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]
    return log, r


# --- SARIF --------------------------------------------------------------------------------

def test_schema_rejects_what_sarif_forbids():
    """The shipped schema is the real one: a SARIF level 'info' or a missing message fails it."""
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
                                         "results": [{"ruleId": "a", "level": "info", "message": {"text": "m"}}]}]}
    assert any("info" in e.message for e in VALIDATOR.iter_errors(bad))
    del bad["runs"][0]["results"][0]["message"]
    assert not VALIDATOR.is_valid(bad)


def test_sarif_is_valid_and_carries_rule_metadata(cli, tmp_path):
    write(tmp_path, "drafts/a.txt", DRAFT)
    log, r = sarif(cli, "drafts/a.txt")
    assert r.returncode == 1
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "followup-lint"
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert {"placeholder", "slang", "missing-name", "grammar"} <= set(rules)
    slang = rules["slang"]
    assert slang["name"] == "Slang"
    assert slang["shortDescription"]["text"] == "Slang, texting abbreviations, emoticons or emoji."
    assert slang["fullDescription"]["text"].strip()
    assert slang["help"]["text"].strip()
    assert slang["defaultConfiguration"] == {"level": "warning"}
    assert rules["placeholder"]["defaultConfiguration"] == {"level": "error"}
    assert rules["missing-name"]["name"] == "MissingName"
    # every result points at its rule in the driver's list
    for res in run["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
    assert run["invocations"][0]["exitCode"] == 1


def test_sarif_results_match_json_positions(cli, tmp_path):
    write(tmp_path, "drafts/a.txt", DRAFT)
    log, _ = sarif(cli, "drafts/a.txt")
    as_json = json.loads(cli("drafts/a.txt", *RULES, "--format", "json").stdout)
    results = log["runs"][0]["results"]
    assert len(results) == len(as_json)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for res, d in zip(results, as_json):
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"] == {"uri": "drafts/a.txt", "uriBaseId": "%SRCROOT%"}
        assert loc["region"] == {"startLine": d["line"], "startColumn": d["column"],
                                 "endLine": d["end_line"], "endColumn": d["end_column"]}
        assert (res["ruleId"], res["level"], res["message"]["text"]) == (d["rule"], levels[d["severity"]], d["message"])
    assert {r["level"] for r in results} == {"error", "warning", "note"}
    assert log["runs"][0]["columnKind"] == "unicodeCodePoints"


def test_sarif_fix_replaces_the_slang(cli, tmp_path):
    write(tmp_path, "a.txt", DRAFT)
    log, _ = sarif(cli, "a.txt")
    thx = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "slang")
    change = thx["fixes"][0]["artifactChanges"][0]
    replacement = change["replacements"][0]
    assert change["artifactLocation"]["uri"] == "a.txt"
    assert replacement["insertedContent"] == {"text": "Thanks"}
    region = replacement["deletedRegion"]
    line = DRAFT.splitlines()[region["startLine"] - 1]
    assert line[region["startColumn"] - 1:region["endColumn"] - 1] == "Thx"
    # findings without a safe fix carry none
    assert all("fixes" not in r for r in log["runs"][0]["results"] if r["ruleId"] != "slang")


def test_sarif_clean_run_and_odd_file_names(cli, tmp_path):
    write(tmp_path, "my drafts/ok #1.txt", CLEAN)
    log, r = sarif(cli, "my drafts/ok #1.txt")
    assert r.returncode == 0
    assert log["runs"][0]["results"] == []
    write(tmp_path, "my drafts/bad #2.txt", DRAFT)
    log, _ = sarif(cli, str(tmp_path / "my drafts" / "bad #2.txt"))  # absolute: made relative to the cwd
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20drafts/bad%20%232.txt"


def test_sarif_reports_input_errors_as_notifications(cli, tmp_path):
    write(tmp_path, "a.txt", DRAFT)
    (tmp_path / "broken.txt").write_bytes(b"Dear Sam,\n\xff\xfe bad bytes\n")
    log, r = sarif(cli, "a.txt", "broken.txt")
    assert r.returncode == 2
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert any("broken.txt" in n["message"]["text"] for n in invocation["toolExecutionNotifications"])
    assert log["runs"][0]["results"]  # a.txt is still reported


# --- GitHub workflow commands ----------------------------------------------------------------

def annotations(stdout: bytes) -> list[str]:
    return [ln for ln in stdout.decode().splitlines() if ln.startswith("::")]


def test_github_annotations(cli, tmp_path):
    write(tmp_path, "drafts/a.txt", DRAFT)
    r = cli("drafts/a.txt", *RULES, "--format", "github")
    assert r.returncode == 1
    lines = annotations(r.stdout)
    assert "::warning file=drafts/a.txt,line=3,col=35,endLine=3,endColumn=38,title=slang::" \
           "Slang: “Thx” (write “thanks”) (fix: “Thanks”)" in lines
    assert any(ln.startswith("::error file=drafts/a.txt,line=3,") and "title=placeholder::" in ln for ln in lines)
    assert any(ln.startswith("::notice file=drafts/a.txt,line=3,col=1,") and "title=generic-phrase::" in ln
               for ln in lines)
    assert r.stdout.decode().splitlines()[-2].startswith("followup-lint: 3 problems (1 error, 1 warning, 1 info)")


def test_github_escapes_properties_and_message(cli, tmp_path):
    """A file name with ',' and ':' and a message with '%' survive GitHub's command parser."""
    write(tmp_path, "rules/percent-sign.yml", (
        "kind: existence\nseverity: error\nnlp: false\nsummary: A percent figure.\nmessage: 'Figure {text}'\n"
        "description: Flags figures such as 50%.\noptions:\n  regex: ['\\d+%']\n"))
    write(tmp_path, ".followup-lint.toml", 'rule-dirs = ["rules"]\nselect = ["percent-sign"]\n')
    write(tmp_path, "v2, final: sent.txt", "Dear Ms. Alvarez,\n\nI cut costs by 50% last year.\n\nBest,\nKeith\n")
    r = cli("v2, final: sent.txt", "--format", "github")
    assert annotations(r.stdout) == [
        "::error file=v2%2C final%3A sent.txt,line=3,col=16,endLine=3,endColumn=19,title=percent-sign::Figure 50%25"]
    assert escape_data("a%b\r\nc") == "a%25b%0D%0Ac"
    assert escape_property("x:y,z%\n") == "x%3Ay%2Cz%25%0A"


def test_github_summary_counts_what_annotations_cannot_show(cli, tmp_path):
    """GitHub shows only the first annotations of a step; the summary and step summary show all."""
    body = " ".join(["Thx for the tour, btw."] * 12)
    write(tmp_path, "many.txt", f"Dear Ms. Alvarez,\n\n{body}\n\nBest,\nKeith\n")
    write(tmp_path, "b|c.txt", DRAFT)
    summary = tmp_path / "step-summary.md"
    summary.write_text("## earlier step\n", encoding="utf-8")
    r = cli("many.txt", "b|c.txt", *NO_GRAMMAR, "--select", "slang,placeholder", "--format", "github",
            env={"GITHUB_STEP_SUMMARY": str(summary)})
    out = r.stdout.decode().splitlines()
    assert len(annotations(r.stdout)) == 26
    assert "followup-lint: 26 problems (1 error, 25 warnings) in 2 files." in out
    assert "  placeholder: 1, slang: 25" in out
    md = summary.read_text(encoding="utf-8")
    assert md.startswith("## earlier step\n")  # appended, not overwritten
    assert "| File | Line | Severity | Rule | Message |" in md
    assert md.count("| `slang` |") == 25
    assert "| b\\|c.txt | 3:35 | warning | `slang` | Slang: “Thx” (write “thanks”) |" in md


def test_github_without_step_summary_and_clean(cli, tmp_path):
    write(tmp_path, "ok.txt", CLEAN)
    r = cli("ok.txt", *RULES, "--format", "github")
    assert r.returncode == 0
    assert r.stdout.decode() == "followup-lint: no problems in 1 file.\n"


def test_github_input_error_is_an_annotation(cli, tmp_path):
    r = cli("missing.txt", *NO_GRAMMAR, "--format", "github")
    assert r.returncode == 2
    assert annotations(r.stdout) == ["::error file=missing.txt,title=followup-lint::missing.txt: no such file or folder"]


@pytest.mark.parametrize("actions, expected", [("true", "::warning file=a.txt,"), (None, "a.txt:3:35: slang")])
def test_format_auto_picks_github_inside_actions(cli, tmp_path, actions, expected):
    write(tmp_path, "a.txt", DRAFT)
    env = {"GITHUB_ACTIONS": actions} if actions else None
    r = cli("a.txt", *NO_GRAMMAR, "--select", "slang", "--format", "auto", env=env)
    assert r.stdout.decode().startswith(expected)
