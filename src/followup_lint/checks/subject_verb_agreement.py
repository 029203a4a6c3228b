"""A plural subject with a singular verb ("The students was very active"), found with spaCy's parse.

Only where the parse leaves no doubt: the plural noun heads a noun phrase that opens its clause and ends
right before the verb ("The vibration readings you showed me on the ball mill pinion was"), the verb is a
form of be, have or do, and the noun is a plural by inflection (not "data", "news", "analytics") written in
small letters (not a name such as "4Apps"), with no number, coordination or singular determiner."""

from __future__ import annotations

from typing import Iterable

from ..diagnostic import Finding


def check(ctx) -> Iterable[Finding]:
    draft, o = ctx.draft, ctx.options
    doc = draft.doc
    plural_of = o["verbs"]
    for noun in doc:
        verb = _verb(noun, plural_of)
        if verb is None or not _plain_plural(noun, o) or not _opens_clause(noun, o):
            continue
        start, end = verb.idx, verb.idx + len(verb)
        if not draft.in_part(start, end, ctx.rule.parts) or draft.is_placeholder(start, end):
            continue
        fix = plural_of[verb.lower_]
        fix = fix[:1].upper() + fix[1:] if verb.text[:1].isupper() else fix
        yield Finding(start, end, {"subject": noun.text, "plural": fix}, suggestions=(fix,))


def _verb(noun, plural_of):
    """The singular verb the noun is the subject of, right after the noun's phrase: "The pupils [was]"."""
    if noun.dep_ != "nsubj" or noun.tag_ != "NNS":
        return None
    head = noun.head
    verb = head if head.lower_ in plural_of else next(
        (c for c in head.children if c.dep_ in ("aux", "auxpass") and c.lower_ in plural_of), None)
    if verb is None or noun.right_edge.i + 1 != verb.i or noun.doc[verb.i - 1].is_punct:
        return None  # a comma or an aside between them: the parse is less sure ("Thanks for the chat, was great")
    return verb


def _plain_plural(noun, o) -> bool:
    """A plural by inflection, in small letters, counted by nothing and joined to nothing: "students", not
    "data", "analytics", "4Apps", "4.7 stars", "the panel and the students", "each of the members"."""
    word = noun.lower_
    if word == noun.lemma_.lower() or word in o["singular_plurals"] or word.endswith(("ics", "ss", "us", "is")):
        return False
    if not noun.text[:1].islower() and not noun.is_sent_start:
        return False
    return not any(c.dep_ in ("conj", "cc", "nummod") or c.dep_ == "det" and c.lower_ in ("a", "an", "each", "every", "this", "that")
                   for c in noun.children)


def _opens_clause(noun, o) -> bool:
    """The subject's phrase starts its sentence or follows a word that opens a clause ("and", "that")."""
    first = noun.left_edge
    return first.is_sent_start or noun.doc[first.i - 1].lower_ in o["openers"]
