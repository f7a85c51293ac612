"""What the `kg` subcommands share: the --store option, opening stores, the progress bar."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TypeVar

import click

F = TypeVar("F", bound=Callable)


def store_option(f: F) -> F:
    """`--store DIR`: the store directory (default .kg/store, or $KG_STORE)."""
    return click.option(
        "--store", "store", type=click.Path(file_okay=False, path_type=Path), default=None, envvar="KG_STORE",
        help="Store directory (default: .kg/store, or $KG_STORE).",
    )(f)


def open_for_reading(store: Path | None):  # noqa: ANN201
    """The store at `store` (or the default), opened read-only through `kg.open_store`."""
    from kg import open_store

    return open_store(store).store


def open_for_writing(store: Path | None):  # noqa: ANN201
    """The existing store at `store` (or the default), opened for writing through `kg.open_store`."""
    from kg import open_store

    return open_store(store, read_only=False).store


def writer_of(store: Path | None) -> str | None:
    """Who holds the write lock of the store (`kg pid N …`), or None: a build or `kg remove` running."""
    import fcntl

    from kg.store import default_store

    lock = (store if store is not None else default_store()) / "kg.lock"
    try:
        fh = open(lock)
    except OSError:
        return None
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return fh.read().strip() or "another process"
        fcntl.flock(fh, fcntl.LOCK_UN)
    return None


def wait_for_writer(store: Path | None, *, wait: bool = True, poll: float = 0.2) -> None:
    """Before reading the whole store (an export): while a build writes it, a read sees only the
    files loaded so far. Wait for the writer to finish, saying so on stderr; or, with `wait=False`,
    warn that the result is partial."""
    import time

    holder = writer_of(store)
    if holder is None:
        return
    where = store if store is not None else "the store"
    if not wait:
        click.echo(f"Warning: {where} is being written by {holder}; this export holds only what it has "
                   "loaded so far", err=True)
        return
    click.echo(f"Waiting for {holder} to finish writing {where} (Ctrl-C to stop; --no-wait to export what "
               "is there now)…", err=True)
    while writer_of(store) is not None:
        time.sleep(poll)


@contextmanager
def progress_bar(label: str, *, quiet: bool = False) -> Iterator[Callable[[int, int, str], None]]:
    """A `progress(done, total, name)` callback drawing click's bar on stderr, opened on first use
    (so a run of one item, or `--quiet`, prints nothing) and always closed. A call with the same
    `done` again only changes the name shown (a closing step: "compacting the store")."""
    bar = None

    def progress(done: int, total: int, name: str) -> None:
        nonlocal bar
        if quiet or total < 2:
            return
        if bar is None:
            bar = click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True,
                                    item_show_func=lambda n: n)
            bar.__enter__()
        if done > bar.pos:
            bar.update(done - bar.pos, name)
        else:  # a closing step: same position, a new name
            bar.current_item = name
            bar.render_progress()

    try:
        yield progress
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
