"""Whole-process speed of followup-lint, as ratios against a bare engine or a comparable tool, in one run.

Usage: python benchmarks/speed.py [--drafts 500] [--repeat 5]
       (proselint for bar 3: `pip install proselint` into the venv; it is no dependency of ours)

1. batch: `followup-lint --no-server --jobs 1 --ignore grammar DIR` over N drafts vs a bare script that
   loads the same model and runs `nlp.pipe` over the same texts (bar: <= 1.25x).
2. cold: `followup-lint --no-server --ignore grammar draft.txt` vs `import spacy; spacy.load(MODEL)`
   (bar: <= 1.3x).
3. warm engine: `followup-lint draft.txt` (all rules, grammar too) with the engine and its LanguageTool
   running vs a cold `proselint check draft.txt` (bar: <= 2x). The draft is the corpus draft nearest
   to 150 words. Also shown: the same without the engine (--no-server, LanguageTool warm).
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

from followup_lint import engine  # noqa: E402
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


def compare(label: str, ours: list[str], other: list[str], repeat: int, bar: float | None) -> bool:
    timed(ours), timed(other)  # warm the file cache
    a, b = [], []
    for _ in range(repeat):
        a.append(timed(ours))
        b.append(timed(other))
    ma, mb = statistics.median(a), statistics.median(b)
    ok = bar is None or ma / mb <= bar
    verdict = f"(bar {bar}x: {'met' if ok else 'NOT met'})" if bar else ""
    print(f"{label:<44}{ma:>8.3f}s{mb:>8.3f}s{ma / mb:>8.2f}x  {verdict}")
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--drafts", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    bindir = Path(sys.executable).parent
    exe = str(bindir / "followup-lint")
    model = model_name()
    tmp = Path(tempfile.mkdtemp(prefix="followup-bench-"))
    paths = corpus.write(tmp / "drafts", args.drafts)
    one = min(paths, key=lambda p: abs(len(p.read_text(encoding="utf-8").split()) - 150))
    bare_batch = (
        "import sys, spacy\n"
        f"nlp = spacy.load({model!r})\n"
        "texts = [open(p, encoding='utf-8').read() for p in sys.argv[1:]]\n"
        "for doc in nlp.pipe(texts): pass\n"
    )
    print(f"model {model}; {args.drafts} drafts; single draft {one.name} ({len(one.read_text().split())} words); "
          f"median of {args.repeat}")
    print(f"{'':<44}{'ours':>9}{'other':>9}{'ratio':>9}")
    ok = compare(f"batch ({args.drafts} drafts, no grammar, --jobs 1)",
                 [exe, "--no-server", "--jobs", "1", "--ignore", "grammar", str(tmp / "drafts")],
                 [sys.executable, "-c", bare_batch, *map(str, paths)], args.repeat, 1.25)
    ok &= compare("cold single draft, no grammar vs spacy.load", [exe, "--no-server", "--ignore", "grammar", str(one)],
                  [sys.executable, "-c", f"import spacy; spacy.load({model!r})"], args.repeat, 1.3)
    proselint = shutil.which("proselint", path=str(bindir)) or shutil.which("proselint")
    try:
        started = time.perf_counter()
        engine.ensure()
        subprocess.run([exe, str(one)], stdout=subprocess.DEVNULL)  # starts LanguageTool in the engine
        print(f"engine and LanguageTool ready in {time.perf_counter() - started:.1f}s (0 if they were running)")
        if proselint:
            ok &= compare("warm engine, all rules vs cold proselint", [exe, str(one)],
                          [proselint, "check", str(one)], args.repeat, 2.0)
            compare("warm engine, no grammar vs cold proselint", [exe, "--ignore", "grammar", str(one)],
                    [proselint, "check", str(one)], args.repeat, None)
        else:
            print("proselint not installed: `pip install proselint` for the warm-engine bar")
        compare("no engine (LanguageTool warm) vs warm engine", [exe, "--no-server", str(one)], [exe, str(one)],
                args.repeat, None)
        print(engine.status())
    except engine.EngineUnavailable as exc:
        print(f"warm engine runs skipped: {exc}")
    shutil.rmtree(tmp)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
