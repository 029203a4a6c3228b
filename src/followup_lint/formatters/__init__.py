"""Output formats: one module each, each with `render(report, stream, color)`; no registry to keep."""

from __future__ import annotations

import importlib
import os
import pkgutil


def names() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def resolve(name: str, stream) -> tuple[str, bool]:
    """`auto` picks github inside GitHub Actions, else text; colour only on a terminal."""
    color = hasattr(stream, "isatty") and stream.isatty() and "NO_COLOR" not in os.environ
    if name == "auto":
        name = "github" if os.environ.get("GITHUB_ACTIONS") == "true" and "github" in names() else "text"
    return name, color


def render(name: str, report, stream, color: bool) -> None:
    importlib.import_module(f"{__name__}.{name}").render(report, stream, color)


def counted(n: int, severity: str) -> str:
    """"1 error", "2 warnings", "3 info": every format words a count the same way (info is a mass noun)."""
    return f"{n} {severity}{'s' if n != 1 and severity != 'info' else ''}"
