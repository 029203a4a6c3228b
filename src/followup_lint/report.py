"""What a run produced, handed to a formatter: per-file diagnostics, input errors, unavailable checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .diagnostic import SEVERITY_RANK, Diagnostic

# Exit codes (documented in the README)
EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_UNAVAILABLE = 0, 1, 2, 3


def unavailable_line(rule_id: str, reason: str) -> str:
    """How every output says that a check could not run."""
    return f"{rule_id} check unavailable: {reason}"


@dataclass
class FileReport:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: str | None = None  # one-line input error; the file was not linted
    stats: dict[str, Any] | None = None


@dataclass
class Report:
    files: list[FileReport] = field(default_factory=list)
    unavailable: dict[str, str] = field(default_factory=dict)  # rule id -> reason
    rules: dict[str, Any] = field(default_factory=dict)  # rule id -> Rule, for formatters' metadata
    fail_on: str = "warning"
    with_stats: bool = False  # --stats: formatters show each FileReport.stats

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for f in self.files for d in f.diagnostics]

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for d in self.diagnostics:
            out[d.severity] += 1
        return out

    def exit_code(self) -> int:
        if any(f.error for f in self.files):
            return EXIT_INPUT
        if self.unavailable:
            return EXIT_UNAVAILABLE
        threshold = SEVERITY_RANK[self.fail_on]
        if any(SEVERITY_RANK[d.severity] >= threshold for d in self.diagnostics):
            return EXIT_FINDINGS
        return EXIT_OK
