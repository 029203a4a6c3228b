"""`python -m followup_lint`: the same command line as `followup-lint`."""

from .cli import main

if __name__ == "__main__":
    main()
