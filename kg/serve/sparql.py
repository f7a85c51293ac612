"""The SPARQL 1.1 Protocol without HTTP: which format to answer in, what a read-only endpoint
refuses, and one query evaluated into a reply (status, media type, bytes, cut or not).

`kg serve` runs `execute` in worker processes (`worker_main`), so this module stays light: no web
framework, only pyoxigraph and the store.
"""
from __future__ import annotations

import io
import json
import os
import re
import signal
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

from kg.errors import KgError
from kg.serve.settings import DEFAULT_MAX_ROWS
from kg.query import QueryTooComplex, check_complexity, one_line


# -- content negotiation ------------------------------------------------------------------------

RESULT_FORMATS = {  # SELECT and ASK
    "json": (ox.QueryResultsFormat.JSON, "application/sparql-results+json"),
    "xml": (ox.QueryResultsFormat.XML, "application/sparql-results+xml"),
    "csv": (ox.QueryResultsFormat.CSV, "text/csv; charset=utf-8"),
    "tsv": (ox.QueryResultsFormat.TSV, "text/tab-separated-values; charset=utf-8"),
}
GRAPH_FORMATS = {  # CONSTRUCT and DESCRIBE
    "turtle": (ox.RdfFormat.TURTLE, "text/turtle; charset=utf-8"),
    "ntriples": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
    "rdfxml": (ox.RdfFormat.RDF_XML, "application/rdf+xml"),
}
_RESULT_NAMES = {
    "application/sparql-results+json": "json", "application/json": "json", "json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml", "xml": "xml",
    "text/csv": "csv", "csv": "csv", "text/tab-separated-values": "tsv", "tsv": "tsv",
}
_GRAPH_NAMES = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/turtle": "turtle",
    "turtle": "turtle", "ttl": "turtle",
    "application/n-triples": "ntriples", "text/plain": "ntriples", "nt": "ntriples", "ntriples": "ntriples",
    "n-triples": "ntriples",
    "application/ld+json": "jsonld", "application/json": "jsonld", "jsonld": "jsonld", "json-ld": "jsonld",
    "json": "jsonld",
    "application/rdf+xml": "rdfxml", "application/xml": "rdfxml", "text/xml": "rdfxml", "xml": "rdfxml",
    "rdf+xml": "rdfxml",
}


def negotiate(kind: str, accept: str | None, formats: tuple[str, ...] = ()) -> str | None:
    """The format to answer in: a `format=`/`output=` value if one is known, else the best `Accept`.

    `kind` is "results" (SELECT/ASK) or "graph" (CONSTRUCT/DESCRIBE); None means 406.

    >>> negotiate("results", "text/csv;q=0.5, application/sparql-results+xml")
    'xml'
    >>> negotiate("graph", "*/*")
    'turtle'
    """
    names, default = (_RESULT_NAMES, "json") if kind == "results" else (_GRAPH_NAMES, "turtle")
    for f in formats:
        if f.strip().lower() in names:
            return names[f.strip().lower()]
    if not accept or not accept.strip():
        return default
    ranges = []
    for i, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for p in params:
            k, _, v = p.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranges.append((-q, i, media.lower()))
    for _, _, media in sorted(ranges):
        if media in names:
            return names[media]
        if media == "*/*":
            return default
        if media.endswith("/*"):
            major = media[:-1]
            for mt, name in names.items():
                if mt.startswith(major):
                    return name
    return None


# -- what a read-only endpoint refuses ----------------------------------------------------------

_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_OPAQUE = re.compile(  # long strings, strings, IRIs, comments: where keywords cannot be
    r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\s]*>|#[^\n]*',
    re.S,
)
_FIRST_WORD = re.compile(r"\s*(?:(?:BASE\s*<>|PREFIX\s+[^\s:]*:\s*<>)\s*)*([A-Za-z]+)", re.I)
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:-])", re.I)


def _scrub(text: str) -> str:
    return _OPAQUE.sub(lambda m: " " if m.group(0).startswith("#") else ("<>" if m.group(0).startswith("<") else '""'), text)


def refusal(text: str) -> str | None:
    """Why this read-only endpoint refuses `text` (SPARQL Update or SERVICE), or None.

    >>> refusal("PREFIX ex: <http://ex/#> INSERT DATA { ex:a ex:b ex:c }")
    'SPARQL Update (INSERT) is refused: this endpoint is read-only'
    >>> refusal('SELECT * WHERE { ?s ?p "SERVICE" }') is None
    True
    """
    bare = _scrub(text)
    m = _FIRST_WORD.match(bare)
    if m and m.group(1).upper() in _UPDATE_WORDS:
        return f"SPARQL Update ({m.group(1).upper()}) is refused: this endpoint is read-only"
    if _SERVICE.search(bare):
        return "SERVICE (federated query) is disabled on this endpoint"
    return None


# -- what no worker should be asked to parse ------------------------------------------------------


def complexity_refusal(text: str) -> str | None:
    """Why `text` is refused before parsing (nested or long past kg.query's limits), or None.

    The parser and the evaluator recurse once a level: `{` x 3000 or `(` x 20000 overflow the
    stack and kill the process (SIGSEGV, no message). kg.query.check_complexity is the check
    `kg query` makes; the server makes the same one before a worker sees the query.
    """
    try:
        check_complexity(text, "query")
    except QueryTooComplex as e:
        return str(e)
    return None


# -- evaluating one query (in a worker process) -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Job:
    """One request as a worker needs it: the query, what the client accepts, the dataset, the row limit."""

    query: str
    accept: str | None = None
    formats: tuple[str, ...] = ()
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int = DEFAULT_MAX_ROWS


@dataclass(frozen=True, slots=True)
class Reply:
    """What goes back: HTTP status, media type, body, and whether the result was cut at the row limit."""

    status: int
    media_type: str
    body: bytes
    truncated: bool = False


def text_reply(status: int, message: str) -> Reply:
    """A plain-text reply: errors, one line."""
    return Reply(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


def _term_json(t: object) -> dict:
    """A term as a SPARQL 1.1 JSON results binding."""
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
            if getattr(t, "direction", None):
                d["its:dir"] = str(t.direction.value if hasattr(t.direction, "value") else t.direction)
        elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            d["datatype"] = t.datatype.value
        return d
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {k: _term_json(getattr(t, k)) for k in ("subject", "predicate", "object")}}
    raise TypeError(f"not an RDF term: {t!r}")


def _results_reply(doc: dict, key: str, truncated: bool) -> Reply:
    fmt, media = RESULT_FORMATS[key]
    if key == "json":
        if truncated:
            doc["kg:truncated"] = True
        return Reply(200, media, json.dumps(doc, ensure_ascii=False).encode("utf-8"), truncated)
    buf = io.BytesIO()
    ox.parse_query_results(json.dumps(doc), ox.QueryResultsFormat.JSON).serialize(buf, fmt)
    return Reply(200, media, buf.getvalue(), truncated)


def execute(store, job: Job) -> Reply:  # noqa: ANN001
    """Evaluate `job` on a kg Store: union default graph unless `default-graph-uri` names graphs."""
    from kg.rdf.namespace import PREFIXES

    try:
        kw: dict = {}
        if job.default_graphs:
            kw["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
        if job.named_graphs:
            kw["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    except ValueError as e:
        return text_reply(400, f"bad default-graph-uri or named-graph-uri: {one_line(e)}")
    try:
        result = store.query(job.query, **kw)
        if isinstance(result, ox.QueryTriples):
            key = negotiate("graph", job.accept, job.formats)
            if key is None:
                return text_reply(406, "CONSTRUCT/DESCRIBE results come as " + ", ".join(m for _, m in GRAPH_FORMATS.values()))
            triples = list(islice(result, job.max_rows + 1))
            cut = len(triples) > job.max_rows
            fmt, media = GRAPH_FORMATS[key]
            prefixes = PREFIXES if key == "turtle" else None
            return Reply(200, media, ox.serialize(triples[: job.max_rows], format=fmt, prefixes=prefixes), cut)
        key = negotiate("results", job.accept, job.formats)
        if key is None:
            return text_reply(406, "SELECT/ASK results come as " + ", ".join(m for _, m in RESULT_FORMATS.values()))
        if isinstance(result, (bool, ox.QueryBoolean)):
            return _results_reply({"head": {}, "boolean": bool(result)}, key, False)
        variables = [v.value for v in result.variables]
        rows = list(islice(result, job.max_rows + 1))
        cut = len(rows) > job.max_rows
        bindings = [{v: _term_json(s[v]) for v in variables if s[v] is not None} for s in rows[: job.max_rows]]
        return _results_reply({"head": {"vars": variables}, "results": {"bindings": bindings}}, key, cut)
    except SyntaxError as e:
        return text_reply(400, f"malformed SPARQL: {one_line(e)}")
    except (OSError, ValueError, RuntimeError, TypeError) as e:
        return text_reply(500, f"query failed: {one_line(e)}")


def worker_main(store_path: str, conn) -> None:  # noqa: ANN001
    """A worker process: open the store read-only, then answer Jobs until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the server stops us
    from kg.store import Store

    try:
        store = Store(store_path, read_only=True)
    except KgError as e:
        conn.send(("error", str(e)))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = execute(store, job)
        except Exception as e:  # noqa: BLE001 - a worker must answer, whatever happened
            reply = text_reply(500, f"query failed: {one_line(e)}")
        try:
            conn.send(reply)
        except OSError:
            return
