"""One module a `kg` subcommand; each defines `command` (a click.Command). Shared options here."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, TypeVar

import click

F = TypeVar("F", bound=Callable)


def store_option(f: F) -> F:
    """`--store DIR`: the store directory (default .kg/store, or $KG_STORE)."""
    return click.option(
        "--store", "store", type=click.Path(file_okay=False, path_type=Path), default=None, envvar="KG_STORE",
        help="Store directory (default: .kg/store, or $KG_STORE).",
    )(f)


def open_for_reading(store: Path | None):  # noqa: ANN201
    """Open a store to read, in read-only mode if a writer holds it."""
    from ..store import Store

    return Store(store, read_only=True)
