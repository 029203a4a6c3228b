"""Draft-level scoring of labelled corpora (the labelling conventions of benchmarks/data/README.md).

A rule is right on a draft when it reports something exactly when the label is non-empty / true.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

# corpus label -> the rules that report it
LABELS = {
    "LENGTH": ("too-long",), "SENTENCES": ("too-many-sentences",), "GENERIC": ("generic-phrase",),
    "NO_NAME": ("missing-name",), "NO_SPECIFIC": ("no-specific-reference",), "CASUAL": ("casual-tone",),
    "SLANG": ("slang",), "GRAMMAR": ("grammar", "comma-splice", "subject-verb-agreement"), "PLACEHOLDER": ("placeholder",),
}
LABELLED_RULES = {rule for rules in LABELS.values() for rule in rules}


def load(path: str | Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def clean(row: dict) -> bool:
    return not any(row["labels"].values())


@dataclass
class Score:
    label: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score(rows: list[dict], results: list[list], labels=LABELS) -> tuple[list[Score], list[tuple[str, list]]]:
    """(per-label scores, clean drafts that got a warning or error from any rule)."""
    table = []
    for label, rules in labels.items():
        s = Score(label)
        for row, diags in zip(rows, results):
            expected = bool(row["labels"].get(label))
            got = any(d.rule in rules for d in diags)
            s.tp += expected and got
            s.fp += got and not expected
            s.fn += expected and not got
            s.tn += not expected and not got
        table.append(s)
    alarms = [(row["id"], [d for d in diags if d.severity != "info"])
              for row, diags in zip(rows, results) if clean(row)]
    return table, [(rid, found) for rid, found in alarms if found]
