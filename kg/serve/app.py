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
first /view or GraphML/GEXF download (`ViewGraph`).
"""
from __future__ import annotations

import asyncio
import contextlib
import html
import io
import ipaddress
import logging
import multiprocessing as mp
import socket
import string
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from kg.errors import KgError, StoreError, UsageError
from kg.export import FORMATS
from kg.serve.settings import (DEFAULT_HOST, DEFAULT_MAX_ROWS, DEFAULT_PORT, DEFAULT_TIMEOUT, DEFAULT_WORKERS,
                               MAX_BODY)
from kg.serve.sparql import Job, Reply, one_line, refusal, text_reply, worker_main
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


def query_page(*, endpoint: str = "/sparql", timeout: float, max_rows: int) -> str:
    """The query page: a form, and the named queries of ontology/queries/ as examples (all escaped)."""
    from importlib.resources import files

    from kg.query import named_queries

    esc = html.escape
    named = named_queries()
    options = "\n".join(
        f'<option value="{esc(n)}">{esc(n)}{" — " + esc(q.description) if q.description else ""}</option>'
        for n, q in named.items()
    )
    texts = "\n".join(f'<textarea hidden id="q-{esc(n)}">{esc(q.text)}</textarea>' for n, q in named.items())
    first = next(iter(named.values())).text if named else "SELECT ?class (COUNT(?x) AS ?n)\nWHERE { ?x a ?class }\nGROUP BY ?class\nORDER BY DESC(?n)"
    tmpl = string.Template((files("kg.views") / "templates" / "query.html").read_text("utf-8"))
    return tmpl.substitute(
        endpoint=esc(endpoint), options=options, texts=texts, first=esc(first),
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
    store: Store | None = None
    pool: "QueryPool | None" = None
    triples: int = 0
    graph: ViewGraph | None = None
    views: dict = field(default_factory=dict)  # (params) -> HTML, at most 17 kept


def _served(request: Request) -> _Served:
    return request.app.state.kg


def _err(status: int, message: str) -> Response:
    return PlainTextResponse(message + "\n", status_code=status)


async def _form(request: Request) -> dict[str, list[str]] | Response:
    """The fields of a POSTed query (form or application/sparql-query), or the error to answer."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return _err(413, f"the request body is larger than {MAX_BODY} bytes")
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
    return JSONResponse({
        "status": "ok" if pool.alive else "degraded", "store": str(served.store_path), "triples": served.triples,
        "workers": pool.alive, "timeout_s": served.timeout, "max_rows": served.max_rows, "stopped_queries": pool.killed,
    })


async def page(request: Request) -> Response:
    return HTMLResponse(_served(request).page_html)


async def view(request: Request) -> Response:
    served = _served(request)
    params = {k: v for k, v in request.query_params.items() if k in ("focus", "hops", "types")}
    if "hops" in params and not params["hops"].isdigit():
        return _err(400, "hops must be a whole number")
    key = tuple(sorted(params.items()))
    if key not in served.views:
        try:
            page_ = await asyncio.to_thread(view_html, served.graph, served.exports_dir, params)
        except _ViewFailed as e:
            return _err(500, str(e))
        except KgError as e:  # an unknown focus, a bad --types value
            return _err(400, str(e))
        served.views = {key: page_} if len(served.views) > 16 else {**served.views, key: page_}
    return HTMLResponse(served.views[key])


async def export(request: Request) -> Response:
    served = _served(request)
    f = FORMATS.get(request.path_params["fmt"])
    if f is None:
        return _err(404, f"no export format {request.path_params['fmt']!r}; try one of {', '.join(sorted(FORMATS))}")
    buf = io.BytesIO()
    if f.from_graph is not None:
        await asyncio.to_thread(lambda: f.from_graph(served.graph.plain(), buf))
    else:
        await asyncio.to_thread(f.writer, served.store, buf)
    return Response(buf.getvalue(), media_type=f.media_type,
                    headers={"Content-Disposition": f'attachment; filename="graph{f.suffix}"'})


ROUTES = [
    Route("/", page, methods=["GET"]),
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
) -> Starlette:
    """The ASGI app: `/sparql`, `/` (query page), `/view`, `/export/{fmt}`, `/health`.

    `allowed_hosts` guards against DNS rebinding (None = any Host header).
    """
    store_path = Path(store_path)
    Store(store_path, read_only=True).close()  # no store, or one a killed build left: say so now, in one line
    served = _Served(store_path, Path(exports_dir), timeout, max_rows,
                     query_page(timeout=timeout, max_rows=max_rows))  # startup data only: rendered once

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

    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)] if allowed_hosts else []
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
    loopback = is_loopback(opts.host)
    allowed = ["127.0.0.1", "localhost", "::1"] if loopback and ":" not in opts.host else None
    app = create_app(store_path, timeout=opts.timeout, max_rows=opts.max_rows, workers=opts.workers,
                     exports_dir=opts.exports_dir, allowed_hosts=allowed)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    announce(f"Serving {store_path} at http://{shown}:{port}/sparql (query page http://{shown}:{port}/); Ctrl-C stops")
    config = uvicorn.Config(app, log_level="info" if opts.access_log else "warning", access_log=opts.access_log,
                            limit_concurrency=256, timeout_graceful_shutdown=5, server_header=False)
    uvicorn.Server(config).run(sockets=[sock])
