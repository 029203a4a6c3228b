"""Running the linter over files: reading them, grouping them by config, the --jobs process pool."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType
from typing import Any, Callable, Iterator, Mapping

from . import notes as notes_mod
from .diagnostic import Diagnostic
from .draft import Draft
from .linter import Linter, Result, drop_deferred

# --jobs: per-file rules run in forked worker processes over chunks of drafts that they inherit (the model
# too: it is loaded before the fork); whole-batch rules (grammar, comparisons across drafts) still see
# every draft, in this process. This process lints the first chunk itself, which also fills the rules'
# caches that the workers then inherit; below MIN_PARALLEL drafts the forks would cost more than they save.
CHUNK = 16  # drafts per task: an even split between workers, and a progress bar that moves
MIN_PARALLEL = 3 * CHUNK
_shared: dict[str, Any] = {}  # what forked workers inherit: the linters and the drafts


def default_jobs() -> int:
    """The cores this process may run on."""
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def lint_batch(linter: Linter, drafts: list[Draft], notes: Mapping[str, Any] | None = None, *,
               jobs: int = 1, progress: Callable[[int], None] | None = None) -> Result:
    """`linter.lint(drafts)`, with a progress callback and, with jobs > 1, in forked processes; same result."""
    if jobs <= 1 and progress is None:
        return linter.lint(drafts, notes)
    batch = [r for r in linter.enabled if hasattr(r.engine(), "check_batch")]
    per_file = [r for r in linter.enabled if r not in batch]
    results: list[list[Diagnostic]] = [[] for _ in drafts]
    unavailable: dict[str, str] = {}
    for start, found, missing in _chunks(linter, drafts, notes, per_file, jobs):
        results[start:start + len(found)] = [[replace(d, extra=MappingProxyType(d.extra)) for d in diags]
                                             for diags in found]
        unavailable.update(missing)
        if progress:
            progress(len(found))
    if batch:
        whole = linter.lint(drafts, notes, batch)
        unavailable.update(whole.unavailable)
        for k, diags in enumerate(whole.diagnostics):
            results[k] = drop_deferred(sorted(set(results[k] + diags)), linter.rules)
    return Result(results, unavailable)


def _chunks(linter: Linter, drafts: list[Draft], notes, rules, jobs: int):
    """(start, diagnostics per draft, unavailable) for consecutive chunks, in any order."""
    size = CHUNK
    starts = list(range(0, len(drafts), size))
    workers = min(jobs, len(starts) - 1) if len(drafts) >= MIN_PARALLEL else 1
    if workers <= 1:
        for s in starts:
            yield s, *_plain(linter.lint(drafts[s:s + size], notes, rules))
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    yield starts[0], *_plain(linter.lint(drafts[:size], notes, rules))  # here, before forking: warm caches
    _shared.update(linter=linter, drafts=drafts, notes=notes, rules=rules)
    import gc

    gc.freeze()  # the workers' collector leaves the inherited objects (the model) alone: fewer pages copied
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_lint_chunk, s, size) for s in starts[1:]]
            try:
                for future in as_completed(futures):
                    yield future.result()
            finally:
                for future in futures:
                    future.cancel()
    finally:
        gc.unfreeze()
        _shared.clear()


def _plain(result: Result) -> tuple[list[list[Diagnostic]], dict[str, str]]:
    """A result as picklable parts (plain dict extra), to cross from a worker process."""
    return [[replace(d, extra=dict(d.extra)) for d in diags] for diags in result.diagnostics], result.unavailable


def _lint_chunk(start: int, size: int):
    """In a forked worker: the per-file rules over one chunk of the inherited drafts."""
    found, missing = _plain(_shared["linter"].lint(_shared["drafts"][start:start + size], _shared["notes"],
                                                   _shared["rules"]))
    return start, found, missing


def lint_paths(
    paths: list[str],
    *,
    config_path=None,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    fail_on: str | None = None,
    overrides: dict[str, dict[str, Any]] | None = None,
    stdin: bytes | None = None,
    stdin_name: str = "-",
    notes: dict[str, Any] | None = None,
    contents: Mapping[str, bytes] | None = None,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    stats: bool = False,
):
    """Lint files (each with the config found upward from it) and return a Report.

    `contents`: path -> bytes to lint instead of the file (--diff); `jobs`: processes (default: the cores);
    `progress(n)` is called as n more files are done."""
    from pathlib import Path

    from . import config as config_mod
    from .draft import InputError, read
    from .report import FileReport, Report

    report = Report(with_stats=stats)
    drafts: dict[int, Draft] = {}
    groups: dict[Any, list[int]] = {}
    for i, path in enumerate(paths):
        report.files.append(FileReport(stdin_name if path == "-" else path))
        try:
            drafts[i] = read(stdin_name, stdin) if path == "-" else read(path, (contents or {}).get(path))
            notes_mod.for_draft(notes, drafts[i])  # bad notes in front matter: an input error, like bad YAML
        except (InputError, notes_mod.NotesError) as exc:
            report.files[i].error = str(exc)
            continue
        where = Path.cwd() if path == "-" else Path(path).resolve().parent
        cfg = config_path or config_mod.discover(where)
        groups.setdefault(cfg, []).append(i)
    jobs = default_jobs() if jobs is None else jobs
    for cfg_path, members in groups.items():
        linter = Linter(config_mod.load(cfg_path), select, ignore, overrides or {})
        report.rules.update(linter.rules)
        report.fail_on = fail_on or linter.config.fail_on
        result = lint_batch(linter, [drafts[i] for i in members], notes, jobs=jobs, progress=progress)
        for i, diags in zip(members, result.diagnostics):
            report.files[i].diagnostics = diags
        report.unavailable.update(result.unavailable)
        if stats:  # --stats: after the findings, since the readiness score is made from them
            from .stats import compute

            for i in members:
                report.files[i].stats = compute(drafts[i], report.files[i].diagnostics, linter,
                                                notes_mod.for_draft(notes, drafts[i]), result.unavailable)
    if fail_on:
        report.fail_on = fail_on
    return report


# -- one document at a time (the language server) ---------------------------------------------------------

_linters: dict[Any, tuple[Any, Linter]] = {}  # (config path, overrides) -> (its file's stamp, Linter)


def lint_text(path: str, text: str, folder: str, overrides: dict[str, dict[str, Any]], *, reload: bool = False,
              model_lock=None) -> Iterator[dict[str, Any]]:
    """Lint one editor document: yield the findings of every rule but those that wait on a server (grammar),
    then, if any such rule is enabled, all findings. Each outcome is plain data: `diagnostics` (dicts),
    `unavailable`, `input_error` (the draft cannot be parsed) or `error` (bad config or rules, no model)."""
    from contextlib import nullcontext
    from pathlib import Path

    from .draft import InputError, from_eml, from_text
    from .nlp import ModelError
    from .rule import RuleError

    try:
        linter = _linter_for(Path(folder), overrides, reload)
        try:
            if path.lower().endswith(".eml"):  # the e-mail parser reads bytes, as from a file
                draft = from_eml(path, text, text.encode("utf-8"))
            else:
                draft = from_text(path, text)
            notes_mod.for_draft(None, draft)  # interview notes in the front matter
        except (InputError, notes_mod.NotesError) as exc:
            yield {"input_error": str(exc).removeprefix(f"{path}:").strip()}
            return
        slow = [r for r in linter.enabled if getattr(r.engine(), "remote", False)]
        if slow:  # asked at once, while spaCy parses: the server's answer costs no time after the rest
            from concurrent.futures import ThreadPoolExecutor

            pool = ThreadPoolExecutor(1, thread_name_prefix="remote-rules")
            waiting = pool.submit(linter.lint, [draft], None, slow)
            pool.shutdown(wait=False)
        with model_lock or nullcontext():
            first = linter.lint([draft], None, [r for r in linter.enabled if r not in slow])
        yield {"diagnostics": [_data(d) for d in first.diagnostics[0]], "unavailable": first.unavailable,
               "final": not slow}
        if slow:
            second = waiting.result()
            diags = drop_deferred(sorted(set(first.diagnostics[0] + second.diagnostics[0])), linter.rules)
            yield {"diagnostics": [_data(d) for d in diags], "unavailable": first.unavailable | second.unavailable,
                   "final": True}
    except (RuleError, ModelError) as exc:  # a bad config is a RuleError too
        yield {"error": str(exc)}


def _linter_for(folder, overrides: dict[str, dict[str, Any]], reload: bool) -> Linter:
    """The Linter for the config that applies in `folder`, loaded again when that file changed."""
    from . import config as config_mod

    config_mod.discover.cache_clear()  # a config file may have appeared, gone or changed: look again, cheaply
    if reload:  # mtime and size can miss a quick same-size edit; the editor's word can't
        _linters.clear()
    path = config_mod.discover(folder)
    try:
        stamp = (path.stat().st_mtime_ns, path.stat().st_size) if path else None
    except OSError:
        stamp = None
    key = (path, repr(sorted(overrides.items())))
    cached = _linters.get(key)
    if cached is None or cached[0] != stamp:
        config_mod.load.cache_clear()
        cached = _linters[key] = (stamp, Linter(config_mod.load(path), overrides=overrides))
    return cached[1]


def _data(d: Diagnostic) -> dict[str, Any]:
    """A diagnostic as JSON-able data; `Diagnostic(**data)` makes it again."""
    from dataclasses import fields

    return {f.name: getattr(d, f.name) for f in fields(d)} | {"extra": dict(d.extra), "suggestions": list(d.suggestions)}
