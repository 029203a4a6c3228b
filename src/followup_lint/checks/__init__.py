"""Python checks: one module per rule whose logic needs spaCy or a server (see rules/*.yml)."""


class CheckUnavailable(Exception):
    """A check cannot run (e.g. its server is down); the message says why and how to fix it."""
