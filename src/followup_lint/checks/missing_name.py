"""The greeting must name a person: "Dear Hiring Manager", "Hi there" or no greeting name nobody."""

from __future__ import annotations

import re
from typing import Iterable

from ..diagnostic import Finding
from ..text import TITLES, addressee

# "Members of the Interview Board", "Head of Talent": a description of someone, not their name
DESCRIBING = {"of", "the", "for", "at"}


def check(ctx) -> Iterable[Finding]:
    draft = ctx.draft
    generic = {w.lower() for w in ctx.options["generic_addressees"]}
    groups = {w.lower() for w in ctx.options["group_nouns"]}
    span = draft.parts.get("greeting")
    if span is None:
        start, end = draft.parts.get("body", (0, 0))
        first = re.search(r"\S+", draft.text[start:end])  # point at the first word: no greeting before it
        s, e = (start + first.start(), start + first.end()) if first else (start, start)
        yield Finding(s, e, message="no-greeting")
        return
    if draft.is_placeholder(*span):
        return  # a slot where the name goes is the placeholder rule's finding (or fine in template mode)
    words = addressee(draft.text[span[0]:span[1]]).replace("/", " ").split()  # "Sir/Ma": each word on its own
    named = [w for w in words if w.lower().rstrip(".") not in TITLES]
    phrase = " ".join(named).lower()
    if not named or phrase in generic or all(w.lower() in generic for w in named) or named[-1].lower() in groups \
            or any(w in DESCRIBING for w in named):
        yield Finding(span[0], span[1])
