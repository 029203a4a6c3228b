"""The greeting's name is none of the interviewers in the notes, or one of them misspelled."""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Iterable

from ..diagnostic import Finding
from ..draft import SALUTATION
from .missing_name import TITLES, addressee


def fold(word: str) -> str:
    """Lowercase, accents and apostrophe style folded: "José" and "jose", "O’Neil" and "O'Neil" compare equal."""
    word = unicodedata.normalize("NFKD", word.replace("’", "'")).encode("ascii", "ignore").decode()
    return word.lower().strip(".'-")


def name_words(name: str) -> list[str]:
    """The words of an interviewer's name, titles dropped: "Dr. Li Cheng" -> ["Li", "Cheng"]."""
    return [w for w in re.findall(r"[^\W\d_][\w'’.-]*", name) if fold(w) not in TITLES]


def check(ctx) -> Iterable[Finding]:
    people = (ctx.notes or {}).get("interviewers")
    span = ctx.draft.parts.get("greeting")
    if not people or span is None or ctx.draft.is_placeholder(*span):
        return
    known = {fold(w): w for p in people for w in name_words(p["name"])}
    skip = {w.lower() for w in ctx.options["not_names"]} | TITLES
    greeting = SALUTATION.match(ctx.draft.text[span[0]:span[1]])
    if not greeting or not addressee(greeting.group()):
        return  # "To whom it may concern", a bare "Hello,": missing-name's finding
    rest, offset = greeting.group("rest"), span[0] + greeting.start("rest")
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
            yield Finding(s, e, f"'{word}' looks like a misspelling of '{right}' (the notes say {full})", (right,))
        else:
            unknown.append((s, e, word))
    if unknown:
        names = ", ".join(p["name"] for p in people)
        words = " ".join(w for *_, w in unknown)
        who = "the interviewer was" if len(people) == 1 else "the interviewers were"
        yield Finding(unknown[0][0], unknown[-1][1], f"The greeting names '{words}', but {who} {names}",
                      tuple(f"Dear {p['name']}," for p in people[:3]))
