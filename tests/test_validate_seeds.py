"""The seed graph conforms to the SHACL shapes, and the same graph with an extractor's typical
mistake in it does not."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import RDF, Dataset, Literal, URIRef
from rdflib.namespace import ORG

from kg.rdf.namespace import ZW, ZWID
from kg.validate import validate


@pytest.fixture(scope="module")
def seed_quads(seed_store_path) -> bytes:  # noqa: ANN001
    from kg.store import Store

    with Store(seed_store_path, read_only=True) as s:
        return ox.serialize(s.quads(), format=ox.RdfFormat.N_QUADS)


def dataset(nquads: bytes) -> Dataset:
    ds = Dataset()
    ds.parse(data=nquads, format="nquads")
    return ds


def test_seed_graph_conforms(seed_quads: bytes) -> None:
    report = validate(dataset(seed_quads))
    assert report.conforms, report.text()


LI_YA = URIRef(ZWID + "person/李亚")
COMMITTEE = URIRef(ZWID + "org/洛阳市委")
SECRETARY = URIRef(ZWID + "post/洛阳市委书记")
ARTICLE = URIRef(ZWID + "article/000_db331fe8dac00418/3")


@pytest.mark.parametrize(
    "mistake,message",
    [
        # a person said to hold an organisation rather than a post in it
        ([(LI_YA, ORG.holds, COMMITTEE)], "must be a zw:Post"),
        # a post placed in a person
        ([(SECRETARY, ORG.postIn, LI_YA)], "must be a zw:Organization"),
        # a holding without the sentence it came from
        ([(URIRef(ZWID + "holding/张三/洛阳市委书记"), RDF.type, ZW.PostHolding),
          (URIRef(ZWID + "holding/张三/洛阳市委书记"), ZW.holder, LI_YA),
          (URIRef(ZWID + "holding/张三/洛阳市委书记"), ZW.heldPost, SECRETARY),
          (URIRef(ZWID + "holding/张三/洛阳市委书记"), URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), ARTICLE)],
         "zw:evidence"),
        # a person with two names
        ([(LI_YA, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("李 亚", lang="zh"))], "exactly one label"),
    ],
)
def test_broken_graph_is_caught(seed_quads: bytes, mistake: list, message: str) -> None:
    ds = dataset(seed_quads)
    g = ds.graph(ARTICLE)
    for t in mistake:
        g.add(t)
    report = validate(ds)
    assert not report.conforms
    assert message in report.text()
