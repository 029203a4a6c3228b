"""Grammar and spelling through LanguageTool (rules/grammar.yml).

By default a managed LanguageTool server on a loopback port is used, started
on first need and stopped by its watchdog after `idle_timeout` seconds without
use (see followup_lint.grammar.server). With the `url` option (or
`--languagetool-url`) a user-run server is used instead and nothing is
started. When grammar cannot run, CheckUnavailable says why and how to fix it.
"""

from __future__ import annotations

import contextlib
import os
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Iterable, Mapping

from ..diagnostic import Finding
from ..grammar import LanguageToolUnavailable
from ..grammar import client as lt
from ..grammar import matches
from . import CheckUnavailable

WORKERS = 2  # the machine has 2 cores; LanguageTool checks one text per thread


def _settings(options: Mapping[str, Any], url: str) -> lt.Settings:
    def names(key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        extra = options.get(key) or ()
        if isinstance(extra, str):
            extra = [x.strip() for x in extra.split(",")]
        return tuple(sorted(set(default) | {str(x) for x in extra if str(x)}))

    return lt.Settings(
        url=url,
        language=str(options.get("language") or "en-US"),
        disabled_rules=names("disabled_rules", lt.DEFAULT_DISABLED_RULES),
        disabled_categories=names("disabled_categories", lt.DEFAULT_DISABLED_CATEGORIES),
        picky=bool(options.get("picky", False)),
        timeout=float(options.get("timeout") or 30),
    )


def normalize_url(url: str) -> str:
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    url = url.rstrip("/")
    if url.endswith("/v2"):
        url = url[: -len("/v2")]
    return url + "/"


_managed: dict[str, Any] = {}  # url, state-file inode and idle timeout of the server last ensured


def _server_url(options: Mapping[str, Any]) -> tuple[str, bool]:
    """(url, managed)"""
    if options.get("url"):
        return normalize_url(str(options["url"])), False
    from ..grammar import server

    idle = float(options.get("idle_timeout") or server.DEFAULT_IDLE_TIMEOUT)
    # Fast path for repeated check() calls in one process: the watchdog removes the state
    # file before it stops the JVM and a new server writes a new file (new inode), so an
    # unchanged inode means the same live server; touching it is the "use".
    try:
        path = server.state_path()
        st = os.stat(path)
        if _managed and (_managed["path"], _managed["ino"], _managed["idle"]) == (path, st.st_ino, idle):
            server.touch()
            return _managed["url"], True
    except OSError:
        pass
    try:
        # the rule's default idle time does not override what `server start --idle-timeout` chose
        url = server.ensure(idle_timeout=None if idle == server.DEFAULT_IDLE_TIMEOUT else idle)
    except OSError as exc:  # a cache folder it cannot write: no managed server, so grammar alone cannot run
        raise LanguageToolUnavailable(
            f"cannot use {exc.filename or server.run_dir()}: {exc.strerror or exc}; "
            "make the cache folder writable or set FOLLOWUP_LINT_CACHE to another one") from None
    with contextlib.suppress(OSError):
        path = server.state_path()
        _managed.update(url=url, path=path, ino=os.stat(path).st_ino, idle=idle)
    return url, True


def to_finding(m: matches.Match) -> Finding:
    fix = len(m.replacements) == 1 and m.category in lt.FIXABLE_CATEGORIES and m.end > m.start
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


class _Toucher:
    """Keeps the managed server's idle clock fresh during a long batch (at most once a second)."""

    def __init__(self, managed: bool) -> None:
        self.managed = managed
        self.last = 0.0

    def __call__(self) -> None:
        if self.managed and time.monotonic() - self.last > 1.0:
            from ..grammar import server

            server.touch()
            self.last = time.monotonic()


def check_batch(ctxs: list) -> list[list[Finding]]:
    if not ctxs:
        return []
    try:
        url, managed = _server_url(ctxs[0].options)
        settings = _settings(ctxs[0].options, url)
        same = all(c.options == ctxs[0].options for c in ctxs)
        touch = _Toucher(managed)

        def one(ctx) -> list[Finding]:
            s = settings if same else _settings(ctx.options, url)
            touch()
            return [to_finding(m) for m in check_draft(s, ctx.draft)]

        lt._tool(settings)  # construct the client once, before the threads
        if len(ctxs) == 1:
            return [one(ctxs[0])]
        pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="languagetool")
        try:
            results = list(pool.map(one, ctxs))
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)  # fail fast: drop the queued drafts
            raise
        pool.shutdown()
        touch.last = 0.0
        touch()
        return results
    except LanguageToolUnavailable as exc:
        reason = str(exc)
        if "managed" in locals():  # the server was found; a request failed
            lt.forget(url)  # a later run in this process reconnects
            _managed.clear()
            if managed:
                from ..grammar import server

                reason += f"; see `followup-lint server status` and {server.log_path()}"
            else:
                reason += "; check that the server given by --languagetool-url (option `url`) is running"
        raise CheckUnavailable(reason) from None


def check(ctx) -> Iterable[Finding]:
    return check_batch([ctx])[0]


def check_draft(settings: lt.Settings, draft) -> list[matches.Match]:
    sent, segments = matches.build_request(draft)
    if not sent:
        return []
    return matches.map_matches(draft, sent, segments, lt.check_text(settings, sent))
