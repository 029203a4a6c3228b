"""`kind: existence`: flag listed phrases, token patterns or regexes in the rule's parts.

Options (each a list; an item is a string or a mapping with `hint`, `replace`, `fix`, `acronym`):
  phrases:  matched on tokens, ignoring case; a word given in its base form matches its inflections too
            ("hope" also finds "hoping"), a word given in another form matches only itself ("gotta"
            never finds "get to")
  patterns: spaCy Matcher token patterns, for phrases with optional or variable words
  regex:    character patterns, for punctuation, emoticons and emoji that are not words
  acronym:  true for an abbreviation that, written in capitals, is a professional acronym ("RN")

Never reported: a match inside a placeholder, inside quotation marks (a word the writer mentions),
glued to a longer word ("lollipop"), or a phrase that is part of a proper name ("Font Awesome").
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import regex

from ..diagnostic import Finding
from ..rule import RuleError
from .spans import joined_to_word

# what each option of an existence rule means (`followup-lint explain` shows it; a rule file may say more)
OPTION_DOCS = {
    "phrases": "phrases flagged, matched on tokens ignoring case and inflection (\"hope\" also finds \"hoping\"); "
               "an item may carry a hint and a replacement",
    "patterns": "spaCy token patterns, for phrases with optional or variable words",
    "regex": "regular expressions, for punctuation, emoticons and emoji that are not words",
}


def _items(values: list[Any], key: str) -> list[dict[str, Any]]:
    return [v if isinstance(v, dict) else {key: v} for v in values or []]


@lru_cache(maxsize=None)
def _matchers(nlp, rule_id: str, rule_path: str, options_key: str):
    from spacy.matcher import Matcher, PhraseMatcher

    options = json.loads(options_key)
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
    info: dict[str, dict[str, Any]] = {}
    phrases = _items(options.get("phrases"), "phrase")
    lemmas = _phrase_lemmas(nlp, [item["phrase"].lower() for item in phrases])
    for n, (item, doc) in enumerate(zip(phrases, lemmas)):
        key = f"p{n}"
        lower.add(key, [nlp.make_doc(item["phrase"])])
        # inflections of the words given in their base form ("hope" finds "hoping"); the other words exactly as
        # written, checked after the match ("gotta" never finds "get to"). A PhraseMatcher on lemmas costs far less
        # per draft than a token pattern would.
        exact = tuple((i, t.lower_) for i, t in enumerate(doc) if t.lemma_ != t.lower_)
        info[key] = dict(item, _phrase=True, _exact=exact)
        if len(exact) < len(doc):
            lemma.add(key, [doc])
    # a draft is matched only against the token patterns it can match: the ones with one of their anchor words in
    # it (a Matcher tries every pattern at every token, and a set of words, {"IN": [...]}, costs a Python call each
    # time: one Matcher of all the patterns cost more than the parse it runs on)
    tokens = {}
    for n, item in enumerate(_items(options.get("patterns"), "pattern")):
        key = f"t{n}"
        info[key] = item
        try:
            Matcher(nlp.vocab).add(key, [item["pattern"]])
        except (ValueError, TypeError) as exc:  # spaCy's MatchPatternError is a ValueError
            detail = " ".join(str(exc).split())[:200]
            raise RuleError(f"{rule_path}: rule '{rule_id}' pattern {n + 1} is not a spaCy token pattern: {detail}") from None
        tokens[key] = (_anchor(item["pattern"]), json.dumps(item["pattern"]))
    return lower, lemma, tokens, info


def _phrase_lemmas(nlp, texts: list[str]) -> list:
    """The phrases as Docs with their words' lemmas. Tagging them is most of a cold start's rule time, so the
    lemmas are kept in the user cache, per model version (rule phrases only; no draft text is ever stored)."""
    from spacy.tokens import Doc

    from ..engine import cache_root

    meta = getattr(nlp, "meta", {}) or {}
    path = cache_root() / "phrase-lemmas" / f"{meta.get('lang', 'x')}_{meta.get('name', 'x')}-{meta.get('version', 'x')}.json"
    known = _lemma_store(path)
    missing = [t for t in dict.fromkeys(texts) if not _lemma_entry(known.get(t))]
    if missing:
        for text, doc in zip(missing, nlp.pipe(missing, disable=["parser", "ner"])):  # lemmas need tags only
            known[text] = [[t.text, t.lemma_, bool(t.whitespace_)] for t in doc]
        try:  # atomically, for runs in parallel; a cache that cannot be written is only slower
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(known), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass
    return [Doc(nlp.vocab, words=[w for w, _, _ in known[t]], spaces=[sp for _, _, sp in known[t]],
                lemmas=[lem for _, lem, _ in known[t]]) for t in texts]


@lru_cache(maxsize=None)
def _lemma_store(path: Path) -> dict:
    """The kept lemmas, read once per process (every rule with phrases shares them)."""
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


def _lemma_entry(entry) -> bool:
    return isinstance(entry, list) and bool(entry) and all(
        isinstance(e, list) and len(e) == 3 and isinstance(e[0], str) and e[0] and isinstance(e[1], str)
        and isinstance(e[2], bool) for e in entry)


@lru_cache(maxsize=4096)
def _token_matcher(nlp, patterns: tuple[tuple[str, str], ...]):
    """One Matcher for these (key, pattern as JSON) token patterns, built once per set of patterns."""
    from spacy.matcher import Matcher

    matcher = Matcher(nlp.vocab)
    for key, pattern in patterns:
        matcher.add(key, [json.loads(pattern)])
    return matcher


def _anchor(pattern: list) -> frozenset[str] | None:
    """The words one of which a draft must have for the pattern to match: the values (lowercased) of its rarest
    token that must occur, on LOWER, ORTH, NORM or LEMMA ("forward" in "I look forward": a stop word counts as many
    rarer ones); None where every token may be anything."""
    from spacy.lang.en.stop_words import STOP_WORDS

    best, cost = None, float("inf")
    for spec in pattern if isinstance(pattern, list) else ():
        op = spec.get("OP") if isinstance(spec, dict) else None
        if not isinstance(spec, dict) or op in ("?", "*", "!") or isinstance(op, str) and op[:2] in ("{0", "{,"):
            continue  # a token that may be absent ("{0,2}": none to two)
        for attr in ("LOWER", "ORTH", "NORM", "LEMMA"):
            value = spec.get(attr)
            words = {value} if isinstance(value, str) else set(value.get("IN", ())) if isinstance(value, dict) \
                and set(value) == {"IN"} else None
            if words is None or not all(isinstance(w, str) for w in words):
                continue
            seen = sum(50 if w.lower() in STOP_WORDS else 1 for w in words)
            if seen < cost:
                best, cost = frozenset(w.lower() for w in words), seen
    return best


def _sentence_words(doc) -> list[tuple[int, int, set[str]]]:
    """Each sentence's token range with every form a token pattern can test its words on: lowercase, lemma and
    norm (once per draft)."""
    out = doc.user_data.get("followup-lint words")
    if out is None:
        try:
            sents = list(doc.sents)
        except ValueError:  # a model without sentence boundaries: the draft is one span
            sents = [doc[:]]
        out = doc.user_data["followup-lint words"] = [
            (s.start, s.end, {w for t in s for w in (t.lower_, t.lemma_.lower(), t.norm_)}) for s in sents]
    return out


def _token_matches(nlp, doc, tokens) -> list[tuple[int, int, int]]:
    """(match id, start, end) of the token patterns, each tried only around the sentences that have its anchor
    (with a sentence either side, for a pattern that runs across)."""
    sents = _sentence_words(doc)
    applicable, lo, hi = [], len(sents), -1
    for key, (anchor, pattern) in tokens.items():
        hits = [n for n, (_, _, words) in enumerate(sents) if anchor is None or anchor & words]
        if hits:
            applicable.append((key, pattern))
            lo, hi = min(lo, hits[0]), max(hi, hits[-1])
    if not applicable:
        return []
    start, end = sents[max(0, lo - 1)][0], sents[min(len(sents) - 1, hi + 1)][1]
    return [(m, start + s, start + e) for m, s, e in _token_matcher(nlp, tuple(applicable))(doc[start:end])]


_KEYS: dict[tuple[str, str], tuple[dict, str]] = {}


def _options_key(rule, options) -> str:
    """The rule's options as a cache key for its matchers, serialised once per rule, not once per draft."""
    hit = _KEYS.get((rule.id, str(rule.path)))
    if hit is None or hit[0] != options:  # the lists inside are shared, so this compares by identity first
        hit = _KEYS[(rule.id, str(rule.path))] = (dict(options), json.dumps(options, sort_keys=True))
    return hit[1]


def check(ctx) -> Iterable[Finding]:
    draft, options, rule = ctx.draft, ctx.options, ctx.rule
    text = draft.text
    hits: dict[tuple[int, int], dict[str, Any]] = {}
    names: set[int] = set()  # start offsets of phrase matches that are part of a proper name
    if ctx.nlp is not None and (options.get("phrases") or options.get("patterns")):
        lower, lemma, tokens, info = _matchers(ctx.nlp, rule.id, str(rule.path), _options_key(rule, options))
        doc = draft.doc
        found = [(m, m(doc)) for m in (lower, lemma) if len(m)]
        if tokens:
            found.append((tokens, _token_matches(ctx.nlp, doc, tokens)))
        for matcher, matches in found:
            for match_id, s, e in matches:
                span = doc[s:e]
                item = info[ctx.nlp.vocab.strings[match_id]]
                if matcher is lemma and any(doc[s + i].lower_ != word for i, word in item["_exact"]):
                    continue  # a word given in another form than its base matches only as written
                hits.setdefault((span.start_char, span.end_char), item)
                if item.get("_phrase") and (_in_name(span) or _acronym(span)):
                    names.add(span.start_char)
    for item in _items(options.get("regex"), "regex"):
        try:
            for m in _regex(item["regex"]).finditer(text, timeout=REGEX_TIMEOUT):
                if m.end() > m.start():
                    hits.setdefault(m.span(), item)
        except TimeoutError:
            raise RuleError(f"{rule.path}: rule '{rule.id}' regex {item['regex']!r} took over {REGEX_TIMEOUT:g} s on "
                            f"{draft.path}; it backtracks too much (nested repeats such as (a+)+), simplify it") from None
    for (start, end), item in _longest(hits):
        if not draft.in_part(start, end, rule.parts) or draft.is_placeholder(start, end) or start in names:
            continue
        if draft.quoted(start, end) or joined_to_word(text, start, end):
            continue
        matched = text[start:end]
        if item.get("acronym") and matched.isupper() and len(matched) > 1:
            continue  # "RN", "BC": an acronym, not "right now" or "because"
        replace = item.get("replace")
        suggestions = (replace,) if isinstance(replace, str) else tuple(replace or ())
        if suggestions and matched[:1].isupper():
            suggestions = tuple(s[:1].upper() + s[1:] for s in suggestions)
        yield Finding(start, end, {"hint": item.get("hint") or ""}, suggestions=suggestions, fix=bool(item.get("fix")))


# A rule's regex may come from the user: the `regex` module bounds each scan of a draft in time.
REGEX_TIMEOUT = 5.0


def _acronym(span) -> bool:
    """A word in capitals used as a term, in a noun phrase: "PLS regression", "an RN", "PLS and PCA models"."""
    if len(span) != 1 or not span.text.isupper() or len(span.text) < 2:
        return False
    tok = span[0]
    return (tok.dep_ in ("compound", "nmod", "amod") and tok.head.pos_ in ("NOUN", "PROPN")) \
        or any(c.dep_ in ("det", "poss") for c in tok.children) or (tok.dep_ == "conj" and tok.head.text.isupper())


def _in_name(span) -> bool:
    """A phrase inside a proper name or term: "Font Awesome", "Awesome Inc." (names are capitalised)."""
    if not all(t.text[:1].isupper() for t in span):
        return False
    doc = span.doc
    if span[0].ent_type_ in ("ORG", "PRODUCT", "WORK_OF_ART", "FAC", "EVENT"):
        start, end = span.start, span.end  # the entity around the match, walked token by token
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        if end - start > len(span):
            return True
    return all(t.pos_ == "PROPN" for t in span) and any(
        t.dep_ == "compound" or any(c.dep_ == "compound" for c in t.children) for t in span)


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
