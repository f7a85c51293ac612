"""`kg push`: copy the graph, named graphs kept, into another triple store over HTTP.

Two ways in, both W3C standards that Fuseki, Oxigraph server, GraphDB, Virtuoso and others speak:

* the SPARQL 1.1 Graph Store HTTP Protocol (default): one `PUT URL?graph=<article>` a named graph,
  Turtle in the body, and `PUT URL?default` for the default graph if the store has one. PUT
  replaces the graph, so pushing twice leaves the same data, not twice the data.
* SPARQL 1.1 Update (`mode="update"`): `INSERT DATA { GRAPH <g> { … } }` in batches of
  `batch` triples, the first batch of each graph preceded by `DROP SILENT GRAPH <g>` so it also
  replaces. For endpoints that have no Graph Store Protocol.

HTTP is the standard library's urllib.request (no new dependency). Credentials come from the
environment only: `KG_PUSH_TOKEN` (a Bearer token), `KG_PUSH_USER` + `KG_PUSH_PASSWORD` (basic
auth), or `header_env=NAME` naming a variable that holds a whole `Header: value` line. They never
appear in messages.
"""
from __future__ import annotations

import base64
import os
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Mapping

import pyoxigraph as ox

from kg.errors import PushError, UsageError
from kg.rdf.namespace import PREFIXES
from kg.store import Store

MODES = ("gsp", "update")
DEFAULT_BATCH = 5000

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class PushReport:
    url: str
    mode: str
    graphs: int
    triples: int


def auth_headers(environ: Mapping[str, str] | None = None, *, header_env: str | None = None) -> dict[str, str]:
    """HTTP headers for authentication, from environment variables only.

    >>> auth_headers({"KG_PUSH_TOKEN": "abc"})
    {'Authorization': 'Bearer abc'}
    >>> auth_headers({"KG_PUSH_USER": "kg", "KG_PUSH_PASSWORD": "pw"})
    {'Authorization': 'Basic a2c6cHc='}
    """
    env = os.environ if environ is None else environ
    headers: dict[str, str] = {}
    if header_env:
        line = env.get(header_env)
        if not line:
            raise UsageError(f"--header-env {header_env}: that environment variable is not set")
        name, sep, value = line.partition(":")
        if not sep or not name.strip() or any(c in name for c in " \t\r\n") or "\n" in value or "\r" in value:
            raise UsageError(f"--header-env {header_env}: the variable must hold one header line, 'Name: value'")
        headers[name.strip()] = value.strip()
    token = env.get("KG_PUSH_TOKEN")
    user, password = env.get("KG_PUSH_USER"), env.get("KG_PUSH_PASSWORD")
    if token and user:
        raise UsageError("set KG_PUSH_TOKEN or KG_PUSH_USER/KG_PUSH_PASSWORD, not both")
    if token:
        headers.setdefault("Authorization", f"Bearer {token}")
    elif user:
        if password is None:
            raise UsageError("KG_PUSH_USER is set but KG_PUSH_PASSWORD is not")
        basic = base64.b64encode(f"{user}:{password}".encode("utf-8")).decode("ascii")
        headers.setdefault("Authorization", f"Basic {basic}")
    return headers


def check_url(url: str) -> str:
    """The endpoint URL, refused (one line, naming it) if it is not a well-formed http(s) URL, has a
    port out of range, or carries credentials; so nothing is read from the store for a typo."""
    shown = " ".join(url.split()) or repr(url)
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port  # ValueError when out of range or not a number
    except ValueError as e:
        why = str(e) or "cannot be split into scheme, host and path"
        raise UsageError(f"{shown}: not a valid URL ({why[0].lower()}{why[1:]})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{shown}: give an http:// or https:// URL of the store's endpoint")
    if any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        raise UsageError(f"{url!r}: a URL cannot hold spaces or control characters (write a space as %20)")
    if port == 0:
        raise UsageError(f"{shown}: port 0 is not a port a store listens on")
    if parts.username or parts.password:
        raise UsageError("credentials in the URL are refused (they would show in the shell history); "
                         "set KG_PUSH_TOKEN or KG_PUSH_USER/KG_PUSH_PASSWORD instead")
    return url


def _graphs(store: Store, *, union: bool = False) -> dict[ox.NamedNode | ox.BlankNode | ox.DefaultGraph, list[ox.Triple]]:
    """Triples by graph, graphs and triples sorted, so a push sends the same bytes each time.

    With `union`, the default graph is the union of all graphs (each triple once)."""
    by: dict = defaultdict(list)
    for q in store.quads():
        by[q.graph_name].append(ox.Triple(q.subject, q.predicate, q.object))
    if union:
        by[ox.DefaultGraph()] = store.union_triples()
    return {g: sorted(by[g], key=str) for g in sorted(by, key=lambda g: (not isinstance(g, ox.DefaultGraph), str(g)))}


def _with_param(url: str, param: str) -> str:
    return url + ("&" if urllib.parse.urlsplit(url).query else "?") + param


def _name(graph: object) -> str:
    return "the default graph" if isinstance(graph, ox.DefaultGraph) else f"<{graph.value}>"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Never follow a redirect: urllib would send the credentials to whatever host it names and turn
    a POST into a bodiless GET, so a push "succeeded" with nothing delivered. A 3xx is an error."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001, ANN201, PLR0913
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def _send(url: str, *, method: str, body: bytes, content_type: str, headers: Mapping[str, str], timeout: float,
          endpoint: str, what: str) -> None:
    req = urllib.request.Request(url, data=body, method=method,
                                 headers={**headers, "Content-Type": content_type, "User-Agent": "zhengwu-kg push"})
    try:
        with _OPENER.open(req, timeout=timeout) as resp:
            resp.read()
    except urllib.error.HTTPError as e:
        if 300 <= e.code < 400:
            raise PushError(_redirect_problem(endpoint, e, what)) from None
        raise PushError(_http_problem(endpoint, e, method, what)) from None
    except urllib.error.URLError as e:
        raise PushError(_net_problem(endpoint, e.reason, timeout)) from None
    except (OSError, ssl.SSLError) as e:  # timeouts while reading, resets
        raise PushError(_net_problem(endpoint, e, timeout)) from None


def _redirect_problem(url: str, e: urllib.error.HTTPError, what: str) -> str:
    to = " ".join((e.headers.get("Location") or "").split())[:300] if e.headers else ""
    target = urllib.parse.urljoin(url, to) if to else "another URL"
    return (f"{url}: {e.code} {e.reason} while sending {what}: the store redirects to {target}; "
            "kg push follows no redirect (credentials and data would go elsewhere): give that URL if you trust it")


def _net_problem(url: str, reason: object, timeout: float) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return f"{url}: connection refused; is the store running and listening there?"
    if isinstance(reason, socket.gaierror):
        return f"{url}: cannot resolve the host name ({reason.strerror or reason})"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"{url}: no answer within {timeout:g} s (raise --timeout for big graphs)"
    if isinstance(reason, ssl.SSLError):
        return f"{url}: TLS failed ({getattr(reason, 'reason', None) or reason})"
    if isinstance(reason, ConnectionResetError):
        return f"{url}: the connection was reset by the server"
    text = " ".join(str(reason).split())
    return f"{url}: cannot connect ({text or reason.__class__.__name__})"


_HINTS = {
    401: "authentication required: set KG_PUSH_TOKEN, or KG_PUSH_USER and KG_PUSH_PASSWORD",
    403: "the store refuses writes (read-only endpoint, or credentials without write access)",
    404: "no such endpoint (Graph Store Protocol: Fuseki /DATASET/data, Oxigraph /store, "
         "GraphDB /repositories/REPO/rdf-graphs/service; SPARQL Update: Fuseki /DATASET/update, Oxigraph /update)",
    405: "this URL does not accept {method}: give the Graph Store Protocol endpoint, or use --update with the update endpoint",
    413: "the request is too large for the server; try --update with a smaller --batch",
    415: "the store does not accept {ctype}",
}


def _http_problem(url: str, e: urllib.error.HTTPError, method: str, what: str) -> str:
    try:
        detail = " ".join(e.read(2000).decode("utf-8", "replace").split())[:300]
    except OSError:
        detail = ""
    hint = _HINTS.get(e.code, "").format(method=method, ctype="Turtle" if method == "PUT" else "SPARQL Update")
    if e.code >= 500:
        hint = "the store failed"
    msg = f"{url}: {e.code} {e.reason} while sending {what}"
    if hint:
        msg += f"; {hint}"
    if detail:
        msg += f" (server said: {detail})"
    return msg


def _has_bnode(t: ox.Triple) -> bool:
    return isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)


def _batches(triples: list[ox.Triple], size: int) -> list[list[ox.Triple]]:
    """Requests of at most `size` triples, except that every triple with a blank node goes in the
    first one: a blank node means the same node only within one request."""
    blank = [t for t in triples if _has_bnode(t)]
    plain = [t for t in triples if not _has_bnode(t)]
    out = [blank + plain[: max(size - len(blank), 0)]]
    rest = plain[max(size - len(blank), 0):]
    out += [rest[i:i + size] for i in range(0, len(rest), size)]
    return out


def _nt(triples: list[ox.Triple]) -> str:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def push(
    store: Store,
    url: str,
    *,
    mode: str = "gsp",
    headers: Mapping[str, str] | None = None,
    timeout: float = 60.0,
    batch: int = DEFAULT_BATCH,
    union: bool = False,
    progress: Progress | None = None,
) -> PushReport:
    """Copy every graph of `store` to the store at `url`, replacing graphs of the same names there.

    `url` is the Graph Store Protocol endpoint (mode "gsp") or the SPARQL Update endpoint
    (mode "update"). With `union`, the target's default graph is replaced by the union of all
    graphs, as kg's own store keeps it: for stores whose union-default-graph mode returns a triple
    once per graph holding it (Oxigraph server, 0.5). Raises PushError naming the URL on any
    refusal or network failure.
    """
    if mode not in MODES:
        raise UsageError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    url = check_url(url)
    headers = dict(headers or {})
    graphs = _graphs(store, union=union)
    total = len(graphs)
    triples = 0
    done = 0
    try:
        for done, (g, ts) in enumerate(graphs.items(), 1):
            _push_graph(g, ts, url, mode=mode, headers=headers, timeout=timeout, batch=batch,
                        where=f"{_name(g)} ({done} of {total} graphs)")
            triples += len(ts)
            if progress:
                progress(done, total, _name(g))
    except PushError as e:
        ok = done - 1
        said = "no graph was stored" if ok == 0 else f"{ok} of {total} graphs ({triples} triples) were stored before this"
        if mode == "update":
            said += "; the graph being sent may be partly written"
        raise PushError(f"{e} [{said}]") from None
    return PushReport(url, mode, total, triples)


def _push_graph(g: ox.NamedNode | ox.BlankNode | ox.DefaultGraph, ts: list[ox.Triple], url: str, *, mode: str,
                headers: Mapping[str, str], timeout: float, batch: int, where: str) -> None:
    """Send one graph; every request must be answered 2xx, or PushError."""
    if mode == "gsp":
        target = _with_param(url, "default" if isinstance(g, ox.DefaultGraph)
                             else "graph=" + urllib.parse.quote(g.value, safe=""))
        body = ox.serialize(ts, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        _send(target, method="PUT", body=body, content_type="text/turtle; charset=utf-8", headers=headers,
              timeout=timeout, endpoint=url, what=where)
    else:
        named = not isinstance(g, ox.DefaultGraph)
        drop = f"DROP SILENT GRAPH <{g.value}> ;\n" if named else "DROP SILENT DEFAULT ;\n"
        for i, chunk in enumerate(_batches(ts, batch)):
            data = f"GRAPH <{g.value}> {{\n{_nt(chunk)}}}" if named else _nt(chunk)
            text = (drop if i == 0 else "") + f"INSERT DATA {{\n{data}\n}}\n"
            _send(url, method="POST", body=text.encode("utf-8"), content_type="application/sparql-update",
                  headers=headers, timeout=timeout, endpoint=url, what=where)

