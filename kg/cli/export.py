"""`kg export`: write the graph in a format other stores and tools load."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import open_for_reading, store_option, wait_for_writer
from kg.export import FORMATS


@click.command()
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="ttl", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), default=None,
              help="Output file, or - for standard output (default: exports/graph.<suffix>).")
@click.option("--with-ontology", is_flag=True,
              help="Also write the ontology (zwid:graph/ontology), its blank nodes as stable IRIs.")
@click.option("--no-wait", is_flag=True,
              help="If a build is writing the store, export what it holds now instead of waiting for the build.")
@store_option
def command(fmt: str, output: Path | None, with_ontology: bool, no_wait: bool, store: Path | None) -> None:
    """Export the graph: ttl/nt (the union of all graphs) or nq/trig/jsonld (one named graph per article).

    The ontology is left out unless --with-ontology (it is in ontology/zhengwu.ttl), so loading an
    export twice into another store gives the same data, not more. While a build writes the store,
    the export waits for it (--no-wait: export what is there now, with a warning).

    Example:

    \b
        kg export --format nq -o archive.nq
        kg export --format nt -o - | wc -l
    """
    from kg.export import export, export_to

    f = FORMATS[fmt]
    to_stdout = output is not None and str(output) == "-"
    output = output or Path("exports") / f"graph{f.suffix}"
    wait_for_writer(store, wait=not no_wait)
    with open_for_reading(store) as s:
        if to_stdout:
            try:
                export_to(s, fmt, click.get_binary_stream("stdout"), with_ontology=with_ontology)
            except BrokenPipeError:  # `kg export -o - | head`: the reader stopped; not an error
                _quiet_stdout()
                return
        else:
            export(s, fmt, output, with_ontology=with_ontology)
    if not to_stdout:
        click.echo(f"Wrote {output}")


def _quiet_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so Python's final flush raises nothing."""
    import os
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
