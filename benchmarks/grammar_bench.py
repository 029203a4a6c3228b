"""Grammar overhead: followup-lint's grammar check through the engine vs a bare request to the same server.

    python benchmarks/grammar_bench.py [--drafts 240] [--rounds 5]

Starts an engine of its own in a temporary cache folder (the installed LanguageTool linked in; run
`followup-lint server install` first), so the user's engine is left alone; stops it at the end.

Generates varied drafts (greetings, bodies with and without mistakes, emoji, sign-offs, signatures) and
times, in the same run, against the engine's LanguageTool, with the same request fields:

  raw-seq      one POST /v2/check per draft (the text followup-lint sends), each on a new connection as
               curl does (LanguageTool's HTTP server often stalls ~40 ms on a kept-alive connection while
               another connection is open, which would flatter followup-lint)
  engine-seq   checks.grammar.check(ctx) per draft: over the engine's socket, LanguageTool's answer
               mapped back into the draft and filtered
  engine-batch checks.grammar.check_batch(ctxs): one request to the engine, two LanguageTool threads
  cached       engine-seq again on the same drafts: every paragraph from the engine's cache

Every round gets new paragraphs (a sentence of their own opens each), so neither the engine's paragraph cache nor
LanguageTool's own result cache answers for one side only; each draft is sent raw and through the
engine back to back, in alternating order, so load on the machine hits both alike. Two warm-up rounds
warm the JIT; the median over --rounds of each path's total is shown, and the bar is on the median time
of one draft (over all drafts and rounds), which a load spike hardly moves.
Pass: engine-seq / raw-seq <= 1.15 and engine-batch < raw-seq.
"""

from __future__ import annotations

import argparse
import json
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


def make_drafts(n: int, seed: int = 3, mark: str = "") -> list[str]:
    """Drafts; with a mark, each body paragraph starts with a sentence of its own ("Round MARK-i-k.")."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        paras = []
        for _ in range(rng.randint(1, 3)):
            k = rng.randint(2, 5)
            sents = rng.sample(GOOD, k - 1) + [rng.choice(BAD if rng.random() < 0.6 else GOOD)]
            rng.shuffle(sents)
            sents[-1] = sents[-1] + rng.choice(EMOJI)
            paras.append(" ".join(([f"Round {mark}-{i}-{len(paras)}."] if mark else []) + sents))
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
    def __init__(self, draft, rule):
        self.draft, self.rule, self.options = draft, rule, dict(rule.options)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--drafts", type=int, default=240)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()

    import http.client
    import urllib.parse

    from followup_lint import engine
    from followup_lint.checks import grammar as check_mod
    from followup_lint.draft import from_text
    from followup_lint.grammar import install_dir, is_installed, matches
    from followup_lint.rule import load_file

    if not is_installed():
        print("LanguageTool is not installed; run `followup-lint server install`", file=sys.stderr)
        return 2
    real_install = install_dir()
    tmp = Path(tempfile.mkdtemp(prefix="flint-bench-"))
    (tmp / real_install.name).symlink_to(real_install)
    os.environ["FOLLOWUP_LINT_CACHE"] = str(tmp)
    try:
        rule = load_file(HERE.parent / "rules" / "grammar.yml")
        t0 = time.monotonic()
        engine.ensure()
        engine_wall = time.monotonic() - t0
        check_mod.check(Ctx(from_text("d.txt", "Hi Dana,\n\nThanks for you're time.\n\nBest,\nSam\n"), rule))
        ready_wall = time.monotonic() - t0
        lt = next(engine.request("ping"))["languagetool"]
        fields = check_mod.params(rule.options, rule.options)
        url = urllib.parse.urlsplit(lt["url"])

        def raw_one(text: str) -> int:
            body = urllib.parse.urlencode({**fields, "text": text}).encode()
            conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
            conn.request("POST", "/v2/check", body, {"Content-Type": "application/x-www-form-urlencoded"})
            found = len(json.loads(conn.getresponse().read())["matches"])
            conn.close()
            return found

        clock = time.perf_counter
        times: dict[str, list[float]] = {"raw-seq": [], "engine-seq": [], "engine-batch": [], "cached": []}
        counts = dict.fromkeys(times, 0)
        per_draft: dict[str, list[float]] = {"raw-seq": [], "engine-seq": []}  # one draft's time, every round
        for rnd in range(args.rounds + 2):  # two warm-up rounds first
            drafts = [from_text(f"d{i}.txt", t) for i, t in enumerate(make_drafts(args.drafts, mark=f"{rnd}a"))]
            ctxs = [Ctx(d, rule) for d in drafts]
            sent = [matches.build_request(d)[0] for d in drafts]
            tot = {"raw-seq": 0.0, "engine-seq": 0.0, "cached": 0.0}
            each: dict[str, list[float]] = {"raw-seq": [], "engine-seq": []}
            counts.update({"raw-seq": 0, "engine-seq": 0, "cached": 0})
            for i, (text, ctx) in enumerate(zip(sent, ctxs)):
                steps = [("raw-seq", raw_one, text), ("engine-seq", lambda c: len(list(check_mod.check(c))), ctx)]
                for name, fn, arg in (steps if (i + rnd) % 2 == 0 else steps[::-1]):
                    t = clock()
                    counts[name] += fn(arg)
                    tot[name] += clock() - t
                    each[name].append(clock() - t)
            for ctx in ctxs:
                t = clock()
                counts["cached"] += len(list(check_mod.check(ctx)))
                tot["cached"] += clock() - t
            batch = [Ctx(from_text(f"d{i}.txt", t), rule) for i, t in enumerate(make_drafts(args.drafts, mark=f"{rnd}b"))]
            t = clock()
            counts["engine-batch"] = sum(len(f) for f in check_mod.check_batch(batch))
            tot["engine-batch"] = clock() - t
            if rnd >= 2:
                for k, v in tot.items():
                    times[k].append(v)
                per_draft["raw-seq"] += each["raw-seq"]
                per_draft["engine-seq"] += each["engine-seq"]
        med = {k: statistics.median(v) for k, v in times.items()}
        lt = next(engine.request("ping"))["languagetool"]

        n = args.drafts
        print(f"LanguageTool {lt['version']} in the engine: engine up in {engine_wall:.1f}s, LanguageTool ready "
              f"(incl. warm-up check) {ready_wall:.1f}s after the start; JVM resident memory {lt['rss'] / 2**20:.0f} MiB")
        print(f"{n} drafts a round, {sum(len(s) for s in sent)} characters sent")
        print()
        print(f"{'path':<13}{'median s':>10}{'ms/draft':>10}{'vs raw-seq':>12}{'matches':>9}   rounds")
        for k in times:
            print(f"{k:<13}{med[k]:>10.3f}{med[k] / n * 1000:>10.2f}{med[k] / med['raw-seq']:>12.3f}"
                  f"{counts[k]:>9}   {' '.join(f'{x:.3f}' for x in times[k])}")
        # a draft's time, median over all drafts and rounds: a load spike or a GC pause on one side moves a
        # sum of hundreds of requests, hardly a median
        ratio = statistics.median(per_draft["engine-seq"]) / statistics.median(per_draft["raw-seq"])
        ok = ratio <= 1.15 and med["engine-batch"] < med["raw-seq"]
        print()
        print(f"per draft, median: raw {statistics.median(per_draft['raw-seq']) * 1000:.2f} ms, through the engine "
              f"{statistics.median(per_draft['engine-seq']) * 1000:.2f} ms")
        print(f"engine-seq / raw-seq (median per draft) = {ratio:.3f} (bar <= 1.15); "
              f"engine-batch / raw-seq = {med['engine-batch'] / med['raw-seq']:.3f} (bar < 1): "
              f"{'PASS' if ok else 'FAIL'}")
        return 0 if ok else 1
    finally:
        engine.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
