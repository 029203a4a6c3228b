"""Send drafts to LanguageTool and turn its matches into code-point spans.

What is sent: only the subject and the body (greeting, sign-off and the
signature with its names, e-mail addresses and phone numbers never leave the
draft), each as its own paragraph, joined by a blank line. Offsets are mapped
back into `draft.text`. Matches touching a placeholder are dropped.

LanguageTool counts offsets in UTF-16 code units; Python strings index code
points, so every non-BMP character (most emoji) before a match shifts it by
one. `Utf16Map` converts both ends of each match.

The request itself goes through language_tool_python 3.4.0
(`LanguageTool('en-US', remote_server=URL)`, whose constructor makes one
GET /v2/languages to that URL and nothing else; with `remote_server` it never
downloads or starts anything). We read the raw JSON through its
`_query_server` rather than `check()`: `check()` wraps matches in `Match`,
whose UTF-16 correction uses a class-level cache that is not thread-safe
(check_batch runs two requests at once) and leaves `length` uncorrected.
Proxies are forced off so draft text only ever goes to the given URL.
"""

from __future__ import annotations

import threading
import re
import time
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from . import LanguageToolUnavailable

# rules that duplicate followup-lint's own rules, or fire on the way we send text
DEFAULT_DISABLED_RULES = (
    "WHITESPACE_RULE",  # leading/indenting whitespace: formatting, not grammar
    "EN_EXCESSIVE_EXCLAMATION",  # the tone rules count exclamation marks
    "PUNCTUATION_PARAGRAPH_END",  # a subject line has no final period
    "EN_UNPAIRED_BRACKETS",  # "[Company]" placeholders, emoticons ":)"
    "EN_UNPAIRED_QUOTES",
    "COMMA_COMPOUND_SENTENCE",  # a missing comma before "and" is a style choice in a short note
    "CONDITIONAL_CLAUSE",  # "If it would be helpful, ..." is ordinary polite English
    "PREPOSITION_VERB",  # "the upcoming rebrand": verbs used as nouns are normal in work email
)
# style advice is not a grammar error: wordiness, repeated sentence openings, US/UK variants
DEFAULT_DISABLED_CATEGORIES: tuple[str, ...] = ("STYLE", "REDUNDANCY", "REPETITIONS_STYLE", "BRITISH_ENGLISH")
SENT_PARTS = ("subject", "body")
MAX_SUGGESTIONS = 5
FIXABLE_CATEGORIES = {"TYPOS", "GRAMMAR", "CONFUSED_WORDS", "CASING", "PUNCTUATION", "COMPOUNDING"}
NO_PROXY = {"http": None, "https": None}


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
        if rule_id == "UPPERCASE_SENTENCE_START" and _after_placeholder(draft.text, start, placeholders):
            continue
        replacements = tuple(r["value"] for r in m.get("replacements", [])[:MAX_SUGGESTIONS] if "value" in r)
        if rule.get("issueType") == "misspelling" and rule_id.startswith("MORFOLOGIK_RULE") and (
            _proper_noun(draft.text, start, end, seg.draft_start)
            or _jargon(draft.text[start:end], replacements)
            or "British English" in m.get("message", "")  # "organisation" is a spelling, not a mistake
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


def _jargon(word: str, replacements: Sequence[str]) -> bool:
    """Compounds the dictionary lacks ("superday" -> "super day", "miso-glazed"): jargon, not typos."""
    if "-" in word.strip("-") or any(c.isupper() or c.isdigit() for c in word[1:]):
        return True  # "miso-glazed", "BACnet", "iPhone", "COVID19": names and jargon
    return bool(replacements) and all(r.replace(" ", "").replace("-", "").lower() == word.lower() for r in replacements)


def _after_placeholder(text: str, start: int, placeholders) -> bool:
    """A lowercase word right after '{{name}}.'/'[X]' etc.: the sentence start is a slot."""
    for _s, e in placeholders:
        if e <= start and not text[e:start].strip(" \t\r\n.!?:;,\"'"):
            return True
    return False


# ----------------------------------------------------------------- the client


@dataclass(frozen=True)
class Settings:
    url: str
    language: str = "en-US"
    disabled_rules: tuple[str, ...] = DEFAULT_DISABLED_RULES
    disabled_categories: tuple[str, ...] = DEFAULT_DISABLED_CATEGORIES
    picky: bool = False
    timeout: float = 30.0


_tools: dict[Settings, Any] = {}
_tools_lock = threading.Lock()


def _tool(settings: Settings):
    """A configured language_tool_python.LanguageTool for these settings (one per process)."""
    with _tools_lock:
        tool = _tools.get(settings)
        if tool is not None:
            return tool
        try:
            import language_tool_python as ltp
        except ImportError as exc:  # pragma: no cover - a packaging error
            raise LanguageToolUnavailable(
                f"language_tool_python is not installed ({exc}); reinstall followup-lint"
            ) from None
        saved = ltp.LanguageTool._TIMEOUT
        try:
            ltp.LanguageTool._TIMEOUT = min(settings.timeout, 10.0)  # the /languages probe
            tool = ltp.LanguageTool(settings.language, remote_server=settings.url, proxies=dict(NO_PROXY))
        except ltp.exceptions.LanguageToolError as exc:
            raise LanguageToolUnavailable(describe(exc, settings, min(settings.timeout, 10.0))) from None
        except ValueError as exc:  # unknown language code
            raise LanguageToolUnavailable(f"LanguageTool at {settings.url}: {exc}") from None
        finally:
            ltp.LanguageTool._TIMEOUT = saved
        tool._TIMEOUT = settings.timeout  # instance attribute: per-request timeout
        tool.disabled_rules = set(settings.disabled_rules)
        tool.disabled_categories = set(settings.disabled_categories)
        tool.picky = settings.picky
        _tools[settings] = tool
        return tool


def forget(url: str | None = None) -> None:
    """Drop cached clients (for url, or all): after a server restart on a new port."""
    with _tools_lock:
        for key in [k for k in _tools if url is None or k.url == url]:
            del _tools[key]


def describe(exc: BaseException, settings: Settings, timeout: float) -> str:
    """One line for a failed request."""
    text = str(exc)
    low = text.lower()
    if "timed out" in low or "timeout" in low:
        return f"LanguageTool at {settings.url} did not answer within {timeout:g}s"
    if "refused" in low or "failed to establish" in low or "name or service" in low:
        return f"cannot connect to LanguageTool at {settings.url} (connection refused)"
    if "aborted" in low or "reset" in low or "remotedisconnected" in low:
        return f"LanguageTool at {settings.url} closed the connection (did it stop?)"
    return f"LanguageTool at {settings.url} failed: {_short(exc)}"


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def check_text(settings: Settings, text: str) -> list[dict[str, Any]]:
    """Raw LanguageTool matches (UTF-16 offsets) for one text."""
    if not text.strip():
        return []
    tool = _tool(settings)
    import language_tool_python as ltp

    url = tool.url + "check"  # tool.url ends with /v2/
    try:
        resp = tool._query_server(url, tool._create_params(text), num_tries=1, method="post")
    except ltp.exceptions.LanguageToolError as exc:
        raise LanguageToolUnavailable(describe(exc, settings, settings.timeout)) from None
    if not isinstance(resp, dict) or "matches" not in resp:
        raise LanguageToolUnavailable(f"LanguageTool at {settings.url} sent an unexpected answer")
    return resp["matches"]


def check_draft(settings: Settings, draft) -> list[Match]:
    sent, segments = build_request(draft)
    if not sent:
        return []
    return map_matches(draft, sent, segments, check_text(settings, sent))


def wait_ready(url: str, timeout: float) -> None:
    """Poll a user-run server until it answers (used by tests)."""
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + timeout
    while True:
        try:
            with opener.open(url.rstrip("/") + "/v2/languages", timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise LanguageToolUnavailable(f"LanguageTool at {url} did not answer within {timeout:.0f}s")
            time.sleep(0.2)
