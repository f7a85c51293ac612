"""`kg remove`: drop a file's articles and their graphs from the store."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import open_for_writing, store_option


@click.command()
@click.argument("files", nargs=-1, required=True)
@store_option
def command(files: tuple[str, ...], store: Path | None) -> None:
    """Remove files (by path or file name) from the store. Entities other files name survive.

    Example:

        kg remove seeds/000_db331fe8dac00418.txt
    """
    from kg.errors import KgError

    missing = []
    with open_for_writing(store) as s:
        if s.recovered:
            click.echo(f"Removed {len(s.recovered)} file(s) partly loaded by an interrupted build; `kg build` redoes them.")
        for f in files:
            name = Path(f).name
            # a name that is not valid UTF-8 is recorded with \xff escapes: the path given works too
            escaped = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            if s.remove_source(name) or (escaped != name and s.remove_source(escaped)):
                click.echo(f"Removed {escaped}")
            else:
                missing.append(escaped)
    if missing:
        raise KgError(f"not in the store: {', '.join(missing)} (see `kg query` on zw:SourceFile for what is)")
