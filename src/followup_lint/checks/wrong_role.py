"""The draft names another job title than the notes' role ("the Product Manager position" for a data job)."""

from __future__ import annotations

from typing import Iterable

from ..diagnostic import Finding
from .no_topic_reference import stem
from .wrong_company import words

TITLE_POS = ("PROPN", "NOUN", "ADJ", "SPACE")  # a line break may fall inside the title


def title_before(tok, start: int, headline: bool):
    """The words before "position"/"role"/"job" after the/this/your: "the [Senior Data Analyst] role".

    In a subject line (headline) the title may also start the line or follow a dash: "Thank you - [Data Analyst] role".
    """
    doc, i = tok.doc, tok.i - 1
    while i >= 0 and doc[i].idx >= start and (doc[i].pos_ in TITLE_POS or doc[i].text in ("&", "/")):
        i -= 1
    if i == tok.i - 1:
        return None
    edge = i < 0 or doc[i].idx < start or doc[i].text in ("-", "–", "—", ":", "|")
    if not (headline and edge) and (i < 0 or doc[i].lower_ not in ("the", "this", "that", "your")):
        return None
    j = tok.i
    while doc[j - 1].is_space:
        j -= 1
    return doc[i + 1:j] if j > i + 1 else None


def title_after(tok, end: int):
    """"the role of [Data Analyst]"."""
    doc, i = tok.doc, tok.i + 1
    if i + 1 >= len(doc) or doc[i].lower_ != "of" or doc[i + 1].pos_ != "PROPN":
        return None
    j = i + 1
    while j < len(doc) and doc[j].idx < end and (doc[j].pos_ == "PROPN" or doc[j].text in ("-", "&", "/")):
        j += 1
    return doc[i + 1:j]


def check(ctx) -> Iterable[Finding]:
    notes = ctx.notes or {}
    role = notes.get("role")
    if not role:
        return
    draft = ctx.draft
    ignore = {stem(w.lower()) for w in ctx.options["not_title_words"]}
    ignore |= {stem(w) for w in words(notes.get("company", ""))}
    wanted = {stem(w) for w in words(role)} - ignore
    nouns = {w.lower() for w in ctx.options["role_nouns"]}
    for part in ("subject", "body"):
        if part not in draft.parts:
            continue
        start, end = draft.parts[part]
        for tok in draft.doc:
            if not (start <= tok.idx < end) or tok.lemma_.lower() not in nouns:
                continue
            for span in (title_before(tok, start, part == "subject"), title_after(tok, end)):
                if span is None or draft.is_placeholder(span.start_char, span.end_char):
                    continue
                said = {stem(w) for w in words(span.text)} - ignore
                if said and not (said <= wanted or wanted <= said):
                    yield Finding(span.start_char, span.end_char, suggestions=(role,), extra={"role": role})
