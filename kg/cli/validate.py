"""`kg validate`: the SHACL shapes of ontology/shapes.ttl against the graph."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import open_for_reading
from kg.cli.options import store_option


@click.command()
@click.option("--shapes", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Shapes file (default: ontology/shapes.ttl).")
@store_option
def command(shapes: Path | None, store: Path | None) -> None:
    """Validate the graph against the SHACL shapes; exit 1 if it does not conform.

    Example:

        kg validate --store .kg/store
    """
    from kg.validate import union_graph, validate

    with open_for_reading(store) as s:
        graph = union_graph(s)
    report = validate(graph, shapes_path=shapes)
    click.echo(report.text())
    if not report.conforms:
        raise SystemExit(1)
