"""The test part of the labelled corpus (benchmarks/data/test.jsonl, never read while tuning the rules):
each rule is held to the accuracy bar, or, where it does not reach the bar yet, to the figure it reached
(README "Accuracy"), so that a change that makes it worse fails."""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT

from followup_lint.draft import from_text
from followup_lint.linter import Linter
from followup_lint.stats import readiness

sys.path.insert(0, str(ROOT / "benchmarks"))
import accuracy  # noqa: E402
import scoring  # noqa: E402

CORPUS = ROOT / "benchmarks" / "data" / "test.jsonl"
BAR = (0.90, 0.85)  # draft-level precision and recall of a content rule
GRAMMAR_BAR = (0.85, 0.60)
# below the bar on the test part: the figures reached, not to fall under (README "Accuracy")
REACHED = {"NO_SPECIFIC": (0.89, 0.81), "CASUAL": (0.88, 0.85), "GRAMMAR": (0.80, 0.75)}


@pytest.fixture(scope="module")
def scored():
    rows = scoring.load(CORPUS)
    result = Linter().lint([from_text(r["id"], r["text"]) for r in rows])
    assert not result.unavailable, result.unavailable
    return rows, result.diagnostics


@pytest.mark.parametrize("label", list(scoring.LABELS))
def test_rule_keeps_its_bar_on_the_test_part(scored, label):
    (score,), _ = scoring.score(*scored, {label: scoring.LABELS[label]})
    precision, recall = REACHED.get(label) or (GRAMMAR_BAR if label == "GRAMMAR" else BAR)
    assert score.precision >= precision and score.recall >= recall, score


def test_few_clean_drafts_get_a_warning(scored):
    rows, results = scored
    _, alarms = scoring.score(rows, results)
    assert len(alarms) <= 3, [rid for rid, _ in alarms]  # bar: 1 in 20 (2 of 42); reached: 3 of 42


def test_readiness_ranks_clean_drafts_above_flawed_ones(scored):
    rows, results = scored
    scores = [readiness(diags)["score"] for diags in results]
    clean = [s for s, r in zip(scores, rows) if scoring.clean(r)]
    flawed = [s for s, r in zip(scores, rows) if not scoring.clean(r)]
    assert accuracy.auc(clean, flawed) >= 0.9
