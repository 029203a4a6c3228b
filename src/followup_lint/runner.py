"""Running the linter over files: reading them, grouping them by config, the --jobs process pool."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping

from . import nlp as nlp_mod
from . import notes as notes_mod
from .diagnostic import Diagnostic
from .draft import Draft
from .linter import Linter, Result, drop_deferred

# --jobs: per-file rules run in worker processes, in chunks of drafts; whole-batch rules (check_batch:
# grammar, comparisons across drafts) still see every draft, in this process.
CHUNK = 16  # drafts per task: an even split between workers, and a progress bar that moves
_worker_linters: dict[int, Linter] = {}


def lint_batch(linter: Linter, drafts: list[Draft], notes: Mapping[str, Any] | None = None, *,
               pool=None, progress: Callable[[int], None] | None = None) -> Result:
    """`linter.lint(drafts)`, with a progress callback and, given a process pool, in parallel; same result."""
    if pool is None and progress is None:
        return linter.lint(drafts, notes)
    batch = [r for r in linter.enabled if hasattr(r.engine(), "check_batch")]
    per_file = [r for r in linter.enabled if r not in batch]
    starts = range(0, len(drafts), CHUNK)
    results: list[list[Diagnostic]] = [[] for _ in drafts]
    unavailable: dict[str, str] = {}
    if pool is None:
        done = ((s, *_plain(linter.lint(drafts[s:s + CHUNK], notes, per_file))) for s in starts)
    else:
        from concurrent.futures import as_completed

        args = (id(linter), linter.config, linter.select, linter.ignore, linter.overrides, notes)
        futures = [pool.submit(_lint_chunk, s, drafts[s:s + CHUNK], *args) for s in starts]
        done = (f.result() for f in as_completed(futures))
    for start, found, missing in done:
        for k, diags in enumerate(found):
            results[start + k] = [replace(d, extra=MappingProxyType(dict(d.extra))) for d in diags]
        unavailable.update(missing)
        if progress:
            progress(len(found))
    if batch:
        whole = linter.lint(drafts, notes, batch)
        unavailable.update(whole.unavailable)
        for k, diags in enumerate(whole.diagnostics):
            results[k] = drop_deferred(sorted(set(results[k] + diags)), linter.rules)
    return Result(results, unavailable)


def _plain(result: Result) -> tuple[list[list[Diagnostic]], dict[str, str]]:
    """A result as picklable parts (plain dict extra), to cross from a worker process."""
    return [[replace(d, extra=dict(d.extra)) for d in diags] for diags in result.diagnostics], result.unavailable


def _lint_chunk(start, drafts, key, config, select, ignore, overrides, notes):
    """In a worker: the per-file rules over one chunk."""
    linter = _worker_linters.get(key) or _worker_linters.setdefault(key, Linter(config, select, ignore, overrides))
    per_file = [r for r in linter.enabled if not hasattr(r.engine(), "check_batch")]
    return start, *_plain(linter.lint(drafts, notes, per_file))


def _load_models(models: list[str]) -> None:
    for model in models:  # once per worker, not per chunk
        nlp_mod.load(model)


@contextmanager
def _pool(jobs: int, linters: Iterable[Linter], n_drafts: int):
    """A process pool for --jobs N (None when one process will do)."""
    if jobs <= 1 or n_drafts <= CHUNK:
        yield None
        return
    import multiprocessing
    import sys
    from concurrent.futures import ProcessPoolExecutor

    models = sorted({lin.config.model for lin in linters if lin.needs_nlp})
    # fork (Linux): load the model here once and the workers share it; spawn: each worker loads it once
    method = "fork" if sys.platform == "linux" else "spawn"
    if method == "fork":
        _load_models(models)
    pool = ProcessPoolExecutor(max_workers=min(jobs, -(-n_drafts // CHUNK)), initializer=_load_models,
                               initargs=(models,), mp_context=multiprocessing.get_context(method))
    try:
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)


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
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    stats: bool = False,
):
    """Lint files (each with the config found upward from it) and return a Report.

    `contents`: path -> bytes to lint instead of the file (--diff); `jobs` > 1: worker processes;
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
    linters = {cfg_path: Linter(config_mod.load(cfg_path), select, ignore, overrides or {}) for cfg_path in groups}
    with _pool(jobs, linters.values(), len(drafts)) as pool:
        for cfg_path, members in groups.items():
            linter = linters[cfg_path]
            report.rules.update(linter.rules)
            report.fail_on = fail_on or linter.config.fail_on
            result = lint_batch(linter, [drafts[i] for i in members], notes, pool=pool, progress=progress)
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
