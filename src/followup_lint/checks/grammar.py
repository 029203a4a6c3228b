"""Grammar and spelling through LanguageTool (rules/grammar.yml).

The managed LanguageTool runs inside the engine (followup_lint.engine), started on first need unless
`start_server` is off; with `url` (or --languagetool-url) a server you run is asked directly and
nothing is started. When grammar cannot run, CheckUnavailable says why and how to fix it.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Iterable, Mapping

from .. import engine
from ..diagnostic import Finding
from ..grammar import LanguageToolUnavailable, matches
from . import CheckUnavailable

remote = True  # waits on a server: an editor gets the other rules' findings first
# Inside the engine process: its own LanguageTool, without a round trip through its socket.
local: Callable[[list[str], dict[str, str], float, str | None], list[list[dict]]] | None = None
_direct: dict[str, Any] = {}  # url -> Client for a server you run, when no engine is involved


def check_batch(ctxs: list) -> list[list[Finding]]:
    out: list[list[Finding]] = [[] for _ in ctxs]
    groups: dict[str, list[int]] = {}  # drafts with the same options share their requests
    for i, ctx in enumerate(ctxs):
        groups.setdefault(repr(sorted(ctx.options.items())), []).append(i)
    for members in groups.values():
        ctx = ctxs[members[0]]
        sent = [matches.build_request(ctxs[i].draft) for i in members]
        try:
            raw = _matches([text for text, _ in sent], ctx.options, ctx.rule.options)
        except (LanguageToolUnavailable, engine.EngineUnavailable) as exc:
            raise CheckUnavailable(_advice(str(exc), ctx.options)) from None
        fixable = set(ctx.options["fixable_categories"])
        families = _families(ctx.options, ctx.rule.options)
        for i, (text, segments), found in zip(members, sent, raw):
            found = [m for m in found if not m["rule"]["id"].startswith(families)] if families else found
            out[i] = [to_finding(m, fixable) for m in matches.map_matches(ctxs[i].draft, text, segments, found)]
    return out


def check(ctx) -> Iterable[Finding]:
    return check_batch([ctx])[0]


def params(options: Mapping[str, Any], defaults: Mapping[str, Any]) -> dict[str, str]:
    """LanguageTool's request fields; the rules and categories you switch off add to the rule file's."""
    def names(key: str) -> str:  # (a family, "EN_DIACRITICS_REPLACE_*", is dropped here, after the answer)
        return ",".join(sorted(x for x in set(map(str, defaults[key])) | {str(x) for x in options[key]} if not x.endswith("*")))

    out = {"language": options["language"], "disabledRules": names("disabled_rules"),
           "disabledCategories": names("disabled_categories")}
    return out | ({"level": "picky"} if options["picky"] else {})


def _families(options: Mapping[str, Any], defaults: Mapping[str, Any]) -> tuple[str, ...]:
    """Rule ids switched off as a family, by their common start: LanguageTool names some rules per word
    ("EN_DIACRITICS_REPLACE_ORTHOGRAPHY_FETE"), so "EN_DIACRITICS_REPLACE_*" switches them all off."""
    return tuple(sorted({str(x)[:-1] for x in [*defaults["disabled_rules"], *options["disabled_rules"]] if str(x).endswith("*")}))


def _matches(texts: list[str], options: Mapping[str, Any], defaults: Mapping[str, Any]) -> list[list[dict]]:
    """LanguageTool's raw matches for each text (UTF-16 offsets)."""
    fields = params(options, defaults)
    if not any(t.strip() for t in texts):
        return [[] for _ in texts]
    if fields["language"] != "auto":
        return _ask(texts, fields, options)
    # each draft's own variety: checked as US English unless its spellings are British ("colour", "organise")
    found = _ask(texts, fields | {"language": "en-US"}, options)
    british = [i for i, raw in enumerate(found) if any(matches.british(m) for m in raw)]
    if british:
        for i, raw in zip(british, _ask([texts[i] for i in british], fields | {"language": "en-GB"}, options)):
            found[i] = raw
    return found


def _ask(texts: list[str], fields: dict[str, str], options: Mapping[str, Any]) -> list[list[dict]]:
    timeout, url = float(options["timeout"]), options["url"]
    if local is not None:
        return local(texts, fields, timeout, url)
    if url:
        from ..grammar.languagetool import Client

        client = _direct.setdefault(url, Client(url))
        with ThreadPoolExecutor(2) as pool:  # LanguageTool checks one text per thread
            return list(pool.map(lambda t: client.check(t, fields, timeout), texts))
    if not _installed():  # said at once, without starting anything
        from ..grammar import LT_VERSION, install_hint

        raise LanguageToolUnavailable(f"LanguageTool {LT_VERSION} is not installed; {install_hint()}")
    answer = next(engine.request("grammar", start=options["start_server"], idle_timeout=options["idle_timeout"],
                                 texts=texts, params=fields, timeout=timeout), {"error": "the engine stopped"})
    if "error" in answer:
        raise LanguageToolUnavailable(answer["error"])
    return answer["matches"]


_installed_in: set[str] = set()  # install folders found complete: an install does not go away mid-run


def _installed() -> bool:
    from ..grammar import install_dir, is_installed

    where = str(install_dir())
    if where not in _installed_in and is_installed():
        _installed_in.add(where)
    return where in _installed_in


def _advice(reason: str, options: Mapping[str, Any]) -> str:
    if options["url"]:
        return reason + "; check that the server given by --languagetool-url (option `url`) is running"
    if "not installed" in reason or "java" in reason.lower() or "Linux only" in reason or reason.startswith("cannot use"):
        return reason
    from ..hints import command

    if "engine is not running" in reason:
        return reason + f"; start it with `{command('server', 'start')}`, or let grammar start it (option `start_server`)"
    return reason + f"; see `{command('server', 'status')}` and {engine.log_path()}"


def to_finding(m: matches.Match, fixable: set[str]) -> Finding:
    fix = len(m.replacements) == 1 and m.category in fixable and m.end > m.start
    if m.issue_type == "misspelling":  # LanguageTool's own text names neither the word nor a fix
        name = "spelling" if m.replacements else "spelling-unknown"
    else:
        name = None
    return Finding(
        m.start, m.end, {"lt_message": m.message, "first": m.replacements[0] if m.replacements else ""}, name,
        suggestions=m.replacements,
        extra={"lt_rule": m.rule_id, "lt_category": m.category},
        fix=fix,
    )
