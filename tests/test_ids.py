"""IRIs: deterministic, and valid whatever the label holds."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.rdf import ids
from kg.records import Entity


@pytest.mark.parametrize(
    "entity,iri",
    [
        (Entity("person", "李亚"), "https://w3id.org/zhengwu-kg/id/person/李亚"),
        (Entity("org", "洛阳市委组织部"), "https://w3id.org/zhengwu-kg/id/org/洛阳市委组织部"),
        (Entity("document", "中国共产党党组工作条例（试行）"), "https://w3id.org/zhengwu-kg/id/document/中国共产党党组工作条例（试行）"),
        (Entity("org", "特富特电磁科技(洛阳)有限公司"), "https://w3id.org/zhengwu-kg/id/org/特富特电磁科技(洛阳)有限公司"),
        (Entity("person", "徐凤胜 周奎文/图"), "https://w3id.org/zhengwu-kg/id/person/徐凤胜%20周奎文%2F图"),
        (Entity("article", "000_db331fe8dac00418/3"), "https://w3id.org/zhengwu-kg/id/article/000_db331fe8dac00418/3"),
    ],
)
def test_entity_iris(entity: Entity, iri: str) -> None:
    assert ids.entity_iri(entity) == iri


@given(st.text(min_size=1, max_size=30))
def test_any_label_gives_a_valid_iri(label: str) -> None:
    iri = ids.entity_iri(Entity("org", label))
    ox.NamedNode(iri)  # raises on an invalid IRI
    assert iri == ids.entity_iri(Entity("org", label))
