"""The defaults and limits of `kg serve`, apart from the app so that the CLI can show them cheaply."""
from __future__ import annotations

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0  # seconds a query may run before its worker is killed (503)
DEFAULT_WORKERS = 4  # query worker processes
DEFAULT_MAX_ROWS = 10_000  # SELECT solutions / CONSTRUCT triples per answer; more are cut (X-KG-Truncated)
MAX_BODY = 1 << 20  # a POSTed query larger than 1 MiB is refused (413)
