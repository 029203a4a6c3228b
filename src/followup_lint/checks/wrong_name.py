"""The greeting's name is none of the interviewers in the notes, or one of them misspelled."""

from __future__ import annotations

import difflib
import re
from typing import Iterable

from ..diagnostic import Finding
from ..draft import SALUTATION
from ..text import TITLES, addressee, fold, name_words


def check(ctx) -> Iterable[Finding]:
    people = (ctx.notes or {}).get("interviewers")
    span = ctx.draft.parts.get("greeting")
    if not people or span is None or ctx.draft.is_placeholder(*span):
        return
    known = {fold(w): w for p in people for w in name_words(p["name"])}
    skip = {w.lower() for w in ctx.options["not_names"]} | TITLES
    text = ctx.draft.text[span[0]:span[1]]
    if not addressee(text):
        return  # "To whom it may concern", a bare "Hello,": missing-name's finding
    greeting = SALUTATION.match(text)  # None for a bare name ("Jess,")
    rest, offset = (greeting.group("rest"), span[0] + greeting.start("rest")) if greeting else (text, span[0])
    unknown = []
    for m in re.finditer(r"[^\W\d_][\w'’-]*", rest):
        word = m.group()
        if fold(word) in skip or fold(word) in known:
            continue
        close = difflib.get_close_matches(fold(word), list(known), n=1, cutoff=ctx.options["similarity"])
        s, e = offset + m.start(), offset + m.end()
        if close:
            right = known[close[0]]
            full = next(p["name"] for p in people if right in name_words(p["name"]))
            yield Finding(s, e, {"right": right, "full": full}, "misspelt", suggestions=(right,))
        else:
            unknown.append((s, e, word))
    if unknown:
        names = ", ".join(p["name"] for p in people)
        yield Finding(unknown[0][0], unknown[-1][1], {"names": names}, None if len(people) == 1 else "panel",
                      suggestions=tuple(p["name"] for p in people[:3]))
