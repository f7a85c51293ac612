"""`kg export`: write the graph in a format other stores and tools load."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import open_for_reading
from kg.cli.options import store_option
from kg.export import FORMATS


@click.command()
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="ttl", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Output file (default: exports/graph.<suffix>).")
@store_option
def command(fmt: str, output: Path | None, store: Path | None) -> None:
    """Export the graph: ttl/nt (the union of all graphs) or nq/trig/jsonld (one named graph per article).

    Example:

        kg export --format nq -o archive.nq
    """
    from kg.export import export

    f = FORMATS[fmt]
    output = output or Path("exports") / f"graph{f.suffix}"
    with open_for_reading(store) as s:
        export(s, fmt, output)
    click.echo(f"Wrote {output}")
