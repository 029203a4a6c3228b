"""Small span tests shared by the engines and checks."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache


def in_parts(draft, start: int, end: int, parts) -> bool:
    """True when the span lies in one of the named parts of the draft."""
    return draft.in_part(start, end, parts)


def inside_quotes(text: str, start: int, end: int) -> bool:
    """True when the span is a word the writer quotes ("YOLO deploys"), on the same line."""
    q = _quotes(text)
    line_start = q.line_start(start)
    line_end = q.line_end(end)
    last_open, last_close = q.last(q.curly_open, line_start, start), q.last(q.curly_close, line_start, start)
    if last_open > last_close and q.any(q.curly_close, end, line_end):
        return True
    # straight quotes before the span that open or close a quotation: after a space (or at the line's
    # start), before a space or punctuation, or right before the span
    before = q.count(q.straight_bound, line_start, start - 1)
    if start - 1 >= line_start and text[start - 1] == '"':
        before += 1
    return before % 2 == 1 and q.any(q.straight, end, line_end)


class _QuoteIndex:
    """Where a text's line breaks and quote marks are, so each quote test is a few bisections rather
    than a scan of the line: a long line with many matches stays linear."""

    def __init__(self, text: str) -> None:
        self.breaks = [m.start() for m in re.finditer("\n", text)]
        self.curly_open = [m.start() for m in re.finditer("\u201c", text)]
        self.curly_close = [m.start() for m in re.finditer("\u201d", text)]
        self.straight = [m.start() for m in re.finditer('"', text)]
        self.straight_bound = [m.start() for m in _STRAIGHT.finditer(text)]

    def line_start(self, pos: int) -> int:
        i = bisect.bisect_left(self.breaks, pos)
        return self.breaks[i - 1] + 1 if i else 0

    def line_end(self, pos: int) -> int:
        i = bisect.bisect_left(self.breaks, pos)
        return self.breaks[i] if i < len(self.breaks) else 1 << 62

    @staticmethod
    def last(positions: list[int], lo: int, hi: int) -> int:
        """The last position in [lo, hi), or -1."""
        i = bisect.bisect_left(positions, hi)
        return positions[i - 1] if i and positions[i - 1] >= lo else -1

    @staticmethod
    def any(positions: list[int], lo: int, hi: int) -> bool:
        i = bisect.bisect_left(positions, lo)
        return i < len(positions) and positions[i] < hi

    @staticmethod
    def count(positions: list[int], lo: int, hi: int) -> int:
        return max(0, bisect.bisect_left(positions, hi) - bisect.bisect_left(positions, lo))


_STRAIGHT = re.compile(r'(?:(?<=\s)|^)"|"(?=[\s.,;:!?)])')


@lru_cache(maxsize=8)
def _quotes(text: str) -> _QuoteIndex:
    return _QuoteIndex(text)  # a str caches its hash: looking the same draft up again is cheap


def joined_to_word(text: str, start: int, end: int) -> bool:
    """True when a word match is glued to a neighbour by a hyphen or letter ("U-bolts", "lollipop")."""
    if not (text[start:start + 1].isalnum() and text[end - 1:end].isalnum()):
        return False
    before = text[start - 1:start] if start else ""
    after = text[end:end + 1]
    return before in ("-",) or before.isalnum() or after in ("-",) or after.isalnum()
