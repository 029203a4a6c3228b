"""Send a text to LanguageTool and return its raw matches.

The request itself goes through language_tool_python 3.4.0
(`LanguageTool('en-US', remote_server=URL)`, whose constructor makes one
GET /v2/languages to that URL and nothing else; with `remote_server` it never
downloads or starts anything). We read the raw JSON through its
`_query_server` rather than `check()`: `check()` wraps matches in `Match`,
whose UTF-16 correction uses a class-level cache that is not thread-safe
(check_batch runs two requests at once) and leaves `length` uncorrected.
Proxies are forced off so draft text only ever goes to the given URL.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from . import LanguageToolUnavailable

# rules that duplicate followup-lint's own rules, or fire on the way we send text
DEFAULT_DISABLED_RULES = (
    "WHITESPACE_RULE",  # leading/indenting whitespace: formatting, not grammar
    "EN_EXCESSIVE_EXCLAMATION",  # the tone rules count exclamation marks
    "PUNCTUATION_PARAGRAPH_END",  # a subject line has no final period
    "EN_UNPAIRED_BRACKETS",  # "[Company]" placeholders, emoticons ":)"
    "EN_UNPAIRED_QUOTES",
    "COMMA_COMPOUND_SENTENCE",  # a missing comma before "and" is a style choice in a short note
    "CONDITIONAL_CLAUSE",  # "If it would be helpful, ..." is ordinary polite English
    "PREPOSITION_VERB",  # "the upcoming rebrand": verbs used as nouns are normal in work email
)
# style advice is not a grammar error: wordiness, repeated sentence openings, US/UK variants
DEFAULT_DISABLED_CATEGORIES: tuple[str, ...] = ("STYLE", "REDUNDANCY", "REPETITIONS_STYLE", "BRITISH_ENGLISH")
FIXABLE_CATEGORIES = {"TYPOS", "GRAMMAR", "CONFUSED_WORDS", "CASING", "PUNCTUATION", "COMPOUNDING"}
NO_PROXY = {"http": None, "https": None}


# ----------------------------------------------------------------- the client


@dataclass(frozen=True)
class Settings:
    url: str
    language: str = "en-US"
    disabled_rules: tuple[str, ...] = DEFAULT_DISABLED_RULES
    disabled_categories: tuple[str, ...] = DEFAULT_DISABLED_CATEGORIES
    picky: bool = False
    timeout: float = 30.0


_tools: dict[Settings, Any] = {}
_tools_lock = threading.Lock()


def _tool(settings: Settings):
    """A configured language_tool_python.LanguageTool for these settings (one per process)."""
    with _tools_lock:
        tool = _tools.get(settings)
        if tool is not None:
            return tool
        try:
            import language_tool_python as ltp
        except ImportError as exc:  # pragma: no cover - a packaging error
            raise LanguageToolUnavailable(
                f"language_tool_python is not installed ({exc}); reinstall followup-lint"
            ) from None
        saved = ltp.LanguageTool._TIMEOUT
        try:
            ltp.LanguageTool._TIMEOUT = min(settings.timeout, 10.0)  # the /languages probe
            tool = ltp.LanguageTool(settings.language, remote_server=settings.url, proxies=dict(NO_PROXY))
        except ltp.exceptions.LanguageToolError as exc:
            raise LanguageToolUnavailable(describe(exc, settings, min(settings.timeout, 10.0))) from None
        except ValueError as exc:  # unknown language code
            raise LanguageToolUnavailable(f"LanguageTool at {settings.url}: {exc}") from None
        finally:
            ltp.LanguageTool._TIMEOUT = saved
        tool._TIMEOUT = settings.timeout  # instance attribute: per-request timeout
        tool.disabled_rules = set(settings.disabled_rules)
        tool.disabled_categories = set(settings.disabled_categories)
        tool.picky = settings.picky
        _tools[settings] = tool
        return tool


def forget(url: str | None = None) -> None:
    """Drop cached clients (for url, or all): after a server restart on a new port."""
    with _tools_lock:
        for key in [k for k in _tools if url is None or k.url == url]:
            del _tools[key]


def describe(exc: BaseException, settings: Settings, timeout: float) -> str:
    """One line for a failed request."""
    text = str(exc)
    low = text.lower()
    if "timed out" in low or "timeout" in low:
        return f"LanguageTool at {settings.url} did not answer within {timeout:g}s"
    if "refused" in low or "failed to establish" in low or "name or service" in low:
        return f"cannot connect to LanguageTool at {settings.url} (connection refused)"
    if "aborted" in low or "reset" in low or "remotedisconnected" in low:
        return f"LanguageTool at {settings.url} closed the connection (did it stop?)"
    return f"LanguageTool at {settings.url} failed: {_short(exc)}"


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def check_text(settings: Settings, text: str) -> list[dict[str, Any]]:
    """Raw LanguageTool matches (UTF-16 offsets) for one text."""
    if not text.strip():
        return []
    tool = _tool(settings)
    import language_tool_python as ltp

    url = tool.url + "check"  # tool.url ends with /v2/
    try:
        resp = tool._query_server(url, tool._create_params(text), num_tries=1, method="post")
    except ltp.exceptions.LanguageToolError as exc:
        raise LanguageToolUnavailable(describe(exc, settings, settings.timeout)) from None
    if not isinstance(resp, dict) or "matches" not in resp:
        raise LanguageToolUnavailable(f"LanguageTool at {settings.url} sent an unexpected answer")
    return resp["matches"]




def wait_ready(url: str, timeout: float) -> None:
    """Poll a user-run server until it answers (used by tests)."""
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + timeout
    while True:
        try:
            with opener.open(url.rstrip("/") + "/v2/languages", timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise LanguageToolUnavailable(f"LanguageTool at {url} did not answer within {timeout:.0f}s")
            time.sleep(0.2)
