"""`kind: existence`: flag listed phrases, token patterns or regexes in the rule's parts.

Options (each a list; an item is a string or a mapping with `hint`, `replace`, `fix`):
  phrases:  matched on tokens, ignoring case and inflection ("hope" also finds "hoping")
  patterns: spaCy Matcher token patterns, for phrases with optional or variable words
  regex:    character patterns, for punctuation, emoticons and emoji that are not words
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable

import regex

from ..diagnostic import Finding
from ..rule import RuleError
from .spans import in_parts, inside_quotes, joined_to_word


def _items(values: list[Any], key: str) -> list[dict[str, Any]]:
    return [v if isinstance(v, dict) else {key: v} for v in values or []]


@lru_cache(maxsize=None)
def _matchers(nlp, rule_id: str, rule_path: str, options_key: str):
    import json

    from spacy.matcher import Matcher, PhraseMatcher

    options = json.loads(options_key)
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
    tokens = Matcher(nlp.vocab)
    info: dict[str, dict[str, Any]] = {}
    phrases = _items(options.get("phrases"), "phrase")
    for n, item in enumerate(phrases):
        key = f"p{n}"
        info[key] = item
        lower.add(key, [nlp.make_doc(item["phrase"])])
    for n, doc in enumerate(nlp.pipe(item["phrase"].lower() for item in phrases)):
        lemma.add(f"p{n}", [doc])
    for n, item in enumerate(_items(options.get("patterns"), "pattern")):
        key = f"t{n}"
        info[key] = item
        try:
            tokens.add(key, [item["pattern"]])
        except (ValueError, TypeError) as exc:  # spaCy's MatchPatternError is a ValueError
            detail = " ".join(str(exc).split())[:200]
            raise RuleError(f"{rule_path}: rule '{rule_id}' pattern {n + 1} is not a spaCy token pattern: {detail}") from None
    return lower, lemma, tokens, info


def check(ctx) -> Iterable[Finding]:
    import json

    draft, options, rule = ctx.draft, ctx.options, ctx.rule
    text = draft.text
    hits: dict[tuple[int, int], dict[str, Any]] = {}
    if ctx.nlp is not None and (options.get("phrases") or options.get("patterns")):
        lower, lemma, tokens, info = _matchers(ctx.nlp, rule.id, str(rule.path), json.dumps(options, sort_keys=True))
        doc = draft.doc
        for matcher in (m for m in (lower, lemma, tokens) if len(m)):
            for match_id, s, e in matcher(doc):
                span = doc[s:e]
                hits.setdefault((span.start_char, span.end_char), info[ctx.nlp.vocab.strings[match_id]])
    for item in _items(options.get("regex"), "regex"):
        try:
            for m in _regex(item["regex"]).finditer(text, timeout=REGEX_TIMEOUT):
                if m.end() > m.start():
                    hits.setdefault(m.span(), item)
        except TimeoutError:
            raise RuleError(f"{rule.path}: rule '{rule.id}' regex {item['regex']!r} took over {REGEX_TIMEOUT:g} s on "
                            f"{draft.path}; it backtracks too much (nested repeats such as (a+)+), simplify it") from None
    kept = _longest(hits)
    for (start, end), item in kept:
        if not in_parts(draft, start, end, rule.parts) or draft.is_placeholder(start, end):
            continue
        if inside_quotes(text, start, end) or joined_to_word(text, start, end):
            continue
        replace = item.get("replace")
        suggestions = (replace,) if isinstance(replace, str) else tuple(replace or ())
        matched = text[start:end]
        if suggestions and matched[:1].isupper():
            suggestions = tuple(s[:1].upper() + s[1:] for s in suggestions)
        yield Finding(start, end, {"hint": item.get("hint") or ""}, suggestions=suggestions, fix=bool(item.get("fix")))


# A rule's regex may come from the user: the `regex` module bounds each scan of a draft in time.
REGEX_TIMEOUT = 5.0


@lru_cache(maxsize=None)
def _regex(pattern: str) -> regex.Pattern:
    return regex.compile(pattern)


def _longest(hits: dict[tuple[int, int], dict[str, Any]]) -> list[tuple[tuple[int, int], dict[str, Any]]]:
    """Drop matches inside a longer one, so "I look forward to hearing from you soon" is one finding."""
    ordered = sorted(hits.items(), key=lambda kv: (kv[0][0], -(kv[0][1] - kv[0][0])))
    kept: list[tuple[tuple[int, int], dict[str, Any]]] = []
    for (s, e), item in ordered:
        if kept and s < kept[-1][0][1]:
            continue
        kept.append(((s, e), item))
    return kept
