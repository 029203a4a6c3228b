"""Precision and recall per rule, at draft level, on a labelled JSONL corpus; readiness ROC AUC.

Usage: python benchmarks/accuracy.py CORPUS.jsonl... [--ignore grammar] [--show-errors]

Each line: {"id", "text", "labels": {LABEL: bool | [substrings]}} (benchmarks/data/README.md). A rule
is right on a draft when it reports something exactly when the label is non-empty / true. A clean
draft (no label set) should get no warning or error from any rule. `--show-errors` lists each miss
and false alarm: use it on the tuning part only.
"""

from __future__ import annotations

import argparse
import sys

import scoring

from followup_lint.draft import from_text
from followup_lint.linter import Linter
from followup_lint.stats import readiness


def auc(clean: list[float], flawed: list[float]) -> float:
    """How often a clean draft scores above a flawed one (ties count half): ROC AUC."""
    if not clean or not flawed:
        return float("nan")
    wins = sum((c > f) + 0.5 * (c == f) for c in clean for f in flawed)
    return wins / (len(clean) * len(flawed))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("--ignore", action="append", default=[], help="rule ids to leave out")
    ap.add_argument("--show-errors", action="store_true", help="list each false alarm and miss (tuning part only)")
    args = ap.parse_args()
    rows = [row for path in args.corpus for row in scoring.load(path)]
    linter = Linter(ignore=tuple(args.ignore))
    result = linter.lint([from_text(r["id"], r["text"]) for r in rows])
    for rule, reason in result.unavailable.items():
        print(f"warning: {rule} unavailable: {reason}", file=sys.stderr)
    active = {r.id for r in linter.enabled} - set(result.unavailable)
    labels = {k: v for k, v in scoring.LABELS.items() if set(v) & active}
    table, alarms = scoring.score(rows, result.diagnostics, labels)
    n_clean = sum(scoring.clean(r) for r in rows)
    print(f"{len(rows)} drafts ({n_clean} clean) from {', '.join(args.corpus)}")
    print(f"{'label':<12}{'rules':<34}{'TP':>4}{'FP':>4}{'FN':>4}{'TN':>4}{'precision':>11}{'recall':>8}")
    for s in table:
        print(f"{s.label:<12}{', '.join(labels[s.label]):<34}{s.tp:>4}{s.fp:>4}{s.fn:>4}{s.tn:>4}"
              f"{s.precision:>11.2f}{s.recall:>8.2f}")
    print(f"clean drafts with a warning or error: {len(alarms)} of {n_clean}")
    scores = [readiness(diags)["score"] for diags in result.diagnostics]
    print(f"readiness ROC AUC (clean above flawed): "
          f"{auc([s for s, r in zip(scores, rows) if scoring.clean(r)], [s for s, r in zip(scores, rows) if not scoring.clean(r)]):.3f}")
    if args.show_errors:
        for s in table:
            for row, diags in zip(rows, result.diagnostics):
                expected = row["labels"].get(s.label)
                got = [d for d in diags if d.rule in labels[s.label]]
                if got and not expected:
                    print(f"FP {s.label} {row['id']}: {[d.text for d in got]}")
                elif expected and not got:
                    print(f"FN {s.label} {row['id']}: {expected}")
        for rid, found in alarms:
            print(f"ALARM {rid}: {[(d.rule, d.text) for d in found]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
