"""A JSON array, one object per finding (the README's "JSON output", schema version 2); with --stats, an object
per file holding its stats and findings (docs/stats.md)."""

from __future__ import annotations

import json

SCHEMA_VERSION = 2  # the README's "JSON output" section documents each version


def render(report, stream, color: bool) -> None:
    items = [d.to_dict() for d in report.diagnostics]
    if report.with_stats:  # --stats: an object per file (docs/stats.md); the plain array stays the default
        items = {"version": SCHEMA_VERSION, "files": [_file(f) for f in report.files]}
    json.dump(items, stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def _file(f) -> dict:
    out = {"path": f.path, "stats": f.stats, "diagnostics": [d.to_dict() for d in f.diagnostics]}
    if f.error:
        out["error"] = f.error
    return out
