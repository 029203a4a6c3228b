"""Does the body mention anything concrete from the interview, or only praise that fits any company?"""

from __future__ import annotations

import re
from typing import Iterable

from ..diagnostic import Finding

_DETAIL_SLOT = re.compile(r"(?i)learn|discuss|topic|project|passion|tidbit|detail|specific|talked|mention")


def specific_chunks(draft, generic: set[str], vague: set[str], praise: set[str] = frozenset()) -> list:
    """Noun phrases of the body that point at something concrete (a project, product, person ...)."""
    start, end = draft.parts.get("body", (0, 0))
    found = []
    for chunk in draft.doc.noun_chunks:
        if chunk.start_char < start or chunk.end_char > end or draft.is_placeholder(chunk.start_char, chunk.end_char):
            continue
        root = chunk.root
        if root.pos_ == "PRON" or root.lemma_.lower() in generic or root.text.lower() in generic:
            continue
        if _names_the_employer(root, generic) or root.ent_type_ in ("DATE", "TIME"):
            continue  # "the position at Acme", "on Thursday"
        modifiers = [t for t in chunk if t.dep_ in ("compound", "amod", "nummod", "npadvmod") and t.i != root.i
                     and t.lemma_.lower() not in praise and t.lower_ not in praise]
        if root.lemma_.lower() in vague and not modifiers and root.pos_ != "PROPN":
            continue
        found.append(chunk)
    return found


def _names_the_employer(root, generic: set[str]) -> bool:
    """"the position at Acme", "interview with Acme": the company's name is not a topic."""
    head = root.head
    return root.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_.lower() in generic


def check(ctx) -> Iterable[Finding]:
    draft = ctx.draft
    start, end = draft.parts.get("body", (0, 0))
    if not draft.text[start:end].strip():
        return
    generic = {w.lower() for w in ctx.options["generic_nouns"]}
    vague = {w.lower() for w in ctx.options["vague_nouns"]}
    praise = {w.lower() for w in ctx.options["praise_adjectives"]}
    if specific_chunks(draft, generic, vague, praise):
        return
    # a template slot for the detail ("(insert what you learned)") is the placeholder rule's business
    if any(_DETAIL_SLOT.search(draft.text[s:e]) for s, e in draft.placeholders if start <= s < end):
        return
    first = re.search(r"\S[^\n]*", draft.text[start:end])
    s = start + first.start()
    yield Finding(s, start + first.end())
