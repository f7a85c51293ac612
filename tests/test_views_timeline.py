"""`kg view --career` / `--succession`: offline HTML timelines, in headless Chromium.

Needs Debian's chromium and the playwright Python package; skips with the reason without them.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

import kg
from kg.views import timeline

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_views_browser import browser, open_page, png_pixels  # noqa: E402,F401 - fixtures

pytestmark = pytest.mark.browser
CORPUS = Path(__file__).parent / "careers"
WANG = [CORPUS / f"{s}.txt" for s in ("hn01_publicity", "hn02_notice", "sc01_publicity", "sc02_page", "hn03_bio")]
BLUE, ORANGE = (0x3B, 0x7D, 0xD8), (0xE8, 0x77, 0x2E)


@pytest.fixture(scope="module")
def careers_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("timeline") / "store"
    with kg.build([str(p) for p in WANG], store=path) as g:
        assert not g.report.failed
    return path


def _has_colour(png: bytes, rgb: tuple[int, int, int]) -> bool:
    width, _, bpp, rows = png_pixels(png)
    want = bytes(rgb)
    return any(row[i:i + 3] == want for row in rows for i in range(0, width * bpp, bpp))


def test_career_timeline_keeps_homonyms_apart_and_shows_the_sentence(open_page, careers_store: Path, tmp_path: Path, runner) -> None:  # noqa: ANN001
    from kg.cli import main

    out = tmp_path / "career.html"
    r = runner.invoke(main, ["view", "--store", str(careers_store), "--career", "王刚", "-o", str(out)])
    assert r.exit_code == 0, r.output
    p = open_page(out)
    assert p.errors == [] and p.requests == []
    sections = p.eval("kgTimeline.data.sections.map(s => [s.iri.split('/person/')[1], s.about, s.lanes.length])")
    assert sections == [["王刚/四川", "四川 · 1971-03 生 · 男", 4], ["王刚/海南", "海南 · 1966-11 生 · 男", 1]]
    drawn = p.eval("kgTimeline.drawn")
    assert drawn["lanes"] == 5 and drawn["bars"] >= 2 and drawn["dots"] >= 3 and drawn["marks"] >= 2
    # hover the 海南 post's sighting: the tip names the article and quotes the 公示
    p.page.hover('g.lane[data-post="海南省交通运输厅副厅长"] circle.dot')
    tip = p.eval("document.getElementById('tip').textContent")
    assert "hn01_publicity/1" in tip and "现任海南省交通运输厅副厅长" in tip
    shot = p.page.screenshot(full_page=True, path=str(tmp_path / "career.png"))
    assert _has_colour(shot, BLUE) and _has_colour(shot, ORANGE)


def test_biography_timeline_draws_one_bar_a_line(open_page, careers_store: Path, tmp_path: Path) -> None:  # noqa: ANN001
    with kg.open_store(careers_store) as g:
        data = timeline.career_data(g.store, "邢守华")
    out = timeline.write_timeline(data, tmp_path / "bio.html", title="邢守华")
    p = open_page(out)
    assert p.errors == [] and p.requests == []
    assert p.eval("kgTimeline.drawn.bars") >= 12  # the 简历 lines from 1994 on (study gives none)
    assert p.eval("kgTimeline.data.axis") == {"from": 1994, "to": 2022}


def test_succession_timeline_in_order(open_page, careers_store: Path, tmp_path: Path) -> None:  # noqa: ANN001
    with kg.open_store(careers_store) as g:
        data = timeline.succession_data(g.store, "海南省交通运输厅副厅长")
    assert [ln["label"] for ln in data["sections"][0]["lanes"]] == ["王刚", "吴光明"]
    p = open_page(timeline.write_timeline(data, tmp_path / "succ.html", title="历任"))
    assert p.errors == [] and p.eval("kgTimeline.drawn.lanes") == 2


def test_seed_career_timeline(open_page, seed_store, tmp_path: Path) -> None:  # noqa: ANN001
    """On the seeds (news only): the posts of 李亚 as dots on the dates the paper showed them."""
    data = timeline.career_data(seed_store, "李亚")
    p = open_page(timeline.write_timeline(data, tmp_path / "seed.html", title="李亚"))
    assert p.errors == [] and p.requests == []
    assert p.eval("kgTimeline.drawn.lanes") >= 3


def test_hostile_text_stays_text(open_page, tmp_path: Path) -> None:  # noqa: ANN001
    evil = '<img src=x onerror=alert(1)></script><script>alert(2)</script>'
    lane = {"label": evil, "sub": evil, "holding": "h", "person": "p", "post": evil, "start": "2020-01-01", "end": "",
            "x0": 2020.0, "x1": None, "seen": [{"x": 2020.5, "date": "2020-07-01"}], "first": 2020.5, "last": 2020.5,
            "sightings": [{"article": evil, "title": evil, "date": "2020-07-01", "evidence": evil, "start": "", "end": "", "seen": "2020-07-01"}]}
    data = {"kind": "career", "name": evil, "sections": [{"title": evil, "iri": evil, "about": evil, "lanes": [lane]}],
            "axis": {"from": 2020, "to": 2021}}
    p = open_page(timeline.write_timeline(data, tmp_path / "evil.html", title=evil))
    p.page.hover("circle.dot")
    assert p.dialogs == [] and p.errors == [] and p.requests == []
    assert evil in p.eval("document.getElementById('tip').textContent")
    assert p.eval("document.querySelectorAll('img').length") == 0
