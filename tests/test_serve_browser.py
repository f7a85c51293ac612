"""The query page of a real `kg serve`, in headless Chromium at 1280×800 (issue 15, item 20): it fits
the window, opens with a query for readers (no tuning notes), and asks the server for nothing that
is not there.

Run as a script to write the screenshot somewhere to look at:

    python tests/test_serve_browser.py OUT.png [--store DIR]
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_serve_abuse import _copy, kg_serve  # noqa: E402
from test_views_browser import CHROMIUM_ARGS, browser, distinct_colours  # noqa: E402,F401 - a fixture

pytestmark = [pytest.mark.browser, pytest.mark.server]

VIEWPORT = {"width": 1280, "height": 800}


def shoot(browser, url: str, png: Path | None = None) -> dict:  # noqa: ANN001
    """Open the query page; what it logged, what failed, its layout, and a screenshot."""
    ctx = browser.new_context(viewport=VIEWPORT)
    page = ctx.new_page()
    errors: list[str] = []
    failed: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
    try:
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(300)  # a favicon request comes after the load
        shot = page.screenshot(path=str(png) if png else None)
        layout = page.evaluate("""() => {
            const r = document.getElementById('examples').getBoundingClientRect();
            const examples = {};
            document.querySelectorAll('textarea[id^="q-"]').forEach(t => { examples[t.id.slice(2)] = t.value; });
            return {scrollWidth: document.documentElement.scrollWidth, selectRight: r.right, examples: examples,
                    query: document.getElementById('query').value,
                    about: (document.getElementById('about') || {}).textContent};
        }""")
    finally:
        ctx.close()
    return {"errors": errors, "failed": failed, "shot": shot, **layout}


def test_query_page_fits_opens_for_readers_and_asks_for_nothing_missing(
        browser, seed_store_path: Path, tmp_path: Path) -> None:  # noqa: ANN001
    from kg.query import named_queries

    store = _copy(seed_store_path, tmp_path)
    with kg_serve(store, "--workers", "1") as srv:
        got = shoot(browser, f"http://{srv.netloc}/", tmp_path / "query-page.png")
    named = named_queries()
    first = next(iter(named.values()))
    notes = {n: [ln.strip() for ln in q.text.splitlines()[1:] if ln.lstrip().startswith("#")] for n, q in named.items()}
    assert any(notes.values()), "no named query has comments beyond its description: nothing to check"
    problems = [f"requested and failed: {f}" for f in got["failed"]] + [f"console: {e}" for e in got["errors"]]
    if got["scrollWidth"] > VIEWPORT["width"]:
        problems.append(f"the page is {got['scrollWidth']} px wide in a {VIEWPORT['width']} px window")
    if got["selectRight"] > VIEWPORT["width"]:
        problems.append(f"the example list ends at {got['selectRight']:.0f} px, out of the window")
    if any(ln.lstrip().startswith("#") for ln in got["query"].splitlines()[1:]):
        problems.append("the prefilled query carries the developers' notes")
    for name, text in got["examples"].items():
        if any(note in text for note in notes.get(name, [])):
            problems.append(f"the example {name} carries the developers' notes")
    if not (got["query"].startswith("# " + first.description) and "SELECT" in got["query"]):
        problems.append("the prefilled query is not the first named query")
    if got["about"] != first.description:
        problems.append("the chosen example's description is not shown")
    assert problems == []
    assert distinct_colours(got["shot"]) > 5  # something was drawn


if __name__ == "__main__":
    from playwright.sync_api import sync_playwright

    args = sys.argv[1:]
    out = Path(args[0])
    store_dir = Path(args[args.index("--store") + 1]) if "--store" in args else Path(".kg/store")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        with kg_serve(store_dir.resolve(), "--workers", "1") as srv:
            print(shoot(b, f"http://{srv.netloc}/", out)["failed"])
        b.close()
