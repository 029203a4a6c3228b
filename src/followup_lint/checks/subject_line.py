"""The subject line, when the draft has one: not empty, about the interview or role, 3-10 words, no shouting."""

from __future__ import annotations

import re
from typing import Iterable

from ..diagnostic import Finding
from ..text import zipf


def problems(subject: str, options, role: str = "") -> Iterable[tuple[str, dict]]:
    """(message name, its fields) for each problem of a non-empty subject line."""
    words = [w for w in subject.split() if re.search(r"\w", w)]
    topic = [t.lower() for t in options["topic_words"]]
    topic += [w.lower() for w in re.findall(r"[A-Za-z]{3,}", role)]
    if not any(re.search(rf"(?i)\b{re.escape(t)}", subject) for t in topic) and not _particular(words, options):
        yield "vague", {}
    if not options["min_words"] <= len(words) <= options["max_words"]:
        yield "length", {"words": len(words), "min": options["min_words"], "max": options["max_words"]}
    letters = [c for c in subject if c.isalpha()]
    if len(letters) >= 6 and all(c.isupper() for c in letters):
        yield "capitals", {}
    if re.search(r"[!?]{2,}", subject):
        yield "marks", {}


def _particular(words, options) -> bool:
    """Does the subject name a thing in particular ("Feeder tube summary, as discussed on Thursday", "Onboarding
    case study")? A word rarer than everyday English does; "Quick question" and "Checking in" do not."""
    sentence_case = len(words) > 1 and words[1][:1].islower()  # its first capital opens it; other capitals are names
    return any(zipf(w.strip(".,;:!?").lower()) < options["rare_zipf"] for i, w in enumerate(words)
               if re.fullmatch(r"[a-z][a-z-]+[.,;:!?]?", w) or i == 0 and sentence_case and re.fullmatch(r"[A-Z][a-z-]+", w))


def check(ctx) -> Iterable[Finding]:
    draft = ctx.draft
    span = draft.parts.get("subject")
    if span is None:
        if "subject" in draft.meta and not str(draft.meta["subject"]).strip():  # .eml with "Subject:" blank
            yield Finding(0, 0, message="empty")
        return
    s, e = span
    subject = draft.text[s:e].strip()
    if not subject:
        yield Finding(s, e, message="empty")
        return
    s += len(draft.text[s:e]) - len(draft.text[s:e].lstrip())
    notes = ctx.notes or {}
    role = str(notes.get("role") or draft.meta.get("role") or "")
    for name, fields in problems(subject, ctx.options, role):
        yield Finding(s, s + len(subject), fields, name)
