"""Two full clauses joined by a comma alone (a comma splice), found with spaCy's dependency parse."""

from __future__ import annotations

from typing import Iterable

from ..diagnostic import Finding

FINITE = ("VBD", "VBZ", "VBP", "MD")


def check(ctx) -> Iterable[Finding]:
    """", I felt": two full clauses joined by a comma alone, which LanguageTool does not catch.

    spaCy parses the left clause as a dependent of the right one; it is a splice when that clause
    is finite, has its own subject and no subordinator ("When I arrived, I felt" is fine).
    """
    draft = ctx.draft
    doc = draft.doc
    for tok in doc:
        if tok.text != "," or tok.i + 2 >= len(doc) or not draft.in_part(tok.idx, tok.idx + 1, ctx.rule.parts):
            continue
        subj, verb = doc[tok.i + 1], doc[tok.i + 2]
        if subj.dep_ != "nsubj" or subj.pos_ != "PRON" or subj.head.i != verb.i or verb.tag_ not in FINITE:
            continue
        for left in verb.children:
            if left.i >= tok.i or left.dep_ not in ("advcl", "ccomp", "parataxis", "conj") or left.tag_ not in FINITE:
                continue
            kids = list(left.children)
            if not any(k.dep_ in ("nsubj", "nsubjpass") for k in kids):
                continue
            if any(k.dep_ == "mark" or (k.tag_ in ("WRB", "WDT") and k.i < left.i) for k in kids):
                continue
            subject = next(k for k in kids if k.dep_ in ("nsubj", "nsubjpass"))
            if any(k.dep_ == "aux" and k.i < subject.i for k in kids):
                continue  # "should you decide to go another way, I wish you ...": an inverted condition
            if doc[left.left_edge.i].pos_ in ("SCONJ", "ADP") or doc[left.left_edge.i].tag_ in ("WDT", "WP", "WRB"):
                continue  # "After the tour, I ...", "Whatever your decision, I wish you ..."
            if _series(doc, verb.i, tok.sent.end):
                continue  # "I passed the test, I am a coded welder, and I can start": a series ended by "and"
            yield Finding(tok.idx, verb.idx + len(verb.text), suggestions=("; " + subj.text + subj.whitespace_ + verb.text,))
            break


def _series(doc, start: int, end: int) -> bool:
    """Is the next comma after `start` (in the sentence) followed by "and", "or"? Scans only to that comma."""
    for t in doc[start:end]:
        if t.text == ",":
            return t.i + 1 < end and doc[t.i + 1].dep_ == "cc"
    return False
