"""`kg query`: SPARQL over the store, inline, from a file, or by name."""
from __future__ import annotations

import re
from pathlib import Path

import click

from kg.cli.options import open_for_reading
from kg.cli.options import store_option


@click.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "file", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Read the query from a .rq file.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True)
@click.option("--list", "list_", is_flag=True, help="List the named queries in ontology/queries/.")
@click.option("--bind", "binds", multiple=True, metavar="VAR=VALUE",
              help="Bind a variable (repeatable): VALUE is <IRI>, prefix:name (zwid:person/李亚) or a string.")
@store_option
def command(query: str | None, file: Path | None, fmt: str, list_: bool, binds: tuple[str, ...], store: Path | None) -> None:
    """Run a SPARQL 1.1 query (the contract's prefixes are pre-declared).

    QUERY is SPARQL text or the name of a query in ontology/queries/ (see --list).

    Example:

        kg query "SELECT ?name WHERE { ?p a zw:Person ; rdfs:label ?name }" --format csv

        kg query person_neighbourhood --bind person=zwid:person/李亚

    A bound value is passed to the engine as a term, never pasted into the query text.
    """
    from kg.errors import KgError, UsageError
    from kg.query import format_results, named_queries, queries_dir, run

    named = named_queries()
    if list_:
        if not named:
            click.echo(f"No named queries in {queries_dir()}.", err=True)
        width = max((len(n) for n in named), default=0)
        for n, q in named.items():
            click.echo(f"{n:<{width}}  {q.description}")
        return
    if (query is None) == (file is None):
        raise UsageError("give a QUERY or -f FILE (one of them)")
    if file is not None:
        text, label = file.read_text("utf-8"), str(file)
    elif query in named:
        text, label = named[query].text, query
    elif re.fullmatch(r"[\w.-]+", query):  # a name, not SPARQL: say so instead of a parser error
        raise KgError(f"no named query {query!r} in ontology/queries/ (see `kg query --list`)")
    else:
        text, label = query, "query"
    from kg.query import parse_bindings

    substitutions = parse_bindings(binds) if binds else None
    with open_for_reading(store) as s:
        result = run(s, text, label=label, substitutions=substitutions)
        click.echo(format_results(result, fmt, label=label), nl=False)
