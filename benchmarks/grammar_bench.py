"""Grammar check overhead: followup-lint's grammar check vs raw HTTP to the same server.

    python benchmarks/grammar_bench.py [--drafts 240] [--rounds 5]

Starts its own managed LanguageTool server in a temporary cache folder (the
installed jars are shared through a symlink; run `python -m
followup_lint.grammar.provision` first), so the timing of a cold start is
real and the user's server is left alone; stops it at the end.

Generates varied drafts (greetings, bodies with and without mistakes, emoji,
sign-offs, signatures), parses them once (parsing is the engine's cost, not
grammar's), and times in the same run, against the same server, with the
same request parameters:

  raw-seq      requests.post(/v2/check) per text, one after another
  flint-seq    checks.grammar.check(ctx) per draft, one after another
  flint-batch  checks.grammar.check_batch(ctxs): 2 worker threads

LanguageTool caches results (cacheSize), so a first pass fills the cache and
two more warm the JIT; every measured pass then sees the same warm server.
For the sequential ratio each draft is sent raw and through followup-lint
back to back, in alternating order, so load on the machine hits both alike;
the median over --rounds is reported.
Pass: flint-seq / raw-seq <= 1.15 and flint-batch < raw-seq.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

GREETINGS = ["Hi {n},", "Dear {n},", "Hello {n},", "Dear Ms. {n},", "Hi {n} —", "Good morning {n},"]
NAMES = ["Priya", "Dana", "Mr. Okafor", "Sam", "Lena", "Jordan", "Chen", "Mateo", "Aisha", "Tomás"]
GOOD = [
    "Thank you for meeting with me yesterday.",
    "I enjoyed learning how your team plans the spring release.",
    "The walkthrough of the loyalty app was especially helpful.",
    "I am excited about the chance to help the kitchen scale its catering orders.",
    "Our conversation about on-call rotations gave me a clear picture of the role.",
    "Please let me know if you need anything else from me.",
    "I look forward to hearing from you about the next steps.",
    "It was great to see how the warehouse tracks inventory in real time.",
    "Thanks again for introducing me to the analytics team.",
    "I have attached the writing sample we discussed.",
]
BAD = [
    "I look forward possibility of working together.",
    "One of this common mistake is be overly aggressive.",
    "The bakery keeps it's ovens running all night.",
    "I also think their is room to grow the catering side.",
    "Thanks for the the tour of the office.",
    "I recieved the schedule this morning.",
    "She have three projects that needs attention.",
    "The reports is ready for review.",
    "I definately want to join the team.",
    "Me and my manager was impressed by the demo.",
]
EMOJI = ["", "", "", " 😀", " 🎉", " 🙂"]
SIGNOFFS = ["Best regards,", "Thanks,", "Sincerely,", "Best,", "Kind regards,"]
SIGNERS = [
    ["Sam Ortiz"],
    ["Jordan Mbeki", "jordan.mbeki@example.com"],
    ["Lena Park", "+1 (415) 555-0134"],
    ["Siobhan Ferreira-Quispe", "siobhan.fq@example.com", "+44 20 7946 0958"],
]


def make_drafts(n: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        paras = []
        for _ in range(rng.randint(1, 3)):
            k = rng.randint(2, 5)
            sents = rng.sample(GOOD, k - 1) + [rng.choice(BAD if rng.random() < 0.6 else GOOD)]
            rng.shuffle(sents)
            sents[-1] = sents[-1] + rng.choice(EMOJI)
            paras.append(" ".join(sents))
        subject = f"Subject: Thank you for {rng.choice(['today', 'the interview', 'your time', 'the tour'])} #{i}\n\n"
        text = (
            (subject if rng.random() < 0.7 else "")
            + rng.choice(GREETINGS).format(n=rng.choice(NAMES))
            + "\n\n" + "\n\n".join(paras) + f" (ref {i})\n\n"
            + rng.choice(SIGNOFFS) + "\n" + "\n".join(rng.choice(SIGNERS)) + "\n"
        )
        out.append(text)
    return out


class Ctx:
    def __init__(self, draft, options):
        self.draft, self.options = draft, options


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--drafts", type=int, default=240)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()

    import requests

    from followup_lint.checks import grammar as check_mod
    from followup_lint.draft import from_text
    from followup_lint.grammar import install_dir, is_installed
    from followup_lint.grammar import client as lt
    from followup_lint.grammar import matches
    from followup_lint.grammar import server
    from followup_lint.rule import load_file

    if not is_installed():
        print("LanguageTool is not installed; run `python -m followup_lint.grammar.provision`", file=sys.stderr)
        return 2
    real_install = install_dir()
    tmp = Path(tempfile.mkdtemp(prefix="flint-bench-"))
    (tmp / real_install.name).symlink_to(real_install)
    os.environ["FOLLOWUP_LINT_CACHE"] = str(tmp)
    try:
        t0 = time.monotonic()
        state = server.start(idle_timeout=300)
        start_wall = time.monotonic() - t0
        rss_start = server.rss_bytes(state["java_pid"])

        options = dict(load_file(HERE.parent / "rules" / "grammar.yml").options)
        drafts = [from_text(f"d{i}.txt", t) for i, t in enumerate(make_drafts(args.drafts))]
        ctxs = [Ctx(d, options) for d in drafts]
        settings = check_mod._settings(options, state["url"])
        sent = [matches.build_request(d)[0] for d in drafts]
        params = [
            {"language": settings.language, "text": s, "disabledRules": ",".join(sorted(settings.disabled_rules))}
            for s in sent
        ]
        check_url = state["url"] + "v2/check"
        no_proxy = {"http": None, "https": None}

        def raw_one(p):
            r = requests.post(check_url, data=p, timeout=30, proxies=no_proxy)
            return len(r.json()["matches"])

        def flint_one(ctx):
            return len(list(check_mod.check(ctx)))

        def flint_batch():
            return sum(len(f) for f in check_mod.check_batch(ctxs))

        def raw_seq():
            return sum(raw_one(p) for p in params)

        # cold pass (fills LanguageTool's result cache), then warm-up passes for the JIT
        tc = time.perf_counter()
        cold_matches = raw_seq()
        cold_raw = time.perf_counter() - tc
        for _ in range(2):
            raw_seq()
            flint_batch()
        # sequential: per draft, raw and followup-lint back to back in alternating order,
        # so load changes on the machine hit both sides alike
        times: dict[str, list[float]] = {"raw-seq": [], "flint-seq": [], "flint-batch": []}
        counts = {"raw-seq": 0, "flint-seq": 0, "flint-batch": 0}
        clock = time.perf_counter
        for rnd in range(args.rounds):
            tot = {"raw-seq": 0.0, "flint-seq": 0.0}
            counts["raw-seq"] = counts["flint-seq"] = 0
            for i, (p, c) in enumerate(zip(params, ctxs)):
                steps = [("raw-seq", raw_one, p), ("flint-seq", flint_one, c)]
                for name, fn, arg in (steps if (i + rnd) % 2 == 0 else steps[::-1]):
                    t = clock()
                    counts[name] += fn(arg)
                    tot[name] += clock() - t
            for k, v in tot.items():
                times[k].append(v)
            t = clock()
            counts["flint-batch"] = flint_batch()
            times["flint-batch"].append(clock() - t)
        order = list(times)
        med = {k: statistics.median(v) for k, v in times.items()}
        rss_end = server.rss_bytes(state["java_pid"])

        n = len(drafts)
        print(f"LanguageTool {state['version']} managed server: JVM listening after {state['listening_seconds']:.2f}s, "
              f"ready (incl. warm-up check) after {state['start_seconds']:.2f}s; start() returned in {start_wall:.2f}s")
        print(f"resident memory (VmRSS of the JVM): {rss_start / 2**20:.0f} MiB after start, "
              f"{rss_end / 2**20:.0f} MiB after the benchmark")
        print(f"{n} drafts, {sum(len(s) for s in sent)} characters sent, "
              f"first (cold-cache) raw pass {cold_raw:.2f}s with {cold_matches} matches")
        print()
        print(f"{'path':<13}{'median s':>10}{'ms/draft':>10}{'vs raw-seq':>12}{'matches':>9}   rounds")
        for k in order:
            print(f"{k:<13}{med[k]:>10.3f}{med[k] / n * 1000:>10.2f}{med[k] / med['raw-seq']:>12.3f}"
                  f"{counts[k]:>9}   {' '.join(f'{x:.3f}' for x in times[k])}")
        ratio = med["flint-seq"] / med["raw-seq"]
        ok = ratio <= 1.15 and med["flint-batch"] < med["raw-seq"]
        print()
        print(f"flint-seq / raw-seq = {ratio:.3f} (bar <= 1.15); "
              f"flint-batch / raw-seq = {med['flint-batch'] / med['raw-seq']:.3f} (bar < 1): "
              f"{'PASS' if ok else 'FAIL'}")
        return 0 if ok else 1
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
