"""`kind: metric`: count words or sentences in the body and flag what runs past `max`.

The finding spans from the first word or sentence over the budget to the end of the body, so an editor
underlines exactly what could go.
"""

from __future__ import annotations

from typing import Iterable

from ..diagnostic import Finding

# what each option of a metric rule means (`followup-lint explain` shows it; a rule file may say more)
OPTION_DOCS = {
    "metric": "what is counted in the body: words or sentences",
    "max": "the most the body may have; everything past it is flagged",
}


def count(draft, metric: str) -> list[tuple[int, int]]:
    """Spans of the body's words (whitespace tokens with a letter or digit) or sentences."""
    start, end = draft.parts.get("body", (0, 0))
    if metric == "words":
        return [(start + m.start(), start + m.end()) for m in draft.body_words]
    if metric == "sentences":
        return [
            (s.start_char, s.end_char)
            for s in draft.doc.sents
            if s.start_char >= start and s.end_char <= end + 1 and any(t.is_alpha or t.like_num for t in s)
        ]
    raise ValueError(f"unknown metric {metric!r}")


def check(ctx) -> Iterable[Finding]:
    limit = ctx.options["max"]
    metric = ctx.options["metric"]
    items = count(ctx.draft, metric)
    if len(items) > limit:
        body_end = ctx.draft.parts["body"][1]
        first = items[limit][0]
        end = min(max(items[-1][1], first), body_end)
        text = ctx.draft.text[first:end].rstrip()
        yield Finding(
            first, first + len(text),
            ctx.rule.message.format(count=len(items), max=limit, over=len(items) - limit, text=""),
        )
