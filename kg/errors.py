"""Errors the library raises; their messages name the file or query at fault and say what to do.

Only cli.py turns them into exit codes (KgError -> 1, UsageError -> 2).
"""
from __future__ import annotations

import errno


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


class OutputError(KgError):
    """An output file (an export) cannot be written."""


class PushError(KgError):
    """Another triple store refused or could not be reached."""


class UsageError(KgError):
    """Bad combination of options (exit status 2)."""


def os_reason(e: OSError) -> str:
    """One line saying what went wrong and what to do (RocksDB reports errors as text, not errno)."""
    msg = str(e)
    if e.errno == errno.ENOSPC or "No space left on device" in msg:
        return "the disk is full; free some space and run the build again (files already built are kept)"
    if e.errno == errno.EROFS or "Read-only file system" in msg:
        return "the store is on a read-only file system; choose a writable --store"
    if e.errno in (errno.EACCES, errno.EPERM) or "Permission denied" in msg:
        return "no permission to write there; choose a writable --store"
    if "lock" in msg.lower():
        return "another process has it open; wait for it or use another --store"
    return msg.splitlines()[0] if msg else e.__class__.__name__
