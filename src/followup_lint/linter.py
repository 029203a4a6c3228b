"""Load the enabled rules, run them over drafts, stamp rule id, severity and line:column, sort."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from . import nlp as nlp_mod
from . import notes as notes_mod
from .checks import CheckUnavailable
from .config import Config, ConfigError, rule_settings
from .diagnostic import Diagnostic, Finding
from .draft import Draft
from .hints import unknown_rule
from .rule import Rule, RuleError, load_rules


@dataclass(frozen=True)
class Context:
    """What a check sees: one draft, its rule's options, and the run's shared state (read-only)."""

    draft: Draft
    options: Mapping[str, Any]
    rule: Rule
    nlp: Any = None
    notes: Mapping[str, Any] | None = None


class Options(dict):
    """A rule's options as its check sees them: an option the check reads that the rule file does not
    declare (a user's rule naming a built-in check) is the rule file's error, not a KeyError."""

    def __init__(self, *args, rule: Rule, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rule = rule

    def __missing__(self, key):
        raise RuleError(f"{self.rule.path}: rule '{self.rule.id}' needs option '{key}' "
                        f"(check '{self.rule.check or self.rule.kind}' reads it)")


@dataclass
class Result:
    """Diagnostics per draft (in the order given) and the checks that could not run, with why."""

    diagnostics: list[list[Diagnostic]]
    unavailable: dict[str, str] = field(default_factory=dict)  # rule id -> reason


@dataclass
class Linter:
    config: Config = field(default_factory=Config)
    select: tuple[str, ...] = ()  # from the command line; replaces config's select
    ignore: tuple[str, ...] = ()  # from the command line; added to config's ignore
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)  # rule id -> options (CLI)

    def __post_init__(self) -> None:
        self.rules = load_rules(list(self.config.rule_dirs))
        self.settings = rule_settings(self.config, self.rules)
        self.enabled = self._enabled()

    # -- selection --
    def _expand(self, names: Iterable[str], where: str) -> set[str]:
        out: set[str] = set()
        for name in names:
            # a rule's id (or alias) means that rule alone, even where a tag has the same name
            hits = {r.id for r in self.rules.values() if name in (r.id, *r.aliases)}
            if not hits:
                hits = {r.id for r in self.rules.values() if name in r.tags}
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
             rules: list[Rule] | None = None) -> Result:
        """Diagnostics for each draft, in order; the spaCy Doc is built once per draft, in one batch.

        `rules`: run only these of the enabled rules (--jobs splits per-file from whole-batch rules)."""
        rules = self.enabled if rules is None else rules
        nlp = self.nlp() if any(r.nlp for r in rules) else None
        if nlp is not None:
            nlp_mod.parse(nlp, [d for d in drafts if d.doc is None])
        per_draft = [notes_mod.for_draft(notes, d) for d in drafts]  # front-matter notes over the file's
        results: list[list[Diagnostic]] = [[] for _ in drafts]
        unavailable: dict[str, str] = {}
        for rule in rules:
            options = self.options(rule)
            todo = [(i, d) for i, d in enumerate(drafts) if rule.id not in self._suppressed(d)]
            if not todo:
                continue
            ctxs = [Context(d, Options(options, rule=rule), rule, nlp, per_draft[i]) for i, d in todo]
            try:
                found = run_engine(rule, ctxs)
            except CheckUnavailable as exc:
                unavailable[rule.id] = str(exc)
                continue
            severity = self.severity(rule)
            for (i, draft), findings in zip(todo, found):
                results[i].extend(stamp(draft, rule, severity, f) for f in findings)
        return Result([drop_deferred(sorted(set(r)), self.rules) for r in results], unavailable)

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
        try:
            return [list(f) for f in engine.check_batch(ctxs)]
        except (CheckUnavailable, RuleError):
            raise
        except Exception as exc:
            _placed(exc, ctxs[0].draft.path if len(ctxs) == 1 else None, rule.id)
            raise
    out = []
    for ctx in ctxs:
        try:
            out.append(list(engine.check(ctx)))
        except (CheckUnavailable, RuleError):
            raise
        except Exception as exc:
            _placed(exc, ctx.draft.path, rule.id)
            raise
    return out


def _placed(exc: Exception, path: str | None, rule_id: str) -> None:
    """A bug in a check: say where it happened (`where`, shown by the CLI; a note in the traceback)."""
    try:
        if not hasattr(exc, "where"):
            exc.where = f"{path}: rule '{rule_id}'" if path else f"rule '{rule_id}'"
            exc.add_note(f"while linting {path or 'a batch of drafts'} with rule '{rule_id}'")
    except AttributeError:  # an exception type without a __dict__
        pass


def stamp(draft: Draft, rule: Rule, severity: str, f: Finding) -> Diagnostic:
    start, end = draft.to_source(f.start), draft.to_source(max(f.end, f.start))
    line, col = draft.line_col(start)
    end_line, end_col = draft.line_col(end)
    text = draft.text[f.start:f.end]
    message = rule.say(f.message, {**f.extra, **f.args, "text": " ".join(text.split())})
    return Diagnostic(
        path=draft.path, line=line, column=col, end_line=end_line, end_column=end_col, rule=rule.id,
        severity=severity, message=message, text=text, suggestions=tuple(f.suggestions),
        extra=f.extra, start=start, end=end, fix=f.fix and bool(f.suggestions),
    )
