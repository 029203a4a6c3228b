"""The draft names another job title than the notes' role ("the Product Manager position" for a data job)."""

from __future__ import annotations

from typing import Iterable

from ..diagnostic import Finding
from ..text import org_words as words
from ..text import stem

TITLE_POS = ("PROPN", "NOUN", "ADJ", "SPACE")
# "Senior Product Manager" for "Product Manager" is another job, not a paraphrase
LEVELS = {"senior", "junior", "lead", "principal", "staff", "head", "chief", "associate", "assistant", "intern", "sr", "jr"}


def expand_acronyms(said: list[str], text: str, role: list[str]) -> list[str]:
    """"SOC Analyst" for "Security Operations Center Analyst": an acronym of the role's words is those words."""
    out = []
    for word, raw in zip(said, text.split()):
        run = next((role[i:i + len(word)] for i in range(len(role) - len(word) + 1)
                    if raw.isupper() and len(word) > 1 and "".join(w[0] for w in role[i:i + len(word)]) == word), None)
        out.extend(run or [word])
    return out  # a line break may fall inside the title


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
            if not (start <= tok.idx < end) or tok.lemma_.lower() not in nouns or tok.tag_ == "NNS":
                continue  # "the invoice jobs": a plural is not the title of the one job applied for
            for span in (title_before(tok, start, part == "subject"), title_after(tok, end)):
                if span is None or draft.is_placeholder(span.start_char, span.end_char):
                    continue
                said = {stem(w) for w in expand_acronyms(words(span.text), span.text, words(role))} - ignore
                # a capitalised level is part of the title ("Senior Product Manager"); "the senior
                # Data Analyst role" only describes it
                levels = {stem(t.lower_) for t in span if t.text[:1].isupper()} & LEVELS
                said = {w for w in said if w not in LEVELS or w in levels}
                if said and not (said <= wanted or (wanted <= said and not (said - wanted) & levels)):
                    yield Finding(span.start_char, span.end_char, suggestions=(role,), extra={"role": role})
