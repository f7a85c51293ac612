"""How predictions are read from the store and compared with gold strings.

* people: exact full names;
* organisations and posts (`norm_org`): forgiving about what a paper leaves implicit — a leading
  city name (`洛阳市委组织部` ~ `市委组织部`, `洛阳市副市长` ~ `副市长`), a `中共` prefix, `人民政府`
  vs `政府`, and full- vs half-width brackets; a predicted node matches if its label or any of its
  `skos:altLabel`s does (`pick`);
* other labels (`norm`): NFKC, no whitespace.

Scorers read the store through `solutions()`, which binds the file name as a term and, within
`memoised()` (one gold file), runs each query once however many kinds ask for it.
"""
from __future__ import annotations

import re
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from pyoxigraph import Literal, Variable

from kg.lexicons import words

if TYPE_CHECKING:
    from kg.store import Store

_WIDTH = str.maketrans({"(": "（", ")": "）", "[": "［", "]": "］", " ": None, "\u3000": None})


@lru_cache(maxsize=None)
def _cities() -> tuple[str, ...]:
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


def pick(variants: Iterable[str], gold: set, make: Callable[[str], object]) -> object:
    """The item of a node: the first of its name variants that is gold, else its label's."""
    variants = list(variants)
    for v in variants:
        item = make(v)
        if item in gold:
            return item
    return make(variants[0])



def norm(text: str) -> str:
    """NFKC and no whitespace: the form labels are compared in."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


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


def rows(store: "Store", sparql: str, source: str) -> list[dict[str, str]]:
    """`solutions()` as strings ("" when unbound)."""
    return [{n: (t.value if t is not None else "") for n, t in r.items()} for r in solutions(store, sparql, source)]


def labelled(store: "Store", source: str, cls: str) -> dict[str, list[str]]:
    """Nodes of class `cls` (subclasses too) mentioned by the source's articles -> [label, alt…]."""
    found = rows(store, f"""
        SELECT DISTINCT ?src ?x ?label ?alt WHERE {{
          ?a dcterms:source ?src ; zw:mentions ?x .
          ?x a/rdfs:subClassOf* {cls} ; rdfs:label ?label .
          OPTIONAL {{ ?x skos:altLabel ?alt }}
        }}""", source)
    out: dict[str, list[str]] = {}
    for r in found:
        v = out.setdefault(r["x"], [r["label"]])
        if r["alt"] and r["alt"] not in v:
            v.append(r["alt"])
    return {k: [v[0], *sorted(v[1:])] for k, v in out.items()}


@contextmanager
def memoised() -> Iterator[None]:
    """Within this block (one gold file), each query of `solutions()` runs once."""
    token = _SOLUTIONS.set({})
    try:
        yield
    finally:
        _SOLUTIONS.reset(token)
