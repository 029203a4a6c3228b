"""The labelled corpus (benchmarks/data/own_cases.jsonl): every content rule keeps the bar, draft-level
precision >= 0.9 and recall >= 0.85, and clean drafts get no warning or error."""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT

from followup_lint.draft import from_text

sys.path.insert(0, str(ROOT / "benchmarks"))
import scoring  # noqa: E402

CORPUS = ROOT / "benchmarks" / "data" / "own_cases.jsonl"
CONTENT = [label for label in scoring.LABELS if label != "GRAMMAR"]  # grammar: tests/test_grammar.py


@pytest.fixture(scope="module")
def scored(linter):
    rows = scoring.load(CORPUS)
    results = linter.lint([from_text(r["id"], r["text"]) for r in rows]).diagnostics
    return rows, results


@pytest.mark.parametrize("label", CONTENT)
def test_rule_meets_the_bar(scored, label):
    table, _ = scoring.score(*scored, {label: scoring.LABELS[label]})
    assert table[0].precision >= 0.9 and table[0].recall >= 0.85, table[0]


def test_clean_drafts_get_no_content_finding(scored):
    rows, results = scored
    flagged = {r["id"]: [(d.rule, d.text) for d in diags if d.rule in scoring.LABELLED_RULES]
               for r, diags in zip(rows, results) if scoring.clean(r)}
    assert not {k: v for k, v in flagged.items() if v}
