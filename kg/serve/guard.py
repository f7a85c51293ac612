"""What uvicorn leaves open to a slow or idle client, closed: read deadlines, a connection limit
that sheds idle connections first, and a Host check that also holds for IPv6 loopback.

uvicorn's h11 protocol times out only a keep-alive connection that sends nothing at all, and the
timer is reset by any byte; a connection that never sends, or trickles its headers or body a byte
at a time, is held for ever. Its `limit_concurrency` then answers *every* request 503 once that
many sockets are open, so a few hundred idle sockets lock every client out. `guarded_protocol`
gives uvicorn a subclass of its own h11 protocol (so HTTP is still parsed by h11) that adds:

* a read deadline: a request's line and headers must be in within `client_timeout` seconds of
  the connection opening (or of the previous response, on a kept-alive connection), and its body
  within `client_timeout` seconds of its headers. Past it the client gets 408 and is closed
  (closed silently if it sent nothing);
* a connection limit: a connection beyond `max_connections` closes the oldest one that is only
  waiting for a request; only when every connection has a request running is the newcomer
  answered 503. So idle sockets can never crowd out a client that asks something.

`HostGuard` refuses a Host header that names another machine (DNS rebinding) on a loopback
server. Starlette's TrustedHostMiddleware cuts the Host at the first ':', which turns `[::1]:7878`
into `[`, so it was switched off for `--host ::1`; this one reads bracketed IPv6 hosts.
"""
from __future__ import annotations

import asyncio
import logging

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("kg.serve")

_HEAD, _BODY, _BUSY = "head", "body", "busy"  # waiting for a request / for its body / answering it


def _raw_reply(status: str, message: str, extra: str = "") -> bytes:
    body = (message + "\n").encode("utf-8")
    return (f"HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {len(body)}\r\n"
            f"{extra}Connection: close\r\n\r\n").encode("ascii") + body


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with read deadlines and a connection limit that sheds idle sockets."""

    client_timeout: float = 10.0
    max_connections: int = 200

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self._phase = ""
        self._since = 0.0
        self._timer: asyncio.TimerHandle | None = None

    # -- phases and their deadline ----------------------------------------------------------
    def _update(self) -> None:
        """Find the phase from h11's state; a new waiting phase gets a fresh deadline."""
        if self.transport is None or self.transport.is_closing():
            return
        their = self.conn.their_state
        if their is h11.SEND_BODY:
            phase = _BODY
        elif their is h11.IDLE and (self.cycle is None or self.cycle.response_complete):
            phase = _HEAD
        else:
            phase = _BUSY
        if phase == self._phase:
            return
        self._phase, self._since = phase, self.loop.time()
        self._cancel_timer()
        if phase != _BUSY:
            self._timer = self.loop.call_later(self.client_timeout, self._expired)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _expired(self) -> None:
        self._timer = None
        if self.transport.is_closing():
            return
        pending, _ = self.conn.trailing_data
        if self._phase == _BODY or pending:
            what = "body" if self._phase == _BODY else "headers"
            self.transport.write(_raw_reply(
                "408 Request Timeout", f"the request {what} did not arrive within {self.client_timeout:g} s"))
        self.transport.close()

    # -- the connection limit ---------------------------------------------------------------
    def _make_room(self) -> None:
        idle = sorted((c for c in self.connections
                       if c is not self and isinstance(c, GuardedH11Protocol) and c._phase == _HEAD
                       and not c.transport.is_closing()), key=lambda c: c._since)
        excess = len(self.connections) - self.max_connections
        for c in idle[:excess]:
            c._cancel_timer()
            c.transport.close()
            c.connections.discard(c)  # counted out now; connection_lost comes on the next loop turn
        if len(self.connections) > self.max_connections:
            log.warning("connection limit (%d) reached with every connection busy; refusing one", self.max_connections)
            self.transport.write(_raw_reply(
                "503 Service Unavailable",
                f"the server is at its limit of {self.max_connections} connections, all busy; try again shortly",
                "Retry-After: 1\r\n"))
            self._cancel_timer()
            self.transport.close()
            self.connections.discard(self)

    # -- uvicorn's hooks --------------------------------------------------------------------
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._update()
        if len(self.connections) > self.max_connections:
            self._make_room()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._update()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._update()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_timer()
        super().connection_lost(exc)


def guarded_protocol(client_timeout: float, max_connections: int) -> type[GuardedH11Protocol]:
    """The protocol class to give uvicorn (`Config(http=...)`), with these limits."""
    return type("KgH11Protocol", (GuardedH11Protocol,),
                {"client_timeout": float(client_timeout), "max_connections": int(max_connections)})


# -- the Host header ------------------------------------------------------------------------


def host_of(value: str) -> str:
    """The host part of a Host header, lower-cased, brackets removed.

    >>> [host_of(h) for h in ("127.0.0.1:7878", "[::1]:7878", "[::1]", "LocalHost", "::1")]
    ['127.0.0.1', '::1', '::1', 'localhost', '::1']
    """
    v = value.strip().lower()
    if v.startswith("["):
        end = v.find("]")
        return v[1:end] if end > 0 else v
    if v.count(":") == 1:
        return v.partition(":")[0]
    return v


class HostGuard:
    """ASGI middleware: 400 for a request whose Host header is not one of `allowed` (DNS rebinding)."""

    def __init__(self, app, allowed: set[str]) -> None:  # noqa: ANN001
        self.app = app
        self.allowed = {host_of(h) for h in allowed}

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] == "http":
            host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), "")
            if host_of(host) not in self.allowed:
                body = b"Invalid host header: this server answers only to its loopback names\n"
                await send({"type": "http.response.start", "status": 400,
                            "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                        (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
