"""Careers as rows: one per post holding, with who, the post, its dates and a source.

The table behind `kg export --format careers-csv` (for R, Stata, pandas) and `kg view --career`.
A holding is one person and one post, whatever number of articles speak of it: its start is the
earliest start any article gives, its end the latest end, first/last seen the range of `zw:seenOn`,
and its source the article that dates its start (else its earliest dated article, else the first
by IRI), with that article's sentence.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import BinaryIO, Iterable

# the CSV header, documented in README.md (Careers)
COLUMNS: tuple[str, ...] = (
    "person", "name", "gender", "birth", "post", "organisation", "start", "end",
    "first_seen", "last_seen", "source_article", "evidence",
)  # fmt: skip
GENDER = {"http://schema.org/Male": "male", "http://schema.org/Female": "female"}

_ROWS = """SELECT ?holding ?person ?name ?post ?postLabel ?org ?start ?end ?seen ?article ?date ?evidence WHERE {
  GRAPH ?article { ?holding zw:holder ?person ; zw:heldPost ?post .
    OPTIONAL { ?holding zw:startDate ?start } OPTIONAL { ?holding zw:endDate ?end }
    OPTIONAL { ?holding zw:seenOn ?seen } OPTIONAL { ?holding zw:evidence ?evidence } }
  ?person rdfs:label ?name . ?post rdfs:label ?postLabel .
  OPTIONAL { ?post org:postIn/rdfs:label ?org }
  OPTIONAL { ?article dcterms:date ?date }
}"""
_PEOPLE = """SELECT ?person ?gender ?birth WHERE { ?person a zw:Person .
  OPTIONAL { ?person schema:gender ?gender } OPTIONAL { ?person schema:birthDate ?birth }
  FILTER(BOUND(?gender) || BOUND(?birth)) }"""


@dataclass(slots=True)
class Sighting:
    """What one article says of a holding."""

    article: str
    date: str = ""
    start: str = ""
    end: str = ""
    seen: str = ""
    evidence: str = ""


@dataclass(slots=True)
class Holding:
    """One person's holding of one post, over every article that speaks of it."""

    iri: str
    person: str
    name: str
    post: str
    organisation: str = ""
    gender: str = ""
    birth: str = ""
    sightings: dict[str, Sighting] = field(default_factory=dict)

    @property
    def start(self) -> str:
        return min((s.start for s in self.sightings.values() if s.start), default="")

    @property
    def end(self) -> str:
        return max((s.end for s in self.sightings.values() if s.end), default="")

    @property
    def seen(self) -> list[str]:
        return sorted(s.seen for s in self.sightings.values() if s.seen)

    @property
    def source(self) -> Sighting:
        """The article that dates the start, else the earliest dated, else the first by IRI."""
        return min(self.sightings.values(), key=lambda s: (not s.start, s.start, not s.date, s.date, s.article))

    @property
    def when(self) -> str:
        """Where the holding sits on a time line: its start, else first seen, else its end."""
        return self.start or (self.seen[0] if self.seen else "") or self.end or self.source.date

    def row(self) -> dict[str, str]:
        seen = self.seen
        src = self.source
        return {
            "person": self.person, "name": self.name, "gender": self.gender, "birth": self.birth,
            "post": self.post, "organisation": self.organisation, "start": self.start, "end": self.end,
            "first_seen": seen[0] if seen else "", "last_seen": seen[-1] if seen else "",
            "source_article": src.article, "evidence": src.evidence,
        }  # fmt: skip


def _v(term: object) -> str:
    return getattr(term, "value", "") if term is not None else ""


def holdings(store, person: str | None = None) -> list[Holding]:  # noqa: ANN001 - kg.store.Store
    """Every holding (or one person's), sorted by name, person, date and post."""
    attrs = {_v(r["person"]): (GENDER.get(_v(r["gender"]), ""), _v(r["birth"])) for r in store.query(_PEOPLE)}
    subs = None
    if person is not None:
        import pyoxigraph as ox

        subs = {ox.Variable("person"): ox.NamedNode(person)}
    found: dict[str, Holding] = {}
    for r in store.query(_ROWS, substitutions=subs):
        iri = _v(r["holding"])
        h = found.get(iri)
        if h is None:
            p = _v(r["person"])
            gender, birth = attrs.get(p, ("", ""))
            h = found[iri] = Holding(iri, p, _v(r["name"]), _v(r["postLabel"]), gender=gender, birth=birth)
        org = _v(r["org"])
        if org and (not h.organisation or org < h.organisation):
            h.organisation = org
        art = _v(r["article"])
        s = h.sightings.setdefault(art, Sighting(art, _v(r["date"])))
        s.start = min(filter(None, (s.start, _v(r["start"]))), default="")
        s.end = max(filter(None, (s.end, _v(r["end"]))), default="")
        s.seen = s.seen or _v(r["seen"])
        s.evidence = min(filter(None, (s.evidence, _v(r["evidence"]))), default="")
    return sorted(found.values(), key=lambda h: (h.name, h.person, h.when, h.post, h.iri))


def rows(items: Iterable[Holding]) -> list[dict[str, str]]:
    return [h.row() for h in items]


def write_csv(store, out: BinaryIO) -> None:  # noqa: ANN001
    """`kg export --format careers-csv`: UTF-8 with a BOM (so Excel reads the Chinese), one row a holding."""
    text = io.StringIO()
    w = csv.DictWriter(text, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows(holdings(store)))
    out.write(text.getvalue().encode("utf-8-sig"))
