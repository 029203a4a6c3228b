"""A note ends with a closing line ("Best regards,") and the writer's name under it."""

from __future__ import annotations

import re
from typing import Iterable

from ..diagnostic import Finding
from ..draft import SIGNOFF


def _closing_and_name(line: str) -> bool:
    """ "Best regards, Ana Ruiz" or "Thanks, Bob" written on one line."""
    head, comma, name = line.partition(",")
    return bool(comma and name.strip() and SIGNOFF.fullmatch(head.strip() + ",") and len(name.split()) <= 4)


def check(ctx) -> Iterable[Finding]:
    draft, parts = ctx.draft, ctx.draft.parts
    if "signoff" in parts and "signature" in parts:
        return
    if "signoff" in parts:
        yield Finding(*parts["signoff"], message="no-name")
        return
    if "signature" in parts:  # name-like last lines but no closing above them
        s = parts["signature"][0]
        first = draft.text[s:].split("\n", 1)[0].rstrip()
        if not _closing_and_name(first):
            yield Finding(s, s + len(first), message="no-closing")
        return
    last = list(re.finditer(r"\S[^\n]*", draft.text))
    # "... help with your evaluation. Best, Alex": the closing at the end of a one-paragraph note
    tail = re.split(r"(?<=[.!?])\s+", last[-1].group().rstrip())[-1] if last else ""
    if last and not _closing_and_name(last[-1].group().rstrip()) and not _closing_and_name(tail):
        s = last[-1].start()
        yield Finding(s, s + len(last[-1].group().rstrip()), message=None)
