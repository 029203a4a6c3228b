"""Unfilled template placeholders: bracketed slots found by the draft, plus stand-in names."""

from __future__ import annotations

from typing import Iterable

from ..diagnostic import Finding

# "Peter Programmer", "Susan Candidate": a person's name whose surname is a role
STAND_IN_SURNAMES = {
    "programmer", "candidate", "applicant", "interviewer", "interviewee", "manager", "recruiter",
    "employer", "employee", "lastname", "surname", "doe",
}


def check(ctx) -> Iterable[Finding]:
    draft = ctx.draft
    spans = set(draft.placeholders)
    if draft.doc is not None:
        for ent in draft.doc.ents:
            if ent.label_ == "PERSON" and len(ent) >= 2 and ent[-1].text.lower() in STAND_IN_SURNAMES:
                if not draft.is_placeholder(ent.start_char, ent.end_char):
                    spans.add((ent.start_char, ent.end_char))
    for start, end in sorted(spans):
        yield Finding(start, end)
