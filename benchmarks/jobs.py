"""--jobs scaling without grammar: throughput of --jobs 2 and of the default against --jobs 1, in one run.

Usage: python benchmarks/jobs.py [--sizes 10,30,100,300,1000] [--repeat 3]

The model is loaded once in this process first (as the engine holds it, and as a run has it once it is
loaded), then each size is linted with --jobs 1, --jobs 2 and the default (the cores available),
interleaved, median of --repeat; so the ratios are of the linting itself. Workers are forked after the
model is loaded; the peak resident and unique (not shared with the parent) memory of each worker is
sampled with psutil. Bars: --jobs 2 >= 1.8x --jobs 1 at 1,000 drafts; the default never slower than
--jobs 1 (within 5% for noise) at any size.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).parent))
import corpus  # noqa: E402

from followup_lint.runner import default_jobs, lint_paths  # noqa: E402


class Sampler:
    """Peak RSS and USS of this process's children (the workers) while linting."""

    def __init__(self) -> None:
        self.rss: dict[int, int] = {}
        self.uss: dict[int, int] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        me = psutil.Process()
        while not self.stop.is_set():
            for child in me.children():
                try:
                    info = child.memory_full_info()
                except psutil.Error:
                    continue
                self.rss[child.pid] = max(self.rss.get(child.pid, 0), info.rss)
                self.uss[child.pid] = max(self.uss.get(child.pid, 0), info.uss)
            time.sleep(0.05)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


CPU: dict[str, list[float]] = {}  # mode -> CPU seconds (this process and its workers) per run


def run(files: list[str], jobs: int | None) -> float:
    t, before = time.perf_counter(), os.times()
    report = lint_paths(files, ignore=("grammar",), jobs=jobs)
    wall, after = time.perf_counter() - t, os.times()
    assert len(report.files) == len(files)
    CPU.setdefault(str(jobs), []).append(sum(after[k] - before[k] for k in range(4)))  # user, system, children's
    return wall


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10,30,100,300,1000")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    tmp = Path(tempfile.mkdtemp(prefix="followup-jobs-"))
    paths = [str(p) for p in corpus.write(tmp, max(sizes))]
    run(paths[:20], 1)  # loads the model and fills the rules' caches
    print(f"{default_jobs()} cores available (the default --jobs); load average {os.getloadavg()[0]:.1f}; "
          f"median of {args.repeat}, seconds of linting")
    print(f"{'drafts':>7}{'jobs 1':>9}{'jobs 2':>9}{'default':>9}{'2 vs 1':>9}{'dflt vs 1':>10}")
    ok = True
    for n in sizes:
        times: dict[str, list[float]] = {"1": [], "2": [], "default": []}
        for _ in range(args.repeat):
            for key, jobs in (("1", 1), ("2", 2), ("default", None)):
                times[key].append(run(paths[:n], jobs))
        med = {k: statistics.median(v) for k, v in times.items()}
        if n != max(sizes):
            CPU.clear()
        two, dflt = med["1"] / med["2"], med["1"] / med["default"]
        ok &= dflt >= 0.95 and (n < 1000 or two >= 1.8)
        print(f"{n:>7}{med['1']:>9.3f}{med['2']:>9.3f}{med['default']:>9.3f}{two:>8.2f}x{dflt:>9.2f}x")
    cpu1, cpu2 = statistics.median(CPU["1"][-args.repeat:]), statistics.median(CPU["2"][-args.repeat:])
    print(f"CPU seconds at {max(sizes)} drafts: jobs 1 {cpu1:.2f}, jobs 2 {cpu2:.2f} ({cpu2 / cpu1:.2f}x: the cost "
          f"of forking and passing results); load average now {os.getloadavg()[0]:.1f}")
    with Sampler() as sampler:
        run(paths[:max(sizes)], 2)
    parent = psutil.Process().memory_info().rss
    for pid in sampler.rss:
        print(f"worker {pid}: peak RSS {sampler.rss[pid] / 2**20:.0f} MiB, of which unique (USS) "
              f"{sampler.uss[pid] / 2**20:.0f} MiB; the parent holding the model: {parent / 2**20:.0f} MiB RSS")
    print("bars (jobs 2 >= 1.8x at 1000; default >= 0.95x of jobs 1 at every size):", "met" if ok else "NOT met")
    shutil.rmtree(tmp)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
