"""None of the topics in the notes is referred to in the body, not even in other words."""

from __future__ import annotations

import re
from typing import Iterable

from ..diagnostic import Finding
from ..text import fold, name_words, stem

CONTENT = ("NOUN", "PROPN", "VERB", "ADJ")


def referenced(topic, body: set[str], generic: set[str], names: set[str], synonyms: dict[str, str]) -> bool:
    """A topic counts when half its key nouns appear in the body, or half its content words."""
    content = [t for t in topic if t.pos_ in CONTENT and not t.is_stop and len(t.text) > 1]
    stems = {stem(synonyms.get(t.lower_, t.lemma_)) for t in content} - names
    keys = {stem(synonyms.get(t.lower_, t.lemma_)) for t in content if t.pos_ in ("NOUN", "PROPN")}
    keys = keys - generic - names
    if keys:
        return len(keys & body) * 2 >= len(keys)
    return bool(stems) and len(stems & body) * 2 >= len(stems)


def check(ctx) -> Iterable[Finding]:
    notes = ctx.notes or {}
    topics = notes.get("topics")
    draft = ctx.draft
    start, end = draft.parts.get("body", (0, 0))
    if not topics or not draft.text[start:end].strip():
        return
    synonyms = {k.lower(): v.lower() for k, v in ctx.options["synonyms"].items()}
    generic = {stem(w.lower()) for w in ctx.options["generic_words"]}
    names = {stem(fold(w)) for p in notes.get("interviewers", []) for w in name_words(p["name"])}
    names |= {stem(w) for w in re.findall(r"[a-z0-9]+", fold(notes.get("company", "")))}
    spans = [draft.parts[p] for p in ("subject", "body") if p in draft.parts]
    body = {stem(synonyms.get(t.lower_, t.lemma_)) for t in draft.doc if any(s <= t.idx < e for s, e in spans)}
    body |= {stem(t.lower_) for t in draft.doc if any(s <= t.idx < e for s, e in spans)}
    if any(referenced(doc, body, generic, names, synonyms) for doc in ctx.nlp.pipe(topics)):
        return
    first = re.search(r"\S[^\n]*", draft.text[start:end])
    listed = "; ".join(topics)
    yield Finding(start + first.start(), start + first.end(), extra={"topics": listed})
