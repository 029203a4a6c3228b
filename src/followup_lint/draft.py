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

SALUTATION = re.compile(
    r"(?i)^[ \t]*(?P<salute>dear|hi|hello|hey|hiya|howdy|greetings|good\s+(?:morning|afternoon|evening)"
    r"|to\s+whom\s+it\s+may\s+concern|yo)\b(?P<rest>[^\n]{0,80}?)[ \t]*(?P<end>[,:;!—–-]+|$)",
    re.MULTILINE,
)
SUBJECT = re.compile(r"(?im)^[ \t]*subject[ \t]*:[ \t]*(?P<value>[^\r\n]*)")
SIGNOFF = re.compile(
    r"(?im)^[ \t]*(?:(?:very\s+|best\s+|kind(?:est)?\s+|warm(?:est)?\s+|with\s+)?(?:regards|wishes|thanks"
    r"(?:\s+(?:again|so\s+much|a\s+lot|a\s+million))?|gratitude|appreciation)|best|all\s+the\s+best|sincerely(?:\s+yours)?"
    r"|yours(?:\s+(?:truly|sincerely|faithfully))?|respectfully(?:\s+yours)?|cordially|cheers|thank\s+you(?:\s+again)?"
    r"|many\s+thanks|thanks|thx|later|talk\s+soon|catch\s+you\s+later|take\s+care|see\s+you(?:\s+soon)?|ttyl|xoxo"
    r"|warmly|gratefully|with\s+appreciation|looking\s+forward)[ \t]*(?:[,!.]+[ \t]*)?\r?$"
)
CONTACT = re.compile(r"@|https?://|www\.|linkedin|\+?\d[\d ().-]{6,}\d")


_WORD = re.compile(r"\S+")


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

    def is_placeholder(self, start: int, end: int) -> bool:
        # placeholders are sorted and never overlap: the first one ending after `start` is the only candidate
        if len(self._placeholder_ends) != len(self.placeholders):
            self._placeholder_ends = [e for _, e in self.placeholders]
        i = bisect.bisect_right(self._placeholder_ends, start)
        return i < len(self.placeholders) and self.placeholders[i][0] < end

    @cached_property
    def words(self) -> list[tuple[int, int]]:
        """Spans of the body's words: whitespace-separated tokens with a letter or digit."""
        start, end = self.parts.get("body", (0, 0))
        return [m.span() for m in _WORD.finditer(self.text, start, end)
                if any(c.isalnum() for c in m.group())]

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Spans of the body's sentences (from the spaCy Doc: set `doc` first)."""
        start, end = self.parts.get("body", (0, 0))
        return [(s.start_char, s.end_char) for s in self.doc.sents
                if s.start_char >= start and s.end_char <= end + 1 and any(t.is_alpha or t.like_num for t in s)]


def find_parts(text: str, placeholders: list[tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Split a draft into subject, greeting, body, signoff and signature spans."""
    parts: dict[str, tuple[int, int]] = {}
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*", text) if m.start() == 0 or text[m.start() - 1] == "\n"]
    lines = [(s, e - 1 if e > s and text[e - 1] == "\r" else e) for s, e in lines]
    nonblank = [(s, e) for s, e in lines if text[s:e].strip()]
    if not nonblank:
        return {"body": (0, len(text))}
    i = 0
    first_s, first_e = nonblank[0]
    m = SUBJECT.match(text, first_s, first_e)
    if m:
        parts["subject"] = (m.start("value"), first_e)
        i = 1
    body_start = nonblank[i][0] if i < len(nonblank) else len(text)
    if i < len(nonblank):
        s, e = nonblank[i]
        g = SALUTATION.match(text, s, e)
        if g and len(text[g.start():g.end()].split()) <= 9:
            end = g.end()
            tail = re.match(r"[ \t]*[^\W\d][\w .'’-]{0,40}?[,:!—–]+[ \t]*$", text[end:e])
            if tail and len(tail.group().split()) <= 4:  # "Good afternoon, Marisol,": the name after a comma
                end = e - (len(tail.group()) - len(tail.group().rstrip()))
            parts["greeting"] = (g.start("salute"), end)
            rest = text[end:e]
            if rest.strip():  # "Hi Sam — thanks for ...": the body starts on the greeting's line
                body_start = end + len(rest) - len(rest.lstrip())
            else:
                body_start = nonblank[i + 1][0] if i + 1 < len(nonblank) else e
                i += 1
    # sign-off and signature: scan up from the end over short lines
    body_end = nonblank[-1][1]
    tail = [(max(s, body_start), e) for s, e in nonblank[i:] if e > body_start]
    signoff_idx = None
    for k in range(len(tail) - 1, max(len(tail) - 9, -1), -1):
        s, e = tail[k]
        if SIGNOFF.match(text, s, e) and len(text[s:e].split()) <= 5:
            signoff_idx = k
            break
        if not _signature_like(text[s:e], s, placeholders):
            break
    if signoff_idx is not None and signoff_idx > 0:
        s, e = tail[signoff_idx]
        parts["signoff"] = (s + len(text[s:e]) - len(text[s:e].lstrip()), e)
        body_end = tail[signoff_idx - 1][1]
        if signoff_idx + 1 < len(tail):
            parts["signature"] = (tail[signoff_idx + 1][0], tail[-1][1])
    elif len(tail) > 1:
        # no sign-off: a last paragraph of short name-like lines is a signature
        k = len(tail)
        while k > 1 and _signature_like(text[tail[k - 1][0]:tail[k - 1][1]], tail[k - 1][0], placeholders, strict=True):
            k -= 1
        if k < len(tail) and "\n\n" in text[tail[k - 1][1]:tail[k][0]].replace("\r", ""):
            parts["signature"] = (tail[k][0], tail[-1][1])
            body_end = tail[k - 1][1]
    parts["body"] = (body_start, max(body_start, body_end))
    return parts


def _signature_like(line: str, offset: int, placeholders, strict: bool = False) -> bool:
    words = line.split()
    if CONTACT.search(line) and not strict:
        return True
    if any(s <= offset < e or offset <= s < offset + len(line) for s, e in placeholders):
        return len(words) <= 4
    if strict:
        return 0 < len(words) <= 4 and all(w[0].isupper() for w in words if w[0].isalpha()) and not line.rstrip().endswith(("?", "!", ":", ","))
    return 0 < len(words) <= 5 and not line.rstrip().endswith("?")  # a short line that asks nothing


# --- placeholders ---------------------------------------------------------------------------

ROLE_NOUNS = r"(?:Manager|Interviewer|Interviewee|Recruiter|Employer|Candidate|Applicant|Lastname|Surname|Name|Programmer|Person)"
PLACEHOLDER = re.compile(
    r"\[[^\[\]\n]{1,80}\](?!\()"  # [Company Name] (not a Markdown link)
    r"|\{\{[^{}\n]{1,60}\}\}|\{[A-Za-z_][A-Za-z_ ]{0,40}\}"  # {{name}}, {name}
    r"|<(?!(?:br|p|b|i|a|em|strong|div|span|u|hr)>)[A-Za-z][A-Za-z _'’-]{1,40}>"  # <Interviewer>
    r"|(?i:\((?:insert|fill\s+in|name\s+(?:the|of)|enter|add|type|your|company|position|job\s+title|date|mention|describe)\b[^()\n]{0,80}\))"
    r"|\bX{3,}\b|_{3,}|\bTBD\b|\bTK\b"
    r"|\b(?:Your|Company|Interviewer[’']?s?|Hiring\s+Manager[’']?s?|Recipient[’']?s?|Contact|First|Last|Full)\s+Name\b"
    r"|\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+" + ROLE_NOUNS + r"\b"
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

MAX_CHARS = 200_000  # ~35,000 words; spaCy's parser needs ~1 GB per 100,000 characters
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
