"""Draft: the decoded file, its parts (subject, greeting, body, sign-off, signature) and placeholders."""

from __future__ import annotations

import bisect
import codecs
import email
import email.policy
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .text import zipf


class InputError(Exception):
    """A file that cannot be linted; the message is one line naming what is wrong."""


# --- decoding -------------------------------------------------------------------------------

def decode(data: bytes, where: str) -> tuple[str, str]:
    """Return (text, encoding) for UTF-8 (with or without BOM) or UTF-16 with BOM.

    Only the BOM itself is removed: a U+FEFF after it is text, and --fix writes it back."""
    if data.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8-sig", data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, body = ("utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"), data[2:]
    else:
        encoding, body = "utf-8", data
        if b"\x00" in data:
            raise InputError(f"{where}: binary file (NUL bytes); expected UTF-8 or UTF-16 text")
    try:
        text = body.decode("utf-8" if encoding.startswith("utf-8") else encoding)
    except UnicodeDecodeError as exc:
        name = "UTF-16" if encoding.startswith("utf-16") else "UTF-8"
        at = exc.start + len(data) - len(body)  # counted from the file's first byte, BOM included
        raise InputError(
            f"{where}: not valid {name} at byte {at}; save the draft as UTF-8 or UTF-16 with BOM"
        ) from None
    if "\x00" in text:
        raise InputError(f"{where}: binary file (NUL characters)")
    return text, encoding


# --- structure ------------------------------------------------------------------------------

# the salutations of English letters, formal to casual, and those of the varieties a note may be in
SALUTATION = re.compile(
    r"(?i)[ \t]*(?P<salute>(?:dear|hi+|hel+o+|he+y+|hiya+|heya+|howdy|greetings|respected|good\s+(?:morning|afternoon|evening|day)"
    r"|g[’']?day|kia\s+ora|t[eē]n[aā]\s+koe|namaste|aloha|salaam|assalam[\w-]*|to\s+whom\s+it\s+may\s+concern|yo)\b(?:[ \t]+(?:dear|respected|and)\b)*)"
    r"(?P<rest>[^\n]{0,80}?)[ \t]*(?P<end>[,:;!—–-]+|$)",
    re.MULTILINE,
)
# a header line above the note: "Subject: ...", "Subject line - ...", "To: ...", "Date: ..."
HEADER = re.compile(r"(?i)(?P<key>subject(?:\s+line)?|re|to|from|cc|bcc|date|sent)[ \t]*[:–—-][ \t]*(?P<value>.*)$")
SIGNOFF = re.compile(
    r"(?i)[ \t]*(?:(?:very\s+|best\s+|kind(?:est)?\s+|warm(?:est)?\s+|with\s+)?(?:regards|wishes|thanks"
    r"(?:\s+(?:again|so\s+much|a\s+lot|a\s+million))?|gratitude|appreciation)|best|all\s+the\s+best|sincerely(?:\s+yours)?"
    r"|yours(?:\s+(?:truly|sincerely|faithfully|obediently))?|respectfully(?:\s+yours)?|cordially|cheers"
    r"|thank(?:ing)?\s+you(?:\s+(?:again|very\s+much|so\s+much|once\s+again))?"
    r"|many\s+thanks|thanks|thx|later|talk\s+soon|catch\s+you\s+later|take\s+care|see\s+you(?:\s+soon)?|ttyl|xoxo|xo|x{1,3}"
    r"|warmly|gratefully|with\s+appreciation|looking\s+forward)[ \t]*(?:[,!.]+[ \t]*)?\r?$"
)
# a line the mail app adds under the name: "Sent from my iPhone", "Get Outlook for Android"
_FOOTER = re.compile(r"(?i)[ \t]*(?:sent from my|sent via|sent using|get outlook for)\b")
CONTACT = re.compile(r"@|https?://|www\.|linkedin|\+?\d[\d ().-]{6,30}\d")
POSTSCRIPT = re.compile(r"(?i)p\.?\s?(?:p\.?\s?)?s\b\.?")
# Markdown around a line ("> *Dear Ana,*", "**Subject:** ..."): not part of what the line says
_BR_END = re.compile(r"</?br\s*/?>$", re.IGNORECASE)
_LINE = re.compile(r"(?:(?<=\n)|(?<=<br>)|(?<=<br/>)|(?<=</br>)|^)[^\n<]*(?:<(?!/?br\b)[^\n<]*)*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;)\]\"”’']$")


_WORD = re.compile(r"\S+")
_HONORIFICS = {"ma'am", "ma’am", "maam", "sir", "madam", "ji", "sahib", "san"}  # "Sneha ma'am,"
_FUNCTION_WORDS = {"of", "and", "in", "for", "the", "to", "at", "on", "&", "with"}


@dataclass
class Draft:
    """A draft as the rules see it. Offsets index `text`; `to_source` maps them into `source`."""

    path: str
    source: str  # the decoded file (BOM removed): positions in diagnostics refer to this
    text: str  # what is analysed: equals source, less e-mail headers or front matter
    encoding: str = "utf-8"
    segments: list[tuple[int, int, int]] = field(default_factory=list)  # (text_start, source_start, len)
    meta: dict[str, Any] = field(default_factory=dict)  # front matter, e-mail headers
    parts: dict[str, tuple[int, int]] = field(default_factory=dict)
    placeholders: list[tuple[int, int]] = field(default_factory=list)
    doc: Any = None  # spaCy Doc over `text`, set by the linter when a rule needs it

    def __post_init__(self) -> None:
        if not self.segments:
            self.segments = [(0, 0, len(self.text))]
        self._line_starts = [0] + [m.end() for m in re.finditer(r"\n", self.source)]
        self.placeholders = find_placeholders(self.text)
        self._placeholder_ends = [e for _, e in self.placeholders]
        self.parts = find_parts(self.text, self.placeholders)

    # -- positions --
    def to_source(self, offset: int) -> int:
        starts = [s[0] for s in self.segments]
        i = max(bisect.bisect_right(starts, offset) - 1, 0)
        t0, s0, length = self.segments[i]
        return s0 + min(offset - t0, length)  # text with no verbatim source (decoded e-mail) clamps

    def line_col(self, source_offset: int) -> tuple[int, int]:
        """1-based line and column (code points) of an offset into `source`."""
        line = bisect.bisect_right(self._line_starts, source_offset) - 1
        return line + 1, source_offset - self._line_starts[line] + 1

    # -- parts --
    def part(self, name: str) -> str:
        span = self.parts.get(name)
        return self.text[span[0]:span[1]] if span else ""

    def in_part(self, start: int, end: int, names) -> bool:
        return any(self.parts[n][0] <= start and end <= self.parts[n][1] for n in names if n in self.parts)

    @cached_property
    def _quoted(self) -> tuple[list[int], list[tuple[int, int]]]:
        from .kinds.spans import quoted_spans

        spans = quoted_spans(self.text)
        return [s for s, _ in spans], spans

    def quoted(self, start: int, end: int) -> bool:
        """Is [start, end) inside quotation marks (a word the writer mentions rather than uses)?"""
        starts, spans = self._quoted
        i = bisect.bisect_right(starts, start) - 1
        return i >= 0 and spans[i][0] <= start and end <= spans[i][1]

    def is_placeholder(self, start: int, end: int) -> bool:
        """Does [start, end) touch a placeholder? (placeholders are sorted and do not overlap)"""
        i = bisect.bisect_left(self._placeholder_ends, start + 1)
        return i < len(self.placeholders) and self.placeholders[i][0] < end

    @cached_property
    def words(self) -> list[tuple[int, int]]:
        """Spans of the words of the body and a P.S.: whitespace-separated tokens with a letter or digit."""
        return [m.span() for start, end in self.prose for m in _WORD.finditer(self.text, start, end)
                if any(c.isalnum() for c in m.group())]

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Spans of the sentences of the body and a P.S. (from the spaCy Doc: set `doc` first)."""
        return [(s.start_char, s.end_char) for s in self.doc.sents
                if any(start <= s.start_char and s.end_char <= end + 1 for start, end in self.prose)
                and any(t.is_alpha or t.like_num for t in s) and not POSTSCRIPT.fullmatch(s.text.strip())]

    @property
    def prose(self) -> list[tuple[int, int]]:
        """The spans the reader reads as the note: the body, and a P.S. if there is one."""
        return [self.parts[p] for p in ("body", "postscript") if p in self.parts]


def _core(text: str, s: int, e: int) -> tuple[int, int]:
    """The span of a line without Markdown quote and emphasis marks (or `<br>` tags) around it.
    Plain scans from each end: a regex with a lazy middle was quadratic in a line's inner blanks."""
    end = e
    while True:
        while end > s and text[end - 1] in " \t*_":
            end -= 1
        br = _BR_END.search(text, s, end)
        if br is None:
            break
        end = br.start()
    start = s
    while start < end and text[start] in " \t>*_#":
        start += 1
    return (start, end) if end > start else (e, e)


def find_parts(text: str, placeholders: list[tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Split a draft into subject, greeting, body, signoff, signature and postscript spans."""
    parts: dict[str, tuple[int, int]] = {}
    lines = []
    for m in _LINE.finditer(text):
        s, e = m.span()
        e = e - 1 if e > s and text[e - 1] == "\r" else e
        cs, ce = _core(text, s, e)
        if ce > cs and re.search(r"\w", text[cs:ce]):
            lines.append((cs, ce))
    if not lines:
        return {"body": (0, len(text))}
    i = 0
    while i < len(lines) and (h := HEADER.match(text, *lines[i])) and i < 6:  # a pasted header block
        if h.group("key").lower().startswith("subject"):
            parts["subject"] = (h.start("value"), lines[i][1])
        i += 1
    top = _letterhead(text, lines, i)
    if top > i:  # a letter's address block and date above "Dear Dr. Smith,"
        parts["letterhead"] = (lines[i][0], lines[top - 1][1])
        i = top
    body_start = lines[i][0] if i < len(lines) else len(text)
    if i < len(lines):
        greeting = _greeting(text, lines, i)
        if greeting:
            (gs, ge), rest = greeting
            parts["greeting"] = (gs, ge)
            if rest is not None:  # "Hi Sam — thanks for ...": the body starts on the greeting's line
                body_start = rest
            else:
                i += 1
                body_start = lines[i][0] if i < len(lines) else ge
    if "subject" not in parts and i < len(lines) and (h := HEADER.match(text, *lines[i])) and i + 1 < len(lines) \
            and h.group("key").lower().startswith(("re", "subject")):  # a letter's "RE: ..." line under the greeting
        parts["subject"] = (h.start("value"), lines[i][1])
        i += 1
        body_start = lines[i][0]
    tail = [(max(s, body_start), e) for s, e in lines[i:] if e > body_start]
    end = len(tail)
    # a P.S. after the note (usually under the signature) is part of what the reader reads
    ps = next((k for k in range(1, len(tail)) if POSTSCRIPT.match(text, *tail[k])), None)
    if ps is not None and any(_is_signoff(text, *tail[k], tail[k - 1], named=k < len(tail) - 1) for k in range(ps + 1, len(tail))):
        ps = None  # a P.S. above the closing is simply the body's last paragraph
    if ps is not None:
        parts["postscript"] = (tail[ps][0], tail[-1][1])
        end = ps
    body_end = tail[end - 1][1] if end else body_start
    signoff_idx = None
    for k in range(end - 1, max(end - 9, -1), -1):
        s, e = tail[k]
        if k > 0 and _is_signoff(text, s, e, tail[k - 1], named=k < end - 1):
            signoff_idx = k
            break
        if not _signature_like(text[s:e], s, placeholders):
            break
    while signoff_idx is not None and signoff_idx > 1 and SIGNOFF.fullmatch(text[slice(*tail[signoff_idx - 1])]) \
            and len(text[slice(*tail[signoff_idx - 1])].split()) <= 4:
        signoff_idx -= 1  # "Thanking you,\nYours sincerely,": both lines close the note
    if signoff_idx is not None:
        s, e = tail[signoff_idx]
        head, name = split_closing(text, s, e)
        parts["signoff"] = (s, head)
        body_end = tail[signoff_idx - 1][1]
        if name is not None:
            parts["signature"] = (name, tail[end - 1][1])
        elif signoff_idx + 1 < end:
            parts["signature"] = (tail[signoff_idx + 1][0], tail[end - 1][1])
    elif end > 1:
        # no sign-off: a last paragraph of short name-like lines is a signature
        last = end  # (above the mail app's own last line: "Darnell\n\nSent from my Samsung Galaxy")
        while last > 1 and _FOOTER.match(text[tail[last - 1][0]:tail[last - 1][1]]):
            last -= 1
        k = last
        while k > 1 and _signature_like(text[tail[k - 1][0]:tail[k - 1][1]], tail[k - 1][0], placeholders, strict=True):
            k -= 1
        gap = text[tail[k - 1][1]:tail[k][0]] if k < last else ""
        slot = any(ps <= tail[k][0] and tail[k][1] <= pe for ps, pe in placeholders) if k < last else False
        signed = k == last - 1 and len(text[tail[k][0]:tail[k][1]].split()) <= 3 and \
            bool(_SENTENCE_END.search(text[tail[k - 1][0]:tail[k - 1][1]].rstrip()))  # "...for your time!\nAmanda Parrott"
        if k < last and ("\n\n" in gap.replace("\r", "").replace(">", "").replace(" ", "") or _dashed(text, *tail[k]) or slot
                         or signed):
            parts["signature"] = (tail[k][0], tail[end - 1][1])
            body_end = tail[k - 1][1]
        elif last < end:
            parts["signature"] = (tail[last][0], tail[end - 1][1])
            body_end = tail[last - 1][1]
    if "signoff" not in parts and "signature" not in parts and end:
        # "... help with your evaluation. Best, Alex": the closing after the last sentence of a one-paragraph note
        s, e = tail[end - 1]
        stop = _after_last_sentence(text, s, e)
        start = stop + len(text[stop:e]) - len(text[stop:e].lstrip())
        head, name = split_closing(text, start, e) if 0 < stop < start else (e, None)
        if name is not None:
            parts["signoff"], parts["signature"] = (start, head), (name, e)
            body_end = stop
        elif 0 < stop < start and re.fullmatch(r"(?:[A-Z][\w'’-]*[ \t]*){1,3}", text[start:e]):
            # "... every 5 min haha. Talk soon! Jordan": a closing sentence, then the name
            prev = _after_last_sentence(text, s, stop - 1)
            closing = text[prev:stop].strip()
            if prev > s and SIGNOFF.fullmatch(closing):
                at = text.index(closing, prev)
                parts["signoff"], parts["signature"] = (at, at + len(closing)), (start, e)
                body_end = prev
    parts["body"] = (body_start, max(body_start, body_end))
    return parts


def _after_last_sentence(text: str, s: int, e: int) -> int:
    """The offset after the last ".", "!" or "?" in text[s:e], or 0 (plain scans)."""
    return max(text.rfind(mark, s, e) for mark in ".!?") + 1


def _letterhead(text: str, lines, i: int) -> int:
    """The line of the salutation under a letter's block of short address and date lines ("Ms. Ana Ruiz",
    "203 Harbor Street", "January 15, 2025"), or `i` when the note does not start that way."""
    for k in range(i + 1, min(i + 10, len(lines))):
        s, e = lines[k - 1]
        line = text[s:e]
        last = line.split()[-1] if line.split() else ""
        if len(line.split()) > 8 or re.search(r"[!?]", line) or (last.endswith(".") and len(last) > 5) \
                or SALUTATION.match(text, s, e):
            return i  # a sentence or the salutation itself: the note has no address block
        g = SALUTATION.match(text, *lines[k])
        if g and g.group("end") and len(text[g.start():g.end()].split()) <= 9:
            return k
    return i


def _greeting(text: str, lines, i: int):
    """((start, end) of the greeting, where the body starts on the same line or None), or None."""
    s, e = lines[i]
    g = SALUTATION.match(text, s, e)
    if g and len(text[g.start():g.end()].split()) <= 9:
        end = g.end()
        tail = re.match(r"[ \t]*[^\W\d][\w .'’-]{0,40}?[,:!—–]+[ \t]*$", text[end:e]) or \
            re.match(r"[ \t]*[A-Z][\w'’.-]*(?:[ \t]+(?:and|&|[A-Z][\w'’.-]*))*[ \t]*$", text[end:e])  # "Hi, Greg and Jay", "Hello, Dr. Patel."
        if tail and len(tail.group().split()) <= 4:  # "Good afternoon, Marisol,": the name after a comma
            end = e - (len(tail.group()) - len(tail.group().rstrip()))
        rest = text[end:e]
        return (g.start("salute"), end), (end + len(rest) - len(rest.lstrip()) if rest.strip() else None)
    # "Rita, thank you for ...": a name and a comma, and the body goes on in lower case on the same line
    named = re.match(r"[ \t]*((?:(?:Mr|Mrs|Ms|Dr|Prof)\.?[ \t]+)?[A-Z][a-z’'-]+(?:[ \t]+[A-Z][a-z’'-]+)?),[ \t]+(?=[a-z])", text[s:e])
    last = named.group(1).split()[-1].lower() if named else ""
    if named and not SIGNOFF.fullmatch(named.group(1)) and not last.endswith("ly") and zipf(last) < 5.0:  # not "Again,"
        return (s, s + named.end(1) + 1), s + named.end()
    # a line that only names the reader: "Jess,", "Marcus —", "Mr. Delgado:", "Tom", or a template's slot for it
    words = PLACEHOLDER.sub("Name", text[s:e]).split()  # "${name ? `Dear ${name}` : greeting},"
    if not 1 <= len(words) <= 5 or i + 1 >= len(lines) or "." in words[-1].rstrip(".") or \
            not all(w[:1].isupper() or not w[:1].isalpha() or w.rstrip(",:;!—–-").lower() in _HONORIFICS for w in words):
        return None
    ends = re.search(r"[,:;!—–-]$", text[s:e])  # "Jess,", "Big Mike!"
    alone = len(words) <= 3 and not re.search(r"[.!?]$", text[s:e]) and "\n\n" in text[e:lines[i + 1][0]].replace("\r", "")
    if not (ends or alone):
        return None
    return (s, e), None


def _is_signoff(text: str, s: int, e: int, above: tuple[int, int], named: bool) -> bool:
    """A closing line: a known one ("Best regards,"), a closing with the name after it, or (`named`: with
    the name on the lines under it) a short line under the last sentence of the body ("Ngā mihi,",
    "Thanks and regards,", "Thanks heaps!")."""
    line = text[s:e]
    if len(line.split()) <= 5 and SIGNOFF.match(text, s, e):
        return True
    if split_closing(text, s, e)[1] is not None:
        return True
    words = len(line.split())
    comma = line.rstrip().endswith(",")
    if named and comma and words <= 10 and SIGNOFF.fullmatch(line.partition(",")[0].strip() + ",") \
            and not re.search(r"[.?:;\d]", line):
        return True  # a closing with a wish, over the name: "Thanks again, and have a lovely weekend,"
    if named and (words <= 3 or words <= 5 and comma) and (line[:1].isupper() or comma) and not re.search(r"[.?:\d]", line):
        return bool(_SENTENCE_END.search(text[above[0]:above[1]].rstrip())) or (  # the body's last sentence above
            comma and "\n\n" in text[above[1]:s].replace("\r", "").replace(" ", ""))  # "...next steps\n\npeace,"
    return False


def split_closing(text: str, s: int, e: int) -> tuple[int, int | None]:
    """("Best regards, Ana Ruiz"): (end of the closing, start of the name) or (e, None)."""
    head, comma, name = text[s:e].partition(",")
    if comma and name.strip() and len(name.split()) <= 4 and SIGNOFF.fullmatch(head.strip() + ","):
        at = s + len(head) + 1
        return at, at + len(name) - len(name.lstrip())
    return e, None


def _dashed(text: str, s: int, e: int) -> bool:
    """"-Mark Swain", "— Priya": a name signed with a dash."""
    return bool(re.match(r"[-–—~][ \t]*[^\W\d]", text[s:e])) and len(text[s:e].split()) <= 4


def _signature_like(line: str, offset: int, placeholders, strict: bool = False) -> bool:
    words = line.split()
    if _FOOTER.match(line) and not strict:
        return True  # the mail app's own line under the name: "Sent from my phone, please excuse any typos"
    if CONTACT.search(line) and not strict:
        return True
    if any(s <= offset < e or offset <= s < offset + len(line) for s, e in placeholders):
        return len(PLACEHOLDER.sub("X", line).split()) <= 4  # "[Phone Number] | [LinkedIn URL]"
    if _dashed(line, 0, len(line)):
        return True
    if strict:
        return 0 < len(words) <= 4 and all(w[0].isupper() for w in words if w[0].isalpha()) and not line.rstrip().endswith(("?", "!", ":", ","))
    if 0 < len(words) <= 5 and not line.rstrip().endswith("?"):  # a short line that asks nothing
        return True
    # a title or credential line in Title Case: "Plumbing and Heating Engineer, Gas Safe No. 512874"
    lower = sum(w[:1].islower() and w not in _FUNCTION_WORDS for w in words)  # "Diploma of ... and Care"
    return len(words) <= 12 and lower <= len(words) // 5 and not line.rstrip().endswith(("?", "!"))


# --- placeholders ---------------------------------------------------------------------------

ROLE_NOUNS = r"(?:Manager|Interviewer|Interviewee|Recruiter|Employer|Candidate|Applicant|Lastname|Surname|Name|Programmer|Person)"
# what a template's slot stands for: "(interviewer's name)", "COMPANY NAME", "( company)"
_SLOT = r"(?:name|company|position|role|title|date|day|time|school|organi[sz]ation|department|job|employer|interviewer|firm|city|location|skills?|topic|project)"
# the letters and names templates use for a company or a person: "ABC Company", "Company XYZ", "ACME Corp"
_STAND_IN = r"(?:ABC|XYZ|PQR|LMN|X{2,}|Y{2,}|Z{2,}|ACME)"
_ORG = r"(?:Company|Co|Corp|Corporation|Inc|Ltd|LLC|LLP|Pvt|Limited|Technologies|Industries|Group|Bank|Hospital|School|University|College|Agency|Store|Solutions|Enterprises|Organi[sz]ation|[Ii]ndustry|Firm)"
PLACEHOLDER = re.compile(
    r"\[[^\[\]\n]{1,200}\](?!\()"  # [Company Name] (not a Markdown link)
    r"|\{\{[^{}\n]{1,60}\}\}|\$?\{[A-Za-z_][\w. ]{0,40}\}"  # {{name}}, {name}, {job.title}, ${app.company}
    r"|\$\{(?:[^{}\n]|\$?\{[^{}\n]{0,60}\}){1,160}\}"  # an expression: ${date ? 'today' : 'earlier'}, ${a ? `Dear ${a}` : b}
    r"|<%=?[^%\n]{1,60}%>|%\([A-Za-z_]\w{0,40}\)s"  # a template language's slot: <%= company %>, %(company)s
    r"|<(?!(?:br|p|b|i|a|em|strong|div|span|u|hr)>)[A-Za-z][A-Za-z _'’-]{1,40}>"  # <Interviewer>
    r"|(?i:\((?:insert|fill\s+in|name\s+(?:the|of)|enter|add|type|your|company|position|job\s+title|date|mention|describe"
    r"|something|specific)\b[^()\n]{0,80}\))"
    r"|(?i:\(\s*(?:[\w’'.-]+\s+){0,3}" + _SLOT + r"(?:[’']s)?\s*\))"  # (interviewer's name), (role)
    r"|\((?!\s*(?:he|she|they|him|her|them|his|hers|theirs|xe|ze)\s*/)\s*[A-Za-z]+(?:\s*/\s*[A-Za-z]+)+\s*\)"  # (radiology/nursing)
    r"|\b(?:(?:" + _ORG + r"|Mr|Mrs|Ms|Dr)\.?\s+)?" + _STAND_IN + r"\b(?:[’']s)?(?:,?\s+" + _ORG + r"\b\.?)*"
    r"|\b(?:Sample|Example|Demo|Dummy|Placeholder)(?:\s+[A-Z][a-z]+){0,2}\s+" + _ORG + r"\b"  # "Sample Primary School"
    r"|\b(?:(?:YOUR|FIRST|LAST|FULL|COMPANY|STORE|SCHOOL|HIRING|MANAGER[’']?S|INTERVIEWER[’']?S|JOB|POSITION|CONTACT)[\s_]*)+"  # also run together: FIRSTNAME, FIRST_NAME
    r"(?:NAME|TITLE|NUMBER|ADDRESS)\b|(?<![A-Z] )\bNAME\b(?! [A-Z])"  # FIRST NAME, Dear NAME,
    r"|[\w.+-]+@(?:example|domain|email|company|yourcompany|website)\.(?:com|org|net|edu)\b"  # name@example.com
    r"|\b(?:your|first|last|firstname|lastname|yourname|name)(?:[._](?:name|last|lastname))?@[\w.-]+\.\w+"
    # a template's phone number: (555) 555-5555, 555-555-1234, 123-456-7890 (not a number that only has 555 in it)
    r"|\(?\b555\)?[ .-]?\d{3}[ .-]\d{4}\b|(?:(?:\(\d{3}\)|\b\d{3})[ .-]?|\b)555[ .-](?:1234|5555|0000)\b|\b123[ .-]456[ .-]7890\b"
    r"|(?i:\bx{3,}\b)|_{3,}|\bTBD\b|\bTK\b"  # XXX, xxxxx
    r"|\b(?:Your|Company|Interviewer[’']?s?|Hiring\s+Manager[’']?s?|Recipient[’']?s?|Contact|First|Last|Full)\s+Name\b"
    r"|\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s*(?:/\s*(?:Mr|Mrs|Ms|Miss|Dr)\.?\s*)*(?:" + ROLE_NOUNS + r"|Demo|Sample|Example|Test)\b"
    r"|(?:(?<=Dear )|(?<=Hi )|(?<=Hello ))\([^()\n]{1,60}\)"  # "Dear (All the principals of the agency),"
    r"|(?i:\bso[- ]and[- ]so\b)|\b(?:John|Jane)\s+Doe\b|\bJoe\s+Bloggs\b|\b[Bb]lah(?:[ -][Bb]lah)*(?:\s+[A-Z]\w+)*"
    r"|(?:(?<=\bfor )|(?<=\babout )|(?<=\bat )|(?<=\bon )|(?<=\bwith )|(?<=\bto ))[xyz](?=[\s.,!?;:])"  # "interview for x", "talk about y"
    r"|(?:(?<=\bDear )|(?<=\bHi )|(?<=\bHello )|(?<=Mr\. )|(?<=Ms\. )|(?<=Mrs\. )|(?<=Dr\. ))[XYZ](?=[\s.,!?;:])"  # "Dear X,", "Ms. Y"
    r"|(?m:^[ \t]*(?:Interviewee|Candidate|Applicant|Your\s+Name|Name)[ \t]*\.?[ \t]*\r?$)"
)


def find_placeholders(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in PLACEHOLDER.finditer(text):
        s, e = m.span()
        seg = m.group()
        s += len(seg) - len(seg.lstrip())
        seg = seg.rstrip().rstrip(".").rstrip()
        spans.append((s, s + len(seg.strip())))
    return spans


# --- reading --------------------------------------------------------------------------------

# ~8,000 words, forty times the longest follow-up worth sending. spaCy's cost is per word (on a 2-core
# machine a word-dense 50,000 characters lint in about 5 s, 200,000 in 15-25 s): a bigger file is not a
# draft, and is refused at once rather than held for half a minute (benchmarks/pathological.py).
MAX_CHARS = 50_000
MAX_BYTES = 4 * MAX_CHARS + 4  # no encoding read here takes more than 4 bytes a character, plus a BOM

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n", re.DOTALL | re.MULTILINE)


def from_text(path: str, source: str, encoding: str = "utf-8") -> Draft:
    """A plain-text or Markdown draft; a leading `---` YAML block is front matter, not draft."""
    meta: dict[str, Any] = {}
    fm = FRONT_MATTER.match(source)
    if fm:
        import yaml

        from .notes import yaml_error, yaml_load

        try:
            meta = yaml_load(fm.group(1)) or {}
        except (yaml.YAMLError, RecursionError) as exc:
            line, reason = yaml_error(exc)
            raise InputError(f"{path}{'' if line is None else f':{line + 2}'}: bad YAML front matter: {reason}") from None
        if not isinstance(meta, dict):
            raise InputError(f"{path}:2: front matter must be a mapping")
        _check_own_settings(meta, path)
        n = fm.end()
        return Draft(path, source, source[n:], encoding, [(0, n, len(source) - n)], meta)
    return Draft(path, source, source, encoding)


def _check_own_settings(meta: dict[str, Any], path: str) -> None:
    """`followup-lint: {ignore: [rule ids]}` in front matter: the one setting a draft can carry."""
    own = meta.get("followup-lint")
    if own is None:
        return
    if not isinstance(own, dict) or set(own) - {"ignore"}:
        raise InputError(f"{path}: front matter 'followup-lint' must be a mapping with 'ignore' (a list of rule ids)")
    ignore = own.get("ignore")
    if isinstance(ignore, str):
        own["ignore"] = [ignore]
    elif not (ignore is None or isinstance(ignore, list) and all(isinstance(x, str) for x in ignore)):
        raise InputError(f"{path}: front matter 'followup-lint.ignore' must be a list of rule ids")


def from_eml(path: str, source: str, data: bytes | None = None, encoding: str = "utf-8") -> Draft:
    """An e-mail: Subject and the text/plain body, mapped back into the file where they stand.

    Parsed from the decoded text (so a UTF-16 file or a BOM reads like any other mail); `data` is
    accepted for callers that have the bytes, and not needed."""
    try:
        msg = email.message_from_bytes(source.encode("utf-8"), policy=email.policy.default)
        part = msg.get_body(preferencelist=("plain",))
    except Exception as exc:  # the email package raises all kinds of errors on malformed MIME structure
        raise InputError(f"{path}: cannot parse the e-mail: {_one_line(exc)}") from None
    if part is None:
        raise InputError(f"{path}: e-mail has no text/plain part")
    try:
        body = part.get_content()
    except Exception as exc:  # an unknown charset, a broken transfer encoding, ...
        raise InputError(f"{path}: cannot decode the e-mail body: {_one_line(exc)}") from None
    meta = headers(msg)
    subject = meta.get("subject", "")
    text, segments = "", []
    if subject:
        header = re.search(r"(?im)^subject:[ \t]*", source)
        prefix = "Subject: "
        segments += [(0, header.start() if header else 0, len(prefix)),
                     (len(prefix), header.end() if header else 0, len(subject))]
        text = f"{prefix}{subject}\n\n"
    # a plain 7bit/8bit body stands verbatim in the file; an encoded one maps to where the body starts
    head_end = re.search(r"\r?\n\r?\n", source)
    body_at = source.find(body, head_end.start() if head_end else 0) if body.strip() else -1
    if body_at >= 0:
        segments.append((len(text), body_at, len(body)))
    else:
        segments.append((len(text), head_end.end() if head_end else 0, 0))
    text += body
    return Draft(path, source, text, encoding, segments, meta)


def headers(msg) -> dict[str, str]:
    """Header name (lower case) -> value, on one line. A value the header registry cannot parse
    ("Message-ID: <") is kept as written: a draft is linted, not delivered."""
    out: dict[str, str] = {}
    for name, raw in msg.raw_items():
        try:
            value = str(msg.policy.header_fetch_parse(name, raw))
        except Exception:  # email.headerregistry raises IndexError, HeaderParseError, ValueError, ...
            # as parsed from bytes: non-ASCII bytes are surrogate escapes, and folds are still there
            value = str(raw).encode("ascii", "surrogateescape").decode("utf-8", "replace")
        out.setdefault(name.lower(), "".join(re.split(r"\r\n|\r|\n", value)))
    return out


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def read(path: str, data: bytes | None = None) -> Draft:
    """Read and parse one draft; `-` is stdin. Raises InputError with a one-line message."""
    if data is None:
        data = read_bytes(path)
    if len(data) > MAX_BYTES:
        raise InputError(f"{path}: over {MAX_BYTES:,} bytes is far too long for an e-mail draft "
                         f"(limit {MAX_CHARS:,} characters)")
    text, encoding = decode(data, path)
    if len(text) > MAX_CHARS:
        raise InputError(f"{path}: {len(text):,} characters is far too long for an e-mail draft (limit {MAX_CHARS:,})")
    try:
        if path.lower().endswith(".eml"):
            return from_eml(path, text, data, encoding)
        return from_text(path, text, encoding)
    except InputError:
        raise
    except Exception as exc:  # a bug in parsing: this file fails alone, in one line (the traceback on request)
        if os.environ.get("FOLLOWUP_LINT_DEBUG"):
            raise
        detail = " ".join(str(exc).split())[:200]
        raise InputError(f"{path}: internal error reading the draft: {type(exc).__name__}"
                         f"{': ' + detail if detail else ''} (FOLLOWUP_LINT_DEBUG=1 shows the traceback)") from None


def read_bytes(path: str) -> bytes:
    """The file's bytes, at most MAX_BYTES + 1 of them: a huge file or /dev/zero is never read whole."""
    try:
        with open(path, "rb") as fh:
            return fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
