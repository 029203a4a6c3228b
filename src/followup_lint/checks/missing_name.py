"""The greeting must name a person: "Dear Hiring Manager", "Hi there" or no greeting name nobody."""

from __future__ import annotations

import re
from typing import Iterable

from ..diagnostic import Finding
from ..draft import PLACEHOLDER
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
    # a slot where the name goes is the placeholder rule's finding (or fine in template mode); a slot for the
    # company before "team" is not ("Hi {company_name} team,")
    greeting = PLACEHOLDER.sub("Name", draft.text[span[0]:span[1]])
    # "Dear Dr. Smith and team", "Ms. Patel (and team)": it is enough that one of the people addressed is named
    people = re.split(r"\band\b|&|[,()]", addressee(greeting), flags=re.IGNORECASE)
    if not any(_names_someone(p, generic, groups) for p in people):
        yield Finding(span[0], span[1])


def _names_someone(addressed: str, generic: set[str], groups: set[str]) -> bool:
    """Whether one addressee ("Ms. Chen", "Hiring Manager", "Acme Team") is a person's name."""
    words = addressed.replace("/", " ").split()  # "Sir/Ma": each word on its own
    named = [w for w in words if w.lower().rstrip(".") not in TITLES]
    phrase = " ".join(named).lower()
    return bool(named) and phrase not in generic and not all(w.lower() in generic for w in named) \
        and named[-1].lower() not in groups and not any(w in DESCRIBING for w in named)
