"""The language server fed what a broken or hostile client sends: bytes on a pipe to `followup-lint lsp`.

A real process and raw LSP framing, since the point is what pygls's own client would never send."""

from __future__ import annotations

import time

import pytest
from rawlsp import RawClient

DRAFT = "Dear Ms. Chen,\n\nThank you for the interview at [Company Name]. Thx for the tour.\n\nBest regards,\nSam Ortiz\n"


@pytest.fixture(scope="module")
def server(raw_lsp):
    return raw_lsp


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
    b"Content-Length:1\r\n\r\n",  # the body it claims is the first byte of the next header
    b'Content-Length: 11\r\n\r\n{"id":"\xff"',  # not JSON, with an id that is not UTF-8
], ids=["too-short", "too-long", "not-a-number", "negative", "huge", "no-header", "eats-next-header", "bad-id"])
def test_a_bad_content_length_leaves_the_server_answering(server, frame):
    server.raw(frame)
    rid = server.request("textDocument/codeAction", {
        "textDocument": {"uri": "file:///nowhere.txt"},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": []}})
    assert server.response(rid, timeout=20)["result"] == []


def test_a_request_with_bad_params_gets_an_error_response(server):
    rid = server.request("textDocument/codeAction", {"textDocument": 5})
    reply = server.response(rid, timeout=20)
    assert reply["error"]["code"] == -32602  # Invalid Params
    rid = server.request("textDocument/codeAction", None, length_delta=-3)  # cut short: not JSON
    assert server.response(rid, timeout=20)["error"]["code"] == -32700  # Parse Error


def test_a_change_to_a_document_never_opened(server):
    uri = (server.root / "never-opened.txt").as_uri()
    # a range edit has nothing to apply to: ignored, and no error pops up in the editor
    server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
        {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "x"}]})
    # the whole text: the document is linted as if it had been opened
    server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3},
                                             "contentChanges": [{"text": DRAFT}]})
    params = published(server, uri)["params"]
    assert {"placeholder", "slang"} <= {d["code"] for d in params["diagnostics"]}
    no_error_shown(server)


def test_quick_fixes_ignore_data_of_the_wrong_shape(server):
    uri = (server.root / "draft.txt").as_uri()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1,
                                                            "text": DRAFT}})
    slang = next(d for d in published(server, uri)["params"]["diagnostics"] if d["code"] == "slang")
    forged = dict(slang, data={"suggestions": "Thanks", "text": "Thx"})  # a string, not a list
    rid = server.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": slang["range"],
                                                     "context": {"diagnostics": [forged]}})
    titles = [a["title"] for a in server.response(rid)["result"]]
    assert titles == ["Replace \u201cThx\u201d with \u201cThanks\u201d"]  # what was published, not one per letter


def test_a_long_run_of_exclamation_marks_does_not_hold_up_linting(server):
    slow, fine = (server.root / "bangs.txt").as_uri(), (server.root / "fine.txt").as_uri()
    open_ = lambda uri, text: server.notify("textDocument/didOpen", {"textDocument": {  # noqa: E731
        "uri": uri, "languageId": "plaintext", "version": 1, "text": text}})
    open_(fine, DRAFT)
    published(server, fine)  # spaCy is loaded: what follows is the lint itself
    started = time.monotonic()
    open_(slow, "Dear Ms. Chen,\n\nThanks" + "!" * 48_000 + "\n\nBest regards,\nSam\n")
    open_(fine.replace("fine", "fine2"), DRAFT)
    waiting = {slow, fine.replace("fine", "fine2")}  # in either order: lints run side by side
    while waiting:
        waiting.discard(server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                    and m["params"]["uri"] in waiting)["params"]["uri"])
    assert time.monotonic() - started < 10


def test_a_document_over_the_size_cap_is_one_input_error(server):
    uri = (server.root / "huge.txt").as_uri()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1,
                                                            "text": "word " * 50_000}})
    (diag,) = published(server, uri)["params"]["diagnostics"]
    assert diag["code"] == "input-error" and "far too long" in diag["message"]
