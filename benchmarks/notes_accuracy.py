"""Precision and recall of the notes rules, at draft level, on the labelled drafts in tests/data/notes_cases.

Usage: python benchmarks/notes_accuracy.py [CASES_DIR] [--show-errors]

Each case is a draft whose front matter holds its notes, its send `date`, and `expect: [rule ids]`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from followup_lint.draft import read
from followup_lint.linter import Linter
from followup_lint.rule import load_rules

RULES = tuple(sorted(r.id for r in load_rules().values() if "notes" in r.tags))
DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "notes_cases"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cases", nargs="?", default=str(DEFAULT))
    ap.add_argument("--show-errors", action="store_true", help="list each false positive / negative")
    args = ap.parse_args()
    drafts = [read(str(p)) for p in sorted(Path(args.cases).glob("*.txt"))]
    results = Linter(select=RULES).lint(drafts).diagnostics
    print(f"{len(drafts)} drafts in {args.cases}")
    print(f"{'rule':<20}{'TP':>4}{'FP':>4}{'FN':>4}{'TN':>4}{'precision':>11}{'recall':>8}")
    for rule in RULES:
        tp = fp = fn = tn = 0
        for draft, diags in zip(drafts, results):
            expected = rule in (draft.meta.get("expect") or [])
            got = [d for d in diags if d.rule == rule]
            tp, fp, fn, tn = tp + (expected and bool(got)), fp + (bool(got) and not expected), \
                fn + (expected and not got), tn + (not expected and not got)
            if args.show_errors and bool(got) != expected:
                what = [(d.text, d.message) for d in got] if got else "nothing"
                print(f"  {'FP' if got else 'FN'} {rule} {Path(draft.path).name}: {what}")
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        print(f"{rule:<20}{tp:>4}{fp:>4}{fn:>4}{tn:>4}{p:>11.2f}{r:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
