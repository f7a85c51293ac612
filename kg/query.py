"""SPARQL through `kg query`: the contract's prefixes pre-declared, results in four formats.

Table output is for people; csv/tsv/json follow the W3C SPARQL 1.1 result formats so other tools
read them. Named queries live in ontology/queries/*.rq, each opening with a `# description` line.
"""
from __future__ import annotations

import io
import json
import re
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
            if desc:  # the description line, in the query text too (the query page shows it)
                text = text.replace(first, "# " + users_form(desc), 1)
            out[p.stem] = NamedQuery(p.stem, users_form(desc), text)
    return out


_PYOXIGRAPH_BIND = re.compile(r'\(?pyoxigraph substitutions=\{Variable\("(\w+)"\): NamedNode\("([^"]+)"\)\}\)?')


def users_form(description: str) -> str:
    """A description as `kg query` users type it: `(pyoxigraph substitutions={Variable("person"):
    NamedNode("https://…/person/李亚")})` becomes `(--bind person=zwid:person/李亚)`."""
    return _PYOXIGRAPH_BIND.sub(lambda m: f"(--bind {m.group(1)}={_short(ox.NamedNode(m.group(2)))})", description)


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


# -- what is checked before the parser sees a query ---------------------------------------------

MAX_DEPTH = 256
"""Brackets `{ ( [` open at once (as `kg serve` counts them). Oxigraph's parser and evaluator
recurse once per level and crashed the process (segfault, no message) at ~2,200 braces or ~4,600
parentheses; real queries stay under 20."""
MAX_PARTS = 1000
"""Operators (`&& || + - * / |`), separators (`. ; ,` between patterns), `{`/`[` groups and
clauses (UNION OPTIONAL MINUS FILTER BIND GRAPH SERVICE VALUES EXISTS) in one query. Each is a
level of the algebra tree the engine walks recursively: 2,500 BINDs or 6,500 UNIONs crashed it.
Both limits at once (254 braces around 740 BINDs) run in an 8 MB stack, in a thread as well."""

UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
_CLAUSES = frozenset({"UNION", "OPTIONAL", "MINUS", "FILTER", "BIND", "GRAPH", "SERVICE", "VALUES", "EXISTS"})
_STRING = "|".join([r'"""(?:[^"\\]|\\.|"(?!""))*"""', r"'''(?:[^'\\]|\\.|'(?!''))*'''",
                     r'"(?:[^"\\\n]|\\.)*"', r"'(?:[^'\\\n]|\\.)*'"])
_SCAN = (r"(?P<ws>\s+)|(?P<comment>\#[^\n]*)|(?P<string>" + _STRING + ")"
         + "{iri}"
         + r"|(?P<var>[?$]\w+)"
         + r"|(?P<name>[\w:](?:[\w\-.:%\u00B7]|\\\S)*(?<!\.))"
         + r"|(?P<op>&&|\|\||\^\^|[{}()\[\].,;+\-*/|])"
         + r"|(?P<other>.)")
_TOKENS = re.compile(_SCAN.replace("{iri}", r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'), re.S)
_TOKENS_NO_IRI = re.compile(_SCAN.replace("{iri}", ""), re.S)  # every `<` an operator: brackets inside count
_OPEN, _CLOSE = "{([", "})]"
_INSTANCE_TAIL = re.compile(r"""[^\s<>"{}|^`\\#?\[\],;=!&'*+]+""")


class QueryTooComplex(QueryError):
    """A query nested deeper, or with more parts, than the engine can take without crashing.

    Raised before parsing (`check_complexity`), so `kg query` says so in one line and `kg serve`
    can answer 400 instead of losing a worker."""


def check_complexity(sparql: str, label: str = "query", *, max_depth: int = MAX_DEPTH,
                     max_parts: int = MAX_PARTS) -> None:
    """Refuse (QueryTooComplex) a query whose brackets nest deeper than `max_depth`, or that has
    more than `max_parts` operators, pattern separators, groups and clauses; linear in its length.

    Strings and comments are skipped; the depth is counted both with `<…>` read as IRIs and with
    every `<` read as an operator, so brackets hidden in what looks like an IRI count too.

    >>> check_complexity("SELECT * WHERE { ?s ?p ?o FILTER(((?o))) }")
    >>> check_complexity("SELECT * WHERE " + "{" * 500 + "}" * 500)  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    kg.query.QueryTooComplex: query: brackets nested more than 256 deep (line 1, column 272); kg accepts at most 256
    """
    for pattern in (_TOKENS, _TOKENS_NO_IRI):
        depth = parts = 0
        stack: list[str] = []
        for m in pattern.finditer(sparql):
            kind, tok = m.lastgroup, m.group()
            if kind == "op":
                if tok in _OPEN:
                    depth += 1
                    if depth > max_depth:
                        line, col = _where(sparql, m.start())
                        raise QueryTooComplex(f"{label}: brackets nested more than {max_depth} deep (line {line}, "
                                              f"column {col}); kg accepts at most {max_depth}")
                    stack.append(tok)
                    parts += tok != "("
                elif tok in _CLOSE:
                    depth = max(depth - 1, 0)
                    if stack:
                        stack.pop()
                elif tok in ".,;":  # between patterns, not between a function's arguments
                    parts += bool(stack) and stack[-1] != "("
                elif tok != "^^":
                    parts += 1
            elif kind == "name" and tok.upper() in _CLAUSES:
                parts += 1
            if parts > max_parts:
                raise QueryTooComplex(f"{label}: more than {max_parts} operators, patterns and clauses; kg accepts "
                                      f"at most {max_parts} in one query (split it, or use VALUES for long lists)")


def _where(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset`."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def prepare(sparql: str, label: str = "query") -> str:
    """What `kg query` checks before parsing, and the text it then parses.

    Refuses (QueryError, one line) a query too deep or too long (`check_complexity`), an update
    (the store is read-only here), and a prefix nobody declared (which would otherwise read as a
    parser error listing code points). Rewrites the contract's instance notation
    `zwid:person/李亚` (not a SPARQL prefixed name: `/` must be escaped) to the full IRI.

    >>> prepare("ASK { zwid:person/李亚 a zw:Person }")
    'ASK { <https://w3id.org/zhengwu-kg/id/person/李亚> a zw:Person }'
    """
    check_complexity(sparql, label)
    declared = dict(PREFIXES)
    out: list[str] = []
    last = 0
    expecting = ""  # in the prologue: "name" or "iri" of a PREFIX, "base" for BASE's IRI
    pname: str | None = None
    first = True
    unknown: list[str] = []
    for m in _TOKENS.finditer(sparql):
        kind, tok = m.lastgroup, m.group()
        if kind in ("ws", "comment"):
            continue
        if expecting == "name":
            expecting, pname = "iri", (tok[:-1] if kind == "name" and tok.endswith(":") else None)
            continue
        if expecting:
            if expecting == "iri" and kind == "iri" and pname is not None:
                declared[pname] = tok[1:-1]
            expecting = ""
            continue
        if kind == "name" and tok.upper() in ("PREFIX", "BASE"):
            expecting = "name" if tok.upper() == "PREFIX" else "base"
            continue
        if first:
            first = False
            if kind == "name" and tok.upper() in UPDATE_WORDS:
                raise QueryError(
                    f"{label}: {tok.upper()} would change the graph, and the store is read-only through `kg query`; "
                    "the graph comes from the texts: `kg build FILE…` adds or rebuilds files, "
                    "`kg remove FILE…` drops a file's articles")
        if kind != "name" or ":" not in tok:
            continue
        prefix, _, local = tok.partition(":")
        if prefix == "_":  # a blank node label
            continue
        if prefix not in declared:
            if prefix not in unknown:
                unknown.append(prefix)
        elif declared[prefix] == PREFIXES["zwid"]:
            tail = _instance_tail(sparql, m.end())
            if tail:
                out += [sparql[last:m.start()], f"<{declared[prefix]}{local}{tail}>"]
                last = m.end() + len(tail)
    if unknown:
        names = ", ".join(f"{p}:" for p in unknown)
        raise QueryError(f"{label}: unknown prefix {names} (declared: {' '.join(p + ':' for p in declared)}); "
                         f"add PREFIX {unknown[0]}: <…> to the query, or write the full IRI in <…>")
    return "".join(out) + sparql[last:] if out else sparql


def _instance_tail(text: str, at: int) -> str:
    """After `zwid:person`, the `/李亚` that makes it an instance IRI (parentheses only if balanced,
    no final `.`); empty if the name does not go on with `/`."""
    if not text.startswith("/", at):
        return ""
    m = _INSTANCE_TAIL.match(text, at)
    tail = m.group() if m else ""
    depth = 0
    for i, ch in enumerate(tail):  # `FILTER(?p = zwid:person/李亚)`: that `)` is not the name's
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            tail = tail[:i]
            break
    tail = tail.rstrip(".")
    return tail if len(tail) > 1 else ""


_EXPECTED = re.compile(r"expected one of .*$")


def explain_syntax(e: BaseException, sparql: str) -> str:
    """The parser's message as one readable line: where, and the text there, instead of the
    character classes it expected (`['\\u{00C0}'..='\\u{00D6}' | …]`)."""
    msg = one_line(e)
    if "\\u{" in msg or len(msg) > 300:
        msg = " ".join(_EXPECTED.sub("unexpected text", msg).split())[:200]
    at = re.search(r"error at (\d+):(\d+)", msg)
    if at:
        line, col = int(at.group(1)), int(at.group(2))
        lines = sparql.splitlines() or [""]
        if 1 <= line <= len(lines):
            text = lines[line - 1]
            i = len(text.encode("utf-8")[:max(col - 1, 0)].decode("utf-8", "ignore"))  # the column counts bytes
            near = text[max(i - 15, 0):i + 15].strip()
            msg += f" (near {near!r})" if near else ""
    return msg


def run(store: Store, sparql: str, *, label: str = "query", substitutions=None):  # noqa: ANN001
    """Evaluate `sparql` after `prepare`; a syntax or evaluation error becomes a one-line QueryError
    naming `label`."""
    sparql = prepare(sparql, label)
    try:
        return store.query(sparql, substitutions=substitutions)
    except SyntaxError as e:
        raise QueryError(f"{label}: malformed SPARQL: {explain_syntax(e, sparql)}") from None
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


def format_results(result, fmt: str = "table", *, label: str = "query") -> str:  # noqa: ANN001, C901
    """Render a query result (solutions, boolean or triples) in `fmt`, ending with a newline.

    Triples (CONSTRUCT, DESCRIBE) are N-Triples, in the table format only (UsageError otherwise)."""
    if isinstance(result, (bool, ox.QueryBoolean)):
        result = bool(result)
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result}) + "\n"
        return ("true" if result else "false") + "\n"
    if isinstance(result, ox.QueryTriples):
        if fmt != "table":  # a table format would silently hold N-Triples instead
            raise UsageError(f"{label}: a CONSTRUCT or DESCRIBE query gives triples, not rows, so --format {fmt} "
                             "cannot hold them; leave --format out (N-Triples), or use SELECT")
        return ox.serialize(result, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    variables = [v.value for v in result.variables]
    if fmt in ("csv", "tsv", "json"):
        rf = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV, "json": ox.QueryResultsFormat.JSON}[fmt]
        buf = io.BytesIO()
        result.serialize(buf, format=rf)
        text = buf.getvalue().decode("utf-8")
        return text if text.endswith("\n") else text + "\n"  # JSON ends without one: a shell prompt would follow it
    rows = [[_short(sol[v]) for v in variables] for sol in result]
    widths = [max([display_width(v)] + [display_width(r[i]) for r in rows]) for i, v in enumerate(variables)]
    lines = [" | ".join(_pad(v, w) for v, w in zip(variables, widths)), "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(_pad(c, w) for c, w in zip(r, widths)) for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
