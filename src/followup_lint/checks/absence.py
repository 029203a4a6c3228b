"""Rules that want something said (thanks, interest in the role): one finding when none of the rule's
phrases, patterns or regexes occurs in its parts; a match only in `weak_parts` counts only if `accept_weak`."""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from ..diagnostic import Finding
from ..kinds import existence


def check(ctx) -> Iterable[Finding]:
    draft, options = ctx.draft, ctx.options
    start, end = draft.parts.get("body", (0, 0))
    if not draft.text[start:end].strip():
        return  # an empty body is not this rule's business
    if options.get("unless") and any(existence.check(replace(ctx, options={"patterns": options["unless"]}))):
        return  # the draft is of a kind that needs no such line (e.g. a status check)
    weak_parts = tuple(options.get("weak_parts", ()))
    strong, weak = [], []
    for f in existence.check(ctx):  # the same matching as data rules: inflection, quotes, placeholders
        (weak if draft.in_part(f.start, f.end, weak_parts) else strong).append(f)
    if strong or (weak and options.get("accept_weak", False)):
        return
    # point where the missing line usually goes: the body's first or last sentence
    sentences = draft.sentences or [(start, end)]
    s, e = sentences[-1] if options.get("at") == "last-sentence" else sentences[0]
    if weak:
        yield Finding(s, s + len(draft.text[s:e].rstrip()), {"weak": draft.text[weak[0].start:weak[0].end]}, "weak")
    else:
        yield Finding(s, s + len(draft.text[s:e].rstrip()))
