"""`--stats`: words and sentences against their budgets, reading grade, questions, days since the
interview, and a readiness score whose every deduction is listed (docs/stats.md)."""

from __future__ import annotations

from typing import Any, Mapping


START = 100
POINTS = {"error": 15, "warning": 8, "info": 3}  # per finding, by the severity it was reported with
PER_RULE = 2  # a rule deducts for at most this many findings: ten slang words are one problem, not ten


def compute(draft, diagnostics, linter, notes: Mapping[str, Any] | None = None,
            unavailable: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The stats object of one linted draft (the JSON `stats` field; the text format prints it too)."""
    from . import nlp as nlp_mod
    from .readability import grade

    if draft.doc is None:  # no enabled rule needed spaCy, but sentences are counted the rules' way
        nlp_mod.parse(nlp_mod.load(linter.config.model), [draft])
    budgets = _budgets(linter)
    sentences = draft.sentences
    return {
        "words": {"count": len(draft.words), "max": budgets.get("words")},
        "sentences": {"count": len(sentences), "max": budgets.get("sentences")},
        "grade": grade(draft.part("body")),
        "questions": sum(1 for s, e in sentences if draft.text[s:e].rstrip().rstrip("\"'”’)").endswith("?")),
        "interview": interview(draft, notes),
        "readiness": readiness(diagnostics, unavailable),
    }


def _budgets(linter) -> dict[str, int]:
    """The `max` of each metric rule (too-long, too-many-sentences), with config overrides; enabled rules win."""
    out: dict[str, int] = {}
    enabled = {r.id for r in linter.enabled}
    for rule in sorted(linter.rules.values(), key=lambda r: r.id in enabled):
        if rule.kind == "metric":
            options = linter.options(rule)
            out[options["metric"]] = options["max"]
    return out


def readiness(diagnostics, unavailable: Mapping[str, str] | None = None) -> dict[str, Any]:
    """100 minus POINTS per finding, at most PER_RULE findings counted per rule; never below 0."""
    by_rule: dict[str, list] = {}
    for d in diagnostics:
        by_rule.setdefault(d.rule, []).append(d)
    deductions = []
    for rule_id, found in sorted(by_rule.items()):
        worst = sorted(found, key=lambda d: -POINTS[d.severity])[:PER_RULE]
        deductions.append({
            "rule": rule_id, "severity": worst[0].severity, "findings": len(found), "counted": len(worst),
            "points": sum(POINTS[d.severity] for d in worst),
        })
    deductions.sort(key=lambda x: (-x["points"], x["rule"]))
    score = max(0, START - sum(x["points"] for x in deductions))
    return {"score": score, "start": START, "deductions": deductions, "not_checked": sorted(unavailable or {})}


def interview(draft, notes: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Time from `interview_date` (notes, front matter) to the send time (--date, the draft's Date, now),
    measured as the `follow-up-timing` rule measures it."""
    from .notes import NotesError, gap, parse_date, send_time

    raw = (notes or {}).get("interview_date") or draft.meta.get("interview_date")
    if raw is None:
        return None
    try:
        when = parse_date(raw, "interview_date")
    except NotesError as exc:
        return {"date": str(raw), "error": str(exc)}
    now = send_time(draft, notes)
    amount, unit = gap(when, now)
    out = {"date": when.isoformat(), "as_of": now.isoformat(), "days": round(amount / 24 if unit == "hours" else amount, 1)}
    if unit == "hours":
        out["hours"] = round(amount, 1)
    return out
