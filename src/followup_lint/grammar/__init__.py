"""LanguageTool grammar subsystem.

Layout of the cache (never inside the repository)::

    $FOLLOWUP_LINT_CACHE            (default: ${XDG_CACHE_HOME:-~/.cache}/followup-lint)
      languagetool-6.8/lib/*.jar    provisioned by `python -m followup_lint.grammar.provision`
      languagetool-6.8/.complete    marker written last (JSON: version, jar count)
      run/server.json               managed server state (watchdog pid, java pid, port);
                                    its mtime is the "last used" clock for the idle stop
      run/server.lock               flock: one start at a time
      run/server.log                JVM + watchdog output
      run/server.properties         LanguageTool server config (cacheSize, pipelineCaching)

Nothing is downloaded at lint time: a missing install is reported as
`LanguageToolUnavailable` with the command that fixes it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

LT_VERSION = "6.8"
JAVA_MIN = 17

# jars whose absence means the install is broken (checked with the marker)
REQUIRED_JARS = (
    f"languagetool-server-{LT_VERSION}.jar",
    f"languagetool-core-{LT_VERSION}.jar",
    f"language-en-{LT_VERSION}.jar",
)

def install_hint() -> str:
    """How to install LanguageTool, named the way this followup-lint can be run."""
    from ..hints import command

    return f"run `{command('server', 'install')}` (needs Java {JAVA_MIN}+ and Maven)"


class LanguageToolUnavailable(Exception):
    """Grammar checking cannot run; the message says why and how to fix it (one line)."""


def cache_root() -> Path:
    env = os.environ.get("FOLLOWUP_LINT_CACHE")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "followup-lint"


def install_dir() -> Path:
    return cache_root() / f"languagetool-{LT_VERSION}"


def lib_dir() -> Path:
    return install_dir() / "lib"


def marker_path() -> Path:
    return install_dir() / ".complete"


def run_dir() -> Path:
    return cache_root() / "run"


def custom_rules_dir() -> Path:
    """Class-path root holding org/languagetool/rules/en/grammar_custom.xml."""
    return Path(__file__).resolve().parent / "lt-rules"


def is_installed() -> bool:
    marker = marker_path()
    if not marker.is_file():
        return False
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if info.get("version") != LT_VERSION:
        return False
    lib = lib_dir()
    return all((lib / jar).is_file() for jar in REQUIRED_JARS)


_JAVA_VERSION_RE = re.compile(r'version "(\d+)(?:\.(\d+))?')


def find_java() -> str:
    """Path of a java >= 17 (JAVA_HOME first, then PATH) or LanguageToolUnavailable."""
    candidates = []
    home = os.environ.get("JAVA_HOME")
    if home:
        candidates.append(str(Path(home) / "bin" / "java"))
    found = shutil.which("java")
    if found:
        candidates.append(found)
    if not candidates:
        raise LanguageToolUnavailable(
            f"java not found; install OpenJDK {JAVA_MIN}+ (e.g. `apt-get install openjdk-17-jre-headless`)"
        )
    last = ""
    for java in candidates:
        try:
            out = subprocess.run(
                [java, "-version"], capture_output=True, text=True, timeout=20
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            last = f"{java}: {exc}"
            continue
        m = _JAVA_VERSION_RE.search(out.stderr + out.stdout)
        if not m:
            last = f"cannot read the version of {java}"
            continue
        major = int(m.group(1))
        if major == 1 and m.group(2):  # "1.8.0_xxx"
            major = int(m.group(2))
        if major >= JAVA_MIN:
            return java
        last = f"{java} is Java {major}"
    raise LanguageToolUnavailable(
        f"LanguageTool needs Java {JAVA_MIN}+ ({last}); install OpenJDK {JAVA_MIN}+ or set JAVA_HOME"
    )
