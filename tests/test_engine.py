"""The engine: its lifecycle, that draft text goes to no process but ours, and that a run through it prints
what a run in-process prints. Real processes, sockets, spaCy and LanguageTool; no mocks."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from followup_lint import engine
from followup_lint.checks import CheckUnavailable
from followup_lint.checks import grammar as check_mod
from followup_lint.draft import from_text
from followup_lint.grammar import LanguageToolUnavailable, install_dir
from followup_lint.grammar.languagetool import Client, _owned_by
from followup_lint.rule import load_file

ROOT = Path(__file__).resolve().parents[1]
RULE = load_file(ROOT / "rules" / "grammar.yml")
DRAFT = "Hi Dana,\n\nThank you for the tour. I recieved the schedule. Thx again!\n\nBest,\nSam Ortiz\n"
PROXY_VARS = ("ALL_PROXY", "all_proxy", "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy")


class Ctx:
    def __init__(self, draft, options=None):
        self.draft, self.rule, self.options = draft, RULE, dict(RULE.options, **(options or {}))


class Listener:
    """A stranger on a socket: accepts connections and records every byte it receives."""

    def __init__(self, family=socket.AF_INET, address=("127.0.0.1", 0)) -> None:
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(address)
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.received = b""
        self.connections = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.sock.getsockname()[1]

    def _serve(self) -> None:
        while not self.done.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.settimeout(0.5)
            try:
                while chunk := conn.recv(65536):
                    self.received += chunk
            except OSError:
                pass
            conn.close()

    def close(self) -> None:
        self.done.set()
        self.thread.join(5)
        self.sock.close()


@pytest.fixture
def own_engine(tmp_path, monkeypatch):
    """A cache folder of this test's own (LanguageTool linked in); its engine is stopped afterwards."""
    cache = tmp_path / "c"
    cache.mkdir()
    (cache / install_dir().name).symlink_to(install_dir())
    monkeypatch.setenv("FOLLOWUP_LINT_CACHE", str(cache))
    yield cache
    engine.stop()


def followup_lint(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """The `followup-lint` command as a real process (the same entry point as the console script)."""
    return subprocess.run([sys.executable, "-m", "followup_lint", *args], capture_output=True, cwd=cwd,
                          env={**os.environ, **(env or {})}, timeout=300)


def wait_until(condition, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


# -- fast: no engine started ------------------------------------------------------------------------------

def test_the_client_side_imports_nothing_heavy():
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import followup_lint.engine"],
                         capture_output=True, text=True, check=True).stderr
    loaded = {line.split("|")[-1].strip() for line in out.splitlines() if "|" in line}
    heavy = {"spacy", "yaml", "click", "numpy", "psutil", "followup_lint.rule", "followup_lint.linter",
             "followup_lint.cli", "followup_lint.checks"}
    assert not loaded & heavy


def test_a_stale_state_and_a_stranger_on_the_socket_get_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("FOLLOWUP_LINT_CACHE", str(tmp_path))
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    engine.write_private(engine.state_path(), json.dumps({"pid": dead.pid, "identity": engine.identity()}).encode())
    stranger = Listener(socket.AF_UNIX, str(engine.socket_path()))
    try:
        assert engine.connect() is None
        assert engine.forward(["draft.txt"]) is None  # the caller runs in-process instead
        assert "not running" in engine.status()
    finally:
        stranger.close()
    assert stranger.received == b""
    assert oct(engine.run_dir().stat().st_mode & 0o777) == "0o700"
    assert oct(engine.state_path().stat().st_mode & 0o777) == "0o600"


def test_a_connection_that_reaches_another_program_sends_nothing():
    stranger = Listener()
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        client = Client(f"http://127.0.0.1:{stranger.port}",
                        verify=lambda sock: _owned_by(sock, bystander.pid, stranger.port))
        with pytest.raises(LanguageToolUnavailable, match="not the LanguageTool this engine started"):
            client.check("I recieved the plan.", {"language": "en-US"}, 5)
    finally:
        bystander.kill()
        stranger.close()
    assert stranger.connections == 1 and stranger.received == b""


def test_proxies_never_see_draft_text(monkeypatch, tmp_path):
    proxy = Listener()
    for var in PROXY_VARS:
        monkeypatch.setenv(var, f"http://127.0.0.1:{proxy.port}")
    closed = Listener()
    url = f"http://127.0.0.1:{closed.port}"
    closed.close()  # nothing listens there now: a direct request fails; a proxied one would reach `proxy`
    try:
        with pytest.raises(CheckUnavailable, match="connection refused"):
            check_mod.check_batch([Ctx(from_text("d.txt", DRAFT), {"url": url})])
    finally:
        proxy.close()
    assert proxy.connections == 0 and proxy.received == b""


# -- slow: real engines and JVMs --------------------------------------------------------------------------

@pytest.mark.slow
def test_start_reuse_crash_restart_and_idle_stop(own_engine, tmp_path):
    state = engine.ensure(idle_timeout=4)
    assert engine.ensure()["pid"] == state["pid"]  # reused, not restarted
    assert "engine is running" in engine.status()
    assert oct(engine.socket_path().stat().st_mode & 0o777) == "0o600"

    # grammar through the engine starts its LanguageTool, a child of the engine
    [found] = check_mod.check_batch([Ctx(from_text("d.txt", DRAFT), {"idle_timeout": 4})])
    assert any(f.extra["lt_rule"].startswith("MORFOLOGIK") for f in found)
    lt = next(engine.request("ping"))["languagetool"]
    assert psutil.Process(lt["pid"]).ppid() == state["pid"]
    files = {p.name: oct(p.stat().st_mode & 0o777) for p in engine.run_dir().iterdir()}
    assert set(files.values()) == {"0o600"} and {"engine.log", "languagetool.log", "engine.json"} <= set(files)

    # a hung LanguageTool: the request times out (bounded), it does not hang the run
    os.kill(lt["pid"], signal.SIGSTOP)
    try:
        t0 = time.monotonic()
        with pytest.raises(CheckUnavailable, match="did not answer within 2s; see `.*server status`"):
            check_mod.check_batch([Ctx(from_text("d.txt", DRAFT.replace("again!", "again! It rained.")), {"timeout": 2})])
        assert time.monotonic() - t0 < 8
    finally:
        os.kill(lt["pid"], signal.SIGCONT)

    # the engine dies hard: its LanguageTool goes with it, the stale state is seen, a new engine starts
    os.kill(state["pid"], signal.SIGKILL)
    assert wait_until(lambda: gone(lt["pid"]) and gone(state["pid"]), 15)  # all its threads, and so its socket
    assert engine.connect() is None and "not running" in engine.status()
    again = engine.ensure(idle_timeout=2)
    assert again["pid"] != state["pid"]

    # idle: it stops by itself and removes its socket and state
    assert wait_until(lambda: gone(again["pid"]), 20)
    assert not engine.socket_path().exists() and engine.read_state() is None


@pytest.mark.slow
def test_two_clients_starting_it_at_once_make_one_engine(own_engine):
    code = "from followup_lint import engine; print(engine.ensure(idle_timeout=60)['pid'])"
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) for _ in range(2)]
    pids = {p.communicate(timeout=180)[0].strip() for p in procs}
    assert len(pids) == 1 and pids == {str(engine.read_state()["pid"])}


@pytest.mark.slow
def test_languagetool_crash_restart_and_a_stranger_on_its_old_port(own_engine):
    draft = from_text("d.txt", DRAFT)
    first = check_mod.check_batch([Ctx(draft)])
    lt = next(engine.request("ping"))["languagetool"]
    port = int(lt["url"].rsplit(":", 1)[1])
    os.kill(lt["pid"], signal.SIGKILL)
    assert wait_until(lambda: gone(lt["pid"]), 10)
    stranger = None
    for _ in range(150):  # the dead server's connections may hold the port for a moment
        try:
            stranger = Listener(address=("127.0.0.1", port))
            break
        except OSError:
            time.sleep(0.2)
    assert stranger is not None, f"port {port} stayed busy"
    try:
        assert check_mod.check_batch([Ctx(draft)]) == first  # a new LanguageTool, elsewhere
    finally:
        stranger.close()
    assert stranger.received == b""
    assert next(engine.request("ping"))["languagetool"]["url"] != lt["url"]


@pytest.mark.slow
def test_java_missing_is_unavailable(own_engine, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent))  # python, but no java
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(CheckUnavailable, match="java not found; install OpenJDK 17"):
        check_mod.check_batch([Ctx(from_text("d.txt", DRAFT))])


def corpus(folder: Path, limit: int | None = None) -> Path:
    """benchmarks/data/tune.jsonl's drafts, one file each."""
    folder.mkdir()
    lines = (ROOT / "benchmarks" / "data" / "tune.jsonl").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines[:limit]):
        (folder / f"{i:03d}.txt").write_text(json.loads(line)["text"], encoding="utf-8")
    return folder


@pytest.mark.slow
def test_the_cli_prints_the_same_through_the_engine_as_in_process(own_engine, tmp_path):
    drafts = corpus(tmp_path / "drafts", limit=60)
    proxy = Listener()
    proxies = {var: f"http://127.0.0.1:{proxy.port}" for var in PROXY_VARS}
    try:
        engine.ensure()
        for args in (["--format", "json", "drafts"], ["--no-color", "drafts/000.txt", "drafts/001.txt"],
                     ["--format", "json", "--stats", "--select", "grammar,slang", "drafts"]):
            through = followup_lint(*args, cwd=tmp_path, env=proxies)
            here = followup_lint(*args, "--no-server", cwd=tmp_path, env=proxies)
            assert (through.returncode, through.stdout, through.stderr) == (here.returncode, here.stdout, here.stderr)
            assert through.returncode == 1 and through.stdout
        log = engine.log_path().read_text()
        assert log.count("run --format json drafts") == 1  # the first went through the engine
        findings = json.loads(through.stdout)["files"]
        assert any(d["rule"] == "grammar" for f in findings for d in f["diagnostics"])
        assert len(findings) == len(list(drafts.iterdir()))
    finally:
        proxy.close()
    assert proxy.connections == 0 and proxy.received == b""


@pytest.mark.slow
def test_the_language_server_publishes_the_fast_findings_then_grammar(tmp_path):
    import asyncio

    from lsprotocol import types as lsp
    from pygls.lsp.client import LanguageClient

    async def session() -> list[list[str]]:
        client = LanguageClient("test", "1")
        published: list[list[str]] = []
        done = asyncio.Event()

        @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_publish(params: lsp.PublishDiagnosticsParams) -> None:
            published.append(sorted({str(d.code) for d in params.diagnostics}))
            if len(published) == 2:
                done.set()

        await client.start_io(sys.executable, "-m", "followup_lint", "lsp")
        await client.initialize_async(lsp.InitializeParams(capabilities=lsp.ClientCapabilities(),
                                                           root_uri=tmp_path.as_uri()))
        client.initialized(lsp.InitializedParams())
        client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=lsp.TextDocumentItem(
            uri=(tmp_path / "d.txt").as_uri(), language_id="plaintext", version=1, text=DRAFT)))
        await asyncio.wait_for(done.wait(), 120)
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
        return published

    first, second = asyncio.run(session())
    assert "slang" in first and "grammar" not in first
    assert "slang" in second and "grammar" in second
