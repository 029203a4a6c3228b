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
                or lowercase_style(sent)):
            continue  # after a slot, after a greeting on the same line ("Hi Bill, thank you"), or written lowercase
        replacements = tuple(r["value"] for r in m.get("replacements", [])[:MAX_SUGGESTIONS] if "value" in r)
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


# A word the speller does not know is a typo when one of its suggestions is a common word, spelt
# almost the same, and far more common than the word itself ("recieved" 2.75 -> "received" 5.16);
# trade terms ("kaizen", "repiping", "stoping"), other varieties' spellings ("colour" 4.49 -> "color"
# 4.91) and foreign words ("garde") fail one of the three. Zipf scale: 7 is "the", 3 is once a million.
COMMON = 4.6  # the intended word is an everyday one
CLOSE = 0.8  # difflib ratio between the word and the intended one
PULL = 1.5  # how much more common the intended word is
CLEAR = 0.8  # how much more common than the other close suggestions


def british(match: dict[str, Any]) -> bool:
    """A US English check's match on a British spelling ("'colour' is British English")."""
    return "British English" in match.get("message", "") and match.get("rule", {}).get("issueType") == "misspelling"


def misspelt(word: str, replacements: Sequence[str]) -> bool:
    """Is this unknown word a slip of the keyboard rather than a term, a name or another variety's spelling?"""
    import difflib

    from ..text import zipf

    own = zipf(word.lower())
    if len(word) < 3:
        return False  # "te" (Māori "the"), "Ol": too short to tell a slip from a word
    close = [(zipf(r.lower()), r) for r in replacements[:3]
             if difflib.SequenceMatcher(None, word.lower(), r.lower()).ratio() >= CLOSE]
    if not close:
        return False
    likely, best = max(close)
    # the intended word stands out among the close ones ("stopes": stops, stores, stones are all as likely)
    letters = lambda r: r.lower().replace(" ", "").replace("-", "")  # noqa: E731 ("a lot", "lot"; "thank-you")
    rivals = [z for z, r in close if letters(r) not in letters(best) and letters(best) not in letters(r)]
    return likely >= COMMON and likely - own >= PULL and all(likely - z >= CLEAR for z in rivals)


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
    split = [r for r in replacements if r.replace(" ", "").replace("-", "").lower() == word.lower()]
    return bool(split) and not any(FUNCTION_WORDS & set(r.lower().replace("-", " ").split()) for r in split)


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


