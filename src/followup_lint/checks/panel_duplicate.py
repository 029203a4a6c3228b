"""Panel notes: drafts in one folder, greeting different people, with near-identical bodies."""

from __future__ import annotations

import os
import re
from collections import Counter
from difflib import SequenceMatcher
from itertools import combinations

from ..diagnostic import Finding
from ..text import addressee


def _words(draft, names: set[str]) -> list[str]:
    """The body as lowercase words, without the addressee's names (they differ by design)."""
    words = re.findall(r"[\w'’-]+", draft.part("body").lower())
    return [w for w in words if w not in names]


def _addressee(draft) -> str:
    return " ".join(addressee(draft.part("greeting")).lower().split()) if "greeting" in draft.parts else ""


def check_batch(ctxs) -> list[list[Finding]]:
    results: list[list[Finding]] = [[] for _ in ctxs]
    if not ctxs:
        return results
    options = ctxs[0].options
    folders: dict[str, list[int]] = {}
    for i, ctx in enumerate(ctxs):
        folders.setdefault(os.path.dirname(os.path.abspath(ctx.draft.path)), []).append(i)
    twins: dict[int, list[tuple[str, float]]] = {}
    for members in folders.values():
        # O(n²) pairs: only within a folder (one interview's panel) and at most max_drafts per folder
        members = members[: options["max_drafts"]]
        people = {i: _addressee(ctxs[i].draft) for i in members}
        names = {i: set(people[i].split()) for i in members}
        words = {i: _words(ctxs[i].draft, names[i]) for i in members}
        counts = {i: Counter(words[i]) for i in members}
        for a, b in combinations(members, 2):
            if not people[a] or not people[b] or people[a] == people[b]:
                continue  # the same person (two versions of one note) or nobody named: not a panel
            # each body without the other's names, counted first: the exact lengths and shared words bound the
            # ratio from above (as difflib's quick ratios), without building the word lists or a matcher per pair
            la = len(words[a]) - sum(counts[a][n] for n in names[b])
            lb = len(words[b]) - sum(counts[b][n] for n in names[a])
            if min(la, lb) < options["min_words"] or 2 * min(la, lb) / (la + lb) < options["threshold"]:
                continue
            small, large = sorted((counts[a], counts[b]), key=len)
            named = names[a] | names[b]
            shared = sum(min(n, large[w]) for w, n in small.items() if w in large and w not in named)
            if 2 * shared / (la + lb) < options["threshold"]:
                continue
            wa, wb = [w for w in words[a] if w not in names[b]], [w for w in words[b] if w not in names[a]]
            ratio = SequenceMatcher(None, wa, wb, autojunk=False).ratio()
            if ratio >= options["threshold"]:
                twins.setdefault(a, []).append((ctxs[b].draft.path, ratio))
                twins.setdefault(b, []).append((ctxs[a].draft.path, ratio))
    for i, others in twins.items():
        draft = ctxs[i].draft
        start, end = draft.parts["body"]
        first = re.search(r"\S[^\n]*", draft.text[start:end])
        s, e = start + first.start(), start + first.end()
        others.sort(key=lambda o: (-o[1], o[0]))
        listed = ", ".join(f"{path} ({ratio:.0%})" for path, ratio in others)
        results[i].append(Finding(
            s, s + len(draft.text[s:e].rstrip()), {"others": listed},
            extra={"duplicates": [{"path": p, "similarity": round(r, 3)} for p, r in others]},
        ))
    return results
