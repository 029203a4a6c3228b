"""The one result type: a Diagnostic, plus the offset-based Finding that checks yield."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}

_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class Finding:
    """What a rule reports: character offsets into `Draft.text` (end exclusive)."""

    start: int
    end: int
    args: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)  # fields of the message template
    message: str | None = None  # which of the rule's `messages` to use; None: its `message`
    suggestions: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)  # rule-specific JSON fields (lt_rule, ...)
    fix: bool = False  # True: the first suggestion is safe to apply without a human


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding, placed in the original file (1-based line/column in code points)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str = field(compare=True)
    severity: str = field(compare=False, default="warning")
    message: str = field(compare=True, default="")  # two problems on one span are two diagnostics
    text: str = field(compare=False, default="")
    suggestions: tuple[str, ...] = field(compare=False, default=())
    extra: Mapping[str, Any] = field(compare=False, default_factory=lambda: _EMPTY)
    # offsets into the original file's decoded text, for --fix and editors
    start: int = field(compare=False, default=0)
    end: int = field(compare=False, default=0)
    fix: bool = field(compare=False, default=False)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "path": self.path,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "text": self.text,
            "suggestions": list(self.suggestions),
            "fixable": self.fix,
        }
        if self.extra:
            out["extra"] = dict(self.extra)
        return out
