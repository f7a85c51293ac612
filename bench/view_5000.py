"""Benchmark: how long a 5,000-node `kg view` page takes to lay out and become interactive.

Generates a synthetic graph shaped like the news graph (people holding posts in organisations,
meetings chaired and attended, documents issued and adopted, projects, places, visits), renders it
with kg.views, opens it in headless Chromium and measures, inside the page:

  * ready     - navigation start -> vis-network's `stabilizationIterationsDone` (layout done,
                physics switched off, the page answers input)
  * zoom      - from a mouse-wheel zoom to its drawn frame, once ready (edges hide while zooming)
  * drag      - time between frames while dragging the canvas (edges hide while dragging)

It is a benchmark, not a test: it prints the figures (and exits 0) whatever they are.

    python bench/view_5000.py [--nodes 5000] [--runs 3] [--keep out.html] [--vis-only]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ZWID = "https://w3id.org/zhengwu-kg/id/"
SHARE = {"Person": .30, "Post": .20, "Organization": .15, "Meeting": .10, "PolicyDocument": .08,
         "Project": .06, "Place": .04, "Visit": .05, "Article": .02}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐"
GIVEN = "亚宛康会生江涛书政建军晓燕明立新国强伟芳敏静丽军磊洋勇艳杰娟涛超"


def synthetic(n: int, seed: int = 5) -> nx.MultiDiGraph:
    """A graph of about `n` nodes with the attributes kg.views.graph.load() gives."""
    rnd = random.Random(seed)
    G = nx.MultiDiGraph()
    by: dict[str, list[str]] = {c: [] for c in SHARE}
    for cls, share in SHARE.items():
        for i in range(max(1, round(n * share))):
            if cls == "Person":
                label = rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2)))) + str(i)
            else:
                label = f"{cls}{i}号" + rnd.choice(("工作会议", "实施方案", "产业园项目", "管理局", "副局长", "社区", ""))
            iri = f"{ZWID}{cls.lower()}/{i}"
            G.add_node(iri, iri=iri, cls=cls, kind=cls, label=label, aliases=(), posts=(), date="2019-10-12",
                       evidence=(), seen=())
            by[cls].append(iri)

    def edge(u: str, v: str, k: str, zh: str) -> None:
        G.add_edge(u, v, key=k, relation=k, label=zh, articles=1, evidence=())

    for post in by["Post"]:
        edge(post, rnd.choice(by["Organization"]), "org:postIn", "隶属")
    for p in by["Person"]:
        for post in rnd.sample(by["Post"], rnd.choice((0, 1, 1, 2))):
            edge(p, post, "org:holds", "担任")
    for m in by["Meeting"]:
        edge(m, rnd.choice(by["Person"][: len(by["Person"]) // 5]), "zw:chairedBy", "主持")
        for p in rnd.sample(by["Person"], rnd.randint(2, 6)):
            edge(m, p, "zw:attendedBy", "出席")
        edge(m, rnd.choice(by["Organization"]), "zw:convenedBy", "召开")
    for d in by["PolicyDocument"]:
        edge(d, rnd.choice(by["Organization"]), "zw:issuedBy", "印发")
        if rnd.random() < .5:
            edge(rnd.choice(by["Meeting"]), d, "zw:adopted", "通过")
    for pr in by["Project"]:
        edge(pr, rnd.choice(by["Organization"]), "zw:partner", "合作")
        edge(pr, rnd.choice(by["Place"]), "zw:locatedIn", "位于")
    for v in by["Visit"]:
        edge(v, rnd.choice(by["Person"][: len(by["Person"]) // 5]), "zw:visitor", "调研")
        edge(v, rnd.choice(by["Place"] + by["Project"]), "zw:visited", "前往")
    for a in by["Article"]:
        for p in rnd.sample(by["Person"], 2):
            edge(a, p, "schema:author", "记者")
    return G


JS_FRAMES = """() => {
  window.__frames = [];
  kgView.network.on('afterDrawing', () => window.__frames.push(performance.now()));
  return performance.now();
}"""


def interaction(page) -> tuple[float, float]:  # noqa: ANN001
    """(ms from a wheel zoom to its frame, median ms between frames while dragging the canvas)."""
    box = page.locator("#graph").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    zooms = []
    for dy in (-300, 300, -300, 300, -300):
        t0 = page.evaluate(JS_FRAMES)
        page.mouse.wheel(0, dy)
        page.wait_for_timeout(600)
        frames = [f for f in page.evaluate("window.__frames") if f > t0]
        zooms.append(frames[0] - t0 if frames else float("nan"))
        page.evaluate("kgView.network.off('afterDrawing')")
    page.evaluate(JS_FRAMES)
    page.mouse.down()
    for i in range(1, 21):
        page.mouse.move(x + 10 * i, y + 6 * i)
    page.mouse.up()
    page.wait_for_timeout(300)
    frames = page.evaluate("window.__frames")
    gaps = [b - a for a, b in zip(frames, frames[1:])]
    return statistics.median(zooms), (statistics.median(gaps) if gaps else float("nan"))


def measure(html: Path, runs: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            t0 = time.perf_counter()
            page.goto(html.resolve().as_uri())
            page.wait_for_selector('body[data-ready="1"]', state="attached", timeout=300_000)
            wall = time.perf_counter() - t0
            ready = page.evaluate("kgView.stabilisedAt")
            start = page.evaluate("kgView.startedAt")
            zoom, drag = interaction(page)
            out.append({"ready_ms": ready, "script_start_ms": start, "wall_s": wall,
                        "zoom_ms": zoom, "drag_ms": drag, "requests": len(requests) - 1})
            page.close()
        browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, default=None, help="Also keep the generated page here.")
    ap.add_argument("--vis-only", action="store_true",
                    help="Baseline: no Python layout, vis-network lays the graph out alone (250 adaptive steps).")
    args = ap.parse_args(argv)

    from kg.views import html as views
    from kg.views.html import write_html

    if args.vis_only:
        views.PRELAYOUT = 10**9

    G = synthetic(args.nodes)
    with tempfile.TemporaryDirectory() as d:
        html = args.keep or Path(d) / "view5000.html"
        t = time.perf_counter()
        write_html(G, html, subtitle="bench")
        render_s = time.perf_counter() - t
        print(f"graph: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges; "
              f"page {html.stat().st_size / 1e6:.1f} MB rendered in {render_s:.2f} s")
        if not Path("/usr/bin/chromium").exists():
            print("chromium not found at /usr/bin/chromium; skipping the browser part")
            return 0
        results = measure(html, args.runs)
    for i, r in enumerate(results, 1):
        print(f"run {i}: ready (layout stabilised, interactive) {r['ready_ms'] / 1000:.2f} s after navigation "
              f"(our script started at {r['script_start_ms'] / 1000:.2f} s); wheel zoom -> frame "
              f"{r['zoom_ms']:.0f} ms; frame every {r['drag_ms']:.0f} ms while dragging; "
              f"wall {r['wall_s']:.2f} s; network requests {r['requests']}")
    print(f"median ready: {statistics.median(r['ready_ms'] for r in results) / 1000:.2f} s; "
          f"median zoom frame: {statistics.median(r['zoom_ms'] for r in results):.0f} ms; "
          f"median drag frame: {statistics.median(r['drag_ms'] for r in results):.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
