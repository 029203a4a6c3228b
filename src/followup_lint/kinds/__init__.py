"""Engines for data rules: `kind:` in a rule file names a module here."""
