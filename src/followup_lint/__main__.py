"""`python -m followup_lint`: the `followup-lint` command."""

from .engine import main

main()
