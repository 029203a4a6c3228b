"""Every rule's examples run as tests: a good example gives no finding of its rule; a bad one gives
exactly the findings it lists (line, column and text) and, when it says so, the text after --fix."""

from __future__ import annotations

import pytest

from followup_lint.draft import from_text
from followup_lint.fix import apply
from followup_lint.linter import Linter
from followup_lint.rule import load_rules

RULES = load_rules()
CASES = [
    pytest.param(rule_id, example, id=f"{rule_id}-{side}-{n}")
    for rule_id, rule in sorted(RULES.items())
    for side in ("good", "bad")
    for n, example in enumerate(rule.examples.get(side, []), 1)
]


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_has_examples(rule_id):
    rule = RULES[rule_id]
    assert rule.examples.get("good"), f"{rule.path}: no good example"
    assert rule.examples.get("bad"), f"{rule.path}: no bad example"


def shown(diag) -> str:
    return f"{diag.line}:{diag.column} {' '.join(diag.text.split())}"


def same(expected: str, got: str) -> bool:
    """A listed text ending in "…" stands for any text that starts with it."""
    return got.startswith(expected[:-1]) if expected.endswith("…") else got == expected


@pytest.mark.parametrize("rule_id,example", CASES)
def test_example(rule_id, example):
    linter = Linter(select=(rule_id,), overrides={rule_id: example.options} if example.options else {})
    drafts = [from_text(f"{rule_id}-{k}.txt", text) for k, text in enumerate(example.drafts)]
    result = linter.lint(drafts)
    assert not result.unavailable, result.unavailable
    for draft, expected, diags in zip(drafts, example.flagged, result.diagnostics):
        got = [shown(d) for d in diags if d.rule == rule_id]
        assert len(got) == len(expected) and all(map(same, expected, got)), f"{draft.path}: flagged {got}"
    if example.fixed is not None:
        fixed, _ = apply(drafts[0].source, result.diagnostics[0])
        assert fixed == example.fixed
