"""Load the enabled rules, run them over drafts, stamp rule id, severity and line:column, sort."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping

from . import nlp as nlp_mod
from . import notes as notes_mod
from .checks import CheckUnavailable
from .config import Config, ConfigError, rule_settings
from .diagnostic import Diagnostic, Finding
from .draft import Draft
from .hints import unknown_rule
from .rule import Rule, load_rules


@dataclass(frozen=True)
class Context:
    """What a check sees: one draft, its rule's options, and the run's shared state (read-only)."""

    draft: Draft
    options: Mapping[str, Any]
    rule: Rule
    mode: str = "draft"
    nlp: Any = None
    notes: Mapping[str, Any] | None = None


@dataclass
class Linter:
    config: Config = field(default_factory=Config)
    select: tuple[str, ...] = ()  # from the command line; replaces config's select
    ignore: tuple[str, ...] = ()  # from the command line; added to config's ignore
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)  # rule id -> options (CLI)
    unavailable: dict[str, str] = field(default_factory=dict)  # rule id -> reason it could not run

    def __post_init__(self) -> None:
        self.rules = load_rules(list(self.config.rule_dirs))
        self.settings = rule_settings(self.config, self.rules)
        self.enabled = self._enabled()

    # -- selection --
    def _expand(self, names: Iterable[str], where: str) -> set[str]:
        out: set[str] = set()
        for name in names:
            hits = {r.id for r in self.rules.values() if name in (r.id, *r.aliases, *r.tags)}
            if name == "all":
                hits = set(self.rules)
            if not hits:
                raise ConfigError(f"{where}: unknown rule or tag '{name}'" + unknown_rule(name, self.rules.values()))
            out |= hits
        return out

    def _enabled(self) -> list[Rule]:
        chosen = self.select or self.config.select
        ids = self._expand(chosen, "--select" if self.select else self.config.where) if chosen else set(self.rules)
        if not chosen:
            ids = {r for r in ids if self.settings.get(r, {}).get("enabled", True)}
        ids -= self._expand(self.config.ignore, self.config.where)
        ids -= self._expand(self.ignore, "--ignore")
        if self.config.mode == "template":
            ids.discard("placeholder")
        return [self.rules[r] for r in sorted(ids)]

    def options(self, rule: Rule) -> dict[str, Any]:
        table = {k: v for k, v in self.settings.get(rule.id, {}).items() if k not in ("severity", "enabled")}
        table.update(self.overrides.get(rule.id, {}))
        return rule.merged_options(table, self.config.where)

    def severity(self, rule: Rule) -> str:
        return self.settings.get(rule.id, {}).get("severity", rule.severity)

    @property
    def needs_nlp(self) -> bool:
        return any(r.nlp for r in self.enabled)

    def nlp(self):
        return nlp_mod.load(self.config.model) if self.needs_nlp else None

    # -- running --
    def lint(self, drafts: list[Draft], notes: Mapping[str, Any] | None = None,
             rules: list[Rule] | None = None) -> list[list[Diagnostic]]:
        """Diagnostics for each draft, in order; the spaCy Doc is built once per draft, in one batch.

        `rules`: run only these of the enabled rules (--jobs splits per-file from whole-batch rules)."""
        rules = self.enabled if rules is None else rules
        nlp = self.nlp() if any(r.nlp for r in rules) else None
        if nlp is not None:
            nlp_mod.parse(nlp, [d for d in drafts if d.doc is None])
        per_draft = [notes_mod.for_draft(notes, d) for d in drafts]  # front-matter notes over the file's
        results: list[list[Diagnostic]] = [[] for _ in drafts]
        for rule in rules:
            options = self.options(rule)
            todo = [(i, d) for i, d in enumerate(drafts) if rule.id not in self._suppressed(d)]
            if not todo:
                continue
            ctxs = [Context(d, options, rule, self.config.mode_for(d.path), nlp, per_draft[i]) for i, d in todo]
            try:
                found = run_engine(rule, ctxs)
            except CheckUnavailable as exc:
                self.unavailable[rule.id] = str(exc)
                continue
            severity = self.severity(rule)
            for (i, draft), findings in zip(todo, found):
                results[i].extend(stamp(draft, rule, severity, f) for f in findings)
        return [drop_deferred(sorted(set(r)), self.rules) for r in results]

    def _suppressed(self, draft: Draft) -> set[str]:
        front = draft.meta.get("followup-lint") or {}
        ignored = front.get("ignore", []) if isinstance(front, dict) else []
        template = {"placeholder"} if self.config.mode_for(draft.path) == "template" else set()
        return set(ignored) | self.config.ignored_for(draft.path) | template


def drop_deferred(diags: list[Diagnostic], rules: dict[str, Rule]) -> list[Diagnostic]:
    """A rule with `defers_to` (grammar) stays quiet where one of those rules flags the same text:
    "thx" is reported once, as slang, not again as a misspelling."""
    def silenced(d: Diagnostic) -> bool:
        quiet = rules[d.rule].defers_to
        return bool(quiet) and any(o.rule in quiet and o.start < d.end and d.start < o.end for o in diags)

    return [d for d in diags if not silenced(d)]


def run_engine(rule: Rule, ctxs: list[Context]) -> list[list[Finding]]:
    engine = rule.engine()
    if hasattr(engine, "check_batch"):
        return [list(f) for f in engine.check_batch(ctxs)]
    return [list(engine.check(ctx)) for ctx in ctxs]


def stamp(draft: Draft, rule: Rule, severity: str, f: Finding) -> Diagnostic:
    start, end = draft.to_source(f.start), draft.to_source(max(f.end, f.start))
    line, col = draft.line_col(start)
    end_line, end_col = draft.line_col(end)
    text = draft.text[f.start:f.end]
    message = " ".join((f.message or rule.message.format(text=text, **f.extra)).split())  # always one line
    return Diagnostic(
        path=draft.path, line=line, column=col, end_line=end_line, end_column=end_col, rule=rule.id,
        severity=severity, message=message, text=text, suggestions=tuple(f.suggestions),
        extra=f.extra, start=start, end=end, fix=f.fix and bool(f.suggestions),
    )


# --jobs: per-file rules run in worker processes, in chunks of drafts; whole-batch rules (check_batch:
# grammar, comparisons across drafts) still see every draft, in this process.
CHUNK = 16  # drafts per task: an even split between workers, and a progress bar that moves
_worker_linters: dict[int, Linter] = {}


def lint_batch(linter: Linter, drafts: list[Draft], notes: Mapping[str, Any] | None = None, *,
               pool=None, progress: Callable[[int], None] | None = None) -> list[list[Diagnostic]]:
    """`linter.lint(drafts)`, with a progress callback and, given a process pool, in parallel; same result."""
    if pool is None and progress is None:
        return linter.lint(drafts, notes)
    batch = [r for r in linter.enabled if hasattr(r.engine(), "check_batch")]
    per_file = [r for r in linter.enabled if r not in batch]
    starts = range(0, len(drafts), CHUNK)
    results: list[list[Diagnostic]] = [[] for _ in drafts]
    if pool is None:
        done = ((s, linter.lint(drafts[s:s + CHUNK], notes, per_file), {}) for s in starts)
    else:
        from concurrent.futures import as_completed

        args = (id(linter), linter.config, linter.select, linter.ignore, linter.overrides, notes)
        futures = [pool.submit(_lint_chunk, s, drafts[s:s + CHUNK], *args) for s in starts]
        done = (f.result() for f in as_completed(futures))
    for start, found, unavailable in done:
        for k, diags in enumerate(found):
            results[start + k] = [replace(d, extra=MappingProxyType(dict(d.extra))) for d in diags]
        linter.unavailable.update(unavailable)
        if progress:
            progress(len(found))
    if batch:
        for k, diags in enumerate(linter.lint(drafts, notes, batch)):
            results[k] = drop_deferred(sorted(set(results[k] + diags)), linter.rules)
    return results


def _lint_chunk(start, drafts, key, config, select, ignore, overrides, notes):
    """In a worker: the per-file rules over one chunk; diagnostics made picklable (plain dict extra)."""
    linter = _worker_linters.get(key) or _worker_linters.setdefault(key, Linter(config, select, ignore, overrides))
    per_file = [r for r in linter.enabled if not hasattr(r.engine(), "check_batch")]
    found = linter.lint(drafts, notes, per_file)
    return start, [[replace(d, extra=dict(d.extra)) for d in diags] for diags in found], dict(linter.unavailable)


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
            found = lint_batch(linter, [drafts[i] for i in members], notes, pool=pool, progress=progress)
            for i, diags in zip(members, found):
                report.files[i].diagnostics = diags
            report.unavailable.update(linter.unavailable)
            if stats:  # --stats: after the findings, since the readiness score is made from them
                from .stats import compute

                for i in members:
                    report.files[i].stats = compute(drafts[i], report.files[i].diagnostics, linter,
                                                    notes_mod.for_draft(notes, drafts[i]))
    if fail_on:
        report.fail_on = fail_on
    return report
