"""LanguageTool over HTTP: /v2/check cached per paragraph, and the JVM that the engine runs as its child.

Requests go through http.client, which has no proxy support at all: draft text never reaches a proxy
named by ALL_PROXY or HTTP(S)_PROXY, only the server given. A text longer than LanguageTool's
maxTextLength is sent in pieces cut at paragraph boundaries.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import http.client
import json
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable

from ..engine import disk_full
from . import LanguageToolUnavailable, custom_rules_dir, find_java, install_dir, install_hint, is_installed, LT_VERSION

MAX_TEXT = 100_000  # LanguageTool's maxTextLength, in UTF-16 units as Java counts
CACHE_SIZE = 4096  # paragraphs
START_TIMEOUT = 90.0  # a cold JVM and its first check take 6-12 s on 2 busy cores
JVM_OPTS = ("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true")
SERVER_CONFIG = {"cacheSize": 1000, "pipelineCaching": "true", "maxPipelinePoolSize": 8,
                 "maxCheckTimeMillis": 60000, "maxTextLength": MAX_TEXT}
WARMUP_TEXT = "Thanks for you're time yesterday. I look forward to hearing from you."
_PARAGRAPH_BREAK = re.compile(r"(?:[ \t]*\r?\n){2,}")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def pieces(text: str, limit: int = MAX_TEXT) -> list[tuple[int, str]]:
    """(offset, text) of each paragraph, with paragraphs over `limit` cut at a line or sentence end."""
    out, start = [], 0
    for m in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = m.start() if m else len(text)
        while start < end:
            cut = end
            if utf16_len(text[start:end]) > limit:
                window = text[start:start + limit // 2]  # at most `limit` UTF-16 units, whatever the text
                cut = start + max(window.rfind("\n"), window.rfind(". ") + 1, window.rfind(" ")) + 1
                cut = cut if cut > start + 1 else start + len(window)
            if text[start:cut].strip():
                out.append((start, text[start:cut]))
            start = cut
        start = m.end() if m else start
    return out


class Client:
    """POST /v2/check to one LanguageTool server; matches cached per paragraph and request settings.

    `verify(sock)` runs on every connection before anything is sent on it (the engine checks that the
    listener is the JVM it started). A new connection per request: LanguageTool's HTTP server often
    stalls a kept-alive connection for ~40 ms while another one is open."""

    def __init__(self, url: str, verify: Callable[[socket.socket], None] | None = None) -> None:
        parts = urllib.parse.urlsplit(url if "://" in url else "http://" + url)
        self.url = f"{parts.scheme}://{parts.netloc}"
        self.path = parts.path.rstrip("/").removesuffix("/v2") + "/v2/"
        self.https = parts.scheme == "https"
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port
        self.verify = verify
        self.cache: OrderedDict[tuple, list[dict]] = OrderedDict()
        self.lock = threading.Lock()

    def check(self, text: str, params: dict[str, str], timeout: float) -> list[dict[str, Any]]:
        """LanguageTool's matches for `text` (offsets in UTF-16 units, as LanguageTool gives them)."""
        settings = tuple(sorted(params.items()))
        found: list[dict[str, Any]] = []
        todo: list[tuple[int, str]] = []
        at16, last = 0, 0
        for start, piece in pieces(text):
            at16 += utf16_len(text[last:start])
            last = start
            with self.lock:
                hit = self.cache.get((settings, piece))
                if hit is not None:
                    self.cache.move_to_end((settings, piece))
            if hit is None:
                todo.append((at16, piece))
            else:
                found += [dict(m, offset=m["offset"] + at16) for m in hit]
        while todo:  # the paragraphs not in the cache, as few requests as fit under maxTextLength
            batch, size = [], 0
            while todo and (not batch or size + utf16_len(todo[0][1]) + 2 <= MAX_TEXT):
                batch.append(todo.pop(0))
                size += utf16_len(batch[-1][1]) + 2
            sent = "\n\n".join(p for _, p in batch)
            matches = self.post("check", {**params, "text": sent}, timeout)["matches"]
            pos = 0
            for at16, piece in batch:
                n = utf16_len(piece)
                # without `context`: it quotes the neighbouring paragraphs sent along, which vary
                mine = [{k: v for k, v in m.items() if k != "context"} | {"offset": m["offset"] - pos}
                        for m in matches if pos <= m["offset"] and m["offset"] + m["length"] <= pos + n]
                with self.lock:
                    self.cache[(settings, piece)] = mine
                    if len(self.cache) > CACHE_SIZE:
                        self.cache.popitem(last=False)
                found += [dict(m, offset=m["offset"] + at16) for m in mine]
                pos += n + 2
        return sorted(found, key=lambda m: (m["offset"], m["length"]))

    def post(self, endpoint: str, form: dict[str, str] | None, timeout: float) -> Any:
        """One request (GET without a form), its JSON answer; LanguageToolUnavailable on any failure."""
        body = urllib.parse.urlencode(form).encode() if form is not None else None
        kind = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
        conn = kind(self.host, self.port, timeout=timeout)
        try:
            conn.connect()
            if self.verify:
                self.verify(conn.sock)
            headers = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {}
            conn.request("POST" if body is not None else "GET", self.path + endpoint, body, headers)
            resp = conn.getresponse()
            data = resp.read()
        except (OSError, http.client.HTTPException, LanguageToolUnavailable) as exc:
            raise LanguageToolUnavailable(self.describe(exc, timeout)) from None
        finally:
            conn.close()
        if resp.status != 200:
            line = data.decode("utf-8", "replace").strip().splitlines()[:1] or [""]
            raise LanguageToolUnavailable(f"LanguageTool at {self.url} answered {resp.status}: {line[0][:200]}")
        try:
            return json.loads(data)
        except ValueError:
            raise LanguageToolUnavailable(f"LanguageTool at {self.url} sent an answer that is not JSON") from None

    def describe(self, exc: BaseException, timeout: float) -> str:
        if isinstance(exc, TimeoutError):
            return f"LanguageTool at {self.url} did not answer within {timeout:g}s"
        if isinstance(exc, ConnectionRefusedError):
            return f"cannot connect to LanguageTool at {self.url} (connection refused)"
        if isinstance(exc, (ConnectionError, http.client.RemoteDisconnected)):
            return f"LanguageTool at {self.url} closed the connection (did it stop?)"
        if isinstance(exc, LanguageToolUnavailable):
            return str(exc)
        return f"LanguageTool at {self.url} failed: {str(exc).strip()[:200] or type(exc).__name__}"


def _die_with_parent() -> None:  # in the JVM's process, between fork and exec
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: the JVM never outlives the engine


class Server:
    """The LanguageTool JVM, a child of this process on a free loopback port; started on first need,
    started again after it died. It is started from one long-lived thread, because the kernel's
    parent-death signal follows the thread that forked it."""

    def __init__(self, run_dir: Path, log) -> None:
        self.run_dir, self.log = run_dir, log
        self.proc: subprocess.Popen | None = None
        self.client: Client | None = None
        self.error = ""
        self.started = 0.0
        self.ready_seconds = 0.0
        self.wanted = threading.Event()
        self.changed = threading.Condition()
        threading.Thread(target=self._supervise, name="languagetool", daemon=True).start()

    def ready(self, timeout: float = START_TIMEOUT) -> Client:
        """The client of a running, verified JVM, starting one if none runs."""
        with self.changed:
            if self.client is None or self.proc is None or self.proc.poll() is not None:
                self.client, self.error = None, ""
                self.wanted.set()
                self.changed.wait_for(lambda: self.client is not None or self.error, timeout)
            if self.client is None:
                raise LanguageToolUnavailable(self.error or f"LanguageTool did not start within {timeout:.0f}s")
            return self.client

    def status(self) -> dict[str, Any]:
        alive = self.proc is not None and self.proc.poll() is None
        return {"pid": self.proc.pid if alive else None, "url": self.client.url if self.client and alive else None,
                "ready_seconds": round(self.ready_seconds, 2) if alive else None, "version": LT_VERSION}

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def _supervise(self) -> None:
        while True:
            self.wanted.wait()
            self.wanted.clear()
            try:
                client = self._start()
            except Exception as exc:  # noqa: BLE001 - a request says why; the next one tries again
                with self.changed:
                    self.error = str(exc) if isinstance(exc, LanguageToolUnavailable) else \
                        f"LanguageTool could not start: {exc!r}"
                    self.changed.notify_all()
                continue
            with self.changed:
                self.client = client
                proc = self.proc
                self.changed.notify_all()
            if proc is not None:  # stop() may have taken it already
                proc.wait()  # until it dies; the next request starts another
                self.log(f"LanguageTool exited with code {proc.returncode}")

    def _start(self) -> Client:
        if not is_installed():
            raise LanguageToolUnavailable(f"LanguageTool {LT_VERSION} is not installed; {install_hint()}")
        java = find_java()
        config = self.run_dir / "languagetool.properties"
        with _private(config, "w") as out:
            out.write("".join(f"{k}={v}\n" for k, v in SERVER_CONFIG.items()))
        last = ""
        for _attempt in (1, 2):  # a second port if another program took the first meanwhile
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
            classpath = f"{install_dir() / 'lib'}/*:{custom_rules_dir()}"
            self.started = time.monotonic()
            with _private(self.run_dir / "languagetool.log", "ab") as out:
                self.proc = subprocess.Popen(
                    [java, *JVM_OPTS, "-cp", classpath, "org.languagetool.server.HTTPServer", "--port", str(port),
                     "--config", str(config)],  # no --public: it listens on loopback only
                    stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, cwd=self.run_dir,
                    preexec_fn=_die_with_parent)
            proc = self.proc
            client = Client(f"http://127.0.0.1:{port}", verify=lambda sock: _owned_by(sock, proc.pid, port))
            while proc.poll() is None and time.monotonic() - self.started < START_TIMEOUT:
                try:
                    client.post("languages", None, 2)
                    # Verified once: while this child lives (unreaped, so its pid is not reused) it keeps
                    # that listening socket, and no other socket can listen on the port meanwhile.
                    client.verify = lambda sock: _alive(proc, port)
                    client.post("check", {"language": "en-US", "text": WARMUP_TEXT}, START_TIMEOUT)
                    self.ready_seconds = time.monotonic() - self.started
                    self.log(f"LanguageTool {LT_VERSION} ready on port {port} (pid {proc.pid}) in {self.ready_seconds:.1f}s")
                    return client
                except LanguageToolUnavailable as exc:
                    last = str(exc)
                    time.sleep(0.2)
            self.stop()
            last = _log_tail(self.run_dir / "languagetool.log") or last
            if "BindException" not in last and "already in use" not in last:
                break
        if disk_full(self.run_dir) or "No space left" in last:
            raise LanguageToolUnavailable(f"LanguageTool did not start: no space left on the disk holding {self.run_dir}; "
                                          "free some space")
        raise LanguageToolUnavailable(f"LanguageTool did not start: {last} (see {self.run_dir / 'languagetool.log'})")


def _private(path: Path, mode: str):
    """A file of the user's alone (0600), opened for writing ("w", truncated) or appending ("ab")."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8"}))


def _alive(proc: subprocess.Popen, port: int) -> None:
    if proc.poll() is not None:
        raise LanguageToolUnavailable(f"LanguageTool on port {port} has stopped; nothing was sent")


def _owned_by(sock: socket.socket, pid: int, port: int) -> None:
    """The socket listening on `port`, which this connection reached, is process `pid`'s, or raise. (Only one
    socket can listen on a loopback port; the connection itself is not in the JVM's table until accepted.)"""
    import psutil

    with contextlib.suppress(psutil.Error):
        for conn in psutil.Process(pid).net_connections("inet"):
            if conn.status == psutil.CONN_LISTEN and conn.laddr.port == port == sock.getpeername()[1]:
                return
    raise LanguageToolUnavailable(f"the program on port {port} is not the LanguageTool this engine started; "
                                  "nothing was sent to it")


def _log_tail(path: Path) -> str:
    try:
        lines = [ln.strip() for ln in path.read_bytes()[-4000:].decode("utf-8", "replace").splitlines() if ln.strip()]
    except OSError:
        return ""
    interesting = [ln for ln in lines if "Exception" in ln or "rror" in ln]
    return (interesting or lines or [""])[-1][:300]
