"""The draft names another employer than the notes' company: a leftover from the last application."""

from __future__ import annotations

import re
from typing import Iterable

from ..diagnostic import Finding
from ..text import LEGAL, fold, name_words, org_words
# words before "at X" that make X the writer's own school or employer, not the one applied to
OWN = {"my", "current", "currently", "previous", "previously", "former", "formerly", "while", "study",
       "studied", "graduate", "graduated", "intern", "interned", "worked", "working", "our", "i've"}


# a preposition and its verb that put an employer's name after them
JOINING = {("to", v) for v in ("contribute", "bring", "return", "come", "belong")} | {("for", "work")}


def same(mention: str, company: str) -> bool:
    """"Acme" and "Acme Robotics Inc." are the same company; so are "IBM" and "International Business Machines"."""
    a, b = org_words(mention), org_words(company)
    if not a or not b:
        return True
    if set(a) <= set(b) or set(b) <= set(a) or a[0] == b[0]:
        return True
    return (len(a) == 1 and a[0] == "".join(w[0] for w in b)) or (len(b) == 1 and b[0] == "".join(w[0] for w in a))


def proper_spans(doc, start: int, end: int):
    """Runs of proper nouns ("Globex Corporation", "Bank of America") and ORG entities, inside [start, end)."""
    spans, run = [], []
    for tok in doc:
        inside = start <= tok.idx and tok.idx + len(tok) <= end
        joins = run and tok.text in ("&", "of", "-") and tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN"
        if inside and (tok.pos_ == "PROPN" or joins):
            run.append(tok)
            continue
        if run:
            spans.append(doc[run[0].i:run[-1].i + 1])
        run = []
    if run:
        spans.append(doc[run[0].i:run[-1].i + 1])
    for ent in doc.ents:
        if ent.label_ == "ORG" and start <= ent.start_char and ent.end_char <= end:
            if not any(s.start <= ent.start and ent.end <= s.end for s in spans):
                spans = [s for s in spans if not (ent.start <= s.start and s.end <= ent.end)] + [ent]
    return sorted(spans, key=lambda s: s.start)


def own_employer(at) -> bool:
    """"in my current role at X", "I studied at X", "At X I led ...": the writer's own past, not the employer applied to."""
    doc = at.doc
    context = {fold(t.text) for t in doc[max(0, at.i - 4):at.i]} | {t.lemma_.lower() for t in doc[max(0, at.i - 4):at.i]}
    verb = at.head
    past_i = verb.tag_ in ("VBD", "VBN") and any(c.dep_ == "nsubj" and c.lower_ == "i" for c in verb.children)
    return bool(context & OWN) or past_i


def employer_like(span, role_nouns: set[str]) -> bool:
    """Is this name where an employer's name goes: "at X", "join X", "X's team", "the X team", "X Inc."?"""
    doc = span.doc
    last, after = span[-1], _next(doc, span.end)
    if after is not None and after.lemma_.lower() in role_nouns:
        return False  # "the Data Analyst position": a job title, wrong-role's business
    if fold(last.text) in LEGAL and len(span) > 1:
        return True
    before = _prev(doc, span.start - 1)
    if _at(span) is not None:
        return not own_employer(before)
    if before is not None and before.head.pos_ == "VERB" and (before.lower_, before.head.lemma_.lower()) in JOINING:
        return True  # "contribute to Brightpath", "bring that to X", "work for X"
    if before is not None and before.lemma_.lower() == "join":
        earlier = _prev(doc, before.i - 1)  # "since joining Initech": the writer's own employer
        return earlier is None or earlier.lower_ not in ("since", "before", "after", "when", "i")
    if after is not None and after.text in ("'s", "’s") and (before is None or before.lower_ != "my"):
        noun = _next(doc, after.i + 1)
        return noun is not None and noun.pos_ in ("NOUN", "ADJ")
    return after is not None and after.lemma_.lower() in ("team", "family")


def _at(span):
    """The "at" right before a name, if any."""
    before = _prev(span.doc, span.start - 1)
    return before if before is not None and before.lower_ == "at" else None


def _prev(doc, i: int):
    """The last token at or before i that is not white space."""
    while i >= 0 and doc[i].is_space:
        i -= 1
    return doc[i] if i >= 0 else None


def _next(doc, i: int):
    """The first token at or after i that is not white space."""
    while i < len(doc) and doc[i].is_space:
        i += 1
    return doc[i] if i < len(doc) else None


def check(ctx) -> Iterable[Finding]:
    notes = ctx.notes or {}
    company = notes.get("company")
    if not company:
        return
    draft = ctx.draft
    people = {fold(w) for p in notes.get("interviewers", []) for w in name_words(p["name"])}
    role = set(org_words(notes.get("role", "")))
    role_nouns = {w.lower() for w in ctx.options["role_nouns"]}
    spans = [s for p in ("subject", "body") if p in draft.parts for s in proper_spans(draft.doc, *draft.parts[p])]
    # a name the writer calls their own ("at Contoso I led ...") stays theirs in the rest of the draft
    own = {" ".join(org_words(s.text)) for s in spans if (at := _at(s)) is not None and own_employer(at)}
    for span in spans:
        mention = org_words(span.text)
        if not mention or draft.is_placeholder(span.start_char, span.end_char) or same(span.text, company):
            continue
        if set(mention) & people or set(mention) <= role or " ".join(mention) in own:
            continue  # "your chat with Ms. Cheng", "the Data Analyst": not an employer
        if employer_like(span, role_nouns):
            yield Finding(span.start_char, span.end_char, suggestions=(company,), extra={"company": company})
