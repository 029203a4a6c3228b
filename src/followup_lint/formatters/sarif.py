"""SARIF 2.1.0 log (one run): every rule's metadata, each finding as a result, safe fixes as `fixes`."""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path
from urllib.parse import quote

from ..report import unavailable_line

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"


def _version() -> str:
    try:
        return metadata.version("followup-lint")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def artifact(path: str) -> dict:
    """A repository-relative URI when the file is under the working folder (what code scanning needs)."""
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            return {"uri": p.as_uri()}
    return {"uri": quote(p.as_posix()), "uriBaseId": SRCROOT}


def _region(d) -> dict:
    return {"startLine": d.line, "startColumn": d.column, "endLine": d.end_line, "endColumn": d.end_column}


def _pascal(rule_id: str) -> str:
    return "".join(w.capitalize() for w in re.split(r"[^A-Za-z0-9]+", rule_id) if w)


def _rule(rule) -> dict:
    out = {
        "id": rule.id,
        "name": _pascal(rule.id),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.description},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": list(rule.tags)},
    }
    if rule.guidance:
        out["help"] = {"text": rule.guidance}
    return out


def _result(d, index: dict[str, int]) -> dict:
    location = {"physicalLocation": {"artifactLocation": artifact(d.path), "region": _region(d)}}
    out = {"ruleId": d.rule, "level": LEVELS[d.severity], "message": {"text": d.message}, "locations": [location]}
    if d.rule in index:
        out["ruleIndex"] = index[d.rule]
    if d.fix:
        out["fixes"] = [{
            "description": {"text": f"Replace with \u201c{d.suggestions[0]}\u201d"},
            "artifactChanges": [{
                "artifactLocation": artifact(d.path),
                "replacements": [{"deletedRegion": _region(d), "insertedContent": {"text": d.suggestions[0]}}],
            }],
        }]
    props = {"text": d.text, **({"suggestions": list(d.suggestions)} if d.suggestions else {}), **dict(d.extra)}
    out["properties"] = props
    return out


def log(report) -> dict:
    rules = [report.rules[r] for r in sorted(report.rules)]
    index = {r.id: i for i, r in enumerate(rules)}
    # input errors and checks that could not run are the tool's own notifications, not results
    notes = [{"level": "error", "message": {"text": f.error}} for f in report.files if f.error]
    notes += [{"level": "error", "message": {"text": unavailable_line(rid, why)},
               "associatedRule": {"id": rid}} for rid, why in report.unavailable.items()]
    code = report.exit_code()
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "followup-lint", "version": _version(), "rules": [_rule(r) for r in rules]}},
            "invocations": [{"executionSuccessful": code in (0, 1), "exitCode": code,
                             "toolExecutionNotifications": notes}],
            "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
            "columnKind": "unicodeCodePoints",  # our columns count code points, SARIF's default is UTF-16
            "results": [_result(d, index) for d in report.diagnostics],
        }],
    }


def render(report, stream, color: bool) -> None:
    json.dump(log(report), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
