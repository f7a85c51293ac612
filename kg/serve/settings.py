"""The defaults and limits of `kg serve`, apart from the app so that the CLI can show them cheaply."""
from __future__ import annotations

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0  # seconds a query may run before its worker is killed (503)
DEFAULT_WORKERS = 4  # query worker processes
DEFAULT_MAX_ROWS = 10_000  # SELECT solutions / CONSTRUCT triples per answer; more are cut (X-KG-Truncated)
MAX_BODY = 1 << 20  # a POSTed query larger than 1 MiB is refused (413)

# slow and idle clients (kg/serve/guard.py)
CLIENT_TIMEOUT = 10.0  # seconds for a request's headers (from connect / previous response), and again for its body (408)
KEEP_ALIVE = 5.0  # seconds an idle kept-alive connection stays open
MAX_CONNECTIONS = 200  # open connections; past it the oldest idle one is closed, or 503 if none is idle
SEND_FACTOR = 3  # a client that reads nothing of a streamed download for 3 x CLIENT_TIMEOUT s is dropped

# heavy requests: exports, graph downloads, views not yet cached
HEAVY_LIMIT = 2  # at once; more get 503 with Retry-After
EXPORT_TIMEOUT = 600.0  # seconds an /export/* stream may take before it is cut
MAX_HOPS = 3  # /view?hops= above this is refused (400): 4 hops reach most of a big graph
