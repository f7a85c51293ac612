"""`kg push`: load the graph, named graphs kept, into another triple store over HTTP."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import open_for_reading
from kg.cli.options import progress_bar
from kg.cli.options import store_option


@click.command()
@click.argument("url")
@click.option("--graph-store-protocol", "mode", flag_value="gsp", default=True,
              help="PUT each named graph to URL?graph=… (SPARQL 1.1 Graph Store Protocol; the default).")
@click.option("--update", "mode", flag_value="update",
              help="POST INSERT DATA { GRAPH … } batches to a SPARQL 1.1 Update endpoint instead.")
@click.option("--header-env", metavar="NAME", default=None,
              help="Name of an environment variable holding one 'Header: value' line to send (e.g. an API key).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="Seconds to wait for each request.")
@click.option("--batch", type=click.IntRange(min=1), default=5000, show_default=True,
              help="Triples per request with --update.")
@click.option("--union", is_flag=True,
              help="Also replace the target's default graph with the union of all graphs (for Oxigraph server).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@store_option
def command(url: str, mode: str, header_env: str | None, timeout: float, batch: int, union: bool, quiet: bool,
            store: Path | None) -> None:
    """Push the graph into another store at URL, one named graph per article, replacing graphs of the same name.

    URL is the store's Graph Store Protocol endpoint (Fuseki: http://HOST:3030/DATASET/data;
    Oxigraph: http://HOST:7878/store; GraphDB: http://HOST:7200/repositories/REPO/rdf-graphs/service),
    or with --update its SPARQL Update endpoint. Credentials come from the environment only:
    KG_PUSH_TOKEN (Bearer), KG_PUSH_USER and KG_PUSH_PASSWORD (basic), or --header-env NAME.
    A redirect is never followed (it would take the credentials elsewhere): it is an error naming
    where it points. For Oxigraph server add --union, or its default graph stays empty.

    Example:

    \b
        KG_PUSH_USER=admin KG_PUSH_PASSWORD="$(cat ~/.fuseki-password)" kg push http://localhost:3030/kg/data
        kg push --union http://127.0.0.1:7878/store
    """
    from kg.push import auth_headers, check_url, push

    check_url(url)
    headers = auth_headers(header_env=header_env)
    with open_for_reading(store) as s, progress_bar("Pushing", quiet=quiet) as progress:
        report = push(s, url, mode=mode, headers=headers, timeout=timeout, batch=batch, union=union, progress=progress)
    how = "Graph Store Protocol" if report.mode == "gsp" else "SPARQL Update"
    click.echo(f"Pushed {report.triples} triples in {report.graphs} graphs to {report.url} ({how}).")
