"""Interactive HTML views of the graph (pyvis data, vis-network inlined).

The page is one self-contained file that makes no network request: vis-network's JS and CSS are
read from the pyvis package and inlined into our own template (pyvis's template pulls bootstrap
from a CDN), and a Content-Security-Policy allows only those inline scripts, by hash. Text from the
news never reaches HTML: the data travels as JSON inside a non-executed `<script type=
"application/json">` (with `<`, `>`, `&` escaped), and the page builds tooltips, lists and panels
with `textContent`, so a title such as `<script>alert(1)</script>` shows as text.

Big graphs: vis-network's force layout costs ~80 ms a step at 5,000 nodes, so past PRELAYOUT
nodes the same forces are solved in numpy first (`layout`, about a second) and the page only
polishes for a few steps. Past LARGE nodes edges are also straight, edge labels appear only when
zoomed in, edges hide while dragging, and physics stops once the layout is done. bench/view_5000.py
measures it.
"""
from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

import networkx as nx

from kg.views import graph as gv

LARGE = 400  # nodes; above this the page trades polish for speed
PRELAYOUT = 100  # nodes; above this the layout is computed in Python and the page only polishes it
LABEL_MAX = 16  # characters of a label drawn on the canvas (the tooltip has the whole)
SEEN_MAX = 3  # articles listed in a tooltip


# -- assets ----------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's standalone JS and CSS, from the newest copy the pyvis package ships."""
    import pyvis

    root = Path(pyvis.__file__).resolve().parent
    found = sorted(root.glob("**/lib/vis-*/vis-network.min.js"),
                   key=lambda p: tuple(int(x) for x in re.findall(r"\d+", p.parent.name)))
    if not found:
        from kg.errors import KgError

        raise KgError(f"vis-network not found in the pyvis package at {root}; reinstall pyvis")
    js = found[-1]
    return js.read_text("utf-8"), (js.parent / "vis-network.css").read_text("utf-8")


@lru_cache(maxsize=None)
def _template_text(name: str) -> str:
    return resources.files("kg.views").joinpath("templates", name).read_text("utf-8")


def _inline(code: str, tag: str) -> str:
    """Code safe to put between <tag> and </tag>: no closing tag or comment opener inside."""
    return re.sub(rf"</(?={tag})", r"<\\/", code, flags=re.I).replace("<!--", "<\\!--")


def json_for_html(data: object) -> str:
    """JSON that cannot end the <script> element it sits in (nor open a comment or CDATA)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _sha256(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"


# -- page data -------------------------------------------------------------------------------------
def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"


def node_size(degree: int) -> float:
    """Area grows with degree: 10 for an isolated node, 45 at most."""
    return round(min(45.0, 10.0 + 5.0 * math.sqrt(degree)), 1)


def _ev(items: Iterable[gv.Evidence]) -> list[list[str]]:
    return [[e.text, e.title, e.date] for e in items]


def page_data(G: nx.MultiDiGraph, positions: dict[str, tuple[float, float]] | None = None) -> dict:
    """Nodes, edges, classes and relations as the page's JSON, built through a pyvis Network.

    Node and edge ids are positions in sorted order, so the same graph gives the same page.
    """
    from pyvis.network import Network

    net = Network(directed=True)
    index = {n: i for i, n in enumerate(sorted(G.nodes))}
    for n, i in index.items():
        d = G.nodes[n]
        c = gv.CLASS_BY_NAME[d["cls"]]
        deg = G.degree(n)
        xy = {"x": positions[n][0], "y": positions[n][1]} if positions else {}
        net.add_node(
            i, label=_short(d["label"]) or "?", shape=c.shape, color=c.colour, size=node_size(deg),
            cls=c.name, kind=d["kind"], name=d["label"], iri=n, deg=deg, aliases=list(d["aliases"]),
            posts=list(d["posts"]), date=d["date"], ev=_ev(d["evidence"]),
            seen=[[s.title, s.date] for s in d["seen"][:SEEN_MAX]], nseen=len(d["seen"]), **xy,
        )
    for j, (u, v, k, d) in enumerate(sorted(G.edges(keys=True, data=True), key=lambda e: (index[e[0]], index[e[1]], e[2]))):
        rel = gv.relation(k)
        a, b = (index[v], index[u]) if rel.reverse else (index[u], index[v])
        net.edges.append({"id": j, "from": a, "to": b, "label": rel.zh, "rel": k, "arrows": "to",
                          "n": d["articles"], "ev": _ev(d["evidence"]), **({"dashes": True} if k == gv.MENTIONS else {})})
    nodes, edges = net.nodes, net.edges
    present = {d for _, d in G.nodes(data="cls")}
    per_rel: dict[str, int] = {}
    for e in edges:
        per_rel[e["rel"]] = per_rel.get(e["rel"], 0) + 1
    return {
        "nodes": nodes,
        "edges": edges,
        "classes": [{"name": c.name, "zh": c.zh, "colour": c.colour, "shape": c.shape,
                     "count": sum(1 for _, x in G.nodes(data="cls") if x == c.name)} for c in gv.CLASSES if c.name in present],
        "relations": [{"curie": r, "zh": gv.relation(r).zh, "count": n} for r, n in sorted(per_rel.items(), key=lambda kv: (-kv[1], kv[0]))],
        "focus": [index[n] for n in (G.graph.get("path") or ([G.graph["focus"]] if G.graph.get("focus") else []))],
        # entities with no relation (only mentioned) ring the network and hide it: off at first in
        # whole-graph views (a tick shows them; search finds them); a focus is always shown
        "isolated": sum(1 for n in G if G.degree(n) == 0),
        "hideIsolated": G.number_of_edges() > 0 and not G.graph.get("focus") and not G.graph.get("path"),
        # the overview opens on its largest connected part, not on a cloud of fragments around it
        "main": [] if G.graph.get("focus") or G.graph.get("path") else sorted(index[n] for n in largest_part(G)),
    }


def largest_part(G: nx.MultiDiGraph) -> set[str]:
    """The nodes of the largest connected part (edges taken both ways), if there is more than one
    part with relations; else nothing (the whole graph is the part)."""
    parts = sorted((c for c in nx.weakly_connected_components(G) if len(c) > 1), key=lambda c: (-len(c), min(c)))
    return set(parts[0]) if len(parts) > 1 else set()


def polish_steps(n_nodes: int) -> int:
    """vis-network steps after the Python layout: about 100,000 node-steps (~1 s), 20 to 200."""
    return max(20, min(200, 100_000 // max(n_nodes, 1)))


def vis_options(n_nodes: int, n_edges: int, *, prelaid: bool = False) -> dict:
    """vis-network options; big graphs get a cheaper layout and drawing (see the module doc).

    `prelaid`: the nodes come with positions near equilibrium (see `layout`), so a few plain steps
    polish them; otherwise vis-network lays the graph out itself (Kamada-Kawai start on small graphs).
    """
    large = n_nodes > LARGE
    steps = polish_steps(n_nodes) if prelaid else (250 if large else 600)
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": not (large or prelaid)},
        "nodes": {"borderWidth": 1, "font": {"size": 14, "face": "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif",
                                             "strokeWidth": 3, "strokeColor": "#ffffff"},
                  # a name is drawn once it is 8 px on screen: smaller is a grey smudge (view.js names the hubs)
                  "scaling": {"label": {"drawThreshold": 9}}},
        "edges": {
            "color": {"color": "#b5b5b5", "highlight": "#333333", "hover": "#555555", "inherit": False},
            "width": 1, "selectionWidth": 2, "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "font": {"size": 11, "color": "#555555", "strokeWidth": 3, "strokeColor": "#ffffff", "align": "middle"},
            # an edge label is drawn only when zoom * 11px reaches the threshold: hidden when zoomed out
            "scaling": {"label": {"enabled": True, "drawThreshold": 9 if large else 6}},
            "smooth": False if large else {"type": "continuous", "roundness": 0.3},
        },
        "physics": {
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000 if large else -9000, "centralGravity": 0.3 if large else 1.0,
                          "springLength": 110, "springConstant": 0.04, "damping": 0.4 if large else 0.2,
                          "avoidOverlap": 0 if large else 0.2, "theta": 0.8 if large else 0.5},
            "maxVelocity": 60, "minVelocity": 1.5 if large else 0.75, "timestep": 0.5,
            # adaptive steps compute the forces three times a step; a prelaid graph starts near equilibrium
            "adaptiveTimestep": not (large or prelaid),
            "stabilization": {"enabled": True, "iterations": steps, "updateInterval": 25, "fit": True},
        },
        "interaction": {"hover": not large, "tooltipDelay": 150, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "navigationButtons": False, "keyboard": False, "multiselect": False},
    }


# -- a starting layout for big graphs ----------------------------------------------------------------
LAYOUT_GRID = 160  # cells a side of the force grid


def layout(G: nx.MultiDiGraph, options: dict, *, seed: int = 7, iterations: int = 150) -> dict[str, tuple[float, float]] | None:
    """Positions near the equilibrium of vis-network's Barnes-Hut forces, computed in numpy.

    vis-network needs ~80 ms a step for 5,000 nodes in the browser, so hundreds of steps take
    half a minute; here the same forces (repulsion G/d², springs, central gravity, taken from
    `options`) are found in about a second: repulsion is a convolution of the node density on a
    grid with the 1/d² kernel (FFT), springs and gravity are exact. The page then only polishes.
    None without numpy (the page lays the graph out alone, just slower).
    """
    import numpy as np
    bh = options["physics"]["barnesHut"]
    rep, k_s, rest, central = -bh["gravitationalConstant"], bh["springConstant"], bh["springLength"], bh["centralGravity"]
    nodes = sorted(G)
    n = len(nodes)
    if n < 2:
        return None
    idx = {v: i for i, v in enumerate(nodes)}
    e = np.array(sorted({(idx[u], idx[v]) for u, v in G.edges() if u != v}), dtype=np.int64).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    r0 = math.sqrt(n) * rest * 0.5
    ang, rad = rng.uniform(0, 2 * math.pi, n), r0 * np.sqrt(rng.uniform(0, 1, n))
    pos = np.column_stack((rad * np.cos(ang), rad * np.sin(ang)))
    size = 2 * LAYOUT_GRID  # padded, so the convolution does not wrap around
    off = np.fft.fftfreq(size, 1.0 / size)
    dx, dy = np.meshgrid(off, off, indexing="ij")
    d3 = (dx * dx + dy * dy) ** 1.5
    d3[0, 0] = 1.0
    kx, ky = dx / d3, dy / d3  # the push a unit mass gives at offset (dx, dy), in cells
    kx[0, 0] = ky[0, 0] = 0.0
    fkx, fky = np.fft.rfft2(kx), np.fft.rfft2(ky)
    for it in range(iterations):
        lo = pos.min(0)
        cell = float((pos.max(0) - lo).max()) / (LAYOUT_GRID - 1) + 1e-9
        ij = np.rint((pos - lo) / cell).astype(np.int64)
        density = np.bincount(ij[:, 0] * size + ij[:, 1], minlength=size * size).reshape(size, size).astype(float)
        fd = np.fft.rfft2(density)
        fx = np.fft.irfft2(fd * fkx, s=(size, size))[ij[:, 0], ij[:, 1]]
        fy = np.fft.irfft2(fd * fky, s=(size, size))[ij[:, 0], ij[:, 1]]
        force = np.column_stack((fx, fy)) * (rep / (cell * cell))
        if len(e):
            d = pos[e[:, 1]] - pos[e[:, 0]]
            dist = np.sqrt((d * d).sum(1))[:, None] + 1e-9
            f = d / dist * (k_s * (dist - rest))
            np.add.at(force, e[:, 0], f)
            np.add.at(force, e[:, 1], -f)
        force -= pos / (np.sqrt((pos * pos).sum(1))[:, None] + 1e-9) * central
        mag = np.sqrt((force * force).sum(1))[:, None] + 1e-9
        step = rest * 3 * (1 - it / iterations) + 2.0  # cooling: big moves first, then settle
        pos += force / mag * np.minimum(mag * 10, step)
    pos -= pos.mean(0)
    return {v: (round(float(pos[i, 0]), 1), round(float(pos[i, 1]), 1)) for v, i in idx.items()}


def render(G: nx.MultiDiGraph, *, title: str = "政务知识图谱", subtitle: str = "") -> str:
    """The page for G as one HTML string."""
    import jinja2

    n, m = G.number_of_nodes(), G.number_of_edges()
    positions = layout(G, vis_options(n, m)) if n > PRELAYOUT else None
    options = vis_options(n, m, prelaid=positions is not None)
    data = page_data(G, positions)
    data["large"] = n > LARGE  # the page stops physics once laid out
    js, css = vis_assets()
    vis_js = _inline(js, "script")
    app_js = _inline(_template_text("view.js"), "script")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    page = env.from_string(_template_text("view.html"))
    return page.render(
        title=title, subtitle=subtitle, n_nodes=len(data["nodes"]), n_edges=len(data["edges"]),
        vis_css=_markup(_inline(css, "style")),
        app_css=_markup(_inline(_template_text("view.css"), "style")),
        vis_js=_markup(vis_js), app_js=_markup(app_js),
        data_json=_markup(json_for_html(data)),
        options_json=_markup(json_for_html(options)),
        script_hashes=" ".join((_sha256(vis_js), _sha256(app_js))),
    )


def _markup(text: str):  # noqa: ANN202
    from markupsafe import Markup

    return Markup(text)


def describe_selection(G: nx.MultiDiGraph, hops: int) -> str:
    """A subtitle naming what the view shows (the page escapes it)."""
    parts = []
    if G.graph.get("path"):
        parts.append("路径：" + " → ".join(G.nodes[n]["label"] for n in G.graph["path"]))
    elif G.graph.get("focus"):
        parts.append(f"焦点：{G.nodes[G.graph['focus']]['label']}（{hops} 跳）")
    if G.graph.get("types"):
        parts.append("类别：" + "、".join(gv.CLASS_BY_NAME[t].zh for t in G.graph["types"]))
    if G.graph.get("via_mentions"):
        parts.append("经由报道的“提及”（没有更直接的关系链）")
    elif G.graph.get("mentions"):
        parts.append("含“提及”")
    return " · ".join(parts)


def write_html(G: nx.MultiDiGraph, path: str | Path, *, title: str = "政务知识图谱", subtitle: str = "") -> Path:
    """Render G to `path` (written to a temporary name, then renamed)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(render(G, title=title, subtitle=subtitle), "utf-8")
    tmp.replace(path)
    return path


def render_view_html(store, *, focus: str | None = None, hops: int = 1,  # noqa: ANN001
                     types: Iterable[str] | str | None = None, path_between: tuple[str, str] | None = None,
                     mentions: bool = False, full: nx.MultiDiGraph | None = None) -> str:
    """The interactive view of the store (or of a focus, classes, a path) as an HTML string (for kg
    serve, which passes the graph it loaded once as `full`)."""
    G = gv.select(store, focus=focus, hops=hops, types=types, path_between=path_between, mentions=mentions, full=full)
    return render(G, subtitle=describe_selection(G, hops))


def write_view(store, path: str | Path, *, focus: str | None = None, hops: int = 1,  # noqa: ANN001
               types: Iterable[str] | str | None = None, path_between: tuple[str, str] | None = None,
               mentions: bool = False) -> Path:
    """Write the interactive view of the store (or of a focus, classes, a path) to `path`."""
    G = gv.select(store, focus=focus, hops=hops, types=types, path_between=path_between, mentions=mentions)
    return write_html(G, path, subtitle=describe_selection(G, hops))
