"""A minimal LSP client over a real `followup-lint lsp` process, able to send what a broken client sends."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

TIMEOUT = 60  # the first lint loads spaCy in the server


class RawClient:
    """Writes framed (or deliberately misframed) messages; a thread parses what the server writes back."""

    def __init__(self, cwd: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "followup_lint.cli", "lsp"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=cwd)
        self.inbox: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.next_id = 0

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
                if line == b"\r\n":
                    break
            self.inbox.put(json.loads(out.read(length)))

    def raw(self, data: bytes) -> None:
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message: dict, length_delta: int = 0) -> None:
        body = json.dumps(message).encode()
        self.raw(b"Content-Length: %d\r\n\r\n" % (len(body) + length_delta) + body)

    def request(self, method: str, params, **kw) -> int:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}, **kw)
        return self.next_id

    def notify(self, method: str, params) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, match, timeout: float = TIMEOUT) -> dict:
        """The next message from the server for which match(message) is true (others are kept aside)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                msg = self.inbox.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError("the server did not answer") from None
            if match(msg):
                return msg
            self.seen.append(msg)

    seen: list = []

    def response(self, msg_id: int, timeout: float = TIMEOUT) -> dict:
        return self.wait(lambda m: m.get("id") == msg_id and "method" not in m, timeout)

    def initialize(self, root: Path) -> None:
        self.seen = []
        rid = self.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {}})
        self.response(rid)
        self.notify("initialized", {})

    def close(self) -> int:
        try:
            self.response(self.request("shutdown", None), timeout=20)
            self.notify("exit", None)
            return self.proc.wait(20)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait()
