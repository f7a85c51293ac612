"""Career timelines as one offline HTML page: a person's posts (`kg view --career NAME`) or a post's
holders (`kg view --succession POST`).

Each lane is one holding: a bar from its start to its end (open-ended bars run to the page's last
date, faded), a dot for every dated article that shows it held, a diamond where a decision starts
or ends it. Hovering a bar or a dot shows the post, the dates, the article and its sentence. As in
the network view, the data travels as JSON in a non-executed script element and the page draws
with `textContent` only, under a Content-Security-Policy that allows the one inline script by hash
and no request of any kind. A name that fits several people (homonyms, docs/graph-model.md) gets
one section each, headed by what tells them apart.
"""
from __future__ import annotations

import base64
import datetime
import hashlib
import re
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError
from kg.rdf.namespace import PREFIXES
from kg.views.careers import Holding, holdings
from kg.views.html import json_for_html

# the name is passed as a bound term (never pasted into the query text)
_PEOPLE = """SELECT DISTINCT ?p ?name WHERE { ?p a zw:Person ; rdfs:label ?name }"""
_POSTS = """SELECT DISTINCT ?p ?name WHERE { ?p a zw:Post ; rdfs:label ?name }"""
_ABOUT = """SELECT ?p ?birth ?gender ?where WHERE { OPTIONAL { ?p schema:birthDate ?birth }
  OPTIONAL { ?p schema:gender ?gender } OPTIONAL { ?p zw:jurisdiction ?where } }"""
_SAME_AS = """SELECT ?a ?b WHERE { ?a owl:sameAs ?b . ?a a zw:Person . ?b a zw:Person }"""
_TITLES = """SELECT ?a ?t WHERE { ?a a zw:Article ; dcterms:title ?t }"""
_HOLDERS = """SELECT DISTINCT ?post ?person WHERE { ?h zw:heldPost ?post ; zw:holder ?person }"""


def _template(name: str) -> str:
    return resources.files("kg.views").joinpath("templates", name).read_text("utf-8")


def _sha256(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"


def year(text: str) -> float | None:
    """`2018-06-12` / `2018-06` -> a fractional year for the axis.

    >>> year("2018-07")
    2018.5
    """
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text or "")
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    return round(y + (mo - 1) / 12 + (d - 1) / 365, 4)


def _iri(text: str) -> str | None:
    if text.startswith("zwid:"):
        return PREFIXES["zwid"] + text[5:]
    if text.startswith(PREFIXES["zwid"]):
        return text
    return None


def _named(store, text: str, sparql: str) -> list[str]:  # noqa: ANN001
    iri = _iri(text)
    if iri:
        return [iri]
    rows = store.query(sparql, substitutions={ox.Variable("name"): ox.Literal(text, language="zh")})
    return sorted(r["p"].value for r in rows)


def _lane(h: Holding, label: str, titles: dict[str, str]) -> dict:
    """One holding as the page draws it."""
    sightings = [
        {"article": s.article, "title": titles.get(s.article, ""), "date": s.date, "evidence": s.evidence,
         "start": s.start, "end": s.end, "seen": s.seen}
        for s in sorted(h.sightings.values(), key=lambda s: (s.date or s.seen or s.start or s.end, s.article))
    ]  # fmt: skip
    seen = h.seen
    return {
        "label": label, "sub": h.organisation, "holding": h.iri, "person": h.person, "post": h.post,
        "start": h.start, "end": h.end, "x0": year(h.start), "x1": year(h.end),
        "seen": [{"x": year(d), "date": d} for d in seen],
        "first": year(seen[0]) if seen else None, "last": year(seen[-1]) if seen else None,
        "sightings": sightings,
    }  # fmt: skip


def _lane_order(lane: dict) -> tuple[str, str, str]:
    """Lanes in time order: by start, else first seen, else end; undated last."""
    when = lane["start"] or (lane["seen"][0]["date"] if lane["seen"] else "") or lane["end"] or "~"
    return when, lane["label"], lane["holding"]


def _about(store, person: str) -> str:  # noqa: ANN001
    """What tells a person apart: jurisdiction, birth, gender (as a section heading's subtitle)."""
    parts: list[str] = []
    for r in store.query(_ABOUT, substitutions={ox.Variable("p"): ox.NamedNode(person)}):
        if r["where"] is not None:
            parts.append(r["where"].value)
        if r["birth"] is not None:
            parts.append(f"{r['birth'].value} 生")
        if r["gender"] is not None:
            parts.append({"Male": "男", "Female": "女"}.get(r["gender"].value.rsplit("/", 1)[-1], ""))
        break
    return " · ".join(p for p in parts if p)


def career_data(store, name: str) -> dict:  # noqa: ANN001
    """The timeline of every person labelled `name` (or of the person whose IRI it is)."""
    people = _named(store, name, _PEOPLE)
    if not people:
        raise KgError(f"no person is labelled {name!r}")
    titles = {r["a"].value: r["t"].value for r in store.query(_TITLES)}
    same = {(r["a"].value, r["b"].value) for r in store.query(_SAME_AS)}
    # a name-only node linked to a person told apart is drawn in that person's section
    merged = {a for a, b in same if a in people and b in people}
    sections = []
    for p in people:
        if p in merged:
            continue
        lanes = [_lane(h, h.post, titles) for h in holdings(store, person=p)]
        for a in sorted(a for a, b in same if b == p):
            lanes.extend(_lane(h, h.post, titles) for h in holdings(store, person=a))
        lanes.sort(key=_lane_order)
        sections.append({"title": name if not _iri(name) else p.rsplit("/person/", 1)[-1], "iri": p,
                         "about": _about(store, p), "lanes": lanes})
    return _framed({"kind": "career", "name": name, "sections": sections})


def succession_data(store, post: str) -> dict:  # noqa: ANN001
    """The timeline of a post: one lane per holder, in order of when they held it."""
    posts = _named(store, post, _POSTS)
    if not posts:
        raise KgError(f"no post is labelled {post!r}")
    titles = {r["a"].value: r["t"].value for r in store.query(_TITLES)}
    sections = []
    for iri in posts:
        lanes = []
        label = next((r["l"].value for r in store.query("SELECT ?p ?l WHERE { ?p rdfs:label ?l }",
                      substitutions={ox.Variable("p"): ox.NamedNode(iri)})), post)
        for r in store.query(_HOLDERS, substitutions={ox.Variable("post"): ox.NamedNode(iri)}):
            lanes.extend(_lane(h, h.name, titles) for h in holdings(store, person=r["person"].value) if h.post == label)
        lanes.sort(key=_lane_order)
        sections.append({"title": post, "iri": iri, "about": "", "lanes": lanes})
    return _framed({"kind": "succession", "name": post, "sections": sections})


def _framed(data: dict) -> dict:
    """The axis: from the first to the last date drawn, padded to whole years."""
    xs = [x for s in data["sections"] for ln in s["lanes"]
          for x in (ln["x0"], ln["x1"], ln["first"], ln["last"]) if x is not None]  # fmt: skip
    lo, hi = (min(xs), max(xs)) if xs else (datetime.date.today().year, datetime.date.today().year)
    data["axis"] = {"from": int(lo), "to": int(hi) + 1}
    return data


def render(data: dict, *, title: str) -> str:
    """The page as one HTML string."""
    import jinja2
    from markupsafe import Markup

    js = _template("timeline.js").replace("</script", "<\\/script").replace("<!--", "<\\!--")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    page = env.from_string(_template("timeline.html"))
    n = sum(len(s["lanes"]) for s in data["sections"])
    return page.render(title=title, n_lanes=n, app_js=Markup(js), script_hash=_sha256(js),
                       data_json=Markup(json_for_html(data)))


def write_timeline(data: dict, path: str | Path, *, title: str) -> Path:
    """Render to `path` (a temporary name first, then renamed)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(render(data, title=title), "utf-8")
    tmp.replace(path)
    return path
