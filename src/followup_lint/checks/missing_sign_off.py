"""A note ends with a closing line ("Best regards,") and the writer's name under it."""

from __future__ import annotations

import re
from typing import Iterable

from ..diagnostic import Finding
from ..draft import split_closing


def _closing_and_name(text: str, s: int, e: int) -> bool:
    """ "Best regards, Ana Ruiz" or "Thanks, Bob" written on one line."""
    return split_closing(text, s, e)[1] is not None


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
        if not _closing_and_name(draft.text, s, s + len(first)):
            yield Finding(s, s + len(first), message="no-closing")
        return
    last = list(re.finditer(r"\S[^\n]*", draft.text))
    if last and not _closing_and_name(draft.text, last[-1].start(), last[-1].start() + len(last[-1].group().rstrip())):
        s = last[-1].start()
        yield Finding(s, s + len(last[-1].group().rstrip()), message=None)
