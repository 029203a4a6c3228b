"""What a draft sends to LanguageTool, and its matches mapped back into the draft and filtered.

What is sent: only the subject and the body (greeting, sign-off and the signature with its names,
e-mail addresses and phone numbers never leave the draft), each as its own paragraph, joined by a
blank line. Offsets are mapped back into `draft.text`. Matches touching a placeholder are dropped.

LanguageTool counts offsets in UTF-16 code units; Python strings index code points, so every
non-BMP character (most emoji) before a match shifts it by one. `Utf16Map` converts both ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

SENT_PARTS = ("subject", "body", "postscript")
MAX_SUGGESTIONS = 5


# ----------------------------------------------------------------- offsets


class Utf16Map:
    """Convert UTF-16 code-unit offsets of `text` into code-point offsets."""

    __slots__ = ("_cp",)

    def __init__(self, text: str) -> None:
        if text.isascii() or all(ord(c) < 0x10000 for c in text):
            self._cp = None  # identity
            return
        cp: list[int] = []
        for i, ch in enumerate(text):
            cp.append(i)
            if ord(ch) >= 0x10000:
                cp.append(i)  # low surrogate: same code point
        cp.append(len(text))
        self._cp = cp

    def __call__(self, unit: int) -> int:
        if self._cp is None:
            return unit
        if unit >= len(self._cp):
            return self._cp[-1]
        return self._cp[max(0, unit)]

    def end(self, unit: int) -> int:
        """Exclusive end: an end inside a surrogate pair covers the whole character."""
        if self._cp is None:
            return unit
        if unit >= len(self._cp):
            return self._cp[-1]
        cp = self._cp[unit]
        return cp + 1 if unit > 0 and self._cp[unit - 1] == cp else cp


# ----------------------------------------------------------------- what we send


@dataclass(frozen=True)
class Segment:
    sent_start: int  # code points into the sent text
    draft_start: int  # code points into draft.text
    length: int


def build_request(draft) -> tuple[str, list[Segment]]:
    """The text sent to LanguageTool and how it maps back into draft.text."""
    parts = getattr(draft, "parts", {}) or {}
    spans = [parts[p] for p in SENT_PARTS if p in parts and parts[p][1] > parts[p][0]]
    if not spans and not parts:  # no structure at all: the whole text
        spans = [(0, len(draft.text))]
    pieces: list[str] = []
    segments: list[Segment] = []
    pos = 0
    for start, end in sorted(spans):
        chunk = draft.text[start:end]
        # trim, keeping offsets exact
        lead = len(chunk) - len(chunk.lstrip())
        chunk = chunk.strip()
        if not chunk:
            continue
        if pieces:
            pieces.append("\n\n")
            pos += 2
        segments.append(Segment(pos, start + lead, len(chunk)))
        pieces.append(chunk)
        pos += len(chunk)
    return "".join(pieces), segments


@dataclass(frozen=True)
class Match:
    start: int  # code points into draft.text
    end: int
    message: str
    replacements: tuple[str, ...]
    rule_id: str
    category: str
    issue_type: str


def _guessed(text: str, start: int, end: int, replacements: Sequence[str]) -> bool:
    """Does a grammar match rest on a word rarer than everyday English (a trade term, a loanword) that it
    does not correct, in it or just before it? LanguageTool tags such a word by guesswork, and its grammar
    rules then misread the sentence ("the overfeed", "tamaiti's interest"); "informations" is corrected
    itself. Zipf 0 in wordfreq's small list: rarer than once in a million words."""
    from ..text import zipf

    before = re.search(r"([^\W\d_]+)[’']?\w*\W*$", text[max(0, start - 40):start])
    kept = set(re.findall(r"[^\W\d_]+", replacements[0].lower())) if replacements else set()
    inside = re.findall(r"[^\W\d_]+", text[start:end])
    words = [w for w in inside if w.lower() in kept] if len(inside) <= 2 else []  # "the overfeed", not a whole clause
    if before and not (inside and inside[0].lower() in _PREPOSITIONS):  # "unreconciled since two months": a
        words.append(before.group(1))  # rule on a preposition reads what follows it, not the word before
    return any(len(w) > 3 and w.islower() and zipf(w) == 0 for w in words)


_PREPOSITIONS = frozenset("since for to of in on at by with from than as into about".split())


CALENDAR = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may june "
                     "july august september october november december".split())


def _before_name(text: str, start: int, end: int, seg_start: int) -> bool:
    """Does a grammar match end where a name begins ("a Biggest Morning Tea", "the Walk for Shelter events")?
    A capitalised word inside a sentence is a name, and LanguageTool's grammar rules tag it as the common
    word it is spelt like."""
    after = re.match(r"\s*([^\W\d_][\w’'-]*)", text[end:end + 40])
    if not after or after.group(1) == "I" or not after.group(1)[:1].isupper() or after.group(1).lower() in CALENDAR:
        return False  # "on last Tuesday": a day's name is capitalised, and no name
    return _proper_noun(text, end + after.start(1), end + after.end(1), seg_start)


def _after_abbreviation(text: str, start: int) -> bool:
    """"my Pr.Eng. registration", "a B.Sc. in nursing": the dots end no sentence."""
    from ..text import dotted_abbreviation

    before = text[max(0, start - 24):start].split()
    return bool(before) and dotted_abbreviation(before[-1])


def _code_name(text: str, start: int) -> bool:
    """Is the word at `start` the part after a dot inside a name in code ("React.memo", "console.log", "os.path")? Not
    a missed space between sentences ("I went home.then I"): the left part is capitalised or the name is shaped like
    code (camelCase, an underscore, more dots, a call), and the right part is no word that opens a sentence."""
    from spacy.lang.en.stop_words import STOP_WORDS

    left = re.search(r"[\w.]*\w\.$", text[max(0, start - 60):start])
    right = re.match(r"\w[\w.()]*", text[start:start + 60])
    if not left or not right:
        return False
    name = left.group() + right.group()
    word = re.match(r"\w+", right.group()).group()
    shaped = name[:1].isupper() or re.search(r"[a-z][A-Z]|_|\(|\..*\.", name)
    return bool(shaped) and word.lower() not in STOP_WORDS


def _unhyphenated(text: str) -> str:
    return re.sub(r"[\s-]+", " ", text)


def _closed_up(text: str, suggestion: str) -> bool:
    """Is the suggestion the same compound written solid: "non-medical" -> "nonmedical", "lunch time" ->
    "lunchtime" (two content words; "on going" -> "ongoing" is a mistake)?"""
    parts = re.split(r"[\s-]+", text.strip())
    if len(parts) < 2 or "".join(parts).lower() != suggestion.lower():
        return False
    from spacy.lang.en.stop_words import STOP_WORDS

    return "-" in text or not any(p.lower() in STOP_WORDS for p in parts)


def _overlaps(a0: int, a1: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(s < max(a1, a0 + 1) and a0 < e for s, e in spans)


def map_matches(draft, sent: str, segments: Sequence[Segment], raw: list[dict[str, Any]]) -> list[Match]:
    conv = Utf16Map(sent)
    placeholders = list(getattr(draft, "placeholders", []) or [])
    out: list[Match] = []
    for m in raw:
        s = conv(int(m["offset"]))
        e = conv.end(int(m["offset"]) + int(m["length"]))
        seg = next((g for g in segments if g.sent_start <= s and e <= g.sent_start + g.length), None)
        if seg is None:  # spans the blank line between subject and body
            continue
        start = seg.draft_start + (s - seg.sent_start)
        end = seg.draft_start + (e - seg.sent_start)
        rule = m.get("rule") or {}
        rule_id = rule.get("id", "")
        if _overlaps(start, end, placeholders):
            continue
        if rule_id == "UPPERCASE_SENTENCE_START" and (
                _after_placeholder(draft.text, start, placeholders) or start == seg.draft_start
                or lowercase_style(sent) or _after_abbreviation(draft.text, start)):
            continue  # after a slot, a greeting on the same line ("Hi Bill, thank you"), an abbreviation, or written lowercase
        if rule_id == "LC_AFTER_PERIOD" and _code_name(draft.text, start):
            continue  # "wrapping the row in React.memo", "console.log": a name in code, not two sentences
        replacements = tuple(r["value"] for r in m.get("replacements", [])[:MAX_SUGGESTIONS] if "value" in r)
        if rule.get("issueType") != "misspelling" and _guessed(draft.text, start, end, replacements):
            continue  # "the overfeed", "tamaiti's interest": LanguageTool's tagger guessed at a word it does not know
        if (rule.get("category") or {}).get("id") == "GRAMMAR" and _before_name(draft.text, start, end, seg.draft_start):
            continue  # "a Biggest Morning Tea campaign": the rule read a name's words as common ones
        if any(r.count("-") > text.count("-") and _unhyphenated(r) == _unhyphenated(text) or _closed_up(text, r)
               for text in [draft.text[start:end]] for r in replacements):
            continue  # "top notch" or "top-notch", "lunch time" or "lunchtime", "non-medical" or "nonmedical": how
            # to write a compound is the writer's choice ("to follow-up with" is still wrong: there the hyphen goes)
        if rule.get("issueType") == "misspelling" and _acronym(draft.text[start:end]):
            continue  # "the second IM adrenaline dose": an acronym, whatever word it spells
        if rule.get("issueType") == "misspelling" and rule_id.startswith("MORFOLOGIK_RULE") and (
            _proper_noun(draft.text, start, end, seg.draft_start)
            or _jargon(draft.text[start:end], replacements)
            or british(m)  # another variety's spelling, not a mistake
            or not misspelt(draft.text[start:end], replacements)
        ):
            continue
        out.append(
            Match(
                start=start,
                end=end,
                message=m.get("message", ""),
                replacements=replacements,
                rule_id=rule_id,
                category=(rule.get("category") or {}).get("id", ""),
                issue_type=rule.get("issueType", ""),
            )
        )
    return out


# A word the speller does not know is a slip of the keyboard when one of LanguageTool's suggestions is
# what a slip would have produced: the edits people make by mistake (two letters swapped, a letter
# doubled or not, a vowel for a vowel) and few of them for the word's length, away from its first letter
# and its ending, into a word far more common than it ("recieving" -> "receiving", "disscussed" ->
# "discussed", "definately" -> "definitely"). Trade terms, loanwords and names are other words, not
# slips of one: "perio" and "practicum" differ from "period" and "practice" at the end, "spall" from
# "spell" by a whole letter in five, "whānau" from "Ghana" by much more. A word without such a
# suggestion is still a typo when the intended word is an everyday one, spelt almost the same and far
# more common, and stands out among the close suggestions. Zipf scale: 7 is "the", 3 once a million.
SLIP = 0.2  # at most this many slip-sized edits per letter of the word
SLIP_COMMON = 3.5  # the intended word is in ordinary use
ONE_SLIP_COMMON = 3.0  # ... or, for one swap of neighbours or one doubled letter ("dashbaord", "occured"), any word
# wordfreq's small list knows (it reads every word rarer than Zipf 3 as 0)
COMMON = 4.6  # without a slip-shaped edit, the intended word is an everyday one
CLOSE = 0.8  # difflib ratio between the word and the intended one
PULL = 1.5  # how much more common the intended word is
CLEAR = 0.8  # how much more common than the other close suggestions
VOWELS = frozenset("aeiouy")


def british(match: dict[str, Any]) -> bool:
    """A US English check's match on a British spelling ("'colour' is British English")."""
    return "British English" in match.get("message", "") and match.get("rule", {}).get("issueType") == "misspelling"


def misspelt(word: str, replacements: Sequence[str]) -> bool:
    """Is this unknown word a slip of the keyboard rather than a term, a name or another variety's spelling?"""
    import difflib

    from ..text import zipf

    low = word.lower()
    for r in replacements[:3]:
        if word.islower() and ("'" in r or "\u2019" in r) and r.replace("\u2019", "'").replace("'", "").lower() == low:
            return True  # the apostrophe left out: "im", "dont", "thats"
    if len(word) < 3:
        return False  # "te" (Māori "the"), "Ol": too short to tell a slip from a word
    own = zipf(low)
    for r in replacements[:3]:  # everyday words run together: "alot", "Thankyou" (not "Chenin", "Oticon")
        parts = r.lower().replace("-", " ").split()
        if len(parts) > 1 and "".join(parts) == low and all(zipf(p) >= COMMON for p in parts):
            return True
    close = [(zipf(r.lower()), r) for r in replacements[:3]
             if difflib.SequenceMatcher(None, low, r.lower()).ratio() >= CLOSE]
    if not close:
        return False
    letters = lambda r: r.lower().replace(" ", "").replace("-", "")  # noqa: E731 ("a lot", "lot"; "thank-you")

    def clear(best: str, likely: float) -> bool:  # stands out among the close ones ("stopes": stops, stores, stones)
        rivals = [z for z, r in close if letters(r) not in letters(best) and letters(best) not in letters(r)]
        return likely - own >= PULL and all(likely - z >= CLEAR for z in rivals)

    slips = [(z, r) for z, r in close if (word[:1].isupper() or not r[:1].isupper()) and slip(low, r.lower())]
    if slips:
        likely, best = max(slips)
        one = _slip_edits(low, best.lower())[0] <= 0.75
        if likely >= (ONE_SLIP_COMMON if one else SLIP_COMMON) and clear(best, likely):
            return True
    likely, best = max(close)
    return likely >= COMMON and clear(best, likely) and not _ending_only(low, best.lower())


def slip(word: str, intended: str) -> bool:
    """Could `word` be `intended` typed with a slip or two (see SLIP)?"""
    cost, where = _slip_edits(word, intended)
    return bool(where) and cost / len(word) < SLIP and min(where) > 0 and max(where) < len(word) - 2


def _slip_edits(word: str, intended: str) -> tuple[float, list[float]]:
    """Edit cost from `intended` to `word` (a swap of neighbours, a doubled or undoubled letter 0.75, a vowel
    for, added to or dropped from a word 1, any other letter 1.5) and where in `word` the edits are (a letter
    left out is between its neighbours: "facilit^es" is 6.5, before the ending, not in it)."""
    n, m = len(word), len(intended)
    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    step: list[list[tuple[str, float] | None]] = [[None] * (m + 1) for _ in range(n + 1)]

    def letter(text: str, i: int) -> float:  # adding or dropping text[i]
        doubled = (i > 0 and text[i - 1] == text[i]) or (i + 1 < len(text) and text[i + 1] == text[i])
        return 0.75 if doubled else 1.0 if text[i] in VOWELS else 1.5

    for i in range(n + 1):
        for j in range(m + 1):
            if not i and not j:
                continue
            options = []
            if i and j:
                same = word[i - 1] == intended[j - 1]
                c = 0.0 if same else 1.0 if {word[i - 1], intended[j - 1]} <= VOWELS else 1.5
                options.append((cost[i - 1][j - 1] + c, ("same" if same else "swap-letter", i - 1)))
            if i:
                options.append((cost[i - 1][j] + letter(word, i - 1), ("extra", i - 1)))
            if j:
                options.append((cost[i][j - 1] + letter(intended, j - 1), ("missing", i - 0.5)))  # between two letters
            if i > 1 and j > 1 and word[i - 1] == intended[j - 2] and word[i - 2] == intended[j - 1] != word[i - 1]:
                options.append((cost[i - 2][j - 2] + 0.75, ("transpose", i - 2)))
            cost[i][j], step[i][j] = min(options)
    where, i, j = [], n, m
    while i or j:
        kind, at = step[i][j]
        if kind != "same":
            where.append(at)
        i, j = {"same": (i - 1, j - 1), "swap-letter": (i - 1, j - 1), "extra": (i - 1, j),
                "missing": (i, j - 1), "transpose": (i - 2, j - 2)}[kind]
    return cost[n][m], where


def _ending_only(word: str, intended: str) -> bool:
    """The two differ only in their last two letters or by a tail ("perio"/"period", "etcd"/"etc",
    "practicum"/"practice"): another word of the trade, not a slip."""
    k = 0
    while k < min(len(word), len(intended)) and word[k] == intended[k]:
        k += 1
    return k >= min(len(word), len(intended)) - 2


def _proper_noun(text: str, start: int, end: int, seg_start: int) -> bool:
    """A capitalised word inside a sentence: a company, product or person name, not a typo.

    LanguageTool's speller flags "Brightwell" or "Okonkwo"; a follow-up note is full of such
    names. A capitalised word at the start of a sentence (or of the subject) is still checked.
    """
    word = text[start:end]
    if not word[:1].isupper():
        return False
    before = text[seg_start:start].rstrip(" \t\"'“‘(")
    if re.search(r"(?i)\b(?:mr|mrs|ms|dr|prof|st)\.$", before):  # "Dr. Amsel": a title, not a sentence end
        return True
    return bool(before) and before[-1] not in ".!?:\n"


# words that never close up with their neighbour: "alot", "thankyou", "infact", "aswell" are slips, while
# "superday", "runbooks", "stocktake" are a trade's own compounds
FUNCTION_WORDS = {"a", "an", "the", "you", "in", "as", "to", "of", "any", "every", "each", "no", "on", "at", "by"}


def _jargon(word: str, replacements: Sequence[str]) -> bool:
    """Compounds the dictionary lacks ("superday" -> "super day", "miso-glazed"), acronyms ("dbt"): not typos."""
    if "-" in word.strip("-") or any(c.isupper() or c.isdigit() for c in word[1:]):
        return True  # "miso-glazed", "BACnet", "iPhone", "COVID19", "SBAR": names, acronyms and jargon
    if not re.search(r"[aeiouy]", word.lower()):
        return True  # "dbt", "crm": an acronym written small
    split = [r for r in replacements if (" " in r or "-" in r) and r.replace(" ", "").replace("-", "").lower() == word.lower()]
    if not split:
        return False
    from spacy.lang.en.stop_words import STOP_WORDS

    # "allmost": "all most" closes up two small words, and "almost" is one slip away
    slipped = any(slip(word.lower(), r.lower()) for r in replacements if r not in split)
    return not any(FUNCTION_WORDS & set(parts) or slipped and all(p in STOP_WORDS for p in parts)
                   for r in split for parts in [r.lower().replace("-", " ").split()])


def _acronym(word: str) -> bool:
    """"IM", "CPG", "SpO2": one word with a capital after its first letter."""
    return len(word) >= 2 and word[:1].isupper() and any(c.isupper() for c in word[1:]) and " " not in word


def lowercase_style(sent: str) -> bool:
    """A note written in lowercase on purpose (its "i" or several sentences start small): the tone rules' business."""
    starts = re.findall(r"(?:^|[.!?]\s+)([a-zA-Z])", sent)
    return bool(re.search(r"(?<![\w'’])i(?=\s|['’])", sent)) or sum(c.islower() for c in starts) >= 2


def _after_placeholder(text: str, start: int, placeholders) -> bool:
    """A lowercase word right after '{{name}}.'/'[X]' etc.: the sentence start is a slot."""
    for _s, e in placeholders:
        if e <= start and not text[e:start].strip(" \t\r\n.!?:;,\"'"):
            return True
    return False


