"""A JSON array, one object per finding (schema: docs/json-schema.md, version 1)."""

from __future__ import annotations

import json


def render(report, stream, color: bool) -> None:
    items = [d.to_dict() for d in report.diagnostics]
    json.dump(items, stream, indent=2, ensure_ascii=False)
    stream.write("\n")
