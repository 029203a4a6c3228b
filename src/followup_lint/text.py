"""Text helpers shared by the checks and --stats: names, folding, stems, the greeting's addressee."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# titles before a name: "Dear Dr. Osei", "Hi Principal Park"
TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "principal", "dean", "coach", "chef",
          "judge", "captain", "capt", "officer", "pastor", "rev", "reverend", "superintendent", "sergeant", "sgt",
          "mme", "mlle", "herr", "frau", "shri", "smt", "sri"}
# legal suffixes of a company's name: "Acme Robotics, Inc." is "Acme Robotics"
LEGAL = {"inc", "llc", "corp", "corporation", "ltd", "limited", "co", "company", "gmbh", "plc", "ag", "sa", "llp",
         "pty", "pvt"}
SUFFIXES = ("ations", "ation", "ions", "ion", "ings", "ing", "ments", "ment", "ers", "er", "ies", "ed", "es", "e", "s", "y")


def fold(word: str) -> str:
    """Lowercase, accents and apostrophe style folded: "José" and "jose", "O’Neil" and "O'Neil" compare equal."""
    word = unicodedata.normalize("NFKD", word.replace("’", "'")).encode("ascii", "ignore").decode()
    return word.lower().strip(".'-")


def name_words(name: str) -> list[str]:
    """The words of a person's name, titles dropped: "Dr. Li Cheng" -> ["Li", "Cheng"]."""
    return [w for w in re.findall(r"[^\W\d_][\w'’.-]*", name) if fold(w) not in TITLES]


def org_words(text: str) -> list[str]:
    """Normalised words of an organisation's or a role's name: "Acme Robotics, Inc." -> ["acme", "robotics"]."""
    out = re.findall(r"[a-z0-9&]+", fold(text.replace("’s", "").replace("'s", "")))
    return [w for w in out if w not in LEGAL and w != "the"]


def stem(word: str) -> str:
    """A crude stem so that word families meet: migrate/migration/migrating -> "migrat", billing -> "bill"."""
    word = word.lower()
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def addressee(greeting: str) -> str:
    """The words after the salutation, without punctuation: '' when the greeting names nobody at all."""
    from .draft import SALUTATION

    m = SALUTATION.match(greeting)
    if m and re.match(r"(?i)to\s+whom", m.group("salute")):
        return ""
    rest = greeting[m.end("salute"):] if m else greeting  # "Good afternoon, Marisol," names Marisol
    return re.sub(r"[^\w' ’-]", " ", rest).strip()


# what the interviewer did in the conversation, and what came of it: "you mentioned", "as we discussed",
# "your point about", "her question on"
CONVERSATION_VERBS = {"mention", "describe", "say", "explain", "ask", "share", "show", "tell", "point", "note", "outline",
                      "walk", "discuss", "talk", "cover", "agree", "raise", "suggest", "highlight", "emphasise",
                      "emphasize", "stress", "present", "demonstrate", "introduce", "bring", "touch", "recommend",
                      "speak", "chat"}
# ... and the ones that tell only with their particle: "you brought up the rota" tells, "I bring six years" offers
_TELLS_WITH = {"bring": "up"}
CONVERSATION_NOUNS = {"description", "point", "question", "comment", "explanation", "remark", "overview", "mention",
                      "insight", "example", "story", "suggestion", "advice", "account", "walkthrough", "presentation",
                      "demo", "tour", "discussion", "conversation", "concern", "idea", "plan", "thought", "answer"}
# ... the ones that are an exchange in the interview even without "your": "the question about ...", "the story of ..."
EXCHANGE_NOUNS = {"question", "point", "comment", "remark", "story", "example", "explanation", "description", "suggestion",
                  "concern", "answer"}
# modal auxiliaries, as spaCy splits them ("ca" of "can't", "wo" of "won't"): "I can start", "I'd bring"
MODALS = {"can", "will", "would", "could", "'ll", "'d", "’ll", "’d", "ca", "wo", "shall", "should"}
PEOPLE = {"you", "we", "she", "he", "they", "u"}  # "the refresher u mentioned"
# nouns for the meeting itself: "our conversation" alone is any meeting; "our conversation about rotas" is this one
MEETING_NOUNS = {"discussion", "conversation"}


def telling_verb(tok) -> bool:
    """A verb of telling: "mention", "walk (through)", "bring up"; not "bring" alone."""
    lemma = tok.lemma_.lower()
    particle = _TELLS_WITH.get(lemma)
    return lemma in CONVERSATION_VERBS and (particle is None or any(c.lower_ == particle for c in tok.children))


def reports_conversation(tok) -> bool:
    """A word reporting the conversation: "(the plan) you described", "as we discussed", "your point about"."""
    lemma = tok.lemma_.lower()
    if telling_verb(tok) and tok.pos_ in ("VERB", "AUX"):
        if any(c.dep_ == "aux" and c.tag_ in ("MD", "TO") or c.dep_ == "mark" and c.lower_ == "if" for c in tok.children):
            return False  # telling yet to happen: "any feedback you could share", "if you want to discuss"
        return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in PEOPLE for c in tok.children)
    if lemma not in CONVERSATION_NOUNS:
        return False
    if not any(c.dep_ == "poss" and (c.lower_ in ("your", "our", "her", "his", "their") or c.ent_type_ == "PERSON"
                                     or c.lower_ == "my" and lemma == "answer")  # "my answer on data protection"
               for c in tok.children):  # "your point", "Mr Doyle's question"
        # "the point you made about ...", "the question she asked": a telling by its relative clause
        return any(c.dep_ == "relcl" and c.tag_ in ("VBD", "VBN") and any(k.dep_ == "nsubj" and k.lower_ in PEOPLE
                                                                          for k in c.children)
                   for c in tok.children) or (  # not "any questions you may have"
            # "the question about supporting a resident's family after a fall": the one the interview asked
            lemma in EXCHANGE_NOUNS and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
            and any(c.dep_ == "prep" and c.lower_ in ("about", "on", "of", "regarding", "around") for c in tok.children))
    return lemma not in MEETING_NOUNS or any(c.dep_ in ("prep", "acl", "relcl") for c in tok.children)


def clause_subject(tok):
    """The subject of tok's clause, or the one it shares: through "would be", open complements and
    conjoined clauses ("I hold a licence and [have] eight years on ferries"), loose continuations ("I have mentored
    new hires, [helped build] our CRM reporting process"), and participles
    ("I worked in MSK, [running] ACL programmes", "[Having worked] with KALRO, I am ...")."""
    for _ in range(4):
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
        if subjects:  # the nearest, where the parser gave two ("the last three running a team, and I hold a licence")
            return min(subjects, key=lambda c: abs(tok.i - c.i))
        if tok.dep_ == "ROOT" and tok.pos_ in ("VERB", "AUX"):  # a list of the writer's doings read as a clause and the
            # main verb: "I have run banqueting for 450 covers, [managed] a £2m budget, ..."
            shared = [k for c in tok.children if c.dep_ == "advcl" and c.i < tok.i and c.pos_ == "VERB"
                      and not any(m.dep_ == "mark" for m in c.children) for k in c.children if k.dep_ in ("nsubj", "nsubjpass")]
            if shared:
                return shared[-1]
        participle = tok.dep_ == "advcl" and not any(c.dep_ == "mark" for c in tok.children) and (
            tok.tag_ == "VBG" or any(c.lower_ == "having" for c in tok.children))  # "Having worked at KALRO, I ..."
        if (tok.dep_ not in ("xcomp", "conj", "acomp", "attr", "pobj", "prep", "dep") and not participle) or tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


_DOTTED = re.compile(r"(?:[A-Za-z]{1,4}\.){2,}")


def dotted_abbreviation(chunk: str) -> bool:
    """"Pr.Eng.", "B.Sc.", "(U.S.A.)": letters and dots, which end no sentence before small letters."""
    return bool(_DOTTED.fullmatch(chunk.strip("(),;:")))


def anchored(sent) -> bool:
    """Does the sentence point at the conversation itself: "you mentioned", "your point about", "as we discussed"?"""
    return any(reports_conversation(t) for t in sent)


_WORD_SETS: dict[tuple[int, ...], tuple[list, dict[str, set[str]]]] = {}


def word_sets(options) -> dict[str, set[str]]:
    """A rule's lists of words (options holding strings) as lower-case sets, made once per rule (every draft's
    options share the rule's lists), not once per draft. The lists are kept with the sets, so that their
    ids, the key, stay theirs."""
    lists = {k: v for k, v in options.items() if isinstance(v, list)}
    key = tuple(id(v) for v in lists.values())
    hit = _WORD_SETS.get(key)
    if hit is None:
        words = {k: {w.lower() for w in v} for k, v in lists.items() if all(isinstance(w, str) for w in v)}
        hit = _WORD_SETS[key] = (list(lists.values()), words)
    return hit[1]


@lru_cache(maxsize=None)
def zipf(word: str) -> float:
    """How common an English word is, on wordfreq's Zipf scale: 7 is "the", 3 is once in a million words.

    wordfreq's small English list (shipped inside the package, loaded in a tenth of a second) reads every
    word rarer than Zipf 3 as 0; the rules only ask whether a word is everyday, rare or rarer still."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en", wordlist="small")
