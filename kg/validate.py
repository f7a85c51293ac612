"""Check a graph against the SHACL shapes of ontology/shapes.ttl.

`validate()` runs pyshacl with RDFS inference over the class hierarchy of
ontology/zhengwu.ttl, so a `zw:PartyOrganization` passes `sh:class zw:Organization`.
Only `rdfs:subClassOf`/`rdfs:subPropertyOf` take part in inference: `rdfs:domain` and
`rdfs:range` are left out (also when the data graph carries the ontology, as the
store's union does), because a range such as `zw:adopted rdfs:range zw:PolicyDocument`
would make any object of `zw:adopted` a document and every type check would pass.
The shapes therefore check what the assembler asserted.

Where the files come from: `kg.paths.ontology_dir()`, the repository's ontology/ in a
checkout or editable install, or the copy a wheel packs inside the package (made at build
time from the same files, so it cannot drift). A missing file is a KgError that says to
pass `shapes_path=` / `ontology_path=`.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from pyshacl import validate as _pyshacl_validate
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph, Dataset
from rdflib.namespace import SH, XSD
from rdflib.paths import AlternativePath, InvPath, MulPath, Path as RdfPath, SequencePath
from rdflib.term import Node

from kg.errors import KgError
from kg.rdf.namespace import PREFIXES
from kg.paths import ontology_dir

__all__ = [
    "ValidationReport",
    "Violation",
    "find_ontology_file",
    "shorten",
    "validate",
]

ONTOLOGY_DIR = ontology_dir()

# The only ontology axioms inference may use (see the module docstring).
_HIERARCHY = (RDFS.subClassOf, RDFS.subPropertyOf)
_INFERENCE_BLIND = (RDFS.domain, RDFS.range)

# Results of these components carry no value; the report counts the values instead.
_COUNTED = (SH.MinCountConstraintComponent, SH.MaxCountConstraintComponent)

# Longest namespace first, so zwid: wins over a shorter prefix of the same IRI.
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: (-len(item[1]), item[0]))


class Violation(NamedTuple):
    """One SHACL result: which node, along which path, what is wrong, how bad.

    `path` is a predicate IRI, an rdflib property path (e.g. `~ORG.holds`) or None
    when the shape constrains the node itself; `severity` is "Violation", "Warning"
    or "Info".
    """

    focus: Node
    path: URIRef | RdfPath | None
    message: str
    severity: str

    def text(self) -> str:
        """One line: `zwid:person/李亚  rdfs:label  Every person needs …`."""
        line = f"{shorten(self.focus)}  {_path_text(self.path)}  {self.message}"
        return line if self.severity == "Violation" else f"{line}  [{self.severity}]"


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """The outcome of `validate()`; violations are sorted so reports diff cleanly."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def text(self) -> str:
        """A readable report, one violation per line."""
        if not self.violations:
            return "Conforms: no violations."
        return "\n".join(v.text() for v in self.violations)


def find_ontology_file(name: str) -> Path:
    """ontology/<name> of the source tree, or a KgError that says how to point at it."""
    path = ONTOLOGY_DIR / name
    if not path.is_file():
        raise KgError(
            f"{path}: not found; kg looks for ontology/ next to the kg package or packed inside it "
            "(reinstall kg, or pass shapes_path=/ontology_path=)"
        )
    return path


def validate(
    data_graph: Graph,
    *,
    shapes_path: str | Path | None = None,
    ontology_path: str | Path | None = None,
) -> ValidationReport:
    """Validate `data_graph` (a Graph, or a Dataset taken as the union of its graphs).

    `shapes_path` and `ontology_path` default to ontology/shapes.ttl and
    ontology/zhengwu.ttl. `data_graph` is not modified.
    """
    shapes = _parse(Path(shapes_path) if shapes_path else find_ontology_file("shapes.ttl"))
    ontology = _parse(Path(ontology_path) if ontology_path else find_ontology_file("zhengwu.ttl"))

    hierarchy = Graph()
    for predicate in _HIERARCHY:
        for s, o in ontology.subject_objects(predicate):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                hierarchy.add((s, predicate, o))

    # Our own copy, so inference can run in place and domain/range never reach it.
    working = Graph()
    for s, p, o in _union_triples(data_graph):
        if p not in _INFERENCE_BLIND:
            working.add((s, p, _plain(o)))

    conforms, results, _ = _pyshacl_validate(
        working,
        shacl_graph=shapes,
        ont_graph=hierarchy,
        inference="rdfs",
        inplace=True,
    )
    # A value that breaks two constraints sharing one message is reported once.
    violations = sorted(
        {_violation(results, r, working) for r in results.subjects(RDF.type, SH.ValidationResult)},
        key=lambda v: (shorten(v.focus), _path_text(v.path), v.message, v.severity),
    )
    return ValidationReport(conforms=bool(conforms), violations=violations)


def shorten(node: Node | None) -> str:
    """An IRI as prefix:local by PREFIXES, a literal in Turtle form, '-' for None.

    >>> shorten(URIRef("https://w3id.org/zhengwu-kg/id/person/李亚"))
    'zwid:person/李亚'
    """
    if node is None:
        return "-"
    if isinstance(node, URIRef):
        iri = str(node)
        for prefix, namespace in _BY_LENGTH:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace):]}"
        return f"<{iri}>"
    if isinstance(node, Literal):
        lexical = '"' + str(node).replace("\\", "\\\\").replace('"', '\\"') + '"'
        if node.language:
            return f"{lexical}@{node.language}"
        if node.datatype is not None and node.datatype != XSD.string:
            return f"{lexical}^^{shorten(node.datatype)}"
        return lexical
    return node.n3() if hasattr(node, "n3") else str(node)


def _parse(path: Path) -> Graph:
    """Parse a Turtle file, naming it in the error if it is missing or malformed."""
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError as exc:
        raise KgError(f"{path}: not found") from exc
    except Exception as exc:  # rdflib's parsers raise assorted types
        raise KgError(f"{path}: cannot parse Turtle: {exc}") from exc
    return graph


def _union_triples(graph: Graph) -> Iterator[tuple[Node, Node, Node]]:
    """Every triple of `graph`; for a Dataset, of all its named graphs together."""
    if isinstance(graph, (Dataset, ConjunctiveGraph)):
        for s, p, o, _ in graph.quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from graph.triples((None, None, None))


def _plain(node: Node) -> Node:
    """"x"^^xsd:string as the plain literal "x".

    RDF 1.1 makes them one term, rdflib does not: a graph read through oxrdflib has
    typed strings, the shapes have plain ones, and `sh:in ("news" …)` would reject
    every article.
    """
    if isinstance(node, Literal) and node.datatype == XSD.string:
        return Literal(str(node))
    return node


def _violation(results: Graph, result: Node, data: Graph) -> Violation:
    """Turn one sh:ValidationResult into a Violation, saying what was found.

    SHACL gives the offending value for most constraints but nothing for a broken
    cardinality, so for sh:minCount/sh:maxCount the values on the path are counted
    in `data`: "Every person needs exactly one label (found 2)".
    """
    focus = results.value(result, SH.focusNode)
    value = results.value(result, SH.value)
    path_node = results.value(result, SH.resultPath)
    path = _path(results, path_node) if path_node is not None else None
    messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
    message = "; ".join(messages) or "fails " + shorten(results.value(result, SH.sourceShape))
    component = results.value(result, SH.sourceConstraintComponent)
    if component in _COUNTED and path is not None:
        message = f"{message} (found {len(set(data.objects(focus, path)))})"
    elif value is not None and value != focus:
        message = f"{message} (found {shorten(value)})"
    severity = results.value(result, SH.resultSeverity)
    severity_name = str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation"
    return Violation(focus, path, message, severity_name)


def _path(graph: Graph, node: Node) -> URIRef | RdfPath:
    """A SHACL path node as an rdflib path (https://www.w3.org/TR/shacl/#property-paths)."""
    if isinstance(node, URIRef):
        return node
    if (inverse := graph.value(node, SH.inversePath)) is not None:
        return InvPath(_path(graph, inverse))
    if (alternatives := graph.value(node, SH.alternativePath)) is not None:
        return AlternativePath(*(_path(graph, n) for n in graph.items(alternatives)))
    for predicate, modifier in (
        (SH.zeroOrMorePath, "*"),
        (SH.oneOrMorePath, "+"),
        (SH.zeroOrOnePath, "?"),
    ):
        if (inner := graph.value(node, predicate)) is not None:
            return MulPath(_path(graph, inner), modifier)
    if isinstance(node, BNode) and graph.value(node, RDF.first) is not None:
        return SequencePath(*(_path(graph, n) for n in graph.items(node)))
    raise KgError(f"unsupported SHACL path in the validation report: {node!r}")


def _path_text(path: URIRef | RdfPath | None) -> str:
    """A path in SPARQL syntax with prefixed names."""
    if path is None:
        return "-"
    if isinstance(path, URIRef):
        return shorten(path)
    if isinstance(path, InvPath):
        return "^" + _path_text(path.arg)
    if isinstance(path, MulPath):
        return _path_text(path.path) + path.mod
    if isinstance(path, SequencePath):
        return "/".join(_path_text(p) for p in path.args)
    if isinstance(path, AlternativePath):
        return "(" + "|".join(_path_text(p) for p in path.args) + ")"
    return str(path)


def union_graph(store) -> Graph:  # noqa: ANN001
    """A store's union as an rdflib Graph (what pyshacl validates)."""
    import pyoxigraph as ox

    data = ox.serialize(store.union_triples(), format=ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=data, format="nt")
