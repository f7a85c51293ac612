"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over the store, plus a query page and the views."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import open_for_reading
from kg.cli.options import store_option
from kg.serve.settings import (CLIENT_TIMEOUT, DEFAULT_HOST, DEFAULT_MAX_ROWS, DEFAULT_PORT, DEFAULT_TIMEOUT,
                               DEFAULT_WORKERS, MAX_CONNECTIONS)


@click.command()
@store_option
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on (loopback unless --allow-remote).")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True, help="Port (0 = any free port).")
@click.option("--allow-remote", is_flag=True, help="Allow a non-loopback --host: anyone who can reach it can query.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds a query may run before it is stopped (503).")
@click.option("--max-rows", type=click.IntRange(min=1), default=DEFAULT_MAX_ROWS, show_default=True,
              help="Rows (or triples) a result is cut at; a cut result has the header X-KG-Truncated: true.")
@click.option("--workers", type=click.IntRange(min=1), default=DEFAULT_WORKERS, show_default=True,
              help="Query worker processes (queries running at once).")
@click.option("--exports", "exports_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("exports"),
              show_default=True, help="Where graph.html is found if kg.views is not available.")
@click.option("--client-timeout", type=click.FloatRange(min=0.1), default=CLIENT_TIMEOUT, show_default=True,
              help="Seconds a client has to send a request's headers (from connecting or its previous answer), "
                   "and again its body; past it 408 and the connection is closed. A download left unread "
                   "three times as long is dropped.")
@click.option("--max-connections", type=click.IntRange(min=1), default=MAX_CONNECTIONS, show_default=True,
              help="Open connections; past it the oldest idle one is closed (503 only if all are busy).")
@click.option("-q", "--quiet", is_flag=True, help="No access log.")
def command(store: Path | None, host: str, port: int, allow_remote: bool, timeout: float, max_rows: int, workers: int,
            exports_dir: Path, client_timeout: float, max_connections: int, quiet: bool) -> None:
    """Serve the graph over the SPARQL 1.1 Protocol at /sparql (read-only), with a query page at /.

    GET /sparql?query=…, or POST a form or application/sparql-query. Results follow the Accept
    header: SPARQL JSON, XML, CSV or TSV for SELECT/ASK; Turtle, N-Triples, JSON-LD or RDF/XML for
    CONSTRUCT/DESCRIBE. The default graph is the union of all graphs; GRAPH reaches each article.
    SPARQL Update and SERVICE are refused (403). Also /view (network view), /export/FORMAT, /health.

    Example:

    \b
        kg serve --port 7878 &
        curl -H 'Accept: text/csv' --data-urlencode \\
          'query=SELECT ?name WHERE { ?p a zw:Person ; rdfs:label ?name }' http://127.0.0.1:7878/sparql
    """
    from kg.serve.app import ServeOptions, is_loopback, serve

    with open_for_reading(store) as s:  # fail early, with the usual message, if there is no store
        path = s.path
    if allow_remote and not is_loopback(host):
        click.echo(f"Warning: serving on {host}, reachable from other machines; the endpoint has no authentication.",
                   err=True)
    opts = ServeOptions(host=host, port=port, allow_remote=allow_remote, timeout=timeout, max_rows=max_rows,
                        workers=workers, exports_dir=exports_dir, access_log=not quiet,
                        client_timeout=client_timeout, max_connections=max_connections)
    serve(path, opts, announce=lambda line: click.echo(line) or click.get_text_stream("stdout").flush())
