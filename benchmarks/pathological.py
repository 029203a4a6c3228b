"""Lint time of pathological drafts at 10, 50 and 200 KB: every rule and the parse must stay linear.

Usage: python benchmarks/pathological.py [--sizes 10000,50000,200000] [--bar 10] [--only NAME,...]

Each input is a draft (greeting, body, sign-off, signature) grown to the size by one pathological
pattern: runs of one punctuation mark, whitespace runs inside a name or a sign-off, one long line
of slang, thousands of placeholders, and so on. It is read and linted in this process with every
rule but grammar (LanguageTool is a separate server) and with interview notes, so the notes rules
run too. The table shows the seconds per size and the growth from the middle to the largest size
(linear: the size ratio, 4x for 50 -> 200 KB; quadratic: 16x). A draft over MAX_CHARS (50,000
characters) is refused at once as an input error; to measure the growth past it, the table is taken
with that limit lifted, and the last line shows what a user gets for the largest input by default.
Exit 1 when an input within the limit takes longer than --bar seconds (10), when any input grows worse
than 1.5 times the size ratio, or when refusing an oversized one takes longer than the bar.
"""

from __future__ import annotations

import argparse
import datetime as dt
import signal
import sys
import time

from followup_lint import draft as draft_mod
from followup_lint.draft import InputError, read
from followup_lint.linter import Linter

GREETING = "Dear Ms. Cheng,\n\n"
CLOSING = "\n\nBest regards,\nSam Ortiz\n"
NOTES = {
    "interviewers": [{"name": "Li Cheng", "title": "Engineering Manager"}],
    "company": "Acme Robotics Inc.",
    "role": "Backend Engineer",
    "topics": ["migrating billing to Kubernetes", "the on-call rotation"],
    "interview_date": dt.datetime(2026, 3, 3, 14, 0),
    "send_time": dt.datetime(2026, 3, 4, 9, 0),
}


def fill(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def sized(head: str, unit: str, tail: str, n: int) -> str:
    return head + fill(unit, n - len(head) - len(tail)) + tail


def body(unit: str):
    """A draft whose body is `unit` repeated."""
    return lambda n: sized(GREETING, unit, CLOSING, n)


CASES = {
    "! run": lambda n: sized(GREETING + "Thanks", "!", CLOSING, n),  # glued to a word, as typed
    "?! run": body("?!"),
    "emoji run": body("\U0001F642"),
    "quote-mark run": body("\u201d"),
    "spaces in the greeting name": lambda n: sized("Dear Ms.", " ", "Cheng,\n\nThanks for the tour.\n\nBest regards,\nSam\n", n),
    # a line that almost is a sign-off: a regex that backtracks over the run would be quadratic
    "spaces and tabs in the sign-off": lambda n: sized(GREETING + "Thanks for the tour.\n\nBest regards", " \t",
                                                       "x\nSam Ortiz\n", n),
    "one long line of slang": body("thx u lol :) btw tbh "),
    "placeholders and slang": body("[Company Name] thx {{name}} u <Interviewer> XXX "),
    "quoted slang": body('"thx" and \u201clol\u201d '),
    "short lines": body("Sam Ortiz\n"),
    "digits and spaces": body("1 "),
    "prose": body("Thank you for walking me through the billing migration on Kubernetes. "),
}


class TimedOut(Exception):
    pass


def _alarm(signum, frame):
    raise TimedOut


def lint_time(linter: Linter, text: str, limit: int) -> float:
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(limit)
    try:
        start = time.perf_counter()
        draft = read("draft.txt", text.encode("utf-8"))
        linter.lint([draft], NOTES)
        return time.perf_counter() - start
    except TimedOut:
        return float("inf")
    finally:
        signal.alarm(0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,50000,200000")
    ap.add_argument("--bar", type=float, default=10.0, help="seconds allowed per input")
    ap.add_argument("--only", default="", help="comma-separated case names")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    cases = {k: v for k, v in CASES.items() if not args.only or k in args.only.split(",")}
    linter = Linter(ignore=("grammar",))
    lint_time(linter, body("Thanks.")(2000), 60)  # load the model and the matchers first
    limit = draft_mod.MAX_CHARS
    refused = _refusal(CASES["prose"](max(sizes)))
    draft_mod.MAX_CHARS, draft_mod.MAX_BYTES = max(sizes), 4 * max(sizes) + 4  # the growth past the limit
    width = max(map(len, cases)) + 2
    print(f"{'input':<{width}}" + "".join(f"{f'{s // 1000} KB':>10}" for s in sizes) + f"{'growth':>10}{'linear':>8}")
    ok = True
    for name, make in cases.items():
        times = []
        for size in sizes:
            text = make(size)
            assert len(text) == size, (name, len(text), size)
            times.append(lint_time(linter, text, int(args.bar * 6)))
        growth = times[-1] / max(times[-2], 1e-3) if len(times) > 1 else 1.0
        linear = sizes[-1] / sizes[-2] if len(sizes) > 1 else 1.0
        # growth is judged only where the time is large enough to measure
        within = [t for t, size in zip(times, sizes) if size <= limit]
        bad = max(within, default=0) > args.bar or (times[-1] > 0.5 and growth > 1.5 * linear)
        ok &= not bad
        cells = "".join(f"{t:>9.2f}s" if t != float("inf") else f"{'>' + str(int(args.bar * 6)):>9}s" for t in times)
        print(f"{name:<{width}}{cells}{growth:>9.1f}x{linear:>7.0f}x" + ("  <- too slow" if bad else ""), flush=True)
    if max(sizes) > limit:
        seconds, message = refused
        print(f"sizes over {limit:,} characters: measured with the limit lifted; by default refused in "
              f"{seconds:.3f}s: {message}")
        ok &= seconds <= args.bar
    return 0 if ok else 1


def _refusal(text: str) -> tuple[float, str]:
    """How long reading an oversized draft takes to refuse it, and what it says."""
    start = time.perf_counter()
    try:
        read("draft.txt", text.encode("utf-8"))
    except InputError as exc:
        return time.perf_counter() - start, str(exc)
    return time.perf_counter() - start, "not refused"


if __name__ == "__main__":
    sys.exit(main())
