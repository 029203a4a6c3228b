"""The language server end to end: a real LSP client drives `python -m followup_lint.cli lsp` over stdio."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient

pytestmark = pytest.mark.asyncio(loop_scope="module")

TIMEOUT = 60  # the first lint loads spaCy in the server

DRAFT = """Dear Ms. Chen,

Thank you for the interview at [Company Name]. Thx for showing me the release checklist.

Best regards,
Sam Ortiz
"""


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("workspace")
    # grammar needs a LanguageTool server; these tests are about the editor side
    (root / ".followup-lint.toml").write_text('ignore = ["grammar"]\n', encoding="utf-8")
    return root


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=[sys.executable, "-m", "followup_lint.cli", "lsp"]),
)
async def client(lsp_client: LanguageClient, workspace: Path):
    await lsp_client.initialize_session(
        lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(),
            root_uri=workspace.as_uri(),
            workspace_folders=[lsp.WorkspaceFolder(uri=workspace.as_uri(), name="ws")],
        )
    )
    yield
    await lsp_client.shutdown_session()


async def published(client: LanguageClient, path: Path, send) -> lsp.PublishDiagnosticsParams:
    """Do `send()` and return the next textDocument/publishDiagnostics for `path` it causes."""
    waiting = client.protocol.wait_for_notification_async(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    send()
    async with asyncio.timeout(TIMEOUT):
        while (params := await waiting).uri != path.as_uri():  # another open draft re-linted
            waiting = client.protocol.wait_for_notification_async(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return params


def open_doc(client: LanguageClient, path: Path, text: str, version: int = 1) -> None:
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(
        text_document=lsp.TextDocumentItem(uri=path.as_uri(), language_id="plaintext", version=version, text=text)
    ))


def change_doc(client: LanguageClient, path: Path, text: str, version: int) -> None:
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=version),
        content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
    ))


def utf16_slice(text: str, rng: lsp.Range) -> str:
    """The text an editor underlines for `rng` (LSP characters are UTF-16 code units)."""
    lines = text.split("\n")
    assert rng.start.line == rng.end.line
    units = lines[rng.start.line].encode("utf-16-le")
    return units[2 * rng.start.character:2 * rng.end.character].decode("utf-16-le")


def by_code(diagnostics, code: str) -> list[lsp.Diagnostic]:
    return [d for d in diagnostics if d.code == code]


def codes(params: lsp.PublishDiagnosticsParams) -> list[str]:
    """The codes of the two rules these drafts are about (other rules may fire on them too)."""
    return sorted({d.code for d in params.diagnostics} & {"placeholder", "slang"})


async def test_placeholder_and_slang_are_reported_where_they_are(client: LanguageClient, workspace: Path):
    path = workspace / "chen.txt"
    params = await published(client, path, lambda: open_doc(client, path, DRAFT))

    assert params.uri == path.as_uri()
    (placeholder,) = by_code(params.diagnostics, "placeholder")
    assert placeholder.range == lsp.Range(start=lsp.Position(line=2, character=31),
                                          end=lsp.Position(line=2, character=45))
    assert placeholder.severity == lsp.DiagnosticSeverity.Error
    assert placeholder.source == "followup-lint"
    (slang,) = by_code(params.diagnostics, "slang")
    assert utf16_slice(DRAFT, slang.range) == "Thx"
    assert slang.severity == lsp.DiagnosticSeverity.Warning
    assert slang.data["suggestions"] == ["Thanks"]
    assert not by_code(params.diagnostics, "grammar")  # the workspace config is honoured


async def test_emoji_before_a_finding_shifts_it_by_utf16_units(client: LanguageClient, workspace: Path):
    text = DRAFT.replace("Thank you for", "Thank you \U0001F600\U0001F389 for")
    path = workspace / "emoji.txt"
    params = await published(client, path, lambda: open_doc(client, path, text))

    placeholder, = by_code(params.diagnostics, "placeholder")
    # two astral-plane emoji + a space: 3 code points, 5 UTF-16 code units
    assert placeholder.range.start.character == 31 + 5
    assert utf16_slice(text, placeholder.range) == "[Company Name]"
    slangs = {utf16_slice(text, d.range) for d in by_code(params.diagnostics, "slang")}
    assert slangs == {"\U0001F600\U0001F389", "Thx"}


async def test_edits_update_the_diagnostics_and_the_latest_version_wins(client: LanguageClient, workspace: Path):
    path = workspace / "edit.txt"
    await published(client, path, lambda: open_doc(client, path, DRAFT))

    fixed = DRAFT.replace("[Company Name]", "Northwind")

    def type_quickly():  # three edits inside the debounce window: only the last is linted and published
        change_doc(client, path, DRAFT.replace("Thx", "Thanks"), 2)
        change_doc(client, path, fixed.replace("Thx", "Thanks"), 3)
        change_doc(client, path, fixed, 4)

    params = await published(client, path, type_quickly)
    assert params.version == 4
    assert codes(params) == ["slang"]
    assert [utf16_slice(fixed, d.range) for d in by_code(params.diagnostics, "slang")] == ["Thx"]


async def test_code_action_replaces_the_slang_with_its_suggestion(client: LanguageClient, workspace: Path):
    text = DRAFT.replace("Thank you for", "Thank you \U0001F600 for")
    path = workspace / "fix.txt"
    params = await published(client, path, lambda: open_doc(client, path, text))
    slang = next(d for d in params.diagnostics if d.code == "slang" and utf16_slice(text, d.range) == "Thx")

    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=path.as_uri()),
        range=slang.range,
        context=lsp.CodeActionContext(diagnostics=[slang]),
    ))

    (action,) = actions
    assert action.kind == lsp.CodeActionKind.QuickFix
    assert action.title == "Replace \u201cThx\u201d with \u201cThanks\u201d"
    (edit,) = action.edit.changes[path.as_uri()]
    assert edit.range == slang.range
    assert edit.new_text == "Thanks"


async def test_workspace_config_changes_are_picked_up(client: LanguageClient, workspace: Path):
    folder = workspace / "strict"
    folder.mkdir()
    config = folder / ".followup-lint.toml"
    config.write_text('ignore = ["grammar", "slang"]\n', encoding="utf-8")
    path = folder / "draft.txt"
    params = await published(client, path, lambda: open_doc(client, path, DRAFT))
    assert codes(params) == ["placeholder"]

    # the editor reports the edited config file: open drafts are linted again with it
    config.write_text('ignore = ["grammar", "placeholder"]\n', encoding="utf-8")
    params = await published(client, path, lambda: client.workspace_did_change_watched_files(
        lsp.DidChangeWatchedFilesParams(changes=[
            lsp.FileEvent(uri=config.as_uri(), type=lsp.FileChangeType.Changed)
        ])
    ))
    assert codes(params) == ["slang"]

    # an editor without file watching: the change is seen at the next save
    config.write_text('ignore = ["grammar"]\n', encoding="utf-8")
    params = await published(client, path, lambda: client.text_document_did_save(
        lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=path.as_uri()))
    ))
    assert codes(params) == ["placeholder", "slang"]


async def test_grammar_server_down_warns_once_and_keeps_other_findings(client: LanguageClient, workspace: Path):
    folder = workspace / "grammar-down"
    folder.mkdir()
    # nothing listens on the discard port: the grammar check is unavailable
    (folder / ".followup-lint.toml").write_text('[grammar]\nurl = "http://127.0.0.1:9"\n', encoding="utf-8")
    before = len(client.messages)

    for name in ("one.txt", "two.txt"):
        path = folder / name
        params = await published(client, path, lambda: open_doc(client, path, DRAFT))
        assert codes(params) == ["placeholder", "slang"]

    warnings = client.messages[before:]
    assert len(warnings) == 1
    assert warnings[0].type == lsp.MessageType.Warning
    assert "grammar" in warnings[0].message and "127.0.0.1:9" in warnings[0].message


# -- e-mails, code action ranges and position encodings --

EML = """From: Sam Ortiz <sam@example.com>
To: Li Chen <li@example.com>
Subject: Thank you for the interview
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Dear Ms. Chen,

Thank you for the interview at [Company Name]. Thx for the café tour \U0001F642 too.

Best regards,
Sam Ortiz
"""

# an emoji after an accented word, and another finding further along the same line
LINE = "I loved the café demo \U0001F600 and thx for the tour."
NON_ASCII = DRAFT.replace("Thank you for the interview at [Company Name]. Thx for showing me the release checklist.",
                          LINE)


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=[sys.executable, "-m", "followup_lint.cli", "lsp"]),
)
async def utf8_client(lsp_client: LanguageClient, workspace: Path):
    """A client that can only count bytes (LSP 3.17 `general.positionEncodings`)."""
    result = await lsp_client.initialize_session(
        lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(
                general=lsp.GeneralClientCapabilities(position_encodings=[lsp.PositionEncodingKind.Utf8])
            ),
            root_uri=workspace.as_uri(),
        )
    )
    lsp_client.negotiated = result.capabilities.position_encoding
    yield
    await lsp_client.shutdown_session()


CODECS = {"utf-8": ("utf-8", 1), "utf-16": ("utf-16-le", 2)}  # LSP encoding -> (codec, bytes per unit)


def _at(text: str, pos: lsp.Position, encoding: str) -> int:
    """Byte offset into text.encode(codec) of an LSP position counted in `encoding` units (LF line ends)."""
    codec, width = CODECS[encoding]
    lines = text.split("\n")
    return sum(len(line.encode(codec)) + width for line in lines[:pos.line]) + width * pos.character


def in_units(text: str, rng: lsp.Range, encoding: str) -> str:
    """The text an editor counting `encoding` code units underlines for `rng`."""
    codec = CODECS[encoding][0]
    return text.encode(codec)[_at(text, rng.start, encoding):_at(text, rng.end, encoding)].decode(codec)


def apply_edit(text: str, edit: lsp.TextEdit, encoding: str) -> str:
    """What an editor counting `encoding` code units does with a TextEdit."""
    codec = CODECS[encoding][0]
    data = text.encode(codec)
    start, end = _at(text, edit.range.start, encoding), _at(text, edit.range.end, encoding)
    return (data[:start] + edit.new_text.encode(codec) + data[end:]).decode(codec)


async def test_eml_drafts_are_linted_where_the_body_stands(client: LanguageClient, workspace: Path):
    path = workspace / "draft.eml"
    before = len(client.messages)
    params = await published(client, path, lambda: open_doc(client, path, EML))

    assert client.messages[before:] == []  # no error message instead of diagnostics
    (placeholder,) = by_code(params.diagnostics, "placeholder")
    assert utf16_slice(EML, placeholder.range) == "[Company Name]"
    assert placeholder.range.start.line == 8
    assert {utf16_slice(EML, d.range) for d in by_code(params.diagnostics, "slang")} == {"Thx", "\U0001F642"}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8"])
async def test_code_actions_fix_only_what_is_under_the_cursor(client, utf8_client, workspace: Path, encoding):
    lsp_client = client if encoding == "utf-16" else utf8_client
    assert getattr(lsp_client, "negotiated", "utf-16") == encoding
    path = workspace / f"cursor-{encoding}.txt"
    params = await published(lsp_client, path, lambda: open_doc(lsp_client, path, NON_ASCII))
    slang = by_code(params.diagnostics, "slang")
    assert sorted(in_units(NON_ASCII, d.range, encoding) for d in slang) == ["thx", "\U0001F600"]
    emoji = next(d for d in slang if in_units(NON_ASCII, d.range, encoding) == "\U0001F600")

    # like Neovim up to 0.10: the cursor on the emoji, and every diagnostic of the line as context
    actions = await lsp_client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=path.as_uri()),
        range=lsp.Range(start=emoji.range.start, end=emoji.range.start),
        context=lsp.CodeActionContext(diagnostics=params.diagnostics),
    ))

    assert [(a.title, a.is_preferred) for a in actions] == [("Remove \u201c\U0001F600\u201d", True)]
    (edit,) = actions[0].edit.changes[path.as_uri()]
    fixed = apply_edit(NON_ASCII, edit, encoding)
    assert fixed == NON_ASCII.replace("demo \U0001F600 and", "demo and")  # one space left, not two


async def test_code_action_for_diagnostics_sent_in_byte_columns(client: LanguageClient, workspace: Path):
    """Neovim 0.7 echoes diagnostics in byte columns although the session counts UTF-16 units."""
    path = workspace / "bytes.txt"
    params = await published(client, path, lambda: open_doc(client, path, NON_ASCII))
    thx = next(d for d in by_code(params.diagnostics, "slang") if utf16_slice(NON_ASCII, d.range) == "thx")
    line = NON_ASCII.split("\n")[thx.range.start.line]
    byte_col = len(line[:line.index("thx")].encode("utf-8"))
    as_bytes = lsp.Diagnostic(
        range=lsp.Range(start=lsp.Position(line=thx.range.start.line, character=byte_col),
                        end=lsp.Position(line=thx.range.start.line, character=byte_col + 3)),
        message=thx.message, severity=thx.severity, code=thx.code, source=thx.source, data=thx.data,
    )

    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=path.as_uri()),
        range=lsp.Range(start=thx.range.start, end=thx.range.start),
        context=lsp.CodeActionContext(diagnostics=[as_bytes]),
    ))

    (action,) = actions
    (edit,) = action.edit.changes[path.as_uri()]
    assert edit.range == thx.range and edit.new_text == "thanks"
