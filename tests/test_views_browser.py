"""The view pages in headless Chromium: offline, complete, searchable, and inert to hostile text.

Needs Debian's chromium and the playwright Python package (never `playwright install`); both are
installed by CI, and the tests skip with the reason when either is missing.

Run as a script to refresh the README screenshots:

    python tests/test_views_browser.py docs/img [--store DIR]
"""
from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path

import pytest

from kg.views import graph as gv
from kg.views import html as views
from kg.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_views import HOSTILE, bench_graph, hostile_quads, make_store  # noqa: E402

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1200, "height": 800}


# -- a small PNG reader (no Pillow here): enough for Chromium's 8-bit RGB(A) screenshots -------------
def png_pixels(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """(width, height, bytes per pixel, rows) of a non-interlaced 8-bit RGB or RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and not interlace, (depth, colour, interlace)
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif f == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif f == 3:
            for i in range(stride):
                line[i] = (line[i] + ((line[i - bpp] if i >= bpp else 0) + prev[i]) // 2) & 255
        elif f == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def distinct_colours(png: bytes) -> int:
    width, _, bpp, rows = png_pixels(png)
    return len({row[i:i + 3] for row in rows for i in range(0, width * bpp, bpp)})


# -- the browser ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():  # noqa: ANN201
    from conftest import require_tool

    chromium = require_tool("chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (python) not installed; CI installs it via pip")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Page:
    """A view opened in a fresh context, with what it logged, requested and tried to pop up."""

    def __init__(self, browser, path: Path, *, bypass_csp: bool = False, viewport: dict | None = None) -> None:  # noqa: ANN001
        self.context = browser.new_context(viewport=viewport or VIEWPORT, bypass_csp=bypass_csp)
        self.page = self.context.new_page()
        self.url = path.resolve().as_uri()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("request", lambda r: None if r.url == self.url else self.requests.append(r.url))
        self.context.route("**/*", lambda route: route.continue_() if route.request.url == self.url else route.abort())
        self.page.goto(self.url)
        # waits in the DOM, not by evaluating strings (the page's CSP forbids eval)
        self.page.wait_for_selector('body[data-ready="1"]', state="attached", timeout=60_000)

    def eval(self, js: str):  # noqa: ANN201
        return self.page.evaluate(js)

    def counts(self) -> tuple[int, int]:
        return tuple(self.eval("[kgView.nodes.length, kgView.edges.length]"))

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def open_page(browser):  # noqa: ANN001, ANN201
    pages: list[Page] = []

    def _open(path: Path, **kw) -> Page:  # noqa: ANN003
        p = Page(browser, path, **kw)
        pages.append(p)
        return p

    yield _open
    for p in pages:
        p.close()


def central_person(G) -> str:  # noqa: ANN001
    """李亚 if the seed graph has him, else its most connected person."""
    people = [n for n, c in G.nodes(data="cls") if c == "Person"]
    for n in people:
        if G.nodes[n]["label"] == "李亚":
            return "李亚"
    return G.nodes[max(people, key=lambda n: (G.degree(n), n))]["label"]


# -- tests ------------------------------------------------------------------------------------------
def test_seed_page_loads_offline_with_all_the_graph(open_page, seed_store, tmp_path: Path) -> None:  # noqa: ANN001
    out = views.write_view(seed_store, tmp_path / "graph.html")
    G = gv.select(seed_store)
    p = open_page(out)
    assert p.errors == []
    assert p.requests == []
    assert p.counts() == (G.number_of_nodes(), G.number_of_edges())
    # entities with no relation start hidden in the whole-graph view; one tick shows them
    isolated = sum(1 for n in G if G.degree(n) == 0)
    assert p.eval("kgView.nodeView.length") == G.number_of_nodes() - isolated
    if isolated:
        p.page.check('#classes input[data-name="isolated"]')
        assert p.eval("kgView.nodeView.length") == G.number_of_nodes()
    shot = p.page.locator("#graph").screenshot()
    assert distinct_colours(shot) > 20  # a blank canvas has one


def text_pixels(png: bytes) -> int:
    """Pixels of the labels' dark grey (#343434 on white): node shapes and edges are coloured or light."""
    width, _, bpp, rows = png_pixels(png)
    n = 0
    for row in rows:
        for i in range(0, width * bpp, bpp):
            r, g, b = row[i], row[i + 1], row[i + 2]
            if max(r, g, b) < 100 and max(r, g, b) - min(r, g, b) < 25:
                n += 1
    return n


def test_overview_names_the_hubs_and_opens_on_the_largest_part(open_page, seed_store, tmp_path: Path) -> None:  # noqa: ANN001
    """exports/graph.html at its first view, 1280×800: the most connected entities are named at a
    legible size, and the view is fitted on the largest connected part (issue 15, item 21)."""
    import networkx as nx

    out = views.write_view(seed_store, tmp_path / "graph.html")
    G = gv.select(seed_store)
    p = open_page(out, viewport={"width": 1280, "height": 800})
    assert p.errors == [] and p.requests == []
    shot = p.page.locator("#graph").screenshot(path=str(tmp_path / "overview.png"))
    assert text_pixels(shot) > 1500, "no names are drawn at the first view"
    named = p.eval("""(kgView.named || []).map(id => { const n = kgView.nodes.get(id);
        return [n.name, n.deg, (n.font ? n.font.size : 14) * kgView.network.getScale()]; })""")
    assert len(named) >= 8, named
    assert all(px >= 12 for _, _, px in named), named
    top = max(d for _, d in G.degree() if d)
    assert any(deg == top for _, deg, _ in named), "the most connected entity is not named"
    # the largest connected part fills the view: all of it on screen, spanning most of the canvas
    parts = sorted((c for c in nx.weakly_connected_components(G) if len(c) > 1), key=len, reverse=True)
    assert len(parts) > 1, "the seed graph has one part: nothing to check"
    box = p.page.evaluate("""(iris) => { const net = kgView.network, want = new Set(iris);
        const ids = kgView.nodes.getIds().filter(id => want.has(kgView.nodes.get(id).iri));
        const pos = net.getPositions(ids), xy = ids.map(id => net.canvasToDOM(pos[id]));
        const g = document.getElementById('graph');
        return [Math.min(...xy.map(p => p.x)), Math.min(...xy.map(p => p.y)),
                Math.max(...xy.map(p => p.x)), Math.max(...xy.map(p => p.y)), g.clientWidth, g.clientHeight]; }""", sorted(parts[0]))
    x0, y0, x1, y1, w, h = box
    assert x0 >= 0 and y0 >= 0 and x1 <= w and y1 <= h, box
    assert (x1 - x0) / w > 0.85 or (y1 - y0) / h > 0.85, f"the largest part fills only {box}"


def test_focused_page_has_the_ego_network(open_page, seed_store, tmp_path: Path) -> None:  # noqa: ANN001
    who = central_person(gv.load(seed_store))
    out = views.write_view(seed_store, tmp_path / "focus.html", focus=who, hops=2)
    H = gv.select(seed_store, focus=who, hops=2)
    p = open_page(out)
    assert p.errors == [] and p.requests == []
    assert p.counts() == (H.number_of_nodes(), H.number_of_edges())
    assert p.eval("kgView.network.getSelectedNodes().map(id => kgView.nodes.get(id).name)") == [who]


def test_search_box_finds_a_person(open_page, seed_store, tmp_path: Path) -> None:  # noqa: ANN001
    who = central_person(gv.load(seed_store))
    p = open_page(views.write_view(seed_store, tmp_path / "graph.html"))
    p.page.fill("#search", who)
    first = p.page.locator("#results li").first
    assert first.inner_text().startswith(who)
    p.page.press("#search", "Enter")
    assert p.eval("kgView.network.getSelectedNodes().map(id => kgView.nodes.get(id).name)") == [who]
    assert p.page.locator("#info").inner_text().startswith(who)
    assert p.errors == []


def test_class_filters_hide_and_show(open_page, small_store_path: Path, tmp_path: Path) -> None:  # noqa: ANN001
    with Store(small_store_path, read_only=True) as s:
        out = views.write_view(s, tmp_path / "small.html")
    p = open_page(out)
    total = p.eval("kgView.nodeView.length")
    people = p.eval("kgView.nodes.get({filter: n => n.cls === 'Person'}).length")
    p.page.uncheck('#classes input[data-name="Person"]')
    assert p.eval("kgView.nodeView.length") == total - people
    assert p.eval("kgView.edgeView.get().every(e => kgView.nodes.get(e.from).cls !== 'Person' && kgView.nodes.get(e.to).cls !== 'Person')")
    # searching for a hidden person shows its class again
    p.page.fill("#search", "李亚")
    p.page.press("#search", "Enter")
    assert p.eval("kgView.nodeView.length") == total
    assert p.page.is_checked('#classes input[data-name="Person"]')


@pytest.fixture(scope="module")
def small_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store(tmp_path_factory.mktemp("small-browser") / "store")


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_hostile_titles_run_no_script(open_page, tmp_path: Path, bypass_csp: bool) -> None:  # noqa: ANN001
    """Markup in titles, labels and evidence shows as text, even with the page's CSP switched off."""
    store = make_store(tmp_path / "h", extra=hostile_quads())
    with Store(store, read_only=True) as s:
        out = views.write_view(s, tmp_path / "h.html")
    p = open_page(out, bypass_csp=bypass_csp)
    page = p.page
    # hover every node (tooltips), click each one (side panel), and list them all in the search results
    p.page.check('#classes input[data-name="isolated"]')
    ids = p.eval("kgView.nodeView.getIds()")
    assert len(ids) == p.counts()[0]
    for i in ids:
        xy = p.eval(f"(() => {{ const n = kgView.network; n.focus({i}, {{scale: 1}}); "
                    f"const c = n.canvasToDOM(n.getPositions([{i}])[{i}]); return [c.x, c.y]; }})()")
        box = page.locator("#graph").bounding_box()
        page.mouse.move(box["x"] + xy[0], box["y"] + xy[1])
        page.wait_for_timeout(250)
        page.mouse.click(box["x"] + xy[0], box["y"] + xy[1])
    page.fill("#search", "<")
    page.wait_for_timeout(200)
    assert p.dialogs == []
    assert p.requests == []  # an <img src=x> that became an element would have asked for x
    assert page.locator("#side img, #graph img, #side script, #graph script, #info b, .vis-tooltip b").count() == 0
    shown = page.locator("#results").inner_text()
    assert HOSTILE in shown and "<img src=x onerror=alert(4)>" in shown
    assert p.eval("document.title").startswith("政务知识图谱")
    assert p.errors == []


def test_path_page(open_page, small_store_path: Path, tmp_path: Path) -> None:  # noqa: ANN001
    with Store(small_store_path, read_only=True) as s:
        out = views.write_view(s, tmp_path / "path.html", path_between=("刘宛康", "牡丹小镇项目"))
        H = gv.select(s, path_between=("刘宛康", "牡丹小镇项目"))
    p = open_page(out)
    assert p.counts() == (H.number_of_nodes(), H.number_of_edges())
    assert p.eval("kgView.network.getSelectedNodes().length") == len(H.graph["path"])
    assert p.errors == [] and p.requests == []


def test_a_thousand_node_page_lays_out(open_page, tmp_path: Path) -> None:  # noqa: ANN001
    """The laid-out path for big graphs works in the browser (speed: bench/view_5000.py measures 5,000)."""
    G = bench_graph(1000)
    p = open_page(views.write_html(G, tmp_path / "big.html"))
    assert p.errors == [] and p.requests == []
    assert p.counts() == (G.number_of_nodes(), G.number_of_edges())
    assert p.eval("kgView.stabilisedAt") is not None  # the layout finished (how fast is a benchmark)
    assert distinct_colours(p.page.locator("#graph").screenshot()) > 20


# -- README screenshots -----------------------------------------------------------------------------
def screenshots(out_dir: Path, store_path: Path | None = None) -> list[Path]:
    """docs/img/view-seeds.png (whole seed graph) and view-focus.png (--focus 李亚, or the most
    connected person), from a store built from seeds/ (or `store_path`)."""
    import tempfile

    from playwright.sync_api import sync_playwright

    import kg

    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as d:
        if store_path is None:
            store_path = Path(d) / "store"
            kg.build([str(Path(__file__).resolve().parent.parent / "seeds")], store=store_path).close()
        with Store(store_path, read_only=True) as s:
            who = central_person(gv.load(s))
            pages = [(views.write_view(s, Path(d) / "graph.html"), out_dir / "view-seeds.png"),
                     (views.write_view(s, Path(d) / "focus.html", focus=who, hops=2), out_dir / "view-focus.png")]
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for (html, png), zoom in zip(pages, (2.0, 1.0)):
                page = b.new_page(viewport={"width": 1400, "height": 860})
                page.goto(html.resolve().as_uri())
                page.wait_for_selector('body[data-ready="1"]', state="attached", timeout=60_000)
                # the whole graph: closer in on its centre, where the labels become legible
                page.evaluate(f"kgView.network.moveTo({{scale: kgView.network.getScale() * {zoom}}})")
                page.wait_for_timeout(800)
                page.screenshot(path=str(png))
                page.close()
            b.close()
    return [png for _, png in pages]


if __name__ == "__main__":
    args = sys.argv[1:]
    store_arg = Path(args[args.index("--store") + 1]) if "--store" in args else None
    for shot in screenshots(Path(args[0]) if args and args[0] != "--store" else Path("docs/img"), store_arg):
        print(f"Wrote {shot}")
