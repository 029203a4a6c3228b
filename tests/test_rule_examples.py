"""Every rule's good and bad examples run as tests; a rule without both fails."""

from __future__ import annotations

import pytest

from followup_lint.draft import from_text
from followup_lint.linter import Linter
from followup_lint.rule import load_rules

RULES = load_rules()
CASES = [
    pytest.param(rule_id, side, n, text, id=f"{rule_id}-{side}-{n}")
    for rule_id, rule in sorted(RULES.items())
    for side in ("good", "bad")
    for n, text in enumerate(rule.examples.get(side, []))
]


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_has_examples(rule_id):
    rule = RULES[rule_id]
    assert rule.examples.get("good"), f"{rule.path}: no good example"
    assert rule.examples.get("bad"), f"{rule.path}: no bad example"


@pytest.mark.parametrize("rule_id,side,n,text", CASES)
def test_example(rule_id, side, n, text):
    linter = Linter(select=(rule_id,))
    texts = text if isinstance(text, list) else [text]  # a list is one batch (panel-duplicate)
    drafts = [from_text(f"{rule_id}-{side}-{n}-{k}.txt", t) for k, t in enumerate(texts)]
    found = [d for diags in linter.lint(drafts) for d in diags if d.rule == rule_id]
    assert not linter.unavailable, linter.unavailable
    if side == "bad":
        assert found, f"bad example {n} of {rule_id} gives no finding"
    else:
        assert not found, f"good example {n} of {rule_id} gives {[(d.text, d.message) for d in found]}"
