"""Install the pinned LanguageTool server into the cache folder (`followup-lint server install`).

Runs `mvn dependency:copy-dependencies` on the pom shipped in this package
(languagetool-server without language-all, plus language-en/es/ca/pt) into a
temporary folder next to the target and renames it into place once complete,
so an interrupted run never leaves a half install behind. Idempotent: a
complete marker means there is nothing to do. Needs Java 17+ and Maven.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

from . import LanguageToolUnavailable, cache_root, find_java, install_dir, is_installed, pom_text, required_jars, LT_VERSION

DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
MVN_TIMEOUT = 900  # seconds; a cold ~/.m2 fetches ~100 MB


def provision(force: bool = False, log=print) -> Path:
    """Make sure LanguageTool is installed; return its install folder."""
    target = install_dir()
    if is_installed() and not force:
        log(f"LanguageTool {LT_VERSION} already installed in {target}")
        return target
    find_java()  # Java 17+ is needed to run it (and by Maven)
    mvn = shutil.which("mvn")
    if not mvn:
        raise LanguageToolUnavailable(
            "Maven (mvn) not found; install it (e.g. `apt-get install maven` or `brew install maven`) to "
            "fetch LanguageTool, or use a LanguageTool server you run with --languagetool-url"
        )
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "provision.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a concurrent provision finishes first
        if is_installed() and not force:
            log(f"LanguageTool {LT_VERSION} already installed in {target}")
            return target
        partial = root / f".languagetool-{LT_VERSION}.partial-{os.getpid()}"
        shutil.rmtree(partial, ignore_errors=True)
        (partial / "lib").mkdir(parents=True)
        pom = partial / "pom.xml"
        pom.write_text(pom_text(), encoding="utf-8")
        cmd = [
            mvn, "-B", "-q", "-f", str(pom),
            f"{DEPENDENCY_PLUGIN}:copy-dependencies",
            f"-DoutputDirectory={partial / 'lib'}",
            "-DincludeScope=runtime",
        ]
        log(f"fetching LanguageTool {LT_VERSION} from Maven Central into {target} ...")
        t0 = time.monotonic()
        try:
            proc = subprocess.run(
                cmd, cwd=partial, capture_output=True, text=True, timeout=MVN_TIMEOUT
            )
        except subprocess.TimeoutExpired:
            shutil.rmtree(partial, ignore_errors=True)
            raise LanguageToolUnavailable(f"Maven timed out after {MVN_TIMEOUT}s fetching LanguageTool")
        if proc.returncode != 0:
            shutil.rmtree(partial, ignore_errors=True)
            lines = [ln.strip() for ln in (proc.stdout + proc.stderr).splitlines() if ln.strip()]
            errors = [ln for ln in lines if ln.startswith("[ERROR]") and "-> [Help" not in ln]
            why = (errors or lines or [f"exit code {proc.returncode}"])[0].removeprefix("[ERROR]").strip()
            raise LanguageToolUnavailable(f"Maven failed to fetch LanguageTool: {why[:300]}")
        jars = sorted(p.name for p in (partial / "lib").glob("*.jar"))
        missing = [j for j in required_jars() if j not in jars]
        if missing:
            shutil.rmtree(partial, ignore_errors=True)
            raise LanguageToolUnavailable(f"LanguageTool install incomplete, missing {missing}")
        shutil.rmtree(partial / "target", ignore_errors=True)
        info = {
            "version": LT_VERSION,
            "jars": len(jars),
            "bytes": sum((partial / "lib" / j).stat().st_size for j in jars),
            "installed": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        (partial / ".complete").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        os.replace(partial, target)
        log(
            f"installed LanguageTool {LT_VERSION}: {info['jars']} jars, "
            f"{info['bytes'] / 1e6:.0f} MB in {time.monotonic() - t0:.0f}s -> {target}"
        )
        return target

