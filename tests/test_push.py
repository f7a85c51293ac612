"""`kg push` into a real Oxigraph server: the same quads arrive, and every competency query of
ontology/queries/ answers the same there as through `kg query`; refusals are one-line errors.

The server runs without `--union-default-graph`: in Oxigraph 0.5 that mode returns a triple once
per graph that holds it (kg/store/embedded.py explains), so `kg push --union` writes the union into the
default graph instead, as kg's own store keeps it."""
from __future__ import annotations

import base64
import http.server
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.rdf.namespace import PREFIXES
from kg.push import auth_headers, check_url
from kg.query import named_queries, run
from kg.store import Store
from conftest import stop_process

pytestmark = pytest.mark.server

LOOPBACK = {"no_proxy": "127.0.0.1,localhost", "NO_PROXY": "127.0.0.1,localhost"}
PROBES = {  # generic checks that hold whatever the extractors find, besides the named queries
    "class counts": "SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c } GROUP BY ?c",
    "triples per graph": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "labels": "SELECT ?x ?l WHERE { ?x rdfs:label ?l }",
}


@pytest.fixture(autouse=True)
def _loopback_without_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for k, v in LOOPBACK.items():
        monkeypatch.setenv(k, v)
    for k in ("KG_PUSH_TOKEN", "KG_PUSH_USER", "KG_PUSH_PASSWORD"):
        monkeypatch.delenv(k, raising=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Oxigraph:
    """`oxigraph serve` (or serve-read-only) on a loopback port, stopped by its pid."""

    def __init__(self, binary: str, location: Path, *, read_only: bool = False) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [binary, "serve-read-only" if read_only else "serve", "--location", str(location),
               "--bind", f"127.0.0.1:{self.port}"]
        self.log = location.parent / f"oxigraph-{self.port}.log"
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=open(self.log, "wb"))  # noqa: SIM115
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    break
            except OSError:
                assert self.proc.poll() is None, self.log.read_text()
                assert time.monotonic() < deadline, "oxigraph did not start"
                time.sleep(0.05)

    def query(self, sparql: str):  # noqa: ANN201
        """Results as pyoxigraph terms, with the contract's prefixes declared (the server has none)."""
        prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
        req = urllib.request.Request(f"{self.url}/query", data=(prologue + sparql).encode("utf-8"), headers={
            "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json, application/n-triples"})
        with urllib.request.urlopen(req, timeout=30) as r:
            body, ctype = r.read(), r.headers.get("Content-Type", "")
        if ctype.startswith("application/n-triples"):
            return list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        return ox.parse_query_results(body, ox.QueryResultsFormat.JSON)

    def dataset(self) -> ox.Dataset:
        req = urllib.request.Request(f"{self.url}/store", headers={"Accept": "application/n-quads"})
        with urllib.request.urlopen(req, timeout=30) as r:
            return ox.Dataset(ox.parse(r.read(), format=ox.RdfFormat.N_QUADS))

    def stop(self) -> None:
        stop_process(self.proc, 10)


@pytest.fixture()
def oxigraph(tmp_path: Path):  # noqa: ANN201
    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph; CI installs it)")
    servers: list[Oxigraph] = []

    def start(read_only: bool = False) -> Oxigraph:
        location = tmp_path / f"oxigraph-{len(servers)}"
        if read_only:
            ox.Store(str(location)).flush()  # serve-read-only needs an existing store
        servers.append(Oxigraph(binary, location, read_only=read_only))
        return servers[-1]

    yield start
    for s in servers:
        s.stop()


def _canonical_rows(result) -> Counter:  # noqa: ANN001
    """Solutions as a multiset of rows (order-free: ties under ORDER BY may fall either way; blank
    node labels blurred), or a boolean."""
    if isinstance(result, (bool, ox.QueryBoolean)):
        return Counter([bool(result)])

    def term(t: object) -> str:
        return "_:b" if isinstance(t, ox.BlankNode) else "" if t is None else str(t)

    names = [v.value for v in result.variables]
    return Counter(tuple(term(sol[n]) for n in names) for sol in result)


def _canonical_triples(result) -> Counter:  # noqa: ANN001
    ds = ox.Dataset([ox.Quad(t.subject, t.predicate, t.object) for t in result])
    ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return Counter(str(q) for q in ds)


def _answer(result) -> Counter:  # noqa: ANN001
    if isinstance(result, (list, ox.QueryTriples)):
        return _canonical_triples(result)
    return _canonical_rows(result)


def _store_dataset(store: Path) -> ox.Dataset:
    """The named graphs, and the union as the default graph (what `kg push --union` sends)."""
    with Store(store, read_only=True) as s:
        quads = list(s.quads())
    return ox.Dataset(quads + [ox.Quad(q.subject, q.predicate, q.object) for q in quads])


def _canon(ds: ox.Dataset) -> dict[str, set[str]]:
    """Each graph canonicalised on its own: blank nodes are scoped to one request (one graph)."""
    by: dict[str, list[ox.Triple]] = {}
    for q in ds:
        by.setdefault(str(q.graph_name), []).append(ox.Triple(q.subject, q.predicate, q.object))
    out = {}
    for g, ts in by.items():
        one = ox.Dataset([ox.Quad(t.subject, t.predicate, t.object) for t in ts])
        one.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        out[g] = {str(q) for q in one}
    return out


QUERIES = {**{f"named:{n}": q.text for n, q in named_queries().items()}, **{f"probe:{k}": v for k, v in PROBES.items()}}


@pytest.mark.parametrize("mode", ["--graph-store-protocol", "--update"])
def test_push_then_every_query_answers_the_same(oxigraph, seed_store_path: Path, runner, mode: str) -> None:  # noqa: ANN001
    target = oxigraph()
    url = f"{target.url}/store" if mode == "--graph-store-protocol" else f"{target.url}/update"
    r = runner.invoke(main, ["push", url, mode, "--union", "--store", str(seed_store_path), "--batch", "40"])
    assert r.exit_code == 0, r.output
    assert "Pushed" in r.output
    assert _canon(target.dataset()) == _canon(_store_dataset(seed_store_path)), "quads differ after the push"
    with Store(seed_store_path, read_only=True) as s:
        for label, text in QUERIES.items():
            assert _answer(target.query(text)) == _answer(run(s, text, label=label)), label


def test_push_twice_replaces_instead_of_doubling(oxigraph, seed_store_path: Path, runner) -> None:  # noqa: ANN001
    target = oxigraph()
    for mode, path in [("--graph-store-protocol", "store"), ("--update", "update"), ("--graph-store-protocol", "store")]:
        r = runner.invoke(main, ["push", f"{target.url}/{path}", mode, "--union", "--store", str(seed_store_path), "-q"])
        assert r.exit_code == 0, r.output
    assert len(target.dataset()) == len(_store_dataset(seed_store_path))


def test_without_union_only_the_named_graphs_go(oxigraph, seed_store_path: Path, runner) -> None:  # noqa: ANN001
    target = oxigraph()
    r = runner.invoke(main, ["push", f"{target.url}/store", "--store", str(seed_store_path), "-q"])
    assert r.exit_code == 0, r.output
    with Store(seed_store_path, read_only=True) as s:
        assert _canon(target.dataset()) == _canon(ox.Dataset(list(s.quads())))


@pytest.mark.parametrize("n_blank,n_plain,size,expected", [
    (0, 5, 2, [2, 2, 1]),
    (3, 5, 4, [4, 4]),  # the blank-node triples share the first request
    (6, 2, 4, [6, 2]),  # ... even past the batch size
    (0, 0, 4, [0]),
])
def test_update_batches_keep_blank_nodes_together(n_blank: int, n_plain: int, size: int, expected: list[int]) -> None:
    from kg.push import _batches

    b = ox.BlankNode("b")
    p = ox.NamedNode("urn:p")
    triples = [ox.Triple(b, p, ox.Literal(str(i))) for i in range(n_blank)] + \
              [ox.Triple(ox.NamedNode(f"urn:s{i}"), p, ox.Literal(str(i))) for i in range(n_plain)]
    out = _batches(triples, size)
    assert [len(c) for c in out] == expected
    assert all(t in out[0] for t in triples[:n_blank])


def test_unreachable_port_is_a_one_line_error(seed_store_path: Path, runner) -> None:  # noqa: ANN001
    url = f"http://127.0.0.1:{_free_port()}/store"
    r = runner.invoke(main, ["push", url, "--store", str(seed_store_path)])
    assert r.exit_code == 1
    assert r.output.strip().splitlines()[-1].startswith(f"Error: {url}: connection refused")
    assert "Traceback" not in r.output


def test_unresolvable_host(seed_store_path: Path, runner) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["push", "http://no-such-host.invalid/store", "--store", str(seed_store_path)])
    assert r.exit_code == 1 and "no-such-host.invalid" in r.output and "Traceback" not in r.output


@pytest.mark.parametrize("path,code", [("store", "403"), ("nope", "404")])
def test_refusing_endpoints(oxigraph, seed_store_path: Path, runner, path: str, code: str) -> None:  # noqa: ANN001
    target = oxigraph(read_only=path == "store")
    url = f"{target.url}/{path}"
    r = runner.invoke(main, ["push", url, "--store", str(seed_store_path)])
    assert r.exit_code == 1, r.output
    last = r.output.strip().splitlines()[-1]
    assert last.startswith(f"Error: {url}: {code}") and "1 of" in last


# -- authentication, from the environment only ---------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Accepts PUT/POST when the Authorization header is the expected one, else 401."""

    expected: str | None = None
    seen: list[dict[str, str]] = []

    def _handle(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.seen.append({k: v for k, v in self.headers.items()} | {"path": self.path, "method": self.command})
        ok = self.expected is None or self.headers.get("Authorization") == self.expected
        self.send_response(204 if ok else 401)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_POST = _handle

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def recorder():  # noqa: ANN201
    handler = type("Handler", (_Recorder,), {"seen": [], "expected": None})
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield handler, f"http://127.0.0.1:{srv.server_address[1]}/data"
    srv.shutdown()
    srv.server_close()


@pytest.mark.parametrize("env,expected", [
    ({"KG_PUSH_TOKEN": "s3cr3t-token"}, "Bearer s3cr3t-token"),
    ({"KG_PUSH_USER": "kg", "KG_PUSH_PASSWORD": "s3cr3t-pw"}, "Basic " + base64.b64encode(b"kg:s3cr3t-pw").decode()),
    ({"MY_HEADER": "Authorization: ApiKey s3cr3t-key"}, "ApiKey s3cr3t-key"),
])
def test_auth_from_the_environment(recorder, seed_store_path: Path, runner, monkeypatch, env, expected) -> None:  # noqa: ANN001
    handler, url = recorder
    handler.expected = expected
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    args = ["push", url, "--store", str(seed_store_path), "-q"] + (["--header-env", "MY_HEADER"] if "MY_HEADER" in env else [])
    r = runner.invoke(main, args)
    assert r.exit_code == 0, r.output
    assert handler.seen and all(h.get("Authorization") == expected for h in handler.seen)
    graph = urllib.parse.parse_qs(urllib.parse.urlsplit(handler.seen[0]["path"]).query)["graph"][0]
    assert graph.startswith("https://w3id.org/zhengwu-kg/") and handler.seen[0]["method"] == "PUT"


def test_401_says_how_to_authenticate_and_never_echoes_the_secret(recorder, seed_store_path: Path, runner,
                                                                     monkeypatch) -> None:  # noqa: ANN001
    handler, url = recorder
    handler.expected = "Bearer the-right-one"
    monkeypatch.setenv("KG_PUSH_TOKEN", "a-wrong-s3cr3t")
    r = runner.invoke(main, ["push", url, "--store", str(seed_store_path)])
    assert r.exit_code == 1 and "401" in r.output and "KG_PUSH_TOKEN" in r.output
    assert "a-wrong-s3cr3t" not in r.output


def test_credentials_in_the_url_are_refused(seed_store_path: Path, runner) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["push", "http://admin:pw@127.0.0.1:1/store", "--store", str(seed_store_path)])
    assert r.exit_code == 2 and "KG_PUSH_USER" in r.output and "pw@" not in r.output.split("Error")[-1]


@pytest.mark.parametrize("env,header_env,problem", [
    ({"KG_PUSH_USER": "kg"}, None, "KG_PUSH_PASSWORD"),
    ({"KG_PUSH_TOKEN": "t", "KG_PUSH_USER": "kg", "KG_PUSH_PASSWORD": "p"}, None, "not both"),
    ({}, "UNSET_VAR", "not set"),
    ({"H": "no colon here"}, "H", "Name: value"),
    ({"H": "X-Key: a\r\nX-Evil: b"}, "H", "Name: value"),
])
def test_auth_misconfiguration(env: dict, header_env: str | None, problem: str) -> None:
    from kg.errors import UsageError

    with pytest.raises(UsageError, match=problem):
        auth_headers(env, header_env=header_env)


@pytest.mark.parametrize("url", ["ftp://example.org/x", "localhost:3030/ds/data", "http:///nohost"])
def test_bad_urls(url: str) -> None:
    from kg.errors import UsageError

    with pytest.raises(UsageError):
        check_url(url)
