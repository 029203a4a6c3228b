"""Stock phrases: the rule's phrases and token patterns, and self-assessments that fit any job,
recognised by their shape in spaCy's parse. Neither counts in a sentence tied to the conversation
("Looking forward to hearing about next steps by Friday, as we discussed")."""

from __future__ import annotations

from typing import Iterable

from ..diagnostic import Finding
from ..kinds import existence
from ..text import MODALS, anchored, clause_subject, word_sets, zipf

ME = {"i", "me"}
RARE = 3.5  # wordfreq's Zipf scale: a word rarer than this names a skill in particular ("putaway", "GRN")

def check(ctx) -> Iterable[Finding]:
    draft, o = ctx.draft, ctx.options
    words = word_sets(o)
    doc = draft.doc
    found = [f for f in existence.check(ctx) if not _tied(doc, f.start, words)]
    taken = [(f.start, f.end) for f in found]
    for tok in doc:
        if not _claim(tok, words) or not draft.in_part(tok.idx, tok.idx + len(tok), ctx.rule.parts):
            continue
        start, end = _clause(tok)
        if not any(s < end and start < e for s, e in taken) and not _tied(doc, tok.idx, words):
            found.append(Finding(start, end, {"hint": o["claim_hint"]}))
            taken.append((start, end))
    return sorted(found, key=lambda f: f.start)


def _tied(doc, offset: int, words) -> bool:
    sent = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return sent is not None and anchored(sent.sent)


def _claim(tok, w) -> bool:
    """A claim about yourself that would fit any job."""
    lemma = tok.lemma_.lower()
    person = lemma in w["person_heads"] or (tok.dep_ == "attr" and tok.head.lemma_ == "be" and _said_of_me(tok.head))
    if (lemma in w["claim_heads"] or person) and (tok.pos_ in ("NOUN", "PROPN") or tok.dep_ == "acomp" and any(
            c.dep_ == "amod" for c in tok.children)):  # "I am perfect fit": the tagger reads "fit" as an adjective
        # "I am a strong candidate", "my skills make me an ideal fit", "a great fit ... for me"; a neutral
        # noun only with praise: "a valuable member of your team", not "a registered member of COREN"
        praise = {t for c in tok.children if c.dep_ in ("amod", "compound", "conj")
                  for t in (c.lemma_.lower(), c.lower_, "".join(x.text_with_ws for x in c.subtree).strip().lower())}
        if person and lemma not in w["claim_heads"] and not praise & w["praise_adjectives"]:
            return False  # "I am a dedicated young man" is praise; "I am a registered nurse" is a fact
        predicate = tok.dep_ in ("attr", "oprd", "acomp", "appos", "ccomp") or any(
            c.dep_ == "nsubj" and c.lower_ in ME for c in tok.children) or tok.dep_ == "conj" and tok.head.dep_ in (
            "attr", "oprd", "acomp")  # "I am hard working and a fast learner"
        return _judged(tok) and predicate and (_said_of_me(tok) or _said_of_me(tok.head) or
                                               (_for_me(tok) or _for_me(tok.head)) and _about_the_job(clause_subject(tok), w))
    if lemma in w["claim_adjectives"] and tok.dep_ in ("acomp", "amod", "conj", "ROOT"):
        # "I am well suited to the role"; not a credential in particular: "(I) qualified as an independent prescriber"
        return _said_of_me(tok.head if tok.dep_ in ("acomp", "conj") else tok) and not _particular([tok], names=True)
    if tok.pos_ != "VERB":
        return False
    # "my skills align with the requirements of the role", "my eye for detail lines up with what you are looking for"
    subject = clause_subject(tok)

    def plain() -> bool:
        """"my LPC distinction has given me a grounding in conveyancing", "I have good knowledge of WMS": skills in
        particular, no stock claim (but the employer's name is no particular: "my skills match what Acme needs")."""
        return lemma not in w["align_verbs"] | w["prepare_verbs"] | w["possess_verbs"] or not (
            _particular([subject], names=True) or _particular(_objects(tok), names=lemma in w["possess_verbs"]))

    if lemma in w["align_verbs"] and (_mine(subject) or subject is None and _possessed(tok)) and (  # (with "my experience"
        # misread as the verb's own: "I believe my experience aligns perfectly with the requirements of the role")
            any(t.lemma_.lower() in w["job_nouns"] for t in _objects(tok))
            or (subject.lemma_.lower() if subject is not None else "my") in w["self_nouns"] | ME
            and any(_sought(t) for t in tok.subtree)):
        return plain()
    if lemma in w["prepare_verbs"]:  # "my eight years have prepared me well", "it gave me the skills to succeed"
        return _possessed(subject) and any(c.lower_ == "me" for c in tok.children) and plain()
    if lemma in w["offer_verbs"]:  # "bring my skills to your team", "my passion for design to such a talented team",
        # "I would bring a great deal to the practice" (an amount of nothing named)
        # (not where what is brought names its skills, however parsed: "bring my experience teaching core French to
        # your team", "..., together with my experience training new staff on Opera Cloud")
        to = {t.i for c in tok.children if c.dep_ == "prep" and c.lower_ in ("to", "for", "at", "within") for t in c.subtree}
        return any(t.lemma_.lower() in w["self_nouns"] and _possessed(t) or t.dep_ == "dobj" and t.lemma_.lower() in w["amounts"]
                   for t in _objects(tok)) and \
            any(t.lemma_.lower() in w["employer_nouns"] for o in _objects(tok) for t in o.subtree) and \
            not _particular([t for t in tok.subtree if t.i not in to and t.i != tok.i and t.dep_ != "nsubj"], names=True, alone=True)
    if lemma in w["possess_verbs"]:  # "I possess excellent communication skills", "I have strong people skills"
        objects = _objects(tok)
        mine = [t for t in objects if t.lemma_.lower() in w["self_nouns"]]
        return subject is not None and subject.lower_ in ME and bool(mine) and (
            any(c.dep_ in ("amod", "conj") and c.lower_ in w["praise_adjectives"] for t in objects for c in t.subtree)
            or _assured(tok)  # "I am confident that I have the skills and experience"
            or any(c.lemma_.lower() in w["contribute_verbs"] for t in mine for c in t.subtree)) and plain()  # "... needed to succeed"
    if lemma in w["contribute_verbs"]:  # "I am confident I can contribute", "I know I can hit the ground running",
        # "I'd fit right in" (to fit in is to belong: a claim without "I am sure")
        return subject is not None and subject.lower_ in ME and _modal(tok) and (
            _assured(tok) or lemma == "fit" and not any(c.dep_ == "dobj" for c in tok.children)
            and any(c.lower_ == "in" and not any(g.dep_ == "pobj" for g in c.children) for c in tok.children)) and plain()
    return False


def _particular(phrases, names: bool, alone: bool = False) -> bool:
    """Do these phrases (or these words, `alone`) name skills or places in particular ("cycle counting", "FP&A at a
    regional bank")?"""
    return any(names and (t.pos_ == "PROPN" or sum(c.isupper() for c in t.text) >= 2)  # an acronym: "a CA(SA)", "CPA"
               or t.pos_ == "NOUN" and t.is_alpha and zipf(t.lower_) < RARE
               for p in phrases if p is not None for t in ((p,) if alone else p.subtree))


def _sought(tok) -> bool:
    """"what you are looking for", "what the team needs": the job's wants, in any words."""
    return tok.lower_ == "what" and any(t.lemma_.lower() in ("look", "need", "seek", "want", "require", "expect")
                                        for t in [*tok.head.subtree, *list(tok.ancestors)[:2]])  # however parsed


def _judged(noun) -> bool:
    """"a strong candidate", "an excellent fit", "the perfect match": an article or an adjective before it."""
    return any(c.dep_ in ("det", "amod") for c in noun.children)


def _said_of_me(tok) -> bool:
    """The noun or its verb has the writer as subject ("I would be a great addition", "make me a fit")."""
    return _mine(clause_subject(tok)) or any(c.dep_ == "nsubj" and c.lower_ in ME for c in tok.children)


def _for_me(tok) -> bool:
    """"a great fit for me", "an excellent match for my skills"."""
    return any(c.dep_ == "prep" and c.lower_ == "for" and any(t.lower_ in ("me", "my") for t in c.subtree)
               for c in tok.children)


def _about_the_job(subject, w) -> bool:
    """"this position is a great match for my skills": the subject is the job, not a detail of it."""
    return subject is None or subject.pos_ == "PRON" or subject.lemma_.lower() in w["job_nouns"] | w["employer_nouns"]


def _possessed(noun) -> bool:
    """"my skills", "my eight years", "my degree ... and my placement year"."""
    return noun is not None and any(c.dep_ == "poss" and c.lower_ == "my" for t in [noun, *noun.conjuncts] for c in t.children)


def _mine(subject) -> bool:
    return subject is not None and (subject.lower_ in ME or _possessed(subject))


def _objects(verb) -> list:
    """Objects of a verb and of its prepositions: "align with [the requirements] of [the role]"."""
    out = []
    for c in verb.children:
        if c.dep_ in ("dobj", "dative", "attr", "oprd"):
            out.append(c)
        elif c.dep_ in ("prep", "advmod", "prt"):
            out.extend(t for t in c.subtree if t.dep_ == "pobj" or t.pos_ in ("NOUN", "ADP"))
    return out + [t for o in list(out) for t in o.conjuncts]


def _modal(verb) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in MODALS for c in verb.children) or verb.dep_ == "xcomp"


def _assured(verb) -> bool:
    """Under "I am confident", "I am sure", "I believe", "I know": a claim, not a plan."""
    for anc in verb.ancestors:
        if anc.lemma_.lower() in ("confident", "sure", "certain", "convinced", "positive", "believe", "know", "feel", "think", "trust",
                                  "reckon"):
            return True
    return False


def _clause(tok) -> tuple[int, int]:
    """The span to underline: the clause around the claim, within its sentence."""
    top = tok
    while top.head.i != top.i and top.dep_ not in ("advcl", "relcl", "conj", "ROOT") and top.head.sent == tok.sent:
        top = top.head
    words = [t for t in top.subtree if not (t.is_punct and t.i in (top.left_edge.i, top.right_edge.i))]
    return words[0].idx, words[-1].idx + len(words[-1])
