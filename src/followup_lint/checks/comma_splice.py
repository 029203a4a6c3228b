"""Two full clauses joined by a comma alone (a comma splice), found with spaCy's dependency parse."""

from __future__ import annotations

from typing import Iterable

from ..diagnostic import Finding

FINITE = ("VBD", "VBZ", "VBP", "MD")
WH = ("WDT", "WP", "WP$", "WRB")
# "..., I think.": a verb of opinion with nothing after it is an aside, not a second clause
ASIDES = {"think", "believe", "hope", "guess", "suppose", "mean", "know", "reckon", "feel", "say"}


def check(ctx) -> Iterable[Finding]:
    """", I felt": a comma, then a clause with its own subject and finite verb ("I felt", "the vibe is"),
    after a clause that could stand alone: one with its own subject and finite verb that no subordinator
    opens ("When I arrived, I felt" is fine), a request ("Give me a call whenever, I'm free") or a thanks
    ("Thanks for yesterday, it was great")."""
    draft = ctx.draft
    doc = draft.doc
    for tok in doc:
        if tok.text != "," or not draft.in_part(tok.idx, tok.idx + 1, ctx.rule.parts):
            continue
        sent = tok.sent
        verb = _clause_after(doc, tok.i, sent.end)
        if verb is None or _joined(doc, sent.start, tok.i) or not _stands_alone(doc, sent.start, tok.i) \
                or _series(doc, verb.i, sent.end):
            continue  # "I passed the test, I am a coded welder, and I can start": a series ended by "and"
        subj = doc[tok.i + 1]
        yield Finding(tok.idx, verb.idx + len(verb.text), suggestions=("; " + subj.text + subj.whitespace_ + verb.text,)
                      if subj.head.i == verb.i and subj.i + 1 == verb.i else ())


def _joined(doc, start: int, comma: int) -> bool:
    """Does "and" join the clause after the comma, with opening phrases between: "..., and with my ICAN
    qualification, I would be proud to", "..., and reading the annual report, with its 9% loan growth, I could see"?"""
    end = comma
    for k in range(comma - 1, max(start, comma - 40), -1):
        if doc[k].text != ",":
            continue
        if k + 2 >= end or any(_finite(t) and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children) for t in doc[k + 1:end]):
            return False  # a clause of its own
        first = doc[k + 2] if doc[k + 1].pos_ == "CCONJ" else doc[k + 1]
        if not (first.pos_ in ("ADP", "SCONJ") or first.tag_ in ("VBG", "VBN")):
            return False
        if doc[k + 1].pos_ == "CCONJ":
            return True
        end = k  # a phrase set off by commas: look before it
    return False


def _finite(verb) -> bool:
    return verb.tag_ in FINITE or any(c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE for c in verb.children)


def _clause_after(doc, comma: int, end: int):
    """The finite verb of a clause whose subject starts right after the comma: ", I felt", ", the vibe is"."""
    if comma + 1 >= end:
        return None
    first = doc[comma + 1]
    if first.dep_ in ("nsubj", "nsubjpass") and (first.pos_ == "PRON" and first.tag_ not in WH
                                                  or first.lower_ in ("that", "this")):  # ", that was lit"
        subj = first
    elif first.lower_ == "you" and first.head.dep_ == "nsubj" and first.head.i == first.i + 1:  # ", you guys were"
        subj = first.head
    elif first.pos_ == "DET" or first.tag_ == "PRP$":  # "the vibe is", "my shift was"
        subj = first.head
        if subj.dep_ not in ("nsubj", "nsubjpass") or subj.pos_ not in ("NOUN", "PROPN") or subj.left_edge.i != first.i:
            return None
    else:
        return None
    verb = subj.head
    if verb.i <= subj.i or not _finite(verb) or any(c.dep_ == "mark" for c in verb.children):
        return None
    if verb.lemma_ in ASIDES and all(c.dep_ in ("nsubj", "punct", "advmod") for c in verb.children):
        return None
    return verb


def _subordinate(verb, doc) -> bool:
    """"if I ...", "since I have used ...", "should you decide ...", "when you ...": a clause that leans on another."""
    kids = list(verb.children)
    if any(k.dep_ == "mark" for k in kids):
        return True
    subj = next((k for k in kids if k.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and any(k.dep_ in ("aux", "auxpass") and k.i < subj.i for k in kids):
        return True  # an inverted condition
    first = _clause_start(verb)
    return first.pos_ == "SCONJ" or (verb.dep_ == "advcl" and first.tag_ == "WRB")


def _clause_start(verb):
    """The first word of the verb's own clause, after an opening phrase set off by a comma: "[As discussed,] I
    have checked the bug", "[After the tour,] I went home"."""
    doc = verb.doc
    skip: set[int] = set()
    for c in verb.children:
        after = c.right_edge.i + 1
        if c.i < verb.i and c.dep_ in ("advcl", "prep", "advmod", "npadvmod") and after < verb.i and doc[after].text == ",":
            skip.update(range(c.left_edge.i, after + 1))
    return next((t for t in verb.subtree if t.i not in skip and not t.is_punct), doc[verb.left_edge.i])


def _stands_alone(doc, start: int, comma: int) -> bool:
    """Could the words before the comma (from the sentence start or the last ";") be a sentence of their own?"""
    start = max(start, comma - 60)  # bounded work per comma, whatever the sentence
    for k in range(comma - 1, start, -1):
        if doc[k].text in (";", ":", "—", "–"):
            start = k + 1
            break
    if start >= comma:
        return False
    words = [doc[k].lower_ for k in range(start, min(comma, start + 5))]
    if words[0] in ("thanks", "thx", "thank") and "for" in words:
        return True  # "Thanks for the interview yesterday, I really enjoyed it"
    tok = doc[comma - 1]
    while True:  # the clause that ends at the comma: ", as I mentioned, my salary is" is no splice, nor is a
        # sentence that opens with one ("Should you decide ..., I"); one inside a clause is ("Let me know when I
        # can start, I'm free")
        if tok.pos_ in ("VERB", "AUX") and _subordinate(tok, doc):
            edge = tok.left_edge.i  # the subordinate clause opens the sentence or follows a comma or "and"
            if edge <= start or doc[edge - 1].text in (",", "(", "—", "–") or doc[edge - 1].pos_ == "CCONJ":
                return False
        if tok.head.i == tok.i or not start <= tok.head.i < comma:
            break
        tok = tok.head
    for root in _roots(doc, start, comma):
        if root.pos_ not in ("VERB", "AUX") or _subordinate(root, doc) or _clause_start(root).pos_ == "ADP":
            continue  # "After the tour I ...": the tour's phrase, not a clause
        kids = list(root.children)
        if _finite(root) and any(k.dep_ in ("nsubj", "nsubjpass") for k in kids):
            return True
        if root.tag_ == "VB" and not any(k.dep_ == "nsubj" or k.dep_ == "aux" and k.lower_ != "do" for k in kids) and (
                root.i == start or (root.i == start + 1 and doc[start].lower_ in ("please", "just", "so", "do"))):
            return True  # "Give us a bell whenever, I'm flexible", "Do let me know, I am waiting"
    return _dropped_subject(doc, start, comma)


def _roots(doc, start: int, end: int) -> list:
    """The words of doc[start:end] whose head lies outside it: the tops of the clauses and phrases in it."""
    return [t for t in doc[start:end] if t.head.i == t.i or not start <= t.head.i < end]


def _dropped_subject(doc, start: int, comma: int) -> bool:
    """A sentence that opens without its "I": "Had a great time yesterday, the vibe is lit", "Sorry I was late,
    the taxi took forever". An adjective or participle that opens it is the next clause's, when that clause is
    about the writer ("Excited about the role, I have started reading"), so then it is no splice; a participle
    leads into the next clause ("Based on our talk, the role fits")."""
    roots = _roots(doc, start, comma)
    if len(roots) != 1:
        return False
    root = roots[0]  # the word the words before the comma hang from, at most two words in ("Eish sorry I was late")
    if root.left_edge.i != start or root.i - start > 2 or any(k.dep_ in ("nsubj", "nsubjpass", "expl") for k in root.children):
        return False
    if root.tag_ == "VBD":  # a finite verb cannot lean on the next clause
        return True
    # "Soooo excited about the job, you guys were": an adjective (not "Due to ...", "Similar to ...", which lead
    # into a noun the way "Based on ..." and "Given ..." do)
    to = root.i + 1 < comma and doc[root.i + 1].lower_ == "to" and doc[root.i + 1].dep_ == "prep"
    return root.pos_ == "ADJ" and not to and doc[comma + 1].lower_ not in ("i", "we")


def _series(doc, start: int, end: int) -> bool:
    """Is the next comma after `start` (in the sentence) followed by "and", "or"? Scans only to that comma."""
    for t in doc[start:end]:
        if t.text == ",":
            return t.i + 1 < end and doc[t.i + 1].dep_ == "cc"
    return False
