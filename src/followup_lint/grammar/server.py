"""The managed local LanguageTool server and its idle watchdog.

A lint run calls `ensure()`: if `run/server.json` names a live server it is
reused (its mtime is touched: that is the "last used" clock); otherwise a
detached watchdog is spawned::

    python -m followup_lint.grammar.server watchdog --port P --idle-timeout N

The watchdog starts the JVM (loopback only: no --public), waits for it to
answer, sends one warm-up check (the first check initialises LanguageTool
lazily and takes seconds), marks the state file ready, and then kills the JVM
once the state file has not been touched for `idle_timeout` seconds, when the
state file is removed (`stop()`), or on SIGTERM. The JVM gets PR_SET_PDEATHSIG,
so it dies with the watchdog even if the watchdog is SIGKILLed.

Starting is serialised by an flock on `run/server.lock`; the watchdog takes
the same lock (non-blocking) before an idle stop, so a run that has just
picked up the state cannot lose the server under its feet.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import errno
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from . import (
    INSTALL_HINT,
    LT_VERSION,
    LanguageToolUnavailable,
    custom_rules_dir,
    find_java,
    is_installed,
    lib_dir,
    run_dir,
)

DEFAULT_IDLE_TIMEOUT = 600.0
START_TIMEOUT = 90.0  # cold JVM + warm-up on 2 cores takes ~6 s; lt-python waits only 15 s
JVM_OPTS = ("-Xmx512m", "-XX:+UseSerialGC", "-Djava.awt.headless=true")
WARMUP_TEXT = "Thanks for you're time yesterday. I look forward to hearing from you."
LOOPBACK = "127.0.0.1"

# urllib opener that never uses a proxy: draft text must not leave the machine
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def state_path() -> Path:
    return run_dir() / "server.json"


def lock_path() -> Path:
    return run_dir() / "server.lock"


def log_path() -> Path:
    return run_dir() / "server.log"


def config_path() -> Path:
    return run_dir() / "server.properties"


# ---------------------------------------------------------------- state file


def read_state() -> dict[str, Any] | None:
    try:
        return json.loads(state_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_state(state: dict[str, Any]) -> None:
    path = state_path()
    tmp = path.with_name(f".server.json.{os.getpid()}")
    tmp.write_text(json.dumps(state, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def touch() -> None:
    """Mark the managed server as used now (resets its idle clock)."""
    with contextlib.suppress(OSError):
        os.utime(state_path())


def idle_seconds() -> float | None:
    try:
        return max(0.0, time.time() - state_path().stat().st_mtime)
    except OSError:
        return None


def _pid_alive(pid: int | None, needle: str | None = None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    try:  # guard against pid reuse, and treat zombies as dead
        with open(f"/proc/{pid}/stat", "rb") as fh:
            if fh.read().rsplit(b")", 1)[-1].split()[0] == b"Z":
                return False
        if needle:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                return needle.encode() in fh.read()
    except OSError:
        pass
    return True


def _java_alive(state: dict[str, Any]) -> bool:
    return _pid_alive(state.get("java_pid"), "org.languagetool.server.HTTPServer")


def _watchdog_alive(state: dict[str, Any]) -> bool:
    return _pid_alive(state.get("pid"), "followup_lint.grammar.server")


def rss_bytes(pid: int | None) -> int | None:
    if not pid:
        return None
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


@contextlib.contextmanager
def _locked(timeout: float):
    run_dir().mkdir(parents=True, exist_ok=True)
    with open(lock_path(), "a") as fh:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LanguageToolUnavailable(
                        f"timed out after {timeout:.0f}s waiting for another followup-lint "
                        f"to start LanguageTool (lock {lock_path()})"
                    ) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# ---------------------------------------------------------------- client side


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def _log_tail(n: int = 400) -> str:
    try:
        data = log_path().read_bytes()[-4000:].decode("utf-8", "replace")
    except OSError:
        return ""
    lines = [ln.strip() for ln in data.splitlines() if ln.strip()]
    interesting = [ln for ln in lines if "Exception" in ln or "Error" in ln or "error" in ln]
    return (interesting or lines or [""])[-1][:n]


def ensure(idle_timeout: float = DEFAULT_IDLE_TIMEOUT, start_timeout: float = START_TIMEOUT) -> str:
    """URL (http://127.0.0.1:P/) of a ready managed server, starting one if needed."""
    return start(idle_timeout=idle_timeout, start_timeout=start_timeout)["url"]


def start(idle_timeout: float | None = None, start_timeout: float = START_TIMEOUT) -> dict[str, Any]:
    """Start the managed server (or reuse the running one); return its state dict."""
    with _locked(start_timeout + 15):
        state = read_state()
        if state and state.get("status") == "ready" and _java_alive(state) and _watchdog_alive(state):
            if idle_timeout is not None and float(state.get("idle_timeout", 0)) != float(idle_timeout):
                state["idle_timeout"] = float(idle_timeout)
                _write_state(state)  # the watchdog re-reads it every tick
            else:
                touch()
            return state
        if state:
            _cleanup_stale(state)
        if not is_installed():
            raise LanguageToolUnavailable(f"LanguageTool {LT_VERSION} is not installed; {INSTALL_HINT}")
        java = find_java()
        return _spawn(java, idle_timeout or DEFAULT_IDLE_TIMEOUT, start_timeout)


def _cleanup_stale(state: dict[str, Any]) -> None:
    for key, alive in (("pid", _watchdog_alive), ("java_pid", _java_alive)):
        if alive(state):
            with contextlib.suppress(OSError):
                os.kill(state[key], signal.SIGTERM)
    with contextlib.suppress(OSError):
        state_path().unlink()


def _spawn(java: str, idle_timeout: float, start_timeout: float) -> dict[str, Any]:
    last_error = ""
    for _attempt in range(2):  # a second try covers a port grabbed in between
        port = _free_port()
        log = open(log_path(), "wb")
        cmd = [
            sys.executable, "-m", "followup_lint.grammar.server", "watchdog",
            "--port", str(port), "--idle-timeout", str(idle_timeout),
            "--start-timeout", str(start_timeout), "--java", java,
        ]
        env = dict(os.environ)
        pkg_root = str(Path(__file__).resolve().parents[2])  # .../src (or site-packages)
        env["PYTHONPATH"] = pkg_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True, close_fds=True, env=env, cwd=str(run_dir()),
        )
        log.close()
        deadline = time.monotonic() + start_timeout + 5
        while time.monotonic() < deadline:
            state = read_state()
            if state and state.get("pid") == proc.pid and state.get("status") == "ready":
                return state
            if proc.poll() is not None:
                last_error = _log_tail() or f"watchdog exited with code {proc.returncode}"
                break
            time.sleep(0.05)
        else:
            with contextlib.suppress(OSError):
                proc.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(10)
            raise LanguageToolUnavailable(
                f"LanguageTool did not start within {start_timeout:.0f}s (see {log_path()})"
            )
        if "BindException" not in last_error and "Address already in use" not in last_error:
            break
    if "No space left" in last_error or shutil.disk_usage(run_dir()).free < 2**20:
        raise LanguageToolUnavailable(
            f"LanguageTool failed to start: no space left on the disk holding {run_dir()}; free some space"
        )
    raise LanguageToolUnavailable(
        f"LanguageTool failed to start: {last_error} (see {log_path()}); "
        "if the install is damaged, run `followup-lint server install --force`"
    )


def stop(timeout: float = 15.0) -> str:
    """Stop the managed server; return a one-line description of what happened."""
    state = read_state()
    if not state:
        return "LanguageTool server is not running"
    pid, java_pid = state.get("pid"), state.get("java_pid")
    with contextlib.suppress(OSError):
        state_path().unlink()  # the watchdog notices this too
    if _watchdog_alive(state):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (_watchdog_alive(state) or _java_alive(state)):
        time.sleep(0.1)
    if _java_alive(state):
        with contextlib.suppress(OSError):
            os.kill(java_pid, signal.SIGKILL)
    return f"stopped LanguageTool server (port {state.get('port')}, pid {java_pid})"


def status() -> str:
    """One-line status of the managed server for `followup-lint server status`."""
    state = read_state()
    installed = is_installed()
    if not state or not (_java_alive(state) and _watchdog_alive(state)):
        if not installed:
            return f"LanguageTool {LT_VERSION} is not installed; {INSTALL_HINT}"
        return f"LanguageTool {LT_VERSION} server is not running (installed in {lib_dir().parent})"
    if state.get("status") != "ready":
        return f"LanguageTool {LT_VERSION} server is starting on {state.get('url')} (pid {state.get('java_pid')})"
    idle = idle_seconds() or 0.0
    rss = rss_bytes(state.get("java_pid"))
    rss_txt = f", {rss / 2**20:.0f} MiB resident" if rss else ""
    left = max(0.0, float(state.get("idle_timeout", 0)) - idle)
    return (
        f"LanguageTool {LT_VERSION} server running on {state.get('url')} (pid {state.get('java_pid')}"
        f"{rss_txt}); idle {idle:.0f}s, stops after {left:.0f}s more idle"
    )


# ---------------------------------------------------------------- watchdog side


def _write_config(timeout_ms: int = 60000) -> Path:
    path = config_path()
    path.write_text(
        "# written by followup-lint; see LanguageTool's HTTPServerConfig\n"
        "cacheSize=1000\n"
        "cacheTTLSeconds=600\n"
        "pipelineCaching=true\n"
        "pipelineExpireTimeInSeconds=3600\n"
        "maxPipelinePoolSize=8\n"
        f"maxCheckTimeMillis={timeout_ms}\n"
        "maxTextLength=100000\n",
        encoding="utf-8",
    )
    return path


def _set_pdeathsig() -> None:  # runs in the child between fork and exec
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _http_ok(url: str, data: bytes | None = None, timeout: float = 5.0) -> bool:
    try:
        with _DIRECT.open(url, data=data, timeout=timeout) as resp:
            resp.read()
            return resp.status == 200
    except OSError:
        return False


def _terminate(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def watchdog(port: int, idle_timeout: float, start_timeout: float, java: str) -> int:
    me = os.getpid()
    lib = lib_dir()
    classpath = f"{lib}/*{os.pathsep}{custom_rules_dir()}"
    cmd = [java, *JVM_OPTS, "-cp", classpath, "org.languagetool.server.HTTPServer",
           "--port", str(port), "--config", str(_write_config())]
    t0 = time.monotonic()
    jvm = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=sys.stdout, stderr=sys.stderr,
                           preexec_fn=_set_pdeathsig, cwd=str(run_dir()))
    url = f"http://{LOOPBACK}:{port}/"
    state = {
        "status": "starting", "pid": me, "java_pid": jvm.pid, "port": port, "url": url,
        "version": LT_VERSION, "idle_timeout": idle_timeout, "started": time.time(),
    }
    _write_state(state)
    stopping = False

    def on_signal(signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)

    def ours() -> dict[str, Any] | None:
        st = read_state()
        return st if st and st.get("pid") == me else None

    def shutdown(reason: str) -> int:
        print(f"followup-lint watchdog: stopping LanguageTool ({reason})", flush=True)
        _terminate(jvm)
        if ours():
            with contextlib.suppress(OSError):
                state_path().unlink()
        return 0

    def jvm_exited() -> int:
        print(f"followup-lint watchdog: LanguageTool exited with code {jvm.returncode}", flush=True)
        if ours():
            with contextlib.suppress(OSError):
                state_path().unlink()
        return 1

    # wait until it answers, then warm it up
    deadline = t0 + start_timeout
    check = urllib.parse.urljoin(url, "v2/check")
    warm = urllib.parse.urlencode({"language": "en-US", "text": WARMUP_TEXT}).encode()
    while True:
        if stopping or not ours():
            return shutdown("stop requested during start-up")
        if jvm.poll() is not None:
            return jvm_exited()
        if time.monotonic() > deadline:
            return shutdown(f"not ready after {start_timeout:.0f}s")
        if _http_ok(urllib.parse.urljoin(url, "v2/languages"), timeout=2):
            ready_http = time.monotonic() - t0
            _http_ok(check, data=warm, timeout=max(5.0, deadline - time.monotonic()))
            break
        time.sleep(0.2)
    state.update(status="ready", listening_seconds=round(ready_http, 2),
                 start_seconds=round(time.monotonic() - t0, 2))
    _write_state(state)
    print(f"followup-lint watchdog: LanguageTool ready on {url} in {state['start_seconds']}s", flush=True)

    # idle loop
    while True:
        if stopping:
            return shutdown("signal")
        if jvm.poll() is not None:
            return jvm_exited()
        st = ours()
        if st is None:
            return shutdown("state file removed")
        idle_limit = float(st.get("idle_timeout", idle_timeout))
        idle = idle_seconds()
        if idle is not None and idle > idle_limit:
            try:
                with open(lock_path(), "a") as fh:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    idle = idle_seconds()
                    if idle is not None and idle > idle_limit and ours():
                        with contextlib.suppress(OSError):
                            state_path().unlink()
                        fcntl.flock(fh, fcntl.LOCK_UN)
                        return shutdown(f"idle for {idle:.0f}s")
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EWOULDBLOCK):
                    raise
        time.sleep(max(0.2, min(2.0, idle_limit / 10)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m followup_lint.grammar.server")
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("watchdog", help="(internal) run LanguageTool and stop it when idle")
    w.add_argument("--port", type=int, required=True)
    w.add_argument("--idle-timeout", type=float, default=DEFAULT_IDLE_TIMEOUT)
    w.add_argument("--start-timeout", type=float, default=START_TIMEOUT)
    w.add_argument("--java", default="java")
    s = sub.add_parser("start")
    s.add_argument("--idle-timeout", type=float, default=None)
    sub.add_parser("stop")
    sub.add_parser("status")
    args = ap.parse_args(argv)
    if args.cmd == "watchdog":
        return watchdog(args.port, args.idle_timeout, args.start_timeout, args.java)
    try:
        if args.cmd == "start":
            start(idle_timeout=args.idle_timeout)
            print(status())
        elif args.cmd == "stop":
            print(stop())
        else:
            print(status())
    except LanguageToolUnavailable as exc:
        print(f"followup-lint: {exc}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
