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
