"""`python -m followup_lint`: the same command line as `followup-lint`."""

from .engine import main

if __name__ == "__main__":
    main()
