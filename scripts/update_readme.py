"""Regenerate the README's rule table from the rule files (`python scripts/update_readme.py`)."""

import re
import subprocess
import sys
from pathlib import Path

readme = Path(__file__).resolve().parents[1] / "README.md"
table = subprocess.run([sys.executable, "-m", "followup_lint.cli", "rules", "--markdown"],
                       capture_output=True, text=True, check=True).stdout.strip()
text = readme.read_text(encoding="utf-8")
text = re.sub(r"(<!-- rules-table:.*?-->\n).*?(\n<!-- end rules-table -->)",
              lambda m: m.group(1) + table + m.group(2), text, flags=re.S)
readme.write_text(text, encoding="utf-8")
