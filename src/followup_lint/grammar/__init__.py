"""LanguageTool: where it is installed, which version (from pom.xml), and finding Java to run it.

Nothing is downloaded at lint time: a missing install is `LanguageToolUnavailable` saying how to fix it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from importlib import resources
from pathlib import Path

from ..engine import cache_root

JAVA_MIN = 17


def install_hint() -> str:
    """How to install LanguageTool, named the way this followup-lint can be run."""
    from ..hints import command

    return f"run `{command('server', 'install')}` (needs Java {JAVA_MIN}+ and Maven)"


class LanguageToolUnavailable(Exception):
    """Grammar checking cannot run; the message says why and how to fix it (one line)."""


def pom_text() -> str:
    return resources.files(__package__).joinpath("pom.xml").read_text(encoding="utf-8")


# the LanguageTool version pinned in pom.xml: the one place it is written
LT_VERSION = re.search(r"<languagetool\.version>([^<]+)</languagetool\.version>", pom_text()).group(1)


def install_dir() -> Path:
    return cache_root() / f"languagetool-{LT_VERSION}"


def required_jars() -> tuple[str, ...]:
    """Jars whose absence means the install is broken."""
    return tuple(f"{name}-{LT_VERSION}.jar" for name in ("languagetool-server", "languagetool-core", "language-en"))


def custom_rules_dir() -> Path:
    """Class-path root holding org/languagetool/rules/en/grammar_custom.xml."""
    return Path(__file__).resolve().parent / "lt-rules"


def is_installed() -> bool:
    try:
        info = json.loads((install_dir() / ".complete").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return info.get("version") == LT_VERSION and all((install_dir() / "lib" / j).is_file() for j in required_jars())


def find_java() -> str:
    """Path of a java >= 17 (JAVA_HOME first, then PATH), or LanguageToolUnavailable."""
    import os

    home = os.environ.get("JAVA_HOME")
    candidates = [str(Path(home) / "bin" / "java")] if home else []
    candidates += [found] if (found := shutil.which("java")) else []
    if not candidates:
        raise LanguageToolUnavailable(
            f"java not found; install OpenJDK {JAVA_MIN}+ (e.g. `apt-get install openjdk-17-jre-headless`)")
    last = ""
    for java in candidates:
        try:
            out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=20)
        except (OSError, subprocess.TimeoutExpired) as exc:
            last = f"{java}: {exc}"
            continue
        m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
        if not m:
            last = f"cannot read the version of {java}"
            continue
        major = int(m.group(2)) if m.group(1) == "1" and m.group(2) else int(m.group(1))  # "1.8.0_x" is 8
        if major >= JAVA_MIN:
            return java
        last = f"{java} is Java {major}"
    raise LanguageToolUnavailable(f"LanguageTool needs Java {JAVA_MIN}+ ({last}); install OpenJDK {JAVA_MIN}+ or set JAVA_HOME")
