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
