"""`kg serve` under abuse (issue 15, items 5-9): idle and slow clients, heavy downloads, a store
that disappears, IPv6 loopback, queries nested past the parser's stack.

Real parts only: `kg serve` in a process of its own on a loopback address, raw sockets for the
slow and idle clients. Every client is bounded in count (at most 260 sockets) and in time (socket
timeouts of a few seconds), and every socket is closed by the test that opened it.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.serve.settings import HEAVY_LIMIT, MAX_HOPS
from kg.query import MAX_DEPTH
from conftest import stop_process

pytestmark = pytest.mark.server

CLIENT_TIMEOUT = 1.0  # --client-timeout of the server the slow-client tests talk to
SLACK = 1.5  # seconds allowed past a deadline on a shared machine


class Srv:
    """A running `kg serve`: its process, address and store, and a tiny raw-socket HTTP client."""

    def __init__(self, proc: subprocess.Popen, host: str, port: int, store: Path, log: Path) -> None:
        self.proc, self.host, self.port, self.store, self.log = proc, host, port, store, log

    @property
    def netloc(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    def connect(self, timeout: float = 5.0, rcvbuf: int | None = None) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        s = socket.socket(family, socket.SOCK_STREAM)
        if rcvbuf:  # a small window: the server must wait for this client to read
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        s.settimeout(timeout)
        s.connect((self.host, self.port))
        return s

    def request(self, path: str, *, host: str | None = None, timeout: float = 20.0) -> tuple[int, dict[str, str], bytes]:
        """GET `path` with `Connection: close`; (status, headers, body)."""
        with contextlib.closing(self.connect(timeout)) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host or self.netloc}\r\nConnection: close\r\n\r\n".encode())
            data = _read_all(s)
        return _parse(data)


def _read_all(s: socket.socket) -> bytes:
    chunks = []
    while True:
        try:
            b = s.recv(1 << 16)
        except ConnectionResetError:
            break
        if not b:
            break
        chunks.append(b)
    return b"".join(chunks)


def _parse(data: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
    if headers.get("transfer-encoding") == "chunked":
        out, pos = [], 0
        while pos < len(body):
            eol = body.index(b"\r\n", pos)
            n = int(body[pos:eol], 16)
            if n == 0:
                break
            out.append(body[eol + 2:eol + 2 + n])
            pos = eol + 2 + n + 2
        body = b"".join(out)
    return int(lines[0].split()[1]), headers, body


def _ask(query: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query})


@contextlib.contextmanager
def kg_serve(store: Path, *args: str, host: str = "127.0.0.1") -> Iterator[Srv]:
    """`kg serve --store STORE --host HOST --port 0 ARGS…` until the block ends."""
    log = store.parent / f"serve-{time.monotonic_ns()}.log"
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    with open(log, "wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(store), "--host", host, "--port", "0",
                                 "-q", *args], stdout=subprocess.PIPE, stderr=err, env=env, cwd=store.parent)
    try:
        line: list[bytes] = []
        reader = threading.Thread(target=lambda: line.append(proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(30)
        assert line and b"http://" in line[0], f"kg serve did not start: {log.read_text()}"
        netloc = line[0].decode().split("http://", 1)[1].split("/", 1)[0]
        h, _, port = netloc.rpartition(":")
        srv = Srv(proc, h.strip("[]"), int(port), store, log)
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError):
                if srv.request("/health")[0] == 200:
                    break
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        yield srv
    finally:
        stop_process(proc)


def _copy(seed_store_path: Path, where: Path) -> Path:
    store = where / "store"
    shutil.copytree(seed_store_path, store, ignore=shutil.ignore_patterns("kg.lock"))
    return store


@pytest.fixture(scope="module")
def srv(seed_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Srv]:
    """A server with a short client timeout, for the slow-client tests."""
    store = _copy(seed_store_path, tmp_path_factory.mktemp("abuse"))
    with kg_serve(store, "--client-timeout", str(CLIENT_TIMEOUT), "--workers", "2", "--timeout", "10") as s:
        yield s


def _closed_within(s: socket.socket, seconds: float) -> tuple[float, bytes]:
    """Wait until the server closes `s` (at most `seconds`); (time taken, bytes it sent)."""
    s.settimeout(seconds)
    t0 = time.monotonic()
    try:
        data = _read_all(s)
    except socket.timeout:
        pytest.fail(f"the server kept the connection open for more than {seconds:g} s")
    return time.monotonic() - t0, data


# -- item 6: idle and slow clients ------------------------------------------------------------------


def test_idle_connections_do_not_lock_other_clients_out(seed_store_path: Path, tmp_path: Path) -> None:
    """260 idle sockets on a server with default settings: a client that asks still gets its answer."""
    store = _copy(seed_store_path, tmp_path)
    with kg_serve(store, "--workers", "1") as srv:
        idle: list[socket.socket] = []
        try:
            for _ in range(260):
                idle.append(srv.connect())
            time.sleep(0.3)  # let the server accept them all
            status, _, body = srv.request(_ask("ASK { ?s ?p ?o }"))
            assert status == 200 and json.loads(body)["boolean"] is True, body[:200]
            assert srv.request("/health")[0] == 200
        finally:
            for s in idle:
                s.close()


def test_a_connection_that_sends_nothing_is_closed(srv: Srv) -> None:
    with contextlib.closing(srv.connect()) as s:
        took, data = _closed_within(s, CLIENT_TIMEOUT + SLACK)
    assert data == b"" and took >= CLIENT_TIMEOUT - 0.2


def _trickle(s: socket.socket, piece: bytes) -> tuple[bytes, float]:
    """Send `piece` every 0.2 s until the server answers or closes (or the deadline is long past):
    what it answered and how long that took."""
    t0 = time.monotonic()
    s.settimeout(0.2)
    data = b""
    while time.monotonic() - t0 < CLIENT_TIMEOUT + SLACK:
        try:
            s.sendall(piece)
            got = s.recv(4096)
            if not got:
                break
            data += got
        except socket.timeout:
            continue
        except (BrokenPipeError, ConnectionResetError):
            break
    return data, time.monotonic() - t0


def test_slow_headers_get_408(srv: Srv) -> None:
    """Headers trickled a line at a time never finish: 408 once the deadline passes, then closed."""
    with contextlib.closing(srv.connect()) as s:
        s.sendall(f"GET /health HTTP/1.1\r\nHost: {srv.netloc}\r\n".encode())
        data, took = _trickle(s, b"X-Slow: 1\r\n")
    assert data.startswith(b"HTTP/1.1 408"), data[:200]
    assert took < CLIENT_TIMEOUT + SLACK


def test_slow_body_gets_408(srv: Srv) -> None:
    """A POST that announces 200 bytes and sends one every 0.2 s is cut at the deadline."""
    with contextlib.closing(srv.connect()) as s:
        s.sendall((f"POST /sparql HTTP/1.1\r\nHost: {srv.netloc}\r\nContent-Type: application/sparql-query\r\n"
                   "Content-Length: 200\r\n\r\n").encode())
        data, took = _trickle(s, b" ")
    assert data.startswith(b"HTTP/1.1 408") and b"body" in data, data[:200]
    assert took < CLIENT_TIMEOUT + SLACK
    assert srv.request("/health")[0] == 200


def test_a_kept_alive_connection_is_closed_when_idle(srv: Srv) -> None:
    with contextlib.closing(srv.connect()) as s:
        s.sendall(f"GET /health HTTP/1.1\r\nHost: {srv.netloc}\r\n\r\n".encode())
        first = s.recv(1 << 16)
        assert first.startswith(b"HTTP/1.1 200")
        _closed_within(s, CLIENT_TIMEOUT + SLACK)


# -- item 5: nesting that would overflow the parser's stack -------------------------------------------


@pytest.mark.parametrize("query", [
    "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000,
    "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 20000 + "1" + ")" * 20000 + ") }",
], ids=["braces-3000", "parens-20000"])
def test_deep_nesting_is_refused_before_a_worker_sees_it(srv: Srv, query: str) -> None:
    before = json.loads(srv.request("/health")[2])
    with contextlib.closing(srv.connect()) as s:  # POST: 40 KB does not fit a URL
        body = query.encode()
        s.sendall((f"POST /sparql HTTP/1.1\r\nHost: {srv.netloc}\r\nContent-Type: application/sparql-query\r\n"
                   f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body)
        status, _, reply = _parse(_read_all(s))
    assert status == 400, reply[:200]
    text = reply.decode()
    assert text.count("\n") == 1 and f"at most {MAX_DEPTH}" in text
    after = json.loads(srv.request("/health")[2])
    assert after["workers"] == before["workers"] == 2 and after["stopped_queries"] == before["stopped_queries"]
    nested = "ASK " + "{" * 100 + " ?s ?p ?o " + "}" * 100  # deep, but within the limit: answered
    status, _, reply = srv.request(_ask(nested))
    assert status == 200 and json.loads(reply)["boolean"] is True


# -- item 8: the store goes away under the server ----------------------------------------------------


def test_a_store_that_disappears_is_a_503_and_health_says_so(seed_store_path: Path, tmp_path: Path) -> None:
    store = _copy(seed_store_path, tmp_path)
    with kg_serve(store, "--workers", "2") as srv:
        assert srv.request(_ask("ASK { ?s ?p ?o }"))[0] == 200
        store.rename(tmp_path / "moved")  # replaced by another directory: not the store the server opened
        shutil.copytree(tmp_path / "moved", store)
        status, _, body = srv.request(_ask("ASK { ?s ?p ?o }"))
        assert status == 503 and b"replaced" in body and body.count(b"\n") == 1, body
        shutil.rmtree(store)
        shutil.rmtree(tmp_path / "moved")
        for path in (_ask("ASK { ?s ?p ?o }"), "/view", "/export/nq"):
            status, _, body = srv.request(path)
            assert status == 503 and b"is gone" in body and str(store).encode() in body, (path, body)
        status, _, body = srv.request("/health")
        doc = json.loads(body)
        assert status == 503 and doc["status"] == "store-missing" and "is gone" in doc["reason"]


# -- item 9: the Host check on IPv6 loopback ---------------------------------------------------------


def _ipv6_loopback() -> bool:
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _ipv6_loopback(), reason="IPv6 loopback (::1) is not available on this machine")
def test_host_check_holds_on_ipv6_loopback(seed_store_path: Path, tmp_path: Path) -> None:
    store = _copy(seed_store_path, tmp_path)
    with kg_serve(store, "--workers", "1", host="::1") as srv:
        assert srv.request("/health")[0] == 200  # Host: [::1]:port
        assert srv.request("/health", host=f"localhost:{srv.port}")[0] == 200
        for evil in ("evil.example", f"evil.example:{srv.port}", "[2001:db8::1]:80"):
            status, _, body = srv.request("/health", host=evil)
            assert status == 400, (evil, status, body)


# -- item 7: heavy downloads -------------------------------------------------------------------------


def _big_store(seed_store_path: Path, where: Path, quads: int = 40_000) -> Path:
    """The seed store plus `quads` generated labels, so that an N-Quads export is ~8 MB."""
    import pyoxigraph as ox

    store = _copy(seed_store_path, where)
    lines = []
    for i in range(quads):
        t = (f"<https://w3id.org/zhengwu-kg/id/person/bulk{i}> <http://www.w3.org/2000/01/rdf-schema#label> "
             f'"某人{i} 在会议上的讲话内容摘要"@zh')
        lines.append(f"{t} <https://w3id.org/zhengwu-kg/id/article/bulk/{i // 50}> .\n{t} .\n")
    s = ox.Store(str(store))
    s.bulk_load("".join(lines).encode(), format=ox.RdfFormat.N_QUADS)
    s.flush()
    del s
    return store


def _rss_peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


def _children(pid: int) -> list[str]:
    out = subprocess.run(["ps", "-o", "args=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [ln for ln in out.splitlines() if "kg.serve.exporter" in ln]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc to read the server's memory")
def test_exports_stream_are_capped_and_queries_keep_their_latency(seed_store_path: Path, tmp_path: Path) -> None:
    store = _big_store(seed_store_path, tmp_path)
    with kg_serve(store, "--workers", "2") as srv:
        base_rss = _rss_peak_mb(srv.proc.pid)
        readers: list[socket.socket] = []
        try:
            heads: list[bytes] = []
            for _ in range(HEAVY_LIMIT):  # clients that start a download and then read slowly
                s = srv.connect(10, rcvbuf=4096)
                s.sendall(f"GET /export/nq HTTP/1.1\r\nHost: {srv.netloc}\r\nConnection: close\r\n\r\n".encode())
                readers.append(s)
                heads.append(s.recv(4096))
            for h in heads:  # streamed: the answer starts before the export is done, with no length
                assert h.startswith(b"HTTP/1.1 200") and b"transfer-encoding: chunked" in h.lower(), h[:300]
            status, headers, body = srv.request("/export/nq")  # one more than the cap
            assert status == 503 and headers.get("retry-after") and b"heavy requests" in body, (status, body[:200])
            latencies = []
            for _ in range(15):  # queries while the downloads are in flight
                t0 = time.perf_counter()
                status, _, body = srv.request(_ask("ASK { ?p a zw:Person }"))
                latencies.append(time.perf_counter() - t0)
                assert status == 200 and json.loads(body)["boolean"] is True
                for i, s in enumerate(readers):
                    heads[i] += s.recv(1 << 14)
            print(f"\nASK while {HEAVY_LIMIT} exports stream: max {max(latencies) * 1000:.0f} ms")
            assert max(latencies) < 2.0
            total = 0  # one download read to its end: every quad is there
            with contextlib.closing(readers.pop()) as s:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
                s.settimeout(30)
                data = heads[-1] + _read_all(s)
                _, _, body = _parse(data)
            total = sum(1 for ln in body.splitlines() if ln.strip())
            from kg.store import Store

            from kg.rdf.ids import ONTOLOGY_GRAPH

            with Store(store, read_only=True) as st:  # the ontology graph is no data: left out
                assert total == len(st) - sum(1 for _ in st.quads(ONTOLOGY_GRAPH))
        finally:
            for s in readers:
                s.close()
        deadline = time.monotonic() + 5  # the exporter of the client that left is stopped
        while _children(srv.proc.pid) or json.loads(srv.request("/health")[2])["heavy_requests"]:
            assert time.monotonic() < deadline, _children(srv.proc.pid)
            time.sleep(0.1)
        grew = _rss_peak_mb(srv.proc.pid) - base_rss
        assert grew < 60, f"the server process grew by {grew:.0f} MB for ~8 MB exports"
        assert srv.request("/export/nq")[0] == 200  # the slots are free again


def test_a_download_left_unread_is_dropped_and_frees_its_slot(seed_store_path: Path, tmp_path: Path) -> None:
    """A client that starts an export and reads nothing more is dropped after three client
    timeouts: its exporter stops and its heavy slot is free again."""
    store = _big_store(seed_store_path, tmp_path, quads=30_000)
    with kg_serve(store, "--workers", "1", "--client-timeout", str(CLIENT_TIMEOUT)) as srv:
        stalled = [srv.connect(10, rcvbuf=4096) for _ in range(HEAVY_LIMIT)]
        try:
            for s in stalled:
                s.sendall(f"GET /export/nq HTTP/1.1\r\nHost: {srv.netloc}\r\nConnection: close\r\n\r\n".encode())
                assert s.recv(1024).startswith(b"HTTP/1.1 200")
            assert srv.request("/export/nq")[0] == 503  # every slot is held by a client that does not read
            deadline = time.monotonic() + 3 * CLIENT_TIMEOUT + 3 * SLACK
            while _children(srv.proc.pid) or json.loads(srv.request("/health")[2])["heavy_requests"]:
                assert time.monotonic() < deadline, "the unread downloads were never dropped"
                time.sleep(0.2)
            status, _, body = srv.request("/export/nq")
            assert status == 200 and body.count(b"\n") > 30_000
        finally:
            for s in stalled:
                s.close()


def test_view_hops_are_bounded(srv: Srv) -> None:
    from kg.store import Store
    from kg.views import graph as gv

    with Store(srv.store, read_only=True) as s:
        who = min(d["label"] for _, d in gv.load(s).nodes(data=True) if d["cls"] == "Person")
    q = urllib.parse.quote(who)
    assert srv.request(f"/view?focus={q}&hops={MAX_HOPS}")[0] == 200
    status, _, body = srv.request(f"/view?focus={q}&hops={MAX_HOPS + 1}")
    assert status == 400 and f"at most {MAX_HOPS}".encode() in body
