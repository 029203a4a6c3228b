"""Small span tests shared by the engines and checks."""

from __future__ import annotations

import re


def in_parts(draft, start: int, end: int, parts) -> bool:
    """True when the span lies in one of the named parts of the draft."""
    return draft.in_part(start, end, parts)


def inside_quotes(text: str, start: int, end: int) -> bool:
    """True when the span is a word the writer quotes ("YOLO deploys"), on the same line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before, after = text[line_start:start], text[end:line_end if line_end >= 0 else len(text)]
    if before.rfind("“") > before.rfind("”") and "”" in after:
        return True
    straight = re.findall(r'(?:(?<=\s)|^)"|"(?=[\s.,;:!?)]|$)', before)
    return len(straight) % 2 == 1 and '"' in after


def joined_to_word(text: str, start: int, end: int) -> bool:
    """True when a word match is glued to a neighbour by a hyphen or letter ("U-bolts", "lollipop")."""
    if not (text[start:start + 1].isalnum() and text[end - 1:end].isalnum()):
        return False
    before = text[start - 1:start] if start else ""
    after = text[end:end + 1]
    return before in ("-",) or before.isalnum() or after in ("-",) or after.isalnum()
