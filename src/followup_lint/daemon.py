"""The engine process (`python -m followup_lint.daemon`, started by followup_lint.engine): the spaCy
pipeline stays loaded, LanguageTool runs as its child, and requests come over its Unix socket.

Requests, one per connection, as JSON lines: `run` (a whole CLI run, forked from this process on the
caller's own stdin/stdout/stderr), `lint` (one editor document: the fast findings, then grammar),
`grammar` (LanguageTool matches for texts), `ping`, `stop`. It stops after `idle_timeout` seconds
without a request, on SIGTERM, or on `stop`; LanguageTool stops with it.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import signal
import socket
import socketserver
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from . import engine
from .grammar import LanguageToolUnavailable
from .grammar.languagetool import Client, Server

SAMPLE = "Subject: Thanks\n\nHi Dana,\n\nThank you for the tour of the bakery today.\n\nBest,\nSam\n"
LT_THREADS = 2  # LanguageTool checks one text per thread; two keep both cores busy


class Daemon:
    def __init__(self, idle_timeout: float) -> None:
        self.idle_timeout = idle_timeout
        self.last_used = time.monotonic()
        self.busy = 0
        self.lock = threading.Lock()
        self.model_lock = threading.Lock()  # one thread in spaCy at a time, and never during a fork
        self.stopping = threading.Event()
        self.languagetool = Server(engine.run_dir(), self.log)
        self.user_servers: dict[str, Client] = {}  # --languagetool-url servers, each with its paragraph cache
        self.lt_pool = ThreadPoolExecutor(LT_THREADS, thread_name_prefix="languagetool-request")

    def log(self, message: str) -> None:
        print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {message}", file=sys.stderr, flush=True)

    # -- requests --
    def handle(self, conn: socket.socket) -> None:
        with self.lock:
            self.busy += 1
        try:
            msg, fds = _receive(conn)
            if msg is None:
                return
            op = msg.get("op")
            if op == "run":
                started = time.monotonic()
                self.run(conn, msg, fds)
                self.log(f"run {' '.join(msg['argv'])[:80]}: {time.monotonic() - started:.3f}s")
            elif op == "grammar":
                _reply(conn, self.grammar(msg))
            elif op == "lint":
                self.lint(conn, msg)
            elif op == "ping":
                _reply(conn, self.ping())
            elif op == "stop":
                _reply(conn, {"ok": True})
                self.stopping.set()
        finally:
            with self.lock:
                self.busy -= 1
                self.last_used = time.monotonic()

    def ping(self) -> dict[str, Any]:
        import psutil

        lt = self.languagetool.status()
        lt["rss"] = _rss(lt["pid"])
        return {"pid": os.getpid(), "rss": psutil.Process().memory_info().rss, "languagetool": lt,
                "idle": 0.0 if self.busy > 1 else time.monotonic() - self.last_used, "idle_timeout": self.idle_timeout}

    def grammar(self, msg: dict[str, Any]) -> dict[str, Any]:
        try:
            return {"matches": self.check_texts(msg["texts"], msg["params"], msg["timeout"], msg.get("url"))}
        except LanguageToolUnavailable as exc:
            return {"error": str(exc)}

    def check_texts(self, texts: list[str], params: dict[str, str], timeout: float, url: str | None) -> list:
        if url:
            with self.lock:
                client = self.user_servers.setdefault(url, Client(url))
        else:
            client = self.languagetool.ready()
        if len(texts) == 1:  # an editor's or a one-file run's draft: no hand-over to another thread
            return [client.check(texts[0], params, timeout)]
        return list(self.lt_pool.map(lambda text: client.check(text, params, timeout), texts))

    def lint(self, conn: socket.socket, msg: dict[str, Any]) -> None:
        """One editor document: the findings without LanguageTool at once, then all of them."""
        from .runner import lint_text

        for outcome in lint_text(msg["path"], msg["text"], msg["folder"], msg.get("overrides") or {},
                                 model_lock=self.model_lock):
            _reply(conn, outcome)

    def run(self, conn: socket.socket, msg: dict[str, Any], fds: list[int]) -> None:
        """A CLI run in a forked child: it has the loaded model for free and the caller's streams."""
        with self.model_lock:
            pid = os.fork()
        if pid == 0:  # the child: never returns
            conn.close()
            os.close(self.listening)
            _run_cli(msg, fds)
        for fd in fds:
            os.close(fd)
        watch = os.pidfd_open(pid)
        try:
            while True:
                ready, _, _ = select.select([watch, conn], [], [])
                if watch in ready:
                    break
                if not conn.recv(1):  # the caller is gone (Ctrl-C): stop its run
                    os.kill(pid, signal.SIGTERM)
                    break
            _, status = os.waitpid(pid, 0)
        finally:
            os.close(watch)
        _reply(conn, {"exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)})

    # -- lifetime --
    def serve(self) -> None:
        path = engine.socket_path()
        path.unlink(missing_ok=True)
        old = os.umask(0o177)  # the socket file is created 0600: only this user can connect
        try:
            server = _Server(str(path), _Handler)
        finally:
            os.umask(old)
        server.daemon = self
        server.timeout = 0.5
        self.listening = server.fileno()
        state = {"pid": os.getpid(), "identity": engine.identity(), "idle_timeout": self.idle_timeout,
                 "started": round(time.time())}
        engine.write_private(engine.state_path(), json.dumps(state).encode() + b"\n")
        self.log(f"engine ready (pid {os.getpid()}), idle timeout {self.idle_timeout:g}s")
        try:
            while not self.stopping.is_set():
                server.handle_request()
                with self.lock:
                    idle = self.busy == 0 and time.monotonic() - self.last_used > self.idle_timeout
                if idle:
                    self.log(f"idle for {self.idle_timeout:g}s: stopping")
                    break
        finally:
            server.server_close()
            state = engine.read_state()
            if state and state.get("pid") == os.getpid():  # a newer engine may own them already
                engine.state_path().unlink(missing_ok=True)
                path.unlink(missing_ok=True)
            self.languagetool.stop()
            self.log("engine stopped")


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.server.daemon.handle(self.request)


def _receive(conn: socket.socket) -> tuple[dict[str, Any] | None, list[int]]:
    """The request line, and the file descriptors sent before it (a `run`)."""
    first, fds, _flags, _addr = socket.recv_fds(conn, 1, 3)
    data = first
    while not data.endswith(b"\n"):
        chunk = conn.recv(1 << 16)
        if not chunk:
            return None, fds
        data += chunk
    if data.startswith(b"F"):
        data = data[1:]
    return json.loads(data), fds


def _reply(conn: socket.socket, message: dict[str, Any]) -> None:
    conn.sendall(json.dumps(message).encode() + b"\n")


def _rss(pid: int | None) -> int:
    import psutil

    try:
        return psutil.Process(pid).memory_info().rss if pid else 0
    except psutil.Error:
        return 0


def _run_cli(msg: dict[str, Any], fds: list[int]) -> None:
    """In the forked child: become the caller's `followup-lint ARGV` and exit with its code."""
    code = 1
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(msg["cwd"])
        os.environ.clear()
        os.environ.update(msg["env"])
        streams = msg["streams"]
        if "stdin" in streams:
            sys.stdin = open(0, encoding=streams["stdin"][0], errors=streams["stdin"][1], closefd=False)
        for fd, name in ((1, "stdout"), (2, "stderr")):
            if name in streams:
                setattr(sys, name, open(fd, "w", encoding=streams[name][0], errors=streams[name][1], closefd=False,
                                        buffering=1 if name == "stderr" or os.isatty(fd) else -1))
        sys.argv = [msg["argv0"], *msg["argv"]]
        from . import config as config_mod
        from .checks import grammar

        config_mod.discover.cache_clear()  # this process's folder and files, as a fresh process would see them
        config_mod.load.cache_clear()
        grammar.local = None  # grammar goes to the engine over its socket, like any client's
        from .cli import main

        main(args=msg["argv"], prog_name=msg["prog"])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if not isinstance(exc.code, (int, type(None))):
            print(exc.code, file=sys.stderr)
    except BaseException:  # a bug: the traceback an in-process run would show
        import traceback

        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        os._exit(code)


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m followup_lint.daemon", description=__doc__.splitlines()[0])
    ap.add_argument("--idle-timeout", type=float, required=True)
    args = ap.parse_args()
    daemon = Daemon(args.idle_timeout)
    signal.signal(signal.SIGTERM, lambda *_: daemon.stopping.set())
    signal.signal(signal.SIGINT, lambda *_: daemon.stopping.set())
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    # everything a run needs, loaded once here and shared by every forked run
    from . import cli, runner  # noqa: F401
    from .checks import grammar
    from .linter import Linter

    from .draft import from_text

    grammar.local = daemon.check_texts
    try:  # one lint of a sample fills the rules' caches (phrase matchers) that runs then share
        Linter(ignore=("grammar",)).lint([from_text("sample.txt", SAMPLE)])
    except Exception as exc:  # noqa: BLE001 - a run reports it (a missing model, a bad rule) as it would here
        daemon.log(f"preloading failed: {exc}")
    daemon.serve()


if __name__ == "__main__":
    main()
