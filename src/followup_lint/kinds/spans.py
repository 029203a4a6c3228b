"""Small span tests shared by the engines and checks."""

from __future__ import annotations

import re

# a word or phrase the writer quotes, on one line: “lol”, "YOLO deploys", 'no surprises', ‘circle back’
QUOTED = re.compile(
    r"“[^“”\n]{1,300}”"
    r"|(?:(?<=[\s(\[])|^)\"[^\"\n]{1,300}\"(?=[\s.,;:!?)\]]|$)"
    r"|(?:(?<=[\s(\[“\"])|^)['‘][^'‘’\n]{1,60}?['’](?=[\s.,;:!?)\]”\"]|$)",
    re.MULTILINE,
)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The spans inside quotation marks (the marks excluded), in order and not overlapping."""
    return [(m.start() + 1, m.end() - 1) for m in QUOTED.finditer(text)]


def joined_to_word(text: str, start: int, end: int) -> bool:
    """True when a word match is glued to a neighbour by a hyphen or letter ("U-bolts", "lollipop"); a
    contraction's second half ("do|n't") is a word of its own."""
    if not (text[start:start + 1].isalnum() and text[end - 1:end].isalnum()):
        return False
    if text[start:start + 3].lower() in ("n't", "n’t"):
        return text[end:end + 1].isalnum() or text[end:end + 1] == "-"
    before = text[start - 1:start] if start else ""
    after = text[end:end + 1]
    return before in ("-",) or before.isalnum() or after in ("-",) or after.isalnum()
