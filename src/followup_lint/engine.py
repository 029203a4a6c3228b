"""The engine: one background process per user that keeps the spaCy pipeline loaded and runs LanguageTool
as its child (followup_lint.daemon). This side finds it, checks that it is ours, starts, stops and talks
to it, and imports nothing heavy: a run handed to the engine costs a Python start-up and a socket.

The run folder ($FOLLOWUP_LINT_CACHE/run, else $XDG_RUNTIME_DIR/followup-lint, else the user cache's
run/) is 0700 and every file in it 0600: engine.sock (the only way in: no TCP port), engine.json (pid,
identity, idle timeout), engine.lock (one start at a time), engine.log and languagetool.log.
"""

from __future__ import annotations

import functools
import json
import os
import socket
import struct
import sys
from pathlib import Path
from typing import Any, Iterator

# The kernel's word on who is at the other end of a Unix socket (Linux); without it no engine is used.
SUPPORTED = hasattr(socket, "SO_PEERCRED") and hasattr(os, "pidfd_open") and hasattr(socket, "send_fds")
START_TIMEOUT = 120.0  # loading spaCy on a busy 2-core machine; LanguageTool starts later, on demand
LOCAL_COMMANDS = ("server", "lsp")  # these run in the calling process, never in the engine


class EngineUnavailable(Exception):
    """The engine cannot be started or reached; the message says why (one line)."""


def cache_root() -> Path:
    """$FOLLOWUP_LINT_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/followup-lint on every system (the GitHub
    Action computes it before anything is installed, to cache LanguageTool there)."""
    env = os.environ.get("FOLLOWUP_LINT_CACHE")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "followup-lint"


def run_dir() -> Path:
    """The user's private folder for sockets, state and logs (0700, refused if someone else owns it)."""
    return _run_dir(*(os.environ.get(v) for v in ("FOLLOWUP_LINT_CACHE", "XDG_RUNTIME_DIR", "XDG_CACHE_HOME", "HOME")))


@functools.lru_cache(maxsize=8)
def _run_dir(*_environment) -> Path:
    """run_dir() for one setting of the variables it depends on; made and checked once."""
    if os.environ.get("FOLLOWUP_LINT_CACHE") or not os.environ.get("XDG_RUNTIME_DIR"):
        path = cache_root() / "run"
    else:
        import platformdirs

        path = platformdirs.user_runtime_path("followup-lint")
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    st = path.stat()
    if st.st_uid != os.getuid():
        raise EngineUnavailable(f"{path} belongs to another user; set FOLLOWUP_LINT_CACHE to a folder of yours")
    if st.st_mode & 0o077:
        path.chmod(0o700)
    return path


def socket_path() -> Path:
    return run_dir() / "engine.sock"


def state_path() -> Path:
    return run_dir() / "engine.json"


def log_path() -> Path:
    return run_dir() / "engine.log"


def write_private(path: Path, data: bytes) -> None:
    """Write a file atomically (a temporary file, then a rename), readable by the user only."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


@functools.cache
def identity() -> str:
    """Which code this is: the package folder and the newest change to it. An engine started from other
    code (an upgrade, another checkout, an edit) is not used; it is replaced."""
    root = Path(__file__).resolve().parent
    newest = 0
    for folder in (root, *(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("__")),
                   root.parents[1] / "rules", root / "rules"):
        try:
            newest = max([newest, *(e.stat().st_mtime_ns for e in os.scandir(folder) if e.name.endswith((".py", ".yml")))])
        except OSError:
            continue
    return f"{root}@{newest}"


def read_state() -> dict[str, Any] | None:
    try:
        return json.loads(state_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


# -- talking to it ----------------------------------------------------------------------------------------

def connect() -> socket.socket | None:
    """A connection to our running engine, or None. Ours: the state file names this code, and the process
    at the other end of the socket (as the kernel reports it) is the pid in the state file, of this user.
    A stale state (dead pid, another program on the socket) gets nothing."""
    try:
        state = read_state() if SUPPORTED else None
        where = str(socket_path())
    except (OSError, EngineUnavailable):  # no run folder to be had: no engine; a start says why
        return None
    if not state or state.get("identity") != identity():
        return None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(where)
        pid, uid, _gid = struct.unpack("3i", sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12))
    except OSError:
        sock.close()
        return None
    if pid != state.get("pid") or uid != os.getuid():
        sock.close()
        return None
    return sock


def send(sock: socket.socket, message: dict[str, Any], fds: tuple[int, ...] = ()) -> None:
    if fds:
        socket.send_fds(sock, [b"F"], list(fds))
    sock.sendall(json.dumps(message).encode() + b"\n")


def replies(sock: socket.socket) -> Iterator[dict[str, Any]]:
    with sock.makefile("rb") as stream:
        for line in stream:
            yield json.loads(line)


def request(op: str, start: bool = False, idle_timeout: float | None = None, **payload) -> Iterator[dict[str, Any]]:
    """Send one request to the engine (starting it first when `start`); yield its answers."""
    sock = connect()
    if sock is None and start:
        ensure(idle_timeout)
        sock = connect()
    if sock is None:
        raise EngineUnavailable("the followup-lint engine is not running")
    with sock:
        send(sock, {"op": op, **payload})
        yield from replies(sock)


def forward(argv: list[str]) -> int | None:
    """Run `followup-lint ARGV` in the engine, on this process's stdin, stdout and stderr (passed over the
    socket), in this folder and environment; its exit code, or None when no engine of ours is up."""
    sock = connect()
    if sock is None:
        return None
    streams = {name: [getattr(sys, name).encoding, getattr(sys, name).errors]
               for name in ("stdin", "stdout", "stderr") if getattr(sys, name) is not None}
    name = Path(sys.argv[0]).name
    prog = "python -m followup_lint" if name == "__main__.py" else name  # as click names it in-process
    message = {"op": "run", "argv": argv, "argv0": sys.argv[0], "prog": prog, "cwd": os.getcwd(),
               "env": dict(os.environ), "streams": streams}
    try:
        for fd in (0, 1, 2):
            os.fstat(fd)
        send(sock, message, fds=(0, 1, 2))
    except OSError:  # a closed standard stream: run here instead
        sock.close()
        return None
    try:
        for answer in replies(sock):
            if "exit" in answer:
                return answer["exit"]
    except KeyboardInterrupt:  # closing the socket makes the engine stop the run
        return 130
    finally:
        sock.close()
    from .hints import command

    print(f"followup-lint: the engine stopped during the run; see `{command('server', 'status')}`", file=sys.stderr)
    return 3


# -- lifecycle --------------------------------------------------------------------------------------------

def ensure(idle_timeout: float | None = None) -> dict[str, Any]:
    """Our engine's state, starting it if it is not running (two callers at once: one engine)."""
    import fcntl

    if not SUPPORTED:
        raise EngineUnavailable("the followup-lint engine runs on Linux only; on this system use a LanguageTool "
                                "server you run (--languagetool-url)")
    try:
        lock = open(run_dir() / "engine.lock", "a")
        os.chmod(lock.name, 0o600)
    except OSError as exc:  # a cache folder that cannot be written: no engine, and so no grammar
        raise EngineUnavailable(f"cannot use {exc.filename or cache_root()}: {exc.strerror or exc}; make the "
                                "cache folder writable or set FOLLOWUP_LINT_CACHE to another one") from None
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        sock = connect()
        if sock is not None:
            sock.close()
            return read_state()
        _clear_stale()
        return _spawn(idle_timeout)


def _engine_pid(state: dict[str, Any] | None) -> int | None:
    """The recorded pid if it is a live followup-lint engine of this user (not a reused pid)."""
    import psutil

    pid = (state or {}).get("pid")
    try:
        proc = psutil.Process(pid) if pid else None
        if proc and proc.uids().real == os.getuid() and "followup_lint.daemon" in " ".join(proc.cmdline()) \
                and proc.status() != psutil.STATUS_ZOMBIE:
            return pid
    except psutil.Error:
        pass
    return None


def _clear_stale() -> None:
    """Stop an engine of other code, and remove what a dead one left."""
    pid = _engine_pid(read_state())
    if pid:
        _terminate(pid)
    for path in (state_path(), socket_path()):
        path.unlink(missing_ok=True)


def _terminate(pid: int, timeout: float = 15.0) -> None:
    import psutil

    try:
        proc = psutil.Process(pid)
        proc.terminate()
        proc.wait(timeout)
    except psutil.TimeoutExpired:
        proc.kill()
    except psutil.Error:
        pass


def _spawn(idle_timeout: float | None) -> dict[str, Any]:
    import subprocess
    import time

    if idle_timeout is None:
        from .rule import builtin_dir, load_file

        idle_timeout = load_file(builtin_dir() / "grammar.yml").options["idle_timeout"]
    fd = os.open(log_path(), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(__file__).resolve().parents[1]),
                                                       *filter(None, [os.environ.get("PYTHONPATH")])]))
    proc = subprocess.Popen([sys.executable, "-m", "followup_lint.daemon", "--idle-timeout", str(idle_timeout)],
                            stdin=subprocess.DEVNULL, stdout=fd, stderr=fd, cwd=run_dir(), env=env,
                            start_new_session=True)
    os.close(fd)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        state = read_state()
        if state and state.get("pid") == proc.pid and (sock := connect()) is not None:
            sock.close()
            return state
        if proc.poll() is not None:
            if disk_full(run_dir()):
                raise EngineUnavailable(f"the followup-lint engine did not start: no space left on the disk "
                                        f"holding {run_dir()}; free some space")
            raise EngineUnavailable(f"the followup-lint engine did not start: {_log_tail()} (see {log_path()})")
        time.sleep(0.05)
    proc.kill()
    raise EngineUnavailable(f"the followup-lint engine did not start within {START_TIMEOUT:.0f}s (see {log_path()})")


def disk_full(folder: Path) -> bool:
    """Less than 1 MiB free where the logs and state go: a start fails for that, not for a damaged install."""
    import shutil

    try:
        return shutil.disk_usage(folder).free < 2**20
    except OSError:
        return False


def _log_tail() -> str:
    try:
        lines = [ln for ln in log_path().read_text(encoding="utf-8", errors="replace").splitlines() if ln.strip()]
    except OSError:
        return "no log"
    return lines[-1].strip()[:300] if lines else "no log"


def stop() -> str:
    """Stop our engine (and so its LanguageTool); a one-line account of what happened."""
    state = read_state()
    pid = _engine_pid(state)
    sock = connect()
    if sock is not None:
        with sock:
            try:
                send(sock, {"op": "stop"})
                sock.recv(1024)
            except OSError:
                pass  # an engine dying as we ask: it is stopped below all the same
    if not pid:
        for path in (state_path(), socket_path()):
            path.unlink(missing_ok=True)
        return "the followup-lint engine is not running"
    _terminate(pid)
    return f"stopped the followup-lint engine (pid {pid})"


def status() -> str:
    """One line: running or not, memory, idle time, LanguageTool."""
    from .grammar import LT_VERSION, install_dir, install_hint, is_installed

    installed = (f"LanguageTool {LT_VERSION} installed in {install_dir()}" if is_installed()
                 else f"LanguageTool {LT_VERSION} is not installed; {install_hint()}")
    try:
        info = next(request("ping"))
    except (EngineUnavailable, StopIteration, OSError, ValueError):
        return f"the followup-lint engine is not running; {installed}"
    lt = info["languagetool"]
    lt_text = (f"LanguageTool {lt['version']} on {lt['url']} (pid {lt['pid']}, {lt['rss'] / 2**20:.0f} MiB)"
               if lt["pid"] else f"LanguageTool not started yet ({installed})")
    return (f"the followup-lint engine is running (pid {info['pid']}, {info['rss'] / 2**20:.0f} MiB); idle "
            f"{info['idle']:.0f}s, stops after {info['idle_timeout']:.0f}s idle; {lt_text}; log {log_path()}")


def main() -> None:
    """The `followup-lint` command: a lint goes to the engine when ours is up, else runs here."""
    argv = sys.argv[1:]
    options = argv[:argv.index("--")] if "--" in argv else argv
    local = argv[:1] and argv[0] in LOCAL_COMMANDS or "--no-server" in options \
        or "_FOLLOWUP_LINT_COMPLETE" in os.environ  # shell completion asks click directly
    if not local:
        code = forward(argv)
        if code is not None:
            sys.exit(code)
    from .cli import main as cli_main

    cli_main()
