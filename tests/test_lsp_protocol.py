"""The language server fed what a broken or hostile client sends: bytes on a pipe to `followup-lint lsp`.

A real process and raw LSP framing, since the point is what pygls's own client would never send."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

TIMEOUT = 60  # the first lint loads spaCy in the server

DRAFT = "Dear Ms. Chen,\n\nThank you for the interview at [Company Name]. Thx for the tour.\n\nBest regards,\nSam Ortiz\n"


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


@pytest.fixture
def server(tmp_path):
    (tmp_path / ".followup-lint.toml").write_text('ignore = ["grammar"]\n', encoding="utf-8")
    client = RawClient(tmp_path)
    client.initialize(tmp_path)
    yield client
    if client.proc.poll() is None:
        client.proc.kill()
        client.proc.wait()


def published(client: RawClient, uri: str) -> dict:
    return client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)


def no_error_shown(client: RawClient) -> None:
    shown = [m for m in client.seen + list(client.inbox.queue) if m.get("method") == "window/showMessage"]
    assert not [m for m in shown if m["params"]["type"] == 1], shown


@pytest.mark.parametrize("frame", [
    b"Content-Length: 5\r\n\r\n" + b'{"jsonrpc": "2.0", "id": 99, "method": "shutdown"}',  # too short
    b"Content-Length: 500\r\n\r\n" + b'{"jsonrpc": "2.0", "id": 99, "method": "shutdown"}',  # too long
    b"Content-Length: abc\r\n\r\n" + b'{"jsonrpc": "2.0", "id": 99, "method": "shutdown"}',  # not a number
    b"Content-Length: -7\r\n\r\n{}",
    b"Content-Length: 999999999\r\n\r\n{",  # more than will ever come
    b"no header at all\r\n\r\n{}",
], ids=["too-short", "too-long", "not-a-number", "negative", "huge", "no-header"])
def test_a_bad_content_length_leaves_the_server_answering(server, frame):
    server.raw(frame)
    rid = server.request("textDocument/codeAction", {
        "textDocument": {"uri": "file:///nowhere.txt"},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": []}})
    assert server.response(rid, timeout=20)["result"] == []
    assert server.close() == 0  # shutdown is answered and exit ends the process


def test_a_request_with_bad_params_gets_an_error_response(server):
    rid = server.request("textDocument/codeAction", {"textDocument": 5})
    reply = server.response(rid, timeout=20)
    assert reply["error"]["code"] == -32602  # Invalid Params
    rid = server.request("textDocument/codeAction", None, length_delta=-3)  # cut short: not JSON
    assert server.response(rid, timeout=20)["error"]["code"] == -32700  # Parse Error
    assert server.close() == 0


def test_a_change_to_a_document_never_opened(server, tmp_path):
    uri = (tmp_path / "never-opened.txt").as_uri()
    # a range edit has nothing to apply to: ignored, and no error pops up in the editor
    server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
        {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "x"}]})
    # the whole text: the document is linted as if it had been opened
    server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3},
                                             "contentChanges": [{"text": DRAFT}]})
    params = published(server, uri)["params"]
    assert {"placeholder", "slang"} <= {d["code"] for d in params["diagnostics"]}
    no_error_shown(server)
    assert server.close() == 0


def test_quick_fixes_ignore_data_of_the_wrong_shape(server, tmp_path):
    uri = (tmp_path / "draft.txt").as_uri()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1,
                                                            "text": DRAFT}})
    slang = next(d for d in published(server, uri)["params"]["diagnostics"] if d["code"] == "slang")
    forged = dict(slang, data={"suggestions": "Thanks", "text": "Thx"})  # a string, not a list
    rid = server.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": slang["range"],
                                                     "context": {"diagnostics": [forged]}})
    titles = [a["title"] for a in server.response(rid)["result"]]
    assert titles == ["Replace \u201cThx\u201d with \u201cThanks\u201d"]  # what was published, not one per letter
    assert server.close() == 0


def test_a_long_run_of_exclamation_marks_does_not_hold_up_linting(server, tmp_path):
    slow, fine = (tmp_path / "bangs.txt").as_uri(), (tmp_path / "fine.txt").as_uri()
    open_ = lambda uri, text: server.notify("textDocument/didOpen", {"textDocument": {  # noqa: E731
        "uri": uri, "languageId": "plaintext", "version": 1, "text": text}})
    open_(fine, DRAFT)
    published(server, fine)  # spaCy is loaded: what follows is the lint itself
    started = time.monotonic()
    open_(slow, "Dear Ms. Chen,\n\nThanks" + "!" * 48_000 + "\n\nBest regards,\nSam\n")
    open_(fine.replace("fine", "fine2"), DRAFT)
    published(server, slow)
    published(server, fine.replace("fine", "fine2"))
    assert time.monotonic() - started < 10
    assert server.close() == 0


def test_a_document_over_the_size_cap_is_one_input_error(server, tmp_path):
    uri = (tmp_path / "huge.txt").as_uri()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1,
                                                            "text": "word " * 50_000}})
    (diag,) = published(server, uri)["params"]["diagnostics"]
    assert diag["code"] == "input-error" and "far too long" in diag["message"]
    assert server.close() == 0
