"""Does the body mention anything concrete from the interview, or only what fits any company?

A detail counts when it names something in particular (a person, place, product or tool, a number,
or a word rarer than everyday English, measured with wordfreq) and is not the writer's own background
("my five years in the ICU"), the job's title or the employer's name, praise of a vague thing
("the exciting work your team is doing"), what anyone can read about the employer ("I saw on your
website that ...") or the meeting's own medium and place ("the Zoom interview at the Leeds office"). A thing named
in everyday words ("the new turf area") counts only in a sentence about the interview itself."""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left
from typing import Iterable, Iterator

from ..diagnostic import Finding
from ..draft import CONTACT
from ..text import (CONVERSATION_NOUNS, CONVERSATION_VERBS, LEGAL, MEETING_NOUNS, MODALS, clause_subject, dotted_abbreviation,
                    fold, reports_conversation, telling_verb, word_sets, zipf)

# a verb's children that are clauses of their own, judged on their own ("I have added X, as you said Y")
CLAUSES = {"conj", "advcl", "ccomp", "parataxis", "relcl", "csubj", "mark", "cc", "punct", "nsubj", "nsubjpass", "acl", "dep"}
# the verbs that only an exchange does (not "I introduced poka-yoke fixtures", "covering 40,000 lives", "I enjoyed ...",
# which other sentences use too)
_EXCHANGE_VERBS = {"discuss", "mention", "talk", "chat", "describe", "explain", "tell", "ask", "say"}
SECOND_PERSON = {"you", "your", "yours", "yourself", "u", "ur"}
CONCRETE_ENTITIES = {"PERSON", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "NORP", "LAW", "WORK_OF_ART", "ORG", "QUANTITY",
                     "PERCENT", "MONEY", "CARDINAL"}
# a date written in figures ("on 05/12", "12.05.2024"): when the interview was, not what it was about
_DATE_SHAPE = re.compile(r"\d{1,4}([/.-])\d{1,2}(?:\1\d{2,4})?")
# a template's slot where the detail should go ("[something you discussed]") is the placeholder rule's finding
_DETAIL_SLOT = re.compile(r"(?i)(?:\b|_)(?:learn\w*|discuss\w*|topics?|projects?|tidbit|details?|specific|talk(?:ed)? about|"
                          r"talking[\s_-]?points?|conversation\w*|notes?|"
                          r"takeaway|something\s+(?:about|personal|from|you|relevant))\b")
# ... and a blank that stands where the topic goes: "our conversation about xxxxx", "what you said about ___"
_BLANK = re.compile(r"(?i)x+|_+|\[\s*\]|\(\s*\)|TBD|TK")
_TOPIC_BEFORE = re.compile(r"(?i)\b(?:discuss\w*|conversation|chat|talk\w*|said|mentioned|learn\w*|hear\w*)\s+"
                           r"(?:(?:about|on|regarding|of)\s+)?(?:the\s+|your\s+)?$")


def check(ctx) -> Iterable[Finding]:
    draft = ctx.draft
    prose = draft.prose
    if not any(draft.text[s:e].strip() for s, e in prose):
        return
    if next(details(ctx), None) is not None:
        return  # one detail is enough
    if any(_DETAIL_SLOT.search(draft.text[s:e])
           or _BLANK.fullmatch(draft.text[s:e]) and _TOPIC_BEFORE.search(draft.text[max(0, s - 60):s])
           for s, e in draft.placeholders if any(a <= s < b for a, b in prose)):
        return
    start, end = prose[0]
    first = re.search(r"\S[^\n]*", draft.text[start:end]) or re.search(r"\S[^\n]*", draft.text[prose[-1][0]:prose[-1][1]])
    s = start + first.start() if first else start
    yield Finding(s, s + len(first.group()) if first else s)


def details(ctx) -> Iterator:
    """The tokens of the body that point at something in particular from the interview, in order."""
    draft, o = ctx.draft, ctx.options
    words = word_sets(o)
    doc = draft.doc
    prose = draft.prose
    contact = {i for s, e in prose for m in CONTACT.finditer(draft.text, s, e) for i in range(*m.span())}
    starts = [t.idx for t in doc]
    inside = [t for s, e in prose for t in doc[bisect_left(starts, s):bisect_left(starts, e)]  # tokens starting in it
              if not draft.is_placeholder(t.idx, t.idx + len(t)) and t.idx not in contact]
    greeted, signed = ({w.lower() for w in re.findall(r"\w+", draft.part(p))} for p in ("greeting", "signature"))
    reader = greeted | signed
    mine, told, around, said, role = _contexts(inside, words, greeted - signed)
    employer = _employer_names(doc, inside, words, mine)
    # the job's title is no detail, nor are its words elsewhere ("the Grade 10 science teaching position" ... "the
    # challenges ahead for the science department")
    title = {doc[i].lower_ for i in role - told if doc[i].pos_ in ("NOUN", "PROPN", "ADJ")}
    # the writer's own, the job's, what anyone can read about the employer, and the meeting's own where and how
    unsaid = (mine | _public(inside, employer, words) | _logistics(inside, words)) - told
    known = reader | employer | title | _medium(inside, words)  # words of names and titles, no detail wherever they stand
    candidates = [tok for tok in inside
                  if not (tok.i in unsaid or tok.is_stop or tok.is_punct or tok.lower_ in known
                          or tok.dep_ == "advmod"  # a word used as an adverb names nothing: "Let me know ASAP"
                          or tok.dep_ == "npadvmod" and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children)
                          and not any(c.dep_ in ("nummod", "compound", "amod") for c in tok.children)  # "Thanks a million"
                          or tok.ent_type_ in ("DATE", "TIME") or _DATE_SHAPE.fullmatch(tok.text) or _thanked_for(tok, words)
                          or _awaited(tok)
                          or tok.lemma_.lower() in words["generic_nouns"]
                          or tok.pos_ not in ("NOUN", "PROPN", "NUM") and not tok.like_num)]
    # names and numbers first: they need no word frequencies (wordfreq is loaded only when it must be)
    yield from (tok for tok in candidates if _named(tok) and not _vague(tok, words))
    yield from said  # what the interviewer said, as said: "you mentioned that the work is in the mornings"
    scene = _in_the_room(inside, words, told | around)
    for tok in candidates:
        reported = tok.i in told or (tok.i in around and tok.i not in mine)
        # a thing in everyday words ("the new turf area", "the sales targets") counts where the sentence is about the
        # interview; a rare word counts anywhere ("the kaizen board")
        concrete = _concrete(tok, words, o) and (tok.sent.start in scene or _rarity(tok) < o["rare_zipf"])
        if not _named(tok) and not _vague(tok, words) and (concrete or reported and _named_in_report(tok, words, o)):
            yield tok


def _rarity(tok) -> float:
    """How common the word is, as written or as its lemma, whichever is rarer (wordfreq's Zipf scale)."""
    return min(zipf(tok.lower_), zipf(tok.lemma_.lower()))


def _in_the_room(inside, words, reported: set[int]) -> set[int]:
    """The starts of the sentences about the interview itself: the reader or the exchange in them ("you", "as we
    discussed", "hearing how ..."), what was done or seen there ("the test", "the tour", "looks", "that consumer unit
    swap"), and the sentence right after the thanks for the meeting ("Thanks for the tour today!! The new turf area
    is sick")."""
    scene = {t.sent.start for t in inside if t.i in reported or _of_interview(t, words)
             or t.lemma_.lower() in words["scene_words"] or t.lower_ in ("that", "this", "those", "these") and t.dep_ == "det"}
    # (a sentence without the writer in it, "If the Saturday clinic cover is still open, ...", is about the workplace)
    scene |= {t.sent.start for t in inside if t.is_sent_start and not any(k.lower_ in ("i", "me", "my", "we", "our") for k in t.sent)}
    thanks = {"thank", "thanks", "cheers", "appreciate"}
    return scene | {t.sent.end for t in inside if t.lemma_.lower() in words["meeting_nouns"] | words["scene_nouns"]
                    and any(k.lemma_.lower() in thanks for k in t.sent)}


def _thanked_for(tok, words) -> bool:
    """What the note thanks the reader for is the meeting itself ("Thank you for the phone screen", "Thanks for
    the ride-along"); what hangs from it can still be a detail ("the tour of the roastery"). The word that
    thanks is no detail either, however it is spelt ("Thx for the interview", "Shot for the chat today")."""
    if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ == "for":
        return tok.head.head.lemma_.lower() in ("thank", "thanks") or _thanks_word(tok.head.head, words)
    return _thanks_word(tok, words)


def _awaited(tok) -> bool:
    """The answer the note waits for: "I look forward to your favourable reply", "Hoping for a positive response"
    (what hangs from it can still be a detail: "the Henley wedding")."""
    head = tok.head
    if tok.dep_ == "dobj":
        return head.lemma_ == "await"
    verb = head.head
    return tok.dep_ == "pobj" and (
        head.lower_ == "to" and (verb.lower_ == "forward" or any(c.lower_ == "forward" for c in verb.children))
        or head.lower_ == "for" and {verb.lemma_, verb.lower_} & {"wait", "hope", "hoping"})  # "Hoping" opening: lemma "hop"


def _thanks_word(tok, words) -> bool:
    """A sentence's first word that is "for" the meeting: "Thx for the interview", "Cheers for the chat"."""
    return tok.is_sent_start and any(
        c.dep_ == "prep" and c.lower_ == "for"
        and any(g.dep_ == "pobj" and g.lemma_.lower() in words["generic_nouns"] for g in c.children)
        for c in tok.children)


def _named(tok) -> bool:
    """A proper name ("Ward 14", "Kubernetes") or a number ("60 vendors"); not an everyday word the tagger took
    for a name because it opens the sentence ("Hope to hear from you") or is that common ("and God bless")."""
    # an entity of one word that is an everyday word opening its sentence ("Super pumped to ...", "Wanna start")
    # is the tagger's guess, not a name
    alone = not tok.ent_type_ or (tok.is_sent_start and tok.ent_iob_ == "B"
                                  and (tok.i + 1 == len(tok.doc) or tok.doc[tok.i + 1].ent_iob_ != "I"))
    if tok.pos_ == "PROPN" and alone and (zipf(tok.lower_) >= (4.0 if tok.is_sent_start else 5.0)
                                          or dotted_abbreviation(tok.text)):
        return False  # "Thank you and God bless", "P.S."
    return (tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.text != "I") or tok.pos_ == "NUM" or (
        tok.like_num and tok.ent_type_ in CONCRETE_ENTITIES)


def _told_by(verb, reader: set[str]) -> bool:
    """Telling by a named interviewer: the reader ("when Lorraine showed me the screen", with "Dear Dr. Hale and
    Lorraine") or a titled person ("the question Mr. Bello asked")."""
    if verb.pos_ != "VERB" or not telling_verb(verb) or any(c.dep_ == "aux" and c.tag_ in ("MD", "TO") for c in verb.children):
        return False
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subj is not None and subj.pos_ == "PROPN" and (
        subj.lower_ in reader or _titled([t for t in subj.subtree if t.dep_ == "compound"] or [subj]))


def _contexts(inside, words, reader: set[str] = frozenset()) -> tuple[set[int], set[int], set[int], list, set[int]]:
    """Token indices of (the job's title and the writer's own background; what the interviewer said or
    showed, "the training you showed me"; the sentences that report it), the verbs that report a
    statement ("you mentioned that the work is in the mornings"), and the job's title alone."""
    mine: set[int] = set()
    role: set[int] = set()
    told: set[int] = set()
    around: set[int] = set()
    said: list = []
    for tok in inside:
        if tok.lemma_.lower() in words["role_nouns"] and tok.pos_ in ("NOUN", "PROPN") and tok.tag_ not in ("NNS", "NNPS") \
                and not (tok.dep_ == "compound" and tok.head.pos_ == "NOUN" and tok.head.lemma_.lower() not in words["role_nouns"]
                         and tok.head.lemma_.lower() not in words["meeting_nouns"]):  # "the role-play about ...", not a job
            phrase = [t.i for t in _phrase(tok)]  # "the Senior Accountant position at Caldwell & Pryor"
            role.update(phrase)
            mine.update(phrase)
        elif _own(tok, words) or _said_of_mine(tok, mine, words):  # "my seven years in public accounting", "I led ...",
            # "experience in sales", "my four years on the front desk have given me a grounding in bookings"
            if tok.pos_ in ("NOUN", "PROPN"):
                mine.update(t.i for t in tok.subtree)
            else:  # a verb: its objects, not the clauses joined to it ("I have added X, as you said Y")
                mine.add(tok.i)
                # (a noun joined to the verb is the tagger's slip for its object: "running a programme in isiZulu and
                # English")
                mine.update(t.i for c in tok.children if c.dep_ not in CLAUSES or _since(c)
                            or c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")
                            # "I am Six Sigma Yellow Belt certified", with "certified" parsed as a clause of its own
                            or c.dep_ == "ccomp" and c.lower_ in words["self_adjectives"] for t in _own_words(c))
        if _offered(tok):  # what the writer offers to bring or do, not yet anything of the reader's: "I can send a
            # sample dashboard", "I would be glad to put together a similar plan", "happy to come in for a trial shift"
            mine.update(t.i for t in tok.subtree)
        if tok.dep_ == "dobj" and tok.head.lemma_ == "join":  # "to join your school community": the employer
            mine.update(t.i for t in tok.subtree)
        if tok.dep_ == "prep" and tok.lower_ == "as" and any(c.dep_ == "pobj" and c.pos_ == "NOUN" for c in tok.children) \
                and (subj := clause_subject(tok.head)) is not None and subj.lower_ in ("i", "we"):
            mine.update(t.i for t in tok.subtree)  # what the writer is: "As a recent graduate from Ohio State, I ..."
        if tok.pos_ == "VERB" and tok.lemma_.lower() in ("hear", "learn") and _by_me(tok) \
                and not any(_modal(a) for a in (tok, *tok.ancestors)):  # (heard, glad to hear; not a plan to learn)
            # what the writer heard said: "I was interested to hear that the ward's falls audit showed ...", "hear how you
            # opened the practice with two chairs" (a statement, not a topic: "learning about the company")
            told.update(t.i for c in tok.children if c.dep_ == "ccomp" and _own_subject(c) is not None for t in c.subtree)
        if reports_conversation(tok) or _told_by(tok, reader):  # "the training you showed me": the noun it describes too
            told.update(t.i for t in (tok.head if tok.dep_ in ("relcl", "acl") else tok).subtree)
            if tok.pos_ == "VERB":  # "(the migration ...) that you described": its sentence, whatever the parse
                around.update(t.i for t in tok.sent)
                if any(c.dep_ == "ccomp" and _statement(c) for c in tok.children):
                    said.append(tok)
    body = {tok.i for tok in inside}
    for sent in (s for s in (inside[0].doc.sents if inside else ()) if s.root.i in body):
        root = sent.root
        subj = clause_subject(root) if root.pos_ in ("VERB", "AUX") else None
        writer = root.i in mine and subj is not None and subj.lower_ == "i" or subj is None and root.pos_ == "VERB" and any(
            t.i in mine and t.pos_ in ("VERB", "AUX") and (s := _own_subject(t)) is not None and s.lower_ == "i" for t in sent)
        if writer and not any(t.i in told or t.i in around or _of_interview(t, words) for t in sent):
            # a sentence about the writer, whatever hangs where: "I have served as Finance Director at two mid-cap food
            # manufacturers, most recently Dunmore Provisions, where I led ..."
            mine.update(_writers(root))
    return mine, told, around, said, role


_OFFER_ADJECTIVES = {"happy", "glad", "willing", "able", "keen", "eager", "ready", "available", "delighted", "pleased"}


def _beside(you) -> Iterator[int]:
    """Who is listed with the reader is people met, however the parser joins them: "meeting you, Ms Mokoena from
    Finance and Mr Botha from the Durban depot", "with you and the Nurse Unit Manager", "interviewed by you, Dr. Sen
    and Prof. Mukherjee" (up to a verb or another preposition: "you and the team for the tour of the roastery")."""
    doc, j = you.doc, you.i + 1
    end = you.sent.end
    while j + 1 < end and doc[j].lower_ in (",", "and", "&"):
        j += 1
        if doc[j].lower_ == "and":
            j += 1
        if j >= end or not (doc[j].pos_ in ("DET", "PROPN", "NOUN", "ADJ") or doc[j].lower_ == "your"):
            return
        while j < end and doc[j].lower_ not in (",", "and", "&") and not doc[j].is_punct \
                and doc[j].pos_ not in ("VERB", "AUX", "PRON", "SCONJ") \
                and (doc[j].pos_ != "ADP" or doc[j].lower_ in ("of", "from", "on", "at", "in")) or doc[j].lower_ == "your":
            yield j
            j += 1


def _offered(noun) -> bool:
    """A noun phrase brought in new ("a", "another", "some"; "that same ...") by the writer's offer or plan: a clause
    with "I" and a modal ("I can send a sample dashboard", "I'd love to run a short tabletop exercise") or an adjective
    of willingness ("I'm happy to come in for a trial shift")."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return False
    dets = [c for c in noun.children if c.dep_ in ("det", "poss")]
    if dets and not any(d.lower_ in ("a", "an", "another", "some") or d.lower_ in ("that", "this", "those", "these")
               and any(c.dep_ == "amod" and c.lower_ in ("same", "similar") for c in noun.children) for d in dets):
        return False
    head = noun.head
    while head.pos_ not in ("VERB", "AUX") and head.dep_ in ("pobj", "prep", "dobj", "conj", "compound", "npadvmod") \
            and head.i != head.head.i:
        head = head.head
    while head.pos_ in ("VERB", "AUX", "ADJ"):
        subj = _own_subject(head)
        if subj is not None:
            return subj.lower_ == "i" and (_modal(head) or any(c.dep_ == "acomp" and c.lower_ in _OFFER_ADJECTIVES
                                                               for c in head.children))
        if head.dep_ not in ("xcomp", "acomp", "conj") or head.i == head.head.i:
            return False
        head = head.head
    return False


def _of_interview(tok, words) -> bool:
    """A word that brings the reader or the interview into a sentence: "you", "As discussed", "the panel", "I enjoyed
    talking about ...", "Loved hearing about ...", "Ms. Rahman's team"."""
    lemma = tok.lemma_.lower()
    return tok.lower_ in SECOND_PERSON or lemma in _EXCHANGE_VERBS or lemma in words["meeting_nouns"] | {"panel"} \
        or bool({lemma, *_stems(tok)} & {"hear", "learn", "see", "meet"}) and tok.lower_.endswith("ing") \
        or tok.i > 0 and _titled([tok.doc[tok.i - 1]])


def _writers(verb) -> Iterator[int]:
    """The writer's clause with everything that hangs from it, but for the clauses about others: "I'm glad [the next
    step is the mock cold call with Derek]"."""
    yield verb.i
    for c in verb.children:
        if c.dep_ == "dep":
            continue  # the parser's guess at a phrase it could not place: "That readmissions query stuck with me - I used ..."
        subj = _own_subject(c) if c.pos_ in ("VERB", "AUX") else None
        if subj is None or subj.lower_ == "i" or any(k.dep_ == "poss" and k.lower_ == "my" for k in subj.subtree) \
                or c.dep_ == "relcl" and subj.tag_ in ("WDT", "WP"):  # what the writer's thing did: "two detection rules
            # that cut false positives by 40 percent"
            # (and "[my Garda vetting] was renewed", "[full Teaching Council registration and my Garda vetting] was ...")
            yield from _writers(c)


def _medium(inside, words) -> set[str]:
    """Names of the meeting's medium or kind: "the MS Teams interview", "our Zoom call" (also where they recur:
    "... which is not always the case with Teams")."""
    return {w.lower_ for t in inside if t.dep_ == "compound" and t.pos_ == "PROPN"
            and t.head.lemma_.lower() in words["meeting_nouns"] for w in t.subtree}


def _logistics(inside, words) -> set[int]:
    """Where, when and with whom the meeting was held: "the walk-in interview held on 5th Aug at the Bhiwandi
    centre", "having me at your Quarry Bay office", "meeting me for coffee at Java House", "as discussed with Mr. Shinde"; not what it was about ("our
    call about the Pune rollout")."""
    out: set[int] = set()
    for tok in inside:
        if tok.lower_ in ("you", "u"):
            out.update(_beside(tok))
        if tok.pos_ == "VERB" and telling_verb(tok):  # "as discussed with Mr. Shinde": the interviewer, whom the reader
            # knows; "speak with me over Zoom": the medium
            out.update(t.i for c in tok.children if c.dep_ == "prep" and c.lower_ in ("with", "over", "via")
                       for t in c.subtree)
        met = [c for c in tok.children if c.dep_ == "dobj"]
        if tok.pos_ == "VERB" and tok.lemma_.lower() in words["meeting_verbs"] or met and _stems(tok) & words["meeting_verbs"]:
            # (a gerund with an object is a verb, whatever the tagger says: "It was a pleasure meeting you and Mr. Okonkwo")
            met_with = any(c.dep_ == "prep" and c.lower_ == "with" and (
                any(g.lower_ in ("me", "us", "you") for g in c.children) or tok.lemma_.lower() in ("meet", "interact"))
                for c in tok.children)  # "meeting with me on Tuesday, March 4, at your Bay Street office", "to interact
            # with the selection committee members"
            if any(c.lower_ in ("me", "us", "you") for c in met) or met_with or not met and tok.lemma_ in ("meet", "join"):
                # "meeting me at the Chadstone store", "having me in at the studio in Liberty Village", "... along with
                # the Medical Superintendent", "for joining from the Red Deer office"; and whoever was met beside the
                # reader: "meeting you and Mr. Castellano in the 14th floor conference room"
                out.update(t.i for h in (tok, *(c for c in tok.children if c.dep_ in ("prt", "advmod")))
                           for c in h.children if c.dep_ == "prep" and c.lower_ in ("at", "in", "with", "from", "over", "via")
                           for t in c.subtree)
                out.update(t.i for c in met for k in c.children if k.dep_ == "conj" for t in k.subtree)
        if tok.lemma_.lower() in ("thanks", "thank", "gratitude", "regards"):
            # whom the thanks are passed to: "please pass my thanks to the Dean and the faculty panel who sat through
            # my presentation" (not what for: "thanks to Kev for showing me the pick faces"); and where what is
            # thanked for was: "Thank you for meeting with me on Tuesday, at your Bay Street office"
            out.update(t.i for c in tok.children if c.dep_ == "prep" and c.lower_ in ("to", "at") for t in c.subtree)
        if tok.dep_ in ("prep", "dative") and tok.head.lemma_.lower() in ("pass", "extend", "give", "send", "convey") and (
                tok.lower_ == "to" or tok.lower_ == "from" and any(c.dep_ == "dobj" and c.lemma_.lower() in ("thanks", "thank", "gratitude")
                                                                   for c in tok.head.children)):
            out.update(t.i for t in tok.subtree)  # "please pass on my thanks to your Director of Income", "... to Karen from HR"
        if tok.lemma_.lower() == "thank" and tok.pos_ == "VERB":
            # whom else the writer thanks: "please thank Mr Botha for making time to join" (not what they did or said)
            for c in tok.children:
                if c.dep_ == "dobj" and c.lower_ not in ("you", "u", "me"):
                    said = {t.i for k in c.children if k.dep_ in ("relcl", "acl") for t in k.subtree}
                    out.update(t.i for t in c.subtree if t.i not in said)
        if tok.lemma_ == "be" and any(p.dep_ == "prep" and p.lower_ in ("from", "to", "near") and any(
                g.dep_ == "pobj" and any(k.dep_ == "poss" and k.lower_ in ("my", "our") for k in g.children) for g in p.children)
                for h in (tok, *(c for c in tok.children if c.dep_ in ("acomp", "attr"))) for p in h.children):
            # how far the workplace is from the writer's home: "your Joplin terminal is only twenty minutes from our
            # house", "the Grand Canal Dock office is a twenty-minute cycle from my flat", "the site is close to my home"
            out.update(t.i for t in _own_words(tok))
        if tok.is_sent_start and _commute(tok.sent):
            out.update(t.i for t in tok.sent)
        if tok.dep_ == "prep" and tok.lower_ == "via":  # the medium, wherever the parser hung it: "the interview
            # earlier via Zoom"
            out.update(t.i for t in tok.subtree)
        if tok.lemma_.lower() in words["availability_verbs"] and (
                _done_by_writer(tok) if tok.pos_ in ("VERB", "AUX") else
                all(c.lower_ in ("my", "our") for c in tok.children if c.dep_ == "poss")):  # not "you are moving to ..."
            # the writer's way to work: "the commute to your Midrand office would be straightforward", "travelling to
            # the Leeds site"
            out.update(t.i for c in tok.children if c.dep_ == "prep" and c.lower_ in ("to", "from") for t in c.subtree)
        if tok.lemma_.lower() not in words["meeting_nouns"]:
            continue
        # the meeting's title is the job's: "the Senior Scientist, Polymer Formulation interview"
        titled = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if tok.dep_ == "appos" and tok.head.pos_ == "PROPN":
            titled.append(tok.head)
        out.update(t.i for c in titled for t in (c, *(k for k in c.subtree if k.dep_ in ("compound", "det", "amod"))))
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "on" and any(g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in c.children):
                # "the interview on Thursday at your Sandton office" (not what is joined to it: "... and for taking me
                # along to the show day in La Lucia")
                out.update(t.i for g in c.children if g.dep_ == "pobj" for t in g.subtree)
            elif c.dep_ == "prep" and c.lower_ == "on" and tok.lemma_.lower() not in MEETING_NOUNS | {"chat"}:
                # "the interview on Google Meet": the medium's name only ("our chat on pricing" is its topic)
                out.update(t.i for g in c.children if g.dep_ == "pobj" and g.pos_ == "PROPN"
                           for t in (g, *(k for k in g.children if k.dep_ == "compound")))
            if c.dep_ == "prep" and c.lower_ in ("at", "in", "via", "over", "by", "with", "from") \
                    or c.dep_ == "acl" and c.lemma_.lower() in ("hold", "conduct", "schedule", "arrange"):
                out.update(t.i for t in c.subtree)
    return out


def _commute(sent) -> bool:
    """A sentence about the writer's way to work: "my home in Hadapsar is close to your Kharadi office", "My house in
    Pasay is only forty minutes away by jeepney", "the MRT ride from Bedok to Tampines takes me about twenty minutes",
    "The office being a short walk from Parramatta station would make the role practical for me"."""
    if not any(t.lower_ in ("i", "me", "my") for t in sent) or any(reports_conversation(t) for t in sent):
        return False  # (not "As you said the territory will be Giza, I am living in Sheikh Zayed")
    return any(
        # where the writer lives, near the workplace: "my home ... is close to your office" (not "close to what I ran")
        t.lower_ in ("close", "near") and any(c.dep_ in ("prep", "pobj") for c in t.children) and (subj := clause_subject(t)) is not None
        and any(c.dep_ == "poss" and c.lower_ in ("my", "our") for c in subj.children)
        or t.lower_ == "away" and any(c.ent_type_ in ("TIME", "QUANTITY") or c.lemma_ in ("minute", "hour", "mile", "km")
                                      for c in t.children)  # "forty minutes away" (not "blown away")
        or t.lemma_ in ("walk", "ride", "drive", "journey", "commute") and t.pos_ == "NOUN"
        and any(c.dep_ == "prep" and c.lower_ in ("from", "to") for c in t.children)  # "a short walk from Parramatta
        # station", "a short ride on the Bloor line to your office"
        or t.lemma_ == "take" and any(c.lower_ == "me" for c in t.children)  # "the MRT ride ... takes me twenty minutes"
        and any(c.ent_type_ == "TIME" and c.lemma_ in ("minute", "hour") for c in t.children)
        for t in sent)


def _public(inside, employer: set[str], words) -> set[int]:
    """What the employer is known for, said of the employer by name: "Arctic Blade's snowplough blades are a familiar
    sight across northern Ontario", "the Daily Courier's fearless reporting on corruption"; and what the writer
    found in a public source: "I saw on your website that the pharmacy now offers ...", "I read in the news ..."."""
    public: set[int] = set()
    sources = words["public_sources"]
    for tok in inside:
        # (where it was read: "on your website", "in the Irish Times"; not "before release", "for the portfolio review")
        in_source = tok.pos_ == "VERB" and any(c.dep_ == "prep" and c.lower_ in _WHERE_READ and any(
            g.dep_ == "pobj" and g.lemma_.lower() in sources for g in c.children) for c in tok.children)
        if in_source and tok.dep_ in ("acl", "relcl") and any(c.dep_ == "prep" and c.lower_ == "on" for c in tok.children):
            public.update(t.i for t in tok.head.subtree)  # "the stewardship programme described on your website"
        if tok.pos_ == "VERB" and (
                in_source
                # what the writer read, or saw where anyone can: "I read the Business Times feature on ...",
                # "I saw your shop has 600 reviews on Google", "I was glad to see the university climb in the rankings"
                or tok.lemma_ in words["research_verbs"] and _by_me(tok)
                # what a public source says: "The posting mentions takeoffs in Bluebeam"
                or telling_verb(tok) and any(c.dep_ == "nsubj" and c.lemma_.lower() in sources for c in tok.children)
                or tok.lemma_ in ("see", "notice") and _by_me(tok) and any(  # "I saw the district's announcement of ..."
                    t.dep_ in ("pobj", "dobj") and {t.lemma_.lower(), t.lower_.rstrip("s")} & sources for t in tok.subtree)
                # news of the employer: "since the firm was named Audit Firm of the Year", "to see Vuka listed among the
                # Top Employers", "the checklist published in January", "the grant the library announced this spring"
                or tok.lemma_ in words["news_verbs"] and (
                    tok.tag_ == "VBN" or any(c.dep_ == "oprd" for c in tok.children)  # "named one of ..."
                    or _done_by_others(tok))):
            public.update(t.i for t in tok.subtree)
            if tok.lemma_ in words["research_verbs"] and tok.dep_ == "advcl" and tok.tag_ in ("VBG", "VBN") \
                    and not any(c.dep_ in ("nsubj", "mark") for c in tok.children) and _by_me(tok):
                # a sentence that opens with the reading: "Reading the library's strategic plan, I was glad to see the
                # focus on newcomers": what it goes on to see is what was read
                public.update(t.i for t in tok.sent)
        if tok.lemma_.lower() in sources and tok.i + 1 < len(tok.doc) and telling_verb(tok.doc[tok.i + 1]) \
                and not any(c.dep_ == "poss" or c.lower_ in ("you", "your") for c in tok.children):
            # what a source says, however the tagger read it: "The posting mentions takeoffs in Bluebeam" (with
            # "mentions" taken for a noun)
            public.update(t.i for t in tok.doc[tok.i:tok.sent.end])
        if tok.lemma_.lower() in ("congratulation", "congratulate", "congrats"):
            # the employer's news, congratulated: "Congratulations also on the recent award at the Africa Fintech Summit"
            public.update(t.i for t in (tok.sent if tok.is_sent_start else tok.subtree))  # (however the opening is parsed)
        if tok.lemma_.lower() in words["stance_words"] and not _by_me(tok) and not any(
                c.dep_ == "poss" and c.lower_ in ("my", "our") for c in tok.children):
            public.update(t.i for c in tok.children if c.dep_ == "prep" and c.lower_ in ("to", "on", "of", "in", "for")
                          for t in c.subtree if not _named(t))
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in words["generic_nouns"] \
                and any(c.dep_ == "poss" and c.lower_ in ("your", "its", "their") for c in tok.children):
            public.update(t.i for t in tok.subtree)  # praise of any employer: "a company of your calibre", "... of your repute"
        if tok.dep_ == "amod" and tok.lower_ in ("public", "published", "publicly"):  # "the public API documentation"
            public.update(t.i for t in tok.head.subtree)
        # what the employer or a public source has: "the company's Level 1 B-BBEE status", "the advert's emphasis on
        # relationship-based practice", "Your annual report's figures ... make a strong case to funders"
        if tok.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "poss" and c.ent_type_ not in ("DATE", "TIME")  # not "Tuesday's conversation"
                                                     and (c.lower_ in employer or c.lemma_.lower() in sources
                                                          or c.lower_ in ("company", "firm")
                                                          and any(k.dep_ in ("det", "poss") for k in c.children))
                                                     for c in tok.children):
            said_of = tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX")
            public.update(t.i for t in (_own_words(tok.head) if said_of else tok.subtree))
        if tok.dep_ == "conj" and any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in tok.children) \
                and (tok.head.lower_ in employer or tok.head.lemma_.lower() in words["generic_nouns"]):
            # the employer's own, named after it: "the company and its work with smallholder farmers in the region",
            # "the firm and its approach to client service"
            public.update(t.i for t in tok.subtree)
    return public


_WHERE_READ = {"on", "in", "from", "at", "through", "via", "according", "to"}


def _done_by_others(verb) -> bool:
    """"the grant the library announced": done by someone other than the writer and the reader."""
    subj = clause_subject(verb)
    return subj is not None and subj.lower_ not in ("i", "we", "you", "u")


def _done_by_writer(verb) -> bool:
    """The verb's own subject is the writer: "I commute", not "you are moving to ..." nor a subjectless gerund."""
    subj = clause_subject(verb)
    return subj is not None and subj.lower_ in ("i", "we")


def _by_me(verb) -> bool:
    """The writer's doing: "I read ...", and a gerund with no subject of its own, "Since reading in The Business
    Times about ..." (whose doer is the writer)."""
    subj = clause_subject(verb)
    if subj is None:
        return verb.tag_ == "VBG" and verb.dep_ in ("pcomp", "advcl")
    return subj.lower_ in ("i", "we")


def _since(clause) -> bool:
    """A clause that dates the writer's doing: "(I have done it) since Ontario expanded pharmacist prescribing"."""
    return clause.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in ("since", "until", "before", "after", "when", "while") for c in clause.children)


def _said_of_mine(verb, mine: set[int], words) -> bool:
    """A verb whose subject is the writer's own background: "my four years at a GP surgery have given me ..."
    (not a copula: "my favourite part was the tour of the kiln" names the interview)."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    subj = clause_subject(verb)
    if verb.lemma_ == "be":  # "my notice period is 60 days"; but "my favourite part was the tour of the kiln"
        return subj is not None and subj.i in mine and subj.lemma_.lower() in words["self_nouns"] | words["availability_nouns"]
    return subj is not None and subj.i in mine


def _own_words(tok) -> Iterator:
    """What hangs from the writer's verb, without the statements about others inside it: "I wanted to note
    [that the interpreter relay introduced delays]"."""
    yield tok
    for c in tok.children:
        if not (c.dep_ == "ccomp" and _statement(c)) and not _likened(c):
            yield from _own_words(c)


def _likened(prep) -> bool:
    """The reader's own thing the writer's is likened to: "headsets [like the ones on your chilled aisle]", "a rota
    [similar to your four-on-four-off]"."""
    return prep.dep_ == "prep" and (prep.lower_ == "like" or prep.lower_ == "to" and prep.head.lemma_ in ("similar", "same")) \
        and any(k.dep_ == "poss" and k.lower_ in ("your", "ur") for k in prep.subtree)


def _statement(clause) -> bool:
    """A clause about something other than the writer and the reader: "that it will take initiative", not
    "you would be in touch"."""
    subj = _own_subject(clause)
    return subj is not None and subj.lower_ not in ("i", "you", "we", "me")


def _own_subject(clause):
    """The clause's own subject, if it has one (not one shared with the clause it hangs from)."""
    return next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)


def _named_in_report(tok, words, o) -> bool:
    """In what the interviewer said, any noun less than everyday counts: "your point about visibility"."""
    return tok.pos_ in ("NOUN", "PROPN") and _in_phrase(tok) and zipf(tok.lemma_.lower()) < o["common_zipf"] \
        and not _reported(tok, words) and not _quality(tok)


def _concrete(tok, words, o) -> bool:
    """A noun rarer than everyday English, or a compound of two particular words ("the night crew")."""
    if tok.pos_ != "NOUN" or not tok.is_alpha or not _in_phrase(tok):
        return False
    rarity = _rarity(tok)
    if rarity < o["rare_zipf"]:
        return not _misspelt(tok, words) and not _quality(tok)
    if tok.lower_.endswith("ing") and _reported(tok, words):
        return False  # "our conversation and hearing about ...": the act of listening
    # a compound of two content words: "the night crew", "the sales targets", "the new booking system"; an
    # adjective particularises only beside a less common word: "fresh pasta", not "huge potential"
    return any(_particularises(c, rarity, words, o) for c in tok.children)


def _particularises(mod, rarity: float, words, o) -> bool:
    """Does this modifier make its noun (of that rarity) a particular thing? A compound does when either word
    is less than common ("the booking system"); an adjective only beside a less common word ("fresh pasta",
    not "huge potential"); a participle only if it is less common itself ("distributed systems", not "the
    expected timeline"); a date ("the Thursday meeting"), praise or a degree ("a clearer picture") never."""
    if mod.dep_ not in ("compound", "amod") or mod.pos_ not in ("NOUN", "PROPN", "ADJ", "VERB") or mod.is_stop \
            or mod.ent_type_ in ("DATE", "TIME") and (mod.pos_ == "PROPN" or mod.head.ent_type_ in ("DATE", "TIME")) \
            or mod.tag_ in ("JJR", "JJS") \
            or {mod.lemma_.lower(), mod.lower_} & (words["praise_adjectives"] | words["generic_nouns"]):
        return False
    least = min(rarity, zipf(mod.lower_))
    if mod.pos_ == "VERB":  # a participle
        return rarity < o["common_zipf"] and zipf(mod.lower_) < o["modifier_zipf"]
    if mod.dep_ == "compound" or mod.pos_ == "NOUN":  # (a noun the parser hung as an adjective: "every onboarding change")
        return least < o["common_zipf"]
    return rarity < o["common_zipf"] and least < o["modifier_zipf"]


def _reported(tok, words) -> bool:
    """"hearing about ...", "our discussion of ...": the act of telling, not what was told (a gerund the
    tagger took for a noun, "hearing", "seeing", is its verb's act)."""
    lemma = tok.lemma_.lower()
    if lemma in CONVERSATION_NOUNS:
        return True
    if lemma.endswith("ing"):
        stems = {lemma} | _stems(tok)
    elif tok.pos_ == "VERB":
        stems = {lemma}
    else:
        return False
    return any(w in words["reception_verbs"] or w in CONVERSATION_VERBS for w in stems)


def _stems(tok) -> set[str]:
    """The verbs a word in -ing may be the gerund of, however it was tagged: "hearing" -> "hear", "sharing" -> "share"."""
    word = tok.lemma_.lower() if tok.lemma_.lower().endswith("ing") else tok.lower_
    return {word[:-3], word[:-3] + "e"} if word.endswith("ing") else set()


def _quality(tok) -> bool:
    """A quality named on its own ("the professionalism of your team", "work with sincerity"): praise or a
    promise that fits any company, however rare the word; not one that names a kind of thing ("the
    accessibility audit")."""
    return tok.dep_ != "compound" and (tok.lemma_.lower().endswith(("ness", "ity", "ism"))
                                       # a trait of the writer's: "self-sufficiency", "self-motivation" (not "self-checkouts")
                                       or tok.tag_ == "NN" and tok.lower_.endswith(("cy", "ence", "ance", "ion", "ment"))
                                       and any(c.lower_ == "self" for c in tok.children))


def _misspelt(tok, words) -> bool:
    """A word no dictionary knows that is one slip from a word any note uses ("oppurtunity", "intrview"):
    a typo, not a trade term."""
    return zipf(tok.lower_) == 0 and bool(difflib.get_close_matches(tok.lower_, words["generic_nouns"], n=1, cutoff=0.85))


def _in_phrase(noun) -> bool:
    """A noun used as one, in a noun phrase ("the outage", "peanut balls"), not a misparsed verb ("aligns well")."""
    if any(c.dep_ == "advmod" for c in noun.children):
        return False
    return noun.dep_ in ("compound", "conj", "appos", "pobj") or noun.tag_ in ("NNS", "NNPS") or any(
        c.dep_ in ("det", "poss", "amod", "compound", "nummod", "prep", "acl", "relcl") for c in noun.children)


def _vague(tok, words) -> bool:
    """"the exciting projects", "your current initiatives": a vague head that only praise or time qualifies."""
    head = tok if tok.pos_ == "NOUN" else tok.head
    if head.lemma_.lower() not in words["vague_nouns"]:
        return False
    mods = [c for c in head.children if c.dep_ in ("compound", "amod", "nummod") and c.i != head.i]
    if any(_named(c) for c in mods):
        return False  # "the Henley project"
    return all(c.lemma_.lower() in words["praise_adjectives"] or zipf(c.lower_) >= 5.0 for c in mods)


def _phrase(tok) -> list:
    """A role noun with its noun phrase and what hangs from it: "the [Cashier] position at [Valley Foods] in [Umhlanga]"."""
    out = list(tok.subtree)
    head = tok.head
    while head.dep_ in ("compound", "amod") and head.i != head.head.i:
        head = head.head
    if head.pos_ in ("NOUN", "PROPN") and head is not tok:
        out += list(head.subtree)
    return out


def _own(tok, words) -> bool:
    """The writer's own background: "my ..." phrases, "experience in sales", and clauses with "I" that are
    not about the interview."""
    if tok.pos_ in ("NOUN", "PROPN"):
        owners = [c.lower_ for c in tok.children if c.dep_ == "poss"]
        if tok.lemma_.lower() in CONVERSATION_NOUNS:
            return False  # "our conversation about ...", "my question on ...": the interview, shared
        if any(w in ("my", "our") for w in owners):
            return True
        # "nine years of experience in talent management", "a background in retail"
        others = {"your", "his", "her", "their"}  # "eight years' experience on ferries" is mine; "your experience" is not
        return tok.lemma_.lower() in words["self_nouns"] and not others & set(owners) and any(
            c.dep_ == "prep" and c.lower_ in ("in", "of", "with", "across", "on", "at", "as", "within")
            or c.dep_ == "acl" and c.tag_ == "VBG"  # "six years designing consumer apps"
            for c in tok.children)
    if tok.pos_ == "ADJ" and tok.dep_ in ("conj", "acomp") and tok.lemma_.lower() in words["self_adjectives"]:
        subj = clause_subject(tok)  # "(I registered with the GPhC ...) and qualified as an independent prescriber"
        return subj is not None and subj.lower_ == "i"
    return tok.pos_ in ("VERB", "AUX") and _i_clause(tok, words)


def _i_clause(verb, words) -> bool:
    """"I completed my CTA at UKZN", "I used the same approach at St. Luke's": the writer's doing; but not
    "I enjoyed hearing how ..." or "I appreciated the tour of ...", which report the interview."""
    subj = clause_subject(verb)
    if subj is None or subj.lower_ not in ("i", "we"):
        return False
    if verb.pos_ == "AUX" or verb.lemma_ == "be":  # "I am a fresher" is about me; "I was impressed by ..." is not
        return verb.lemma_ == "be" and subj.lower_ == "i" and any(  # "I am experienced with the MoCA"
            c.dep_ == "attr" or c.dep_ in ("acomp", "ccomp") and {c.lemma_.lower(), c.lower_} & words["self_adjectives"]
            or c.dep_ == "aux" and c.lemma_ == "have"  # "I've been on the machine at Single O for three years"
            or c.dep_ == "prep" and not any(k.dep_ == "acomp" for k in verb.children)  # "I am at home on JCT contracts"
            for c in verb.children)
    if any(c.dep_ == "auxpass" for c in verb.children):  # "I was struck by your description of ...": a reaction
        # but "I am experienced with the MoCA" is about me, and so is what the writer is or has been, by no one's doing:
        # "I am coded for 6G pipe", "I'm registered with the HCPC"
        return verb.lower_ in words["self_adjectives"] or not any(c.dep_ == "agent" for c in verb.children) and any(
            c.dep_ == "auxpass" and c.tag_ in ("VBP", "VBZ") or c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
    lemma = verb.lemma_.lower()
    if lemma == "speak" and any(c.dep_ == "dobj" for c in verb.children):
        return True  # "I speak English, Kiswahili and conversational French": a skill, not a conversation
    if lemma == "come" and any(c.dep_ == "prep" and c.lower_ == "from" for c in verb.children):
        return True  # "Coming from six years at B&Q in Cwmbran, I ...": where the writer comes from
    if lemma in words["reception_verbs"] and not telling_verb(verb) and any(
            c.dep_ == "dobj" and any(k.dep_ == "poss" and k.lower_ in ("my", "our") for k in c.children) for c in verb.children):
        return True  # a light verb used on the writer's own: "(I) kept our food hygiene rating at 5"
    if telling_verb(verb) and lemma not in _EXCHANGE_VERBS and lemma not in words["reception_verbs"] and not any(
            _of_interview(t, words) or t.lower_ in ("me", "us") for t in verb.subtree):
        # a verb that can tell, said of the writer's own work, to no one: "At Kaiser I introduced a Jira reporting setup",
        # "I presented the results to the board" (not "I showed you my portfolio", "Walking the panel through ...")
        return not _modal(verb) and verb.dep_ != "xcomp"
    if lemma in words["reception_verbs"] or telling_verb(verb):
        return False
    if lemma in words["availability_verbs"] and (_modal(verb) or verb.dep_ == "xcomp"):
        return True  # "I can travel to Bournemouth the following week", "available to relocate to Perth by May"
    if _modal(verb) and (_tenure(verb) or verb.dep_ == "conj" and _modal(verb.head) and _tenure(verb.head)):
        return True  # "If appointed, I would aim to develop a unit on environmental epidemiology", "In my first 30 days I
        # would spend time on every shift", "..., and I would set up a reading corner": the writer's own plan
    if subj.lower_ == "we" and verb.dep_ == "relcl":
        return False  # "the teamwork activity where we had to build a tower": what happened in the interview
    # "I would love to ...", "I will send ...": plans and offers still name things from the conversation
    return not _modal(verb) and verb.dep_ != "xcomp"


def _tenure(verb) -> bool:
    """A plan set in the writer's time in the job: "If appointed, ...", "In my first 30 days ...", "By the end of the
    second month ..."."""
    return any(c.dep_ == "advcl" and any(k.dep_ == "mark" and k.lower_ == "if" for k in c.children)
               and c.lemma_.lower() in ("appoint", "hire", "select", "offer", "successful", "choose", "employ")
               or c.dep_ in ("prep", "npadvmod") and c.i < verb.i
               and any(t.ent_type_ == "DATE" or t.lower_ == "first" for t in c.subtree)
               for c in verb.children)


def _modal(verb) -> bool:
    """A plan or offer: "I will send", "I could travel" (not "I should have put ...", which is what the writer did)."""
    return any(c.dep_ == "aux" and c.lower_ in MODALS - {"should"} for c in verb.children)


def _employer_names(doc, inside, words, role) -> set[str]:
    """Words of names used as the employer's: after "at", "join", "contribute to", "work for"; before "'s
    team", "team" or a role noun; in the role phrase; doing "the work" or "what" of any employer;
    organisations named beside the interview or with a legal suffix ("Uttara Bank Ltd."). Other mentions of
    the same name are not details either."""
    names: set[str] = set()
    for run in _name_runs(doc, inside):
        first, last = run[0], run[-1]
        before = doc[first.i - 1] if first.i else None
        after = doc[last.i + 1] if last.i + 1 < len(doc) else None
        sent_words = {t.lemma_.lower() for t in first.sent}
        employer = (
            any(t.i in role for t in run)
            or (before is not None and (before.lower_ == "at" or before.lemma_.lower() == "join"
                                        or (before.lower_ in ("to", "for") and before.head.lemma_ in
                                            ("contribute", "bring", "return", "come", "belong", "work"))))
            or (after is not None and (after.lower_ in ("'s", "’s") and not _titled(run)  # not "Mrs. Okafor's question"
                                       or after.lemma_.lower() in words["role_nouns"] | {"team"}))
            or _doer_of_vague(last, words)
            or (any(t.ent_type_ == "ORG" for t in run)
                and (sent_words & (words["role_nouns"] | {"interview", "interviewer", "team", "join"})
                     or any(fold(t.text) in LEGAL for t in run)))
        )
        if employer:
            names.update(t.lower_ for t in run if t.pos_ == "PROPN")
    return names


def _titled(run) -> bool:
    """"Mrs. Okafor", "Dr Patel": a person, not a company."""
    return run[0].lower_.rstrip(".") in ("mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "chef")


def _doer_of_vague(tok, words) -> bool:
    """The name doing what fits any employer: "the great work Shamba Bora is doing", "what Nexa is building"; not
    how someone did a thing ("the way Mereana settled the new toddler")."""
    verb = tok.head
    return tok.dep_ == "nsubj" and verb.pos_ in ("VERB", "AUX") and (
        verb.dep_ == "relcl" and verb.head.lemma_.lower() in words["generic_nouns"] - {"way"}
        or any(c.dep_ == "dobj" and c.lower_ == "what" for c in verb.children))


def _name_runs(doc, inside):
    """Proper-noun runs, with the marks inside names: "St. Mary's Hospital", "Navneeth-Toptech", "Bain & Co"."""
    inside_i = {t.i for t in inside}
    run: list = []
    for tok in doc:
        joiner = run and tok.text in ("-", "&", "'s", "’s", ".", "of") and tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN" \
            and not doc[tok.i + 1].is_sent_start  # not "... on Wednesday. Mrs. Okafor"
        if tok.i in inside_i and (tok.pos_ == "PROPN" or joiner):
            run.append(tok)
            continue
        if run:
            yield run
        run = []
    if run:
        yield run
