"""Docs come from the rules: the README's rule table is what `followup-lint rules --markdown` prints."""

from __future__ import annotations

import re

from conftest import ROOT


def test_readme_rule_table_is_current(cli):
    table = cli("rules", "--markdown").stdout.decode().strip()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- rules-table:.*?-->\n(.*?)\n<!-- end rules-table -->", readme, re.S).group(1)
    assert block.strip() == table, "README rule table is stale: run `followup-lint rules --markdown`"
