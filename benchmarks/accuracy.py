"""Precision and recall per rule, at draft level, on a labelled JSONL corpus.

Usage: python benchmarks/accuracy.py CORPUS [--ignore grammar] [--show-errors]

Each line: {"id", "text", "labels": {LABEL: bool | [substrings]}}. A rule is right on a draft when
it reports something exactly when the label is non-empty / true. Clean drafts (no label set) must
get no finding at all.
"""

from __future__ import annotations

import argparse
import json
import sys

from followup_lint.draft import from_text
from followup_lint.linter import Linter

LABELS = {
    "LENGTH": "too-long", "SENTENCES": "too-many-sentences", "GENERIC": "generic-phrase",
    "NO_NAME": "missing-name", "NO_SPECIFIC": "no-specific-reference", "CASUAL": "casual-tone",
    "SLANG": "slang", "GRAMMAR": "grammar", "PLACEHOLDER": "placeholder",
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--ignore", action="append", default=[], help="rule ids to leave out")
    ap.add_argument("--show-errors", action="store_true", help="list each false positive / negative")
    args = ap.parse_args()
    rows = [json.loads(line) for line in open(args.corpus, encoding="utf-8") if line.strip()]
    linter = Linter(ignore=tuple(args.ignore))
    drafts = [from_text(r["id"], r["text"]) for r in rows]
    results = linter.lint(drafts)
    if linter.unavailable:
        for rule, reason in linter.unavailable.items():
            print(f"warning: {rule} unavailable: {reason}", file=sys.stderr)
    active = {r.id for r in linter.enabled} - set(linter.unavailable)
    table = []
    clean_hit = []
    for label, rule in LABELS.items():
        if rule not in active:
            continue
        tp = fp = fn = tn = 0
        for row, diags in zip(rows, results):
            expected = bool(row["labels"].get(label))
            got = [d for d in diags if d.rule == rule]
            if expected and got:
                tp += 1
            elif got:
                fp += 1
                if args.show_errors:
                    print(f"FP {rule} {row['id']}: {[d.text for d in got]}")
            elif expected:
                fn += 1
                if args.show_errors:
                    print(f"FN {rule} {row['id']}: expected {row['labels'][label]}")
            else:
                tn += 1
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        table.append((rule, tp, fp, fn, tn, p, r))
    for row, diags in zip(rows, results):
        if not any(row["labels"].values()):
            own = [d for d in diags if d.rule in active]
            if own:
                clean_hit.append((row["id"], [(d.rule, d.text) for d in own]))
    print(f"{'rule':<24}{'TP':>4}{'FP':>4}{'FN':>4}{'TN':>4}{'precision':>11}{'recall':>8}")
    for rule, tp, fp, fn, tn, p, r in table:
        print(f"{rule:<24}{tp:>4}{fp:>4}{fn:>4}{tn:>4}{p:>11.2f}{r:>8.2f}")
    n_clean = sum(1 for row in rows if not any(row["labels"].values()))
    print(f"clean drafts with a finding: {len(clean_hit)} of {n_clean}")
    for rid, found in clean_hit:
        print(f"  {rid}: {found}")
    ok = all(p >= 0.9 and r >= 0.85 for *_, p, r in table) and not clean_hit
    print("bar (precision >= 0.90, recall >= 0.85, no clean draft flagged):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
