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


METRICS = ("words", "sentences")  # each a list of spans on the Draft


def check(ctx) -> Iterable[Finding]:
    limit = ctx.options["max"]
    items = getattr(ctx.draft, ctx.options["metric"])
    if len(items) > limit:
        body_end = ctx.draft.parts["body"][1]
        first = items[limit][0]
        end = min(max(items[-1][1], first), body_end)
        text = ctx.draft.text[first:end].rstrip()
        yield Finding(first, first + len(text), {"count": len(items), "max": limit, "over": len(items) - limit})
