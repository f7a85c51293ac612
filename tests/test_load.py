"""The endpoint under load: 50 concurrent clients for a bounded time, a mix of the competency
queries, every answer checked against the library's. Latency is printed (a figure, not a target).

Bounded in count and time: LOAD_SECONDS (default 30) of traffic, and every request has a timeout,
so the test stops by itself; all traffic goes to a server on 127.0.0.1 that the test starts.
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kg.query import named_queries
from kg.store import Store
from conftest import stop_process

pytestmark = [pytest.mark.server, pytest.mark.slow]

CLIENTS = 50
LOAD_SECONDS = float(os.environ.get("KG_LOAD_SECONDS", "30"))
MAX_REQUESTS = 20_000  # a second bound, whatever the speed


def _canon(rows: list[dict]) -> list[tuple]:
    return sorted(tuple(sorted((k, v) for k, v in r.items() if v is not None)) for r in rows)


def _local(store: Path, text: str) -> list[tuple]:
    from kg.query import run

    with Store(store, read_only=True) as s:
        r = run(s, text)
        names = [v.value for v in r.variables]
        return _canon([{n: (sol[n].value if sol[n] is not None else None) for n in names} for sol in r])


@pytest.fixture(scope="module")
def endpoint(seed_store_path: Path, tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    base = tmp_path_factory.mktemp("load")
    store = base / "store"
    shutil.copytree(seed_store_path, store, ignore=shutil.ignore_patterns("kg.lock"))
    env = dict(os.environ, no_proxy="127.0.0.1,localhost", NO_PROXY="127.0.0.1,localhost", PYTHONUNBUFFERED="1")
    log = open(base / "server.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", "0", "--workers", "2",
                             "--timeout", "20", "-q"], stdout=subprocess.PIPE, stderr=log, env=env, cwd=base)
    line: list[bytes] = []
    t = threading.Thread(target=lambda: line.append(proc.stdout.readline()), daemon=True)
    t.start()
    t.join(30)
    assert line and b"http://" in line[0], (base / "server.log").read_text()
    url = line[0].decode().split(" at ", 1)[1].strip()
    url = url.split("/sparql", 1)[0] + "/sparql"
    deadline = time.monotonic() + 30
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    while True:
        try:
            with opener.open(url.replace("/sparql", "/health"), timeout=5) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        assert time.monotonic() < deadline
        time.sleep(0.1)
    try:
        yield url, store, opener
    finally:
        stop_process(proc)
        log.close()


def test_fifty_clients_get_correct_answers(endpoint) -> None:  # noqa: ANN001
    url, store, opener = endpoint
    queries = {n: q.text for n, q in named_queries().items()}
    assert queries
    expected = {n: _local(store, q) for n, q in queries.items()}
    names = sorted(queries)
    stop = time.monotonic() + LOAD_SECONDS
    latencies: list[float] = []
    errors: list[str] = []
    count = [0]
    lock = threading.Lock()

    def client(i: int) -> None:
        k = i
        while time.monotonic() < stop:
            with lock:
                if count[0] >= MAX_REQUESTS:
                    return
                count[0] += 1
            name = names[k % len(names)]
            k += 1
            body = urllib.parse.urlencode({"query": queries[name]}).encode()
            req = urllib.request.Request(url, data=body, headers={"Accept": "application/sparql-results+json",
                                                                  "Content-Type": "application/x-www-form-urlencoded"})
            t0 = time.perf_counter()
            try:
                with opener.open(req, timeout=60) as r:
                    data = json.load(r)
            except Exception as e:  # noqa: BLE001  (any failure is a test failure, recorded)
                with lock:
                    errors.append(f"{name}: {e}")
                continue
            dt = time.perf_counter() - t0
            rows = [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
            got = _canon([{v: r.get(v) for v in data["head"]["vars"]} for r in rows])
            with lock:
                latencies.append(dt)
                if got != expected[name]:
                    errors.append(f"{name}: wrong answer ({len(got)} rows, expected {len(expected[name])})")

    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(client, range(CLIENTS)))
    assert not errors, errors[:5]
    assert latencies
    q = statistics.quantiles(latencies, n=100)
    print(f"\nload: {CLIENTS} clients, {len(latencies)} queries in {LOAD_SECONDS:.0f} s "
          f"({len(latencies) / LOAD_SECONDS:.0f}/s); latency p50 {q[49] * 1000:.0f} ms, p95 {q[94] * 1000:.0f} ms, "
          f"max {max(latencies) * 1000:.0f} ms")
