"""Errors the library raises; their messages name the file or query at fault and say what to do.

Only cli.py turns them into exit codes (KgError -> 1, UsageError -> 2).
"""
from __future__ import annotations


class KgError(Exception):
    """A user error: bad input, bad query, unreachable endpoint. One line, no traceback."""


class InputError(KgError):
    """An input file cannot be read or is not text."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class QueryError(KgError):
    """A SPARQL query is malformed or refused."""


class StoreError(KgError):
    """The store directory cannot be opened or written."""


class PushError(KgError):
    """Another triple store refused or could not be reached."""


class UsageError(KgError):
    """Bad combination of options (exit status 2)."""
