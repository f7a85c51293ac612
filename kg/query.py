"""SPARQL through `kg query`: the contract's prefixes pre-declared, results in four formats.

Table output is for people; csv/tsv/json follow the W3C SPARQL 1.1 result formats so other tools
read them. Named queries live in ontology/queries/*.rq, each opening with a `# description` line.
"""
from __future__ import annotations

import io
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from kg.errors import QueryError, UsageError
from kg.rdf.namespace import PREFIXES
from kg.paths import ontology_dir
from kg.store import Store

FORMATS = ("table", "csv", "tsv", "json")


def queries_dir() -> Path:
    return ontology_dir() / "queries"


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    description: str
    text: str


def named_queries() -> dict[str, NamedQuery]:
    """The competency queries shipped in ontology/queries/, by file stem."""
    out = {}
    d = queries_dir()
    if d.is_dir():
        for p in sorted(d.glob("*.rq")):
            text = p.read_text("utf-8")
            first = text.lstrip().splitlines()[0] if text.strip() else ""
            desc = first.lstrip("#").strip() if first.startswith("#") else ""
            out[p.stem] = NamedQuery(p.stem, desc, text)
    return out


def parse_bindings(binds: Iterable[str]) -> dict[ox.Variable, ox.NamedNode | ox.Literal]:
    """`person=zwid:person/李亚`, `g=<https://…>`, `name=李亚` -> pyoxigraph substitutions.

    Values become RDF terms handed to the engine (SEP-0007 substitution), so a value holding
    quotes, braces or SPARQL keywords cannot change the query.
    """
    out: dict[ox.Variable, ox.NamedNode | ox.Literal] = {}
    for b in binds:
        var, sep, value = b.partition("=")
        var = var.strip().lstrip("?$")
        if not sep or not var.isidentifier():
            raise UsageError(f"--bind {b!r}: write VAR=VALUE, e.g. person=zwid:person/李亚")
        prefix, colon, local = value.partition(":")
        try:
            if value.startswith("<") and value.endswith(">"):
                term: ox.NamedNode | ox.Literal = ox.NamedNode(value[1:-1])
            elif colon and prefix in PREFIXES and not local.startswith("//"):
                term = ox.NamedNode(PREFIXES[prefix] + local)
            else:
                term = ox.Literal(value)
        except ValueError as e:
            raise UsageError(f"--bind {b!r}: {e}") from None
        out[ox.Variable(var)] = term
    return out


def run(store: Store, sparql: str, *, label: str = "query", substitutions=None):  # noqa: ANN001
    """Evaluate `sparql`; a syntax or evaluation error becomes a one-line QueryError naming `label`."""
    try:
        return store.query(sparql, substitutions=substitutions)
    except SyntaxError as e:
        raise QueryError(f"{label}: malformed SPARQL: {one_line(e)}") from None
    except (OSError, ValueError, RuntimeError) as e:
        msg = one_line(e)
        if substitutions and "in its SELECT projection" in msg:
            msg += " (a bound variable must also be selected: add it to SELECT)"
        raise QueryError(f"{label}: {msg}") from None


def one_line(e: BaseException) -> str:
    """An error as one line (for messages and HTTP replies)."""
    return " ".join(str(e).split()) or e.__class__.__name__


_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: (-len(kv[1]), kv[0]))  # longest namespace wins


def _short(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        v = term.value
        for p, ns in _BY_LENGTH:
            if v.startswith(ns):
                return f"{p}:{v[len(ns):]}"
        return f"<{v}>"
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def display_width(s: str) -> int:
    """Terminal columns of `s` (Chinese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, w: int) -> str:
    return s + " " * (w - display_width(s))


def format_results(result, fmt: str = "table") -> str:  # noqa: ANN001, C901
    """Render a query result (solutions, boolean or triples) in `fmt`."""
    if isinstance(result, (bool, ox.QueryBoolean)):
        result = bool(result)
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result}) + "\n"
        return ("true" if result else "false") + "\n"
    if isinstance(result, ox.QueryTriples):
        return ox.serialize(result, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    variables = [v.value for v in result.variables]
    if fmt in ("csv", "tsv", "json"):
        rf = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV, "json": ox.QueryResultsFormat.JSON}[fmt]
        buf = io.BytesIO()
        result.serialize(buf, format=rf)
        return buf.getvalue().decode("utf-8")
    rows = [[_short(sol[v]) for v in variables] for sol in result]
    widths = [max([display_width(v)] + [display_width(r[i]) for r in rows]) for i, v in enumerate(variables)]
    lines = [" | ".join(_pad(v, w) for v, w in zip(variables, widths)), "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(_pad(c, w) for c, w in zip(r, widths)) for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
