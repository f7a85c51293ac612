"""Precision, recall and F1 of the graph against hand annotations (../shared/gold/SCHEMA.md).

One gold JSON file per source text; its "doc" names the file, and the predictions compared with it
are what the store links to the articles whose `dcterms:source` is that file. Each kind of item has
a scorer, registered by name, that turns the gold dict and the store into two sets of normalised,
hashable items; `evaluate()` counts true positives, false positives and false negatives per kind,
micro-averaged over the gold files (sums of counts, not a mean of F1s).

Matching:
* people: exact full names;
* organisations and posts: forgiving about what a paper leaves implicit — a leading city name
  (`洛阳市委组织部` ~ `市委组织部`, `洛阳市副市长` ~ `副市长`), a `中共` prefix, `人民政府` vs
  `政府`, and full- vs half-width brackets; a predicted node matches if its label or any of its
  `skos:altLabel`s does (`瀍河区北窑街道党工委书记` also written `北窑街道党工委书记`);
* authors: (role class, name), the role class being "author" for 记者/本报记者/见习记者/特约记者/
  摄影/a bare name and "correspondent" for 通讯员 (the graph's schema:author / zw:correspondent).

Other kinds (meetings, documents, projects) register from kg/evaluate_events.py with `@scorer`.
Scorers read the store through `solutions()`, which binds the file name as a term and, within
`compare()`, runs each query once per gold file however many kinds ask for it.
"""
from __future__ import annotations

import json
import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from pyoxigraph import Literal, Variable

from .errors import InputError

if TYPE_CHECKING:
    from .store import Store


@dataclass(frozen=True)
class Score:
    """Counts of one kind; precision is 1 when nothing was predicted, recall 1 when there was
    nothing to find (nothing wrong, nothing missed), so an empty kind scores F1 = 1."""

    kind: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "Score") -> "Score":
        return Score(self.kind, self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


Scorer = Callable[[dict, "Store", str], tuple[set, set]]
SCORERS: dict[str, Scorer] = {}


def scorer(kind: str) -> Callable[[Scorer], Scorer]:
    """Register `fn(gold, store, source) -> (gold items, predicted items)` under `kind`."""

    def register(fn: Scorer) -> Scorer:
        SCORERS[kind] = fn
        return fn

    return register


@dataclass
class KindResult:
    """A kind's score with the items behind it: (doc, item) pairs wrongly predicted or missed."""

    score: Score
    false_positives: list[tuple[str, object]] = field(default_factory=list)
    false_negatives: list[tuple[str, object]] = field(default_factory=list)


# -- normalising names ----------------------------------------------------------------------------

_WIDTH = str.maketrans({"(": "（", ")": "）", "[": "［", "]": "］", " ": None, "\u3000": None})


@lru_cache(maxsize=None)
def _cities() -> tuple[str, ...]:
    from .lexicons import words

    return tuple(sorted(words("cities"), key=len, reverse=True))


def norm_org(label: str, city: str | None = None) -> str:
    """An organisation or post name without what papers leave implicit, for matching.

    Strips a `中共` prefix and the city name (`city`, or any known city when None), then a 市
    left before a mayor's title; 人民政府 -> 政府; half-width brackets -> full-width.

    >>> norm_org("中共洛阳市委", "洛阳"), norm_org("洛阳市副市长"), norm_org("特富特电磁科技(洛阳)有限公司")
    ('市委', '副市长', '特富特电磁科技（洛阳）有限公司')
    """
    s = label.translate(_WIDTH)
    if s.startswith("中共") and len(s) > 3:
        s = s[2:]
    for c in (city,) if city else _cities():
        if s.startswith(c) and len(s) > len(c):
            s = s[len(c) :]
            break
    s = re.sub(r"^市(?=(?:常务)?(?:副|代)?市长)", "", s)
    return s.replace("人民政府", "政府")


def _pick(variants: Iterable[str], gold: set, make: Callable[[str], object]) -> object:
    """The item of a node: the first of its name variants that is gold, else its label's."""
    variants = list(variants)
    for v in variants:
        item = make(v)
        if item in gold:
            return item
    return make(variants[0])


# -- queries ---------------------------------------------------------------------------------------

# (store id, query, source) -> solutions, while compare() scores one gold file; None outside it
_SOLUTIONS: ContextVar[dict | None] = ContextVar("kg_eval_solutions", default=None)


def solutions(store: "Store", sparql: str, source: str) -> list[dict]:
    """Solutions of `sparql` (variable name -> term, None if unbound) with ?src bound to the source
    file name as a literal, never pasted into the text. `?src` must be in the SELECT clause
    (pyoxigraph substitutes only projected variables).

    Within `compare()` each query runs once per gold file: several kinds ask for the same nodes.
    """
    memo = _SOLUTIONS.get()
    key = (id(store), sparql, source)
    if memo is not None and key in memo:
        return memo[key]
    result = store.query(sparql, substitutions={Variable("src"): Literal(source)})
    names = [v.value for v in result.variables]
    rows = [{n: sol[n] for n in names} for sol in result]
    if memo is not None:
        memo[key] = rows
    return rows


def _rows(store: "Store", sparql: str, source: str) -> list[dict[str, str]]:
    """`solutions()` as strings ("" when unbound)."""
    return [{n: (t.value if t is not None else "") for n, t in r.items()} for r in solutions(store, sparql, source)]


def _labelled(store: "Store", source: str, cls: str) -> dict[str, list[str]]:
    """Nodes of class `cls` (subclasses too) mentioned by the source's articles -> [label, alt…]."""
    rows = _rows(store, f"""
        SELECT DISTINCT ?src ?x ?label ?alt WHERE {{
          ?a dcterms:source ?src ; zw:mentions ?x .
          ?x a/rdfs:subClassOf* {cls} ; rdfs:label ?label .
          OPTIONAL {{ ?x skos:altLabel ?alt }}
        }}""", source)
    out: dict[str, list[str]] = {}
    for r in rows:
        v = out.setdefault(r["x"], [r["label"]])
        if r["alt"] and r["alt"] not in v:
            v.append(r["alt"])
    return {k: [v[0], *sorted(v[1:])] for k, v in out.items()}


@scorer("persons")
def _persons(gold: dict, store: "Store", source: str) -> tuple[set, set]:
    g = set(gold.get("persons", []))
    p = {v[0] for v in _labelled(store, source, "zw:Person").values()}
    return g, p


@scorer("holds")
def _holds(gold: dict, store: "Store", source: str) -> tuple[set, set]:
    g = {(person, norm_org(post)) for person, post in gold.get("holds", [])}
    rows = _rows(store, """
        SELECT DISTINCT ?src ?person ?post ?label ?alt WHERE {
          ?a dcterms:source ?src .
          GRAPH ?a { ?p org:holds ?post }
          ?p rdfs:label ?person . ?post rdfs:label ?label .
          OPTIONAL { ?post skos:altLabel ?alt }
        }""", source)
    variants: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        v = variants.setdefault((r["person"], r["post"]), [r["label"]])
        if r["alt"] and r["alt"] not in v:
            v.append(r["alt"])
    p = {_pick(v, g, lambda s, person=person: (person, norm_org(s))) for (person, _), v in variants.items()}
    return g, p


@scorer("organizations")
def _organizations(gold: dict, store: "Store", source: str) -> tuple[set, set]:
    g = {norm_org(o) for o in gold.get("organizations", [])}
    p = {_pick(v, g, norm_org) for v in _labelled(store, source, "zw:Organization").values()}
    return g, p


def role_class(role: str) -> str:
    """"correspondent" for 通讯员 (本报通讯员), "author" for every other credit (记者, '' …)."""
    return "correspondent" if role.endswith("通讯员") else "author"


@scorer("authors")
def _authors(gold: dict, store: "Store", source: str) -> tuple[set, set]:
    g = {(role_class(role), name) for role, name in gold.get("authors", [])}
    rows = _rows(store, """
        SELECT DISTINCT ?src ?prop ?name WHERE {
          ?a dcterms:source ?src ; ?prop ?p .
          VALUES ?prop { schema:author zw:correspondent }
          ?p rdfs:label ?name .
        }""", source)
    p = {("correspondent" if r["prop"].endswith("correspondent") else "author", r["name"]) for r in rows}
    return g, p


# -- running ---------------------------------------------------------------------------------------

def gold_files(gold_dir: str | Path) -> list[tuple[Path, dict]]:
    """The gold JSON files of a directory, parsed, in name order."""
    d = Path(gold_dir)
    if not d.is_dir():
        raise InputError(str(d), "not a directory of gold annotations")
    out = []
    for p in sorted(d.glob("*.json")):
        try:
            data = json.loads(p.read_text("utf-8"))
        except (OSError, ValueError) as e:
            raise InputError(str(p), f"cannot read gold annotations ({e})") from None
        if not isinstance(data, dict) or not isinstance(data.get("doc"), str):
            raise InputError(str(p), 'a gold file needs a "doc" naming its source text')
        out.append((p, data))
    if not out:
        raise InputError(str(d), "no gold files (*.json)")
    return out


def compare(gold_dir: str | Path, store: "Store") -> list[KindResult]:
    """Per kind, in registry order: the summed counts and the items behind them."""
    results = {kind: KindResult(Score(kind, 0, 0, 0)) for kind in SCORERS}
    for _path, gold in gold_files(gold_dir):
        doc = gold["doc"]
        token = _SOLUTIONS.set({})  # queries shared by kinds run once for this file
        try:
            for kind, fn in SCORERS.items():
                g, p = fn(gold, store, doc)
                r = results[kind]
                r.score = r.score + Score(kind, len(g & p), len(p - g), len(g - p))
                r.false_positives.extend((doc, x) for x in sorted(p - g, key=str))
                r.false_negatives.extend((doc, x) for x in sorted(g - p, key=str))
        finally:
            _SOLUTIONS.reset(token)
    return list(results.values())


def evaluate(gold_dir: str | Path, store: "Store") -> list[Score]:
    """Scores per kind, micro-averaged over the gold files, in registry order."""
    return [r.score for r in compare(gold_dir, store)]


def gold_docs(gold_dir: str | Path) -> list[str]:
    return [g["doc"] for _p, g in gold_files(gold_dir)]


try:
    from . import evaluate_events  # noqa: F401  (meetings, documents, projects)
except ModuleNotFoundError as _e:
    if _e.name != f"{__package__}.evaluate_events":
        raise
