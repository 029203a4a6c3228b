"""Load the enabled rules, run them over drafts, stamp rule id, severity and line:column, sort."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from . import nlp as nlp_mod
from .checks import CheckUnavailable
from .config import Config, ConfigError, rule_settings
from .diagnostic import Diagnostic, Finding
from .draft import Draft
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
                raise ConfigError(f"{where}: unknown rule or tag '{name}' (see `followup-lint rules`)")
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
    def lint(self, drafts: list[Draft], notes: Mapping[str, Any] | None = None) -> list[list[Diagnostic]]:
        """Diagnostics for each draft, in order; the spaCy Doc is built once per draft, in one batch."""
        nlp = self.nlp()
        if nlp is not None:
            nlp_mod.parse(nlp, [d for d in drafts if d.doc is None])
        results: list[list[Diagnostic]] = [[] for _ in drafts]
        for rule in self.enabled:
            options = self.options(rule)
            todo = [(i, d) for i, d in enumerate(drafts) if rule.id not in self._suppressed(d)]
            if not todo:
                continue
            ctxs = [Context(d, options, rule, self.config.mode, nlp, notes) for _, d in todo]
            try:
                found = run_engine(rule, ctxs)
            except CheckUnavailable as exc:
                self.unavailable[rule.id] = str(exc)
                continue
            severity = self.severity(rule)
            for (i, draft), findings in zip(todo, found):
                results[i].extend(stamp(draft, rule, severity, f) for f in findings)
        return [sorted(set(r)) for r in results]

    def _suppressed(self, draft: Draft) -> set[str]:
        front = draft.meta.get("followup-lint") or {}
        ignored = front.get("ignore", []) if isinstance(front, dict) else []
        return set(ignored) | self.config.ignored_for(draft.path)


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
    message = f.message or rule.message.format(text=text, **f.extra)
    return Diagnostic(
        path=draft.path, line=line, column=col, end_line=end_line, end_column=end_col, rule=rule.id,
        severity=severity, message=message, text=text, suggestions=tuple(f.suggestions),
        extra=f.extra, start=start, end=end, fix=f.fix and bool(f.suggestions),
    )


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
):
    """Lint files (each with the config found upward from it) and return a Report."""
    from pathlib import Path

    from . import config as config_mod
    from .draft import InputError, read
    from .report import FileReport, Report

    report = Report()
    drafts: dict[int, Draft] = {}
    groups: dict[Any, list[int]] = {}
    for i, path in enumerate(paths):
        report.files.append(FileReport(stdin_name if path == "-" else path))
        try:
            drafts[i] = read(stdin_name, stdin) if path == "-" else read(path)
        except InputError as exc:
            report.files[i].error = str(exc)
            continue
        where = Path.cwd() if path == "-" else Path(path).resolve().parent
        cfg = config_path or config_mod.discover(where)
        groups.setdefault(cfg, []).append(i)
    for cfg_path, members in groups.items():
        cfg = config_mod.load(cfg_path)
        linter = Linter(cfg, select, ignore, overrides or {})
        report.rules.update(linter.rules)
        report.fail_on = fail_on or cfg.fail_on
        for i, diags in zip(members, linter.lint([drafts[i] for i in members])):
            report.files[i].diagnostics = diags
        report.unavailable.update(linter.unavailable)
    if fail_on:
        report.fail_on = fail_on
    return report
