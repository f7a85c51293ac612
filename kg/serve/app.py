"""`kg serve`: the SPARQL 1.1 Protocol over a store, read-only, with a query page and the views.

This module is the HTTP side and the worker pool; kg/serve/sparql.py evaluates a query into a reply.

HTTP stack: Starlette on uvicorn (ASGI). Both are maintained, small, and already dependencies;
uvicorn's h11 parser does the HTTP, Starlette the routing and the request/response objects, so
nothing here parses HTTP by hand. (Form bodies are decoded with `urllib.parse.parse_qs`, the
standard library's `application/x-www-form-urlencoded` decoder, to avoid python-multipart.)

Time limit: pyoxigraph has no way to cancel a query. It does release the GIL while it evaluates
(two threads ran two 0.5 s queries in 0.56 s when we measured), so a thread pool would give
throughput, but a thread that runs away can never be stopped: it keeps a core and a pool slot
until it ends, and a few such queries starve the server. So each query runs in a small pool of
worker *processes*, each with its own read-only handle on the store. When a query passes the
time limit the server answers 503, SIGKILLs that worker and starts a fresh one; the other workers
keep serving meanwhile. The price is one process per worker (tens of MB) and results crossing a
pipe as serialized bytes, which they must become anyway.

Row limit: SELECT solutions and CONSTRUCT/DESCRIBE triples are cut at `max_rows`. A cut result
carries the HTTP header `X-KG-Truncated: true` (and `X-KG-Max-Rows`) in every format, and SPARQL
JSON results also a top-level `"kg:truncated": true` member (clients ignore unknown members).

The server sees the store as it was when the workers opened it; restart it after a build, and
serve a copy rather than a store a build is writing (a read-only RocksDB reader has no guarantees
while another process writes). Because that snapshot never changes, what is derived from it is
made once: the query page at startup, the triple count for /health, and the views' graph on the
first /view or GraphML/GEXF download (`ViewGraph`). Every request first checks that the store
directory is still the one opened (`_Served.store_problem`): deleted or replaced, it is a 503.

Abuse: slow, idle and excess connections are handled below the app, in uvicorn's h11 protocol
(kg/serve/guard.py); queries nested past the parser's stack are refused before a worker sees
them (kg.query.check_complexity, called from kg/serve/sparql.py); heavy requests (exports, graph downloads, views not yet cached) hold
one of `HEAVY_LIMIT` slots, and RDF exports stream from a process of their own
(kg/serve/exporter.py) so that neither their memory nor their CPU lands on the query path.
"""
from __future__ import annotations

import asyncio
import contextlib
import html
import io
import ipaddress
import logging
import multiprocessing as mp
import os
import socket
import string
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from kg.errors import KgError, StoreError, UsageError
from kg.export import FORMATS
from kg.serve.exporter import RDF_FORMATS
from kg.serve.guard import HostGuard, guarded_protocol
from kg.serve.settings import (CLIENT_TIMEOUT, DEFAULT_HOST, DEFAULT_MAX_ROWS, DEFAULT_PORT, DEFAULT_TIMEOUT,
                               DEFAULT_WORKERS, EXPORT_TIMEOUT, HEAVY_LIMIT, KEEP_ALIVE, MAX_BODY, MAX_CONNECTIONS,
                               MAX_HOPS, SEND_FACTOR)
from kg.serve.sparql import Job, Reply, complexity_refusal, one_line, refusal, text_reply, worker_main
from kg.store import Store

log = logging.getLogger("kg.serve")

# -- the worker pool ----------------------------------------------------------------------------


class _Worker:
    def __init__(self, store_path: str, ctx) -> None:  # noqa: ANN001
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=worker_main, args=(store_path, child), daemon=True, name="kg-sparql-worker")
        self.proc.start()
        child.close()
        if not self.conn.poll(60):
            self.kill()
            raise StoreError(f"{store_path}: a query worker did not start within 60 s")
        kind, detail = self.conn.recv()
        if kind != "ready":
            self.kill()
            raise StoreError(detail)

    def ask(self, job: Job, timeout: float) -> Reply | None:
        """Send `job`; the reply, or None when `timeout` passed first. EOFError if the worker died."""
        self.conn.send(job)
        if not self.conn.poll(timeout):
            return None
        return self.conn.recv()

    def kill(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class QueryPool:
    """`size` worker processes; a query past `timeout` seconds gets its worker killed and replaced."""

    def __init__(self, store_path: str | Path, *, size: int = DEFAULT_WORKERS, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.store_path = str(store_path)
        self.size = size
        self.timeout = timeout
        self._ctx = mp.get_context("spawn")  # never fork a process that runs an event loop and threads
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()
        self._threads = ThreadPoolExecutor(max_workers=size + 2, thread_name_prefix="kg-sparql")
        self._lock = threading.Lock()
        self._lost = 0  # workers that could not be replaced
        self._tasks: set[asyncio.Task] = set()  # replacements under way (held, or they may be collected)
        self._closed = False
        self.killed = 0

    @property
    def alive(self) -> int:
        return len(self._all)

    def _spawn(self) -> _Worker:
        w = _Worker(self.store_path, self._ctx)
        with self._lock:
            if self._closed:
                w.kill()
                raise StoreError("the server is shutting down")
            self._all.add(w)
        return w

    def _start_replacing(self, dead: _Worker) -> None:
        task = asyncio.ensure_future(self._replace(dead))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        loop = asyncio.get_running_loop()
        workers = await asyncio.gather(*(loop.run_in_executor(self._threads, self._spawn) for _ in range(self.size)))
        for w in workers:
            self._idle.put_nowait(w)

    async def _replace(self, dead: _Worker) -> None:
        loop = asyncio.get_running_loop()
        with self._lock:
            self._all.discard(dead)
        await loop.run_in_executor(self._threads, dead.kill)
        try:
            w = await loop.run_in_executor(self._threads, self._spawn)
        except KgError as e:
            if not self._closed:
                log.error("cannot start a query worker: %s", e)
                self._lost += 1
            return
        self._idle.put_nowait(w)

    async def run(self, job: Job) -> Reply:
        if self._idle is None or self._lost >= self.size:
            return text_reply(503, "no query workers are running; see the server log")
        w = await self._idle.get()
        loop = asyncio.get_running_loop()
        try:
            reply = await loop.run_in_executor(self._threads, w.ask, job, self.timeout)
        except (EOFError, OSError) as e:
            self._start_replacing(w)
            return text_reply(500, f"the query worker died ({one_line(e)}); a new one is starting")
        except BaseException:
            self._start_replacing(w)  # cancelled mid-query: the pipe may still get its late reply
            raise
        if reply is None:
            self.killed += 1
            self._start_replacing(w)
            return text_reply(503, f"the query ran longer than the time limit of {self.timeout:g} s and was stopped")
        self._idle.put_nowait(w)
        return reply

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._all = list(self._all), set()
        for w in workers:
            w.kill()
        self._threads.shutdown(wait=False, cancel_futures=True)


# -- pages --------------------------------------------------------------------------------------


def for_readers(text: str) -> str:
    """A named query as the query page shows it: its description line, then the query without the
    comments written for developers (how it was tuned, what it costs).

    >>> for_readers("# People\\n# Shape, measured: 0.2 s\\nSELECT ?p  # each person\\nWHERE { ?p a zw:Person }\\n")
    '# People\\nSELECT ?p  # each person\\nWHERE { ?p a zw:Person }\\n'
    """
    lines = text.splitlines()
    head = [lines[0]] if lines and lines[0].lstrip().startswith("#") else []
    body = [ln for ln in lines[len(head):] if not ln.lstrip().startswith("#")]
    while body and not body[0].strip():
        body.pop(0)
    return "\n".join(head + body) + "\n"


EXAMPLE_CHARS = 70  # of a description in the example list; the whole shows under the list


def query_page(*, endpoint: str = "/sparql", timeout: float, max_rows: int) -> str:
    """The query page: a form, and the named queries of ontology/queries/ as examples (all escaped)."""
    from importlib.resources import files

    from kg.query import named_queries

    esc = html.escape
    named = named_queries()

    def short(d: str) -> str:
        return d if len(d) <= EXAMPLE_CHARS else d[: EXAMPLE_CHARS - 1] + "…"

    options = "\n".join(  # the first is selected: it is the query the page opens with
        f'<option value="{esc(n)}" title="{esc(q.description)}"{" selected" if i == 0 else ""}>'
        f'{esc(n)}{" — " + esc(short(q.description)) if q.description else ""}</option>'
        for i, (n, q) in enumerate(named.items())
    )
    texts = "\n".join(f'<textarea hidden id="q-{esc(n)}">{esc(for_readers(q.text))}</textarea>' for n, q in named.items())
    first = (for_readers(next(iter(named.values())).text) if named
             else "SELECT ?class (COUNT(?x) AS ?n)\nWHERE { ?x a ?class }\nGROUP BY ?class\nORDER BY DESC(?n)")
    tmpl = string.Template((files("kg.views") / "templates" / "query.html").read_text("utf-8"))
    return tmpl.substitute(
        endpoint=esc(endpoint), options=options, texts=texts, first=esc(first),
        about=esc(next(iter(named.values())).description) if named else "",
        timeout=esc(f"{timeout:g}"), max_rows=esc(str(max_rows)), count=len(named),
    )


class _ViewFailed(KgError):
    """kg.views raised something other than a user error."""


class ViewGraph:
    """The store as kg.graphview's networkx graph, loaded on first use and then kept.

    Sound because the server reads a snapshot of the store for its whole life (see the module
    doc). One copy serves every view and both graph downloads: it is loaded with the zw:mentions
    edges, and each use takes it without them, as `kg view` and `kg export` do. Thread-safe: the
    first callers wait for one load; afterwards the graph is only read.
    """

    def __init__(self, store) -> None:  # noqa: ANN001
        self._store = store
        self._lock = threading.Lock()
        self._graph = None

    def full(self):  # noqa: ANN201
        """The whole graph, zw:mentions edges included (treat as read-only)."""
        with self._lock:
            if self._graph is None:
                from kg.views import graph as gv

                self._graph = gv.load(self._store, mentions=True)
            return self._graph

    def plain(self):  # noqa: ANN201
        """A read-only view of the graph without zw:mentions edges: what `gv.load(store)` gives."""
        from kg.views import graph as gv

        return gv.without_mentions(self.full())


def view_html(graph: ViewGraph, exports_dir: Path, params: dict[str, str]) -> str:
    """The network view drawn by kg.views from `graph` (exports/graph.html if drawing fails)."""
    from kg.views import html as views  # here: networkx and pyvis are slow to import for `kg --help`

    p = exports_dir / "graph.html"
    kw = {k: (int(v) if k == "hops" else v) for k, v in params.items()}
    try:
        return views.render_view_html(None, full=graph.full(), **kw)
    except KgError:
        raise
    except Exception:  # noqa: BLE001 - a broken view must not take the endpoint down
        log.exception("kg.views failed; falling back to %s", p)
        if params or not p.is_file():
            raise _ViewFailed("the network view failed (see the server log)") from None
    return p.read_text("utf-8")


# -- the app ------------------------------------------------------------------------------------


@dataclass
class _Served:
    """What the handlers share: the settings, and what the lifespan opened (a snapshot of the store)."""

    store_path: Path
    exports_dir: Path
    timeout: float
    max_rows: int
    page_html: str
    store_id: tuple[int, int] = (0, 0)  # (device, inode) of the store directory at startup
    store: Store | None = None
    pool: "QueryPool | None" = None
    triples: int = 0
    graph: ViewGraph | None = None
    views: dict = field(default_factory=dict)  # (params) -> HTML, at most 17 kept
    heavy: int = 0  # heavy requests (exports, graph downloads, new views) running now
    heavy_limit: int = HEAVY_LIMIT
    export_timeout: float = EXPORT_TIMEOUT
    send_timeout: float = SEND_FACTOR * CLIENT_TIMEOUT  # a download left unread this long is dropped

    def store_problem(self) -> str | None:
        """Why the store the server opened is no longer there to serve, or None.

        The workers hold the store's files open, so a deleted or replaced directory goes unnoticed
        by them (and a replacement worker opens whatever is there now): answers would differ with
        the worker asked. Two stat calls per request tell it instead.
        """
        where = self.store_path
        try:
            st = os.stat(where)
        except FileNotFoundError:
            return f"the store {where} is gone (deleted or moved) since the server started; restart kg serve on a store"
        except OSError as e:
            return f"the store {where} cannot be read any more ({e.strerror}); restart kg serve"
        if (st.st_dev, st.st_ino) != self.store_id:
            return f"the store {where} was replaced by another directory since the server started; restart kg serve to serve it"
        if not (where / "CURRENT").exists():
            return f"the store {where} no longer holds a store (its files were removed); restart kg serve on a store"
        return None


def _served(request: Request) -> _Served:
    return request.app.state.kg


def _err(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


def _busy(served: _Served) -> Response:
    return _err(503, f"{served.heavy_limit} heavy requests (exports, network views) are running, the most at once; "
                "try again shortly", {"Retry-After": "5"})


@contextlib.contextmanager
def _heavy_slot(served: _Served) -> Iterator[bool]:
    """One of the `heavy_limit` slots for an export or a view (False: none free). One event loop
    runs every handler, so a counter is enough."""
    if served.heavy >= served.heavy_limit:
        yield False
        return
    served.heavy += 1
    try:
        yield True
    finally:
        served.heavy -= 1


async def _form(request: Request) -> dict[str, list[str]] | Response:
    """The fields of a POSTed query (form or application/sparql-query), or the error to answer."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = b""
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                return _err(413, f"the request body is larger than {MAX_BODY} bytes")
    except ClientDisconnect:  # the client left (or was timed out by kg.serve.guard): nobody to answer
        return _err(400, "the client closed the connection before the end of its request")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return _err(400, "the request body is not UTF-8")
    if ctype == "application/sparql-update":
        return _err(403, "SPARQL Update is refused: this endpoint is read-only")
    if ctype == "application/x-www-form-urlencoded":
        return parse_qs(text, keep_blank_values=True)
    if ctype == "application/sparql-query":
        return {"query": [text]}
    return _err(415, "POST a query as application/x-www-form-urlencoded (query=…) or application/sparql-query")


async def sparql(request: Request) -> Response:
    """The SPARQL 1.1 Protocol query operation (GET, or POST of a form or a query)."""
    served = _served(request)
    gone = served.store_problem()
    if gone:
        return _err(503, gone)
    url = request.query_params
    fields: dict[str, list[str]] = {}
    if request.method == "POST":
        got = await _form(request)
        if isinstance(got, Response):
            return got
        fields = got

    def values(name: str) -> list[str]:
        return url.getlist(name) + fields.get(name, [])

    if values("update"):
        return _err(403, "SPARQL Update is refused: this endpoint is read-only")
    queries = values("query")
    if not queries and request.method == "GET" and "text/html" in request.headers.get("accept", ""):
        return RedirectResponse("/", status_code=303)  # a browser opened /sparql: show the query page
    if not queries:
        return _err(400, "no query: give ?query=… (GET), or POST a form or application/sparql-query; see / for a query page")
    if len(queries) > 1:
        return _err(400, "more than one query parameter")
    too_complex = complexity_refusal(queries[0])
    if too_complex:
        return _err(400, too_complex)
    why = refusal(queries[0])
    if why:
        return _err(403, why)
    job = Job(
        queries[0], request.headers.get("accept"), tuple(values("format") + values("output")),
        tuple(values("default-graph-uri")), tuple(values("named-graph-uri")), served.max_rows,
    )
    reply = await served.pool.run(job)
    headers = {"Vary": "Accept"}
    if reply.truncated:
        headers.update({"X-KG-Truncated": "true", "X-KG-Max-Rows": str(served.max_rows)})
    return Response(reply.body, status_code=reply.status, headers=headers, media_type=reply.media_type)


async def health(request: Request) -> Response:
    served = _served(request)
    pool = served.pool
    gone = served.store_problem()
    status = "store-missing" if gone else ("ok" if pool.alive else "degraded")
    doc = {
        "status": status, "store": str(served.store_path), "triples": served.triples,
        "workers": pool.alive, "timeout_s": served.timeout, "max_rows": served.max_rows, "stopped_queries": pool.killed,
        "heavy_requests": served.heavy,
    }
    if gone:
        doc["reason"] = gone
    return JSONResponse(doc, status_code=503 if gone else 200)


async def page(request: Request) -> Response:
    return HTMLResponse(_served(request).page_html)


async def favicon(request: Request) -> Response:
    """No icon, and no 404 in the browser's console for the one every browser asks for."""
    return Response(status_code=204)


async def view(request: Request) -> Response:
    served = _served(request)
    gone = served.store_problem()
    if gone:
        return _err(503, gone)
    params = {k: v for k, v in request.query_params.items() if k in ("focus", "hops", "types")}
    if "hops" in params and not params["hops"].isdigit():
        return _err(400, "hops must be a whole number")
    if "hops" in params and int(params["hops"]) > MAX_HOPS:
        return _err(400, f"hops must be at most {MAX_HOPS} (more reaches most of the graph: drop focus for the whole view)")
    key = tuple(sorted(params.items()))
    if key not in served.views:
        with _heavy_slot(served) as free:
            if not free:
                return _busy(served)
            try:
                page_ = await asyncio.to_thread(view_html, served.graph, served.exports_dir, params)
            except _ViewFailed as e:
                return _err(500, str(e))
            except KgError as e:  # an unknown focus, a bad --types value
                return _err(400, str(e))
        served.views = {key: page_} if len(served.views) > 16 else {**served.views, key: page_}
    return HTMLResponse(served.views[key])


class _ExportStream:
    """An ASGI response that streams `python -m kg.serve.exporter STORE FORMAT` to the client.

    Holds a heavy slot until the stream ends. The exporter is killed when the client leaves,
    reads nothing for `send_timeout` seconds, or the whole export passes `export_timeout`; a stream cut
    after its headers went out ends without its final chunk, so the client sees it incomplete.
    """

    def __init__(self, served: _Served, fmt: str, media_type: str, suffix: str) -> None:
        self.served, self.fmt, self.media_type, self.suffix = served, fmt, media_type, suffix

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        served = self.served
        with _heavy_slot(served) as free:
            if not free:
                await _busy(served)(scope, receive, send)
                return
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "kg.serve.exporter", str(served.store_path), self.fmt,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, stdin=asyncio.subprocess.DEVNULL)
            pumping = asyncio.ensure_future(self._pump(proc, send))
            leaving = asyncio.ensure_future(self._client_left(receive))
            try:
                done, _ = await asyncio.wait({pumping, leaving}, timeout=served.export_timeout,
                                             return_when=asyncio.FIRST_COMPLETED)
                if pumping in done:
                    pumping.result()
                elif not done:
                    log.warning("/export/%s passed the time limit of %g s and was cut", self.fmt, served.export_timeout)
            finally:
                for task in (pumping, leaving):
                    task.cancel()
                await asyncio.gather(pumping, leaving, return_exceptions=True)
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                # read to the end: asyncio reports the exit only once its pipes are closed, and a
                # pipe paused by a full buffer (the client stopped reading) never sees its EOF
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(asyncio.gather(proc.stdout.read(), proc.stderr.read()), 10)
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(proc.wait(), 10)

    async def _pump(self, proc: asyncio.subprocess.Process, send) -> None:  # noqa: ANN001
        first = await proc.stdout.read(1 << 16)
        if not first:
            await proc.wait()
            why = (await proc.stderr.read()).decode("utf-8", "replace").strip() or f"exit status {proc.returncode}"
            log.error("/export/%s failed: %s", self.fmt, why)
            body = f"the export failed: {why.splitlines()[-1]}\n".encode("utf-8")
            await send({"type": "http.response.start", "status": 500,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
            await send({"type": "http.response.body", "body": body})
            return
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", self.media_type.encode("latin-1")),
            (b"content-disposition", f'attachment; filename="graph{self.suffix}"'.encode("latin-1"))]})
        chunk, wait = first, self.served.send_timeout
        while chunk:
            try:
                await asyncio.wait_for(send({"type": "http.response.body", "body": chunk, "more_body": True}), wait)
            except asyncio.TimeoutError:
                log.warning("/export/%s: the client read nothing for %g s and was dropped", self.fmt, wait)
                return
            chunk = await proc.stdout.read(1 << 16)
        await proc.wait()
        if proc.returncode != 0:
            why = (await proc.stderr.read()).decode("utf-8", "replace").strip()
            log.error("/export/%s failed midway: %s", self.fmt, why)
            return  # no final chunk: the client sees an incomplete download, not a short file
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    @staticmethod
    async def _client_left(receive) -> None:  # noqa: ANN001
        while (await receive())["type"] != "http.disconnect":
            pass


async def export(request: Request):  # noqa: ANN201
    served = _served(request)
    gone = served.store_problem()
    if gone:
        return _err(503, gone)
    name = request.path_params["fmt"]
    f = FORMATS.get(name)
    if f is None:
        return _err(404, f"no export format {name!r}; try one of {', '.join(sorted(FORMATS))}")
    if name in RDF_FORMATS:
        return _ExportStream(served, name, f.media_type, f.suffix)
    with _heavy_slot(served) as free:
        if not free:
            return _busy(served)
        buf = io.BytesIO()
        if f.from_graph is not None:
            await asyncio.to_thread(lambda: f.from_graph(served.graph.plain(), buf))
        else:
            await asyncio.to_thread(f.writer, served.store, buf)
    return Response(buf.getvalue(), media_type=f.media_type,
                    headers={"Content-Disposition": f'attachment; filename="graph{f.suffix}"'})


ROUTES = [
    Route("/", page, methods=["GET"]),
    Route("/favicon.ico", favicon, methods=["GET"]),
    Route("/sparql", sparql, methods=["GET", "POST"]),
    Route("/health", health, methods=["GET"]),
    Route("/view", view, methods=["GET"]),
    Route("/export/{fmt}", export, methods=["GET"]),
]


def create_app(
    store_path: str | Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    workers: int = DEFAULT_WORKERS,
    exports_dir: str | Path = "exports",
    allowed_hosts: list[str] | None = None,
    heavy_limit: int = HEAVY_LIMIT,
    export_timeout: float = EXPORT_TIMEOUT,
    client_timeout: float = CLIENT_TIMEOUT,
) -> Starlette:
    """The ASGI app: `/sparql`, `/` (query page), `/view`, `/export/{fmt}`, `/health`.

    `allowed_hosts` guards against DNS rebinding (None = any Host header).
    """
    store_path = Path(store_path)
    Store(store_path, read_only=True).close()  # no store, or one a killed build left: say so now, in one line
    st = os.stat(store_path)
    served = _Served(store_path, Path(exports_dir), timeout, max_rows,
                     query_page(timeout=timeout, max_rows=max_rows),  # startup data only: rendered once
                     store_id=(st.st_dev, st.st_ino), heavy_limit=heavy_limit, export_timeout=export_timeout,
                     send_timeout=SEND_FACTOR * client_timeout)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):  # noqa: ANN202
        store = Store(store_path, read_only=True)
        pool = QueryPool(store_path, size=workers, timeout=timeout)
        try:
            await pool.start()
            served.triples = await asyncio.to_thread(store.count_triples)  # the figure `kg build` reports
            served.store, served.pool, served.graph = store, pool, ViewGraph(store)
            yield
        finally:
            pool.close()
            store.close()

    middleware = [Middleware(HostGuard, allowed=set(allowed_hosts))] if allowed_hosts else []
    app = Starlette(routes=ROUTES, middleware=middleware, lifespan=lifespan)
    app.state.kg = served
    return app


# -- running it ---------------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    """True if every address `host` names is a loopback address (127.0.0.0/8, ::1)."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(i[4][0].split("%")[0]).is_loopback for i in infos)


@dataclass
class ServeOptions:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    allow_remote: bool = False
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    workers: int = DEFAULT_WORKERS
    exports_dir: Path = field(default_factory=lambda: Path("exports"))
    access_log: bool = True
    client_timeout: float = CLIENT_TIMEOUT
    max_connections: int = MAX_CONNECTIONS
    heavy_limit: int = HEAVY_LIMIT


def bind(host: str, port: int, *, allow_remote: bool = False) -> socket.socket:
    """A listening-ready socket on host:port; a non-loopback host needs `allow_remote`."""
    if not allow_remote and not is_loopback(host):
        raise UsageError(f"--host {host} is not a loopback address; add --allow-remote to serve the network")
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        sock = socket.socket(family, socket.SOCK_STREAM)
    except OSError as e:
        raise KgError(f"cannot listen on {host}:{port}: {one_line(e)}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port))
    except OSError as e:
        sock.close()
        why = "the port is in use; pick another with --port (0 = any free port)" if e.errno == 98 else one_line(e)
        raise KgError(f"cannot listen on {host}:{port}: {why}") from None
    return sock


def serve(store_path: str | Path, opts: ServeOptions, *, announce=print) -> None:  # noqa: ANN001
    """Run the server until interrupted (Ctrl-C / SIGTERM)."""
    import uvicorn

    sock = bind(opts.host, opts.port, allow_remote=opts.allow_remote)
    host, port = sock.getsockname()[:2]
    # on loopback, answer only to loopback names (DNS rebinding), IPv4 and IPv6 alike
    allowed = ["127.0.0.1", "localhost", "::1", host] if is_loopback(opts.host) else None
    app = create_app(store_path, timeout=opts.timeout, max_rows=opts.max_rows, workers=opts.workers,
                     exports_dir=opts.exports_dir, allowed_hosts=allowed, heavy_limit=opts.heavy_limit,
                     client_timeout=opts.client_timeout)
    shown = f"[{host}]" if ":" in host else host
    announce(f"Serving {store_path} at http://{shown}:{port}/sparql (query page http://{shown}:{port}/); Ctrl-C stops")
    config = uvicorn.Config(app, log_level="info" if opts.access_log else "warning", access_log=opts.access_log,
                            http=guarded_protocol(opts.client_timeout, opts.max_connections), limit_concurrency=None,
                            timeout_keep_alive=min(KEEP_ALIVE, opts.client_timeout), timeout_graceful_shutdown=5,
                            server_header=False)
    uvicorn.Server(config).run(sockets=[sock])
