"""Language server (`followup-lint lsp`): diagnostics and quick fixes for the draft being edited.

Built on pygls 2; speaks LSP over stdio. Drafts are linted by the engine (followup_lint.engine), which
it starts if needed and shares with the command line; without one (`--no-server`, or it cannot start)
it lints in this process. Each lint publishes twice: every finding but grammar's at once, then all of
them when LanguageTool has answered. See docs/editors.md for wiring it into an editor.
"""

from __future__ import annotations

import asyncio
import bisect
import json
import logging
import os
import re
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException, JsonRpcInvalidRequest, JsonRpcParseError
from pygls.io_ import StdoutWriter
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.uris import to_fs_path

from . import config as config_mod
from . import engine
from . import fix as fix_mod
from .diagnostic import Diagnostic
from .draft import MAX_CHARS
from .report import unavailable_line

SOURCE = "followup-lint"
WARM_UP = "Hi Dana,\n\nThank you for the tour.\n\nBest,\nSam\n"  # starts LanguageTool too, if grammar is on
DEBOUNCE = 0.3  # seconds of quiet typing before a changed document is linted again
SEVERITY = {
    "error": lsp.DiagnosticSeverity.Error,
    "warning": lsp.DiagnosticSeverity.Warning,
    "info": lsp.DiagnosticSeverity.Information,
}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the three line ends LSP counts
_INPUT_LINE = re.compile(r"^(\d+): ")

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """One lint of one document version: diagnostics, or the reason there are none."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    input_error: str | None = None  # the draft cannot be parsed (e.g. bad front matter): shown in the draft
    error: str | None = None  # bad config or rule file, no spaCy model: shown as a message
    unavailable: dict[str, str] = field(default_factory=dict)  # rule id -> why it could not run

    @classmethod
    def of(cls, data: dict[str, Any]) -> "Outcome":
        """From runner.lint_text's plain data."""
        diags = [Diagnostic(**d | {"suggestions": tuple(d["suggestions"])}) for d in data.get("diagnostics", [])]
        return cls(diags, data.get("input_error"), data.get("error"), data.get("unavailable") or {})


class Positions:
    """Code-point offsets into a text -> LSP positions in the negotiated encoding (UTF-16 by default)."""

    def __init__(self, text: str, units) -> None:
        self.text = text
        self.units = units  # str -> number of code units in the client's encoding
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def __call__(self, offset: int) -> lsp.Position:
        line = bisect.bisect_right(self.starts, offset) - 1
        return lsp.Position(line=line, character=self.units(self.text[self.starts[line]:offset]))

    def range(self, start: int, end: int) -> lsp.Range:
        return lsp.Range(start=self(start), end=self(end))


class Protocol(LanguageServerProtocol):
    """pygls's protocol, lenient where a client gets a notification wrong."""

    @lsp_method(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: lsp.DidChangeTextDocumentParams):
        uri = params.text_document.uri
        if unquote(uri) not in self.workspace.text_documents:
            # a change to a document never opened: a whole text opens it; a range edit has nothing to apply to
            if not any(isinstance(c, lsp.TextDocumentContentChangeWholeDocument) for c in params.content_changes):
                log.warning("ignored a change to %s, which is not open", uri)
                return
            self.workspace.put_text_document(lsp.TextDocumentItem(
                uri=uri, language_id="plaintext", version=params.text_document.version or 0, text=""))
        yield from super().lsp_text_document__did_change(params)


# The framing of LSP messages: "Content-Length: N" (other headers may follow), a blank line, N bytes.
_HEADER = re.compile(rb"Content-Length:[ \t]*(\d{1,9})[ \t]*\r\n(?:(?!Content-Length)[\w-]+:[^\r\n]*\r\n)*\r\n",
                     re.IGNORECASE)
_HEADER_START = re.compile(rb"Content-Length:", re.IGNORECASE)


async def read_messages(stop: threading.Event, stdin, protocol) -> None:
    """Read framed messages from `stdin` and hand them to `protocol`, resynchronising after a bad one.

    pygls trusts each Content-Length: a wrong one leaves it reading the next messages as the body of
    this one, and it never answers again (not even `shutdown`). Here a header is searched for wherever
    it is; a body that runs into the next header was given a wrong length and is dropped, and a request
    whose JSON or params cannot be read gets an error response."""
    loop = asyncio.get_running_loop()
    buffer = b""
    while not stop.is_set():
        chunk = await loop.run_in_executor(None, stdin.read1, 1 << 16)
        if not chunk:
            break
        buffer += chunk
        while True:
            m = _HEADER.search(buffer)
            if m is None:
                buffer = buffer[-4096:]  # garbage, or a header still arriving: keep what a header can be
                break
            start, end = m.end(), m.end() + int(m.group(1))
            if len(buffer) < end:
                # JSON never holds a raw CRLF header block: another header here means the length was wrong
                nxt = _HEADER.search(buffer, start)
                if nxt is None:
                    break  # the rest of the body is still on its way
                log.warning("dropped a message whose Content-Length (%s) is too long", m.group(1).decode())
                _reply_error(protocol, buffer[start:nxt.start()], JsonRpcParseError())
                buffer = buffer[nxt.start():]
                continue
            body = buffer[start:end]
            if dispatch(protocol, body):
                buffer = buffer[end:]
                continue
            # unreadable: a length too short leaves the next header inside or right after this body
            nxt = _HEADER_START.search(buffer, start)
            buffer = buffer[nxt.start():] if nxt else buffer[end:]


def dispatch(protocol, body: bytes) -> bool:
    """One message: parsed, checked against its method's params, handled; a request that fails gets an
    error response. False when the body is not JSON at all."""
    try:
        data = json.loads(body)
    except ValueError:
        _reply_error(protocol, body, JsonRpcParseError())
        return False
    if not isinstance(data, dict):
        _reply_error(protocol, body, JsonRpcInvalidRequest())
        return True
    try:
        message = protocol.structure_message(data)
    except JsonRpcException as exc:  # params that do not fit the method (InvalidParams), or worse
        if "id" in data and "method" in data:
            _send_error(protocol, data["id"], exc)
        else:
            log.warning("ignored a malformed %s notification", data.get("method"))
        return True
    try:
        protocol.handle_message(message)
    except (SystemExit, KeyboardInterrupt):
        raise
    except Exception:
        log.exception("cannot handle a message")
    return True


def _reply_error(protocol, body: bytes, exc: JsonRpcException) -> None:
    """An error response to a body that cannot be read, with its id when one can be found in it."""
    m = re.search(rb'"id"\s*:\s*(-?\d{1,15}|"[^"\\]{0,200}")', body)
    try:
        msg_id = json.loads(m.group(1)) if m else None
    except ValueError:  # an id that is not UTF-8
        msg_id = None
    _send_error(protocol, msg_id, exc)


def _send_error(protocol, msg_id, exc: JsonRpcException) -> None:
    if msg_id is not None and not isinstance(msg_id, (int, str)):
        msg_id = None
    protocol._send_data({"jsonrpc": "2.0", "id": msg_id,
                         "error": {"code": exc.code, "message": exc.message or type(exc).__name__}})


class FollowupServer(LanguageServer):
    """Lints open drafts on worker threads, through the engine or, without one, with rules and model here."""

    def __init__(self, overrides: dict[str, dict[str, Any]] | None = None, use_engine: bool = True) -> None:
        super().__init__("followup-lint", version("followup-lint"), protocol_cls=Protocol)
        self.overrides = overrides or {}
        self.use_engine = use_engine
        self.model_lock = threading.Lock()  # linting here: one thread in spaCy at a time
        self.pending: dict[str, asyncio.Task] = {}
        self.published: dict[str, list[lsp.Diagnostic]] = {}  # for clients that do not echo `data` back
        self.warned: set[str] = set()  # rule ids whose "check unavailable" warning was shown (once a session)
        self.errors_shown: set[str] = set()  # config/model errors already shown, until a lint succeeds
        # grammar can take seconds (a cold LanguageTool): a newer edit's lint must not queue behind it
        self.worker = ThreadPoolExecutor(max_workers=4, thread_name_prefix="lint")
        self.reload = False  # set when the editor reports a config file change; the next lint reloads

    def start_io(self, stdin=None, stdout=None) -> None:
        """Serve on stdio, with `read_messages` in place of pygls's reader."""
        self._stop_event = threading.Event()
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        try:
            asyncio.run(read_messages(self._stop_event, stdin or sys.stdin.buffer, self.protocol))
        except BrokenPipeError:
            log.error("the client closed the connection")
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            self.shutdown()

    # -- linting (runs on a worker thread) --
    def warm_up(self) -> None:
        """Start the engine (or load the rules and model here) before the first draft opens."""
        try:
            list(self.outcomes("warm-up.txt", WARM_UP, self.workspace.root_path or os.getcwd()))
        except Exception:  # noqa: BLE001 - the first real lint shows what is wrong
            log.exception("warming up failed")

    def outcomes(self, path: str, text: str, folder: str):
        """runner.lint_text's outcomes for a draft: from the engine, or from this process without one."""
        reload, self.reload = self.reload, False
        if self.use_engine:
            try:
                yield from engine.request("lint", start=True, path=path, text=text, folder=folder,
                                          overrides=self.overrides, reload=reload)
                return
            except (engine.EngineUnavailable, OSError, ValueError) as exc:
                log.warning("linting in this process: %s", exc)
                self.use_engine = False
        from .runner import lint_text

        yield from lint_text(path, text, folder, self.overrides, reload=reload, model_lock=self.model_lock)

    def lint_text(self, uri: str, text: str, deliver) -> None:
        fs_path = to_fs_path(uri) if uri.startswith("file:") else None
        folder = str(Path(fs_path).parent if fs_path else Path(self.workspace.root_path or os.getcwd()))
        if len(text) > MAX_CHARS:  # as on the command line: an editor can hold a file no draft should be
            deliver(Outcome(input_error=f"{len(text):,} characters is far too long for an e-mail draft "
                                        f"(limit {MAX_CHARS:,})"))
            return
        for data in self.outcomes(fs_path or uri, text, folder):  # absolute: config globs match it
            deliver(Outcome.of(data))

    # -- scheduling (event loop) --
    def schedule(self, uri: str, delay: float = 0.0) -> None:
        """Lint `uri` after `delay` seconds; a newer request for the same document replaces this one."""
        old = self.pending.pop(uri, None)
        if old is not None:
            old.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._lint_later(uri, delay))

    async def _lint_later(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        if uri not in self.workspace.text_documents:
            return
        doc = self.workspace.get_text_document(uri)
        doc_version, text = doc.version, doc.source
        loop = asyncio.get_running_loop()

        def deliver(outcome: Outcome) -> None:  # on the worker thread, once per phase
            loop.call_soon_threadsafe(self.deliver, uri, doc_version, text, outcome)

        try:
            await loop.run_in_executor(self.worker, self.lint_text, uri, text, deliver)
        except Exception as exc:  # a bug in a check: keep serving the other documents, and say so
            log.exception("linting %s failed", uri)
            self.deliver(uri, doc_version, text, Outcome(error=f"internal error linting {uri}: {exc!r}"))
        if self.pending.get(uri) is asyncio.current_task():
            del self.pending[uri]

    def deliver(self, uri: str, doc_version: int, text: str, outcome: Outcome) -> None:
        self.tell(outcome)
        if uri not in self.workspace.text_documents or self.workspace.get_text_document(uri).version != doc_version:
            return  # edited (or closed) meanwhile: the newer version's lint publishes
        self.publish(uri, doc_version, self.to_lsp(outcome, text))

    def tell(self, outcome: Outcome) -> None:
        """Show a config/model error once (until a lint succeeds) and each unavailable check once a session."""
        if outcome.error is not None:
            if outcome.error not in self.errors_shown:
                self.errors_shown.add(outcome.error)
                self.show(lsp.MessageType.Error, f"followup-lint: {outcome.error}")
            return
        self.errors_shown.clear()
        for rule_id, reason in outcome.unavailable.items():
            if rule_id not in self.warned:
                self.warned.add(rule_id)
                self.show(lsp.MessageType.Warning, f"followup-lint: {unavailable_line(rule_id, reason)}")

    def show(self, kind: lsp.MessageType, message: str) -> None:
        self.window_show_message(lsp.ShowMessageParams(type=kind, message=message))

    def publish(self, uri: str, doc_version: int | None, diagnostics: list[lsp.Diagnostic]) -> None:
        self.published[uri] = diagnostics
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, version=doc_version, diagnostics=diagnostics)
        )

    def to_lsp(self, outcome: Outcome, text: str) -> list[lsp.Diagnostic]:
        where = Positions(text, self.workspace.position_codec.client_num_units)
        if outcome.input_error is not None:
            m = _INPUT_LINE.match(outcome.input_error)
            line = int(m.group(1)) - 1 if m else 0
            message = outcome.input_error[m.end():] if m else outcome.input_error
            at = lsp.Range(start=lsp.Position(line=line, character=0), end=lsp.Position(line=line + 1, character=0))
            return [lsp.Diagnostic(range=at, message=message, severity=lsp.DiagnosticSeverity.Error,
                                   code="input-error", source=SOURCE)]
        return [
            lsp.Diagnostic(
                range=where.range(d.start, d.end),
                message=d.message,
                severity=SEVERITY.get(d.severity, lsp.DiagnosticSeverity.Warning),
                code=d.rule,
                source=SOURCE,
                # what a quick fix needs; offsets are code points into the linted text
                data={"suggestions": list(d.suggestions), "text": d.text, "start": d.start, "end": d.end,
                      "fix": d.fix},
            )
            for d in outcome.diagnostics
        ]

    # -- quick fixes --
    def code_actions(self, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        """Fixes for the diagnostics under the requested range, each edit made as `--fix` makes it."""
        uri = params.text_document.uri
        if uri not in self.workspace.text_documents:
            return []
        source = self.workspace.get_text_document(uri).source
        where = Positions(source, self.workspace.position_codec.client_num_units)
        actions, seen = [], set()
        for diag in params.context.diagnostics:
            if diag.source != SOURCE:
                continue
            # `data` comes back from the client: used only when it has the shape published
            data = diag.data if _fix_data(diag.data) else self._published_data(uri, diag)
            if not data or not data.get("suggestions"):
                continue
            start, end = data.get("start"), data.get("end")
            if not (isinstance(start, int) and isinstance(end, int)) or source[start:end] != data.get("text"):
                continue  # the text moved since this diagnostic was published; its fix would land wrong
            if (start, end, diag.code) in seen:
                continue
            seen.add((start, end, diag.code))
            # Where it is now, from our own offsets: some clients send every diagnostic on the line, and
            # some send their ranges in byte columns whatever encoding was agreed.
            if not _overlaps(where.range(start, end), params.range):
                continue
            for i, suggestion in enumerate(data["suggestions"]):
                title = (f"Replace \u201c{data['text']}\u201d with \u201c{suggestion}\u201d" if suggestion
                         else f"Remove \u201c{data['text']}\u201d")
                at, to, new_text = fix_mod.edit(source, start, end, suggestion)
                edit = lsp.WorkspaceEdit(changes={uri: [lsp.TextEdit(range=where.range(at, to), new_text=new_text)]})
                actions.append(lsp.CodeAction(
                    title=title, kind=lsp.CodeActionKind.QuickFix, diagnostics=[diag], edit=edit,
                    is_preferred=bool(data.get("fix")) and i == 0,
                ))
        return actions

    def _published_data(self, uri: str, diag: lsp.Diagnostic) -> dict | None:
        for mine in self.published.get(uri, []):
            if mine.range == diag.range and mine.code == diag.code:
                return mine.data
        return None

    # -- configuration changes --
    def config_changed(self) -> None:
        self.reload = True
        for uri in list(self.workspace.text_documents):
            self.schedule(uri)


def _overlaps(a: lsp.Range, b: lsp.Range) -> bool:
    """Ranges that share a position; a cursor (an empty range) at either end of a diagnostic touches it."""
    def key(p: lsp.Position) -> tuple[int, int]:
        return (p.line, p.character)
    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def _fix_data(data: Any) -> bool:
    return (isinstance(data, dict) and isinstance(data.get("text"), str) and isinstance(data.get("suggestions"), list)
            and all(isinstance(x, str) for x in data["suggestions"]))



def make_server(overrides: dict[str, dict[str, Any]] | None = None, use_engine: bool = True) -> FollowupServer:
    server = FollowupServer(overrides, use_engine)

    @server.feature(lsp.INITIALIZED)
    async def initialized(ls: FollowupServer, params: lsp.InitializedParams) -> None:
        asyncio.get_running_loop().run_in_executor(ls.worker, ls.warm_up)
        watched = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
        if not (watched and watched.dynamic_registration):
            return  # no file watching: the config's mtime is still checked on every lint
        options = lsp.DidChangeWatchedFilesRegistrationOptions(
            watchers=[lsp.FileSystemWatcher(glob_pattern=f"**/{name}") for name in config_mod.CONFIG_NAMES]
        )
        try:
            await ls.client_register_capability_async(lsp.RegistrationParams(registrations=[
                lsp.Registration(id="followup-lint-config", method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                 register_options=options)
            ]))
        except Exception as exc:  # the client refused; mtime checks still apply
            log.info("could not register config file watchers: %s", exc)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: FollowupServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: FollowupServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, DEBOUNCE)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: FollowupServer, params: lsp.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(ls: FollowupServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.publish(uri, None, [])
        ls.published.pop(uri, None)

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def did_change_watched_files(ls: FollowupServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        if any(change.uri.rsplit("/", 1)[-1] in config_mod.CONFIG_NAMES for change in params.changes):
            ls.config_changed()

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]),
    )
    def code_action(ls: FollowupServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        return ls.code_actions(params)

    return server


def serve(overrides: dict[str, dict[str, Any]] | None = None, use_engine: bool = True) -> None:
    """Run the server on stdin/stdout until the client says exit."""
    make_server(overrides, use_engine).start_io()
