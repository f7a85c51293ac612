"""`kg serve` speaks the SPARQL 1.1 Protocol to a real client (SPARQLWrapper), read-only, within limits.

One server runs for the module, on a free loopback port, over a copy of the seed store. Its row
limit is one less than the number of distinct triples, so "every triple" is cut and every other
query here fits. Expected answers come from the store itself, never from hard-coded counts.
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

SPARQLWrapper = pytest.importorskip("SPARQLWrapper")
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper as Client  # noqa: E402
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed  # noqa: E402

from kg.serve.sparql import negotiate, refusal  # noqa: E402
from kg.serve.app import bind, is_loopback, query_page  # noqa: E402
from kg.store import Store  # noqa: E402
from conftest import stop_process

pytestmark = pytest.mark.server

TIMEOUT = 1.5  # the server's per-query time limit in these tests
WORKERS = 3
RUNAWAY = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l "  # (all triples)^4
           "FILTER(STR(?c) < STR(?f) && STR(?i) != STR(?l)) }")
ALL_TRIPLES = "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }"
CLASS_COUNTS = "SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c } GROUP BY ?c"


class Server:
    def __init__(self, url: str, store: Path, proc: subprocess.Popen | None, max_rows: int) -> None:
        self.url, self.store, self.proc, self.max_rows = url, store, proc, max_rows
        self.endpoint = url + "sparql"

    def client(self, query: str, fmt: str = JSON) -> Client:
        c = Client(self.endpoint)
        c.setOnlyConneg(True)  # the Accept header alone must do
        c.setQuery(query)
        c.setReturnFormat(fmt)
        c.setTimeout(30)
        return c

    def get(self, path: str, headers: dict[str, str] | None = None, data: bytes | None = None,
            method: str | None = None) -> tuple[int, dict[str, str], bytes]:
        req = urllib.request.Request(self.url + path.lstrip("/"), data=data, headers=headers or {}, method=method)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
        except urllib.error.HTTPError as e:
            return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def _local(store: Path, query: str):  # noqa: ANN202
    """The answer through the library (no server, no limits): rows as dicts of strings, or a bool."""
    import pyoxigraph as ox

    from kg.query import run

    with Store(store, read_only=True) as s:
        r = run(s, query)
        if isinstance(r, (bool, ox.QueryBoolean)):
            return bool(r)
        names = [v.value for v in r.variables]
        return [{n: (sol[n].value if sol[n] is not None else None) for n in names} for sol in r]


@pytest.fixture(scope="module")
def server(seed_store_path: Path, tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    base = tmp_path_factory.mktemp("serve")
    store = base / "store"
    shutil.copytree(seed_store_path, store, ignore=shutil.ignore_patterns("kg.lock"))  # a builder may hold the original
    exports = base / "exports"
    exports.mkdir()
    (exports / "graph.html").write_text("<!doctype html><title>graph</title><p>fallback view</p>", "utf-8")
    max_rows = len(_local(store, ALL_TRIPLES)) - 1  # "every triple" is cut; every other query here fits
    env = dict(os.environ, no_proxy="127.0.0.1,localhost", NO_PROXY="127.0.0.1,localhost", PYTHONUNBUFFERED="1")
    log = open(base / "server.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", "0", "--timeout", str(TIMEOUT),
         "--max-rows", str(max_rows), "--workers", str(WORKERS), "--exports", str(exports), "-q"],
        stdout=subprocess.PIPE, stderr=log, env=env, cwd=base,
    )
    line: list[bytes] = []
    reader = threading.Thread(target=lambda: line.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(30)
    assert line and b"http://" in line[0], f"kg serve did not start: {(base / 'server.log').read_text()}"
    url = line[0].decode().split(" at ", 1)[1].split("/sparql", 1)[0] + "/"
    srv = Server(url, store, proc, max_rows)
    old = {k: os.environ.get(k) for k in ("no_proxy", "NO_PROXY")}
    os.environ.update(no_proxy="127.0.0.1,localhost", NO_PROXY="127.0.0.1,localhost")
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if srv.get("/health")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, (base / "server.log").read_text()
            time.sleep(0.1)
        yield srv
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        stop_process(proc)
        log.close()


# -- results through a real client ---------------------------------------------------------------


def _class_counts(rows: list[dict]) -> dict[str, int]:
    return {r["c"]: int(r["n"]) for r in rows}


def test_select_json(server: Server) -> None:
    res = server.client(CLASS_COUNTS, JSON).query()
    assert res.info()["content-type"].startswith("application/sparql-results+json")
    data = res.convert()
    got = {b["c"]["value"]: int(b["n"]["value"]) for b in data["results"]["bindings"]}
    assert got == _class_counts(_local(server.store, CLASS_COUNTS))
    assert "kg:truncated" not in data and "x-kg-truncated" not in {k.lower() for k in res.info()}


def test_rows_come_once_each_as_through_kg_query(server: Server) -> None:
    """Without DISTINCT: an entity typed and labelled in many article graphs is still one row."""
    people = "SELECT ?p ?name WHERE { ?p a zw:Person ; rdfs:label ?name }"
    data = server.client(people, JSON).query().convert()
    got = sorted((b["p"]["value"], b["name"]["value"]) for b in data["results"]["bindings"])
    want = sorted((r["p"], r["name"]) for r in _local(server.store, people))
    assert got == want and len(got) == len(set(got)) > 0


def test_select_xml(server: Server) -> None:
    doc = server.client(CLASS_COUNTS, XML).query().convert()
    got = {}
    for result in doc.getElementsByTagName("result"):
        b = {e.getAttribute("name"): e.firstChild.firstChild.data for e in result.getElementsByTagName("binding")}
        got[b["c"]] = int(b["n"])
    assert got == _class_counts(_local(server.store, CLASS_COUNTS))


def test_select_csv(server: Server) -> None:
    body = server.client(CLASS_COUNTS, CSV).query().convert()
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert {r["c"]: int(r["n"]) for r in rows} == _class_counts(_local(server.store, CLASS_COUNTS))


def test_select_tsv_and_format_parameter(server: Server) -> None:
    q = urllib.parse.urlencode({"query": CLASS_COUNTS})
    status, headers, body = server.get(f"/sparql?{q}", {"Accept": "text/tab-separated-values"})
    assert status == 200 and headers["content-type"].startswith("text/tab-separated-values")
    assert body.decode().splitlines()[0] == "?c\t?n"
    status, headers, _ = server.get(f"/sparql?{q}&format=csv", {"Accept": "application/sparql-results+xml"})
    assert headers["content-type"].startswith("text/csv"), "format= overrides Accept (browsers cannot set it)"
    status, _, body = server.get(f"/sparql?{q}", {"Accept": "image/png"})
    assert status == 406 and b"application/sparql-results+json" in body


def test_construct_turtle(server: Server) -> None:
    import rdflib
    from rdflib.compare import isomorphic

    query = "CONSTRUCT { ?p a zw:Person ; rdfs:label ?n } WHERE { ?p a zw:Person ; rdfs:label ?n }"
    res = server.client(query, TURTLE).query()
    assert res.info()["content-type"].startswith("text/turtle")
    got = rdflib.Graph().parse(data=res.convert(), format="turtle")
    with Store(server.store, read_only=True) as s:
        from kg.query import format_results, run

        want = rdflib.Graph().parse(data=format_results(run(s, query)), format="nt")
    assert len(got) > 0 and isomorphic(got, want)


@pytest.mark.parametrize("accept,ctype", [
    ("application/n-triples", "application/n-triples"),
    ("application/ld+json", "application/ld+json"),
])
def test_construct_other_formats(server: Server, accept: str, ctype: str) -> None:
    import pyoxigraph as ox

    q = urllib.parse.urlencode({"query": "DESCRIBE ?p WHERE { ?p a zw:Person } LIMIT 1"})
    status, headers, body = server.get(f"/sparql?{q}", {"Accept": accept})
    assert status == 200 and headers["content-type"].startswith(ctype)
    assert len(list(ox.parse(body, format=ox.RdfFormat.from_media_type(ctype)))) > 0


def test_ask(server: Server) -> None:
    data = server.client("ASK { ?p a zw:Person }", JSON).query().convert()
    assert data["boolean"] is bool(_local(server.store, "ASK { ?p a zw:Person }"))


def test_post_form_and_sparql_query_body(server: Server) -> None:
    c = server.client(CLASS_COUNTS, JSON)
    c.setMethod(POST)  # SPARQLWrapper POSTs an urlencoded form
    got = {b["c"]["value"]: int(b["n"]["value"]) for b in c.query().convert()["results"]["bindings"]}
    want = _class_counts(_local(server.store, CLASS_COUNTS))
    assert got == want
    status, _, body = server.get("/sparql", {"Content-Type": "application/sparql-query", "Accept": "text/csv"},
                                 CLASS_COUNTS.encode("utf-8"))
    assert status == 200
    assert {r["c"]: int(r["n"]) for r in csv.DictReader(io.StringIO(body.decode()))} == want


def test_graph_gives_provenance_and_default_graph_uri_narrows(server: Server) -> None:
    per_graph = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    data = server.client(per_graph).query().convert()
    got = {b["g"]["value"]: int(b["n"]["value"]) for b in data["results"]["bindings"]}
    want = {r["g"]: int(r["n"]) for r in _local(server.store, per_graph)}
    assert got == want and len(got) > 1
    graph, size = next(iter(sorted(want.items())))
    q = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "default-graph-uri": graph})
    status, _, body = server.get(f"/sparql?{q}", {"Accept": "application/sparql-results+json"})
    assert status == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == size


# -- what a read-only endpoint refuses -----------------------------------------------------------


def test_update_is_refused(server: Server) -> None:
    before = len(_local(server.store, ALL_TRIPLES))
    update = "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"
    c = Client(server.endpoint)
    c.setMethod(POST)
    c.setQuery(update)  # SPARQLWrapper sends it as update=…
    with pytest.raises(urllib.error.HTTPError) as e:
        c.query()
    assert e.value.code == 403 and b"read-only" in e.value.read()
    for headers, data in [
        ({"Content-Type": "application/sparql-update"}, update.encode()),
        ({"Content-Type": "application/x-www-form-urlencoded"}, urllib.parse.urlencode({"query": update}).encode()),
        ({"Content-Type": "application/sparql-query"}, b"PREFIX ex: <http://ex/#> # a comment\nDROP ALL"),
    ]:
        status, _, body = server.get("/sparql", headers, data)
        assert status == 403 and b"read-only" in body, body
    assert len(_local(server.store, ALL_TRIPLES)) == before


def test_service_is_refused(server: Server) -> None:
    q = urllib.parse.urlencode({"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"})
    status, _, body = server.get(f"/sparql?{q}")
    assert status == 403 and b"SERVICE" in body


def test_malformed_query_gets_400_with_the_parser_message(server: Server) -> None:
    bad = "SELECT ?x WHERE { ?x a zw:Person "
    with Store(server.store, read_only=True) as s, pytest.raises(SyntaxError) as parser:
        s.query(bad)
    message = " ".join(str(parser.value).split())
    with pytest.raises(QueryBadFormed) as e:
        server.client(bad).query()
    assert message.split(":")[0] in str(e.value)  # "error at 1:34"
    status, headers, body = server.get("/sparql?" + urllib.parse.urlencode({"query": bad}))
    assert status == 400 and headers["content-type"].startswith("text/plain")
    assert body.decode("utf-8") == f"malformed SPARQL: {message}\n"


@pytest.mark.parametrize("path,headers,data,status", [
    ("/sparql", {}, None, 400),  # no query
    ("/sparql?query=ASK%7B%7D&query=ASK%7B%7D", {}, None, 400),  # two queries
    ("/sparql", {"Content-Type": "text/plain"}, b"ASK {}", 415),
    ("/sparql", {"Content-Type": "application/sparql-query"}, b"\xff\xfe", 400),
    ("/health", {"Host": "evil.example"}, None, 400),  # DNS rebinding guard on a loopback server
])
def test_bad_requests(server: Server, path: str, headers: dict, data: bytes | None, status: int) -> None:
    assert server.get(path, headers, data)[0] == status


# -- limits and load -----------------------------------------------------------------------------


def test_result_size_limit_cuts_with_a_marker(server: Server) -> None:
    res = server.client(ALL_TRIPLES, JSON).query()
    assert res.info()["x-kg-truncated"] == "true" and res.info()["x-kg-max-rows"] == str(server.max_rows)
    data = res.convert()
    assert data["kg:truncated"] is True and len(data["results"]["bindings"]) == server.max_rows
    body = server.client(ALL_TRIPLES, CSV).query().convert()
    assert len(list(csv.reader(io.StringIO(body.decode())))) == server.max_rows + 1  # header + rows
    q = urllib.parse.urlencode({"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    status, headers, body = server.get(f"/sparql?{q}", {"Accept": "application/n-triples"})
    assert status == 200 and headers["x-kg-truncated"] == "true" and len(body.splitlines()) == server.max_rows


def test_concurrent_clients_all_get_correct_answers(server: Server) -> None:
    graphs = {r["g"]: int(r["n"]) for r in _local(
        server.store, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    jobs = [sorted(graphs)[i % len(graphs)] for i in range(20)]
    barrier = threading.Barrier(20)

    def one(graph: str) -> tuple[int, int]:
        c = server.client(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        barrier.wait(10)
        return int(c.query().convert()["results"]["bindings"][0]["n"]["value"]), graphs[graph]

    with ThreadPoolExecutor(20) as ex:
        results = list(ex.map(one, jobs))
    assert len(results) == 20 and all(got == want for got, want in results)


def test_runaway_query_is_stopped_and_the_server_keeps_serving(server: Server) -> None:
    started = time.monotonic()
    q = urllib.parse.urlencode({"query": RUNAWAY})
    status, _, body = server.get(f"/sparql?{q}")
    took = time.monotonic() - started
    assert status == 503 and b"time limit" in body
    assert TIMEOUT <= took < TIMEOUT + 5
    assert server.get("/health")[0] == 200
    data = server.client(CLASS_COUNTS).query().convert()
    got = {b["c"]["value"]: int(b["n"]["value"]) for b in data["results"]["bindings"]}
    assert got == _class_counts(_local(server.store, CLASS_COUNTS))
    deadline = time.monotonic() + 20  # the killed worker is replaced
    while json.loads(server.get("/health")[2])["workers"] < WORKERS:
        assert time.monotonic() < deadline, "the stopped worker was not replaced"
        time.sleep(0.1)
    assert json.loads(server.get("/health")[2])["stopped_queries"] >= 1


# -- pages ---------------------------------------------------------------------------------------


def test_query_page_lists_the_named_queries_escaped(server: Server) -> None:
    import html

    from kg.query import named_queries
    from kg.serve.app import for_readers

    status, headers, body = server.get("/")
    page = body.decode("utf-8")
    assert status == 200 and headers["content-type"].startswith("text/html")
    for name, q in named_queries().items():
        assert f'value="{html.escape(name)}"' in page and html.escape(for_readers(q.text)) in page


def test_query_page_escapes_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    from kg import query as kq

    evil = kq.NamedQuery('x"><script>alert(1)</script>', "<img src=x onerror=alert(1)>", "SELECT * { ?s ?p '</textarea><b>' }")
    monkeypatch.setattr(kq, "named_queries", lambda: {evil.name: evil})
    page = query_page(timeout=1, max_rows=5)
    assert "<script>alert" not in page and "<img" not in page and "</textarea><b>" not in page
    assert "&lt;/textarea&gt;&lt;b&gt;" in page


def test_view_is_served(server: Server) -> None:
    status, headers, body = server.get("/view")
    assert status == 200 and headers["content-type"].startswith("text/html") and b"<" in body


def test_export_download(server: Server) -> None:
    status, headers, body = server.get("/export/nt")
    assert status == 200 and headers["content-type"].startswith("application/n-triples")
    from kg.export import data_triples
    from kg.store import Store

    with Store(server.store, read_only=True) as s:
        want = {str(t) for t in data_triples(s)}
    lines = body.decode("utf-8").splitlines()
    assert len(lines) == len(want)  # every distinct triple of the data, no row limit
    assert not any(line.startswith("_:") or " _:" in line for line in lines)  # no ontology blank nodes
    status, _, nq = server.get("/export/nq")
    assert status == 200 and b"graph/ontology" not in nq  # the ontology graph is no data
    assert server.get("/export/nope")[0] == 404


def test_health_counts_the_triples_kg_build_reports(server: Server) -> None:
    with Store(server.store, read_only=True) as s:
        triples, quads = s.count_triples(), len(s)
    assert triples != quads  # an entity's type and label recur in every article graph naming it
    status, _, body = server.get("/health")
    assert status == 200 and json.loads(body)["triples"] == triples


# -- what the server derives from its snapshot, once ---------------------------------------------


@contextlib.contextmanager
def _in_process(store: Path, exports: Path) -> Iterator[Server]:
    """kg serve's app under uvicorn in a thread of this process, so a test can count what it does."""
    import uvicorn

    from kg.serve.app import create_app

    sock = bind("127.0.0.1", 0)
    app = create_app(store, timeout=TIMEOUT, workers=1, exports_dir=exports, allowed_hosts=["127.0.0.1"])
    uv = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not uv.started:
            assert thread.is_alive() and time.monotonic() < deadline, "the in-process server did not start"
            time.sleep(0.05)
        yield Server(f"http://127.0.0.1:{sock.getsockname()[1]}/", store, None, 0)
    finally:
        uv.should_exit = True
        thread.join(30)
        sock.close()


def test_views_and_graph_downloads_share_one_load_of_the_graph(
        seed_store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The store is a snapshot for the server's life: the views' graph is read from it once, on first
    use, and each view and GraphML/GEXF download is what kg.views makes from the store itself."""
    from kg.views import graph as gv
    from kg import query as kq
    from kg.views import html as views
    from kg.export import FORMATS

    loads: list[dict] = []
    load = gv.load
    monkeypatch.setattr(gv, "load", lambda store, **kw: loads.append(kw) or load(store, **kw))
    listed: list[int] = []
    named = kq.named_queries
    monkeypatch.setattr(kq, "named_queries", lambda: listed.append(1) or named())
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    store = tmp_path / "store"
    shutil.copytree(seed_store_path, store, ignore=shutil.ignore_patterns("kg.lock"))
    with Store(store, read_only=True) as s:
        who = min(d["label"] for _, d in gv.load(s).nodes(data=True) if d["cls"] == "Person")
        want_views = {q: views.render_view_html(s, **kw) for q, kw in [
            ("", {}), (f"?focus={urllib.parse.quote(who)}&hops=2", {"focus": who, "hops": 2}),
            ("?types=Person,Meeting", {"types": "Person,Meeting"})]}
        want_files = {}
        for fmt in ("graphml", "gexf"):
            buf = io.BytesIO()
            FORMATS[fmt].writer(s, buf)
            want_files[fmt] = buf.getvalue()
    loads.clear()
    listed.clear()

    with _in_process(store, tmp_path) as srv:
        assert loads == [], "nothing is loaded before it is asked for"
        for _ in range(2):
            status, _, body = srv.get("/")
            assert status == 200 and b"<form" in body
        for query, want in want_views.items():
            status, _, body = srv.get("/view" + query)
            assert status == 200 and body.decode("utf-8") == want, query
        for fmt, want in want_files.items():
            status, _, body = srv.get(f"/export/{fmt}")
            assert status == 200 and body == want, fmt
        assert srv.get("/view?focus=" + urllib.parse.quote("没有这个人"))[0] == 400
        assert srv.get("/view?types=Nothing")[0] == 400
    assert loads == [{"mentions": True}], "one load serves every view and download"
    assert len(listed) == 1, "the query page is rendered once, at startup"


# -- pure parts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text,refused", [
    ("SELECT * WHERE { ?s ?p ?o }", None),
    ("insert data { <a:b> <a:c> <a:d> }", "INSERT"),
    ("PREFIX ex: <http://ex.org/#x> BASE <http://b/> DELETE WHERE { ?s ?p ?o }", "DELETE"),
    ("# INSERT in a comment\nASK {}", None),
    ("LOAD <http://example.org/data.ttl>", "LOAD"),
    ("CLEAR ALL", "CLEAR"),
    ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
    ("SELECT * WHERE { SERVICE <http://dbpedia.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { service silent ?x { ?s ?p ?o } }", "SERVICE"),
    ('SELECT * WHERE { ?s rdfs:label "SERVICE <x>" }', None),
    ("SELECT ?service WHERE { ?service a <http://ex/SERVICE> }", None),
    ("SELECT * WHERE { ?s ex:SERVICE ?o }", None),
])
def test_refusal(text: str, refused: str | None) -> None:
    why = refusal(text)
    assert (why is None) if refused is None else (why is not None and refused in why)


@pytest.mark.parametrize("kind,accept,formats,expected", [
    ("results", None, (), "json"),
    ("results", "application/sparql-results+json,application/json,text/javascript", (), "json"),
    ("results", "application/sparql-results+xml", (), "xml"),
    ("results", "text/csv", (), "csv"),
    ("results", "text/tab-separated-values", (), "tsv"),
    ("results", "text/csv;q=0.2, application/sparql-results+xml;q=0.9", (), "xml"),
    ("results", "text/html,*/*;q=0.8", (), "json"),
    ("results", "image/png", (), None),
    ("results", "image/png", ("csv",), "csv"),
    ("graph", "application/turtle,text/turtle", (), "turtle"),
    ("graph", "application/n-triples", (), "ntriples"),
    ("graph", "application/ld+json", (), "jsonld"),
    ("graph", "application/rdf+xml", (), "rdfxml"),
    ("graph", "*/*", (), "turtle"),
    ("graph", "application/sparql-results+json", ("json",), "jsonld"),
])
def test_negotiate(kind: str, accept: str | None, formats: tuple, expected: str | None) -> None:
    assert negotiate(kind, accept, formats) == expected


@pytest.mark.parametrize("query,accept,status,media", [
    ("ASK { ?p a zw:Person }", "text/csv", 200, "text/csv"),
    ("ASK { ?p a zw:Person }", "application/sparql-results+xml", 200, "application/sparql-results+xml"),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 2", "text/turtle", 406, "text/plain"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "application/sparql-results+json", 406, "text/plain"),
    ("DESCRIBE <urn:nothing>", "application/rdf+xml", 200, "application/rdf+xml"),
    ("SELECT * WHERE { ?s ?p }", None, 400, "text/plain"),
])
def test_execute(seed_store, query: str, accept: str | None, status: int, media: str) -> None:  # noqa: ANN001
    from kg.serve.sparql import Job, execute

    reply = execute(seed_store, Job(query, accept))
    assert (reply.status, reply.media_type.split(";")[0]) == (status, media), reply.body[:200]


def test_execute_cuts_construct_and_named_graphs(seed_store) -> None:  # noqa: ANN001
    import pyoxigraph as ox

    from kg.serve.sparql import Job, execute

    reply = execute(seed_store, Job("CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle", max_rows=3))
    assert reply.truncated and len(list(ox.parse(reply.body, format=ox.RdfFormat.TURTLE))) == 3
    graph = next(q.graph_name.value for q in seed_store.quads())
    reply = execute(seed_store, Job("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "application/json",
                                    named_graphs=(graph,)))
    assert [b["g"]["value"] for b in json.loads(reply.body)["results"]["bindings"]] == [graph]
    assert execute(seed_store, Job("ASK {}", None, default_graphs=("not an iri",))).status == 400


@pytest.mark.parametrize("host,loop", [("127.0.0.1", True), ("127.0.0.2", True), ("::1", True),
                                       ("localhost", True), ("0.0.0.0", False), ("192.0.2.1", False)])
def test_is_loopback(host: str, loop: bool) -> None:
    assert is_loopback(host) is loop


def test_remote_host_needs_allow_remote(seed_store_path: Path, runner) -> None:  # noqa: ANN001
    from kg.cli import main

    r = runner.invoke(main, ["serve", "--store", str(seed_store_path), "--host", "0.0.0.0", "--port", "0"])
    assert r.exit_code == 2 and "--allow-remote" in r.output


def test_port_in_use_is_a_one_line_error() -> None:
    from kg.errors import KgError

    taken = bind("127.0.0.1", 0)
    taken.listen()
    try:
        with pytest.raises(KgError, match="in use"):
            bind("127.0.0.1", taken.getsockname()[1])
    finally:
        taken.close()
