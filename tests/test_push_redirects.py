"""`kg push` against hostile or mistyped endpoints (issue 15, items 1 and 15): a redirect is never
followed (the token would go to another origin and the body be dropped), and a bad URL is a
one-line usage error before anything is sent. Real HTTP servers on 127.0.0.1, no mocks."""
from __future__ import annotations

import http.server
import threading
from pathlib import Path
from typing import Iterator

import pytest

from kg.cli import main

TOKEN = "s3cr3t-push-token"


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Records every request; answers `status` (with `location` for a 3xx)."""

    status = 204
    location = ""
    seen: list[dict[str, str]] = []

    def _handle(self) -> None:
        n = int(self.headers.get("Content-Length", 0) or 0)
        body = self.rfile.read(n) if n else b""
        self.seen.append({**dict(self.headers.items()), "method": self.command, "path": self.path,
                          "body": body.decode("utf-8", "replace")})
        self.send_response(self.status)
        if self.location:
            self.send_header("Location", self.location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_PUT = do_POST = _handle

    def log_message(self, *args: object) -> None:
        pass


def _server(status: int, location: str = "") -> tuple[http.server.ThreadingHTTPServer, type[_Recorder], str]:
    handler = type("Handler", (_Recorder,), {"seen": [], "status": status, "location": location})
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, handler, f"http://127.0.0.1:{srv.server_address[1]}"


@pytest.fixture()
def elsewhere() -> Iterator[tuple[type[_Recorder], str]]:
    """The "other host": another origin (another port on loopback) that accepts anything."""
    srv, handler, base = _server(200)
    yield handler, base
    srv.shutdown()
    srv.server_close()


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    for k in ("KG_PUSH_USER", "KG_PUSH_PASSWORD"):
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("KG_PUSH_TOKEN", TOKEN)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("mode", [["--update"], []])
def test_a_redirect_to_another_origin_is_not_followed_and_fails(elsewhere, seed_store_path: Path, runner,
                                                                 status: int, mode: list[str]) -> None:  # noqa: ANN001
    other, other_base = elsewhere
    srv, handler, base = _server(status, f"{other_base}/update")
    try:
        url = f"{base}/update"
        r = runner.invoke(main, ["push", *mode, url, "--store", str(seed_store_path), "-q"])
    finally:
        srv.shutdown()
        srv.server_close()
    assert r.exit_code == 1, r.output
    assert other.seen == [], "the push followed the redirect (and sent the token) to another origin"
    assert len(handler.seen) == 1 and handler.seen[0]["Authorization"] == f"Bearer {TOKEN}"
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {url}: {status}"), r.output
    assert f"{other_base}/update" in lines[0] and "redirect" in lines[0]
    assert "no graph was stored" in lines[0] and "Pushed" not in r.output
    assert TOKEN not in r.output and "Traceback" not in r.output


def test_what_was_stored_before_a_failure_is_said(seed_store_path: Path, runner) -> None:  # noqa: ANN001
    """A store that takes the first graphs and then refuses: the message says how many it holds."""

    class Flaky(_Recorder):
        seen: list[dict[str, str]] = []

        def _handle(self) -> None:
            self.status = 204 if len(self.seen) < 3 else 500
            super()._handle()

        do_PUT = _handle

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        r = runner.invoke(main, ["push", f"http://127.0.0.1:{srv.server_address[1]}/data", "--store",
                                 str(seed_store_path), "-q"])
    finally:
        srv.shutdown()
        srv.server_close()
    assert r.exit_code == 1
    assert "3 of " in r.output and "were stored before this" in r.output and "Pushed" not in r.output


@pytest.mark.parametrize("url,says", [
    ("http://[::1", "not a valid URL"),
    ("http://127.0.0.1:7878/my store", "%20"),
    ("http://127.0.0.1:99999/store", "port"),
    ("http://127.0.0.1:port/store", "port"),
])
def test_a_malformed_url_is_a_one_line_usage_error(seed_store_path: Path, runner, url: str, says: str) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["push", url, "--store", str(seed_store_path)])
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output and r.exception is None or isinstance(r.exception, SystemExit)
    last = r.output.strip().splitlines()[-1]
    assert last.startswith("Error:") and says in last, r.output
    assert "connection refused" not in r.output
