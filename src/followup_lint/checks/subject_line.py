"""The subject line, when the draft has one: not empty, about the interview or role, 3-10 words, no shouting."""

from __future__ import annotations

import re
from typing import Iterable

from ..diagnostic import Finding


def problems(subject: str, options, role: str = "") -> list[str]:
    """What is wrong with a non-empty subject line, in words a writer can act on."""
    out = []
    words = [w for w in subject.split() if re.search(r"\w", w)]
    topic = [t.lower() for t in options["topic_words"]]
    topic += [w.lower() for w in re.findall(r"[A-Za-z]{3,}", role)]
    if not any(re.search(rf"(?i)\b{re.escape(t)}", subject) for t in topic):
        out.append("name the interview or the role (e.g. \u201cThank you \u2013 Data Analyst interview\u201d)")
    if len(words) < options["min_words"]:
        out.append(f"{len(words)} word{'s' if len(words) != 1 else ''}; use {options['min_words']} to {options['max_words']}")
    elif len(words) > options["max_words"]:
        out.append(f"{len(words)} words; use {options['min_words']} to {options['max_words']}")
    letters = [c for c in subject if c.isalpha()]
    if len(letters) >= 6 and all(c.isupper() for c in letters):
        out.append("all capitals read as shouting")
    if re.search(r"[!?]{2,}", subject):
        out.append("one \u201c!\u201d or \u201c?\u201d at most")
    return out


def check(ctx) -> Iterable[Finding]:
    draft = ctx.draft
    span = draft.parts.get("subject")
    if span is None:
        if "subject" in draft.meta and not str(draft.meta["subject"]).strip():  # .eml with "Subject:" blank
            yield Finding(0, 0, ctx.rule.message.format(text="", problem="the subject is empty"))
        return
    s, e = span
    subject = draft.text[s:e].strip()
    if not subject:
        yield Finding(s, e, ctx.rule.message.format(text="", problem="the subject is empty"))
        return
    s += len(draft.text[s:e]) - len(draft.text[s:e].lstrip())
    notes = ctx.notes or {}
    role = str(notes.get("role") or draft.meta.get("role") or "")
    found = problems(subject, ctx.options, role)
    if found:
        yield Finding(s, s + len(subject), ctx.rule.message.format(text=subject, problem="; ".join(found)))
