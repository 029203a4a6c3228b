"""Whole-process speed of followup-lint against the bare engine (spaCy), as ratios, in one run.

Usage: python benchmarks/speed.py [--drafts 500] [--repeat 3]

1. batch: `followup-lint --ignore grammar DIR` over N drafts vs a bare script that loads the same
   model and runs `nlp.pipe` over the same texts (bar: <= 1.25x).
2. cold: `followup-lint --ignore grammar draft.txt` vs `import spacy; spacy.load(MODEL)` (bar: <= 1.3x).
3. warm grammar: `followup-lint draft.txt` with the LanguageTool server already running vs the cold
   run without grammar of 2. (bar: <= 1.3x); skipped when LanguageTool is not installed.
Each command runs --repeat times, interleaved; the median wall time is used.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import corpus  # noqa: E402

from followup_lint.nlp import DEFAULT_MODEL, FALLBACK_MODEL  # noqa: E402


def model_name() -> str:
    import importlib.util

    return DEFAULT_MODEL if importlib.util.find_spec(DEFAULT_MODEL) else FALLBACK_MODEL


def timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t
    if r.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd[:4])}... failed ({r.returncode}): {r.stderr.decode()[-400:]}")
    return elapsed


def compare(label: str, ours: list[str], bare: list[str], repeat: int, bar: float) -> bool:
    timed(ours), timed(bare)  # warm the file cache
    a, b = [], []
    for _ in range(repeat):
        a.append(timed(ours))
        b.append(timed(bare))
    ma, mb = statistics.median(a), statistics.median(b)
    ok = ma / mb <= bar
    print(f"{label:<34}{ma:>9.2f}s{mb:>9.2f}s{ma / mb:>8.2f}x  (bar {bar}x: {'met' if ok else 'NOT met'})")
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--drafts", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    exe = shutil.which("followup-lint") or str(Path(sys.executable).parent / "followup-lint")
    model = model_name()
    tmp = Path(tempfile.mkdtemp(prefix="followup-bench-"))
    paths = corpus.write(tmp / "drafts", args.drafts)
    bare_batch = (
        "import sys, spacy\n"
        f"nlp = spacy.load({model!r})\n"
        "texts = [open(p, encoding='utf-8').read() for p in sys.argv[1:]]\n"
        "for doc in nlp.pipe(texts): pass\n"
    )
    print(f"model {model}; {args.drafts} drafts; median of {args.repeat}")
    print(f"{'':<34}{'ours':>10}{'bare':>10}{'ratio':>9}")
    ok = compare(f"batch ({args.drafts} drafts, no grammar)", [exe, "--ignore", "grammar", str(tmp / "drafts")],
                 [sys.executable, "-c", bare_batch, *map(str, paths)], args.repeat, 1.25)
    ok &= compare("cold single draft, no grammar", [exe, "--ignore", "grammar", str(paths[0])],
                  [sys.executable, "-c", f"import spacy; spacy.load({model!r})"], args.repeat, 1.3)
    from followup_lint.grammar import server

    try:
        started = time.perf_counter()
        server.ensure()
        print(f"LanguageTool server ready in {time.perf_counter() - started:.1f}s (0 if it was running)")
        ok &= compare("warm single draft, with grammar", [exe, str(paths[0])],
                      [exe, "--ignore", "grammar", str(paths[0])], args.repeat, 1.3)
        print(server.status())
    except Exception as exc:  # not provisioned: say so, the other figures still stand
        print(f"warm grammar run skipped: {exc}")
    shutil.rmtree(tmp)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
